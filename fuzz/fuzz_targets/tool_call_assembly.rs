//! Fuzzes the agent's tool-call assembly with the checks in
//! `roo_api::agent::fuzz_check::tool_call_assembly`: arbitrary deltas must never panic, every
//! call must get an id, and splitting any delta's arguments must not change the calls.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| roo_api::agent::fuzz_check::tool_call_assembly(data));
