//! Tests of the stream decoder: text and reasoning merging, usage and cost, errors, estimates
//! for replies that end early, and framing.

use super::*;
use crate::classify::MAX_KEPT_BODY_BYTES;
use crate::errors::ApiErrorKind;
use crate::stream::{Cost, CostSource, Usage};

const KEY: &str = "sk-test-0123456789abcdef";

fn priced_model() -> ModelInfo {
    ModelInfo {
        input_price: Some(0.15),
        output_price: Some(0.60),
        ..ModelInfo::default()
    }
}

fn decoder() -> LiteLlmStreamDecoder {
    LiteLlmStreamDecoder::new(priced_model(), Some(KEY.to_owned()))
}

/// A middle chunk in the proxy's shape: no `finish_reason` key.
fn content_frame(text: &str) -> String {
    let delta = serde_json::json!({ "content": text });
    format!(
        "data: {{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\
         \"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{delta}}}]}}\n\n"
    )
}

fn delta_frame(delta: &str) -> String {
    format!("data: {{\"choices\":[{{\"index\":0,\"delta\":{delta}}}]}}\n\n")
}

/// The final usage chunk: `choices` holds one empty delta, not an empty list.
fn usage_frame(usage: &str) -> String {
    format!("data: {{\"choices\":[{{\"index\":0,\"delta\":{{}}}}],\"usage\":{usage}}}\n\n")
}

const DONE: &str = "data: [DONE]\n\n";

fn text(text: &str) -> ApiStreamChunk {
    ApiStreamChunk::Text {
        text: text.to_owned(),
    }
}

fn reasoning(text: &str) -> ApiStreamChunk {
    ApiStreamChunk::Reasoning {
        text: text.to_owned(),
    }
}

/// Whether `chunk` is an estimated usage of `output_tokens` (and the test decoder's input
/// estimate of zero), priced from the model's prices.
fn is_estimate_of(chunk: &ApiStreamChunk, output_tokens: u64) -> bool {
    matches!(
        chunk,
        ApiStreamChunk::Usage(Usage {
            input_tokens: 0,
            output_tokens: counted,
            estimated: true,
            cache_savings: None,
            cost: Cost::Known { source: CostSource::ModelPrices, .. },
            ..
        }) if *counted == output_tokens
    )
}

fn only_error(chunks: &[ApiStreamChunk]) -> &ApiError {
    match chunks {
        [.., ApiStreamChunk::Error { error }] => error,
        other => panic!("expected the chunks to end in an error, got {other:?}"),
    }
}

#[test]
fn merges_the_text_deltas_of_one_push() {
    let mut decoder = decoder();
    let body = [
        content_frame("Hel"),
        content_frame("lo,"),
        content_frame(" wo"),
    ]
    .concat();
    assert_eq!(decoder.push(body.as_bytes()), vec![text("Hello, wo")]);
    assert_eq!(
        decoder.push(content_frame("rld").as_bytes()),
        vec![text("rld")]
    );
}

#[test]
fn push_into_merges_with_the_last_chunk_of_the_vector() {
    let mut decoder = decoder();
    let mut chunks = vec![reasoning("r")];
    decoder.push_into(content_frame("a").as_bytes(), &mut chunks);
    decoder.push_into(content_frame("b").as_bytes(), &mut chunks);
    assert_eq!(chunks, vec![reasoning("r"), text("ab")]);
}

#[test]
fn reasoning_and_text_keep_their_order() {
    let mut decoder = decoder();
    let body = [
        delta_frame(r#"{"reasoning_content":"think "}"#),
        delta_frame(r#"{"reasoning_content":"more"}"#),
        content_frame("answer "),
        delta_frame(r#"{"reasoning":"again"}"#),
        content_frame("done"),
    ]
    .concat();
    assert_eq!(
        decoder.push(body.as_bytes()),
        vec![
            reasoning("think more"),
            text("answer "),
            reasoning("again"),
            text("done")
        ]
    );
}

#[test]
fn a_delta_with_both_reasoning_spellings_and_content_yields_each_once() {
    let mut decoder = decoder();
    let body = delta_frame(r#"{"reasoning_content":"r","reasoning":"r","content":"c"}"#);
    assert_eq!(
        decoder.push(body.as_bytes()),
        vec![reasoning("r"), text("c")]
    );
}

#[test]
fn empty_null_and_odd_fields_are_ignored() {
    let mut decoder = decoder();
    let body = [
        delta_frame(r#"{"role":"assistant","content":""}"#),
        delta_frame(r#"{"content":null,"reasoning_content":""}"#),
        delta_frame(r#"{"content":7,"reasoning":{"x":[1,2]},"tool_calls":[{"id":"t"}]}"#),
        delta_frame(r#"{}"#),
        "data: {\"choices\":[]}\n\n".to_owned(),
        "data: {\"choices\":null,\"usage\":null}\n\n".to_owned(),
        "data: {\"choices\":[{\"index\":0,\"delta\":null}]}\n\n".to_owned(),
        "data: {}\n\n".to_owned(),
    ]
    .concat();
    assert_eq!(decoder.push(body.as_bytes()), vec![]);
    assert!(!decoder.has_ended());
}

#[test]
fn escaped_text_is_unescaped() {
    let mut decoder = decoder();
    let body = delta_frame(r#"{"content":"line\n\"q\" \u00e9 \ud83c\udf89"}"#);
    assert_eq!(
        decoder.push(body.as_bytes()),
        vec![text("line\n\"q\" é 🎉")]
    );
}

#[test]
fn only_the_first_choice_is_read() {
    let mut decoder = decoder();
    let body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}},\
                {\"index\":1,\"delta\":{\"content\":\"b\"}}]}\n\n";
    assert_eq!(decoder.push(body.as_bytes()), vec![text("a")]);
}

#[test]
fn usage_is_emitted_once_at_done_with_the_proxy_cost() {
    let mut decoder = decoder();
    let head = [
        content_frame("Hi"),
        usage_frame(r#"{"prompt_tokens":8,"completion_tokens":9,"cost":6.6e-6}"#),
    ]
    .concat();
    assert_eq!(decoder.push(head.as_bytes()), vec![text("Hi")]);
    assert_eq!(decoder.usage().map(|usage| usage.input_tokens), Some(8));
    assert!(!decoder.has_ended());
    assert_eq!(
        decoder.push(DONE.as_bytes()),
        vec![ApiStreamChunk::Usage(Usage {
            input_tokens: 8,
            output_tokens: 9,
            cache_write_tokens: None,
            cache_read_tokens: None,
            reasoning_tokens: None,
            cost: Cost::Known {
                usd: 6.6e-6,
                source: CostSource::Proxy
            },
            estimated: false,
            cache_savings: None,
        })]
    );
    assert!(decoder.has_ended() && decoder.is_complete());
    assert_eq!(decoder.finish(), vec![]);
}

#[test]
fn the_latest_usage_wins_and_the_cost_falls_back_to_model_prices() {
    let mut decoder = decoder();
    let body = [
        usage_frame(r#"{"prompt_tokens":1,"completion_tokens":1}"#),
        usage_frame(r#"{"prompt_tokens":1000000,"completion_tokens":500000}"#),
        DONE.to_owned(),
    ]
    .concat();
    let chunks = decoder.push(body.as_bytes());
    let [ApiStreamChunk::Usage(usage)] = chunks.as_slice() else {
        panic!("expected one usage chunk, got {chunks:?}");
    };
    assert_eq!(
        (usage.input_tokens, usage.output_tokens),
        (1_000_000, 500_000)
    );
    let Cost::Known { usd, source } = usage.cost else {
        panic!("expected a known cost, got {:?}", usage.cost);
    };
    assert_eq!(source, CostSource::ModelPrices);
    assert!((usd - 0.45).abs() < 1e-9, "{usd}");
}

#[test]
fn an_unpriced_model_without_a_reported_cost_has_unknown_cost() {
    let mut decoder = LiteLlmStreamDecoder::new(ModelInfo::default(), None);
    let body = [
        usage_frame(r#"{"prompt_tokens":3,"completion_tokens":4}"#),
        DONE.to_owned(),
    ]
    .concat();
    let chunks = decoder.push(body.as_bytes());
    assert!(
        matches!(
            chunks.as_slice(),
            [ApiStreamChunk::Usage(Usage {
                cost: Cost::Unknown,
                ..
            })]
        ),
        "{chunks:?}"
    );
}

#[test]
fn a_reply_without_reported_usage_gets_an_estimated_usage() {
    let mut decoder = decoder().with_input_tokens_estimate(1_000_000);
    let body = [
        content_frame("hello"),
        content_frame(" world"),
        DONE.to_owned(),
    ]
    .concat();
    let chunks = decoder.push(body.as_bytes());
    assert_eq!(chunks.first(), Some(&text("hello world")));
    let Some(ApiStreamChunk::Usage(usage)) = chunks.get(1) else {
        panic!("expected an estimated usage after the text: {chunks:?}");
    };
    assert_eq!((usage.input_tokens, usage.output_tokens), (1_000_000, 2));
    assert!(usage.estimated);
    // A million input tokens at $0.15 per million, two output tokens at $0.60 per million.
    let Cost::Known { usd, source } = usage.cost else {
        panic!("{usage:?}")
    };
    assert!((usd - (0.15 + 2.0 * 0.6e-6)).abs() < 1e-12, "{usd}");
    assert_eq!(source, CostSource::ModelPrices);
    assert!(decoder.usage().is_none());
    assert!(decoder.is_complete());
}

#[test]
fn a_reply_with_nothing_streamed_and_no_usage_has_no_usage_chunk() {
    let mut decoder = decoder().with_input_tokens_estimate(50);
    assert_eq!(decoder.push(DONE.as_bytes()), vec![]);
    assert!(decoder.is_complete());
}

#[test]
fn an_interrupted_reply_records_the_estimate_once_and_decodes_no_more() {
    let mut decoder = decoder();
    assert_eq!(
        decoder.push(content_frame("Hello, world!").as_bytes()),
        vec![text("Hello, world!")]
    );
    let chunks = decoder.interrupt();
    assert!(
        matches!(chunks.as_slice(), [usage] if is_estimate_of(usage, 4)),
        "{chunks:?}"
    );
    assert_eq!(decoder.interrupt(), vec![]);
    assert_eq!(decoder.push(content_frame("more").as_bytes()), vec![]);
    assert_eq!(decoder.finish(), vec![]);
    assert!(decoder.has_ended() && !decoder.is_complete());
}

#[test]
fn an_interrupted_reply_prefers_the_usage_the_proxy_reported() {
    let mut decoder = decoder();
    let body = [
        content_frame("x"),
        usage_frame(r#"{"prompt_tokens":5,"completion_tokens":6,"cost":0.25}"#),
    ]
    .concat();
    assert_eq!(decoder.push(body.as_bytes()), vec![text("x")]);
    let chunks = decoder.interrupt();
    assert!(
        matches!(
            chunks.as_slice(),
            [ApiStreamChunk::Usage(Usage {
                output_tokens: 6,
                estimated: false,
                cache_savings: None,
                ..
            })]
        ),
        "{chunks:?}"
    );
}

#[test]
fn everything_after_done_is_ignored() {
    let mut decoder = decoder();
    let body = [
        content_frame("a"),
        DONE.to_owned(),
        content_frame("b"),
        "garbage\n\n".to_owned(),
    ]
    .concat();
    let chunks = decoder.push(body.as_bytes());
    assert_eq!(chunks.first(), Some(&text("a")));
    assert!(
        is_estimate_of(&chunks[1], 1) && chunks.len() == 2,
        "{chunks:?}"
    );
    assert_eq!(decoder.push(content_frame("c").as_bytes()), vec![]);
    assert_eq!(decoder.finish(), vec![]);
}

#[test]
fn an_error_frame_ends_the_stream_with_a_classified_error() {
    let mut decoder = decoder();
    let body = [
        content_frame("partial"),
        "data: {\"error\":{\"message\":\"litellm.RateLimitError: slow down\",\
         \"type\":\"throttling_error\",\"param\":null,\"code\":\"429\"}}\n\n"
            .to_owned(),
        content_frame("after"),
    ]
    .concat();
    let chunks = decoder.push(body.as_bytes());
    assert_eq!(chunks.first(), Some(&text("partial")));
    // What streamed before the failure was billed: its estimate comes before the error.
    assert!(is_estimate_of(&chunks[1], 1), "{chunks:?}");
    assert_eq!(chunks.len(), 3);
    assert_eq!(only_error(&chunks).kind, ApiErrorKind::RateLimited);
    assert!(decoder.has_ended() && !decoder.is_complete());
    // LiteLLM sends no `[DONE]` after an error frame; finish adds nothing more.
    assert_eq!(decoder.finish(), vec![]);
}

#[test]
fn an_error_frame_never_keeps_the_key() {
    let mut decoder = decoder();
    let frame = format!(
        "data: {{\"error\":{{\"message\":\"bad key {KEY}\",\"type\":null,\"code\":\"500\"}}}}\n\n"
    );
    let chunks = decoder.push(frame.as_bytes());
    let serialized = serde_json::to_string(only_error(&chunks)).unwrap();
    assert!(!serialized.contains(KEY), "{serialized}");
}

#[test]
fn a_null_error_key_is_not_an_error() {
    let mut decoder = decoder();
    let body =
        "data: {\"error\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n";
    assert_eq!(decoder.push(body.as_bytes()), vec![text("ok")]);
}

#[test]
fn malformed_json_is_a_malformed_response_that_keeps_the_payload() {
    let mut decoder = decoder();
    let body = [
        content_frame("a"),
        format!("data: {{not json {KEY}\n\n"),
        content_frame("b"),
    ]
    .concat();
    let chunks = decoder.push(body.as_bytes());
    assert_eq!(chunks.first(), Some(&text("a")));
    let error = only_error(&chunks);
    assert!(
        is_estimate_of(&chunks[1], 1) && chunks.len() == 3,
        "{chunks:?}"
    );
    assert_eq!(error.kind, ApiErrorKind::MalformedResponse);
    assert!(error.retryable);
    let body = error.body.as_deref().unwrap_or_default();
    assert!(body.starts_with("{not json "), "{body}");
    assert!(
        !body.contains(KEY),
        "the key is redacted from the kept payload: {body}"
    );
    assert_eq!(decoder.finish(), vec![]);
}

#[test]
fn a_huge_malformed_payload_is_kept_truncated() {
    let mut decoder = decoder();
    let payload = format!("[{}", "1,".repeat(50_000));
    let chunks = decoder.push(format!("data: {payload}\n\n").as_bytes());
    let kept = only_error(&chunks).body.clone().unwrap_or_default();
    assert!(
        kept.len() < payload.len() && kept.len() <= MAX_KEPT_BODY_BYTES + 32,
        "{}",
        kept.len()
    );
    assert!(kept.starts_with("[1,1,"));
}

#[test]
fn a_stream_without_done_is_cut_short() {
    let mut decoder = decoder();
    assert_eq!(
        decoder.push(content_frame("partial").as_bytes()),
        vec![text("partial")]
    );
    let chunks = decoder.finish();
    let error = only_error(&chunks);
    assert!(
        is_estimate_of(&chunks[0], 1) && chunks.len() == 2,
        "{chunks:?}"
    );
    assert_eq!(error.kind, ApiErrorKind::StreamCutShort);
    assert!(error.retryable);
    assert!(error.message.contains("cut short"), "{}", error.message);
    assert_eq!(error.body, None);
    assert!(decoder.has_ended() && !decoder.is_complete());
    assert_eq!(decoder.finish(), vec![], "finish reports the cut once");
}

#[test]
fn usage_seen_before_a_cut_is_emitted_before_the_error() {
    let mut decoder = decoder();
    let body = usage_frame(r#"{"prompt_tokens":5,"completion_tokens":6}"#);
    assert_eq!(decoder.push(body.as_bytes()), vec![]);
    let chunks = decoder.finish();
    assert_eq!(only_error(&chunks).kind, ApiErrorKind::StreamCutShort);
    assert!(
        matches!(
            chunks.as_slice(),
            [
                ApiStreamChunk::Usage(Usage {
                    input_tokens: 5,
                    output_tokens: 6,
                    estimated: false,
                    cache_savings: None,
                    ..
                }),
                _
            ]
        ),
        "{chunks:?}"
    );
    assert_eq!(decoder.usage().map(|usage| usage.output_tokens), Some(6));
}

#[test]
fn a_frame_cut_in_the_middle_is_cut_short_with_its_start_kept() {
    let mut decoder = decoder();
    let body = format!("{}data: {{\"id\":\"chatcmpl-1\",\"choi", content_frame("a"));
    assert_eq!(decoder.push(body.as_bytes()), vec![text("a")]);
    let chunks = decoder.finish();
    let error = only_error(&chunks);
    assert_eq!(error.kind, ApiErrorKind::StreamCutShort);
    assert_eq!(error.body.as_deref(), Some("{\"id\":\"chatcmpl-1\",\"choi"));
}

#[test]
fn a_complete_last_frame_without_its_blank_line_still_counts() {
    let mut decoder = decoder();
    let body = format!(
        "{}data: [DONE]",
        usage_frame(r#"{"prompt_tokens":1,"completion_tokens":2,"cost":0.5}"#)
    );
    assert_eq!(decoder.push(body.as_bytes()), vec![]);
    let chunks = decoder.finish();
    assert!(
        matches!(chunks.as_slice(), [ApiStreamChunk::Usage(_)]),
        "{chunks:?}"
    );
    assert!(decoder.is_complete());

    let mut unterminated_text = self::decoder();
    assert_eq!(
        unterminated_text.push(b"data: {\"choices\":[{\"delta\":{\"content\":\"z\"}}]}"),
        vec![]
    );
    let chunks = unterminated_text.finish();
    assert_eq!(chunks.first(), Some(&text("z")));
    assert_eq!(only_error(&chunks).kind, ApiErrorKind::StreamCutShort);
}

#[test]
fn comments_and_blank_data_between_frames_are_harmless() {
    let mut decoder = decoder();
    let body = format!(
        ": keep-alive\n\ndata:\n\ndata:   \n\n{}{DONE}",
        content_frame("x")
    );
    let chunks = decoder.push(body.as_bytes());
    assert!(
        chunks[0] == text("x") && is_estimate_of(&chunks[1], 1),
        "{chunks:?}"
    );
    assert!(decoder.is_complete());
}

#[test]
fn a_line_beyond_the_limit_is_a_malformed_response() {
    let mut decoder = decoder();
    assert_eq!(decoder.push(content_frame("a").as_bytes()), vec![text("a")]);
    let mut endless = b"data: ".to_vec();
    endless.resize(crate::sse::DEFAULT_MAX_LINE_BYTES + 1, b'x');
    let chunks = decoder.push(&endless);
    assert_eq!(only_error(&chunks).kind, ApiErrorKind::MalformedResponse);
    assert!(
        is_estimate_of(&chunks[0], 1) && chunks.len() == 2,
        "{chunks:?}"
    );
    assert!(decoder.has_ended());
    assert_eq!(decoder.push(b"\n\n"), vec![]);
    assert_eq!(decoder.finish(), vec![]);
}
