//! Fuzzes what reads model information with the checks in `roo_api::fuzz_checks::model_info`:
//! the proxy's discovery answers and hand-edited settings, then a handler and a request built
//! from them, whose `max_tokens` must be the reserve its context usage reports.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| roo_api::fuzz_checks::model_info(data));
