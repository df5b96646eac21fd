//! Reads how long a rate-limited request should wait before it is sent again, from the response
//! headers or, as a last resort, from the words of the error message.

use super::http_date::parse_http_date;

/// The longest wait taken from a header or message. Larger values are more likely a Unix
/// timestamp than a delay, and the core has no clock to tell, so they are ignored.
const MAX_RETRY_AFTER_SECONDS: f64 = 86_400.0;

/// The wait the response headers ask for. LiteLLM keeps the upstream's `Retry-After` only as
/// `llm_provider-retry-after` (litellm 1.106.2), so those prefixed names count too.
pub(super) fn retry_after_from_headers(headers: &[(String, String)]) -> Option<f64> {
    for prefix in ["", "llm_provider-"] {
        let milliseconds = header(headers, &format!("{prefix}retry-after-ms"))
            .and_then(|value| value.parse::<f64>().ok())
            .and_then(|value| plausible_wait(value / 1000.0));
        if milliseconds.is_some() {
            return milliseconds;
        }
        let seconds = header(headers, &format!("{prefix}retry-after")).and_then(|value| {
            value
                .parse::<f64>()
                .ok()
                .or_else(|| seconds_until_http_date(value, header(headers, "date")?))
        });
        if let Some(seconds) = seconds.and_then(plausible_wait) {
            return Some(seconds);
        }
    }
    // OpenAI-style reset headers ("6m0s", "20ms"); which limit was hit is unknown, so the later
    // reset is the safe wait.
    [
        "x-ratelimit-reset-requests",
        "x-ratelimit-reset-tokens",
        "llm_provider-x-ratelimit-reset-requests",
        "llm_provider-x-ratelimit-reset-tokens",
        "x-ratelimit-reset",
    ]
    .iter()
    .filter_map(|name| parse_duration_seconds(header(headers, name)?))
    .filter_map(plausible_wait)
    .reduce(f64::max)
}

/// A wait written in the error message, such as OpenAI's "Please try again in 6m0s".
pub(super) fn retry_after_from_message(message: &str) -> Option<f64> {
    let lowercase = message.to_lowercase();
    for marker in ["try again in ", "retry after ", "retry in "] {
        if let Some(position) = lowercase.find(marker) {
            let after = lowercase.get(position + marker.len()..)?;
            let words: Vec<&str> = after.split_whitespace().take(2).collect();
            let first = words.first()?.trim_end_matches(['.', ',', ')']);
            let parsed = match words
                .get(1)
                .map(|word| word.trim_end_matches(['.', ',', ')']))
            {
                Some("seconds" | "second" | "s" | "sec" | "secs") => first.parse::<f64>().ok(),
                Some("milliseconds" | "ms") => first.parse::<f64>().ok().map(|ms| ms / 1000.0),
                Some("minutes" | "minute" | "min" | "mins") => {
                    first.parse::<f64>().ok().map(|minutes| minutes * 60.0)
                }
                _ => parse_duration_seconds(first),
            };
            if let Some(seconds) = parsed.and_then(plausible_wait) {
                return Some(seconds);
            }
        }
    }
    None
}

/// Finds a header by name, ignoring case.
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.trim().eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim())
}

fn plausible_wait(seconds: f64) -> Option<f64> {
    (seconds.is_finite() && (0.0..=MAX_RETRY_AFTER_SECONDS).contains(&seconds)).then_some(seconds)
}

/// Parses a plain number of seconds or a Go-style duration such as `1m30s`, `20ms`, `1.5s`.
fn parse_duration_seconds(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return Some(seconds);
    }
    let mut total = 0.0;
    let mut rest = text;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let number_length = rest
            .find(|character: char| !(character.is_ascii_digit() || character == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest.get(..number_length)?.parse().ok()?;
        rest = rest.get(number_length..)?;
        let unit_length = rest
            .find(|character: char| !character.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = rest.get(..unit_length)?;
        rest = rest.get(unit_length..)?;
        let scale = match unit {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 0.001,
            _ => return None,
        };
        total += number * scale;
    }
    Some(total)
}

/// Seconds from the response's `Date` to a `Retry-After` HTTP date. The core has no clock, so
/// the server's own `Date` header is the reference; without it a date cannot be used.
fn seconds_until_http_date(retry_at: &str, date: &str) -> Option<f64> {
    let difference = parse_http_date(retry_at)? - parse_http_date(date)?;
    // Whole seconds on both sides, far below 2^53: the conversion is exact.
    Some(difference.max(0) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::classify_http_error;
    use crate::classify::test_support::{headers, litellm_body, no_headers};
    use crate::errors::ApiErrorKind;

    #[test]
    fn rate_limit_429_reads_llm_provider_retry_after() {
        let body = litellm_body(
            "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached",
            Some("throttling_error"),
            "429",
        );
        let error = classify_http_error(
            429,
            &headers(&[("LLM_Provider-Retry-After", "7")]),
            &body,
            None,
        );
        assert_eq!(error.kind, ApiErrorKind::RateLimited);
        assert!(error.retryable);
        assert_eq!(error.retry_after_seconds, Some(7.0));
        assert!(
            error.message.contains("Wait 7 seconds"),
            "{}",
            error.message
        );
    }

    #[test]
    fn retry_after_header_wins_over_the_provider_one() {
        let error = classify_http_error(
            429,
            &headers(&[("llm_provider-retry-after", "7"), ("Retry-After", "2.5")]),
            "",
            None,
        );
        assert_eq!(error.retry_after_seconds, Some(2.5));
        assert_eq!(error.body, None);
    }

    #[test]
    fn retry_after_http_date_uses_the_date_header() {
        let error = classify_http_error(
            429,
            &headers(&[
                ("date", "Wed, 21 Oct 2015 07:28:00 GMT"),
                ("retry-after", "Wed, 21 Oct 2015 07:30:00 GMT"),
            ]),
            "",
            None,
        );
        assert_eq!(error.retry_after_seconds, Some(120.0));
        assert!(
            error.message.contains("about 2 minutes"),
            "{}",
            error.message
        );
    }

    #[test]
    fn unparsable_retry_after_is_ignored() {
        let error = classify_http_error(
            429,
            &headers(&[("retry-after", "soon, probably")]),
            "Too Many Requests",
            None,
        );
        assert_eq!(error.kind, ApiErrorKind::RateLimited);
        assert_eq!(error.retry_after_seconds, None);
        assert!(error.message.contains("Wait a moment"));
    }

    #[test]
    fn openai_reset_headers_take_the_later_reset() {
        let error = classify_http_error(
            429,
            &headers(&[
                ("llm_provider-x-ratelimit-reset-requests", "20ms"),
                ("llm_provider-x-ratelimit-reset-tokens", "1m30s"),
            ]),
            "",
            None,
        );
        assert_eq!(error.retry_after_seconds, Some(90.0));
    }

    #[test]
    fn retry_wait_is_read_from_the_message_as_a_last_resort() {
        let body = litellm_body(
            "litellm.RateLimitError: Rate limit reached for gpt-4o. Please try again in 6m0s.",
            Some("throttling_error"),
            "429",
        );
        let error = classify_http_error(429, &no_headers(), &body, None);
        assert_eq!(error.retry_after_seconds, Some(360.0));
    }

    #[test]
    fn durations_parse_in_go_style() {
        assert_eq!(parse_duration_seconds("1m30s"), Some(90.0));
        assert_eq!(parse_duration_seconds("20ms"), Some(0.02));
        assert_eq!(parse_duration_seconds("1.5s"), Some(1.5));
        assert_eq!(parse_duration_seconds("3"), Some(3.0));
        assert_eq!(parse_duration_seconds("3 fortnights"), None);
        assert_eq!(parse_duration_seconds(""), None);
    }

    #[test]
    fn implausible_waits_are_ignored() {
        let error = classify_http_error(429, &headers(&[("retry-after", "1735689600")]), "", None);
        assert_eq!(error.retry_after_seconds, None);
        let error = classify_http_error(429, &headers(&[("retry-after", "-3")]), "", None);
        assert_eq!(error.retry_after_seconds, None);
    }
}
