//! What prompt caching saved on one reply: the input as it was billed (uncached tokens at the
//! input price, cache reads and writes at their own prices) against the same input with no cache
//! (every prompt token at the input price). The usage line's tooltip shows it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model_info::ModelInfo;
use crate::stream::Usage;

/// Prices in [`ModelInfo`] are per million tokens.
const TOKENS_PER_PRICE_UNIT: f64 = 1_000_000.0;

/// The input's cost with and without the cache, in US dollars.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CacheSavings {
    /// The prompt as billed: uncached tokens, cache reads and cache writes at their prices.
    pub with_cache_usd: f64,
    /// The same prompt with every token at the input price.
    pub without_cache_usd: f64,
    /// `without_cache_usd - with_cache_usd`: negative on a reply that only wrote to the cache,
    /// since writes cost more than plain input (Anthropic: 1.25 times) and pay off on later reads.
    pub saved_usd: f64,
}

/// The savings of a reply, or `None` when the cache was not used (no reads or writes reported) or
/// the input price is unknown. A cache price that is unknown counts as the input price, as the
/// cost does, so it neither invents nor hides a saving.
#[must_use]
pub fn cache_savings(usage: &Usage, model: &ModelInfo) -> Option<CacheSavings> {
    let reads = usage.cache_read_tokens.unwrap_or(0);
    let writes = usage.cache_write_tokens.unwrap_or(0);
    if reads == 0 && writes == 0 {
        return None;
    }
    let usable = |price: Option<f64>| price.filter(|price| price.is_finite() && *price >= 0.0);
    let input_price = usable(model.input_price)?;
    let read_price = usable(model.cache_reads_price).unwrap_or(input_price);
    let write_price = usable(model.cache_writes_price).unwrap_or(input_price);
    // The prompt count includes reads and writes; a proxy that counts them apart must not make
    // the uncached part wrap around.
    let uncached = usage
        .input_tokens
        .saturating_sub(reads)
        .saturating_sub(writes);
    let all_prompt_tokens = uncached + reads + writes;
    let with_cache_usd =
        (uncached as f64 * input_price + reads as f64 * read_price + writes as f64 * write_price)
            / TOKENS_PER_PRICE_UNIT;
    let without_cache_usd = all_prompt_tokens as f64 * input_price / TOKENS_PER_PRICE_UNIT;
    Some(CacheSavings {
        with_cache_usd,
        without_cache_usd,
        saved_usd: without_cache_usd - with_cache_usd,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::Cost;

    /// Claude Sonnet's prices: $3 in, $3.75 cache writes, $0.30 cache reads per million.
    fn sonnet() -> ModelInfo {
        ModelInfo {
            input_price: Some(3.0),
            output_price: Some(15.0),
            cache_writes_price: Some(3.75),
            cache_reads_price: Some(0.3),
            ..ModelInfo::default()
        }
    }

    fn usage(input: u64, writes: Option<u64>, reads: Option<u64>) -> Usage {
        Usage {
            input_tokens: input,
            output_tokens: 25,
            cache_write_tokens: writes,
            cache_read_tokens: reads,
            reasoning_tokens: None,
            cost: Cost::Unknown,
            estimated: false,
            cache_savings: None,
        }
    }

    fn close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
    }

    #[test]
    fn the_issues_reply_saves_on_reads_and_pays_for_writes() {
        // 10 uncached + 1,200 written + 3,000 read = 4,210 prompt tokens (litellm 1.106.2).
        let savings = cache_savings(&usage(4210, Some(1200), Some(3000)), &sonnet()).unwrap();
        close(savings.without_cache_usd, 4210.0 * 3.0 / 1e6);
        close(
            savings.with_cache_usd,
            (10.0 * 3.0 + 1200.0 * 3.75 + 3000.0 * 0.3) / 1e6,
        );
        close(savings.saved_usd, (12630.0 - 5430.0) / 1e6);
    }

    #[test]
    fn a_reply_that_only_wrote_costs_more_than_without_the_cache() {
        let savings = cache_savings(&usage(1210, Some(1200), Some(0)), &sonnet()).unwrap();
        assert!(savings.saved_usd < 0.0, "{savings:?}");
    }

    #[test]
    fn no_cache_use_or_no_input_price_means_nothing_to_show() {
        assert_eq!(cache_savings(&usage(100, None, Some(0)), &sonnet()), None);
        let unpriced = ModelInfo {
            input_price: None,
            ..sonnet()
        };
        assert_eq!(cache_savings(&usage(100, None, Some(50)), &unpriced), None);
    }
}
