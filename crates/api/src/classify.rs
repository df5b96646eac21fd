//! Turns what the proxy answered into an [`ApiError`]: HTTP error statuses with LiteLLM's error
//! bodies, error frames inside a stream, and transport failures the boundary observed.

use crate::errors::ApiError;

/// Classifies a non-2xx HTTP answer. `headers` are the response headers (any case), `body` the raw
/// body text, `secret` the API key to redact from everything kept.
#[must_use]
pub fn classify_http_error(
    status: u16,
    headers: &[(String, String)],
    body: &str,
    secret: Option<&str>,
) -> ApiError {
    let _ = (status, headers, body, secret);
    todo!("issue 3: helper C")
}

/// Classifies a `data: {"error": {...}}` frame that arrived inside a 200 stream.
#[must_use]
pub fn classify_stream_error(frame: &serde_json::Value, secret: Option<&str>) -> ApiError {
    let _ = (frame, secret);
    todo!("issue 3: helper C")
}
