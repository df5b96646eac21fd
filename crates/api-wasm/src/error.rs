//! How the core's [`ApiError`] reaches JavaScript when it is thrown rather than streamed: a real
//! `Error` (so stack traces and `instanceof Error` work) named `RooApiError`, carrying every field
//! of the core's error, so the host can branch on `kind` and `retryable` and log `status`.

use roo_api::ApiError;
use wasm_bindgen::prelude::*;

use crate::convert::to_js;

/// The JavaScript `Error` for a classified failure. Its properties are the generated `ApiError`
/// type's fields; its message is the user-facing sentence, which never contains the key.
pub(crate) fn api_error_to_js(error: &ApiError) -> JsValue {
    let js_error = js_sys::Error::new(&error.message);
    js_error.set_name("RooApiError");
    if let Ok(fields) = to_js(error) {
        let _ = js_sys::Object::assign(&js_error, &fields.unchecked_into());
    }
    js_error.into()
}
