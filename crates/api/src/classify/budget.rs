//! The key's budget is spent: LiteLLM answers `{"error": {"message": "Budget has been exceeded!
//! Current cost: X, Max budget: Y", "type": "budget_exceeded", "code": "400"}}` (from its docs
//! and code; virtual keys need the proxy's database). The sentence names the budget and, when
//! `/key/info` told us, when it resets.

use crate::errors::{ApiError, ApiErrorKind};

/// The error type LiteLLM gives a spent budget.
const BUDGET_EXCEEDED_TYPE: &str = "budget_exceeded";

/// Whether an error body describes a spent budget.
pub(super) fn is_budget_exceeded(error_type: &str, searchable_text: &str) -> bool {
    error_type == BUDGET_EXCEEDED_TYPE || searchable_text.contains("budget has been exceeded")
}

/// The dollar amount after `label` in the proxy's message (`Current cost: 10.02`).
fn amount_after(message: &str, label: &str) -> Option<f64> {
    let start = message.find(label)? + label.len();
    let number: String = message[start..]
        .trim_start()
        .chars()
        .take_while(|character| {
            character.is_ascii_digit() || matches!(character, '.' | 'e' | 'E' | '-' | '+')
        })
        .collect();
    number
        .trim_end_matches('.')
        .parse::<f64>()
        .ok()
        .filter(|usd| usd.is_finite() && *usd >= 0.0)
}

/// The sentence for a spent budget, from the proxy's message and the reset time if known.
#[must_use]
pub fn budget_exceeded_message(proxy_message: &str, reset_at: Option<&str>) -> String {
    let spent = amount_after(proxy_message, "Current cost:");
    let budget = amount_after(proxy_message, "Max budget:");
    let amounts = match (spent, budget) {
        (Some(spent), Some(budget)) => format!(" (${spent:.2} spent of ${budget:.2})"),
        (None, Some(budget)) => format!(" (${budget:.2})"),
        _ => String::new(),
    };
    let reset = match reset_at.map(str::trim).filter(|text| !text.is_empty()) {
        Some(when) => format!("It resets at {when}; until then the proxy refuses requests."),
        None => {
            "The proxy refuses requests until the budget resets; Settings shows the key's budget."
                .to_owned()
        }
    };
    format!(
        "This API key's budget on the LiteLLM proxy is used up{amounts}. {reset} Ask the proxy's \
         administrator to raise the budget if you need to continue now."
    )
}

/// Whether the proxy refused the request because the key's budget is spent (the error keeps the
/// proxy's body as its detail).
#[must_use]
pub fn is_budget_exceeded_error(error: &ApiError) -> bool {
    error.kind == ApiErrorKind::BadRequest
        && error
            .detail
            .as_deref()
            .is_some_and(|detail| is_budget_exceeded("", &detail.to_lowercase()))
}

/// The error with its sentence naming the reset time, when it is a spent budget and the reset
/// time is known (from `/key/info`); any other error is returned unchanged.
#[must_use]
pub fn with_budget_reset(mut error: ApiError, reset_at: Option<&str>) -> ApiError {
    if is_budget_exceeded_error(&error) && reset_at.is_some() {
        error.message =
            budget_exceeded_message(error.detail.as_deref().unwrap_or_default(), reset_at);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::classify_http_error;

    const BODY: &str = r#"{"error":{"message":"Budget has been exceeded! Current cost: 10.0213, Max budget: 10.0","type":"budget_exceeded","param":null,"code":"400"}}"#;

    #[test]
    fn a_spent_budget_is_told_apart_from_other_refusals() {
        assert!(is_budget_exceeded_error(&classify_http_error(
            400,
            &[],
            BODY,
            None
        )));
        let other = r#"{"error":{"message":"Invalid model name","type":"invalid_request_error","code":"400"}}"#;
        assert!(!is_budget_exceeded_error(&classify_http_error(
            400,
            &[],
            other,
            None
        )));
    }

    #[test]
    fn a_spent_budget_names_the_amounts_and_is_not_retried() {
        let error = classify_http_error(400, &[], BODY, None);
        assert_eq!(error.kind, ApiErrorKind::BadRequest);
        assert!(!error.retryable);
        assert!(error.message.contains("budget"), "{}", error.message);
        assert!(
            error.message.contains("$10.02 spent of $10.00"),
            "{}",
            error.message
        );
        assert!(error.message.contains("Settings"), "{}", error.message);
    }

    #[test]
    fn the_reset_time_is_named_when_known() {
        let error = with_budget_reset(
            classify_http_error(400, &[], BODY, None),
            Some("2026-12-01T00:00:00Z"),
        );
        assert!(
            error.message.contains("resets at 2026-12-01T00:00:00Z"),
            "{}",
            error.message
        );
        let other =
            classify_http_error(400, &[], r#"{"error":{"message":"bad","type":"x"}}"#, None);
        assert_eq!(with_budget_reset(other.clone(), Some("soon")), other);
    }

    #[test]
    fn a_message_without_amounts_still_reads_well() {
        let message = budget_exceeded_message("Budget has been exceeded!", None);
        assert!(message.starts_with("This API key's budget on the LiteLLM proxy is used up. "));
    }
}
