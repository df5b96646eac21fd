//! Decides what kind of failure an error body describes, from the HTTP status, the status the
//! body names and the words of its message, and picks the sentence the user reads for it.

use super::error_body::ProxyErrorBody;
use super::redact::redact_secrets;
use super::wording;
use crate::errors::ApiErrorKind;

/// A kind with its user message, before the retry wait is known.
pub(super) struct Classification {
    pub(super) kind: ApiErrorKind,
    pub(super) message: String,
}

impl Classification {
    fn new(kind: ApiErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

/// The heart of the classification, shared by HTTP answers and stream frames. `status` is the
/// HTTP status (None inside a stream), `code` the status named in the body.
pub(super) fn classify(
    status: Option<u16>,
    code: Option<u16>,
    body: &ProxyErrorBody,
    secret: Option<&str>,
) -> Classification {
    let text = body.searchable();
    let effective = status.or(code);
    let has_key = secret.is_some_and(|key| !key.trim().is_empty());

    if text.contains("litellm.authenticationerror") {
        // The proxy's own key check never raises this: it comes from the provider behind the
        // proxy refusing the credentials in the proxy's configuration.
        return Classification::new(
            ApiErrorKind::Unauthorized,
            wording::PROVIDER_REJECTED_PROXY_CREDENTIALS,
        );
    }
    if super::budget::is_budget_exceeded(&body.error_type, &text) {
        return Classification::new(
            ApiErrorKind::BadRequest,
            super::budget::budget_exceeded_message(&body.message, None),
        );
    }
    if text.contains("not allowed to access model") {
        return Classification::new(
            ApiErrorKind::Unauthorized,
            wording::MODEL_NOT_ALLOWED_FOR_KEY,
        );
    }
    // With a master key and no database, LiteLLM 1.106.2 answers a wrong key with 400
    // `no_db_connection` instead of 401.
    if effective == Some(401)
        || text.contains("no_db_connection")
        || body.error_type == "auth_error"
    {
        let message = if has_key {
            wording::KEY_REJECTED
        } else {
            wording::KEY_REQUIRED
        };
        return Classification::new(ApiErrorKind::Unauthorized, message);
    }
    if is_context_window_message(&text) {
        return Classification::new(
            ApiErrorKind::ContextWindowExceeded,
            wording::CONTEXT_WINDOW_EXCEEDED,
        );
    }
    if effective == Some(429)
        || body.error_type == "throttling_error"
        || text.contains("ratelimiterror")
        || text.contains("rate limit")
    {
        return Classification::new(ApiErrorKind::RateLimited, wording::rate_limited(None));
    }
    if is_unknown_model(effective, body, &text) {
        let model = model_named_in(&body.message, secret);
        return Classification::new(
            ApiErrorKind::UnknownModel,
            wording::unknown_model(model.as_deref()),
        );
    }
    if effective == Some(408) || text.contains("litellm.timeout") {
        return Classification::new(ApiErrorKind::Timeout, wording::PROVIDER_TIMEOUT);
    }
    if matches!(effective, Some(502..=504)) || is_upstream_down_message(&text) {
        return Classification::new(ApiErrorKind::UpstreamDown, wording::UPSTREAM_DOWN);
    }
    match effective {
        Some(status @ 500..=599) => {
            Classification::new(ApiErrorKind::ServerError, wording::server_error(status))
        }
        Some(404) => Classification::new(ApiErrorKind::BadRequest, wording::NOT_FOUND),
        Some(status @ 400..=499) => {
            Classification::new(ApiErrorKind::BadRequest, wording::refused(status))
        }
        Some(status @ 300..=399) => {
            Classification::new(ApiErrorKind::BadRequest, wording::redirect(status))
        }
        Some(status) => Classification::new(
            ApiErrorKind::MalformedResponse,
            wording::unexpected_status(status),
        ),
        // An error frame inside a stream with no usable code: the proxy failed mid-reply.
        None => Classification::new(ApiErrorKind::ServerError, wording::FAILED_MID_STREAM),
    }
}

fn is_context_window_message(text: &str) -> bool {
    [
        "contextwindowexceedederror",
        "context_length_exceeded",
        "context length",
        "maximum context length",
        "context window",
        "prompt is too long",
    ]
    .iter()
    .any(|pattern| text.contains(pattern))
}

fn is_unknown_model(status: Option<u16>, body: &ProxyErrorBody, text: &str) -> bool {
    let names_model_explicitly = [
        "invalid model name",
        "model not found",
        "model_not_found",
        "unknown model",
        "no such model",
        "llm provider not provided",
    ]
    .iter()
    .any(|pattern| text.contains(pattern));
    let message = body.message.to_lowercase();
    let mentions_model = message.contains("model");
    // `invalid_request_error` also covers other mistakes (a too large `max_tokens` that merely
    // mentions "this model"), so it only counts when the model itself is the culprit.
    let invalid_request_about_model = body.error_type == "invalid_request_error"
        && (body.param == "model"
            || (message.contains("model")
                && (message.contains("does not exist") || message.contains("not found"))));
    names_model_explicitly
        || invalid_request_about_model
        || (status == Some(404) && mentions_model)
        || (mentions_model && message.contains("does not exist"))
}

fn is_upstream_down_message(text: &str) -> bool {
    [
        "apiconnectionerror",
        "connection error",
        "connection refused",
        "serviceunavailableerror",
        "service unavailable",
        "badgatewayerror",
        "cannot connect to host",
        "name or service not known",
    ]
    .iter()
    .any(|pattern| text.contains(pattern))
}

/// The model name LiteLLM quotes after `model=`, for a message that names what was not found.
fn model_named_in(message: &str, secret: Option<&str>) -> Option<String> {
    let start = message.find("model=")? + "model=".len();
    let raw: String = message
        .get(start..)?
        .chars()
        .take_while(|character| !character.is_whitespace() && *character != ',')
        .collect();
    let name = raw.trim_end_matches(['.', '\'', '"', '`', ')', '}']);
    let name = name.trim_start_matches(['\'', '"', '`']);
    if name.is_empty() || name.chars().count() > 200 {
        return None;
    }
    Some(redact_secrets(name, secret))
}

#[cfg(test)]
mod tests {
    use crate::classify::classify_http_error;
    use crate::classify::redact::REDACTED;
    use crate::classify::test_support::{KEY, litellm_body, no_headers};
    use crate::errors::ApiErrorKind;

    #[test]
    fn missing_key_401_is_unauthorized_and_asks_for_a_key() {
        let body = litellm_body(
            "Authentication Error, No api key passed in.",
            Some("auth_error"),
            "401",
        );
        let error = classify_http_error(401, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::Unauthorized);
        assert!(!error.retryable);
        assert_eq!(error.status, Some(401));
        assert!(error.message.contains("requires an API key"));
        assert_eq!(
            error.detail.as_deref(),
            Some("Authentication Error, No api key passed in.")
        );
    }

    #[test]
    fn wrong_key_401_is_unauthorized_and_the_key_is_redacted() {
        let body = litellm_body(
            &format!("Authentication Error, Invalid proxy server token passed. Received {KEY}"),
            Some("auth_error"),
            "401",
        );
        let error = classify_http_error(401, &no_headers(), &body, Some(KEY));
        assert_eq!(error.kind, ApiErrorKind::Unauthorized);
        assert_eq!(
            error.message,
            "The LiteLLM proxy rejected the API key. Check the key in Settings."
        );
        let serialized = serde_json::to_string(&error).unwrap();
        assert!(!serialized.contains(KEY));
        assert!(serialized.contains(REDACTED));
    }

    #[test]
    fn no_db_connection_400_is_unauthorized() {
        // The shape a master-key proxy without a database answers to a wrong key.
        let body = litellm_body(
            "Authentication Error, No connected db.",
            Some("no_db_connection"),
            "400",
        );
        let error = classify_http_error(400, &no_headers(), &body, Some("sk-wrong-key-123"));
        assert_eq!(error.kind, ApiErrorKind::Unauthorized);
        assert!(error.message.contains("rejected the API key"));
        assert!(!error.retryable);
    }

    #[test]
    fn upstream_authentication_error_blames_the_proxy_configuration() {
        let body = litellm_body(
            "litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided",
            None,
            "401",
        );
        let error = classify_http_error(401, &no_headers(), &body, Some(KEY));
        assert_eq!(error.kind, ApiErrorKind::Unauthorized);
        assert!(
            error.message.contains("proxy's configuration")
                || error.message.contains("proxy configuration")
        );
    }

    #[test]
    fn invalid_model_400_is_unknown_model_and_names_it() {
        let body = litellm_body(
            "/chat/completions: Invalid model name passed in model=gpt-9-ultra. Call `/v1/models` to view available models for your key.",
            Some("invalid_request_error"),
            "400",
        );
        let error = classify_http_error(400, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::UnknownModel);
        assert!(!error.retryable);
        assert!(
            error.message.contains("\"gpt-9-ultra\""),
            "{}",
            error.message
        );
    }

    #[test]
    fn invalid_model_wrapped_in_a_python_dict_string_still_names_it() {
        let body = litellm_body(
            "{'error': '/chat/completions: Invalid model name passed in model=my-model.v2'}",
            Some("None"),
            "400",
        );
        let error = classify_http_error(400, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::UnknownModel);
        assert!(
            error.message.contains("\"my-model.v2\""),
            "{}",
            error.message
        );
    }

    #[test]
    fn not_found_404_naming_a_model_is_unknown_model() {
        let body = litellm_body(
            "litellm.NotFoundError: OpenAIException - The model `gpt-x` does not exist or you do not have access to it.",
            None,
            "404",
        );
        let error = classify_http_error(404, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::UnknownModel);
    }

    #[test]
    fn plain_404_is_a_bad_request_about_the_url() {
        let error = classify_http_error(404, &no_headers(), r#"{"detail":"Not Found"}"#, None);
        assert_eq!(error.kind, ApiErrorKind::BadRequest);
        assert!(error.message.contains("proxy URL"));
        assert_eq!(error.detail.as_deref(), Some("Not Found"));
    }

    #[test]
    fn invalid_request_about_max_tokens_is_not_unknown_model() {
        let body = litellm_body(
            "max_tokens is too large: 99999. This model supports at most 4096 completion tokens.",
            Some("invalid_request_error"),
            "400",
        );
        let error = classify_http_error(400, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::BadRequest);
        assert!(!error.retryable);
    }

    #[test]
    fn unsupported_params_naming_the_model_is_a_bad_request() {
        let body = litellm_body(
            "litellm.UnsupportedParamsError: openai does not support parameters: ['foo'], for model=gpt-4o. To drop these, set `litellm.drop_params=True`.",
            Some("invalid_request_error"),
            "400",
        );
        let error = classify_http_error(400, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::BadRequest);
    }

    #[test]
    fn context_window_exceeded_mock_error_is_classified() {
        let body = litellm_body(
            "litellm.ContextWindowExceededError: litellm.BadRequestError: Context Window Exceeded Error",
            None,
            "400",
        );
        let error = classify_http_error(400, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::ContextWindowExceeded);
        assert!(!error.retryable);
    }

    #[test]
    fn openai_maximum_context_length_message_is_context_window() {
        let body = litellm_body(
            "This model's maximum context length is 16385 tokens. However, your messages resulted in 20000 tokens.",
            Some("invalid_request_error"),
            "400",
        );
        let error = classify_http_error(400, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::ContextWindowExceeded);
    }

    #[test]
    fn throttling_type_is_rate_limited_even_without_429() {
        let body = litellm_body("slow down", Some("throttling_error"), "400");
        let error = classify_http_error(400, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::RateLimited);
    }

    #[test]
    fn upstream_connection_error_500_is_upstream_down() {
        let body = litellm_body(
            "litellm.APIConnectionError: APIConnectionError: OpenAIException - Connection error.. Received Model Group=local-model",
            None,
            "500",
        );
        let error = classify_http_error(500, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::UpstreamDown);
        assert!(error.retryable);
    }

    #[test]
    fn gateway_statuses_are_upstream_down() {
        for status in [502, 503, 504] {
            let error = classify_http_error(status, &no_headers(), "", None);
            assert_eq!(error.kind, ApiErrorKind::UpstreamDown, "status {status}");
        }
    }

    #[test]
    fn internal_server_error_is_a_server_error() {
        let body = litellm_body(
            "litellm.InternalServerError: InternalServerError: This is a mock internal server error",
            None,
            "500",
        );
        let error = classify_http_error(500, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::ServerError);
        assert!(error.retryable);
        assert!(error.message.contains("HTTP 500"));
    }

    #[test]
    fn other_4xx_is_a_bad_request() {
        let body = litellm_body("messages: field required", None, "422");
        let error = classify_http_error(422, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::BadRequest);
        assert!(!error.retryable);
    }

    #[test]
    fn litellm_timeout_408_is_a_timeout() {
        let body = litellm_body("litellm.Timeout: Request timed out", None, "408");
        let error = classify_http_error(408, &no_headers(), &body, None);
        assert_eq!(error.kind, ApiErrorKind::Timeout);
        assert!(error.retryable);
    }

    #[test]
    fn redirect_points_at_the_url() {
        let error = classify_http_error(307, &no_headers(), "", None);
        assert_eq!(error.kind, ApiErrorKind::BadRequest);
        assert!(error.message.contains("redirect"));
    }
}
