//! Fuzzes the message transform with the checks in `roo_api::fuzz_checks::message_transform`:
//! arbitrary JSON read as Anthropic-style messages, converted to OpenAI messages, serialized and
//! counted with the tokenizer, without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| roo_api::fuzz_checks::message_transform(data));
