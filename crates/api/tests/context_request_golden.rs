//! The request body the proxy receives for a message with workspace context: an @-mentioned
//! file's text (its path and numbered lines) and a pasted image, sent through the public API as
//! the extension does (resolve the mention, begin the send, plan the request, build it).

#![allow(
    clippy::unwrap_used,
    reason = "a failed unwrap in a test helper fails the test"
)]

use roo_api::chat::Conversation;
use roo_api::chat::send::{RequestSizing, SendInput};
use roo_api::context::{ChatImage, ContextLimits, MentionContent, resolve_attachment};
use roo_api::schema::ProviderSettings;
use roo_api::{ApiHandler, build_api_handler};
use serde_json::{Value, json};

const SYSTEM_PROMPT: &str = "You are Roo.";

/// The request body for one user message with the file and the image.
fn request_body() -> Value {
    let settings = ProviderSettings::from_json_value(&json!({
        "litellmApiUrl": "http://127.0.0.1:4000",
        "litellmModelId": "vision-model",
        "litellmModelInfo": {"contextWindow": 128000, "maxTokens": 4096, "supportsImages": true}
    }))
    .unwrap();
    let ApiHandler::LiteLlm(handler) = build_api_handler(&settings).unwrap();
    let model = handler.model();
    let file = resolve_attachment(
        &MentionContent::File {
            path: "src/math.rs".into(),
            bytes: b"pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n".to_vec(),
            size_on_disk: 47,
            outside_workspace: false,
        },
        &ContextLimits::default(),
    )
    .unwrap();
    let image = ChatImage {
        name: "error.png".into(),
        media_type: "image/png".into(),
        data: "iVBORw0KGgo=".into(),
        width: 64,
        height: 32,
    };
    let mut chat = Conversation::new("c1", 1.0);
    chat.begin_send(
        SendInput {
            user_message_id: "u1".into(),
            reply_id: "a1".into(),
            text: "Why does this fail?".into(),
            attachments: vec![file],
            images: vec![image],
        },
        &model.id,
        &model.info,
        SYSTEM_PROMPT,
        2.0,
    )
    .unwrap();
    let planned = chat
        .planned_request(&RequestSizing::new(&model.info, SYSTEM_PROMPT))
        .unwrap();
    assert_eq!(planned.notice(), None);
    let prepared = handler.create_message(SYSTEM_PROMPT, &planned.messages);
    serde_json::from_str(prepared.request.body.as_deref().unwrap()).unwrap()
}

#[test]
fn a_file_attachment_and_an_image_reach_the_proxy_as_text_and_image_url_parts() {
    assert_eq!(
        request_body(),
        json!({
            "model": "vision-model",
            "max_tokens": 4096,
            "stream": true,
            "stream_options": {"include_usage": true},
            "messages": [
                {"role": "system", "content": "You are Roo."},
                {"role": "user", "content": [
                    {"type": "text", "text": "Why does this fail?"},
                    {"type": "text", "text": "File: src/math.rs\n```\n1 | pub fn add(a: i32, b: i32) -> i32 {\n2 |     a + b\n3 | }\n```"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
                ]}
            ]
        })
    );
}
