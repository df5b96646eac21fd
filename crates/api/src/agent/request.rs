//! The chat request of an agent step: the request `providers::litellm::request` builds, with the
//! mode's `tools` and `tool_choice: "auto"` added to its body. Ask mode's request is unchanged,
//! so a chat without tools sends exactly what it sent before the agent existed.
//!
//! The tools are added to the finished body rather than through the request builder's
//! parameters so this module stays separate from it; the builder writes a JSON object, so the
//! fields go before its closing brace.

use std::sync::OnceLock;

use super::tools::{AgentMode, tool_definitions};
use crate::http::HttpRequest;
use crate::providers::litellm::request::{ChatRequestParams, build_chat_request};

/// Code mode's `tools` array as JSON text, written once: it never changes within a build.
fn code_tools_json() -> &'static str {
    static TOOLS: OnceLock<String> = OnceLock::new();
    TOOLS.get_or_init(|| {
        serde_json::to_string(&tool_definitions(AgentMode::Code)).unwrap_or_else(|_| "[]".into())
    })
}

/// The streaming chat request for `mode`: with every tool of the mode, the model choosing
/// whether to call one.
#[must_use]
pub fn build_agent_request(params: &ChatRequestParams<'_>, mode: AgentMode) -> HttpRequest {
    let mut request = build_chat_request(params);
    if mode == AgentMode::Code
        && let Some(body) = request.body.as_mut()
        && body.ends_with('}')
    {
        body.pop();
        body.push_str(",\"tools\":");
        body.push_str(code_tools_json());
        body.push_str(",\"tool_choice\":\"auto\"}");
    }
    request
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::messages::MessageParam;
    use crate::providers::litellm::model_params::ModelRequestShape;
    use crate::transform::openai_format::convert_to_openai_messages;

    #[test]
    fn code_mode_adds_the_tools_and_ask_mode_adds_nothing() {
        let messages = convert_to_openai_messages("sys", &[MessageParam::user_text("Hi")]);
        let params = ChatRequestParams {
            chat_completions_url: "http://localhost:4000/v1/chat/completions",
            api_key: None,
            model_id: "m",
            messages: &messages,
            max_tokens: Some(100),
            temperature: None,
            shape: ModelRequestShape::default(),
            prompt_caching: false,
            session_id: None,
        };
        let ask = build_agent_request(&params, AgentMode::Ask);
        assert_eq!(ask, build_chat_request(&params));
        let code = build_agent_request(&params, AgentMode::Code);
        let body: Value = serde_json::from_str(code.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body["tools"],
            Value::Array(tool_definitions(AgentMode::Code))
        );
        assert_eq!(body["tool_choice"], "auto");
        assert_eq!(body["max_tokens"], 100);
        assert_eq!(body["messages"][1]["content"], "Hi");
    }
}
