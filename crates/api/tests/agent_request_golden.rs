//! Golden request bodies of agent steps: a Code-mode conversation driven through the loop (a
//! reply with tool calls, their results, a refusal) and the exact JSON body sent next.

#![allow(
    clippy::unwrap_used,
    reason = "a failed unwrap in a test helper fails the test"
)]

use roo_api::agent::{
    AgentLoop, AgentMode, AgentSettings, AssembledToolCall, ModelReply, ToolOutcome, ToolWorkspace,
    build_agent_request, tool_definitions,
};
use roo_api::messages::MessageParam;
use roo_api::providers::litellm::model_params::ModelRequestShape;
use roo_api::providers::litellm::request::ChatRequestParams;
use roo_api::transform::openai_format::convert_to_openai_messages;
use serde_json::{Value, json};

fn body_of(agent: &AgentLoop, mode: AgentMode) -> Value {
    let messages = convert_to_openai_messages("You are Roo.", &agent.request_messages(20_000));
    let params = ChatRequestParams {
        chat_completions_url: "http://localhost:4000/v1/chat/completions",
        api_key: Some("sk-test"),
        model_id: "gpt-4o-mini",
        messages: &messages,
        max_tokens: Some(4096),
        temperature: None,
        shape: ModelRequestShape::default(),
        prompt_caching: false,
        session_id: None,
        agent_mode: AgentMode::Ask,
    };
    let request = build_agent_request(&params, mode);
    serde_json::from_str(request.body.as_deref().unwrap()).unwrap()
}

#[test]
fn the_request_after_tool_results_carries_the_calls_the_results_and_the_tools() {
    let mut agent = AgentLoop::new(
        AgentMode::Code,
        AgentSettings {
            auto_approve_reads: true,
            ..AgentSettings::default()
        },
        ToolWorkspace {
            root: "/work/app".into(),
            ..ToolWorkspace::default()
        },
        vec![MessageParam::user_text("What does main do?")],
    );
    agent
        .reply_finished(ModelReply {
            text: "Let me read it.".into(),
            tool_calls: vec![
                AssembledToolCall {
                    id: "call_a".into(),
                    name: "read_file".into(),
                    arguments: r#"{"path":"src/main.rs"}"#.into(),
                },
                AssembledToolCall {
                    id: "call_b".into(),
                    name: "read_file".into(),
                    arguments: r#"{"path":"../other/x"}"#.into(),
                },
            ],
        })
        .unwrap();
    agent
        .tool_finished(
            "call_a",
            ToolOutcome::Success {
                text: "1 | fn main() {}".into(),
            },
        )
        .unwrap();
    let body = body_of(&agent, AgentMode::Code);
    let refusal = "Error: Refused: the path leads outside the workspace folder. The tools only \
                   work inside it; give a path relative to it.";
    assert_eq!(
        body,
        json!({
            "model": "gpt-4o-mini",
            "messages": [
                {"role": "system", "content": "You are Roo."},
                {"role": "user", "content": "What does main do?"},
                {"role": "assistant", "content": "Let me read it.", "tool_calls": [
                    {"id": "call_a", "type": "function", "function": {"name": "read_file", "arguments": "{\"path\":\"src/main.rs\"}"}},
                    {"id": "call_b", "type": "function", "function": {"name": "read_file", "arguments": "{\"path\":\"../other/x\"}"}}
                ]},
                {"role": "tool", "tool_call_id": "call_a", "content": "1 | fn main() {}"},
                {"role": "tool", "tool_call_id": "call_b", "content": refusal}
            ],
            "stream": true,
            "stream_options": {"include_usage": true},
            "max_tokens": 4096,
            "tools": tool_definitions(AgentMode::Code),
            "tool_choice": "auto"
        })
    );
    // The same conversation in Ask mode sends no tools.
    let ask = body_of(&agent, AgentMode::Ask);
    assert!(ask.get("tools").is_none() && ask.get("tool_choice").is_none());
}
