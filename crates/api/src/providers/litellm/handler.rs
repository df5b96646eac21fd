//! The LiteLLM handler's pure half: everything `createMessage`, `getModel`, `listModels` and the
//! cost fallback need that is not I/O. The boundary asks it for requests, sends them, and hands
//! back what came: bytes to the stream decoder, statuses and bodies to classification.

use crate::agent::AgentMode;
use crate::agent::request::tools_tokens;
use crate::tokens::count_openai_message_tokens;
use serde::Serialize;
use ts_rs::TS;

use crate::classify::classify_http_error;
use crate::context_usage::ContextUsage;
use crate::errors::ApiError;
use crate::http::HttpRequest;
use crate::messages::MessageParam;
use crate::model_info::ModelInfo;
use crate::providers::litellm::custom_headers::apply_team_headers;
use crate::providers::litellm::discovery::{DiscoveryEndpoint, ModelCatalog};
use crate::providers::litellm::model_params::ModelRequestShape;
use crate::providers::litellm::request::{ChatRequestParams, build_chat_request};
use crate::providers::litellm::spend::{
    needs_spend_calculation, parse_spend_calculate_response, spend_calculate_request, spend_cost,
    spend_model_name,
};
use crate::providers::litellm::stream_decoder::LiteLlmStreamDecoder;
use crate::schema::LiteLlmSettings;
use crate::stream::Usage;
use crate::transform::openai_format::convert_to_openai_messages;

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
    /// What the request takes of the context window: its input tokens are the decoder's usage
    /// estimate, and its output reserve is the request's `max_tokens`.
    pub context: ContextUsage,
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

    /// [`Self::context_usage`] of a request in `mode`: Code mode's tools take part of the window.
    #[must_use]
    pub fn context_usage_in_mode(
        &self,
        system_prompt: &str,
        messages: &[MessageParam],
        mode: AgentMode,
    ) -> ContextUsage {
        let sent = convert_to_openai_messages(system_prompt, messages);
        ContextUsage::of_input(
            &self.model().info,
            count_openai_message_tokens(&sent).saturating_add(tools_tokens(mode)),
        )
    }

    /// What a request for this conversation takes of the model's context window: the same
    /// numbers [`Self::create_message`] sizes the request and estimates an unreported usage with.
    #[must_use]
    pub fn context_usage(&self, system_prompt: &str, messages: &[MessageParam]) -> ContextUsage {
        ContextUsage::of_request(
            &self.model().info,
            &convert_to_openai_messages(system_prompt, messages),
        )
    }

    /// Builds the streaming request for a conversation and the decoder for its answer. The
    /// input is counted as it is sent, so `max_tokens` never asks for more than the context
    /// window leaves (Roo issue 3963), and a reply that ends without a reported usage is
    /// estimated with the same count.
    #[must_use]
    pub fn create_message(
        &self,
        system_prompt: &str,
        messages: &[MessageParam],
    ) -> PreparedMessage {
        self.create_message_in_session(system_prompt, messages, None)
    }

    /// [`Self::create_message`] for a chat: `session_id` (the chat's id) is sent as LiteLLM's
    /// `litellm_session_id`, so the proxy's spend logs group the chat's requests.
    #[must_use]
    pub fn create_message_in_session(
        &self,
        system_prompt: &str,
        messages: &[MessageParam],
        session_id: Option<&str>,
    ) -> PreparedMessage {
        self.create_message_in_mode(system_prompt, messages, session_id, AgentMode::Ask)
    }

    /// [`Self::create_message_in_session`] in the chat's mode: Code mode sends the agent's
    /// tools (the caller passes the effective mode, Ask for a model that cannot call tools).
    #[must_use]
    pub fn create_message_in_mode(
        &self,
        system_prompt: &str,
        messages: &[MessageParam],
        session_id: Option<&str>,
        mode: AgentMode,
    ) -> PreparedMessage {
        let model = self.model();
        let sent = convert_to_openai_messages(system_prompt, messages);
        let context = ContextUsage::of_input(
            &model.info,
            count_openai_message_tokens(&sent).saturating_add(tools_tokens(mode)),
        );
        let chat_completions_url = self.settings.base_url.chat_completions_url();
        let request = build_chat_request(&ChatRequestParams {
            chat_completions_url: &chat_completions_url,
            api_key: self.api_key(),
            model_id: &model.id,
            messages: &sent,
            max_tokens: context.output_reserve,
            temperature: None,
            shape: self.request_shape(&model),
            prompt_caching: self.settings.team.prompt_caching && model.info.supports_prompt_cache,
            session_id: crate::providers::litellm::session::usable_session_id(session_id),
            agent_mode: mode,
        });
        let request = self.with_team_headers(request);
        let decoder = LiteLlmStreamDecoder::new(model.info, self.settings.api_key.clone())
            .with_input_tokens_estimate(context.input_tokens);
        PreparedMessage {
            request,
            decoder,
            context,
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
        self.with_team_headers(endpoint.request(&self.settings.base_url, self.api_key()))
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
        Some(self.with_team_headers(spend_calculate_request(
            &self.settings.base_url,
            self.api_key(),
            &underlying,
            usage,
        )))
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

    /// A request with the key where the settings want it and the custom headers added; every
    /// request to the proxy goes through here.
    #[must_use]
    pub fn with_team_headers(&self, mut request: HttpRequest) -> HttpRequest {
        apply_team_headers(
            &mut request,
            self.settings.team.key_header,
            &self.settings.team.custom_headers,
        );
        request
    }

    /// The `GET /key/info` request for this handler's own key, with the team headers.
    #[must_use]
    pub fn key_info_request(&self) -> HttpRequest {
        self.with_team_headers(crate::providers::litellm::key_budget::key_info_request(
            &self.settings.base_url,
            self.api_key(),
        ))
    }

    /// The parameters the model takes, from what discovery learned of it.
    fn request_shape(&self, model: &ResolvedModel) -> ModelRequestShape {
        let supported = self
            .catalog
            .as_ref()
            .and_then(|catalog| catalog.find(&model.id))
            .and_then(|found| found.supported_params.as_deref());
        ModelRequestShape::decide(
            supported,
            model.info.supports_reasoning,
            self.settings.team.reasoning_effort,
        )
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
            cache_savings: None,
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
        assert!(prepared.context.input_tokens > 0);
        assert_eq!(max_tokens, 1000 - prepared.context.input_tokens);
    }

    /// A conversation with a system prompt, a tool round trip and an image, in the shape the
    /// history stores.
    fn conversation(image_base64_length: usize) -> Vec<MessageParam> {
        serde_json::from_value(serde_json::json!([
            {"role": "user", "content": [
                {"type": "text", "text": "What is in this screenshot?"},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                    "data": "A".repeat(image_base64_length)}}
            ]},
            {"role": "assistant", "content": [
                {"type": "text", "text": "Let me read the file first."},
                {"type": "tool_use", "id": "call_1", "name": "read_file", "input": {"path": "a.rs"}}
            ]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "call_1", "content": "fn main() {}"},
                {"type": "text", "text": "Go on."}
            ]}
        ]))
        .unwrap()
    }

    /// The input tokens of the usage the decoder reports for a reply that streamed some text
    /// and ended without the proxy's usage.
    fn estimated_input_tokens(prepared: &mut PreparedMessage) -> u64 {
        let mut chunks = prepared.decoder.push(
            b"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n",
        );
        chunks.extend(prepared.decoder.finish());
        chunks
            .iter()
            .find_map(|chunk| match chunk {
                ApiStreamChunk::Usage(usage) if usage.estimated => Some(usage.input_tokens),
                _ => None,
            })
            .unwrap()
    }

    fn sent_max_tokens(prepared: &PreparedMessage) -> Option<u64> {
        let body: serde_json::Value =
            serde_json::from_str(prepared.request.body.as_deref().unwrap()).unwrap();
        body.get("max_tokens").map(|value| value.as_u64().unwrap())
    }

    #[test]
    fn the_meter_the_request_and_the_estimate_agree() {
        let handler = handler(serde_json::json!({
            "litellmModelId": "fast",
            "litellmModelInfo": {"contextWindow": 2000, "maxTokens": 1950}
        }));
        let system_prompt = "You are a careful assistant. Answer in one short paragraph.";
        let messages = conversation(0);
        let usage = handler.context_usage(system_prompt, &messages);
        let mut prepared = handler.create_message(system_prompt, &messages);
        assert_eq!(prepared.context, usage);
        // The reserve is cut to what the window leaves, so the test sees the input count in it.
        assert_eq!(usage.output_reserve, Some(2000 - usage.input_tokens));
        assert_eq!(sent_max_tokens(&prepared), usage.output_reserve);
        assert_eq!(estimated_input_tokens(&mut prepared), usage.input_tokens);
        assert_eq!(usage.available, 0);
        // The system prompt and the per-message overheads are in the count, not only the text.
        let bare = handler.context_usage("", &messages);
        assert!(
            usage.input_tokens > bare.input_tokens + 10,
            "{usage:?} {bare:?}"
        );
    }

    #[test]
    fn code_mode_sends_the_tools_and_leaves_room_for_them() {
        let handler = handler(serde_json::json!({
            "litellmModelId": "fast",
            "litellmModelInfo": {"contextWindow": 4000, "maxTokens": 3950}
        }));
        let messages = conversation(0);
        let ask = handler.create_message_in_mode("sys", &messages, None, AgentMode::Ask);
        let mut code = handler.create_message_in_mode("sys", &messages, None, AgentMode::Code);
        let body = |prepared: &PreparedMessage| -> serde_json::Value {
            serde_json::from_str(prepared.request.body.as_deref().unwrap()).unwrap()
        };
        assert!(body(&ask).get("tools").is_none());
        assert_eq!(body(&code)["tool_choice"], "auto");
        let tools = tools_tokens(AgentMode::Code);
        assert_eq!(code.context.input_tokens, ask.context.input_tokens + tools);
        assert_eq!(
            code.context,
            handler.context_usage_in_mode("sys", &messages, AgentMode::Code)
        );
        assert_eq!(
            sent_max_tokens(&code),
            Some(4000 - code.context.input_tokens)
        );
        assert_eq!(estimated_input_tokens(&mut code), code.context.input_tokens);
    }

    #[test]
    fn images_are_in_the_count_the_request_is_sized_with() {
        let handler = handler(serde_json::json!({
            "litellmModelInfo": {"contextWindow": 100000, "maxTokens": 99000}
        }));
        let small = handler.context_usage("", &conversation(4));
        // 200,000 base64 characters decode to 150,000 bytes: an estimated 1,000 tokens.
        let large_messages = conversation(200_000);
        let large = handler.context_usage("", &large_messages);
        assert_eq!(
            large.input_tokens - small.input_tokens,
            1000 - crate::tokens::MIN_IMAGE_TOKENS
        );
        let mut prepared = handler.create_message("", &large_messages);
        assert_eq!(
            sent_max_tokens(&prepared),
            Some(100_000 - large.input_tokens)
        );
        assert_eq!(sent_max_tokens(&prepared), large.output_reserve);
        assert_eq!(estimated_input_tokens(&mut prepared), large.input_tokens);
    }

    #[test]
    fn an_input_that_fills_the_window_reserves_and_sends_no_limit() {
        let handler = handler(serde_json::json!({
            "litellmModelInfo": {"contextWindow": 20, "maxTokens": 10}
        }));
        let prepared = handler.create_message("", &conversation(4));
        assert!(prepared.context.input_tokens > 20, "{:?}", prepared.context);
        assert_eq!(prepared.context.output_reserve, None);
        assert_eq!(prepared.context.available, 0);
        assert_eq!(sent_max_tokens(&prepared), None);
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

#[cfg(test)]
#[path = "handler_team_tests.rs"]
mod team_tests;
