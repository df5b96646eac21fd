//! Builds the streaming chat-completions request sent to the LiteLLM proxy: headers, the OpenAI
//! messages, streaming with usage, and the `max_tokens` the conversation's
//! [`ContextUsage`](crate::context_usage::ContextUsage) reserves for the reply, and in Code mode
//! the agent's `tools` with `tool_choice: "auto"` (Ask mode sends exactly what it sent before the
//! agent existed).

use serde::Serialize;

use crate::agent::AgentMode;
use crate::agent::request::code_tools;
use crate::http::{HttpMethod, HttpRequest};
use crate::providers::litellm::caching::{OutgoingMessages, cache_breakpoints};
use crate::providers::litellm::headers::{Accept, request_headers};
use crate::providers::litellm::model_params::{
    ModelRequestShape, ReasoningEffort, TokenLimitField,
};
use crate::transform::openai_format::OpenAiMessage;

/// Everything one chat request is built from.
#[derive(Debug, Clone, Copy)]
pub struct ChatRequestParams<'a> {
    /// The proxy's chat-completions endpoint, already normalised by `proxy_url`.
    pub chat_completions_url: &'a str,
    /// The proxy key; `None`, empty or blank means the proxy needs none.
    pub api_key: Option<&'a str>,
    /// The model id as the proxy knows it (its `model_name`).
    pub model_id: &'a str,
    /// The messages as they are sent: the system prompt (if any) first, converted by
    /// `transform::openai_format::convert_to_openai_messages`.
    pub messages: &'a [OpenAiMessage],
    /// The reply's limit; left out when `None`. The caller takes it from the conversation's
    /// `ContextUsage::output_reserve`, the one place it is decided.
    pub max_tokens: Option<u64>,
    /// The sampling temperature; sent only when set, because some models (OpenAI's reasoning
    /// models) reject any temperature, so the caller leaves it unset for them.
    pub temperature: Option<f64>,
    /// The model's own parameters (`model_params`): how the limit is sent, whether a
    /// temperature may be, and the reasoning effort.
    pub shape: ModelRequestShape,
    /// Whether to mark the system prompt and the last user messages for prompt caching
    /// (`caching`); the caller decides from the setting and the model's support.
    pub prompt_caching: bool,
    /// The chat's id, sent as LiteLLM's `litellm_session_id` so a team's spend logs group the
    /// chat's requests.
    pub session_id: Option<&'a str>,
    /// The chat's mode: Code sends the agent's tools, Ask none.
    pub agent_mode: AgentMode,
}

/// The JSON body, in the order its fields are written.
#[derive(Debug, Serialize)]
struct ChatCompletionBody<'a> {
    model: &'a str,
    messages: OutgoingMessages<'a>,
    stream: bool,
    stream_options: StreamOptions,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_completion_tokens: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reasoning_effort: Option<ReasoningEffort>,
    #[serde(skip_serializing_if = "Option::is_none")]
    litellm_session_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tools: Option<&'static [serde_json::Value]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tool_choice: Option<&'static str>,
}

/// Asks the proxy for a final chunk with the token usage and, from LiteLLM, the cost.
#[derive(Debug, Serialize)]
struct StreamOptions {
    include_usage: bool,
}

/// Builds the streaming chat-completions request.
#[must_use]
pub fn build_chat_request(params: &ChatRequestParams<'_>) -> HttpRequest {
    let breakpoints = if params.prompt_caching {
        cache_breakpoints(params.messages)
    } else {
        Vec::new()
    };
    let limit = |field: TokenLimitField| {
        params
            .max_tokens
            .filter(|_| params.shape.token_limit == field)
    };
    let body = ChatCompletionBody {
        model: params.model_id,
        messages: OutgoingMessages::new(params.messages, &breakpoints),
        stream: true,
        stream_options: StreamOptions {
            include_usage: true,
        },
        max_tokens: limit(TokenLimitField::MaxTokens),
        max_completion_tokens: limit(TokenLimitField::MaxCompletionTokens),
        // JSON has no NaN or infinity (serde_json would write `null`, which the proxy rejects),
        // so a non-finite temperature is treated as unset.
        temperature: params
            .temperature
            .filter(|value| value.is_finite() && params.shape.temperature_allowed),
        reasoning_effort: params.shape.reasoning_effort,
        litellm_session_id: params.session_id,
        tools: (params.agent_mode == AgentMode::Code).then(code_tools),
        tool_choice: (params.agent_mode == AgentMode::Code).then_some("auto"),
    };
    HttpRequest {
        method: HttpMethod::Post,
        url: params.chat_completions_url.to_owned(),
        headers: request_headers(Accept::EventStream, true, params.api_key),
        // The body holds only strings, numbers, booleans and `serde_json::Value`s, none of which
        // serde_json can fail to write (it fails only on non-string map keys and on custom
        // `Serialize` errors); the empty fallback would be answered by the proxy as a bad request.
        body: Some(serde_json::to_string(&body).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{
        ContentBlock, ImageSource, MessageContent, MessageParam, Role, ToolResultContent,
    };
    use crate::transform::openai_format::convert_to_openai_messages;
    use serde_json::json;

    const URL: &str = "http://localhost:4000/v1/chat/completions";

    /// The conversation as sent, after the system prompt the tests use.
    fn sent(messages: &[MessageParam]) -> Vec<OpenAiMessage> {
        convert_to_openai_messages("You are helpful.", messages)
    }

    fn params<'a>(
        messages: &'a [OpenAiMessage],
        max_tokens: Option<u64>,
        api_key: Option<&'a str>,
    ) -> ChatRequestParams<'a> {
        ChatRequestParams {
            chat_completions_url: URL,
            api_key,
            model_id: "gpt-4o-mini",
            messages,
            max_tokens,
            temperature: None,
            shape: ModelRequestShape::default(),
            prompt_caching: false,
            session_id: None,
            agent_mode: AgentMode::Ask,
        }
    }

    fn body(request: &HttpRequest) -> &str {
        request.body.as_deref().unwrap()
    }

    fn header_pairs(request: &HttpRequest) -> Vec<(&str, &str)> {
        request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect()
    }

    #[test]
    fn simple_text_chat() {
        let max_tokens = Some(4096);
        let messages = [MessageParam::user_text("Hi!")];
        let request = build_chat_request(&params(&sent(&messages), max_tokens, None));
        assert_eq!(request.method, HttpMethod::Post);
        assert_eq!(request.url, URL);
        assert_eq!(
            body(&request),
            r#"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":"Hi!"}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":4096}"#
        );
    }

    #[test]
    fn temperature_is_sent_only_when_set_and_finite() {
        let messages = convert_to_openai_messages("", &[MessageParam::user_text("Hi!")]);
        let mut with_temperature = params(&messages, Some(4096), None);
        with_temperature.temperature = Some(0.2);
        assert_eq!(
            body(&build_chat_request(&with_temperature)),
            r#"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi!"}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":4096,"temperature":0.2}"#
        );
        with_temperature.temperature = Some(f64::NAN);
        assert!(!body(&build_chat_request(&with_temperature)).contains("temperature"));
    }

    #[test]
    fn images_become_data_urls() {
        let max_tokens = Some(1000);
        let messages = [MessageParam {
            role: Role::User,
            content: MessageContent::Blocks(vec![
                ContentBlock::text("What is in it?"),
                ContentBlock::Image {
                    source: ImageSource::Base64 {
                        media_type: "image/png".into(),
                        data: "iVBORw0KGgo=".into(),
                    },
                },
            ]),
        }];
        let request = build_chat_request(&params(&sent(&messages), max_tokens, None));
        assert_eq!(
            body(&request),
            r#"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":[{"type":"text","text":"What is in it?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":1000}"#
        );
    }

    #[test]
    fn tool_use_and_results() {
        let max_tokens = Some(8192);
        let messages = [
            MessageParam::user_text("List the files."),
            MessageParam {
                role: Role::Assistant,
                content: MessageContent::Blocks(vec![
                    ContentBlock::text("Listing."),
                    ContentBlock::ToolUse {
                        id: "call_1".into(),
                        name: "list_files".into(),
                        input: json!({"path": ".", "recursive": false}),
                    },
                ]),
            },
            MessageParam {
                role: Role::User,
                content: MessageContent::Blocks(vec![
                    ContentBlock::ToolResult {
                        tool_use_id: "call_1".into(),
                        content: ToolResultContent::Text("Cargo.toml\nsrc/".into()),
                        is_error: None,
                    },
                    ContentBlock::text("Thanks."),
                ]),
            },
        ];
        let request = build_chat_request(&params(&sent(&messages), max_tokens, None));
        assert_eq!(
            body(&request),
            r#"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":"List the files."},{"role":"assistant","content":"Listing.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"list_files","arguments":"{\"path\":\".\",\"recursive\":false}"}}]},{"role":"tool","tool_call_id":"call_1","content":"Cargo.toml\nsrc/"},{"role":"user","content":"Thanks."}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":8192}"#
        );
    }

    #[test]
    fn without_a_key_there_is_no_authorization_header() {
        let max_tokens = Some(4096);
        let messages = [MessageParam::user_text("Hi!")];
        let expected = [
            ("Content-Type", "application/json"),
            ("Accept", "text/event-stream"),
        ];
        for key in [None, Some(""), Some("  \n")] {
            let request = build_chat_request(&params(&sent(&messages), max_tokens, key));
            assert_eq!(header_pairs(&request), expected, "key {key:?}");
        }
    }

    #[test]
    fn with_a_key_it_is_sent_as_a_trimmed_bearer_token() {
        let max_tokens = Some(4096);
        let messages = [MessageParam::user_text("Hi!")];
        for key in ["sk-1234", " sk-1234\n"] {
            let request = build_chat_request(&params(&sent(&messages), max_tokens, Some(key)));
            assert_eq!(
                header_pairs(&request),
                [
                    ("Content-Type", "application/json"),
                    ("Accept", "text/event-stream"),
                    ("Authorization", "Bearer sk-1234"),
                ]
            );
        }
    }

    #[test]
    fn max_tokens_is_left_out_when_there_is_no_reserve() {
        let max_tokens = None;
        let messages = [MessageParam::user_text("Hi!")];
        assert_eq!(
            body(&build_chat_request(&params(
                &sent(&messages),
                max_tokens,
                None
            ))),
            r#"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":"Hi!"}],"stream":true,"stream_options":{"include_usage":true}}"#
        );
    }

    #[test]
    fn the_body_is_valid_json_with_the_converted_messages() {
        let max_tokens = Some(4096);
        let messages = [
            MessageParam::user_text("a \"quoted\" line\nand <|endoftext|>"),
            MessageParam::assistant_text("ok"),
        ];
        let request = build_chat_request(&params(&sent(&messages), max_tokens, None));
        let parsed: serde_json::Value = serde_json::from_str(body(&request)).unwrap();
        assert_eq!(
            parsed["messages"],
            serde_json::to_value(convert_to_openai_messages("You are helpful.", &messages))
                .unwrap()
        );
        assert_eq!(
            parsed["messages"][1]["content"],
            "a \"quoted\" line\nand <|endoftext|>"
        );
    }
}
