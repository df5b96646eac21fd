//! Boundary tests for the exported `ChatHistory` under Node: the values and errors the extension
//! host sees when it loads, changes and saves the chat history.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, but clippy only recognises `#[test]` as such.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failed unwrap or panic is a failed test here"
)]

use roo_api_wasm::ChatHistory;
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn string(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap()
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

fn length(value: &JsValue) -> u32 {
    js_sys::Array::from(value).length()
}

/// The thrown value's message, after checking it is a real JavaScript `Error`.
fn error_message(error: JsError) -> String {
    let value = JsValue::from(error);
    assert!(value.is_instance_of::<js_sys::Error>());
    value.unchecked_into::<js_sys::Error>().message().into()
}

/// A history with one chat "c1": a question and a streaming reply "a1".
fn chat_in_progress() -> ChatHistory {
    let mut history = ChatHistory::load(None).unwrap();
    history.start_conversation("c1".into(), 1000.0).unwrap();
    history
        .append_user_message("c1", "u1".into(), "What is a lifetime?".into(), 1001.0)
        .unwrap();
    history
        .begin_reply("c1", "a1".into(), "gpt-4o".into(), 1002.0)
        .unwrap();
    history
}

#[wasm_bindgen_test]
fn nothing_saved_is_an_empty_history() {
    for bytes in [None, Some(Vec::new())] {
        let history = ChatHistory::load(bytes).unwrap();
        assert_eq!(length(&history.summaries().unwrap()), 0);
        assert!(history.active_conversation().unwrap().is_undefined());
        assert!(history.load_warnings().is_empty());
    }
}

#[wasm_bindgen_test]
fn a_streamed_chat_survives_to_bytes_and_load() {
    let mut history = chat_in_progress();
    let reply = history
        .apply_chunks(
            "c1",
            "a1",
            json(
                r#"[{"type":"reasoning","text":"hmm"},{"type":"text","text":"A lifetime "},{"type":"text","text":"is a scope."},
                   {"type":"usage","inputTokens":120,"outputTokens":8,"cacheWriteTokens":null,"cacheReadTokens":null,"reasoningTokens":null,"cost":{"kind":"known","usd":0.5,"source":"proxy"}}]"#,
            ),
            1003.0,
        )
        .unwrap();
    assert_eq!(string(&reply, "text"), "A lifetime is a scope.");
    assert_eq!(string(&reply, "reasoning"), "hmm");
    assert_eq!(string(&reply, "state"), "streaming");
    // Missing values cross as `null`, as the generated types say.
    assert!(get(&reply, "error").is_null());
    let reply = history.finish_reply("c1", "a1", 1004.0).unwrap();
    assert_eq!(string(&reply, "state"), "complete");

    let bytes = history.to_bytes().unwrap();
    let loaded = ChatHistory::load(Some(bytes.clone())).unwrap();
    assert!(loaded.load_warnings().is_empty());
    assert_eq!(loaded.to_bytes().unwrap(), bytes);

    let active = loaded.active_conversation().unwrap();
    assert_eq!(string(&active, "id"), "c1");
    assert_eq!(string(&active, "title"), "What is a lifetime?");
    assert_eq!(get(&active, "updatedAtMs").as_f64(), Some(1004.0));
    let messages = get(&active, "messages");
    assert_eq!(length(&messages), 2);
    let reply = js_sys::Array::from(&messages).get(1);
    assert_eq!(string(&reply, "modelId"), "gpt-4o");
    assert_eq!(
        get(&get(&get(&reply, "usage"), "cost"), "usd").as_f64(),
        Some(0.5)
    );

    let summaries = js_sys::Array::from(&loaded.summaries().unwrap());
    assert_eq!(summaries.length(), 1);
    assert_eq!(get(&summaries.get(0), "messageCount").as_f64(), Some(2.0));

    let totals = loaded.totals("c1").unwrap();
    assert_eq!(get(&totals, "inputTokens").as_f64(), Some(120.0));
    assert_eq!(get(&totals, "outputTokens").as_f64(), Some(8.0));
    assert_eq!(get(&totals, "knownCostUsd").as_f64(), Some(0.5));
    assert_eq!(get(&totals, "repliesWithUnknownCost").as_f64(), Some(0.0));

    let params = js_sys::Array::from(&loaded.message_params("c1").unwrap());
    assert_eq!(params.length(), 2);
    assert_eq!(string(&params.get(0), "role"), "user");
    assert_eq!(string(&params.get(0), "content"), "What is a lifetime?");
    assert_eq!(string(&params.get(1), "role"), "assistant");
    assert_eq!(string(&params.get(1), "content"), "A lifetime is a scope.");
}

#[wasm_bindgen_test]
fn an_error_chunk_fails_the_reply_and_retry_keeps_the_question() {
    let mut history = chat_in_progress();
    let reply = history
        .apply_chunks(
            "c1",
            "a1",
            json(
                r#"[{"type":"text","text":"Partial"},{"type":"error","error":{"kind":"serverError","message":"The proxy failed.","detail":null,"status":500,"body":null,"retryAfterSeconds":null,"retryable":true}}]"#,
            ),
            1003.0,
        )
        .unwrap();
    assert_eq!(string(&reply, "state"), "failed");
    assert_eq!(string(&reply, "text"), "Partial");
    assert_eq!(string(&get(&reply, "error"), "kind"), "serverError");

    let retry = history
        .prepare_retry("c1", "a2".into(), "gpt-4o".into(), 1005.0)
        .unwrap();
    assert_eq!(string(&retry, "id"), "a2");
    assert_eq!(string(&retry, "state"), "streaming");
    let messages = js_sys::Array::from(&get(&history.open_conversation("c1").unwrap(), "messages"));
    assert_eq!(messages.length(), 2);
    assert_eq!(string(&messages.get(0), "text"), "What is a lifetime?");
    assert_eq!(length(&history.message_params("c1").unwrap()), 1);
}

#[wasm_bindgen_test]
fn stop_marks_the_reply_stopped_with_the_cancelled_error() {
    let mut history = chat_in_progress();
    let reply = history.stop_reply("c1", "a1", 1003.0).unwrap();
    assert_eq!(string(&reply, "state"), "stopped");
    assert_eq!(string(&get(&reply, "error"), "kind"), "cancelled");
}

#[wasm_bindgen_test]
fn misuse_throws_errors_that_name_the_problem() {
    let mut history = chat_in_progress();
    let message = error_message(
        history
            .append_user_message("nope", "u9".into(), "hi".into(), 1.0)
            .unwrap_err(),
    );
    assert!(message.contains("\"nope\""), "{message}");
    let message = error_message(
        history
            .apply_chunks("c1", "zz", json("[]"), 1.0)
            .unwrap_err(),
    );
    assert!(message.contains("\"zz\""), "{message}");
    let message = error_message(
        history
            .apply_chunks("c1", "a1", json(r#"[{"type":"bogus"}]"#), 1.0)
            .unwrap_err(),
    );
    assert!(message.contains("the stream chunks"), "{message}");
    let message = error_message(
        history
            .prepare_retry("c1", "a2".into(), "m".into(), 1.0)
            .unwrap_err(),
    );
    assert!(message.contains("streaming"), "{message}");
    let message = error_message(history.finish_reply("c1", "a1", f64::NAN).unwrap_err());
    assert!(message.contains("nowMs"), "{message}");
    assert!(error_message(history.totals("gone").unwrap_err()).contains("\"gone\""));
    assert!(history.open_conversation("gone").unwrap().is_undefined());
}

#[wasm_bindgen_test]
fn unreadable_bytes_throw_and_one_bad_chat_is_a_warning() {
    let message =
        error_message(ChatHistory::load(Some(b"{\"version\": 2, \"conv".to_vec())).unwrap_err());
    assert!(message.contains("not valid JSON"), "{message}");
    let message = error_message(ChatHistory::load(Some(b"{\"version\": 9}".to_vec())).unwrap_err());
    assert!(message.contains("newer version"), "{message}");

    let history = ChatHistory::load(Some(
        br#"{"version":2,"activeConversationId":null,"conversations":[{"id":"broken"},
            {"id":"ok","title":"t","createdAtMs":1,"updatedAtMs":2,"messages":[]}]}"#
            .to_vec(),
    ))
    .unwrap();
    let warnings = history.load_warnings();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("\"broken\""), "{}", warnings[0]);
    assert!(history.message_params("ok").is_ok());
}

#[wasm_bindgen_test]
fn starting_opening_and_deleting_chats() {
    let mut history = chat_in_progress();
    let started = history.start_conversation("c2".into(), 2000.0).unwrap();
    assert_eq!(string(&started, "id"), "c2");
    assert_eq!(string(&history.active_conversation().unwrap(), "id"), "c2");
    assert!(history.start_conversation("c1".into(), 1.0).is_err());
    assert_eq!(
        string(&history.open_conversation("c1").unwrap(), "id"),
        "c1"
    );
    assert!(history.delete_conversation("c1"));
    assert!(!history.delete_conversation("c1"));
    assert!(history.active_conversation().unwrap().is_undefined());
}
