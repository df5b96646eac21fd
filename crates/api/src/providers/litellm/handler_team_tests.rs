//! The handler's team features end to end over the pure core: caching only for models that
//! cache and while the setting is on, the model's own parameters from discovery, the chat's
//! session id, and the key header and custom headers on every request.

use super::*;
use crate::providers::litellm::discovery::{DiscoveryEndpoint, parse_model_info_response};
use crate::schema::ProviderSettings;

fn handler(settings: serde_json::Value) -> LiteLlmHandler {
    let settings = ProviderSettings::from_json_value(&settings).unwrap();
    let mut handler = LiteLlmHandler::new(settings.validate_litellm().unwrap());
    // Shaped like litellm 1.106.2's `/v1/model/info`: an Anthropic model that caches and
    // reasons, and an OpenAI reasoning model that lists only `max_completion_tokens`.
    handler.set_catalog(
        parse_model_info_response(
            r#"{"data":[
            {"model_name":"claude","litellm_params":{"model":"anthropic/claude-sonnet-4-5"},
             "model_info":{"max_input_tokens":200000,"max_output_tokens":64000,
              "supports_prompt_caching":true,"supports_reasoning":true,
              "supported_openai_params":["max_tokens","max_completion_tokens","temperature","reasoning_effort"]}},
            {"model_name":"o3","litellm_params":{"model":"openai/o3"},
             "model_info":{"max_input_tokens":200000,"max_output_tokens":100000,
              "supports_reasoning":true,
              "supported_openai_params":["max_completion_tokens","reasoning_effort","stream"]}}
            ]}"#,
        )
        .unwrap(),
    );
    handler
}

fn body_of(prepared: &PreparedMessage) -> serde_json::Value {
    serde_json::from_str(prepared.request.body.as_deref().unwrap()).unwrap()
}

#[test]
fn a_caching_model_gets_breakpoints_unless_the_setting_is_off() {
    let messages = [MessageParam::user_text("Hi")];
    let on = handler(serde_json::json!({"litellmModelId": "claude"}));
    let body = body_of(&on.create_message("System.", &messages));
    assert_eq!(
        body["messages"][0]["content"][0]["cache_control"]["type"],
        "ephemeral"
    );
    assert_eq!(
        body["messages"][1]["content"][0]["cache_control"]["type"],
        "ephemeral"
    );

    let off =
        handler(serde_json::json!({"litellmModelId": "claude", "litellmPromptCaching": false}));
    let text = off
        .create_message("System.", &messages)
        .request
        .body
        .unwrap();
    assert!(!text.contains("cache_control"), "{text}");

    let no_cache = handler(serde_json::json!({"litellmModelId": "o3"}));
    let text = no_cache
        .create_message("System.", &messages)
        .request
        .body
        .unwrap();
    assert!(!text.contains("cache_control"), "{text}");
}

#[test]
fn discovery_decides_the_limit_and_the_effort() {
    let messages = [MessageParam::user_text("Hi")];
    let o3 = handler(serde_json::json!({"litellmModelId": "o3", "litellmReasoningEffort": "high"}));
    let body = body_of(&o3.create_message("", &messages));
    assert!(body.get("max_tokens").is_none(), "{body}");
    assert!(body["max_completion_tokens"].as_u64().unwrap() > 0);
    assert_eq!(body["reasoning_effort"], "high");

    let claude = handler(serde_json::json!({"litellmModelId": "claude"}));
    let body = body_of(&claude.create_message("", &messages));
    assert!(body["max_tokens"].as_u64().unwrap() > 0);
    assert!(
        body.get("reasoning_effort").is_none(),
        "no effort chosen: {body}"
    );
}

#[test]
fn a_chat_sends_its_id_as_the_session() {
    let handler = handler(serde_json::json!({"litellmModelId": "o3"}));
    let prepared =
        handler.create_message_in_session("", &[MessageParam::user_text("Hi")], Some("chat-7"));
    assert_eq!(body_of(&prepared)["litellm_session_id"], "chat-7");
    let plain = handler.create_message("", &[MessageParam::user_text("Hi")]);
    assert!(body_of(&plain).get("litellm_session_id").is_none());
}

#[test]
fn every_request_carries_the_key_header_choice_and_the_custom_headers() {
    let handler = handler(serde_json::json!({
        "litellmModelId": "claude",
        "litellmApiKey": "sk-team",
        "litellmKeyHeader": "x-litellm-api-key",
        "litellmCustomHeaders": [{"name": "Authorization", "value": "Bearer gateway"},
                                 {"name": "x-team", "value": "platform"}]
    }));
    let usage = Usage {
        input_tokens: 5,
        output_tokens: 5,
        cache_write_tokens: None,
        cache_read_tokens: None,
        reasoning_tokens: None,
        cost: crate::stream::Cost::Unknown,
        estimated: false,
        cache_savings: None,
    };
    let requests = [
        handler
            .create_message("", &[MessageParam::user_text("Hi")])
            .request,
        handler.discovery_request(DiscoveryEndpoint::ModelInfo),
        handler.spend_request(&usage).unwrap(),
    ];
    for request in requests {
        let names: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        assert!(
            names.contains(&("x-litellm-api-key", "sk-team")),
            "{names:?}"
        );
        assert!(
            names.contains(&("Authorization", "Bearer gateway")),
            "{names:?}"
        );
        assert!(names.contains(&("x-team", "platform")), "{names:?}");
    }
}

#[test]
fn a_cached_reply_carries_what_caching_saved() {
    let settings =
        ProviderSettings::from_json_value(&serde_json::json!({"litellmModelId": "claude"}))
            .unwrap();
    let mut handler = LiteLlmHandler::new(settings.validate_litellm().unwrap());
    // Claude Sonnet's prices per token as litellm 1.106.2's `/v1/model/info` gives them.
    handler.set_catalog(
        parse_model_info_response(
            r#"{"data":[{"model_name":"claude","litellm_params":{"model":"anthropic/claude-sonnet-4-5"},
             "model_info":{"max_input_tokens":200000,"supports_prompt_caching":true,
              "input_cost_per_token":3e-6,"output_cost_per_token":1.5e-5,
              "cache_creation_input_token_cost":3.75e-6,"cache_read_input_token_cost":3e-7}}]}"#,
        )
        .unwrap(),
    );
    let mut prepared = handler.create_message("System.", &[MessageParam::user_text("Hi")]);
    // The usage litellm 1.106.2 sent for 10 uncached + 1,200 written + 3,000 read tokens.
    let mut chunks = prepared.decoder.push(
        br#"data: {"choices":[{"index":0,"delta":{}}],"usage":{"prompt_tokens":4210,"completion_tokens":25,"prompt_tokens_details":{"cached_tokens":3000,"cache_write_tokens":1200},"cache_creation_input_tokens":1200,"cache_read_input_tokens":3000}}

data: [DONE]

"#,
    );
    chunks.extend(prepared.decoder.finish());
    let savings = chunks
        .iter()
        .find_map(|chunk| match chunk {
            crate::stream::ApiStreamChunk::Usage(usage) => usage.cache_savings,
            _ => None,
        })
        .unwrap_or_else(|| panic!("expected cache savings, got {chunks:?}"));
    assert!(
        (savings.without_cache_usd - 0.01263).abs() < 1e-9,
        "{savings:?}"
    );
    assert!(
        (savings.with_cache_usd - 0.00543).abs() < 1e-9,
        "{savings:?}"
    );
    assert!((savings.saved_usd - 0.0072).abs() < 1e-9, "{savings:?}");
}
