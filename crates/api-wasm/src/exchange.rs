//! One request/response exchange with the proxy, before any body is streamed: send with a
//! deadline for the headers, classify a non-2xx answer, retry what the core's policy says may
//! succeed, and turn transport failures into classified errors.

use roo_api::classify::{self, TimeoutPhase};
use roo_api::http::HttpRequest;
use roo_api::{ApiError, RequestPolicy};
use wasm_bindgen::prelude::*;

use crate::abort::{AbortCause, Deadline, RequestAbort};
use crate::fetch::{self, HostResponse};

/// Sends `request` until it gets a 2xx answer, a failure the policy does not retry, or an
/// abort. `classify_answer` turns a non-2xx status, headers and body into the core's error.
pub(crate) async fn send_with_retries(
    request: &HttpRequest,
    abort: &RequestAbort,
    policy: &RequestPolicy,
    classify_answer: impl Fn(u16, &[(String, String)], &str) -> ApiError,
) -> Result<HostResponse, ApiError> {
    let mut attempt = 0;
    loop {
        let error = match send_once(request, abort, policy.headers_timeout_ms).await {
            Ok(response) if (200..300).contains(&response.status) => return Ok(response),
            Ok(response) => {
                let body = read_text(&response, abort, policy.headers_timeout_ms).await?;
                classify_answer(response.status, &response.headers, &body)
            }
            Err(error) => return Err(error),
        };
        match policy.delay_before_retry(attempt, &error) {
            Some(delay) => {
                if !abort.sleep(delay).await {
                    return Err(aborted_error(abort.cause(), &JsValue::UNDEFINED));
                }
                attempt += 1;
            }
            None => return Err(error),
        }
    }
}

/// One attempt: resolves when the headers arrive or fails as unreachable, timed out or cancelled.
pub(crate) async fn send_once(
    request: &HttpRequest,
    abort: &RequestAbort,
    headers_timeout_ms: u32,
) -> Result<HostResponse, ApiError> {
    abort.arm(Deadline::Headers, headers_timeout_ms);
    let result = fetch::send(request, &abort.signal()).await;
    abort.disarm();
    result.map_err(|error| {
        classify::certificate::explain_certificate_error(
            aborted_error(abort.cause(), &error),
            &request.url,
        )
    })
}

/// Reads a whole (small) body under the headers deadline: error answers and JSON endpoints.
pub(crate) async fn read_text(
    response: &HostResponse,
    abort: &RequestAbort,
    timeout_ms: u32,
) -> Result<String, ApiError> {
    abort.arm(Deadline::Headers, timeout_ms);
    let result = response.text().await;
    abort.disarm();
    result.map_err(|error| aborted_error(abort.cause(), &error))
}

/// The classified error for a fetch or body read that rejected: a cancel or a timeout when the
/// request was aborted, else the proxy could not be reached.
pub(crate) fn aborted_error(cause: AbortCause, error: &JsValue) -> ApiError {
    match cause {
        AbortCause::Caller => classify::cancelled(),
        AbortCause::TimedOut(Deadline::Headers) => {
            classify::timeout(TimeoutPhase::WaitingForResponse)
        }
        AbortCause::TimedOut(Deadline::Idle) => classify::timeout(TimeoutPhase::BetweenChunks),
        AbortCause::NotAborted => classify::proxy_unreachable(&describe_js_error(error)),
    }
}

/// What a host error says, including Node's `cause` (`ECONNREFUSED`, `ENOTFOUND`, ...), which
/// is where `fetch` puts the reason a connection failed.
pub(crate) fn describe_js_error(error: &JsValue) -> String {
    let message = js_sys::Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|message| message.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    let cause =
        js_sys::Reflect::get(error, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
    if cause.is_undefined() || cause.is_null() {
        return message;
    }
    let code = js_sys::Reflect::get(&cause, &JsValue::from_str("code"))
        .ok()
        .and_then(|code| code.as_string());
    let cause_message = js_sys::Reflect::get(&cause, &JsValue::from_str("message"))
        .ok()
        .and_then(|text| text.as_string());
    match (code, cause_message) {
        (Some(code), Some(text)) => format!("{message}: {code} ({text})"),
        (Some(code), None) => format!("{message}: {code}"),
        (None, Some(text)) => format!("{message}: {text}"),
        (None, None) => message,
    }
}
