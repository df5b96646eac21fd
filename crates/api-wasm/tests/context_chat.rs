//! Boundary tests for sending with workspace context under Node: `beginSend` (attachments,
//! images, a refusal that changes nothing), `createReply`'s planned request and its notice, the
//! meter of the planned request, and Condense (`beginCondense`, `createCondenseReply`,
//! `offerCondense`).
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, but clippy only recognises `#[test]` as such.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failed unwrap or panic is a failed test here"
)]

use roo_api_wasm::{ApiHandler, OpenChat};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

fn error_message(error: JsError) -> String {
    let value = JsValue::from(error);
    value.unchecked_into::<js_sys::Error>().message().into()
}

/// A handler for a model with this window, 500 tokens out, that takes images when `vision`.
fn handler(context_window: u32, vision: bool) -> ApiHandler {
    let settings = format!(
        r#"{{"litellmModelId": "m", "litellmModelInfo": {{"contextWindow": {context_window}, "maxTokens": 500, "supportsImages": {vision}}}}}"#
    );
    roo_api_wasm::build_api_handler(json(&settings), JsValue::UNDEFINED).unwrap()
}

fn send_input(user: &str, reply: &str, text: &str, extra: &str) -> JsValue {
    json(&format!(
        r#"{{"userMessageId": "{user}", "replyId": "{reply}", "text": "{text}", "attachments": [], "images": []{extra}}}"#
    ))
}

const IMAGE: &str = r#"{"name": "shot.png", "mediaType": "image/png", "data": "iVBORw0KGgo=", "width": 20, "height": 10}"#;

/// Sends and finishes `count` exchanges whose replies are `words` words long.
fn long_chat(handler: &ApiHandler, count: usize, words: usize) -> OpenChat {
    let mut chat = OpenChat::create("c1".to_owned(), 1.0).unwrap();
    for n in 0..count {
        let (user, reply) = (format!("u{n}"), format!("a{n}"));
        handler
            .begin_send(
                &mut chat,
                send_input(&user, &reply, &format!("question {n}"), ""),
                "sys",
                2.0,
            )
            .unwrap();
        let chunk = format!(
            r#"[{{"type": "text", "text": "{}"}}]"#,
            "answer ".repeat(words)
        );
        chat.apply_chunks(&reply, json(&chunk), 3.0).unwrap();
        chat.finish_reply(&reply, 4.0, None).unwrap();
    }
    chat
}

#[wasm_bindgen_test]
fn begin_send_adds_the_message_with_its_image_and_a_streaming_reply() {
    let handler = handler(100_000, true);
    let mut chat = OpenChat::create("c1".to_owned(), 1.0).unwrap();
    let extra = format!(r#", "images": [{IMAGE}]"#);
    let input = json(&format!(
        r#"{{"userMessageId": "u1", "replyId": "a1", "text": "", "attachments": [{{"kind": "file", "label": "a.rs", "text": "File: a.rs\n```\n1 | x\n```", "tokens": 9, "note": null}}]{extra}}}"#
    ));
    let started = handler.begin_send(&mut chat, input, "sys", 2.0).unwrap();
    let user = get(&started, "userMessage");
    assert_eq!(js_sys::Array::from(&get(&user, "images")).length(), 1);
    assert_eq!(js_sys::Array::from(&get(&user, "attachments")).length(), 1);
    assert_eq!(
        get(&get(&started, "reply"), "state").as_string().as_deref(),
        Some("streaming")
    );
    assert_eq!(chat.title(), "a.rs");
}

#[wasm_bindgen_test]
fn a_refused_send_throws_the_core_sentence_and_changes_nothing() {
    let handler = handler(100_000, false);
    let mut chat = long_chat(&handler, 1, 3);
    let before = chat.to_bytes().unwrap();
    let extra = format!(r#", "images": [{IMAGE}]"#);
    let error = handler
        .begin_send(
            &mut chat,
            send_input("u9", "a9", "look", &extra),
            "sys",
            9.0,
        )
        .unwrap_err();
    assert!(error_message(error).contains("The model m does not take images"));
    let small = self::handler(2_000, false);
    let huge = "word ".repeat(3_000);
    let error = small
        .begin_send(&mut chat, send_input("u9", "a9", &huge, ""), "sys", 9.0)
        .unwrap_err();
    assert!(error_message(error).contains("start a new chat"));
    assert_eq!(
        chat.to_bytes().unwrap(),
        before,
        "nothing was added, not even the time"
    );
}

#[wasm_bindgen_test]
fn create_reply_sends_the_planned_request_and_the_reply_keeps_the_notice() {
    let handler = handler(3_000, false);
    let mut chat = long_chat(&handler, 12, 300);
    handler
        .begin_send(
            &mut chat,
            send_input("u99", "a99", "latest", ""),
            "sys",
            5.0,
        )
        .unwrap();
    let whole = handler
        .context_usage("sys", chat.message_params().unwrap())
        .unwrap();
    let planned = handler.chat_context_usage(&chat, "sys").unwrap();
    let planned_input = get(&planned, "inputTokens").as_f64().unwrap();
    assert!(planned_input < get(&whole, "inputTokens").as_f64().unwrap());
    // Within the budget: the window less the reserve (500) and a tenth of the window.
    assert!(planned_input <= 3_000.0 - 500.0 - 300.0, "{planned_input}");
    let _stream = handler
        .create_reply(&mut chat, "sys", JsValue::UNDEFINED)
        .unwrap();
    let reply = chat.message("a99").unwrap();
    let notice = get(&reply, "contextNotice").as_string().unwrap();
    assert!(notice.contains("leaves out"), "{notice}");
    assert!(chat.message("nope").unwrap().is_undefined());
}

#[wasm_bindgen_test]
fn condense_starts_a_summary_and_is_offered_past_the_threshold() {
    let handler = handler(100_000, false);
    let mut short = long_chat(&handler, 1, 3);
    assert!(!short.can_condense());
    let error = handler
        .begin_condense(&mut short, "s1".to_owned(), 5.0)
        .unwrap_err();
    assert!(error_message(error).contains("nothing to condense"));

    let mut chat = long_chat(&handler, 4, 3);
    let usage = |input: u32| {
        json(&format!(
            r#"{{"inputTokens": {input}, "contextWindow": 1000, "outputReserve": null, "available": 0}}"#
        ))
    };
    assert!(chat.offer_condense(usage(900), 0.8).unwrap());
    assert!(!chat.offer_condense(usage(700), 0.8).unwrap());
    assert!(!chat.offer_condense(JsValue::NULL, 0.8).unwrap());

    let summary = handler
        .begin_condense(&mut chat, "s1".to_owned(), 5.0)
        .unwrap();
    assert_eq!(js_sys::Array::from(&get(&summary, "summaryOf")).length(), 5);
    let _stream = handler
        .create_condense_reply(&chat, "sys", JsValue::UNDEFINED)
        .unwrap();
    // While the summary streams there is nothing more to condense.
    assert!(!chat.can_condense());
}
