//! Builds the streaming chat-completions request sent to the LiteLLM proxy: headers, the OpenAI
//! messages, streaming with usage, and a `max_tokens` that never asks for more than the context
//! window leaves.

use serde::Serialize;

use crate::http::{HttpMethod, HttpRequest};
use crate::messages::MessageParam;
use crate::model_info::ModelInfo;
use crate::providers::litellm::authorization::bearer_authorization;
use crate::transform::openai_format::{OpenAiMessage, convert_to_openai_messages};

/// Everything one chat request is built from.
#[derive(Debug, Clone, Copy)]
pub struct ChatRequestParams<'a> {
    /// The proxy's chat-completions endpoint, already normalised by `proxy_url`.
    pub chat_completions_url: &'a str,
    /// The proxy key; `None`, empty or blank means the proxy needs none.
    pub api_key: Option<&'a str>,
    /// The model id as the proxy knows it (its `model_name`).
    pub model_id: &'a str,
    /// The model's limits; `max_tokens` and `context_window` cap the reply.
    pub model_info: &'a ModelInfo,
    /// The system prompt; left out of the request when empty.
    pub system_prompt: &'a str,
    /// The conversation, in Anthropic's shape.
    pub messages: &'a [MessageParam],
    /// The caller's estimate of the request's input tokens (`tokens::count_message_tokens`).
    pub input_tokens: u64,
    /// The sampling temperature; sent only when set, because some models (OpenAI's reasoning
    /// models) reject any temperature, so the caller leaves it unset for them.
    pub temperature: Option<f64>,
}

/// The JSON body, in the order its fields are written.
#[derive(Debug, Serialize)]
struct ChatCompletionBody<'a> {
    model: &'a str,
    messages: Vec<OpenAiMessage>,
    stream: bool,
    stream_options: StreamOptions,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f64>,
}

/// Asks the proxy for a final chunk with the token usage and, from LiteLLM, the cost.
#[derive(Debug, Serialize)]
struct StreamOptions {
    include_usage: bool,
}

/// Builds the streaming chat-completions request.
#[must_use]
pub fn build_chat_request(params: &ChatRequestParams<'_>) -> HttpRequest {
    let body = ChatCompletionBody {
        model: params.model_id,
        messages: convert_to_openai_messages(params.system_prompt, params.messages),
        stream: true,
        stream_options: StreamOptions {
            include_usage: true,
        },
        max_tokens: reply_token_limit(params.model_info, params.input_tokens),
        // JSON has no NaN or infinity (serde_json would write `null`, which the proxy rejects),
        // so a non-finite temperature is treated as unset.
        temperature: params.temperature.filter(|value| value.is_finite()),
    };
    HttpRequest {
        method: HttpMethod::Post,
        url: params.chat_completions_url.to_owned(),
        headers: request_headers(params.api_key),
        // The body holds only strings, numbers, booleans and `serde_json::Value`s, none of which
        // serde_json can fail to write (it fails only on non-string map keys and on custom
        // `Serialize` errors); the empty fallback would be answered by the proxy as a bad request.
        body: Some(serde_json::to_string(&body).unwrap_or_default()),
    }
}

/// The `max_tokens` to send.
///
/// - With a known output limit (a positive `max_tokens`; zero is taken as unknown): that limit, lowered to what the context window leaves after the
///   input, so the request never asks for more than fits (which providers reject, Roo Code issue
///   3963).
/// - Without a known output limit: left out, so the provider applies its own default. Sending
///   "whatever the window leaves" instead would exceed the output limit of most models (a
///   128k-window model commonly allows 16k out) and be rejected.
/// - When the estimate says the input alone fills the window: left out too. The estimate uses
///   o200k, not the model's own tokenizer, so it may be wrong by some percent either way;
///   `max_tokens: 1` would silently cut a reply that fits to one token, while leaving it out lets
///   the proxy either answer or report the context window exceeded, which is classified.
#[must_use]
pub fn reply_token_limit(model_info: &ModelInfo, input_tokens: u64) -> Option<u64> {
    let max_output = u64::from(model_info.max_tokens.filter(|limit| *limit > 0)?);
    let left_in_window = u64::from(model_info.context_window).saturating_sub(input_tokens);
    if left_in_window == 0 {
        return None;
    }
    Some(max_output.min(left_in_window))
}

/// The request headers: JSON in, an event stream out, and the key as [`bearer_authorization`]
/// sends it.
fn request_headers(api_key: Option<&str>) -> Vec<(String, String)> {
    let mut headers = vec![
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("Accept".to_owned(), "text/event-stream".to_owned()),
    ];
    headers.extend(bearer_authorization(api_key));
    headers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defaults::lite_llm_model_info_sane_defaults;
    use crate::messages::{ContentBlock, ImageSource, MessageContent, Role, ToolResultContent};
    use serde_json::json;

    const URL: &str = "http://localhost:4000/v1/chat/completions";

    fn model_info(max_tokens: Option<u32>, context_window: u32) -> ModelInfo {
        ModelInfo {
            max_tokens,
            context_window,
            ..lite_llm_model_info_sane_defaults()
        }
    }

    fn params<'a>(
        model_info: &'a ModelInfo,
        messages: &'a [MessageParam],
        api_key: Option<&'a str>,
    ) -> ChatRequestParams<'a> {
        ChatRequestParams {
            chat_completions_url: URL,
            api_key,
            model_id: "gpt-4o-mini",
            model_info,
            system_prompt: "You are helpful.",
            messages,
            input_tokens: 100,
            temperature: None,
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
        let info = model_info(Some(4096), 16_385);
        let messages = [MessageParam::user_text("Hi!")];
        let request = build_chat_request(&params(&info, &messages, None));
        assert_eq!(request.method, HttpMethod::Post);
        assert_eq!(request.url, URL);
        assert_eq!(
            body(&request),
            r#"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":"Hi!"}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":4096}"#
        );
    }

    #[test]
    fn temperature_is_sent_only_when_set_and_finite() {
        let info = model_info(Some(4096), 16_385);
        let messages = [MessageParam::user_text("Hi!")];
        let mut with_temperature = params(&info, &messages, None);
        with_temperature.temperature = Some(0.2);
        with_temperature.system_prompt = "";
        assert_eq!(
            body(&build_chat_request(&with_temperature)),
            r#"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi!"}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":4096,"temperature":0.2}"#
        );
        with_temperature.temperature = Some(f64::NAN);
        assert!(!body(&build_chat_request(&with_temperature)).contains("temperature"));
    }

    #[test]
    fn images_become_data_urls() {
        let info = model_info(Some(1000), 128_000);
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
        let request = build_chat_request(&params(&info, &messages, None));
        assert_eq!(
            body(&request),
            r#"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":[{"type":"text","text":"What is in it?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":1000}"#
        );
    }

    #[test]
    fn tool_use_and_results() {
        let info = model_info(Some(8192), 200_000);
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
        let request = build_chat_request(&params(&info, &messages, None));
        assert_eq!(
            body(&request),
            r#"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":"List the files."},{"role":"assistant","content":"Listing.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"list_files","arguments":"{\"path\":\".\",\"recursive\":false}"}}]},{"role":"tool","tool_call_id":"call_1","content":"Cargo.toml\nsrc/"},{"role":"user","content":"Thanks."}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":8192}"#
        );
    }

    #[test]
    fn without_a_key_there_is_no_authorization_header() {
        let info = model_info(Some(4096), 16_385);
        let messages = [MessageParam::user_text("Hi!")];
        let expected = [
            ("Content-Type", "application/json"),
            ("Accept", "text/event-stream"),
        ];
        for key in [None, Some(""), Some("  \n")] {
            let request = build_chat_request(&params(&info, &messages, key));
            assert_eq!(header_pairs(&request), expected, "key {key:?}");
        }
    }

    #[test]
    fn with_a_key_it_is_sent_as_a_trimmed_bearer_token() {
        let info = model_info(Some(4096), 16_385);
        let messages = [MessageParam::user_text("Hi!")];
        for key in ["sk-1234", " sk-1234\n"] {
            let request = build_chat_request(&params(&info, &messages, Some(key)));
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
    fn max_tokens_is_capped_to_what_the_context_window_leaves() {
        let info = model_info(Some(4096), 16_385);
        let messages = [MessageParam::user_text("Hi!")];
        let mut near_the_edge = params(&info, &messages, None);
        near_the_edge.input_tokens = 15_000;
        assert_eq!(
            body(&build_chat_request(&near_the_edge)),
            r#"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":"Hi!"}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":1385}"#
        );
    }

    #[test]
    fn max_tokens_is_left_out_when_the_model_has_no_known_limit() {
        let info = model_info(None, 128_000);
        let messages = [MessageParam::user_text("Hi!")];
        assert_eq!(
            body(&build_chat_request(&params(&info, &messages, None))),
            r#"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":"Hi!"}],"stream":true,"stream_options":{"include_usage":true}}"#
        );
    }

    #[test]
    fn reply_token_limit_cases() {
        let info = model_info(Some(4096), 16_385);
        assert_eq!(reply_token_limit(&info, 0), Some(4096));
        assert_eq!(reply_token_limit(&info, 12_289), Some(4096));
        assert_eq!(reply_token_limit(&info, 12_290), Some(4095));
        assert_eq!(reply_token_limit(&info, 16_384), Some(1));
        // The estimate says the input alone fills the window: the proxy decides.
        assert_eq!(reply_token_limit(&info, 16_385), None);
        assert_eq!(reply_token_limit(&info, u64::MAX), None);
        assert_eq!(reply_token_limit(&model_info(None, 16_385), 0), None);
        assert_eq!(reply_token_limit(&model_info(Some(0), 16_385), 0), None);
        assert_eq!(reply_token_limit(&model_info(Some(4096), 0), 0), None);
    }

    #[test]
    fn the_body_is_valid_json_with_the_converted_messages() {
        let info = model_info(Some(4096), 16_385);
        let messages = [
            MessageParam::user_text("a \"quoted\" line\nand <|endoftext|>"),
            MessageParam::assistant_text("ok"),
        ];
        let request = build_chat_request(&params(&info, &messages, None));
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
