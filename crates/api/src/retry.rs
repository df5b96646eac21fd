//! When a failed request is worth sending again, and how long to wait first: rate limits and
//! server errors that arrived before any content, a bounded number of times, with exponential
//! backoff that gives way to the proxy's own `retry-after`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::errors::{ApiError, ApiErrorKind};

/// How a handler retries and how long it waits, in milliseconds. Every field has a default, so
/// the host may pass only what it wants to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RequestPolicy {
    /// How many times a request that failed before its first byte is sent again.
    pub max_retries: u32,
    /// The first backoff; each further retry doubles it.
    pub base_delay_ms: u32,
    /// The longest wait before a retry. A `retry-after` longer than this is not waited for: the
    /// error is shown with the wait in its message instead of a spinner that seems stuck.
    pub max_delay_ms: u32,
    /// How long to wait for the response headers (connection included).
    pub headers_timeout_ms: u32,
    /// How long to wait between two pieces of a streamed body. Reasoning models can think for a
    /// long time before their first token, so this is generous.
    pub idle_timeout_ms: u32,
    /// How long model discovery may take per endpoint.
    pub discovery_timeout_ms: u32,
}

impl Default for RequestPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            base_delay_ms: 500,
            max_delay_ms: 20_000,
            headers_timeout_ms: 120_000,
            idle_timeout_ms: 120_000,
            discovery_timeout_ms: 15_000,
        }
    }
}

impl RequestPolicy {
    /// The wait before retry number `attempt + 1` of a request that failed with `error` before
    /// any content streamed, or `None` when it should not be retried. Only HTTP 429 and 5xx
    /// answers qualify: a refused key, an unknown model or a too-long prompt fail the same way
    /// every time, and a cancel or a timeout has already made the user wait.
    #[must_use]
    pub fn delay_before_retry(&self, attempt: u32, error: &ApiError) -> Option<u32> {
        let is_retryable_answer = error.status.is_some()
            && matches!(
                error.kind,
                ApiErrorKind::RateLimited | ApiErrorKind::ServerError | ApiErrorKind::UpstreamDown
            );
        if !is_retryable_answer || attempt >= self.max_retries {
            return None;
        }
        let backoff = self
            .base_delay_ms
            .saturating_mul(2_u32.saturating_pow(attempt))
            .min(self.max_delay_ms);
        match error.retry_after_seconds {
            Some(seconds) => {
                let asked = seconds * 1000.0;
                // A wait longer than the cap is left to the user, whose message says how long.
                (asked.is_finite() && asked >= 0.0 && asked <= f64::from(self.max_delay_ms))
                    .then(|| backoff.max(asked.ceil() as u32))
            }
            None => Some(backoff),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(
        kind: ApiErrorKind,
        status: Option<u16>,
        retry_after_seconds: Option<f64>,
    ) -> ApiError {
        ApiError {
            kind,
            message: String::new(),
            detail: None,
            status,
            body: None,
            retry_after_seconds,
            retryable: true,
        }
    }

    #[test]
    fn server_errors_back_off_exponentially_and_stop() {
        let policy = RequestPolicy::default();
        let failure = error(ApiErrorKind::ServerError, Some(500), None);
        assert_eq!(policy.delay_before_retry(0, &failure), Some(500));
        assert_eq!(policy.delay_before_retry(1, &failure), Some(1000));
        assert_eq!(policy.delay_before_retry(2, &failure), None);
    }

    #[test]
    fn a_rate_limit_waits_as_long_as_the_proxy_asks() {
        let policy = RequestPolicy::default();
        let failure = error(ApiErrorKind::RateLimited, Some(429), Some(2.0));
        assert_eq!(policy.delay_before_retry(0, &failure), Some(2000));
    }

    #[test]
    fn a_wait_beyond_the_cap_is_not_retried() {
        let policy = RequestPolicy::default();
        let failure = error(ApiErrorKind::RateLimited, Some(429), Some(3600.0));
        assert_eq!(policy.delay_before_retry(0, &failure), None);
    }

    #[test]
    fn errors_that_would_fail_again_are_not_retried() {
        let policy = RequestPolicy::default();
        for kind in [
            ApiErrorKind::Unauthorized,
            ApiErrorKind::UnknownModel,
            ApiErrorKind::ContextWindowExceeded,
            ApiErrorKind::BadRequest,
            ApiErrorKind::Cancelled,
            ApiErrorKind::Timeout,
        ] {
            assert_eq!(
                policy.delay_before_retry(0, &error(kind, Some(400), None)),
                None,
                "{kind:?}"
            );
        }
        // A stream error frame has no status: content may already have streamed.
        assert_eq!(
            policy.delay_before_retry(0, &error(ApiErrorKind::ServerError, None, None)),
            None
        );
    }

    #[test]
    fn missing_fields_take_the_defaults() {
        let policy: RequestPolicy = serde_json::from_str(r#"{"idleTimeoutMs": 50}"#).unwrap();
        assert_eq!(policy.idle_timeout_ms, 50);
        assert_eq!(policy.max_retries, RequestPolicy::default().max_retries);
    }
}
