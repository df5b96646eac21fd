//! The LiteLLM provider's defaults in one place: the proxy URL, the model id and the placeholder
//! model info used until the proxy tells us the real capabilities.

use crate::model_info::ModelInfo;

/// Where a LiteLLM proxy listens when started with its defaults.
pub const LITELLM_DEFAULT_API_URL: &str = "http://localhost:4000";

/// The model id used when the user has not chosen one (Roo Code's `liteLlmDefaultModelId`).
pub const LITE_LLM_DEFAULT_MODEL_ID: &str = "gpt-3.5-turbo";

/// Generic placeholder capabilities (Roo Code's `liteLlmModelInfoSaneDefaults`): the real ones
/// depend on the model behind the proxy, so these are deliberately modest, claim no image or cache
/// support, and carry no prices, which makes the cost unknown rather than zero.
#[must_use]
pub fn lite_llm_model_info_sane_defaults() -> ModelInfo {
    ModelInfo {
        max_tokens: Some(4096),
        context_window: 16_385,
        supports_images: false,
        supports_prompt_cache: false,
        supports_reasoning: false,
        supports_function_calling: None,
        input_price: None,
        output_price: None,
        cache_writes_price: None,
        cache_reads_price: None,
        description: None,
    }
}

/// The defaults as the settings panel shows them (placeholders and the info used when nothing
/// better is known), so the webview never hard-codes them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ProviderDefaults {
    pub litellm_api_url: String,
    pub litellm_model_id: String,
    pub litellm_model_info: ModelInfo,
}

/// The LiteLLM defaults, for the settings panel.
#[must_use]
pub fn provider_defaults() -> ProviderDefaults {
    ProviderDefaults {
        litellm_api_url: LITELLM_DEFAULT_API_URL.to_owned(),
        litellm_model_id: LITE_LLM_DEFAULT_MODEL_ID.to_owned(),
        litellm_model_info: lite_llm_model_info_sane_defaults(),
    }
}
