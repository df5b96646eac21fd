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
