//! Turns what the proxy answered into an [`ApiError`]: HTTP error statuses with LiteLLM's error
//! bodies, error frames inside a stream, and transport failures the boundary observed.
//!
//! LiteLLM answers errors as `{"error":{"message","type","param","code"}}` with `code` a string
//! such as `"400"`, even for `stream: true` requests that fail before the first chunk; failures
//! after the stream started arrive as a `data: {"error":{...}}` frame (litellm 1.106.2). Some
//! failures come as plain text (a 500 when the proxy lacks `prisma`) or as an HTML page from
//! something in front of the proxy, so every shape is handled without assuming JSON.
//!
//! This file holds the entry points. Reading the body (`error_body`), deciding the kind
//! (`rules`), reading the retry wait (`retry_after`, `http_date`), the user's sentences
//! (`wording`) and keeping text safely (`redact`) live in their own files.

pub mod budget;
pub mod certificate;
mod error_body;
mod http_date;
mod redact;
mod retry_after;
mod rules;
#[cfg(test)]
mod test_support;
mod wording;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::errors::{ApiError, ApiErrorKind};
use error_body::ProxyErrorBody;
use redact::{keep_non_empty, non_empty};
use retry_after::{retry_after_from_headers, retry_after_from_message};
use rules::classify;

pub(crate) use redact::keep_body;
pub use redact::{MAX_KEPT_BODY_BYTES, redact_secrets, truncate_at_char_boundary};

/// Which wait timed out, so the message can say what the user should check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TimeoutPhase {
    /// Connecting or waiting for the response headers: the proxy (or the model behind it) did
    /// not start answering.
    WaitingForResponse,
    /// The stream had started but nothing arrived for too long between two chunks.
    BetweenChunks,
}

/// Whether a failure of this kind may succeed when the same request is sent again.
#[must_use]
pub fn is_retryable(kind: ApiErrorKind) -> bool {
    match kind {
        ApiErrorKind::RateLimited
        | ApiErrorKind::UpstreamDown
        | ApiErrorKind::ServerError
        | ApiErrorKind::Timeout
        | ApiErrorKind::ProxyUnreachable
        | ApiErrorKind::StreamCutShort
        // A malformed answer may be a one-off (a proxy restarting, a cut connection), so one
        // retry is worth offering.
        | ApiErrorKind::MalformedResponse => true,
        ApiErrorKind::Unauthorized
        | ApiErrorKind::UnknownModel
        | ApiErrorKind::ContextWindowExceeded
        | ApiErrorKind::BadRequest
        | ApiErrorKind::InvalidSettings
        | ApiErrorKind::Cancelled => false,
    }
}

/// Classifies a non-2xx HTTP answer. `headers` are the response headers (any case), `body` the raw
/// body text, `secret` the API key to redact from everything kept.
#[must_use]
pub fn classify_http_error(
    status: u16,
    headers: &[(String, String)],
    body: &str,
    secret: Option<&str>,
) -> ApiError {
    let parsed = ProxyErrorBody::parse(body);
    let code = parsed.code_status();
    let classification = classify(Some(status), code, &parsed, secret);
    let retry_after_seconds = if classification.kind == ApiErrorKind::RateLimited {
        retry_after_from_headers(headers).or_else(|| retry_after_from_message(&parsed.message))
    } else {
        None
    };
    let message = match retry_after_seconds {
        Some(seconds) => wording::rate_limited(Some(seconds)),
        None => classification.message,
    };
    let kept_body = if body.trim().is_empty() {
        None
    } else {
        Some(keep_body(body, secret))
    };
    ApiError {
        kind: classification.kind,
        message,
        detail: parsed.detail(secret),
        status: Some(status),
        body: kept_body,
        retry_after_seconds,
        retryable: is_retryable(classification.kind),
    }
}

/// Classifies a `data: {"error": {...}}` frame that arrived inside a 200 stream.
#[must_use]
pub fn classify_stream_error(frame: &serde_json::Value, secret: Option<&str>) -> ApiError {
    let parsed = ProxyErrorBody::from_value(frame);
    let code = parsed.code_status();
    // The HTTP status was 200; the proxy's `code` stands in for it when classifying, and the
    // error keeps no status because none failed.
    let classification = classify(None, code, &parsed, secret);
    let retry_after_seconds = if classification.kind == ApiErrorKind::RateLimited {
        retry_after_from_message(&parsed.message)
    } else {
        None
    };
    let message = match retry_after_seconds {
        Some(seconds) => wording::rate_limited(Some(seconds)),
        None => classification.message,
    };
    ApiError {
        kind: classification.kind,
        message,
        detail: parsed.detail(secret),
        status: None,
        body: Some(keep_body(&frame.to_string(), secret)),
        retry_after_seconds,
        retryable: is_retryable(classification.kind),
    }
}

/// The request waited too long; `phase` says for what.
#[must_use]
pub fn timeout(phase: TimeoutPhase) -> ApiError {
    simple_error(ApiErrorKind::Timeout, wording::timeout(phase), None)
}

/// The user stopped the request.
#[must_use]
pub fn cancelled() -> ApiError {
    simple_error(ApiErrorKind::Cancelled, wording::CANCELLED, None)
}

/// The proxy could not be reached at all (connection refused, DNS, TLS). `detail` is what the
/// host's fetch reported; tokens that look like keys are redacted from it.
#[must_use]
pub fn proxy_unreachable(detail: &str) -> ApiError {
    simple_error(
        ApiErrorKind::ProxyUnreachable,
        wording::PROXY_UNREACHABLE,
        keep_non_empty(detail, None),
    )
}

/// The proxy answered something that does not follow the protocol. `detail` says what was
/// wrong; `body` is the raw answer, when there was one. Tokens that look like keys are redacted
/// from both; a caller that knows the key redacts it from `body` first.
#[must_use]
pub fn malformed_response(detail: &str, body: Option<&str>) -> ApiError {
    ApiError {
        body: body.and_then(|text| keep_non_empty(text, None)),
        ..simple_error(
            ApiErrorKind::MalformedResponse,
            wording::MALFORMED_RESPONSE,
            keep_non_empty(detail, None),
        )
    }
}

/// A stream that was being read sent something unreadable (a frame that is not JSON, a line
/// beyond the size limit). `body` is the offending payload, already redacted by the caller.
#[must_use]
pub fn malformed_stream(detail: &str, body: Option<&str>) -> ApiError {
    ApiError {
        message: wording::MALFORMED_STREAM.to_owned(),
        ..malformed_response(detail, body)
    }
}

/// The stream ended before the reply was complete (no `[DONE]`, no finish reason).
#[must_use]
pub fn stream_cut_short(detail: &str) -> ApiError {
    simple_error(
        ApiErrorKind::StreamCutShort,
        wording::STREAM_CUT_SHORT,
        keep_non_empty(detail, None),
    )
}

/// A setting is invalid, so nothing was sent. `reason` is the full sentence for the user; the
/// field name (for example `litellmApiUrl`) is kept in `detail` so the panel can point at it.
#[must_use]
pub fn invalid_settings(field: &str, reason: &str) -> ApiError {
    simple_error(
        ApiErrorKind::InvalidSettings,
        reason.trim(),
        non_empty(field.trim()),
    )
}

/// A request the core refused to send, with the sentence saying why and what to do (a message
/// too large for the model's context window): nothing was sent, and sending it again as it is
/// would fail again, so it is not retryable.
#[must_use]
pub fn refused_request(reason: &str) -> ApiError {
    simple_error(ApiErrorKind::BadRequest, reason.trim(), None)
}

fn simple_error(kind: ApiErrorKind, message: &str, detail: Option<String>) -> ApiError {
    ApiError {
        kind,
        message: message.to_owned(),
        detail,
        status: None,
        body: None,
        retry_after_seconds: None,
        retryable: is_retryable(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use test_support::{KEY, no_headers};

    #[test]
    fn stream_error_frame_uses_the_code_and_keeps_no_status() {
        let frame = json!({"error": {
            "message": "litellm.RateLimitError: RateLimitError: upstream says no",
            "type": "throttling_error", "param": null, "code": "429"
        }});
        let error = classify_stream_error(&frame, None);
        assert_eq!(error.kind, ApiErrorKind::RateLimited);
        assert_eq!(error.status, None);
        assert!(error.body.as_deref().unwrap().contains("throttling_error"));
    }

    #[test]
    fn stream_error_frame_for_a_dropped_upstream_is_upstream_down() {
        let frame = json!({"error": {
            "message": "litellm.APIConnectionError: Connection error.", "type": null,
            "param": null, "code": "500"
        }});
        assert_eq!(
            classify_stream_error(&frame, None).kind,
            ApiErrorKind::UpstreamDown
        );
    }

    #[test]
    fn stream_error_frame_without_code_is_a_server_error() {
        let frame = json!({"error": {"message": "something broke"}});
        let error = classify_stream_error(&frame, None);
        assert_eq!(error.kind, ApiErrorKind::ServerError);
        assert_eq!(error.detail.as_deref(), Some("something broke"));
    }

    #[test]
    fn stream_error_frame_redacts_the_key() {
        let frame = json!({"error": {"message": format!("bad key {KEY}"), "code": "401"}});
        let error = classify_stream_error(&frame, Some(KEY));
        assert_eq!(error.kind, ApiErrorKind::Unauthorized);
        assert!(!serde_json::to_string(&error).unwrap().contains(KEY));
    }

    #[test]
    fn body_is_truncated_at_a_char_boundary() {
        let body = "é".repeat(5000);
        let error = classify_http_error(500, &no_headers(), &body, None);
        let kept = error.body.unwrap();
        assert!(kept.len() <= MAX_KEPT_BODY_BYTES + "…[truncated]".len());
        assert!(kept.ends_with("…[truncated]"));
        assert!(kept.starts_with("éé"));
    }

    #[test]
    fn constructors_have_the_documented_kinds_and_retryability() {
        let cases = [
            (
                timeout(TimeoutPhase::WaitingForResponse),
                ApiErrorKind::Timeout,
                true,
            ),
            (
                timeout(TimeoutPhase::BetweenChunks),
                ApiErrorKind::Timeout,
                true,
            ),
            (cancelled(), ApiErrorKind::Cancelled, false),
            (
                proxy_unreachable("TypeError: fetch failed"),
                ApiErrorKind::ProxyUnreachable,
                true,
            ),
            (
                malformed_response("not JSON", Some("<html>")),
                ApiErrorKind::MalformedResponse,
                true,
            ),
            (
                stream_cut_short("no [DONE]"),
                ApiErrorKind::StreamCutShort,
                true,
            ),
            (
                invalid_settings("litellmApiUrl", "The proxy URL is wrong."),
                ApiErrorKind::InvalidSettings,
                false,
            ),
        ];
        for (error, kind, retryable) in cases {
            assert_eq!(error.kind, kind);
            assert_eq!(error.retryable, retryable, "{kind:?}");
            assert!(error.message.ends_with('.'), "{}", error.message);
        }
    }

    #[test]
    fn timeout_phases_have_different_advice() {
        assert_ne!(
            timeout(TimeoutPhase::WaitingForResponse).message,
            timeout(TimeoutPhase::BetweenChunks).message
        );
    }

    #[test]
    fn proxy_unreachable_keeps_a_redacted_detail() {
        let error = proxy_unreachable("connect ECONNREFUSED 127.0.0.1:4000 Bearer sk-abcdefghij");
        assert_eq!(
            error.detail.as_deref(),
            Some("connect ECONNREFUSED 127.0.0.1:4000 Bearer [redacted]")
        );
    }

    #[test]
    fn invalid_settings_keeps_the_field_in_detail() {
        let error = invalid_settings("litellmModelId", "The model id must be on one line.");
        assert_eq!(error.detail.as_deref(), Some("litellmModelId"));
        assert_eq!(error.message, "The model id must be on one line.");
    }

    proptest::proptest! {
        #[test]
        fn classification_never_panics_and_never_leaks_the_key(
            status in 0u16..1000,
            body in ".{0,300}",
        ) {
            let body_with_key = format!("{body} {KEY}");
            let error = classify_http_error(status, &no_headers(), &body_with_key, Some(KEY));
            let serialized = serde_json::to_string(&error).unwrap();
            proptest::prop_assert!(!serialized.contains(KEY));
        }
    }
}
