//! The assembler's rules, one odd input at a time; the property tests over any split of recorded
//! streams are in `tests/agent_tool_call_assembly.rs`.

use serde_json::json;

use super::*;

fn assemble(deltas: &[Value]) -> Vec<AssembledToolCall> {
    let mut assembler = ToolCallAssembler::new();
    for delta in deltas {
        assembler.push_tool_calls(delta);
    }
    assembler.finish()
}

fn call(id: &str, name: &str, arguments: &str) -> AssembledToolCall {
    AssembledToolCall {
        id: id.into(),
        name: name.into(),
        arguments: arguments.into(),
    }
}

#[test]
fn openai_shaped_interleaved_calls_come_out_in_index_order() {
    let calls = assemble(&[
        json!([{"index": 1, "id": "b", "type": "function", "function": {"name": "list_files", "arguments": ""}}]),
        json!([{"index": 0, "id": "a", "type": "function", "function": {"name": "read_file", "arguments": ""}}]),
        json!([{"index": 1, "function": {"arguments": "{\"path\":"}}]),
        json!([{"index": 0, "function": {"arguments": "{\"pa"}}]),
        json!([{"index": 0, "function": {"arguments": "th\":\"x\\u00"}}, {"index": 1, "function": {"arguments": "\".\"}"}}]),
        json!([{"index": 0, "function": {"arguments": "e9\"}"}}]),
    ]);
    assert_eq!(
        calls,
        [
            call("a", "read_file", r#"{"path":"x\u00e9"}"#),
            call("b", "list_files", r#"{"path":"."}"#),
        ]
    );
}

#[test]
fn a_call_without_an_id_gets_a_stable_unique_one() {
    let calls = assemble(&[
        json!([{"index": 0, "function": {"name": "read_file", "arguments": "{}"}}]),
        json!([{"index": 1, "id": "call_0", "function": {"name": "list_files", "arguments": "{}"}}]),
    ]);
    assert_eq!(
        calls[0].id, "call_0_2",
        "the provider's own call_0 is kept for its call"
    );
    assert_eq!(calls[1].id, "call_0");
    let again = assemble(&[json!([{"index": 3, "function": {"name": "x", "arguments": ""}}])]);
    assert_eq!(again[0].id, "call_3");
}

#[test]
fn a_repeated_index_with_a_new_id_is_a_new_call() {
    let calls = assemble(&[
        json!([{"index": 0, "id": "a", "function": {"name": "read_file", "arguments": "{\"path\":\"1\"}"}}]),
        json!([{"index": 0, "id": "b", "function": {"name": "read_file", "arguments": "{\"path\":"}}]),
        json!([{"index": 0, "function": {"arguments": "\"2\"}"}}]),
        json!([{"index": 0, "id": "b", "function": {"arguments": ""}}]),
    ]);
    assert_eq!(
        calls,
        [
            call("a", "read_file", r#"{"path":"1"}"#),
            call("b", "read_file", r#"{"path":"2"}"#),
        ]
    );
}

#[test]
fn a_name_split_across_deltas_is_joined_and_a_repeated_name_is_not_doubled() {
    let split = assemble(&[
        json!([{"index": 0, "id": "a", "function": {"name": "read_", "arguments": ""}}]),
        json!([{"index": 0, "function": {"name": "file", "arguments": "{}"}}]),
    ]);
    assert_eq!(split, [call("a", "read_file", "{}")]);
    let repeated = assemble(&[
        json!([{"index": 0, "id": "a", "function": {"name": "read_file", "arguments": "{"}}]),
        json!([{"index": 0, "id": "a", "function": {"name": "read_file", "arguments": "}"}}]),
    ]);
    assert_eq!(repeated, [call("a", "read_file", "{}")]);
}

#[test]
fn deltas_without_an_index_follow_their_id_or_the_last_call() {
    let calls = assemble(&[
        json!({"id": "a", "function": {"name": "read_file", "arguments": "{\"path\""}}),
        json!({"function": {"arguments": ":\"x\"}"}}),
        json!({"id": "b", "function": {"name": "list_files", "arguments": "{}"}}),
    ]);
    assert_eq!(
        calls,
        [
            call("a", "read_file", r#"{"path":"x"}"#),
            call("b", "list_files", "{}"),
        ]
    );
}

#[test]
fn odd_values_are_ignored_without_panicking() {
    let calls = assemble(&[
        json!(null),
        json!("text"),
        json!(42),
        json!([null, 1, "x", [], {"index": "zero"}]),
        json!([{"index": -1, "id": 7, "function": "read_file"}]),
        json!([{"index": u64::MAX, "id": "big", "function": {"name": "x", "arguments": {"a": 1}}}]),
    ]);
    // `{"index": "zero"}` and the negative index have no usable index: they make one call
    // (the second continues the first, the last touched).
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].id, "call_0");
    assert_eq!(calls[0].name, "");
    assert_eq!(calls[1], call("big", "x", r#"{"a":1}"#));
}

#[test]
fn push_chunk_reads_the_first_choice_only_and_ignores_text() {
    let mut assembler = ToolCallAssembler::new();
    assembler.push_chunk(&json!({"choices": [{"index": 0, "delta": {"content": "Let me look."}}]}));
    assert!(assembler.is_empty());
    assembler.push_chunk(&json!({"choices": [
        {"index": 1, "delta": {"tool_calls": [{"index": 0, "id": "other", "function": {"name": "x"}}]}},
        {"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "a", "function": {"name": "read_file", "arguments": "{}"}}]}}
    ]}));
    assembler.push_chunk(
        &json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}),
    );
    assembler.push_chunk(&json!({"choices": [], "usage": {"prompt_tokens": 3}}));
    assembler.push_chunk(&json!("[DONE]"));
    assert_eq!(assembler.finish(), [call("a", "read_file", "{}")]);
}
