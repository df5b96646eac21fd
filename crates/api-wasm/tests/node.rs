//! Boundary tests that run under Node with `wasm-pack test --node`: what the extension host sees.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, but clippy only recognises `#[test]` as such.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failed unwrap or panic is a failed test here"
)]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn backend_info_is_a_plain_object_with_version_and_providers() {
    let value = roo_api_wasm::backend_info().unwrap();
    assert!(value.is_object());
    let version = js_sys::Reflect::get(&value, &JsValue::from_str("version")).unwrap();
    assert_eq!(
        version.as_string().as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    let providers = js_sys::Reflect::get(&value, &JsValue::from_str("providers")).unwrap();
    assert!(js_sys::Array::is_array(&providers));
    let array = js_sys::Array::from(&providers);
    assert!(
        array
            .iter()
            .any(|name| name.as_string().as_deref() == Some("litellm"))
    );
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn settings(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn invalid_settings_throw_a_classified_error_naming_the_problem() {
    let Err(error) = roo_api_wasm::build_api_handler(
        settings(r#"{"litellmApiUrl": "file:///etc/passwd"}"#),
        JsValue::UNDEFINED,
    ) else {
        panic!("a file: URL must be refused");
    };
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("RooApiError")
    );
    assert_eq!(
        get(&error, "kind").as_string().as_deref(),
        Some("invalidSettings")
    );
    assert_eq!(get(&error, "retryable").as_bool(), Some(false));
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("http"), "{message}");
}

#[wasm_bindgen_test]
fn a_field_of_the_wrong_type_is_named() {
    let Err(error) =
        roo_api_wasm::build_api_handler(settings(r#"{"litellmModelId": 42}"#), JsValue::UNDEFINED)
    else {
        panic!("a numeric model id must be refused");
    };
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("litellmModelId"), "{message}");
}

#[wasm_bindgen_test]
fn get_model_resolves_the_defaults_as_plain_objects() {
    let handler = roo_api_wasm::build_api_handler(settings("{}"), JsValue::UNDEFINED).unwrap();
    let model = handler.get_model().unwrap();
    assert_eq!(
        get(&model, "id").as_string().as_deref(),
        Some("gpt-3.5-turbo")
    );
    let info = get(&model, "info");
    assert_eq!(get(&info, "contextWindow").as_f64(), Some(16385.0));
    // Unknown prices cross as null, never as 0 or undefined.
    assert!(get(&info, "inputPrice").is_null());
}

#[wasm_bindgen_test]
async fn count_tokens_counts_with_o200k() {
    let handler = roo_api_wasm::build_api_handler(settings("{}"), JsValue::UNDEFINED).unwrap();
    let blocks = settings(r#"[{"type": "text", "text": "hello world"}]"#);
    let count = wasm_bindgen_futures::JsFuture::from(handler.count_tokens(blocks))
        .await
        .unwrap();
    assert_eq!(count.as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
fn context_usage_counts_the_whole_request_and_its_reserve() {
    let handler = roo_api_wasm::build_api_handler(
        settings(r#"{"litellmModelInfo": {"contextWindow": 1000, "maxTokens": 995}}"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let messages = r#"[{"role": "user", "content": "hello world"}]"#;
    let usage = handler
        .context_usage("Be brief.", settings(messages))
        .unwrap();
    // The system prompt, the message and their overheads, as the core counts the request.
    let expected = roo_api::tokens::count_message_tokens(
        "Be brief.",
        &serde_json::from_str::<Vec<roo_api::MessageParam>>(messages).unwrap(),
    );
    assert!(expected > roo_api::tokens::count_text_tokens("hello world") + 10);
    let input = get(&usage, "inputTokens").as_f64().unwrap();
    assert_eq!(input, expected as f64);
    assert_eq!(get(&usage, "contextWindow").as_f64(), Some(1000.0));
    // The reply's reserve is what the window leaves, since that is below the output limit.
    assert_eq!(get(&usage, "outputReserve").as_f64(), Some(1000.0 - input));
    assert_eq!(get(&usage, "available").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn context_usage_reports_no_reserve_as_null() {
    let handler = roo_api_wasm::build_api_handler(
        settings(r#"{"litellmModelInfo": {"contextWindow": 10, "maxTokens": 5}}"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let usage = handler
        .context_usage(
            "",
            settings(
                r#"[{"role": "user", "content": "a longer question than ten tokens can hold"}]"#,
            ),
        )
        .unwrap();
    assert!(get(&usage, "outputReserve").is_null());
    assert_eq!(get(&usage, "available").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
async fn a_stream_to_a_closed_port_ends_with_an_unreachable_error_chunk() {
    let handler = roo_api_wasm::build_api_handler(
        settings(r#"{"litellmApiUrl": "http://127.0.0.1:9"}"#),
        settings(r#"{"maxRetries": 0}"#),
    )
    .unwrap();
    let messages = settings(r#"[{"role": "user", "content": "hi"}]"#);
    let stream = handler
        .create_message("", messages, JsValue::UNDEFINED)
        .unwrap();
    let batch = wasm_bindgen_futures::JsFuture::from(stream.next())
        .await
        .unwrap();
    let chunk = js_sys::Array::from(&batch).get(0);
    assert_eq!(get(&chunk, "type").as_string().as_deref(), Some("error"));
    let error = get(&chunk, "error");
    assert_eq!(
        get(&error, "kind").as_string().as_deref(),
        Some("proxyUnreachable")
    );
    let after = wasm_bindgen_futures::JsFuture::from(stream.next())
        .await
        .unwrap();
    assert!(after.is_undefined());
}

#[wasm_bindgen_test]
fn a_chat_held_in_wasm_is_measured_like_the_same_messages_from_javascript() {
    let handler = roo_api_wasm::build_api_handler(
        settings(r#"{"litellmModelInfo": {"contextWindow": 5000, "maxTokens": 1000}}"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let mut chat = roo_api_wasm::OpenChat::create("chat-1".to_owned(), 1.0).unwrap();
    chat.append_user_message("m1".to_owned(), "What is a monad?".to_owned(), 2.0)
        .unwrap();
    let held = handler.chat_context_usage(&chat, "Be brief.").unwrap();
    let crossed = handler
        .context_usage("Be brief.", chat.message_params().unwrap())
        .unwrap();
    let input = get(&held, "inputTokens").as_f64().unwrap();
    assert!(
        input > 10.0,
        "the message and the system prompt are counted"
    );
    assert_eq!(Some(input), get(&crossed, "inputTokens").as_f64());
    assert_eq!(
        get(&held, "outputReserve").as_f64(),
        get(&crossed, "outputReserve").as_f64()
    );
    // A longer chat takes more of the window.
    chat.append_user_message("m2".to_owned(), "And a functor?".to_owned(), 3.0)
        .unwrap();
    let longer = handler.chat_context_usage(&chat, "Be brief.").unwrap();
    assert!(get(&longer, "inputTokens").as_f64().unwrap() > input);
}
