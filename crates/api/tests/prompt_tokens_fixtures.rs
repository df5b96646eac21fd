//! How far our input-token count is from the `prompt_tokens` a real litellm 1.106.2 proxy
//! reported for the same requests (`fixtures/prompt_tokens.json`, recorded from mock models,
//! whose usage is litellm's own `token_counter`). Each case pins the difference and says why it
//! is what it is, so a change to our counting, the converter or the request shows up here.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a test helper fails the test"
)]

use roo_api::{ApiHandler, MessageParam, ProviderSettings, build_api_handler};
use serde_json::{Value, json};

fn fixture() -> Value {
    let path = format!(
        "{}/tests/fixtures/prompt_tokens.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A handler for `model` with the model info the proxy's `model_info` reported for it.
fn handler(fixture: &Value, model: &str) -> roo_api::providers::litellm::LiteLlmHandler {
    let settings = ProviderSettings::from_json_value(&json!({
        "litellmModelId": model,
        "litellmModelInfo": fixture["models"][model],
    }))
    .unwrap();
    let ApiHandler::LiteLlm(handler) = build_api_handler(&settings).unwrap();
    handler
}

/// Each case as (name, our input tokens, the proxy's prompt tokens, the pinned difference).
fn measured() -> Vec<(String, i64, i64, i64)> {
    let fixture = fixture();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 10, "the fixture lost its cases");
    cases
        .iter()
        .map(|case| {
            let name = format!("{} on {}", case["name"], case["model"]);
            let handler = handler(&fixture, case["model"].as_str().unwrap());
            let messages: Vec<MessageParam> =
                serde_json::from_value(case["messages"].clone()).unwrap();
            let system_prompt = case["systemPrompt"].as_str().unwrap();
            let prepared = handler.create_message(system_prompt, &messages);
            // The proxy counted the request as recorded; if ours changed, the fixture must be
            // recorded again before its numbers mean anything.
            let sent: Value =
                serde_json::from_str(prepared.request.body.as_deref().unwrap()).unwrap();
            assert_eq!(
                sent, case["request"],
                "{name}: the request is no longer the recorded one"
            );
            assert!(!case["why"].as_str().unwrap().is_empty(), "{name}: say why");
            (
                name,
                i64::try_from(prepared.context.input_tokens).unwrap(),
                case["usage"]["prompt_tokens"].as_i64().unwrap(),
                case["difference"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn our_count_stays_at_the_pinned_distance_from_the_proxys() {
    let drifted: Vec<String> = measured()
        .into_iter()
        .filter(|(_, ours, proxy, pinned)| ours - proxy != *pinned)
        .map(|(name, ours, proxy, pinned)| {
            format!("{name}: ours {ours}, proxy {proxy}, pinned difference {pinned}")
        })
        .collect();
    assert!(drifted.is_empty(), "{drifted:#?}");
}

#[test]
fn plain_text_to_an_o200k_model_is_counted_exactly() {
    // The claim the context meter rests on: for text, the system prompt and the per-message
    // overheads, our count is what litellm counts for an o200k model, token for token.
    let text_cases: Vec<(String, i64, i64, i64)> = measured()
        .into_iter()
        .filter(|(name, ..)| {
            name.ends_with("on \"mock-gpt\"") && !name.contains("tool") && !name.contains("image")
        })
        .collect();
    assert!(text_cases.len() >= 3, "{text_cases:?}");
    for (name, ours, proxy, _) in text_cases {
        assert_eq!(ours, proxy, "{name}");
    }
}
