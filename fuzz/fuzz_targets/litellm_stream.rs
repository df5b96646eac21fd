//! Fuzzes the LiteLLM stream decoder with the checks in `roo_api::fuzz_checks::litellm_stream`:
//! raw or line-framed bodies must never panic, end with at most one error and nothing after it,
//! never leak the key, and decode to the same reply however they are split.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| roo_api::fuzz_checks::litellm_stream(data));
