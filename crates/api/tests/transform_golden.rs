//! End-to-end golden conversions: whole conversations in Anthropic's shape, as the history stores
//! them, read through the public API and converted to the OpenAI messages the proxy receives.

// The shared helper below is not itself a `#[test]`, so clippy's test exemption does not reach
// it; an unwrap failing there is the test failing, which is what it should do.
#![allow(
    clippy::unwrap_used,
    reason = "a failed unwrap in a test helper fails the test"
)]

use roo_api::messages::MessageParam;
use roo_api::transform::openai_format::convert_to_openai_messages;
use serde_json::{Value, json};

/// Parses `input` as Anthropic messages, converts it and compares the result as JSON.
fn assert_converts(system_prompt: &str, input: &Value, expected: &Value) {
    let messages: Vec<MessageParam> = serde_json::from_value(input.clone()).unwrap();
    let converted =
        serde_json::to_value(convert_to_openai_messages(system_prompt, &messages)).unwrap();
    assert_eq!(
        &converted,
        expected,
        "\nconverted: {}\nexpected:  {}",
        serde_json::to_string_pretty(&converted).unwrap(),
        serde_json::to_string_pretty(expected).unwrap()
    );
}

#[test]
fn a_plain_chat() {
    assert_converts(
        "You are Roo.",
        &json!([
            {"role": "user", "content": "What is Rust?"},
            {"role": "assistant", "content": [{"type": "text", "text": "A systems language."}]},
            {"role": "user", "content": [{"type": "text", "text": "Thanks!"}]}
        ]),
        &json!([
            {"role": "system", "content": "You are Roo."},
            {"role": "user", "content": "What is Rust?"},
            {"role": "assistant", "content": "A systems language."},
            {"role": "user", "content": "Thanks!"}
        ]),
    );
}

#[test]
fn an_agentic_turn_with_tools_images_and_feedback() {
    assert_converts(
        "You are Roo.",
        &json!([
            {"role": "user", "content": [
                {"type": "text", "text": "Fix the layout."},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}
            ]},
            {"role": "assistant", "content": [
                {"type": "text", "text": "Let me look."},
                {"type": "tool_use", "id": "toolu_01", "name": "read_file", "input": {"path": "src/App.tsx"}},
                {"type": "tool_use", "id": "toolu_02", "name": "browser_action", "input": {"action": "screenshot"}}
            ]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_01", "content": [{"type": "text", "text": "export default App;"}]},
                {"type": "tool_result", "tool_use_id": "toolu_02", "content": [
                    {"type": "text", "text": "Screenshot taken."},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/webp", "data": "UklGR"}}
                ]},
                {"type": "text", "text": "The header overlaps."}
            ]},
            {"role": "assistant", "content": [
                {"type": "tool_use", "id": "toolu_03", "name": "write_to_file", "input": {"path": "src/App.css", "content": "header { z-index: 1; }\n"}}
            ]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_03", "is_error": true, "content": "Permission denied"}
            ]}
        ]),
        &json!([
            {"role": "system", "content": "You are Roo."},
            {"role": "user", "content": [
                {"type": "text", "text": "Fix the layout."},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
            ]},
            {"role": "assistant", "content": "Let me look.", "tool_calls": [
                {"id": "toolu_01", "type": "function", "function": {"name": "read_file", "arguments": "{\"path\":\"src/App.tsx\"}"}},
                {"id": "toolu_02", "type": "function", "function": {"name": "browser_action", "arguments": "{\"action\":\"screenshot\"}"}}
            ]},
            {"role": "tool", "tool_call_id": "toolu_01", "content": "export default App;"},
            {"role": "tool", "tool_call_id": "toolu_02", "content": "Screenshot taken.\n(image in the next user message)"},
            {"role": "user", "content": [
                {"type": "image_url", "image_url": {"url": "data:image/webp;base64,UklGR"}}
            ]},
            {"role": "user", "content": "The header overlaps."},
            {"role": "assistant", "content": null, "tool_calls": [
                {"id": "toolu_03", "type": "function", "function": {"name": "write_to_file", "arguments": "{\"content\":\"header { z-index: 1; }\\n\",\"path\":\"src/App.css\"}"}}
            ]},
            {"role": "tool", "tool_call_id": "toolu_03", "content": "Error: Permission denied"}
        ]),
    );
}

#[test]
fn a_truncated_history_is_repaired_into_a_sendable_one() {
    // The first assistant message (with the call `toolu_old`) was dropped by truncation, and the
    // last call was cancelled before it answered.
    assert_converts(
        "",
        &json!([
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_old", "content": "old output"},
                {"type": "text", "text": "continue"}
            ]},
            {"role": "assistant", "content": [
                {"type": "thinking", "thinking": "private", "signature": "sig"},
                {"type": "tool_use", "id": "toolu_new", "name": "execute_command", "input": {"command": "cargo test"}}
            ]}
        ]),
        &json!([
            {"role": "user", "content": "Result of tool call toolu_old:\nold output\ncontinue"},
            {"role": "assistant", "content": null, "tool_calls": [
                {"id": "toolu_new", "type": "function", "function": {"name": "execute_command", "arguments": "{\"command\":\"cargo test\"}"}}
            ]},
            {"role": "tool", "tool_call_id": "toolu_new", "content": "(no result: the tool call was interrupted before it answered)"}
        ]),
    );
}
