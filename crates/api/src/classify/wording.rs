//! The sentences the user reads for each failure: what happened and what to do about it. They
//! are kept together so that every failure is described once, in one consistent voice.

use super::TimeoutPhase;

/// The request waited too long; `phase` says for what, so the advice can differ.
pub(super) fn timeout(phase: TimeoutPhase) -> &'static str {
    match phase {
        TimeoutPhase::WaitingForResponse => {
            "The LiteLLM proxy did not answer in time. Check that it is running and that the \
             model behind it is reachable, then try again."
        }
        TimeoutPhase::BetweenChunks => {
            "The reply stopped arriving: the LiteLLM proxy sent nothing for too long. The partial \
             reply is kept; try again to get a complete one."
        }
    }
}

/// The user stopped the request.
pub(super) const CANCELLED: &str =
    "The request was stopped. The partial reply is kept; send the message again to retry.";

/// The proxy could not be reached at all.
pub(super) const PROXY_UNREACHABLE: &str = "Could not reach the LiteLLM proxy. Check that it is running and that the proxy URL in \
     Settings is right.";

/// The proxy answered something that does not follow the protocol.
pub(super) const MALFORMED_RESPONSE: &str = "The LiteLLM proxy answered something unexpected. Check that the proxy URL in Settings \
     points at a LiteLLM proxy, then try again.";

/// A stream that had been fine sent a frame that cannot be read: the URL is evidently right, so
/// the advice is to try again rather than to check the settings.
pub(super) const MALFORMED_STREAM: &str = "The LiteLLM proxy sent part of the reply in a form that could \
     not be read, so the reply stopped there. The partial reply is kept; try again.";

/// The stream ended before the reply was complete.
pub(super) const STREAM_CUT_SHORT: &str = "The reply was cut short: the connection to the LiteLLM proxy ended before it was \
     complete. The partial reply is kept; try again to get a complete one.";

/// The provider behind the proxy refused the proxy's own credentials. The proxy's key check
/// never says this, so the user's key is not the problem.
pub(super) const PROVIDER_REJECTED_PROXY_CREDENTIALS: &str = "The model provider behind the LiteLLM proxy rejected the proxy's credentials. Ask the \
     proxy's administrator to check the provider key in the proxy configuration.";

/// The key is valid but may not use the selected model.
pub(super) const MODEL_NOT_ALLOWED_FOR_KEY: &str = "This API key is not allowed to use the selected model. Choose another model in Settings, \
     or ask the proxy's administrator for access.";

/// The proxy refused the key that was sent.
pub(super) const KEY_REJECTED: &str =
    "The LiteLLM proxy rejected the API key. Check the key in Settings.";

/// The proxy wants a key and none was sent.
pub(super) const KEY_REQUIRED: &str =
    "The LiteLLM proxy requires an API key. Enter the key in Settings.";

/// The conversation does not fit in the model's context window.
pub(super) const CONTEXT_WINDOW_EXCEEDED: &str = "The conversation is too long for this model's context window. Start a new chat, or choose \
     a model with a larger context window.";

/// The proxy does not know the model; `model` is its name when the proxy quoted it.
pub(super) fn unknown_model(model: Option<&str>) -> String {
    match model {
        Some(model) => format!(
            "The LiteLLM proxy does not know the model \"{model}\". Choose a model from the \
             list in Settings, or check the model id."
        ),
        None => "The LiteLLM proxy does not know this model. Choose a model from the list \
                 in Settings, or check the model id."
            .to_owned(),
    }
}

/// The provider behind the proxy timed out; the proxy itself answered.
pub(super) const PROVIDER_TIMEOUT: &str =
    "The model provider behind the LiteLLM proxy did not answer in time. Try again in a moment.";

/// The proxy could not reach the provider behind it.
pub(super) const UPSTREAM_DOWN: &str = "The LiteLLM proxy could not reach the model provider behind it. Try again in a moment; if \
     it keeps failing, check the proxy's model configuration.";

/// The proxy failed with a 5xx of its own.
pub(super) fn server_error(status: u16) -> String {
    format!(
        "The LiteLLM proxy failed with an internal error (HTTP {status}). Try again; if it \
         keeps failing, check the proxy's logs."
    )
}

/// A 404 that names no model: the URL most likely misses the proxy's path prefix.
pub(super) const NOT_FOUND: &str = "The LiteLLM proxy answered 404 Not Found. Check that the proxy URL in Settings points at \
     a LiteLLM proxy, including any path prefix such as /litellm.";

/// The proxy refused the request with another 4xx.
pub(super) fn refused(status: u16) -> String {
    format!(
        "The LiteLLM proxy refused the request (HTTP {status}). Read the details below, \
         then check the model and the settings."
    )
}

/// The proxy answered with a redirect, which a chat request never follows.
pub(super) fn redirect(status: u16) -> String {
    format!(
        "The LiteLLM proxy answered with a redirect (HTTP {status}). Check the proxy URL \
         in Settings, for example http:// versus https://."
    )
}

/// A status outside the ranges an HTTP server uses for errors.
pub(super) fn unexpected_status(status: u16) -> String {
    format!(
        "The LiteLLM proxy answered with an unexpected HTTP status {status}. Check that \
         the proxy URL in Settings points at a LiteLLM proxy."
    )
}

/// An error frame inside a stream with no usable code: the proxy failed mid-reply.
pub(super) const FAILED_MID_STREAM: &str = "The LiteLLM proxy reported an error in the middle of the reply. The partial reply is \
     kept; try again.";

/// The rate-limited sentence, with the wait when it is known.
pub(super) fn rate_limited(retry_after_seconds: Option<f64>) -> String {
    match retry_after_seconds {
        Some(seconds) => format!(
            "The LiteLLM proxy or the model provider behind it is rate limiting requests. {}",
            wait_sentence(seconds)
        ),
        None => "The LiteLLM proxy or the model provider behind it is rate limiting requests. \
                 Wait a moment and try again."
            .to_owned(),
    }
}

/// How long to wait, rounded up to what a person would say.
fn wait_sentence(seconds: f64) -> String {
    if seconds <= 1.0 {
        "Wait a second and try again.".to_owned()
    } else if seconds < 90.0 {
        format!("Wait {} seconds and try again.", seconds.ceil())
    } else {
        format!(
            "Wait about {} minutes and try again.",
            (seconds / 60.0).ceil()
        )
    }
}
