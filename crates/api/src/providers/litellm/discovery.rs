//! Model discovery: the requests that ask the proxy which models it serves, and the parsers that
//! turn its answers into a sorted, indexed [`ModelCatalog`] with capabilities and prices.
//!
//! The rich source is `GET /v1/model/info` (the same as `/model/info`): one entry per deployment
//! with the alias as `model_name`, the underlying model as `litellm_params.model`, and about 170
//! `model_info` keys, most of them `null` (litellm 1.106.2). When that fails the ids-only
//! `GET /v1/models` still fills the list, and after that the user types the id by hand.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::classify::malformed_response;
use crate::errors::{ApiError, ApiErrorKind};
use crate::http::{HttpMethod, HttpRequest};
use crate::model_info::ModelInfo;
use crate::providers::litellm::headers::{Accept, request_headers};
use crate::proxy_url::ProxyUrl;

/// How many significant digits a per-million price keeps. Per-token prices such as `3e-06`
/// multiplied by a million land on `2.9999999999999996`; ten digits remove that noise and keep
/// every real price exact.
const PRICE_SIGNIFICANT_DIGITS: usize = 10;

/// LiteLLM `mode`s of models that cannot chat. They are left out of the list because choosing
/// one would only end in an error; a model without a `mode` is kept.
const NON_CHAT_MODES: [&str; 12] = [
    "embedding",
    "image_generation",
    "image_edit",
    "audio_transcription",
    "audio_speech",
    "moderation",
    "moderations",
    "rerank",
    "video_generation",
    "ocr",
    "search",
    "vector_store",
];

/// One model the proxy serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredModel {
    /// The id to send as `model`: the proxy's alias (`model_name`).
    pub id: String,
    /// The model behind the alias (`litellm_params.model`, for example `openai/gpt-4o-mini`);
    /// `/spend/calculate` needs this name, not the alias. Unknown from `/v1/models`.
    pub underlying_model: Option<String>,
    /// Capabilities and prices, with the sane defaults where the proxy did not say.
    pub info: ModelInfo,
    /// The OpenAI parameters the proxy says the model takes (`supported_openai_params`), which
    /// decide `max_tokens` or `max_completion_tokens`, a temperature and the reasoning effort;
    /// `None` when the proxy did not say.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub supported_params: Option<Vec<String>>,
}

/// The discovered models, sorted by id, with lookups by alias and by underlying model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelCatalog {
    models: Vec<DiscoveredModel>,
    by_alias: HashMap<String, usize>,
    by_underlying: HashMap<String, usize>,
}

impl ModelCatalog {
    /// Builds a catalog. When several entries share an id (LiteLLM lists each deployment of a
    /// load-balanced alias separately) the first in the given order wins. The list is then
    /// sorted by id for display. When several aliases share one underlying model, the lookup by
    /// underlying model finds the first alias in that sorted order.
    #[must_use]
    pub fn new(models: Vec<DiscoveredModel>) -> Self {
        let mut seen = std::collections::HashSet::new();
        let mut models: Vec<DiscoveredModel> = models
            .into_iter()
            .filter(|model| seen.insert(model.id.clone()))
            .collect();
        models.sort_by(|left, right| left.id.cmp(&right.id));
        let mut by_alias = HashMap::new();
        let mut by_underlying = HashMap::new();
        for (index, model) in models.iter().enumerate() {
            by_alias.insert(model.id.clone(), index);
            if let Some(underlying) = &model.underlying_model {
                by_underlying.entry(underlying.clone()).or_insert(index);
            }
        }
        Self {
            models,
            by_alias,
            by_underlying,
        }
    }

    /// The model with this alias, or else the first whose underlying model is `id`.
    #[must_use]
    pub fn find(&self, id: &str) -> Option<&DiscoveredModel> {
        self.by_alias
            .get(id)
            .or_else(|| self.by_underlying.get(id))
            .and_then(|index| self.models.get(*index))
    }

    /// The models, sorted by id.
    #[must_use]
    pub fn models(&self) -> &[DiscoveredModel] {
        &self.models
    }

    /// The models, sorted by id, by value.
    #[must_use]
    pub fn into_models(self) -> Vec<DiscoveredModel> {
        self.models
    }

    /// How many models there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.models.len()
    }

    /// Whether the proxy listed no usable model.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }
}

/// The discovery endpoints, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DiscoveryEndpoint {
    /// `GET /v1/model/info`: ids, underlying models, capabilities and prices.
    ModelInfo,
    /// `GET /model/info`: the same, for proxies that do not serve the `/v1` alias.
    ModelInfoFallback,
    /// `GET /v1/models`: ids only.
    Models,
}

impl DiscoveryEndpoint {
    /// Every endpoint, in the order they are tried.
    pub const ORDER: [Self; 3] = [Self::ModelInfo, Self::ModelInfoFallback, Self::Models];

    /// The endpoint to try when this one failed in a way [`should_fall_back`] accepts.
    #[must_use]
    pub fn next(self) -> Option<Self> {
        match self {
            Self::ModelInfo => Some(Self::ModelInfoFallback),
            Self::ModelInfoFallback => Some(Self::Models),
            Self::Models => None,
        }
    }

    /// The endpoint's URL below the proxy base.
    #[must_use]
    pub fn url(self, base_url: &ProxyUrl) -> String {
        match self {
            Self::ModelInfo => base_url.model_info_url(),
            Self::ModelInfoFallback => base_url.model_info_fallback_url(),
            Self::Models => base_url.models_url(),
        }
    }

    /// The `GET` request for this endpoint.
    #[must_use]
    pub fn request(self, base_url: &ProxyUrl, api_key: Option<&str>) -> HttpRequest {
        HttpRequest {
            method: HttpMethod::Get,
            url: self.url(base_url),
            headers: request_headers(Accept::Json, false, api_key),
            body: None,
        }
    }

    /// Parses a successful (2xx) answer of this endpoint.
    ///
    /// # Errors
    ///
    /// A [`ApiErrorKind::MalformedResponse`] error when the body is not the expected JSON.
    pub fn parse(self, body: &str) -> Result<ModelCatalog, ApiError> {
        match self {
            Self::ModelInfo | Self::ModelInfoFallback => parse_model_info_response(body),
            Self::Models => parse_models_response(body),
        }
    }
}

/// The discovery requests, in the order they are tried; the boundary sends the first and moves
/// on to the next only when [`should_fall_back`] says so.
#[must_use]
pub fn discovery_requests(
    base_url: &ProxyUrl,
    api_key: Option<&str>,
) -> Vec<(DiscoveryEndpoint, HttpRequest)> {
    DiscoveryEndpoint::ORDER
        .iter()
        .map(|endpoint| (*endpoint, endpoint.request(base_url, api_key)))
        .collect()
}

/// Whether a failed discovery request should be followed by the next endpoint. A missing or
/// broken endpoint (404, 405, a 5xx, an answer that is not the expected JSON) may work elsewhere;
/// a refused key, an unreachable proxy, a timeout or a cancel would fail the same way again.
#[must_use]
pub fn should_fall_back(error: &ApiError) -> bool {
    match error.kind {
        ApiErrorKind::MalformedResponse
        | ApiErrorKind::BadRequest
        | ApiErrorKind::ServerError
        | ApiErrorKind::UnknownModel
        | ApiErrorKind::UpstreamDown => true,
        ApiErrorKind::InvalidSettings
        | ApiErrorKind::Unauthorized
        | ApiErrorKind::ContextWindowExceeded
        | ApiErrorKind::RateLimited
        | ApiErrorKind::ProxyUnreachable
        | ApiErrorKind::StreamCutShort
        | ApiErrorKind::Timeout
        | ApiErrorKind::Cancelled => false,
    }
}

/// Parses a `GET /v1/model/info` (or `/model/info`) answer.
///
/// # Errors
///
/// A [`ApiErrorKind::MalformedResponse`] error when the body is not JSON with a `data` list.
pub fn parse_model_info_response(body: &str) -> Result<ModelCatalog, ApiError> {
    let entries = data_entries(body)?;
    Ok(ModelCatalog::new(
        entries.iter().filter_map(model_from_info_entry).collect(),
    ))
}

/// Parses a `GET /v1/models` answer into models with the sane default info.
///
/// # Errors
///
/// A [`ApiErrorKind::MalformedResponse`] error when the body is not JSON with a `data` list.
pub fn parse_models_response(body: &str) -> Result<ModelCatalog, ApiError> {
    let entries = data_entries(body)?;
    Ok(ModelCatalog::new(
        entries
            .iter()
            .filter_map(|entry| {
                let id = selectable_id(entry.get("id"))?;
                Some(DiscoveredModel {
                    id,
                    underlying_model: None,
                    info: ModelInfo::default(),
                    supported_params: None,
                })
            })
            .collect(),
    ))
}

/// The entries of `data`, which LiteLLM sometimes sends as one object instead of a list.
fn data_entries(body: &str) -> Result<Vec<Value>, ApiError> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Err(malformed_response(
            "The proxy answered the model list request with an empty body.",
            None,
        ));
    }
    if trimmed.starts_with('<') {
        return Err(malformed_response(
            "The proxy answered the model list request with a web page instead of JSON, so the \
             URL may point at something other than a LiteLLM proxy.",
            Some(body),
        ));
    }
    let value: Value = serde_json::from_str(trimmed).map_err(|error| {
        malformed_response(
            &format!("The model list is not valid JSON ({error})."),
            Some(body),
        )
    })?;
    let data = match &value {
        // A bare list is what some OpenAI-compatible servers send.
        Value::Array(_) => &value,
        Value::Object(object) => match object.get("data") {
            Some(data) => data,
            None => {
                let detail = match object.get("error") {
                    Some(error) => format!(
                        "The proxy answered the model list request with an error: {}",
                        error
                            .get("message")
                            .and_then(Value::as_str)
                            .unwrap_or("no message")
                    ),
                    None => "The model list has no \"data\" field.".to_owned(),
                };
                return Err(malformed_response(&detail, Some(body)));
            }
        },
        _ => {
            return Err(malformed_response(
                "The model list is not a JSON object.",
                Some(body),
            ));
        }
    };
    match data {
        Value::Array(entries) => Ok(entries.clone()),
        Value::Object(_) => Ok(vec![data.clone()]),
        Value::Null => Ok(Vec::new()),
        _ => Err(malformed_response(
            "The model list's \"data\" field is neither a list nor an object.",
            Some(body),
        )),
    }
}

/// A non-blank id that can be sent as `model`. Wildcard routes such as `openai/*` are not one.
fn selectable_id(value: Option<&Value>) -> Option<String> {
    let id = value?.as_str()?.trim();
    (!id.is_empty() && !id.contains('*')).then(|| id.to_owned())
}

fn model_from_info_entry(entry: &Value) -> Option<DiscoveredModel> {
    let id = selectable_id(entry.get("model_name"))?;
    let empty = Map::new();
    let params = entry
        .get("litellm_params")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let info = entry
        .get("model_info")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mode = info.get("mode").and_then(Value::as_str).unwrap_or_default();
    if NON_CHAT_MODES.contains(&mode) {
        return None;
    }
    let underlying_model = params
        .get("model")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|model| !model.is_empty())
        .map(str::to_owned);
    Some(DiscoveredModel {
        id,
        underlying_model,
        info: map_model_info(info, params),
        supported_params: crate::providers::litellm::model_params::supported_params(info),
    })
}

/// Maps LiteLLM's `model_info` (with prices also looked up in `litellm_params`, where proxy
/// configurations often put them) onto [`ModelInfo`], keeping the sane defaults for what is
/// unset.
fn map_model_info(info: &Map<String, Value>, params: &Map<String, Value>) -> ModelInfo {
    let defaults = ModelInfo::default();
    let max_tokens =
        token_count(info, "max_output_tokens").or_else(|| token_count(info, "max_tokens"));
    let context_window = token_count(info, "max_input_tokens")
        .or_else(|| token_count(info, "max_tokens"))
        .unwrap_or(defaults.context_window);
    let price = |key: &str| {
        per_token_price(info, key)
            .or_else(|| per_token_price(params, key))
            .and_then(per_million)
    };
    ModelInfo {
        max_tokens: max_tokens.or(defaults.max_tokens),
        context_window,
        supports_images: flag(info, "supports_vision"),
        supports_prompt_cache: flag(info, "supports_prompt_caching"),
        supports_reasoning: flag(info, "supports_reasoning"),
        supports_function_calling: info
            .get("supports_function_calling")
            .and_then(Value::as_bool),
        input_price: price("input_cost_per_token"),
        output_price: price("output_cost_per_token"),
        cache_writes_price: price("cache_creation_input_token_cost"),
        cache_reads_price: price("cache_read_input_token_cost"),
        description: defaults.description,
    }
}

fn flag(object: &Map<String, Value>, key: &str) -> bool {
    object.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// A number, or a string holding one (YAML configurations sometimes quote prices).
fn number(object: &Map<String, Value>, key: &str) -> Option<f64> {
    let number = match object.get(key)? {
        Value::Number(number) => number.as_f64()?,
        Value::String(text) => text.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    number.is_finite().then_some(number)
}

/// A positive token count; fractions are dropped and values beyond `u32` saturate.
fn token_count(object: &Map<String, Value>, key: &str) -> Option<u32> {
    let count = number(object, key)?.floor();
    // `as` saturates on overflow, which is the wanted clamp for absurd counts.
    (count >= 1.0).then_some(count as u32)
}

/// A per-token price that is zero or more; a negative price is a configuration error and is
/// treated as unknown rather than as a refund.
fn per_token_price(object: &Map<String, Value>, key: &str) -> Option<f64> {
    number(object, key).filter(|price| *price >= 0.0)
}

/// Converts a per-token price to per million tokens, without floating-point noise.
fn per_million(per_token: f64) -> Option<f64> {
    let scaled = per_token * 1_000_000.0;
    if !scaled.is_finite() {
        return None;
    }
    Some(round_significant(scaled, PRICE_SIGNIFICANT_DIGITS))
}

/// Rounds to `digits` significant digits by printing in scientific notation and reading back,
/// which yields the double nearest the rounded decimal.
fn round_significant(value: f64, digits: usize) -> f64 {
    if value == 0.0 {
        return 0.0;
    }
    format!("{value:.precision$e}", precision = digits.saturating_sub(1))
        .parse()
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A representative part of the ~170 `model_info` keys LiteLLM 1.106 reports for every
    /// deployment, all `null` unless a test sets them, as the real proxy does where unset.
    const MODEL_INFO_KEYS: &[&str] = &[
        "id",
        "db_model",
        "updated_at",
        "updated_by",
        "created_at",
        "created_by",
        "base_model",
        "tier",
        "team_id",
        "team_public_model_name",
        "access_groups",
        "direct_access",
        "access_via_team_ids",
        "key",
        "max_tokens",
        "max_input_tokens",
        "max_output_tokens",
        "input_cost_per_token",
        "input_cost_per_token_flex",
        "input_cost_per_token_priority",
        "cache_creation_input_token_cost",
        "cache_creation_input_token_cost_above_1hr",
        "cache_creation_input_token_cost_above_200k_tokens",
        "cache_creation_input_audio_token_cost",
        "cache_read_input_token_cost",
        "cache_read_input_token_cost_flex",
        "cache_read_input_token_cost_priority",
        "cache_read_input_token_cost_above_200k_tokens",
        "cache_read_input_audio_token_cost",
        "input_cost_per_character",
        "input_cost_per_character_above_128k_tokens",
        "input_cost_per_token_above_128k_tokens",
        "input_cost_per_token_above_200k_tokens",
        "input_cost_per_query",
        "input_cost_per_second",
        "input_cost_per_audio_token",
        "input_cost_per_audio_per_second",
        "input_cost_per_audio_per_second_above_128k_tokens",
        "input_cost_per_image",
        "input_cost_per_image_above_128k_tokens",
        "input_cost_per_token_batches",
        "input_cost_per_video_per_second",
        "input_cost_per_video_per_second_above_128k_tokens",
        "input_cost_per_pixel",
        "output_cost_per_token_batches",
        "output_cost_per_token",
        "output_cost_per_token_flex",
        "output_cost_per_token_priority",
        "output_cost_per_audio_token",
        "output_cost_per_character",
        "output_cost_per_reasoning_token",
        "output_cost_per_token_above_128k_tokens",
        "output_cost_per_character_above_128k_tokens",
        "output_cost_per_token_above_200k_tokens",
        "output_cost_per_second",
        "output_cost_per_video_per_second",
        "output_cost_per_image",
        "output_cost_per_image_token",
        "output_vector_size",
        "citation_cost_per_token",
        "tiered_pricing",
        "litellm_provider",
        "mode",
        "supports_system_messages",
        "supports_response_schema",
        "supports_vision",
        "supports_function_calling",
        "supports_tool_choice",
        "supports_assistant_prefill",
        "supports_prompt_caching",
        "supports_audio_input",
        "supports_audio_output",
        "supports_pdf_input",
        "supports_embedding_image_input",
        "supports_native_streaming",
        "supports_web_search",
        "supports_url_context",
        "supports_reasoning",
        "supports_computer_use",
        "search_context_cost_per_query",
        "tpm",
        "rpm",
        "ocr_cost_per_page",
        "annotation_cost_per_page",
        "supported_openai_params",
        "supports_parallel_function_calling",
    ];

    /// One `/v1/model/info` entry in the real proxy's shape: every key present, most `null`.
    fn entry(model_name: Value, params: Value, set: Value) -> Value {
        let mut info = Map::new();
        for key in MODEL_INFO_KEYS {
            info.insert((*key).to_owned(), Value::Null);
        }
        info.insert("id".into(), json!("6f0e4c7bd1a2f3e4b5c6d7e8f9a0b1c2"));
        info.insert("db_model".into(), json!(false));
        info.insert("key".into(), json!("gpt-4o-mini"));
        if let Value::Object(values) = set {
            info.extend(values);
        }
        json!({"model_name": model_name, "litellm_params": params, "model_info": info})
    }

    fn body(entries: Vec<Value>) -> String {
        json!({ "data": entries }).to_string()
    }

    fn fixture() -> String {
        body(vec![
            entry(
                json!("gpt-4o-mini"),
                json!({"model": "openai/gpt-4o-mini", "api_base": "http://127.0.0.1:9999/v1",
                       "input_cost_per_token": 1.5e-7, "output_cost_per_token": 6e-7}),
                json!({"max_tokens": 16384, "max_input_tokens": 128000,
                       "max_output_tokens": 16384, "input_cost_per_token": 1.5e-7,
                       "output_cost_per_token": 6e-7, "cache_read_input_token_cost": 7.5e-8,
                       "litellm_provider": "openai", "mode": "chat", "supports_vision": true,
                       "supports_prompt_caching": true, "supports_function_calling": true}),
            ),
            entry(
                json!("mock"),
                json!({"model": "openai/mock", "mock_response": "Hello!",
                       "input_cost_per_token": 3e-6, "output_cost_per_token": 1.5e-5}),
                json!({}),
            ),
            entry(
                json!("claude"),
                json!({"model": "anthropic/claude-3-7-sonnet-20250219"}),
                json!({"max_tokens": 8192, "max_input_tokens": 200000,
                       "max_output_tokens": 8192, "input_cost_per_token": 3e-6,
                       "output_cost_per_token": 1.5e-5,
                       "cache_creation_input_token_cost": 3.75e-6,
                       "cache_read_input_token_cost": 3e-7, "supports_reasoning": true,
                       "supports_prompt_caching": true, "supports_vision": true,
                       "supports_function_calling": false, "mode": "chat"}),
            ),
            entry(
                json!("text-embedding"),
                json!({"model": "openai/text-embedding-3-small"}),
                json!({"mode": "embedding"}),
            ),
            entry(json!(null), json!({"model": "openai/broken"}), json!({})),
            entry(json!("openai/*"), json!({"model": "openai/*"}), json!({})),
            json!("not an object"),
        ])
    }

    #[test]
    fn fixture_entries_are_mostly_null_like_the_real_proxy() {
        let parsed: Value = serde_json::from_str(&fixture()).unwrap();
        let info = parsed["data"][1]["model_info"].as_object().unwrap();
        assert!(info.len() > 80);
        assert!(info.values().filter(|value| value.is_null()).count() > 75);
    }

    #[test]
    fn model_info_is_parsed_sorted_and_filtered() {
        let catalog = parse_model_info_response(&fixture()).unwrap();
        let ids: Vec<&str> = catalog
            .models()
            .iter()
            .map(|model| model.id.as_str())
            .collect();
        assert_eq!(ids, ["claude", "gpt-4o-mini", "mock"]);
        assert_eq!(catalog.len(), 3);
        assert!(!catalog.is_empty());
    }

    #[test]
    fn capabilities_and_prices_are_mapped_per_million() {
        let catalog = parse_model_info_response(&fixture()).unwrap();
        let claude = catalog.find("claude").unwrap();
        assert_eq!(
            claude.underlying_model.as_deref(),
            Some("anthropic/claude-3-7-sonnet-20250219")
        );
        let info = &claude.info;
        assert_eq!(info.max_tokens, Some(8192));
        assert_eq!(info.context_window, 200_000);
        assert!(info.supports_images);
        assert!(info.supports_prompt_cache);
        assert!(info.supports_reasoning);
        assert_eq!(info.input_price, Some(3.0));
        assert_eq!(info.output_price, Some(15.0));
        assert_eq!(info.cache_writes_price, Some(3.75));
        assert_eq!(info.cache_reads_price, Some(0.3));

        let mini = &catalog.find("gpt-4o-mini").unwrap().info;
        assert_eq!(mini.input_price, Some(0.15));
        assert_eq!(mini.output_price, Some(0.6));
        assert_eq!(mini.cache_reads_price, Some(0.075));
        assert_eq!(mini.cache_writes_price, None);
        assert!(!mini.supports_reasoning);
    }

    #[test]
    fn function_calling_support_is_read_and_unknown_when_the_proxy_says_nothing() {
        let catalog = parse_model_info_response(&fixture()).unwrap();
        let support = |id: &str| catalog.find(id).unwrap().info.supports_function_calling;
        assert_eq!(support("gpt-4o-mini"), Some(true));
        assert_eq!(support("claude"), Some(false));
        // The real proxy sends `null` for it, which is not a "no".
        assert_eq!(support("mock"), None);
    }

    #[test]
    fn prices_fall_back_to_litellm_params_and_the_rest_to_defaults() {
        let catalog = parse_model_info_response(&fixture()).unwrap();
        let mock = catalog.find("mock").unwrap();
        let defaults = ModelInfo::default();
        assert_eq!(mock.info.input_price, Some(3.0));
        assert_eq!(mock.info.output_price, Some(15.0));
        assert_eq!(mock.info.cache_reads_price, None);
        assert_eq!(mock.info.context_window, defaults.context_window);
        assert_eq!(mock.info.max_tokens, defaults.max_tokens);
        assert!(!mock.info.supports_images);
    }

    #[test]
    fn find_looks_up_alias_first_then_underlying_model() {
        let catalog = parse_model_info_response(&fixture()).unwrap();
        assert_eq!(
            catalog.find("openai/gpt-4o-mini").unwrap().id,
            "gpt-4o-mini"
        );
        assert_eq!(catalog.find("openai/mock").unwrap().id, "mock");
        assert!(catalog.find("gpt-5").is_none());
        assert!(catalog.find("openai/broken").is_none());
    }

    #[test]
    fn an_alias_named_like_another_underlying_model_wins() {
        let catalog = ModelCatalog::new(vec![
            DiscoveredModel {
                id: "fast".into(),
                underlying_model: Some("gpt-4o".into()),
                info: ModelInfo::default(),
                supported_params: None,
            },
            DiscoveredModel {
                id: "gpt-4o".into(),
                underlying_model: Some("azure/gpt-4o".into()),
                info: ModelInfo::default(),
                supported_params: None,
            },
        ]);
        assert_eq!(catalog.find("gpt-4o").unwrap().id, "gpt-4o");
    }

    #[test]
    fn shared_underlying_model_finds_the_first_alias_in_sorted_order() {
        let body = body(vec![
            entry(json!("zeta"), json!({"model": "openai/gpt-4o"}), json!({})),
            entry(json!("alpha"), json!({"model": "openai/gpt-4o"}), json!({})),
        ]);
        let catalog = parse_model_info_response(&body).unwrap();
        assert_eq!(catalog.find("openai/gpt-4o").unwrap().id, "alpha");
    }

    #[test]
    fn repeated_alias_keeps_the_first_deployment() {
        let body = body(vec![
            entry(
                json!("balanced"),
                json!({"model": "openai/first"}),
                json!({}),
            ),
            entry(
                json!("balanced"),
                json!({"model": "openai/second"}),
                json!({}),
            ),
        ]);
        let catalog = parse_model_info_response(&body).unwrap();
        assert_eq!(catalog.len(), 1);
        assert_eq!(
            catalog
                .find("balanced")
                .unwrap()
                .underlying_model
                .as_deref(),
            Some("openai/first")
        );
    }

    #[test]
    fn data_may_be_a_single_object() {
        let body =
            json!({"data": {"model_name": "solo", "litellm_params": {"model": "openai/solo"},
                                   "model_info": null}})
            .to_string();
        let catalog = parse_model_info_response(&body).unwrap();
        assert_eq!(catalog.models()[0].id, "solo");
        assert_eq!(catalog.models()[0].info, ModelInfo::default());
    }

    #[test]
    fn missing_and_null_parts_are_tolerated() {
        let body = json!({"data": [
            {"model_name": "bare"},
            {"model_name": "nulls", "litellm_params": null, "model_info": null},
            {"model_name": "  spaced  ", "litellm_params": {"model": "  "}},
            {"model_name": "", "litellm_params": {"model": "x"}},
            {"model_name": 42},
            {"model_name": "extra", "unknown": {"deep": [1, 2]},
             "model_info": {"max_tokens": "4096", "supports_vision": "yes",
                            "input_cost_per_token": -1, "output_cost_per_token": "2e-6"}}
        ]})
        .to_string();
        let catalog = parse_model_info_response(&body).unwrap();
        let ids: Vec<&str> = catalog
            .models()
            .iter()
            .map(|model| model.id.as_str())
            .collect();
        assert_eq!(ids, ["bare", "extra", "nulls", "spaced"]);
        assert_eq!(catalog.find("spaced").unwrap().underlying_model, None);
        let extra = &catalog.find("extra").unwrap().info;
        assert_eq!(extra.max_tokens, Some(4096));
        assert_eq!(extra.context_window, 4096);
        assert!(!extra.supports_images);
        assert_eq!(extra.input_price, None);
        assert_eq!(extra.output_price, Some(2.0));
    }

    #[test]
    fn max_tokens_alone_sets_both_limits() {
        let mut info = Map::new();
        info.insert("max_tokens".into(), json!(8192));
        let mapped = map_model_info(&info, &Map::new());
        assert_eq!(mapped.max_tokens, Some(8192));
        assert_eq!(mapped.context_window, 8192);
    }

    #[test]
    fn zero_price_is_known_and_free() {
        let mut info = Map::new();
        info.insert("input_cost_per_token".into(), json!(0.0));
        assert_eq!(map_model_info(&info, &Map::new()).input_price, Some(0.0));
    }

    #[test]
    fn empty_data_and_null_data_give_an_empty_catalog() {
        assert!(
            parse_model_info_response(r#"{"data":[]}"#)
                .unwrap()
                .is_empty()
        );
        assert!(
            parse_model_info_response(r#"{"data":null}"#)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn non_json_bodies_are_malformed() {
        for body in [
            "",
            "   ",
            "<!DOCTYPE html><html><body>Login</body></html>",
            "Internal Server Error",
            r#"{"object":"list"}"#,
            r#"{"data":"nope"}"#,
            "42",
        ] {
            let error = parse_model_info_response(body).unwrap_err();
            assert_eq!(error.kind, ApiErrorKind::MalformedResponse, "{body}");
            assert!(error.detail.is_some());
        }
    }

    #[test]
    fn an_error_object_in_a_200_is_reported_with_its_message() {
        let error =
            parse_model_info_response(r#"{"error":{"message":"boom","code":"500"}}"#).unwrap_err();
        assert!(error.detail.unwrap().contains("boom"));
    }

    #[test]
    fn models_list_gives_ids_with_default_info() {
        let body = json!({"object": "list", "data": [
            {"id": "mock", "object": "model", "created": 1_677_610_602, "owned_by": "openai"},
            {"id": "claude", "object": "model", "created": 1_677_610_602, "owned_by": "openai"},
            {"object": "model"},
            {"id": null},
            {"id": "mock", "object": "model"}
        ]})
        .to_string();
        let catalog = parse_models_response(&body).unwrap();
        let ids: Vec<&str> = catalog
            .models()
            .iter()
            .map(|model| model.id.as_str())
            .collect();
        assert_eq!(ids, ["claude", "mock"]);
        assert_eq!(catalog.models()[0].info, ModelInfo::default());
        assert_eq!(catalog.models()[0].underlying_model, None);
        assert!(
            parse_models_response(r#"{"data":{"id":"one"}}"#)
                .unwrap()
                .find("one")
                .is_some()
        );
        assert_eq!(
            parse_models_response("nope").unwrap_err().kind,
            ApiErrorKind::MalformedResponse
        );
    }

    #[test]
    fn requests_carry_the_key_only_when_set() {
        let base = ProxyUrl::parse("http://localhost:4000/litellm/v1").unwrap();
        let with_key = DiscoveryEndpoint::ModelInfo.request(&base, Some(" sk-abc "));
        assert_eq!(with_key.method, HttpMethod::Get);
        assert_eq!(with_key.url, "http://localhost:4000/litellm/v1/model/info");
        assert_eq!(with_key.body, None);
        assert!(
            with_key
                .headers
                .contains(&("Authorization".into(), "Bearer sk-abc".into()))
        );
        assert!(
            with_key
                .headers
                .contains(&("Accept".into(), "application/json".into()))
        );
        for key in [None, Some(""), Some("  ")] {
            let request = DiscoveryEndpoint::Models.request(&base, key);
            assert!(
                request
                    .headers
                    .iter()
                    .all(|(name, _)| name != "Authorization")
            );
        }
    }

    #[test]
    fn discovery_requests_follow_the_fallback_order() {
        let base = ProxyUrl::parse("http://localhost:4000").unwrap();
        let urls: Vec<String> = discovery_requests(&base, None)
            .into_iter()
            .map(|(_, request)| request.url)
            .collect();
        assert_eq!(
            urls,
            [
                "http://localhost:4000/v1/model/info",
                "http://localhost:4000/model/info",
                "http://localhost:4000/v1/models"
            ]
        );
        assert_eq!(
            DiscoveryEndpoint::ModelInfo.next(),
            Some(DiscoveryEndpoint::ModelInfoFallback)
        );
        assert_eq!(DiscoveryEndpoint::Models.next(), None);
    }

    #[test]
    fn each_endpoint_parses_its_own_shape() {
        let models = r#"{"data":[{"id":"a","object":"model"}],"object":"list"}"#;
        assert_eq!(DiscoveryEndpoint::Models.parse(models).unwrap().len(), 1);
        // A `/v1/models` body read as model info has no `model_name`, so nothing is listed.
        assert!(
            DiscoveryEndpoint::ModelInfo
                .parse(models)
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            DiscoveryEndpoint::ModelInfoFallback
                .parse(&fixture())
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn fall_back_only_when_another_endpoint_may_work() {
        let not_found =
            crate::classify::classify_http_error(404, &[], r#"{"detail":"Not Found"}"#, None);
        assert!(should_fall_back(&not_found));
        assert!(should_fall_back(&malformed_response("x", None)));
        let unauthorized = crate::classify::classify_http_error(401, &[], "", None);
        assert!(!should_fall_back(&unauthorized));
        assert!(!should_fall_back(&crate::classify::proxy_unreachable(
            "refused"
        )));
        assert!(!should_fall_back(&crate::classify::cancelled()));
    }

    #[test]
    fn per_million_conversion_removes_float_noise() {
        assert_eq!(per_million(3e-6), Some(3.0));
        assert_eq!(per_million(1.5e-7), Some(0.15));
        assert_eq!(per_million(2.5e-6), Some(2.5));
        assert_eq!(per_million(1.1e-6), Some(1.1));
        assert_eq!(per_million(0.0), Some(0.0));
        assert_eq!(per_million(f64::MAX), None);
    }

    #[test]
    fn discovered_model_serialises_in_camel_case() {
        let model = DiscoveredModel {
            id: "a".into(),
            underlying_model: Some("openai/a".into()),
            info: ModelInfo::default(),
            supported_params: None,
        };
        let value = serde_json::to_value(&model).unwrap();
        assert_eq!(value["underlyingModel"], json!("openai/a"));
        assert_eq!(value["info"]["contextWindow"], json!(16_385));
    }

    proptest::proptest! {
        #[test]
        fn parsing_arbitrary_text_never_panics(body in "\\PC{0,200}") {
            let _ = parse_model_info_response(&body);
            let _ = parse_models_response(&body);
        }

        #[test]
        fn per_million_prices_are_exact_decimals(micro_cents in 0u64..100_000_000) {
            // A price in whole millionths of a dollar per million tokens.
            let per_million_price = micro_cents as f64 / 1_000_000.0;
            let per_token = per_million_price / 1_000_000.0;
            proptest::prop_assert_eq!(per_million(per_token), Some(per_million_price));
        }
    }
}
