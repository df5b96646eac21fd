//! The team features' exports that are not part of a handler: whether a custom header's value
//! is a secret for SecretStorage. They convert and delegate to the core.

use roo_api::providers::litellm::custom_headers;
use wasm_bindgen::prelude::*;

/// Whether a custom header's value should be kept in SecretStorage, by its name or its look.
#[wasm_bindgen(js_name = headerLooksSecret)]
#[must_use]
pub fn header_looks_secret(name: &str, value: &str) -> bool {
    custom_headers::header_looks_secret(name, value)
}
