//! The provider settings as saved by the extension (Roo Code's `providerSettingsSchema` fields for
//! LiteLLM), how they are read tolerantly from JSON, and how they are validated into the settings
//! a request is built from.
//!
//! Saved settings outlive versions: fields may be missing, `null`, partial (a model info with only
//! a price), or unknown to this version; all of that loads. What cannot be used is refused with
//! an error that names the field and says what to enter.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::defaults::{LITE_LLM_DEFAULT_MODEL_ID, LITELLM_DEFAULT_API_URL};
use crate::errors::ApiError;
use crate::model_info::ModelInfo;
use crate::providers::litellm::team_settings::{TeamOptions, TeamSettings};
use crate::proxy_url::ProxyUrl;

/// The JSON name of the provider choice.
pub const FIELD_API_PROVIDER: &str = "apiProvider";
/// The JSON name of the proxy API key.
pub const FIELD_API_KEY: &str = "litellmApiKey";
/// The JSON name of the proxy base URL.
pub const FIELD_API_URL: &str = "litellmApiUrl";
/// The JSON name of the model id.
pub const FIELD_MODEL_ID: &str = "litellmModelId";
/// The JSON name of the model info override.
pub const FIELD_MODEL_INFO: &str = "litellmModelInfo";

/// The largest context window accepted in an override. The largest real windows are a few
/// million tokens; anything above this is a typing mistake.
pub const MAX_CONTEXT_WINDOW: u32 = 100_000_000;

/// The highest price accepted in an override, in dollars per million tokens. The dearest models
/// cost hundreds of dollars per million output tokens; ten thousand leaves ample room while still
/// catching a price typed in the wrong unit or with extra zeros.
pub const MAX_PRICE_PER_MILLION: f64 = 10_000.0;

/// The longest model id accepted. LiteLLM ids can be long (cloud resource names), but not this.
pub const MAX_MODEL_ID_CHARS: usize = 1024;

/// The longest description accepted in an override.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;

/// The providers the core can build a handler for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum ProviderName {
    /// A LiteLLM proxy.
    #[serde(rename = "litellm")]
    Litellm,
}

impl ProviderName {
    /// Every provider, in the order the settings panel lists them.
    pub const ALL: [Self; 1] = [Self::Litellm];

    /// The name as saved in `apiProvider`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Litellm => "litellm",
        }
    }

    /// The provider saved under `name`, if the core knows it.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|provider| provider.as_str() == name.trim())
    }
}

/// The provider settings as saved. Every field is optional; `null` counts as unset and unknown
/// fields are ignored, so settings saved by older or newer versions still load.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields = nullable)]
pub struct ProviderSettings {
    /// Which provider is selected, for example `"litellm"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_provider: Option<String>,
    /// The key sent as `Authorization: Bearer`, when the proxy needs one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub litellm_api_key: Option<String>,
    /// The proxy's base URL; `http://localhost:4000` when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub litellm_api_url: Option<String>,
    /// The model id sent to the proxy; `gpt-3.5-turbo` when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub litellm_model_id: Option<String>,
    /// The user's override of the model's capabilities and prices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub litellm_model_info: Option<ModelInfo>,
    /// Prompt caching, reasoning effort, custom headers and the key header (`team_settings`).
    #[serde(flatten)]
    #[ts(flatten)]
    pub team: TeamSettings,
}

/// Written by hand so the API key never reaches a log through `{:?}`.
impl fmt::Debug for ProviderSettings {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ProviderSettings")
            .field("api_provider", &self.api_provider)
            .field(
                "litellm_api_key",
                &key_presence(self.litellm_api_key.as_deref()),
            )
            .field("litellm_api_url", &self.litellm_api_url)
            .field("litellm_model_id", &self.litellm_model_id)
            .field("litellm_model_info", &self.litellm_model_info)
            .field("team", &self.team)
            .finish()
    }
}

fn key_presence(key: Option<&str>) -> &'static str {
    match key {
        Some(_) => "Some(<redacted>)",
        None => "None",
    }
}

/// A setting that cannot be used: which field, and a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsError {
    /// The field's JSON name, for example `litellmApiUrl` or `litellmModelInfo.inputPrice`.
    pub field: String,
    /// What is wrong and what to enter instead.
    pub message: String,
}

impl SettingsError {
    pub(crate) fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SettingsError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for SettingsError {}

impl From<SettingsError> for ApiError {
    fn from(error: SettingsError) -> Self {
        crate::classify::invalid_settings(&error.field, &error.message)
    }
}

/// The LiteLLM settings after validation: everything a request needs, defaults applied.
#[derive(Clone, PartialEq)]
pub struct LiteLlmSettings {
    /// The key, trimmed; `None` when unset or blank, and then no `Authorization` header is sent.
    pub api_key: Option<String>,
    /// The normalised proxy base URL.
    pub base_url: ProxyUrl,
    /// The model id, trimmed.
    pub model_id: String,
    /// The user's validated override of the model info, if any.
    pub model_info_override: Option<ModelInfo>,
    /// The validated team settings (`team_settings`).
    pub team: TeamOptions,
}

/// Written by hand so the API key never reaches a log through `{:?}`.
impl fmt::Debug for LiteLlmSettings {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("LiteLlmSettings")
            .field("api_key", &key_presence(self.api_key.as_deref()))
            .field("base_url", &self.base_url.as_str())
            .field("model_id", &self.model_id)
            .field("model_info_override", &self.model_info_override)
            .field("team", &self.team)
            .finish()
    }
}

impl LiteLlmSettings {
    /// The model info to use: the user's override first, then what the proxy reported, then
    /// the sane defaults.
    #[must_use]
    pub fn resolve_model_info(&self, discovered: Option<&ModelInfo>) -> ModelInfo {
        self.model_info_override
            .clone()
            .or_else(|| discovered.cloned())
            .unwrap_or_default()
    }
}

impl ProviderSettings {
    /// Reads settings from JSON, checking each known field's type so that an error names the
    /// field (`litellmApiUrl must be a string, not a number.`) instead of failing as a whole.
    ///
    /// # Errors
    ///
    /// A [`SettingsError`] naming the first field of the wrong type.
    pub fn from_json_value(value: &Value) -> Result<Self, SettingsError> {
        let object = match value {
            Value::Null => return Ok(Self::default()),
            Value::Object(object) => object,
            other => {
                return Err(SettingsError::new(
                    "providerSettings",
                    format!(
                        "The provider settings must be a JSON object, not {}. Reset the \
                         provider settings and enter them again.",
                        describe(other)
                    ),
                ));
            }
        };
        Ok(Self {
            api_provider: optional_string(object, FIELD_API_PROVIDER)?,
            litellm_api_key: optional_string(object, FIELD_API_KEY)?,
            litellm_api_url: optional_string(object, FIELD_API_URL)?,
            litellm_model_id: optional_string(object, FIELD_MODEL_ID)?,
            litellm_model_info: match object.get(FIELD_MODEL_INFO) {
                None | Some(Value::Null) => None,
                Some(info) => Some(model_info_from_json(info, FIELD_MODEL_INFO)?),
            },
            team: TeamSettings::from_json_object(object)?,
        })
    }

    /// Reads settings from JSON text, as [`Self::from_json_value`] does.
    ///
    /// # Errors
    ///
    /// A [`SettingsError`] when the text is not JSON or a field has the wrong type.
    pub fn from_json_str(text: &str) -> Result<Self, SettingsError> {
        let value: Value = serde_json::from_str(text).map_err(|_| {
            SettingsError::new(
                "providerSettings",
                "The saved provider settings are not valid JSON. Reset the provider settings and \
                 enter them again.",
            )
        })?;
        Self::from_json_value(&value)
    }

    /// The selected provider, when `apiProvider` names one the core knows.
    #[must_use]
    pub fn provider_name(&self) -> Option<ProviderName> {
        self.api_provider
            .as_deref()
            .and_then(ProviderName::from_name)
    }

    /// Validates the LiteLLM fields and applies the defaults.
    ///
    /// # Errors
    ///
    /// A [`SettingsError`] naming the first invalid field.
    pub fn validate_litellm(&self) -> Result<LiteLlmSettings, SettingsError> {
        Ok(LiteLlmSettings {
            api_key: validate_api_key(self.litellm_api_key.as_deref())?,
            base_url: validate_base_url(self.litellm_api_url.as_deref())?,
            model_id: validate_model_id(self.litellm_model_id.as_deref())?,
            model_info_override: match &self.litellm_model_info {
                Some(info) => Some(validate_model_info(info, FIELD_MODEL_INFO)?),
                None => None,
            },
            team: self.team.validate()?,
        })
    }
}

fn validate_api_key(key: Option<&str>) -> Result<Option<String>, SettingsError> {
    let Some(key) = key.map(str::trim).filter(|key| !key.is_empty()) else {
        return Ok(None);
    };
    // The key travels in a header: a space, line break or non-ASCII character would make the
    // host's fetch refuse the request with an obscure error. The message never repeats the key.
    if !key.chars().all(|character| character.is_ascii_graphic()) {
        return Err(SettingsError::new(
            FIELD_API_KEY,
            "The API key may only contain printable characters without spaces or line breaks. \
             Paste the key again in Settings.",
        ));
    }
    Ok(Some(key.to_owned()))
}

fn validate_base_url(url: Option<&str>) -> Result<ProxyUrl, SettingsError> {
    let text = url
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .unwrap_or(LITELLM_DEFAULT_API_URL);
    ProxyUrl::parse(text).map_err(|error| SettingsError::new(FIELD_API_URL, error.message()))
}

fn validate_model_id(model_id: Option<&str>) -> Result<String, SettingsError> {
    let Some(model_id) = model_id.map(str::trim).filter(|id| !id.is_empty()) else {
        return Ok(LITE_LLM_DEFAULT_MODEL_ID.to_owned());
    };
    if model_id.chars().any(char::is_control) {
        return Err(SettingsError::new(
            FIELD_MODEL_ID,
            format!(
                "The model id must be on one line, without line breaks or control characters. \
                 Enter it again, for example {LITE_LLM_DEFAULT_MODEL_ID}."
            ),
        ));
    }
    if model_id.chars().count() > MAX_MODEL_ID_CHARS {
        return Err(SettingsError::new(
            FIELD_MODEL_ID,
            format!(
                "The model id is longer than {MAX_MODEL_ID_CHARS} characters. Enter the model's \
                 name as the proxy lists it."
            ),
        ));
    }
    Ok(model_id.to_owned())
}

/// Checks an override for values no real model has. `field` is the prefix for error names.
fn validate_model_info(info: &ModelInfo, field: &str) -> Result<ModelInfo, SettingsError> {
    let name = |member: &str| format!("{field}.{member}");
    if info.context_window == 0 || info.context_window > MAX_CONTEXT_WINDOW {
        return Err(SettingsError::new(
            &name("contextWindow"),
            format!(
                "The context window must be between 1 and {MAX_CONTEXT_WINDOW} tokens. Enter the \
                 model's context window in tokens."
            ),
        ));
    }
    if let Some(max_tokens) = info.max_tokens {
        if max_tokens == 0 {
            return Err(SettingsError::new(
                &name("maxTokens"),
                "The maximum output tokens must be at least 1. Enter the model's output limit, or \
                 clear the field.",
            ));
        }
        if max_tokens > info.context_window {
            return Err(SettingsError::new(
                &name("maxTokens"),
                format!(
                    "The maximum output tokens ({max_tokens}) must not be larger than the context \
                     window ({}). Lower the output limit or raise the context window.",
                    info.context_window
                ),
            ));
        }
    }
    let prices = [
        ("inputPrice", info.input_price),
        ("outputPrice", info.output_price),
        ("cacheWritesPrice", info.cache_writes_price),
        ("cacheReadsPrice", info.cache_reads_price),
    ];
    for (member, price) in prices {
        let Some(price) = price else { continue };
        if !price.is_finite() || price < 0.0 {
            return Err(SettingsError::new(
                &name(member),
                "Prices must be zero or more, in US dollars per million tokens. Enter the price, \
                 or clear the field if it is unknown.",
            ));
        }
        if price > MAX_PRICE_PER_MILLION {
            return Err(SettingsError::new(
                &name(member),
                format!(
                    "A price above ${MAX_PRICE_PER_MILLION} per million tokens is surely a typing \
                     mistake. Enter the price in US dollars per million tokens."
                ),
            ));
        }
    }
    if let Some(description) = &info.description
        && description.chars().count() > MAX_DESCRIPTION_CHARS
    {
        return Err(SettingsError::new(
            &name("description"),
            format!("The description must be at most {MAX_DESCRIPTION_CHARS} characters long."),
        ));
    }
    Ok(info.clone())
}

/// How a JSON value is named in an error ("not a number").
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn optional_string(
    object: &Map<String, Value>,
    field: &str,
) -> Result<Option<String>, SettingsError> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(SettingsError::new(
            field,
            format!("{field} must be a string, not {}.", describe(other)),
        )),
    }
}

/// What a known model info member must hold.
#[derive(Clone, Copy)]
enum Expected {
    WholeNumber,
    Number,
    Boolean,
    Text,
}

/// The model info members this module checks itself, by JSON name. Members added to
/// [`ModelInfo`] later are still read, by serde, with a less precise error.
const MODEL_INFO_MEMBERS: [(&str, Expected); 11] = [
    ("maxTokens", Expected::WholeNumber),
    ("contextWindow", Expected::WholeNumber),
    ("supportsImages", Expected::Boolean),
    ("supportsPromptCache", Expected::Boolean),
    ("supportsReasoning", Expected::Boolean),
    ("supportsFunctionCalling", Expected::Boolean),
    ("inputPrice", Expected::Number),
    ("outputPrice", Expected::Number),
    ("cacheWritesPrice", Expected::Number),
    ("cacheReadsPrice", Expected::Number),
    ("description", Expected::Text),
];

/// Reads a model info object, checking each known member's type. `null` members count as unset
/// and take the sane default, like missing ones; unknown members are dropped.
fn model_info_from_json(value: &Value, field: &str) -> Result<ModelInfo, SettingsError> {
    let Value::Object(object) = value else {
        return Err(SettingsError::new(
            field,
            format!(
                "{field} must be an object, not {}. Clear the model info override and enter it \
                 again.",
                describe(value)
            ),
        ));
    };
    let mut cleaned = Map::new();
    for (member, member_value) in object {
        if member_value.is_null() {
            continue;
        }
        let expected = MODEL_INFO_MEMBERS
            .iter()
            .find(|(name, _)| name == member)
            .map(|(_, expected)| *expected);
        let member_field = format!("{field}.{member}");
        let checked = match expected {
            Some(expected) => check_member(member_value, expected, &member_field)?,
            None => member_value.clone(),
        };
        cleaned.insert(member.clone(), checked);
    }
    serde_json::from_value(Value::Object(cleaned)).map_err(|error| {
        SettingsError::new(
            field,
            format!(
                "{field} could not be read ({error}). Clear the model info override and enter \
                 it again."
            ),
        )
    })
}

/// Checks one member's type and range, returning the value serde will accept (a whole number
/// written as `4096.0` becomes `4096`).
fn check_member(value: &Value, expected: Expected, field: &str) -> Result<Value, SettingsError> {
    let wrong_type = |what: &str| {
        SettingsError::new(
            field,
            format!("{field} must be {what}, not {}.", describe(value)),
        )
    };
    match expected {
        Expected::Boolean if value.is_boolean() => Ok(value.clone()),
        Expected::Boolean => Err(wrong_type("true or false")),
        Expected::Text if value.is_string() => Ok(value.clone()),
        Expected::Text => Err(wrong_type("a string")),
        Expected::Number if value.is_number() => Ok(value.clone()),
        Expected::Number => Err(wrong_type("a number")),
        Expected::WholeNumber => {
            let Value::Number(number) = value else {
                return Err(wrong_type("a whole number"));
            };
            let as_float = number.as_f64().unwrap_or(f64::NAN);
            if as_float < 0.0 {
                return Err(SettingsError::new(
                    field,
                    format!("{field} must be a whole number of tokens, not a negative number."),
                ));
            }
            if as_float.fract() != 0.0 || !as_float.is_finite() {
                return Err(SettingsError::new(
                    field,
                    format!("{field} must be a whole number of tokens, not {number}."),
                ));
            }
            if as_float > f64::from(u32::MAX) {
                return Err(SettingsError::new(
                    field,
                    format!("{field} is too large; it must be at most {}.", u32::MAX),
                ));
            }
            // The checks above bound the value to 0..=u32::MAX with no fraction, so the
            // conversion is exact.
            let whole = as_float as u32;
            Ok(Value::from(whole))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::ApiErrorKind;
    use serde_json::json;

    fn load(value: Value) -> ProviderSettings {
        ProviderSettings::from_json_value(&value).unwrap()
    }

    fn load_error(value: Value) -> SettingsError {
        ProviderSettings::from_json_value(&value).unwrap_err()
    }

    fn validate_error(settings: &ProviderSettings) -> SettingsError {
        settings.validate_litellm().unwrap_err()
    }

    #[test]
    fn full_settings_load() {
        let settings = load(json!({
            "apiProvider": "litellm",
            "litellmApiKey": "sk-1234",
            "litellmApiUrl": "http://localhost:4000/v1",
            "litellmModelId": "claude-3-5-sonnet",
            "litellmModelInfo": {"contextWindow": 200000, "maxTokens": 8192, "inputPrice": 3.0}
        }));
        assert_eq!(settings.provider_name(), Some(ProviderName::Litellm));
        assert_eq!(settings.litellm_api_key.as_deref(), Some("sk-1234"));
        let info = settings.litellm_model_info.unwrap();
        assert_eq!(info.context_window, 200_000);
        assert_eq!(info.max_tokens, Some(8192));
        assert_eq!(info.input_price, Some(3.0));
        assert_eq!(info.output_price, None);
    }

    #[test]
    fn empty_null_and_unknown_fields_load() {
        assert_eq!(load(json!({})), ProviderSettings::default());
        assert_eq!(load(Value::Null), ProviderSettings::default());
        let settings = load(json!({
            "apiProvider": null,
            "litellmApiKey": null,
            "litellmApiUrl": null,
            "litellmModelId": null,
            "litellmModelInfo": null,
            "openRouterApiKey": "other provider",
            "someFutureField": [1, 2, 3]
        }));
        assert_eq!(settings, ProviderSettings::default());
    }

    #[test]
    fn partial_and_older_model_info_loads_with_defaults() {
        let settings = load(json!({"litellmModelInfo": {
            "outputPrice": 15,
            "maxTokens": null,
            "supportsComputerUse": true,
            "thinking": false
        }}));
        let info = settings.litellm_model_info.unwrap();
        let defaults = ModelInfo::default();
        assert_eq!(info.output_price, Some(15.0));
        assert_eq!(info.context_window, defaults.context_window);
        assert_eq!(info.max_tokens, defaults.max_tokens);
    }

    #[test]
    fn function_calling_support_can_be_overridden_and_is_type_checked() {
        let settings = load(json!({"litellmModelInfo": {"supportsFunctionCalling": true}}));
        let info = settings.litellm_model_info.unwrap();
        assert_eq!(info.supports_function_calling, Some(true));
        let unset = load(json!({"litellmModelInfo": {"supportsFunctionCalling": null}}));
        assert_eq!(
            unset.litellm_model_info.unwrap().supports_function_calling,
            None
        );
        let error = load_error(json!({"litellmModelInfo": {"supportsFunctionCalling": "yes"}}));
        assert_eq!(error.field, "litellmModelInfo.supportsFunctionCalling");
    }

    #[test]
    fn serde_deserialize_also_tolerates_unknown_fields() {
        let settings: ProviderSettings =
            serde_json::from_value(json!({"litellmModelId": "m", "other": 1})).unwrap();
        assert_eq!(settings.litellm_model_id.as_deref(), Some("m"));
    }

    #[test]
    fn wrong_string_type_names_the_field() {
        let error = load_error(json!({"litellmApiUrl": 4000}));
        assert_eq!(error.field, "litellmApiUrl");
        assert_eq!(
            error.message,
            "litellmApiUrl must be a string, not a number."
        );
        let error = load_error(json!({"litellmModelId": ["a"]}));
        assert_eq!(
            error.message,
            "litellmModelId must be a string, not a list."
        );
        let error = load_error(json!({"litellmApiKey": true}));
        assert_eq!(error.field, "litellmApiKey");
    }

    #[test]
    fn non_object_settings_are_refused() {
        let error = load_error(json!("litellm"));
        assert_eq!(error.field, "providerSettings");
        assert!(error.message.contains("not a string"));
    }

    #[test]
    fn model_info_must_be_an_object() {
        let error = load_error(json!({"litellmModelInfo": "big"}));
        assert_eq!(error.field, "litellmModelInfo");
        assert!(error.message.contains("must be an object, not a string"));
    }

    #[test]
    fn negative_token_count_is_a_named_error() {
        let error = load_error(json!({"litellmModelInfo": {"maxTokens": -5}}));
        assert_eq!(error.field, "litellmModelInfo.maxTokens");
        assert!(error.message.contains("not a negative number"));
    }

    #[test]
    fn fractional_and_huge_token_counts_are_named_errors() {
        let error = load_error(json!({"litellmModelInfo": {"contextWindow": 1.5}}));
        assert_eq!(error.field, "litellmModelInfo.contextWindow");
        assert!(error.message.contains("whole number"));
        let error = load_error(json!({"litellmModelInfo": {"contextWindow": 5_000_000_000_u64}}));
        assert!(error.message.contains("too large"));
    }

    #[test]
    fn whole_float_token_count_is_accepted() {
        let settings = load(json!({"litellmModelInfo": {"contextWindow": 8192.0}}));
        assert_eq!(settings.litellm_model_info.unwrap().context_window, 8192);
    }

    #[test]
    fn wrong_member_types_are_named() {
        let cases = [
            (
                json!({"supportsImages": "yes"}),
                "litellmModelInfo.supportsImages",
            ),
            (json!({"inputPrice": "0.5"}), "litellmModelInfo.inputPrice"),
            (json!({"description": 3}), "litellmModelInfo.description"),
            (json!({"maxTokens": "4096"}), "litellmModelInfo.maxTokens"),
        ];
        for (info, field) in cases {
            let error = load_error(json!({ "litellmModelInfo": info }));
            assert_eq!(error.field, field);
            assert!(error.message.starts_with(field), "{}", error.message);
        }
    }

    #[test]
    fn from_json_str_reports_broken_json() {
        let error = ProviderSettings::from_json_str("{not json").unwrap_err();
        assert_eq!(error.field, "providerSettings");
        assert!(ProviderSettings::from_json_str(r#"{"litellmModelId":"x"}"#).is_ok());
    }

    #[test]
    fn defaults_apply_when_unset_or_blank() {
        for settings in [
            ProviderSettings::default(),
            ProviderSettings {
                litellm_api_key: Some("   ".into()),
                litellm_api_url: Some("  ".into()),
                litellm_model_id: Some("\t".into()),
                ..ProviderSettings::default()
            },
        ] {
            let valid = settings.validate_litellm().unwrap();
            assert_eq!(valid.api_key, None);
            assert_eq!(valid.base_url.as_str(), "http://localhost:4000");
            assert_eq!(valid.model_id, "gpt-3.5-turbo");
            assert_eq!(valid.model_info_override, None);
        }
    }

    #[test]
    fn values_are_trimmed_and_normalised() {
        let valid = ProviderSettings {
            litellm_api_key: Some(" sk-abc \n".into()),
            litellm_api_url: Some(" https://example.com/litellm/v1/ ".into()),
            litellm_model_id: Some("  openai/gpt-4o-mini ".into()),
            ..ProviderSettings::default()
        }
        .validate_litellm()
        .unwrap();
        assert_eq!(valid.api_key.as_deref(), Some("sk-abc"));
        assert_eq!(valid.base_url.as_str(), "https://example.com/litellm");
        assert_eq!(valid.model_id, "openai/gpt-4o-mini");
    }

    #[test]
    fn bad_url_names_the_url_field() {
        let settings = ProviderSettings {
            litellm_api_url: Some("localhost:4000".into()),
            ..ProviderSettings::default()
        };
        let error = validate_error(&settings);
        assert_eq!(error.field, "litellmApiUrl");
        assert!(error.message.contains("http:// or https://"));
    }

    #[test]
    fn model_id_with_a_line_break_is_refused() {
        let settings = ProviderSettings {
            litellm_model_id: Some("gpt-4o\nmini".into()),
            ..ProviderSettings::default()
        };
        let error = validate_error(&settings);
        assert_eq!(error.field, "litellmModelId");
        assert!(error.message.contains("one line"));
        let settings = ProviderSettings {
            litellm_model_id: Some("m".repeat(MAX_MODEL_ID_CHARS + 1)),
            ..ProviderSettings::default()
        };
        assert_eq!(validate_error(&settings).field, "litellmModelId");
    }

    #[test]
    fn key_with_inner_space_is_refused_without_echoing_it() {
        let settings = ProviderSettings {
            litellm_api_key: Some("sk-abc def".into()),
            ..ProviderSettings::default()
        };
        let error = validate_error(&settings);
        assert_eq!(error.field, "litellmApiKey");
        assert!(!error.message.contains("sk-abc"));
    }

    fn with_info(info: ModelInfo) -> ProviderSettings {
        ProviderSettings {
            litellm_model_info: Some(info),
            ..ProviderSettings::default()
        }
    }

    #[test]
    fn model_info_override_limits_name_the_member() {
        let defaults = ModelInfo::default();
        let cases = [
            (
                ModelInfo {
                    context_window: 0,
                    ..defaults.clone()
                },
                "litellmModelInfo.contextWindow",
            ),
            (
                ModelInfo {
                    context_window: MAX_CONTEXT_WINDOW + 1,
                    ..defaults.clone()
                },
                "litellmModelInfo.contextWindow",
            ),
            (
                ModelInfo {
                    max_tokens: Some(0),
                    ..defaults.clone()
                },
                "litellmModelInfo.maxTokens",
            ),
            (
                ModelInfo {
                    max_tokens: Some(20_000),
                    context_window: 16_000,
                    ..defaults.clone()
                },
                "litellmModelInfo.maxTokens",
            ),
            (
                ModelInfo {
                    input_price: Some(-1.0),
                    ..defaults.clone()
                },
                "litellmModelInfo.inputPrice",
            ),
            (
                ModelInfo {
                    output_price: Some(f64::NAN),
                    ..defaults.clone()
                },
                "litellmModelInfo.outputPrice",
            ),
            (
                ModelInfo {
                    cache_writes_price: Some(f64::INFINITY),
                    ..defaults.clone()
                },
                "litellmModelInfo.cacheWritesPrice",
            ),
            (
                ModelInfo {
                    cache_reads_price: Some(MAX_PRICE_PER_MILLION * 2.0),
                    ..defaults.clone()
                },
                "litellmModelInfo.cacheReadsPrice",
            ),
            (
                ModelInfo {
                    description: Some("d".repeat(MAX_DESCRIPTION_CHARS + 1)),
                    ..defaults.clone()
                },
                "litellmModelInfo.description",
            ),
        ];
        for (info, field) in cases {
            let error = validate_error(&with_info(info));
            assert_eq!(error.field, field);
            assert!(error.message.ends_with('.'), "{}", error.message);
        }
    }

    #[test]
    fn sane_override_is_kept() {
        let info = ModelInfo {
            max_tokens: Some(8192),
            context_window: 200_000,
            input_price: Some(0.0),
            output_price: Some(15.0),
            ..ModelInfo::default()
        };
        let valid = with_info(info.clone()).validate_litellm().unwrap();
        assert_eq!(valid.model_info_override, Some(info.clone()));
        assert_eq!(valid.resolve_model_info(None), info);
    }

    #[test]
    fn model_info_resolution_prefers_override_then_discovered_then_defaults() {
        let valid = ProviderSettings::default().validate_litellm().unwrap();
        let discovered = ModelInfo {
            context_window: 128_000,
            ..ModelInfo::default()
        };
        assert_eq!(valid.resolve_model_info(Some(&discovered)), discovered);
        assert_eq!(valid.resolve_model_info(None), ModelInfo::default());
    }

    #[test]
    fn settings_error_becomes_an_invalid_settings_api_error() {
        let error: ApiError = SettingsError::new("litellmApiUrl", "Fix the URL.").into();
        assert_eq!(error.kind, ApiErrorKind::InvalidSettings);
        assert_eq!(error.message, "Fix the URL.");
        assert!(!error.retryable);
    }

    #[test]
    fn debug_output_hides_the_key() {
        let settings = ProviderSettings {
            litellm_api_key: Some("sk-super-secret".into()),
            ..ProviderSettings::default()
        };
        assert!(!format!("{settings:?}").contains("sk-super-secret"));
        let valid = settings.validate_litellm().unwrap();
        assert!(!format!("{valid:?}").contains("sk-super-secret"));
    }

    #[test]
    fn serialisation_round_trips_and_skips_unset_fields() {
        let settings = ProviderSettings {
            api_provider: Some("litellm".into()),
            litellm_model_id: Some("m".into()),
            ..ProviderSettings::default()
        };
        let value = serde_json::to_value(&settings).unwrap();
        assert_eq!(
            value,
            json!({"apiProvider": "litellm", "litellmModelId": "m"})
        );
        assert_eq!(load(value), settings);
    }

    #[test]
    fn provider_names_round_trip() {
        assert_eq!(
            serde_json::to_value(ProviderName::Litellm).unwrap(),
            json!("litellm")
        );
        assert_eq!(
            ProviderName::from_name("litellm"),
            Some(ProviderName::Litellm)
        );
        assert_eq!(ProviderName::from_name("openai"), None);
        let unknown = ProviderSettings {
            api_provider: Some("anthropic".into()),
            ..ProviderSettings::default()
        };
        assert_eq!(unknown.provider_name(), None);
    }

    #[test]
    fn typescript_declaration_marks_every_field_optional() {
        let declaration = ProviderSettings::decl(&ts_rs::Config::new());
        for field in [
            "apiProvider?:",
            "litellmApiKey?:",
            "litellmApiUrl?:",
            "litellmModelId?:",
            "litellmModelInfo?:",
        ] {
            assert!(declaration.contains(field), "{declaration}");
        }
    }
}
