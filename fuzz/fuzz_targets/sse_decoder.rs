//! Fuzzes the SSE decoder with the checks in `roo_api::fuzz_checks::sse_decoder`: arbitrary bytes
//! split at arbitrary points must never panic, and the split must never change the events.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| roo_api::fuzz_checks::sse_decoder(data));
