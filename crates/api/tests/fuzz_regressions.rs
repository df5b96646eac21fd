//! Replays the fuzz inputs under `cargo test`, natively and without libFuzzer: the seeds each
//! target starts from (`fuzz/seeds/<target>/`) and every input a fuzz run ever crashed on, once
//! minimised (`fuzz/regressions/<target>/`, see `scripts/fuzz.sh`). Each input goes through the
//! same code and the same checks as its fuzz target, so a fixed crash stays fixed.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a test helper fails the test"
)]

use std::fs;
use std::path::PathBuf;

use roo_api::providers::litellm::discovery::{parse_model_info_response, parse_models_response};
use roo_api::providers::litellm::stream_decoder::LiteLlmStreamDecoder;
use roo_api::sse::SseDecoder;
use roo_api::stream::ApiStreamChunk;
use roo_api::transform::openai_format::convert_to_openai_messages;
use roo_api::{ApiHandler, MessageParam, ModelInfo, ProviderSettings, build_api_handler};

/// Every input file for `target`, seeds and regressions, with its name.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut found = Vec::new();
    for kind in ["seeds", "regressions"] {
        let Ok(entries) = fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            found.push((format!("{kind}/{target}/{name}"), fs::read(&path).unwrap()));
        }
    }
    found
}

fn sse_events(bytes: &[u8], split: usize) -> (Vec<(String, String)>, bool) {
    let mut decoder = SseDecoder::with_max_line_bytes(512);
    let mut events = Vec::new();
    let mut on_event = |event: roo_api::sse::SseEvent<'_>| {
        events.push((event.event.to_owned(), event.data.to_owned()));
    };
    let mut failed = false;
    for piece in bytes.chunks(split.max(1)) {
        failed |= decoder.push(piece, &mut on_event).is_err();
    }
    failed |= decoder.finish(&mut on_event).is_err();
    (events, failed)
}

#[test]
fn sse_decoder_inputs() {
    let all = inputs("sse_decoder");
    assert!(!all.is_empty(), "the seeds are missing");
    for (name, data) in all {
        let Some((&split, bytes)) = data.split_first() else {
            continue;
        };
        let whole = sse_events(bytes, bytes.len());
        let pieces = sse_events(bytes, usize::from(split % 17) + 1);
        assert_eq!(
            whole, pieces,
            "{name}: the split changed the decoded events"
        );
    }
}

fn litellm_body(data: &[u8], framed: bool) -> Vec<u8> {
    if !framed {
        return data.to_vec();
    }
    let mut body = Vec::new();
    for line in data.split(|&byte| byte == b'\n') {
        body.extend_from_slice(b"data: ");
        body.extend_from_slice(line);
        body.extend_from_slice(b"\n\n");
    }
    body
}

fn litellm_reply(name: &str, body: &[u8], split: usize) -> (String, String, Vec<String>) {
    let mut decoder =
        LiteLlmStreamDecoder::new(ModelInfo::default(), Some("sk-fuzz-secret".into()));
    let mut chunks = Vec::new();
    for piece in body.chunks(split.max(1)) {
        decoder.push_into(piece, &mut chunks);
    }
    chunks.extend(decoder.finish());
    let errors = chunks
        .iter()
        .filter(|chunk| matches!(chunk, ApiStreamChunk::Error { .. }))
        .count();
    assert!(errors <= 1, "{name}: more than one error chunk");
    if errors == 1 {
        assert!(
            matches!(chunks.last(), Some(ApiStreamChunk::Error { .. })),
            "{name}: chunks after the error"
        );
    }
    let (mut text, mut reasoning, mut kinds) = (String::new(), String::new(), Vec::new());
    for chunk in chunks {
        match chunk {
            ApiStreamChunk::Text { text: part } => text.push_str(&part),
            ApiStreamChunk::Reasoning { text: part } => reasoning.push_str(&part),
            ApiStreamChunk::Usage(usage) => {
                let json = serde_json::to_string(&usage).unwrap();
                assert!(
                    !json.contains("NaN") && !json.contains("inf"),
                    "{name}: {json}"
                );
            }
            ApiStreamChunk::Error { error } => {
                assert!(!error.message.is_empty(), "{name}: an error without words");
                let json = serde_json::to_string(&error).unwrap();
                assert!(
                    !json.contains("sk-fuzz-secret"),
                    "{name}: the key leaked: {json}"
                );
                kinds.push(format!("{:?}", error.kind));
            }
        }
    }
    (text, reasoning, kinds)
}

#[test]
fn litellm_stream_inputs() {
    let all = inputs("litellm_stream");
    assert!(!all.is_empty(), "the seeds are missing");
    for (name, data) in all {
        let Some((&mode, rest)) = data.split_first() else {
            continue;
        };
        let body = litellm_body(rest, mode & 1 == 1);
        let whole = litellm_reply(&name, &body, body.len());
        let pieces = litellm_reply(&name, &body, usize::from(mode >> 1) % 23 + 1);
        assert_eq!(whole, pieces, "{name}: the split changed the decoded reply");
    }
}

#[test]
fn message_transform_inputs() {
    let all = inputs("message_transform");
    assert!(!all.is_empty(), "the seeds are missing");
    for (_name, data) in all {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let (system, json) = text.split_once('\u{1}').unwrap_or(("", text));
        let messages = serde_json::from_str::<Vec<MessageParam>>(json)
            .or_else(|_| serde_json::from_str::<MessageParam>(json).map(|message| vec![message]))
            .unwrap_or_default();
        let converted = convert_to_openai_messages(system, &messages);
        serde_json::to_string(&converted).unwrap();
        let _ = roo_api::tokens::count_message_tokens(system, &messages);
    }
}

#[test]
fn model_info_inputs() {
    let all = inputs("model_info");
    assert!(!all.is_empty(), "the seeds are missing");
    for (_name, data) in all {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let (settings_text, discovery_text) = text.split_once('\u{1}').unwrap_or((text, text));
        let catalog = parse_model_info_response(discovery_text).ok();
        let _ = parse_models_response(discovery_text);
        let Ok(settings) = ProviderSettings::from_json_str(settings_text) else {
            continue;
        };
        let Ok(ApiHandler::LiteLlm(mut handler)) = build_api_handler(&settings) else {
            continue;
        };
        if let Some(catalog) = catalog {
            handler.set_catalog(catalog);
        }
        let model = handler.model();
        serde_json::to_string(&model.info).unwrap();
        let _ = handler.create_message("system", &[MessageParam::user_text("hello")]);
    }
}
