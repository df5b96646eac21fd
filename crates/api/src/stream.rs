//! The chunks a reply streams as: text, reasoning, tool calls, usage (with cost) and error. This is the
//! contract between the core, the wasm boundary, the extension and the webview.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::agent::AssembledToolCall;
use crate::cache_savings::CacheSavings;
use crate::errors::ApiError;

/// One piece of a streamed reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ApiStreamChunk {
    /// Visible reply text, to append.
    Text { text: String },
    /// Reasoning ("thinking") text, to append to the folded reasoning view.
    Reasoning { text: String },
    /// The reply's tool calls, complete, in the order the model made them. Sent once, when the
    /// stream has completed (before its usage chunk), and only when the model called a tool.
    ToolCalls { calls: Vec<AssembledToolCall> },
    /// Token counts and cost; the last usage chunk of a reply is the one that counts.
    Usage(Usage),
    /// The reply failed; whatever streamed before stays.
    Error { error: ApiError },
}

/// Token counts for one reply, in OpenAI's semantics: `input_tokens` includes cached tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// Prompt tokens, cached ones included.
    pub input_tokens: u64,
    /// Completion tokens, reasoning ones included.
    pub output_tokens: u64,
    /// Prompt tokens written to the cache, when the proxy reports them.
    pub cache_write_tokens: Option<u64>,
    /// Prompt tokens read from the cache, when the proxy reports them.
    pub cache_read_tokens: Option<u64>,
    /// Completion tokens spent on reasoning, when the proxy reports them.
    pub reasoning_tokens: Option<u64>,
    /// What the reply cost.
    pub cost: Cost,
    /// The counts are our own `o200k_base` estimate, not the proxy's: the reply ended (stopped,
    /// failed, or a proxy that reports no usage) before the proxy said what it billed. Histories
    /// written before this field existed read as `false`.
    #[serde(default)]
    pub estimated: bool,
    /// What prompt caching saved on this reply against the same input uncached, priced with the
    /// model's prices when the reply finished; `None` when the cache was not used or the input
    /// price is unknown. Histories written before this field existed read as `None`.
    #[serde(default)]
    pub cache_savings: Option<CacheSavings>,
}

/// What a reply cost, and how we know. Unknown is its own case so it is never shown as $0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Cost {
    /// A known cost in US dollars.
    Known { usd: f64, source: CostSource },
    /// Neither the proxy nor the model's prices could tell.
    Unknown,
}

/// Where a known cost came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CostSource {
    /// `usage.cost` in the stream's final chunk, computed by the proxy.
    Proxy,
    /// Computed here from the model's per-token prices.
    ModelPrices,
    /// Asked of the proxy's `POST /spend/calculate` after the stream.
    SpendCalculate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_usage_saved_before_estimates_existed_reads_as_reported() {
        let saved = r#"{"inputTokens":5,"outputTokens":6,"cacheWriteTokens":null,
            "cacheReadTokens":null,"reasoningTokens":null,"cost":{"kind":"unknown"}}"#;
        let usage: Usage = serde_json::from_str(saved).unwrap();
        assert!(!usage.estimated);
        assert_eq!((usage.input_tokens, usage.output_tokens), (5, 6));
    }
}
