//! Decides what a reply cost: the proxy's own `usage.cost` when it sent one, otherwise a
//! computation from the model's per-million-token prices, otherwise unknown (never $0).
//!
//! The proxy's `POST /spend/calculate` is a third source, but a network call, so it belongs to
//! the boundary; it asks for it when [`resolve_cost`] answers [`Cost::Unknown`].

use crate::cache_savings::cache_savings;
use crate::model_info::ModelInfo;
use crate::stream::{Cost, CostSource, Usage};
use crate::usage::TokenUsage;

/// Prices in [`ModelInfo`] are per million tokens.
const TOKENS_PER_PRICE_UNIT: f64 = 1_000_000.0;

/// The cost of a reply. A cost the proxy reported wins, even 0.0: it is the proxy's answer for
/// its own prices (litellm 1.106.2 sends it as `usage.cost` in the final stream chunk). Otherwise the cost is
/// computed from the model's prices when every price the reported counts need is known.
#[must_use]
pub fn resolve_cost(usage: &TokenUsage, model: &ModelInfo) -> Cost {
    if let Some(usd) = usage
        .reported_cost_usd
        .filter(|usd| usd.is_finite() && *usd >= 0.0)
    {
        return Cost::Known {
            usd,
            source: CostSource::Proxy,
        };
    }
    match cost_from_prices(usage, model) {
        Some(usd) => Cost::Known {
            usd,
            source: CostSource::ModelPrices,
        },
        None => Cost::Unknown,
    }
}

/// Computes the cost from the model's prices with OpenAI's semantics: prompt tokens include the
/// cached ones, so the uncached part is the prompt minus cache reads minus cache writes. Cache
/// reads and writes fall back to the input price when their own price is unknown (that
/// over-estimates a discounted read rather than claiming nothing is known). Returns `None` when a
/// count that is not zero has no known price, or when the model has no prices at all (a reply
/// reported as zero tokens must not turn an unpriced model into "$0").
fn cost_from_prices(usage: &TokenUsage, model: &ModelInfo) -> Option<f64> {
    let input_price = usable_price(model.input_price);
    let output_price = usable_price(model.output_price);
    if input_price.is_none() && output_price.is_none() {
        return None;
    }
    let cache_read_tokens = usage.cache_read_tokens.unwrap_or(0);
    let cache_write_tokens = usage.cache_write_tokens.unwrap_or(0);
    // Saturating: a proxy that reports more cached tokens than prompt tokens (a provider that
    // counts them separately) must not wrap around into an enormous uncached count.
    let uncached_input_tokens = usage
        .input_tokens
        .saturating_sub(cache_read_tokens)
        .saturating_sub(cache_write_tokens);

    let priced_parts = [
        price_tokens(uncached_input_tokens, input_price)?,
        price_tokens(
            cache_read_tokens,
            usable_price(model.cache_reads_price).or(input_price),
        )?,
        price_tokens(
            cache_write_tokens,
            usable_price(model.cache_writes_price).or(input_price),
        )?,
        price_tokens(usage.output_tokens, output_price)?,
    ];
    let usd = priced_parts.iter().sum::<f64>() / TOKENS_PER_PRICE_UNIT;
    // Every part is a product of non-negative finite numbers, but a sum of huge ones can still
    // overflow to infinity, which is no answer.
    usd.is_finite().then_some(usd.max(0.0))
}

/// A price that can be used: known, finite and not negative.
fn usable_price(price_per_million: Option<f64>) -> Option<f64> {
    price_per_million.filter(|price| price.is_finite() && *price >= 0.0)
}

/// Tokens times price per million (divided later). Zero tokens need no price.
fn price_tokens(tokens: u64, price_per_million: Option<f64>) -> Option<f64> {
    if tokens == 0 {
        return Some(0.0);
    }
    Some(tokens as f64 * price_per_million?)
}

/// The `Usage` stream chunk for these counts and this cost.
#[must_use]
pub fn to_usage_chunk(usage: &TokenUsage, cost: Cost) -> Usage {
    Usage {
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
        cache_write_tokens: usage.cache_write_tokens,
        cache_read_tokens: usage.cache_read_tokens,
        reasoning_tokens: usage.reasoning_tokens,
        cost,
        estimated: false,
        cache_savings: None,
    }
}

/// The `Usage` stream chunk of a reply the proxy reported: its cost and, when the cache was used,
/// what caching saved, both from the model's prices. Decided here, when the reply's usage
/// arrives, so the chat keeps it and the webview only shows it.
#[must_use]
pub fn priced_usage(usage: &TokenUsage, model: &ModelInfo) -> Usage {
    let chunk = to_usage_chunk(usage, resolve_cost(usage, model));
    Usage {
        cache_savings: cache_savings(&chunk, model),
        ..chunk
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model priced like gpt-4o-mini: $0.15 in, $0.60 out, $0.075 cache reads.
    fn priced_model() -> ModelInfo {
        ModelInfo {
            input_price: Some(0.15),
            output_price: Some(0.60),
            cache_reads_price: Some(0.075),
            cache_writes_price: None,
            ..ModelInfo::default()
        }
    }

    fn unpriced_model() -> ModelInfo {
        ModelInfo {
            input_price: None,
            output_price: None,
            cache_reads_price: None,
            cache_writes_price: None,
            ..ModelInfo::default()
        }
    }

    fn usage(input: u64, output: u64) -> TokenUsage {
        TokenUsage {
            input_tokens: input,
            output_tokens: output,
            ..TokenUsage::default()
        }
    }

    fn known_usd(cost: &Cost, expected_source: CostSource) -> f64 {
        match cost {
            Cost::Known { usd, source } if *source == expected_source => *usd,
            other => panic!("expected a known cost from {expected_source:?}, got {other:?}"),
        }
    }

    fn assert_close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() <= expected.abs() * 1e-12 + 1e-18,
            "{actual} != {expected}"
        );
    }

    #[test]
    fn a_reported_cost_wins_over_model_prices() {
        let reported = TokenUsage {
            reported_cost_usd: Some(0.0123),
            ..usage(1_000_000, 1_000_000)
        };
        let cost = resolve_cost(&reported, &priced_model());
        assert_close(known_usd(&cost, CostSource::Proxy), 0.0123);
    }

    #[test]
    fn a_reported_zero_is_the_proxys_answer() {
        let reported = TokenUsage {
            reported_cost_usd: Some(0.0),
            ..usage(10, 10)
        };
        let cost = resolve_cost(&reported, &unpriced_model());
        assert_eq!(
            cost,
            Cost::Known {
                usd: 0.0,
                source: CostSource::Proxy
            }
        );
    }

    #[test]
    fn an_invalid_reported_cost_falls_back_to_prices() {
        let reported = TokenUsage {
            reported_cost_usd: Some(f64::NAN),
            ..usage(1_000_000, 0)
        };
        let cost = resolve_cost(&reported, &priced_model());
        assert_close(known_usd(&cost, CostSource::ModelPrices), 0.15);
    }

    #[test]
    fn computes_from_prices_without_cache() {
        let cost = resolve_cost(&usage(2_000_000, 500_000), &priced_model());
        // 2M * $0.15/M + 0.5M * $0.60/M.
        assert_close(known_usd(&cost, CostSource::ModelPrices), 0.30 + 0.30);
    }

    #[test]
    fn cached_tokens_are_part_of_the_prompt_and_priced_separately() {
        let cached = TokenUsage {
            cache_read_tokens: Some(600_000),
            cache_write_tokens: Some(100_000),
            ..usage(1_000_000, 0)
        };
        let model = ModelInfo {
            cache_writes_price: Some(0.1875),
            ..priced_model()
        };
        let cost = resolve_cost(&cached, &model);
        // 300k uncached at 0.15, 600k reads at 0.075, 100k writes at 0.1875.
        let expected = 0.3 * 0.15 + 0.6 * 0.075 + 0.1 * 0.1875;
        assert_close(known_usd(&cost, CostSource::ModelPrices), expected);
    }

    #[test]
    fn unknown_cache_prices_fall_back_to_the_input_price() {
        let cached = TokenUsage {
            cache_read_tokens: Some(400_000),
            cache_write_tokens: Some(100_000),
            ..usage(1_000_000, 0)
        };
        let model = ModelInfo {
            cache_reads_price: None,
            cache_writes_price: None,
            ..priced_model()
        };
        let cost = resolve_cost(&cached, &model);
        assert_close(known_usd(&cost, CostSource::ModelPrices), 0.15);
    }

    #[test]
    fn more_cached_than_prompt_tokens_never_goes_negative() {
        let odd = TokenUsage {
            cache_read_tokens: Some(5_000_000),
            cache_write_tokens: Some(u64::MAX),
            ..usage(1_000, 0)
        };
        let model = ModelInfo {
            cache_writes_price: Some(0.0),
            ..priced_model()
        };
        let usd = known_usd(&resolve_cost(&odd, &model), CostSource::ModelPrices);
        assert_close(usd, 5.0 * 0.075);
    }

    #[test]
    fn unknown_output_price_makes_the_cost_unknown() {
        let model = ModelInfo {
            output_price: None,
            ..priced_model()
        };
        assert_eq!(resolve_cost(&usage(100, 20), &model), Cost::Unknown);
    }

    #[test]
    fn a_price_is_only_needed_for_counts_that_are_not_zero() {
        let model = ModelInfo {
            output_price: None,
            ..priced_model()
        };
        let cost = resolve_cost(&usage(1_000_000, 0), &model);
        assert_close(known_usd(&cost, CostSource::ModelPrices), 0.15);
    }

    #[test]
    fn an_unpriced_model_is_unknown_even_for_zero_tokens() {
        assert_eq!(resolve_cost(&usage(0, 0), &unpriced_model()), Cost::Unknown);
        assert_eq!(
            resolve_cost(&usage(12, 3), &unpriced_model()),
            Cost::Unknown
        );
    }

    #[test]
    fn negative_or_infinite_prices_count_as_unknown() {
        let negative = ModelInfo {
            input_price: Some(-1.0),
            ..priced_model()
        };
        assert_eq!(resolve_cost(&usage(10, 0), &negative), Cost::Unknown);
        let infinite = ModelInfo {
            output_price: Some(f64::INFINITY),
            ..priced_model()
        };
        assert_eq!(resolve_cost(&usage(0, 10), &infinite), Cost::Unknown);
    }

    #[test]
    fn the_usage_chunk_carries_every_count_and_the_cost() {
        let counts = TokenUsage {
            input_tokens: 20,
            output_tokens: 40,
            cache_write_tokens: Some(2),
            cache_read_tokens: Some(8),
            reasoning_tokens: Some(30),
            reported_cost_usd: Some(1.0),
        };
        let chunk = to_usage_chunk(&counts, Cost::Unknown);
        assert_eq!(
            chunk,
            Usage {
                input_tokens: 20,
                output_tokens: 40,
                cache_write_tokens: Some(2),
                cache_read_tokens: Some(8),
                reasoning_tokens: Some(30),
                cost: Cost::Unknown,
                estimated: false,
                cache_savings: None,
            }
        );
    }

    #[test]
    fn priced_usage_carries_savings_only_when_the_cache_was_used() {
        let model = priced_model();
        let cached = TokenUsage {
            input_tokens: 1_000_000,
            cache_read_tokens: Some(1_000_000),
            ..TokenUsage::default()
        };
        let savings = priced_usage(&cached, &model).cache_savings.unwrap();
        assert!(
            (savings.saved_usd - (0.15 - 0.075)).abs() < 1e-12,
            "{savings:?}"
        );
        assert_eq!(priced_usage(&usage(10, 5), &model).cache_savings, None);
    }
}
