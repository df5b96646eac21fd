//! Tool-call assembly must give the same calls however the stream is split: property tests over
//! recorded streams (any byte split of the SSE body, through the SSE decoder) and over generated
//! calls whose arguments are split at any character, interleaved in any order, with text around.

#![allow(
    clippy::unwrap_used,
    reason = "a failed unwrap in a test helper fails the test"
)]

use proptest::prelude::*;
use roo_api::agent::{AssembledToolCall, ToolCallAssembler};
use roo_api::sse::{SseDecoder, SseEvent};
use serde_json::{Value, json};

/// A stream as litellm 1.106.2 passes it through: text, two calls interleaved by index (the
/// arguments split inside keys and inside a `\u` escape), text between, the finish chunk, the
/// usage chunk and `[DONE]`.
const RECORDED: &str = concat!(
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Let me look.\"}}]}\n\n",
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_r\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"\"}}]}}]}\n\n",
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"pa\"}}]}}]}\n\n",
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_l\",\"type\":\"function\",\"function\":{\"name\":\"list_files\",\"arguments\":\"\"}}]}}]}\n\n",
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"path\\\":\\\".\\\",\\\"recursive\\\":tr\"}}]}}]}\n\n",
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"th\\\":\\\"caf\\\\u00\"}}]}}]}\n\n",
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" and between\"}}]}\n\n",
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"e9.md\\\"}\"}},{\"index\":1,\"function\":{\"arguments\":\"ue}\"}}]}}]}\n\n",
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
    "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":40,\"total_tokens\":160}}\n\n",
    "data: [DONE]\n\n",
);

fn expected_recorded() -> Vec<AssembledToolCall> {
    vec![
        AssembledToolCall {
            id: "call_r".into(),
            name: "read_file".into(),
            arguments: r#"{"path":"caf\u00e9.md"}"#.into(),
        },
        AssembledToolCall {
            id: "call_l".into(),
            name: "list_files".into(),
            arguments: r#"{"path":".","recursive":true}"#.into(),
        },
    ]
}

/// The calls and the text of an SSE body pushed in pieces ending at `cuts`.
fn assemble_sse(body: &[u8], cuts: &[usize]) -> (Vec<AssembledToolCall>, String) {
    let mut decoder = SseDecoder::new();
    let mut assembler = ToolCallAssembler::new();
    let mut text = String::new();
    let mut on_event = |event: SseEvent<'_>| {
        if let Ok(chunk) = serde_json::from_str::<Value>(event.data) {
            if let Some(piece) = chunk["choices"][0]["delta"]["content"].as_str() {
                text.push_str(piece);
            }
            assembler.push_chunk(&chunk);
        }
    };
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&body.len())) {
        let cut = cut.clamp(start, body.len());
        decoder.push(&body[start..cut], &mut on_event).unwrap();
        start = cut;
    }
    decoder.finish(&mut on_event).unwrap();
    (assembler.finish(), text)
}

#[test]
fn the_recorded_stream_assembles_into_its_two_calls() {
    let (calls, text) = assemble_sse(RECORDED.as_bytes(), &[]);
    assert_eq!(calls, expected_recorded());
    assert_eq!(text, "Let me look. and between");
    let arguments: Value = serde_json::from_str(&calls[0].arguments).unwrap();
    assert_eq!(arguments, json!({"path": "café.md"}));
}

#[test]
fn every_single_split_of_the_recorded_stream_gives_the_same_calls() {
    let body = RECORDED.as_bytes();
    for cut in 0..=body.len() {
        assert_eq!(
            assemble_sse(body, &[cut]).0,
            expected_recorded(),
            "cut at {cut}"
        );
    }
}

proptest! {
    #[test]
    fn any_split_of_the_recorded_stream_gives_the_same_calls(
        mut cuts in proptest::collection::vec(0..RECORDED.len(), 0..40)
    ) {
        cuts.sort_unstable();
        let (calls, text) = assemble_sse(RECORDED.as_bytes(), &cuts);
        prop_assert_eq!(calls, expected_recorded());
        prop_assert_eq!(text, "Let me look. and between");
    }
}

/// A generated call: a name and arguments (JSON of arbitrary text, so escapes and multi-byte
/// characters appear).
fn call_strategy() -> impl Strategy<Value = (String, String)> {
    (
        prop::sample::select(vec![
            "read_file",
            "list_files",
            "apply_diff",
            "ünïcode_tool",
        ]),
        proptest::collection::vec(("[a-z_]{1,8}", any::<String>()), 0..4),
    )
        .prop_map(|(name, fields)| {
            let object: serde_json::Map<String, Value> = fields
                .into_iter()
                .map(|(key, value)| (key, Value::String(value)))
                .collect();
            (name.to_owned(), Value::Object(object).to_string())
        })
}

/// Splits `text` into pieces at the character boundaries nearest to `cuts` (fractions).
fn split_text(text: &str, cuts: &[u16]) -> Vec<String> {
    let boundaries: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let mut positions: Vec<usize> = cuts
        .iter()
        .map(|&cut| boundaries[usize::from(cut) * (boundaries.len() - 1) / usize::from(u16::MAX)])
        .collect();
    positions.sort_unstable();
    let mut pieces = Vec::new();
    let mut start = 0;
    for position in positions.into_iter().chain(std::iter::once(text.len())) {
        pieces.push(text[start..position].to_owned());
        start = position;
    }
    pieces
}

proptest! {
    #[test]
    fn generated_calls_survive_any_split_and_interleaving(
        calls in proptest::collection::vec(call_strategy(), 1..5),
        cuts in proptest::collection::vec(proptest::collection::vec(any::<u16>(), 0..6), 5),
        order_seed in proptest::collection::vec(any::<u8>(), 0..64),
        with_ids in any::<bool>(),
        name_split in any::<bool>(),
    ) {
        // Each call's deltas: the opening one (index, id, type, name, empty arguments), then
        // its argument pieces; the name is optionally split over the first two deltas.
        let mut streams: Vec<Vec<Value>> = calls
            .iter()
            .enumerate()
            .map(|(index, (name, arguments))| {
                let id = with_ids.then(|| format!("id_{index}"));
                let (first_name, rest_name) = if name_split && name.len() > 4 {
                    name.split_at(name.char_indices().nth(2).map_or(0, |(at, _)| at))
                } else {
                    (name.as_str(), "")
                };
                let mut opening = json!({"index": index, "type": "function", "function": {"name": first_name, "arguments": ""}});
                if let Some(id) = id {
                    opening["id"] = Value::String(id);
                }
                let mut deltas = vec![opening];
                if !rest_name.is_empty() {
                    deltas.push(json!({"index": index, "function": {"name": rest_name}}));
                }
                for piece in split_text(arguments, &cuts[index]) {
                    deltas.push(json!({"index": index, "function": {"arguments": piece}}));
                }
                deltas.reverse();
                deltas
            })
            .collect();
        // Interleave: the seed picks which call sends its next delta, text chunks between.
        let mut assembler = ToolCallAssembler::new();
        let mut seed = order_seed.into_iter().cycle();
        while streams.iter().any(|stream| !stream.is_empty()) {
            let live: Vec<usize> = (0..streams.len()).filter(|&i| !streams[i].is_empty()).collect();
            let pick = live[usize::from(seed.next().unwrap_or(0)) % live.len()];
            let delta = streams[pick].pop().unwrap();
            assembler.push_chunk(&json!({"choices": [{"index": 0, "delta": {"content": "…"}}]}));
            assembler.push_chunk(&json!({"choices": [{"index": 0, "delta": {"tool_calls": [delta]}}]}));
        }
        let assembled = assembler.finish();
        prop_assert_eq!(assembled.len(), calls.len());
        for (index, (call, (name, arguments))) in assembled.iter().zip(&calls).enumerate() {
            prop_assert_eq!(&call.name, name);
            prop_assert_eq!(&call.arguments, arguments);
            prop_assert_eq!(&call.id, &if with_ids { format!("id_{index}") } else { format!("call_{index}") });
        }
    }
}
