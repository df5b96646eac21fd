//! The agent loop's own overhead per step, from the end of a reply that calls `read_file` to the
//! next request's body built: the call assembled from its deltas, checked (arguments, path,
//! approval), the auto-approved 10 KB result appended, the tool results capped, the 50-message
//! conversation converted to OpenAI messages, and the body written with Code mode's tools. The
//! goal is well under 10 ms a step natively (the extension runs it as wasm, about 1.5-2x slower).

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use roo_api::agent::{
    AgentLoop, AgentMode, AgentSettings, DEFAULT_TOOL_RESULT_CAP_CHARS, ModelReply,
    ToolCallAssembler, ToolOutcome, ToolWorkspace, build_agent_request,
};
use roo_api::messages::MessageParam;
use roo_api::providers::litellm::model_params::ModelRequestShape;
use roo_api::providers::litellm::request::ChatRequestParams;
use roo_api::transform::openai_format::convert_to_openai_messages;
use serde_json::{Value, json};

/// Messages in the conversation before the step.
const MESSAGES: usize = 50;

/// A conversation of `MESSAGES` alternating messages of ordinary length (about 600 characters).
fn conversation() -> Vec<MessageParam> {
    let paragraph = "The handler reads the settings, resolves the model and builds the request; \
                     errors are classified before they reach the user, with a message that \
                     says what to do. ";
    (0..MESSAGES)
        .map(|number| {
            let text = format!("{number}: {}", paragraph.repeat(3));
            if number % 2 == 0 {
                MessageParam::user_text(text)
            } else {
                MessageParam::assistant_text(text)
            }
        })
        .collect()
}

/// The deltas of a reply that calls `read_file`, as the proxy streams them.
fn reply_deltas() -> Vec<Value> {
    let mut deltas = vec![json!([{"index": 0, "id": "call_1", "type": "function",
        "function": {"name": "read_file", "arguments": ""}}])];
    for piece in ["{\"pa", "th\":\"src/pro", "viders/handler.rs\"", "}"] {
        deltas.push(json!([{"index": 0, "function": {"arguments": piece}}]));
    }
    deltas
}

/// A 10 KB file result, line-numbered as `read_file` returns it.
fn file_result() -> String {
    let mut text = String::new();
    let mut line = 1;
    while text.len() < 10 * 1024 {
        text.push_str(&format!(
            "{line:>4} | let value_{line} = compute(input, {line}); // step\n"
        ));
        line += 1;
    }
    text
}

fn agent_step(criterion: &mut Criterion) {
    let settings = AgentSettings {
        auto_approve_reads: true,
        ..AgentSettings::default()
    };
    let workspace = ToolWorkspace {
        root: "/home/dev/project".into(),
        ..ToolWorkspace::default()
    };
    let start = AgentLoop::new(AgentMode::Code, settings, workspace, conversation());
    let deltas = reply_deltas();
    let result = file_result();
    criterion.bench_function(
        "agent step: read_file reply to next request body",
        |bench| {
            bench.iter_batched(
                || (start.clone(), result.clone()),
                |(mut agent, result)| {
                    let mut assembler = ToolCallAssembler::new();
                    for delta in &deltas {
                        assembler.push_tool_calls(delta);
                    }
                    let reply = ModelReply {
                        text: "Let me read the handler.".into(),
                        tool_calls: assembler.finish(),
                    };
                    let _ = agent.reply_finished(reply);
                    let _ = agent.tool_finished("call_1", ToolOutcome::Success { text: result });
                    let messages = convert_to_openai_messages(
                        "You are Roo, a coding agent.",
                        &agent.request_messages(DEFAULT_TOOL_RESULT_CAP_CHARS),
                    );
                    let params = ChatRequestParams {
                        chat_completions_url: "http://localhost:4000/v1/chat/completions",
                        api_key: Some("sk-bench"),
                        model_id: "gpt-4o-mini",
                        messages: &messages,
                        max_tokens: Some(8192),
                        temperature: None,
                        shape: ModelRequestShape::default(),
                        prompt_caching: false,
                        session_id: None,
                        agent_mode: AgentMode::Ask,
                    };
                    black_box(build_agent_request(&params, AgentMode::Code))
                },
                BatchSize::SmallInput,
            );
        },
    );
}

criterion_group!(benches, agent_step);
criterion_main!(benches);
