//! Decodes streams recorded from a real litellm 1.106.2 proxy (see `fixtures/README.md`) into
//! exact chunk lists, whole and split at every byte, as the network may deliver them.

// The helpers below are not `#[test]` functions, so clippy's test exemption does not reach them;
// a failed unwrap or panic in a helper fails the test, which is what it should do.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a test helper fails the test"
)]

use roo_api::providers::litellm::stream_decoder::LiteLlmStreamDecoder;
use roo_api::{ApiError, ApiErrorKind, ApiStreamChunk, Cost, CostSource, ModelInfo, Usage};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The model the mock stream was recorded with: gpt-4o-mini's prices.
fn mock_model() -> ModelInfo {
    ModelInfo {
        input_price: Some(0.15),
        output_price: Some(0.60),
        ..ModelInfo::default()
    }
}

/// Decodes `body` pushed in pieces ending at `cuts`, then finishes.
fn decode_with_cuts(model: &ModelInfo, body: &[u8], cuts: &[usize]) -> Vec<ApiStreamChunk> {
    let mut decoder = LiteLlmStreamDecoder::new(model.clone(), Some("sk-fixture-key".to_owned()));
    let mut chunks = Vec::new();
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&body.len())) {
        chunks.extend(decoder.push(&body[start..cut]));
        start = cut;
    }
    chunks.extend(decoder.finish());
    chunks
}

fn decode(model: &ModelInfo, body: &[u8]) -> Vec<ApiStreamChunk> {
    decode_with_cuts(model, body, &[])
}

/// Merges adjacent text (and adjacent reasoning) chunks: how the webview sees a reply, and the
/// same whatever the split, since a split only decides which deltas share a push.
fn merged(chunks: Vec<ApiStreamChunk>) -> Vec<ApiStreamChunk> {
    let mut result: Vec<ApiStreamChunk> = Vec::new();
    for chunk in chunks {
        match (result.last_mut(), chunk) {
            (Some(ApiStreamChunk::Text { text }), ApiStreamChunk::Text { text: more })
            | (
                Some(ApiStreamChunk::Reasoning { text }),
                ApiStreamChunk::Reasoning { text: more },
            ) => {
                text.push_str(&more);
            }
            (_, chunk) => result.push(chunk),
        }
    }
    result
}

/// Checks that splitting `body` in two at every byte, and pushing it a byte at a time, decode to
/// the same reply as one push.
fn assert_split_invariant(model: &ModelInfo, body: &[u8]) {
    let whole = decode(model, body);
    for cut in 0..=body.len() {
        assert_eq!(
            merged(decode_with_cuts(model, body, &[cut])),
            whole,
            "cut at byte {cut}"
        );
    }
    let every_byte: Vec<usize> = (1..body.len()).collect();
    assert_eq!(
        merged(decode_with_cuts(model, body, &every_byte)),
        whole,
        "one byte at a time"
    );
}

fn text(text: &str) -> ApiStreamChunk {
    ApiStreamChunk::Text {
        text: text.to_owned(),
    }
}

fn error_of(chunk: Option<&ApiStreamChunk>) -> &ApiError {
    match chunk {
        Some(ApiStreamChunk::Error { error }) => error,
        other => panic!("expected an error chunk, got {other:?}"),
    }
}

#[test]
fn mock_response_stream_with_usage_and_cost() {
    let body = fixture("mock_response_with_usage.sse");
    assert_eq!(
        decode(&mock_model(), &body),
        vec![
            text("Hello, world! How can I help?"),
            ApiStreamChunk::Usage(Usage {
                input_tokens: 8,
                output_tokens: 9,
                cache_write_tokens: None,
                cache_read_tokens: None,
                reasoning_tokens: Some(0),
                // The proxy's `usage.cost`, exactly as it sent it.
                cost: Cost::Known {
                    usd: 6.599_999_999_999_999_5e-6,
                    source: CostSource::Proxy
                },
                estimated: false,
                cache_savings: None,
            }),
        ]
    );
    assert_split_invariant(&mock_model(), &body);
}

#[test]
fn mock_response_stream_reports_its_usage_to_the_boundary() {
    let mut decoder = LiteLlmStreamDecoder::new(mock_model(), None);
    decoder.push(&fixture("mock_response_with_usage.sse"));
    assert!(decoder.is_complete());
    let usage = decoder.usage().unwrap();
    assert_eq!((usage.input_tokens, usage.output_tokens), (8, 9));
    assert_eq!(usage.reported_cost_usd, Some(6.599_999_999_999_999_5e-6));
}

fn reasoning_chunks(cost: Cost) -> Vec<ApiStreamChunk> {
    vec![
        ApiStreamChunk::Reasoning {
            text: "The user greets me. Reply in kind.".to_owned(),
        },
        text("Hi there — 日本 é 🎉"),
        ApiStreamChunk::Usage(Usage {
            input_tokens: 20,
            output_tokens: 40,
            cache_write_tokens: None,
            cache_read_tokens: Some(8),
            reasoning_tokens: Some(30),
            cost,
            estimated: false,
            cache_savings: None,
        }),
    ]
}

#[test]
fn reasoning_stream_without_prices_has_unknown_cost() {
    let body = fixture("reasoning_with_cached_usage.sse");
    // The sane defaults carry no prices and the proxy sent no `cost`: unknown, never $0.
    let model = ModelInfo::default();
    assert_eq!(decode(&model, &body), reasoning_chunks(Cost::Unknown));
    assert_split_invariant(&model, &body);
}

#[test]
fn reasoning_stream_with_prices_computes_the_cost() {
    let body = fixture("reasoning_with_cached_usage.sse");
    let model = ModelInfo {
        input_price: Some(1.0),
        output_price: Some(2.0),
        cache_reads_price: Some(0.5),
        ..ModelInfo::default()
    };
    // 12 uncached prompt tokens at $1/M, 8 cache reads at $0.50/M, 40 output tokens at $2/M.
    let expected_usd = (12.0 * 1.0 + 8.0 * 0.5 + 40.0 * 2.0) / 1e6;
    let chunks = decode(&model, &body);
    let Some(ApiStreamChunk::Usage(Usage {
        cost: Cost::Known { usd, source },
        ..
    })) = chunks.last()
    else {
        panic!("expected a known cost last, got {chunks:?}");
    };
    assert_eq!(*source, CostSource::ModelPrices);
    assert!(
        (usd - expected_usd).abs() < 1e-15,
        "{usd} != {expected_usd}"
    );
    assert_eq!(chunks[..2], reasoning_chunks(Cost::Unknown)[..2]);
}

/// Asserts `chunk` is our estimate of a reply that ended without the proxy's usage.
fn assert_estimated(chunk: &ApiStreamChunk, output_tokens: u64) {
    let ApiStreamChunk::Usage(usage) = chunk else {
        panic!("expected an estimated usage, got {chunk:?}");
    };
    assert!(usage.estimated, "{usage:?}");
    assert_eq!(usage.output_tokens, output_tokens, "{usage:?}");
}

#[test]
fn error_frame_mid_stream_ends_the_reply_with_a_classified_error() {
    let body = fixture("error_frame_mid_stream.sse");
    let chunks = decode(&mock_model(), &body);
    assert_eq!(chunks.len(), 3, "{chunks:?}");
    assert_eq!(chunks.first(), Some(&text("Partial answer")));
    assert_estimated(&chunks[1], 2);
    // The proxy could not reach the model behind it (`litellm.APIConnectionError`).
    let error = error_of(chunks.last());
    assert_eq!(error.kind, ApiErrorKind::UpstreamDown);
    assert!(error.retryable);
    assert_split_invariant(&mock_model(), &body);
}

#[test]
fn stream_cut_without_done_keeps_the_text_and_says_it_was_cut_short() {
    let body = fixture("cut_without_done.sse");
    let chunks = decode(&mock_model(), &body);
    assert_eq!(chunks.len(), 3, "{chunks:?}");
    assert_eq!(chunks.first(), Some(&text("Hello, world")));
    assert_estimated(&chunks[1], 3);
    let error = error_of(chunks.last());
    assert_eq!(error.kind, ApiErrorKind::StreamCutShort);
    assert!(error.retryable);
    assert_eq!(
        error.body.as_deref(),
        Some(
            "{\"id\":\"chatcmpl-993bff33-6a43-43da-be08-3191ca5d8ede\",\
             \"object\":\"chat.completion.chun"
        )
    );
    assert_split_invariant(&mock_model(), &body);
}

#[test]
fn the_recorded_stream_cut_at_any_earlier_frame_boundary_is_cut_short() {
    let body = fixture("mock_response_with_usage.sse");
    let text_body = String::from_utf8(body.clone()).unwrap();
    let boundaries: Vec<usize> = text_body
        .match_indices("\n\n")
        .map(|(at, _)| at + 2)
        .collect();
    let (last, earlier) = boundaries.split_last().unwrap();
    assert_eq!(*last, body.len());
    for &end in earlier {
        let chunks = decode(&mock_model(), &body[..end]);
        assert_eq!(
            error_of(chunks.last()).kind,
            ApiErrorKind::StreamCutShort,
            "cut at {end}"
        );
        // The recording reports usage only in its last frame before `[DONE]`: a cut before that
        // frame carries our estimate (when some text had streamed), a cut after it the proxy's.
        let usage_reported = text_body[..end].contains("\"usage\"");
        let streamed_text = chunks
            .iter()
            .any(|chunk| matches!(chunk, ApiStreamChunk::Text { .. }));
        let usages: Vec<&Usage> = chunks
            .iter()
            .filter_map(|chunk| match chunk {
                ApiStreamChunk::Usage(usage) => Some(usage),
                _ => None,
            })
            .collect();
        assert_eq!(usages.len(), usize::from(streamed_text), "cut at {end}");
        assert!(
            usages.iter().all(|usage| usage.estimated != usage_reported),
            "cut at {end}"
        );
    }
}
