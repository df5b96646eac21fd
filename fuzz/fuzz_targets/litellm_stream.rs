//! Fuzzes the LiteLLM stream decoder (SSE framing, JSON chunks, usage, cost, error frames). The
//! first byte picks the mode: raw bytes, or the rest split into lines each sent as a `data:` frame
//! (so libFuzzer reaches the JSON paths quickly). It must never panic, must end with at most one
//! error and nothing after it, and splitting the body differently must not change the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roo_api::ModelInfo;
use roo_api::providers::litellm::stream_decoder::LiteLlmStreamDecoder;
use roo_api::stream::ApiStreamChunk;

fn body(data: &[u8], framed: bool) -> Vec<u8> {
    if !framed {
        return data.to_vec();
    }
    let mut body = Vec::with_capacity(data.len() + 64);
    for line in data.split(|&byte| byte == b'\n') {
        body.extend_from_slice(b"data: ");
        body.extend_from_slice(line);
        body.extend_from_slice(b"\n\n");
    }
    body
}

/// The text, the reasoning, and the error kinds, in order.
fn decode(body: &[u8], split: usize) -> (String, String, Vec<String>) {
    let mut decoder =
        LiteLlmStreamDecoder::new(ModelInfo::default(), Some("sk-fuzz-secret".into()));
    let mut chunks = Vec::new();
    for piece in body.chunks(split.max(1)) {
        decoder.push_into(piece, &mut chunks);
    }
    chunks.extend(decoder.finish());
    let errors: Vec<usize> = chunks
        .iter()
        .enumerate()
        .filter(|(_, chunk)| matches!(chunk, ApiStreamChunk::Error { .. }))
        .map(|(index, _)| index)
        .collect();
    assert!(errors.len() <= 1, "more than one error chunk: {chunks:?}");
    if let Some(&index) = errors.first() {
        assert_eq!(
            index + 1,
            chunks.len(),
            "chunks after the error: {chunks:?}"
        );
    }
    let (mut text, mut reasoning, mut kinds) = (String::new(), String::new(), Vec::new());
    for chunk in chunks {
        match chunk {
            ApiStreamChunk::Text { text: part } => text.push_str(&part),
            ApiStreamChunk::Reasoning { text: part } => reasoning.push_str(&part),
            ApiStreamChunk::Usage(_) => {}
            ApiStreamChunk::Error { error } => {
                assert!(!error.message.is_empty());
                assert!(
                    !serde_json::to_string(&error)
                        .unwrap_or_default()
                        .contains("sk-fuzz-secret")
                );
                kinds.push(format!("{:?}", error.kind));
            }
        }
    }
    (text, reasoning, kinds)
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let body = body(rest, mode & 1 == 1);
    let whole = decode(&body, body.len());
    let pieces = decode(&body, usize::from(mode >> 1) % 23 + 1);
    assert_eq!(whole, pieces, "the split changed the decoded reply");
});
