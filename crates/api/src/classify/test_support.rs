//! Fixtures shared by the classifier's tests: a key to redact, LiteLLM's error body shape and
//! header lists.

use serde_json::json;

/// A key shaped like LiteLLM's, which must never appear in anything an error keeps.
pub(super) const KEY: &str = "sk-test-0123456789abcdef";

/// A body in LiteLLM's `{"error":{"message","type","param","code"}}` shape.
pub(super) fn litellm_body(message: &str, error_type: Option<&str>, code: &str) -> String {
    json!({"error": {"message": message, "type": error_type, "param": null, "code": code}})
        .to_string()
}

/// An answer without headers.
pub(super) fn no_headers() -> Vec<(String, String)> {
    Vec::new()
}

/// Headers from name and value pairs.
pub(super) fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}
