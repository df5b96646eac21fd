//! Golden request bodies for prompt caching, the model's own parameters and the session id.

use super::*;
use crate::messages::{ContentBlock, ImageSource, MessageContent, MessageParam, Role};
use crate::providers::litellm::model_params::{ModelRequestShape, ReasoningEffort};
use crate::providers::litellm::request::{ChatRequestParams, build_chat_request};
use crate::transform::openai_format::convert_to_openai_messages;

const URL: &str = "http://localhost:4000/v1/chat/completions";

fn body(messages: &[OpenAiMessage], prompt_caching: bool, shape: ModelRequestShape) -> String {
    build_chat_request(&ChatRequestParams {
        chat_completions_url: URL,
        api_key: None,
        model_id: "claude",
        messages,
        max_tokens: Some(1000),
        temperature: None,
        shape,
        prompt_caching,
        session_id: None,
        agent_mode: crate::agent::AgentMode::Ask,
    })
    .body
    .unwrap()
}

fn three_turns() -> Vec<OpenAiMessage> {
    convert_to_openai_messages(
        "You are helpful.",
        &[
            MessageParam::user_text("First"),
            MessageParam::assistant_text("One"),
            MessageParam::user_text("Second"),
            MessageParam::assistant_text("Two"),
            MessageParam::user_text("Third"),
        ],
    )
}

#[test]
fn the_system_prompt_and_the_last_two_user_messages_are_marked() {
    let sent = three_turns();
    assert_eq!(cache_breakpoints(&sent), [0, 3, 5]);
    assert_eq!(
        body(&sent, true, ModelRequestShape::default()),
        concat!(
            r#"{"model":"claude","messages":["#,
            r#"{"role":"system","content":[{"type":"text","text":"You are helpful.","cache_control":{"type":"ephemeral"}}]},"#,
            r#"{"role":"user","content":"First"},"#,
            r#"{"role":"assistant","content":"One"},"#,
            r#"{"role":"user","content":[{"type":"text","text":"Second","cache_control":{"type":"ephemeral"}}]},"#,
            r#"{"role":"assistant","content":"Two"},"#,
            r#"{"role":"user","content":[{"type":"text","text":"Third","cache_control":{"type":"ephemeral"}}]}"#,
            r#"],"stream":true,"stream_options":{"include_usage":true},"max_tokens":1000}"#
        )
    );
}

#[test]
fn caching_off_sends_the_messages_unchanged() {
    let sent = three_turns();
    let plain = body(&sent, false, ModelRequestShape::default());
    assert!(!plain.contains("cache_control"), "{plain}");
    assert!(plain.contains(r#"{"role":"system","content":"You are helpful."}"#));
}

#[test]
fn with_images_the_last_text_part_carries_the_mark() {
    let sent = convert_to_openai_messages(
        "",
        &[MessageParam {
            role: Role::User,
            content: MessageContent::Blocks(vec![
                ContentBlock::text("Look"),
                ContentBlock::text("at this"),
                ContentBlock::Image {
                    source: ImageSource::Base64 {
                        media_type: "image/png".into(),
                        data: "iVBO".into(),
                    },
                },
            ]),
        }],
    );
    assert_eq!(
        body(&sent, true, ModelRequestShape::default()),
        concat!(
            r#"{"model":"claude","messages":[{"role":"user","content":["#,
            r#"{"type":"text","text":"Look"},"#,
            r#"{"type":"text","text":"at this","cache_control":{"type":"ephemeral"}},"#,
            r#"{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO"}}]}],"#,
            r#""stream":true,"stream_options":{"include_usage":true},"max_tokens":1000}"#
        )
    );
}

#[test]
fn empty_texts_tool_messages_and_a_missing_system_prompt_get_no_mark() {
    let sent = convert_to_openai_messages(
        "",
        &[
            MessageParam::user_text("Only"),
            MessageParam::assistant_text("ok"),
            MessageParam::user_text(""),
        ],
    );
    // The empty user message is skipped; there are fewer than two others to mark.
    assert_eq!(cache_breakpoints(&sent), [0]);
    assert!(matches!(sent[0], OpenAiMessage::User { .. }));
    let written: serde_json::Value =
        serde_json::from_str(&body(&sent, true, ModelRequestShape::default())).unwrap();
    assert_eq!(
        written["messages"][0]["content"][0]["cache_control"]["type"],
        "ephemeral"
    );
}

#[test]
fn a_reasoning_model_gets_max_completion_tokens_effort_and_no_temperature() {
    let listed: Vec<String> = ["max_completion_tokens", "reasoning_effort"]
        .map(str::to_owned)
        .to_vec();
    let shape = ModelRequestShape::decide(Some(&listed), true, Some(ReasoningEffort::Medium));
    let sent = convert_to_openai_messages("", &[MessageParam::user_text("Hi")]);
    let request = build_chat_request(&ChatRequestParams {
        chat_completions_url: URL,
        api_key: None,
        model_id: "o3",
        messages: &sent,
        max_tokens: Some(500),
        temperature: Some(0.2),
        shape,
        prompt_caching: false,
        session_id: Some("chat-42"),
        agent_mode: crate::agent::AgentMode::Ask,
    });
    assert_eq!(
        request.body.unwrap(),
        concat!(
            r#"{"model":"o3","messages":[{"role":"user","content":"Hi"}],"stream":true,"#,
            r#""stream_options":{"include_usage":true},"max_completion_tokens":500,"#,
            r#""reasoning_effort":"medium","litellm_session_id":"chat-42"}"#
        )
    );
}
