//! The core's one error type: what went wrong, in plain words for the user, with the raw detail
//! (HTTP status, body) kept for the logs, and whether trying again may help.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of failure an [`ApiError`] is; the webview picks its wording and icon from this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ApiErrorKind {
    /// The settings are invalid (bad URL, bad model info); nothing was sent.
    InvalidSettings,
    /// The proxy rejected the key (401, or LiteLLM's 400 `no_db_connection` for a wrong key).
    Unauthorized,
    /// The proxy does not know the model id.
    UnknownModel,
    /// The conversation does not fit in the model's context window.
    ContextWindowExceeded,
    /// The proxy or the provider behind it is rate limiting.
    RateLimited,
    /// The proxy could not reach the provider behind it.
    UpstreamDown,
    /// The proxy failed in another way (5xx).
    ServerError,
    /// The proxy refused the request for another reason (4xx).
    BadRequest,
    /// The proxy could not be reached at all (connection refused, DNS, TLS).
    ProxyUnreachable,
    /// The proxy answered something that is not what the protocol says.
    MalformedResponse,
    /// The stream ended before the reply was complete.
    StreamCutShort,
    /// No answer in time.
    Timeout,
    /// The user stopped the request.
    Cancelled,
}

/// A classified failure. `message` is a full sentence for the user that says what to do; the
/// other fields keep the raw detail. None of them ever contains the API key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// The class of failure.
    pub kind: ApiErrorKind,
    /// What happened and what to do, for the user.
    pub message: String,
    /// The proxy's own error message, when it sent one.
    pub detail: Option<String>,
    /// The HTTP status, when the failure came as one.
    pub status: Option<u16>,
    /// The raw response body (truncated), when there was one.
    pub body: Option<String>,
    /// Seconds to wait before retrying, when the proxy said.
    pub retry_after_seconds: Option<f64>,
    /// Whether sending the same request again may succeed.
    pub retryable: bool,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}
