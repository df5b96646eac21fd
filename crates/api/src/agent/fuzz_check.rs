//! The check the `tool_call_assembly` fuzz target runs on one input, shared with
//! `tests/agent_fuzz_regressions.rs` so the fuzzer and `cargo test` check the same thing.
//! Compiled only with the `fuzz-checks` feature; it panics (through `assert!`) when a property
//! fails, which is what libFuzzer reports as a crash.

use serde_json::{Value, json};

use super::tool_call_assembly::{AssembledToolCall, ToolCallAssembler};

/// Tool-call assembly over arbitrary input: each line is a JSON value given to the assembler as a
/// `delta.tool_calls` (a line that is not JSON becomes a piece of arguments for the index its
/// length picks, so the fuzzer reaches continuations quickly). It must never panic, every call
/// must come out with an id, and splitting any delta's arguments in two (the second part sent as
/// a continuation delta) must not change the calls. The first byte picks where pieces split.
pub fn tool_call_assembly(data: &[u8]) {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let values: Vec<Value> = text
        .split('\n')
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(
                |_| json!([{"index": line.len() % 3, "function": {"arguments": line}}]),
            )
        })
        .collect();
    let whole = assemble(&values);
    let split_values: Vec<Value> = values
        .iter()
        .map(|value| split_deltas(value, split))
        .collect();
    let pieces = assemble(&split_values);
    assert_eq!(whole, pieces, "splitting arguments changed the calls");
    assert!(
        whole.iter().all(|call| !call.id.is_empty()),
        "a call without an id: {whole:?}"
    );
    // Whole chunks go through the same code; they must not panic either.
    let mut chunks = ToolCallAssembler::new();
    for value in &values {
        chunks.push_chunk(value);
        chunks.push_chunk(&json!({"choices": [{"delta": {"tool_calls": value}}]}));
    }
    let _ = chunks.finish();
}

fn assemble(values: &[Value]) -> Vec<AssembledToolCall> {
    let mut assembler = ToolCallAssembler::new();
    for value in values {
        assembler.push_tool_calls(value);
    }
    assembler.finish()
}

/// `value` with every delta whose arguments are a non-empty string split in two at the point
/// `split` picks: the delta with the first part, then `{index, function: {arguments: rest}}`.
fn split_deltas(value: &Value, split: u8) -> Value {
    let deltas = match value {
        Value::Array(deltas) => deltas.clone(),
        Value::Object(_) => vec![value.clone()],
        other => return other.clone(),
    };
    let mut out = Vec::with_capacity(deltas.len() * 2);
    for delta in deltas {
        let arguments = delta
            .get("function")
            .and_then(|function| function.get("arguments"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let Some(arguments) = arguments.filter(|arguments| !arguments.is_empty()) else {
            out.push(delta);
            continue;
        };
        let mut at = usize::from(split) * arguments.len() / 256;
        while !arguments.is_char_boundary(at) {
            at -= 1;
        }
        let mut first = delta.clone();
        first["function"]["arguments"] = Value::from(&arguments[..at]);
        let mut second = json!({"function": {"arguments": &arguments[at..]}});
        if let Some(index) = delta.get("index") {
            second["index"] = index.clone();
        }
        out.push(first);
        out.push(second);
    }
    Value::Array(out)
}
