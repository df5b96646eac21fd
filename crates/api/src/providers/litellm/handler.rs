//! The LiteLLM handler's pure half: everything `createMessage`, `getModel`, `listModels` and the
//! cost fallback need that is not I/O. The boundary asks it for requests, sends them, and hands
//! back what came: bytes to the stream decoder, statuses and bodies to classification.

use serde::Serialize;
use ts_rs::TS;

use crate::classify::classify_http_error;
use crate::errors::ApiError;
use crate::http::HttpRequest;
use crate::messages::MessageParam;
use crate::model_info::ModelInfo;
use crate::providers::litellm::discovery::{DiscoveryEndpoint, ModelCatalog};
use crate::providers::litellm::request::{ChatRequestParams, build_chat_request};
use crate::providers::litellm::spend::{
    needs_spend_calculation, parse_spend_calculate_response, spend_calculate_request, spend_cost,
    spend_model_name,
};
use crate::providers::litellm::stream_decoder::LiteLlmStreamDecoder;
use crate::schema::LiteLlmSettings;
use crate::stream::Usage;
use crate::tokens::count_message_tokens;

/// The model a handler talks to, with the info it resolved for it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ResolvedModel {
    /// The model id sent to the proxy.
    pub id: String,
    /// The override, else what the proxy reported, else the sane defaults.
    pub info: ModelInfo,
}

/// A chat request ready to send, and the decoder for its answer.
#[derive(Debug)]
pub struct PreparedMessage {
    /// The request to send as it is.
    pub request: HttpRequest,
    /// Decodes the answer's body; it knows the model's prices for the cost.
    pub decoder: LiteLlmStreamDecoder,
    /// The input tokens the request was sized with (also the context-window estimate).
    pub input_tokens: u64,
}

/// The LiteLLM provider for one set of validated settings.
#[derive(Debug, Clone)]
pub struct LiteLlmHandler {
    settings: LiteLlmSettings,
    catalog: Option<ModelCatalog>,
}

impl LiteLlmHandler {
    /// A handler for validated settings, with no models discovered yet.
    #[must_use]
    pub fn new(settings: LiteLlmSettings) -> Self {
        Self {
            settings,
            catalog: None,
        }
    }

    /// The settings this handler was built with.
    #[must_use]
    pub fn settings(&self) -> &LiteLlmSettings {
        &self.settings
    }

    /// Remembers what model discovery found, so `model()` and the cost fallback can use it.
    pub fn set_catalog(&mut self, catalog: ModelCatalog) {
        self.catalog = Some(catalog);
    }

    /// The discovered models, if discovery ran.
    #[must_use]
    pub fn catalog(&self) -> Option<&ModelCatalog> {
        self.catalog.as_ref()
    }

    /// The model and its info: the user's override first, then what the proxy reported, then
    /// the sane defaults.
    #[must_use]
    pub fn model(&self) -> ResolvedModel {
        let discovered = self
            .catalog
            .as_ref()
            .and_then(|catalog| catalog.find(&self.settings.model_id))
            .map(|model| &model.info);
        ResolvedModel {
            id: self.settings.model_id.clone(),
            info: self.settings.resolve_model_info(discovered),
        }
    }

    /// Builds the streaming request for a conversation and the decoder for its answer. The
    /// input is counted with the tokenizer so `max_tokens` never asks for more than the context
    /// window leaves (Roo issue 3963).
    #[must_use]
    pub fn create_message(
        &self,
        system_prompt: &str,
        messages: &[MessageParam],
    ) -> PreparedMessage {
        let model = self.model();
        let input_tokens = count_message_tokens(system_prompt, messages);
        let chat_completions_url = self.settings.base_url.chat_completions_url();
        let request = build_chat_request(&ChatRequestParams {
            chat_completions_url: &chat_completions_url,
            api_key: self.api_key(),
            model_id: &model.id,
            model_info: &model.info,
            system_prompt,
            messages,
            input_tokens,
            temperature: None,
        });
        let decoder = LiteLlmStreamDecoder::new(model.info, self.settings.api_key.clone())
            .with_input_tokens_estimate(input_tokens);
        PreparedMessage {
            request,
            decoder,
            input_tokens,
        }
    }

    /// Classifies a non-2xx answer, with this handler's key redacted from what is kept.
    #[must_use]
    pub fn classify_http_error(
        &self,
        status: u16,
        headers: &[(String, String)],
        body: &str,
    ) -> ApiError {
        classify_http_error(status, headers, body, self.api_key())
    }

    /// The model discovery requests, in the order to try them.
    #[must_use]
    pub fn discovery_request(&self, endpoint: DiscoveryEndpoint) -> HttpRequest {
        endpoint.request(&self.settings.base_url, self.api_key())
    }

    /// The `POST /spend/calculate` request for a finished reply whose cost is still unknown, or
    /// `None` when it would not help: the cost is known, nothing was used, or discovery has not
    /// told us the underlying model name the endpoint needs.
    #[must_use]
    pub fn spend_request(&self, usage: &Usage) -> Option<HttpRequest> {
        if !needs_spend_calculation(usage) {
            return None;
        }
        let underlying = spend_model_name(self.catalog.as_ref()?, &self.settings.model_id)?;
        Some(spend_calculate_request(
            &self.settings.base_url,
            self.api_key(),
            &underlying,
            usage,
        ))
    }

    /// The usage with the cost the proxy's `/spend/calculate` answer gave, or unchanged (cost
    /// unknown) when the answer did not give one.
    #[must_use]
    pub fn apply_spend_response(usage: Usage, status: u16, body: &str) -> Usage {
        let cost = spend_cost(parse_spend_calculate_response(status, body));
        Usage { cost, ..usage }
    }

    fn api_key(&self) -> Option<&str> {
        self.settings.api_key.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiStreamChunk;
    use crate::defaults::{LITE_LLM_DEFAULT_MODEL_ID, lite_llm_model_info_sane_defaults};
    use crate::providers::litellm::discovery::parse_model_info_response;
    use crate::schema::ProviderSettings;
    use crate::stream::{Cost, CostSource};

    fn handler(settings: serde_json::Value) -> LiteLlmHandler {
        let settings = ProviderSettings::from_json_value(&settings).unwrap();
        LiteLlmHandler::new(settings.validate_litellm().unwrap())
    }

    fn catalog() -> ModelCatalog {
        parse_model_info_response(
            r#"{"data":[{"model_name":"fast","litellm_params":{"model":"openai/gpt-4o-mini"},
            "model_info":{"max_input_tokens":128000,"max_output_tokens":16384,
            "input_cost_per_token":1.5e-7,"output_cost_per_token":6e-7,"supports_vision":true}}]}"#,
        )
        .unwrap()
    }

    fn unknown_cost_usage() -> Usage {
        Usage {
            input_tokens: 10,
            output_tokens: 5,
            cache_write_tokens: None,
            cache_read_tokens: None,
            reasoning_tokens: None,
            cost: Cost::Unknown,
            estimated: false,
        }
    }

    #[test]
    fn model_falls_back_to_the_default_id_and_sane_defaults() {
        let model = handler(serde_json::json!({})).model();
        assert_eq!(model.id, LITE_LLM_DEFAULT_MODEL_ID);
        assert_eq!(model.info, lite_llm_model_info_sane_defaults());
    }

    #[test]
    fn model_prefers_discovered_info_then_the_override() {
        let mut discovered = handler(serde_json::json!({"litellmModelId": "fast"}));
        discovered.set_catalog(catalog());
        assert_eq!(discovered.model().info.context_window, 128_000);
        assert!(discovered.model().info.supports_images);

        let mut overridden = handler(serde_json::json!({
            "litellmModelId": "fast",
            "litellmModelInfo": {"contextWindow": 2000, "maxTokens": 100}
        }));
        overridden.set_catalog(catalog());
        assert_eq!(overridden.model().info.context_window, 2000);
        assert!(!overridden.model().info.supports_images);
    }

    #[test]
    fn create_message_targets_the_normalised_url_and_caps_max_tokens() {
        let handler = handler(serde_json::json!({
            "litellmApiUrl": "http://127.0.0.1:4000/litellm/v1/",
            "litellmModelId": "fast",
            "litellmModelInfo": {"contextWindow": 1000, "maxTokens": 1000}
        }));
        let prepared = handler.create_message("Be brief.", &[MessageParam::user_text("Hi")]);
        assert_eq!(
            prepared.request.url,
            "http://127.0.0.1:4000/litellm/v1/chat/completions"
        );
        let body: serde_json::Value =
            serde_json::from_str(prepared.request.body.as_deref().unwrap()).unwrap();
        let max_tokens = body["max_tokens"].as_u64().unwrap();
        assert!(prepared.input_tokens > 0);
        assert_eq!(max_tokens, 1000 - prepared.input_tokens);
    }

    #[test]
    fn the_decoder_prices_with_the_resolved_model() {
        let mut handler = handler(serde_json::json!({"litellmModelId": "fast"}));
        handler.set_catalog(catalog());
        let mut prepared = handler.create_message("", &[MessageParam::user_text("Hi")]);
        let mut chunks = prepared.decoder.push(
            b"data: {\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"prompt_tokens\":1000000,\"completion_tokens\":0}}\n\ndata: [DONE]\n\n",
        );
        chunks.extend(prepared.decoder.finish());
        let usage = chunks.iter().find_map(|chunk| match chunk {
            ApiStreamChunk::Usage(usage) => Some(usage),
            _ => None,
        });
        let Some(Usage {
            cost: Cost::Known { usd, source },
            ..
        }) = usage
        else {
            panic!("expected a known cost, got {chunks:?}");
        };
        assert_eq!(*source, CostSource::ModelPrices);
        assert!((usd - 0.15).abs() < 1e-9);
    }

    #[test]
    fn errors_never_keep_the_key() {
        let handler = handler(serde_json::json!({"litellmApiKey": "sk-very-secret-key-123"}));
        let error = handler.classify_http_error(
            401,
            &[],
            r#"{"error":{"message":"bad key sk-very-secret-key-123","type":"auth_error","code":"401"}}"#,
        );
        let json = serde_json::to_string(&error).unwrap();
        assert!(!json.contains("sk-very-secret-key-123"), "{json}");
    }

    #[test]
    fn spend_request_uses_the_underlying_model_and_only_when_needed() {
        let mut handler = handler(serde_json::json!({"litellmModelId": "fast"}));
        assert!(
            handler.spend_request(&unknown_cost_usage()).is_none(),
            "no catalog yet"
        );
        handler.set_catalog(catalog());
        let request = handler.spend_request(&unknown_cost_usage()).unwrap();
        assert!(request.url.ends_with("/spend/calculate"));
        assert!(request.body.unwrap().contains("\"openai/gpt-4o-mini\""));

        let known = Usage {
            cost: Cost::Known {
                usd: 0.1,
                source: CostSource::Proxy,
            },
            ..unknown_cost_usage()
        };
        assert!(handler.spend_request(&known).is_none());
    }

    #[test]
    fn a_zero_spend_answer_stays_unknown() {
        let priced =
            LiteLlmHandler::apply_spend_response(unknown_cost_usage(), 200, r#"{"cost": 0.0021}"#);
        assert_eq!(
            priced.cost,
            Cost::Known {
                usd: 0.0021,
                source: CostSource::SpendCalculate
            }
        );
        let zero =
            LiteLlmHandler::apply_spend_response(unknown_cost_usage(), 200, r#"{"cost": 0.0}"#);
        assert_eq!(zero.cost, Cost::Unknown);
    }
}
