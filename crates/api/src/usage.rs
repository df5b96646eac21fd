//! Reads the `usage` object of a chat-completion reply into [`TokenUsage`], accepting every field
//! variant LiteLLM passes through from the providers behind it.
//!
//! LiteLLM normalises usage to OpenAI's shape (`prompt_tokens`, `completion_tokens`), but the
//! cache and reasoning counts arrive under different names depending on the upstream provider:
//! OpenAI nests them in `prompt_tokens_details` / `completion_tokens_details`, Anthropic models
//! add top-level `cache_read_input_tokens` / `cache_creation_input_tokens`. With
//! `stream_options.include_usage` the proxy also adds `cost` in dollars (litellm 1.106.2).

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

/// Token counts of one reply as the proxy reported them, plus the cost when the proxy computed
/// it. Counts follow OpenAI's semantics: `input_tokens` includes cached tokens and
/// `output_tokens` includes reasoning tokens.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TokenUsage {
    /// Prompt tokens, cache reads and cache writes included.
    pub input_tokens: u64,
    /// Completion tokens, reasoning tokens included.
    pub output_tokens: u64,
    /// Prompt tokens written to the provider's prompt cache, when reported.
    pub cache_write_tokens: Option<u64>,
    /// Prompt tokens read from the provider's prompt cache, when reported.
    pub cache_read_tokens: Option<u64>,
    /// Completion tokens spent on reasoning, when reported.
    pub reasoning_tokens: Option<u64>,
    /// The proxy's own cost for the reply in US dollars (`usage.cost`), when it sent one.
    pub reported_cost_usd: Option<f64>,
}

/// Parses a `usage` object. Returns `None` when `usage` is not a JSON object (absent usage is
/// `null` in many chunks). Missing, null, negative, fractional or non-numeric counts are treated
/// as not reported: a count of zero for the required totals, `None` for the optional ones.
#[must_use]
pub fn parse_usage(usage: &Value) -> Option<TokenUsage> {
    let fields = usage.as_object()?;
    let prompt_details = usage.get("prompt_tokens_details");
    let completion_details = usage.get("completion_tokens_details");

    // `input_tokens` / `output_tokens` are the Responses-API and Anthropic spellings; LiteLLM
    // normally translates them, but accepting them costs nothing and keeps counts from reading 0.
    let input_tokens = token_count(fields.get("prompt_tokens"))
        .or_else(|| token_count(fields.get("input_tokens")))
        .unwrap_or(0);
    let output_tokens = token_count(fields.get("completion_tokens"))
        .or_else(|| token_count(fields.get("output_tokens")))
        .unwrap_or(0);

    // For Anthropic models LiteLLM reports cache reads both as the top-level
    // `cache_read_input_tokens` and as `prompt_tokens_details.cached_tokens`, and older releases
    // filled only one of them (sometimes leaving the other at 0); the larger is the true count.
    let cache_read_tokens = larger_of(
        token_count(prompt_details.and_then(|details| details.get("cached_tokens"))),
        token_count(fields.get("cache_read_input_tokens")),
    );
    // Cache writes come as the top-level `cache_creation_input_tokens` and, from litellm
    // 1.106.2 with an Anthropic model, as `prompt_tokens_details.cache_write_tokens` too (the
    // same count, so the larger, never the sum); `cache_creation_tokens` is an older spelling.
    let cache_write_tokens = larger_of(
        larger_of(
            token_count(fields.get("cache_creation_input_tokens")),
            token_count(prompt_details.and_then(|details| details.get("cache_write_tokens"))),
        ),
        token_count(prompt_details.and_then(|details| details.get("cache_creation_tokens"))),
    );
    let reasoning_tokens =
        token_count(completion_details.and_then(|details| details.get("reasoning_tokens")));
    let reported_cost_usd = fields.get("cost").and_then(dollars);

    Some(TokenUsage {
        input_tokens,
        output_tokens,
        cache_write_tokens,
        cache_read_tokens,
        reasoning_tokens,
        reported_cost_usd,
    })
}

/// A token count: a non-negative whole JSON number. Some proxies serialise counts as floats
/// (`12.0`), which are accepted when they are whole.
fn token_count(value: Option<&Value>) -> Option<u64> {
    let number = value?.as_number()?;
    if let Some(count) = number.as_u64() {
        return Some(count);
    }
    let float = number.as_f64()?;
    let is_whole_non_negative = float.is_finite() && float >= 0.0 && float.fract() == 0.0;
    // `u64::MAX as f64` rounds up to 2^64, so the bound is exclusive and the cast below it is
    // exact: a whole, non-negative float under 2^64 is representable as a u64.
    (is_whole_non_negative && float < u64::MAX as f64).then_some(float as u64)
}

/// A dollar amount: a finite, non-negative JSON number.
fn dollars(value: &Value) -> Option<f64> {
    value.as_f64().filter(|usd| usd.is_finite() && *usd >= 0.0)
}

/// The larger of two optional counts, or whichever one is present.
fn larger_of(first: Option<u64>, second: Option<u64>) -> Option<u64> {
    match (first, second) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (one, None) | (None, one) => one,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_litellm_mock_usage_with_cost() {
        // The final chunk of a `mock_response` stream from litellm 1.106.2, verbatim.
        let usage = json!({
            "completion_tokens": 9, "prompt_tokens": 8, "total_tokens": 17,
            "completion_tokens_details": {"reasoning_tokens": 0, "text_tokens": 9},
            "cost": 6.599_999_999_999_999_5e-6
        });
        assert_eq!(
            parse_usage(&usage),
            Some(TokenUsage {
                input_tokens: 8,
                output_tokens: 9,
                cache_write_tokens: None,
                cache_read_tokens: None,
                reasoning_tokens: Some(0),
                reported_cost_usd: Some(6.599_999_999_999_999_5e-6),
            })
        );
    }

    #[test]
    fn reads_openai_nested_cache_and_reasoning_details() {
        let usage = json!({
            "prompt_tokens": 20, "completion_tokens": 40,
            "prompt_tokens_details": {"cached_tokens": 8, "cache_creation_tokens": 5},
            "completion_tokens_details": {"reasoning_tokens": 30}
        });
        let parsed = parse_usage(&usage).unwrap();
        assert_eq!(parsed.cache_read_tokens, Some(8));
        assert_eq!(parsed.cache_write_tokens, Some(5));
        assert_eq!(parsed.reasoning_tokens, Some(30));
        assert_eq!(parsed.reported_cost_usd, None);
    }

    #[test]
    fn reads_anthropic_top_level_cache_fields() {
        let usage = json!({
            "prompt_tokens": 1200, "completion_tokens": 50,
            "cache_read_input_tokens": 1000, "cache_creation_input_tokens": 150
        });
        let parsed = parse_usage(&usage).unwrap();
        assert_eq!(parsed.input_tokens, 1200);
        assert_eq!(parsed.cache_read_tokens, Some(1000));
        assert_eq!(parsed.cache_write_tokens, Some(150));
    }

    #[test]
    fn reads_litellm_anthropic_usage_without_double_counting() {
        // The usage litellm 1.106.2 sent for an `anthropic/...` model whose upstream reported 10
        // uncached input tokens, 1,200 written to the cache and 3,000 read from it: the prompt
        // count already includes both, and each cache count comes in two spellings.
        let usage = json!({
            "prompt_tokens": 4210, "completion_tokens": 25, "total_tokens": 4235,
            "prompt_tokens_details": {"cached_tokens": 3000, "cache_write_tokens": 1200},
            "cache_creation_input_tokens": 1200, "cache_read_input_tokens": 3000
        });
        let parsed = parse_usage(&usage).unwrap();
        assert_eq!(parsed.input_tokens, 4210);
        assert_eq!(parsed.cache_read_tokens, Some(3000));
        assert_eq!(parsed.cache_write_tokens, Some(1200));
        let only_details = json!({
            "prompt_tokens": 4210,
            "prompt_tokens_details": {"cached_tokens": 3000, "cache_write_tokens": 1200}
        });
        assert_eq!(
            parse_usage(&only_details).unwrap().cache_write_tokens,
            Some(1200)
        );
    }

    #[test]
    fn takes_the_larger_cache_read_when_both_spellings_disagree() {
        let usage = json!({
            "prompt_tokens": 1200, "completion_tokens": 50,
            "prompt_tokens_details": {"cached_tokens": 0},
            "cache_read_input_tokens": 1000
        });
        assert_eq!(parse_usage(&usage).unwrap().cache_read_tokens, Some(1000));
    }

    #[test]
    fn nulls_and_missing_fields_read_as_not_reported() {
        let usage = json!({
            "prompt_tokens": null,
            "completion_tokens": 3,
            "prompt_tokens_details": null,
            "completion_tokens_details": null,
            "cost": null
        });
        assert_eq!(
            parse_usage(&usage),
            Some(TokenUsage {
                output_tokens: 3,
                ..TokenUsage::default()
            })
        );
        assert_eq!(parse_usage(&json!({})), Some(TokenUsage::default()));
    }

    #[test]
    fn ignores_negative_fractional_and_non_numeric_values() {
        let usage = json!({
            "prompt_tokens": -5,
            "completion_tokens": "12",
            "cache_read_input_tokens": 2.5,
            "cache_creation_input_tokens": true,
            "completion_tokens_details": {"reasoning_tokens": [1]},
            "cost": -0.01
        });
        assert_eq!(parse_usage(&usage), Some(TokenUsage::default()));
        assert_eq!(
            parse_usage(&json!({"cost": "0.5"}))
                .unwrap()
                .reported_cost_usd,
            None
        );
    }

    #[test]
    fn accepts_whole_float_counts() {
        let usage = json!({"prompt_tokens": 12.0, "completion_tokens": 1e3});
        let parsed = parse_usage(&usage).unwrap();
        assert_eq!((parsed.input_tokens, parsed.output_tokens), (12, 1000));
        assert_eq!(
            parse_usage(&json!({"prompt_tokens": 1e300}))
                .unwrap()
                .input_tokens,
            0
        );
    }

    #[test]
    fn falls_back_to_input_and_output_token_spellings() {
        let usage = json!({"input_tokens": 7, "output_tokens": 2});
        let parsed = parse_usage(&usage).unwrap();
        assert_eq!((parsed.input_tokens, parsed.output_tokens), (7, 2));
    }

    #[test]
    fn a_zero_cost_is_kept_as_reported() {
        assert_eq!(
            parse_usage(&json!({"cost": 0.0}))
                .unwrap()
                .reported_cost_usd,
            Some(0.0)
        );
    }

    #[test]
    fn non_objects_are_not_usage() {
        assert_eq!(parse_usage(&Value::Null), None);
        assert_eq!(parse_usage(&json!([1, 2])), None);
        assert_eq!(parse_usage(&json!(17)), None);
    }

    #[test]
    fn serialises_in_camel_case() {
        let usage = TokenUsage {
            input_tokens: 1,
            reported_cost_usd: Some(0.5),
            ..TokenUsage::default()
        };
        let json = serde_json::to_value(&usage).unwrap();
        assert_eq!(json["inputTokens"], 1);
        assert_eq!(json["reportedCostUsd"], 0.5);
        assert!(json["cacheReadTokens"].is_null());
    }
}
