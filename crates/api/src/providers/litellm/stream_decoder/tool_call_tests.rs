//! The decoder's handling of streamed tool calls, with the proxy's recorded sequence.

use super::*;
use crate::agent::AssembledToolCall;

fn decoder() -> LiteLlmStreamDecoder {
    LiteLlmStreamDecoder::new(ModelInfo::default(), None)
}

/// A frame in the proxy's shape with `delta` and, when given, a `finish_reason`.
fn frame(delta: &str, finish_reason: Option<&str>) -> String {
    let finish = finish_reason.map_or(String::new(), |reason| {
        format!(",\"finish_reason\":\"{reason}\"")
    });
    format!(
        "data: {{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1,\
         \"model\":\"gpt-4o-mini\",\"choices\":[{{\"index\":0,\"delta\":{delta}{finish}}}]}}\n\n"
    )
}

/// The first delta of a call, as the proxy passes it: id, type, name, empty arguments.
fn call_start(index: u32, id: &str, name: &str) -> String {
    frame(
        &format!(
            "{{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{{\"index\":{index},\
             \"id\":\"{id}\",\"type\":\"function\",\"function\":{{\"name\":\"{name}\",\
             \"arguments\":\"\"}}}}]}}"
        ),
        None,
    )
}

/// A later delta of a call: its index and a piece of the arguments' JSON text.
fn call_piece(index: u32, piece: &str) -> String {
    let piece = serde_json::to_string(piece).unwrap();
    frame(
        &format!(
            "{{\"tool_calls\":[{{\"index\":{index},\"function\":{{\"arguments\":{piece}}}}}]}}"
        ),
        None,
    )
}

const USAGE: &str = "data: {\"id\":\"chatcmpl-9\",\"choices\":[{\"index\":0,\"delta\":{}}],\
                     \"usage\":{\"prompt_tokens\":120,\"completion_tokens\":30,\
                     \"total_tokens\":150,\"cost\":0.0001}}\n\n";
const DONE: &str = "data: [DONE]\n\n";

/// The proxy's exact sequence for two interleaved calls after some text.
fn recorded_stream() -> String {
    [
        frame(
            "{\"role\":\"assistant\",\"content\":\"Let me look.\"}",
            None,
        ),
        call_start(0, "call_abc", "read_file"),
        call_start(1, "call_def", "list_files"),
        call_piece(0, "{\"pa"),
        call_piece(1, "{\"path\":\".\",\"recur"),
        call_piece(0, "th\":\"src/ma"),
        call_piece(1, "sive\":true}"),
        call_piece(0, "in.rs\"}"),
        frame("{}", Some("tool_calls")),
        USAGE.to_owned(),
        DONE.to_owned(),
    ]
    .concat()
}

fn expected_calls() -> Vec<AssembledToolCall> {
    vec![
        AssembledToolCall {
            id: "call_abc".into(),
            name: "read_file".into(),
            arguments: "{\"path\":\"src/main.rs\"}".into(),
        },
        AssembledToolCall {
            id: "call_def".into(),
            name: "list_files".into(),
            arguments: "{\"path\":\".\",\"recursive\":true}".into(),
        },
    ]
}

#[test]
fn the_proxys_sequence_yields_text_then_the_calls_once_then_usage() {
    let mut decoder = decoder();
    let mut chunks = decoder.push(recorded_stream().as_bytes());
    chunks.extend(decoder.finish());
    assert!(decoder.is_complete());
    assert_eq!(chunks.len(), 3, "{chunks:?}");
    assert_eq!(
        chunks[0],
        ApiStreamChunk::Text {
            text: "Let me look.".into()
        }
    );
    assert_eq!(
        chunks[1],
        ApiStreamChunk::ToolCalls {
            calls: expected_calls()
        }
    );
    let ApiStreamChunk::Usage(usage) = &chunks[2] else {
        panic!("the last chunk is the usage: {chunks:?}");
    };
    assert_eq!((usage.input_tokens, usage.output_tokens), (120, 30));
    assert!(!usage.estimated);
}

#[test]
fn any_split_of_the_bytes_yields_the_same_calls() {
    let stream = recorded_stream();
    let bytes = stream.as_bytes();
    for size in [1, 2, 3, 7, 13, 64] {
        let mut decoder = decoder();
        let mut chunks = Vec::new();
        for piece in bytes.chunks(size) {
            decoder.push_into(piece, &mut chunks);
        }
        chunks.extend(decoder.finish());
        let calls: Vec<_> = chunks
            .iter()
            .filter_map(|chunk| match chunk {
                ApiStreamChunk::ToolCalls { calls } => Some(calls.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(calls, vec![expected_calls()], "split into pieces of {size}");
    }
}

#[test]
fn a_reply_without_tool_calls_has_no_tool_calls_chunk() {
    let mut decoder = decoder();
    let stream = [
        frame("{\"content\":\"Hi\"}", None),
        frame("{\"content\":null,\"tool_calls\":null}", Some("stop")),
        USAGE.to_owned(),
        DONE.to_owned(),
    ]
    .concat();
    let chunks = decoder.push(stream.as_bytes());
    assert!(
        !chunks
            .iter()
            .any(|chunk| matches!(chunk, ApiStreamChunk::ToolCalls { .. })),
        "{chunks:?}"
    );
    assert_eq!(chunks.len(), 2);
}

#[test]
fn a_stream_cut_inside_a_call_emits_no_call_only_the_cut() {
    let mut decoder = decoder();
    let stream = [
        call_start(0, "call_abc", "write_to_file"),
        call_piece(0, "{\"pa"),
    ]
    .concat();
    let mut chunks = decoder.push(stream.as_bytes());
    chunks.extend(decoder.finish());
    assert!(
        !chunks
            .iter()
            .any(|chunk| matches!(chunk, ApiStreamChunk::ToolCalls { .. })),
        "{chunks:?}"
    );
    assert!(matches!(chunks.last(), Some(ApiStreamChunk::Error { .. })));
    // The call's tokens were spent, so the estimate counts them.
    assert!(matches!(
        chunks.first(),
        Some(ApiStreamChunk::Usage(Usage { estimated: true, output_tokens, .. })) if *output_tokens > 0
    ));
}

#[test]
fn an_interrupted_reply_emits_no_call() {
    let mut decoder = decoder();
    let streamed = decoder.push(call_start(0, "call_abc", "execute_command").as_bytes());
    assert!(streamed.is_empty());
    let chunks = decoder.interrupt();
    assert!(
        chunks
            .iter()
            .all(|chunk| matches!(chunk, ApiStreamChunk::Usage(_))),
        "{chunks:?}"
    );
    assert!(decoder.finish().is_empty());
}

#[test]
fn a_call_without_an_id_still_gets_one() {
    let mut decoder = decoder();
    let stream = [
        frame(
            "{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"attempt_completion\",\
             \"arguments\":{\"result\":\"Done\"}}}]}",
            Some("tool_calls"),
        ),
        DONE.to_owned(),
    ]
    .concat();
    let chunks = decoder.push(stream.as_bytes());
    assert_eq!(
        chunks[0],
        ApiStreamChunk::ToolCalls {
            calls: vec![AssembledToolCall {
                id: "call_0".into(),
                name: "attempt_completion".into(),
                arguments: "{\"result\":\"Done\"}".into(),
            }]
        }
    );
}
