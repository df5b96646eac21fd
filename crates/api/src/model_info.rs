//! What a model can do and what it costs, as the settings panel shows it and as the request
//! builder and the cost calculation use it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A model's capabilities and prices. Prices are US dollars per million tokens; `None` means
/// unknown (never free). Every field has a default, so a partial override or an older saved
/// configuration still loads, filled in from the sane defaults; unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ModelInfo {
    /// The most tokens the model may generate in one reply, when known.
    pub max_tokens: Option<u32>,
    /// How many tokens of input plus output fit in one request.
    pub context_window: u32,
    /// Whether the model accepts images in user messages.
    pub supports_images: bool,
    /// Whether the model supports prompt caching.
    pub supports_prompt_cache: bool,
    /// Whether the model produces reasoning (thinking) tokens.
    pub supports_reasoning: bool,
    /// Whether the model takes `tools` (function calling), which Code mode needs; unset (null)
    /// when the proxy does not say, which keeps Code mode available (see
    /// `agent::effective_mode`).
    pub supports_function_calling: Option<bool>,
    /// Dollars per million input tokens.
    pub input_price: Option<f64>,
    /// Dollars per million output tokens.
    pub output_price: Option<f64>,
    /// Dollars per million tokens written to the prompt cache.
    pub cache_writes_price: Option<f64>,
    /// Dollars per million tokens read from the prompt cache.
    pub cache_reads_price: Option<f64>,
    /// A human description, when the proxy or the user gives one.
    pub description: Option<String>,
}

impl Default for ModelInfo {
    fn default() -> Self {
        crate::defaults::lite_llm_model_info_sane_defaults()
    }
}
