//! The agent's part of the chat request: Code mode's `tools`, built once, which
//! `providers::litellm::request` sends with `tool_choice: "auto"` when the request's
//! `agent_mode` is Code, and [`build_agent_request`], the request for a mode.

use std::sync::OnceLock;

use serde_json::Value;

use super::tools::{AgentMode, tool_definitions};
use crate::http::HttpRequest;
use crate::providers::litellm::request::{ChatRequestParams, build_chat_request};

/// Code mode's `tools` array, built once: it never changes within a build.
#[must_use]
pub fn code_tools() -> &'static [Value] {
    static TOOLS: OnceLock<Vec<Value>> = OnceLock::new();
    TOOLS.get_or_init(|| tool_definitions(AgentMode::Code))
}

/// The tokens Code mode's `tools` add to every request, counted once: the request's sizing and
/// its `max_tokens` must leave room for them.
#[must_use]
pub fn code_tools_tokens() -> u64 {
    static TOKENS: OnceLock<u64> = OnceLock::new();
    *TOKENS.get_or_init(|| {
        let json = serde_json::to_string(code_tools()).unwrap_or_default();
        crate::tokens::count_text_tokens(&json)
    })
}

/// The tokens `mode`'s tools add to a request: none in Ask mode.
#[must_use]
pub fn tools_tokens(mode: AgentMode) -> u64 {
    match mode {
        AgentMode::Ask => 0,
        AgentMode::Code => code_tools_tokens(),
    }
}

/// The streaming chat request for `mode`, whatever `params.agent_mode` says: with every tool of
/// the mode, the model choosing whether to call one.
#[must_use]
pub fn build_agent_request(params: &ChatRequestParams<'_>, mode: AgentMode) -> HttpRequest {
    build_chat_request(&ChatRequestParams {
        agent_mode: mode,
        ..*params
    })
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
            agent_mode: AgentMode::Ask,
        };
        let ask = build_agent_request(&params, AgentMode::Ask);
        assert_eq!(ask, build_chat_request(&params));
        let ask_body: Value = serde_json::from_str(ask.body.as_deref().unwrap()).unwrap();
        assert!(ask_body.get("tools").is_none() && ask_body.get("tool_choice").is_none());
        let code = build_agent_request(&params, AgentMode::Code);
        let body: Value = serde_json::from_str(code.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body["tools"],
            Value::Array(tool_definitions(AgentMode::Code))
        );
        assert_eq!(body["tool_choice"], "auto");
        assert_eq!(body["max_tokens"], 100);
        assert_eq!(body["messages"][1]["content"], "Hi");
        // The field on the parameters does the same.
        let direct = build_chat_request(&ChatRequestParams {
            agent_mode: AgentMode::Code,
            ..params
        });
        assert_eq!(direct, code);
    }

    #[test]
    fn the_tools_are_counted_in_code_mode_only() {
        assert_eq!(tools_tokens(AgentMode::Ask), 0);
        // Eight tools with their schemas: hundreds of tokens, not a handful.
        assert!(
            tools_tokens(AgentMode::Code) > 300,
            "{}",
            code_tools_tokens()
        );
    }
}
