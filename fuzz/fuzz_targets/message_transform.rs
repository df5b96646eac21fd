//! Fuzzes the message transform: arbitrary JSON (as the history or the webview could hand over)
//! read as Anthropic-style `MessageParam`s, converted to OpenAI messages, serialized and counted
//! with the tokenizer. None of it may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roo_api::MessageParam;
use roo_api::transform::openai_format::convert_to_openai_messages;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (system, json) = text.split_once('\u{1}').unwrap_or(("", text));
    let messages: Vec<MessageParam> = match serde_json::from_str::<Vec<MessageParam>>(json) {
        Ok(messages) => messages,
        Err(_) => match serde_json::from_str::<MessageParam>(json) {
            Ok(message) => vec![message],
            Err(_) => return,
        },
    };
    let converted = convert_to_openai_messages(system, &messages);
    let _ = serde_json::to_string(&converted);
    let _ = roo_api::tokens::count_message_tokens(system, &messages);
});
