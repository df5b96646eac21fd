//! The checks each fuzz target runs on one input, written once: the cargo-fuzz targets in `fuzz/`
//! call them under libFuzzer, and `tests/fuzz_regressions.rs` replays the seeds and every
//! minimised crash through them under `cargo test`, so a fixed crash stays fixed and the two can
//! never check different things. Each function panics (through `assert!`) when a property fails;
//! that panic is what libFuzzer reports as a crash. Compiled only with the `fuzz-checks` feature.

use crate::context_usage::ContextUsage;
use crate::messages::MessageParam;
use crate::model_info::ModelInfo;
use crate::providers::ApiHandler;
use crate::providers::build_api_handler;
use crate::providers::litellm::discovery::{parse_model_info_response, parse_models_response};
use crate::providers::litellm::stream_decoder::LiteLlmStreamDecoder;
use crate::schema::ProviderSettings;
use crate::sse::{SseDecoder, SseEvent};
use crate::stream::ApiStreamChunk;
use crate::tokens::count_message_tokens;
use crate::transform::openai_format::convert_to_openai_messages;

/// The key the stream decoder is given, which no error it reports may contain.
const FUZZ_SECRET: &str = "sk-fuzz-secret";

/// The SSE decoder, fed arbitrary bytes split at arbitrary points (the first byte picks the
/// split size), with a small line limit so the over-long-line path runs too. It must never panic,
/// and splitting the input differently must never change the events it yields.
pub fn sse_decoder(data: &[u8]) {
    let Some((&split, bytes)) = data.split_first() else {
        return;
    };
    let whole = sse_events(bytes, bytes.len());
    let pieces = sse_events(bytes, usize::from(split % 17) + 1);
    assert_eq!(whole, pieces, "the split changed the decoded events");
}

/// The events (name and data) and whether the decoder reported an error.
fn sse_events(bytes: &[u8], split: usize) -> (Vec<(String, String)>, bool) {
    let mut decoder = SseDecoder::with_max_line_bytes(512);
    let mut events = Vec::new();
    let mut on_event = |event: SseEvent<'_>| {
        events.push((event.event.to_owned(), event.data.to_owned()));
    };
    let mut failed = false;
    for piece in bytes.chunks(split.max(1)) {
        failed |= decoder.push(piece, &mut on_event).is_err();
    }
    failed |= decoder.finish(&mut on_event).is_err();
    (events, failed)
}

/// The LiteLLM stream decoder (SSE framing, JSON chunks, usage, cost, error frames). The first
/// byte picks the mode: raw bytes, or the rest split into lines each sent as a `data:` frame (so
/// the fuzzer reaches the JSON paths quickly). It must never panic, must end with at most one
/// error and nothing after it, must never write a NaN or an infinity into a usage, must never
/// leak the key into an error, and splitting the body differently must not change the reply.
pub fn litellm_stream(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let body = litellm_body(rest, mode & 1 == 1);
    let whole = litellm_reply(&body, body.len());
    let pieces = litellm_reply(&body, usize::from(mode >> 1) % 23 + 1);
    assert_eq!(whole, pieces, "the split changed the decoded reply");
}

fn litellm_body(data: &[u8], framed: bool) -> Vec<u8> {
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
fn litellm_reply(body: &[u8], split: usize) -> (String, String, Vec<String>) {
    let mut decoder = LiteLlmStreamDecoder::new(ModelInfo::default(), Some(FUZZ_SECRET.into()));
    let mut chunks = Vec::new();
    for piece in body.chunks(split.max(1)) {
        decoder.push_into(piece, &mut chunks);
    }
    chunks.extend(decoder.finish());
    let errors = chunks
        .iter()
        .filter(|chunk| matches!(chunk, ApiStreamChunk::Error { .. }))
        .count();
    assert!(errors <= 1, "more than one error chunk: {chunks:?}");
    if errors == 1 {
        assert!(
            matches!(chunks.last(), Some(ApiStreamChunk::Error { .. })),
            "chunks after the error: {chunks:?}"
        );
    }
    let (mut text, mut reasoning, mut kinds) = (String::new(), String::new(), Vec::new());
    for chunk in chunks {
        match chunk {
            ApiStreamChunk::Text { text: part } => text.push_str(&part),
            ApiStreamChunk::Reasoning { text: part } => reasoning.push_str(&part),
            ApiStreamChunk::ToolCalls { calls } => {
                // Calls are only ever emitted whole, for a reply that completed.
                assert!(!calls.is_empty(), "an empty tool calls chunk");
                assert!(errors == 0, "tool calls from a failed reply: {calls:?}");
            }
            ApiStreamChunk::Usage(usage) => {
                let json = serde_json::to_string(&usage).unwrap_or_default();
                assert!(
                    !json.is_empty() && !json.contains("NaN") && !json.contains("inf"),
                    "a usage that is not plain JSON: {usage:?}"
                );
            }
            ApiStreamChunk::Error { error } => {
                assert!(!error.message.is_empty(), "an error without words");
                let json = serde_json::to_string(&error).unwrap_or_default();
                assert!(!json.contains(FUZZ_SECRET), "the key leaked: {json}");
                kinds.push(format!("{:?}", error.kind));
            }
        }
    }
    (text, reasoning, kinds)
}

/// The message transform: arbitrary JSON (as the history or the webview could hand over), after
/// an optional system prompt and a `\u{1}`, read as Anthropic-style messages, converted to
/// OpenAI messages, serialized and counted. None of it may panic, and the request must always
/// serialize.
pub fn message_transform(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (system, json) = text.split_once('\u{1}').unwrap_or(("", text));
    let Some(messages) = serde_json::from_str::<Vec<MessageParam>>(json)
        .or_else(|_| serde_json::from_str::<MessageParam>(json).map(|message| vec![message]))
        .ok()
    else {
        return;
    };
    let converted = convert_to_openai_messages(system, &messages);
    assert!(
        serde_json::to_string(&converted).is_ok(),
        "the converted messages do not serialize"
    );
    let _ = count_message_tokens(system, &messages);
}

/// What reads model information: the proxy's `/model/info` and `/v1/models` answers, and the
/// settings (with their model-info override) as a hand-edited settings.json could hold them,
/// before and after a `\u{1}`, followed by building a handler and a request from them, where
/// `max_tokens` is derived from the model's numbers however absurd. None of it may panic, and
/// the request must carry exactly the reserve its context usage reports, within the window.
pub fn model_info(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (settings_text, discovery_text) = text.split_once('\u{1}').unwrap_or((text, text));
    let catalog = parse_model_info_response(discovery_text).ok();
    let _ = parse_models_response(discovery_text);
    let Ok(settings) = ProviderSettings::from_json_str(settings_text) else {
        return;
    };
    let Ok(ApiHandler::LiteLlm(mut handler)) = build_api_handler(&settings) else {
        return;
    };
    if let Some(catalog) = catalog {
        handler.set_catalog(catalog);
    }
    let model = handler.model();
    assert!(
        serde_json::to_string(&model.info).is_ok(),
        "the model info does not serialize"
    );
    let messages = [MessageParam::user_text("hello")];
    let prepared = handler.create_message("system", &messages);
    let usage: ContextUsage = handler.context_usage("system", &messages);
    assert_eq!(
        prepared.context, usage,
        "the meter and the request disagree"
    );
    let sent_max_tokens = prepared
        .request
        .body
        .as_deref()
        .and_then(|body| serde_json::from_str::<serde_json::Value>(body).ok())
        .and_then(|body| body.get("max_tokens").and_then(serde_json::Value::as_u64));
    assert_eq!(
        sent_max_tokens, usage.output_reserve,
        "max_tokens is not the reserve"
    );
    if let Some(reserve) = usage.output_reserve {
        assert!(
            usage.input_tokens.saturating_add(reserve) <= usage.context_window,
            "the reserve overflows the window: {usage:?}"
        );
    }
}
