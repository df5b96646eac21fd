//! Boundary tests that run under Node with `wasm-pack test --node`: what the extension host sees.
#![cfg(target_arch = "wasm32")]
// `#[wasm_bindgen_test]` functions are tests, but clippy only recognises `#[test]` as such.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test here")]

use wasm_bindgen::JsValue;
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
