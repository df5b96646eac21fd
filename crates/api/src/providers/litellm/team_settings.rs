//! The settings a team's proxy asks for, beside the URL, key and model: prompt caching, the
//! reasoning effort, custom headers and where the key goes. Read tolerantly like the rest of the
//! provider settings (missing or `null` is the default) and validated into [`TeamOptions`].

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::providers::litellm::caching::FIELD_PROMPT_CACHING;
use crate::providers::litellm::custom_headers::{
    CustomHeader, FIELD_CUSTOM_HEADERS, FIELD_KEY_HEADER, KeyHeader, validate_custom_headers,
};
use crate::providers::litellm::model_params::{FIELD_REASONING_EFFORT, ReasoningEffort};
use crate::schema::SettingsError;

/// The team settings as saved; every field optional, `null` counts as unset.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields = nullable)]
pub struct TeamSettings {
    /// Whether to mark prompts for caching on models that support it; on when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub litellm_prompt_caching: Option<bool>,
    /// `minimal`, `low`, `medium` or `high`; unset or `default` leaves the model's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub litellm_reasoning_effort: Option<String>,
    /// Headers sent with every request, values filled in from SecretStorage by the extension.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub litellm_custom_headers: Option<Vec<CustomHeader>>,
    /// `authorization` (the default) or `x-litellm-api-key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub litellm_key_header: Option<String>,
}

/// Written by hand: [`CustomHeader`]'s own `Debug` hides the values.
impl fmt::Debug for TeamSettings {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("TeamSettings")
            .field("litellm_prompt_caching", &self.litellm_prompt_caching)
            .field("litellm_reasoning_effort", &self.litellm_reasoning_effort)
            .field("litellm_custom_headers", &self.litellm_custom_headers)
            .field("litellm_key_header", &self.litellm_key_header)
            .finish()
    }
}

/// The team settings after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamOptions {
    /// Whether prompt caching is wanted (it is used only for models that support it).
    pub prompt_caching: bool,
    /// The reasoning effort, or `None` for the model's default.
    pub reasoning_effort: Option<ReasoningEffort>,
    /// The checked, trimmed custom headers.
    pub custom_headers: Vec<CustomHeader>,
    /// Where the key is sent.
    pub key_header: KeyHeader,
}

impl Default for TeamOptions {
    fn default() -> Self {
        Self {
            prompt_caching: true,
            reasoning_effort: None,
            custom_headers: Vec::new(),
            key_header: KeyHeader::Authorization,
        }
    }
}

impl TeamSettings {
    /// Reads the team fields of a settings object, checking each one's type so an error names it.
    ///
    /// # Errors
    ///
    /// A [`SettingsError`] naming the first field of the wrong type.
    pub fn from_json_object(object: &Map<String, Value>) -> Result<Self, SettingsError> {
        let prompt_caching = match object.get(FIELD_PROMPT_CACHING) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(on)) => Some(*on),
            Some(_) => {
                return Err(SettingsError::new(
                    FIELD_PROMPT_CACHING,
                    format!("{FIELD_PROMPT_CACHING} must be true or false."),
                ));
            }
        };
        let custom_headers = match object.get(FIELD_CUSTOM_HEADERS) {
            None | Some(Value::Null) => None,
            Some(value) => Some(
                serde_json::from_value::<Vec<CustomHeader>>(value.clone()).map_err(|_| {
                    SettingsError::new(
                        FIELD_CUSTOM_HEADERS,
                        format!(
                            "{FIELD_CUSTOM_HEADERS} must be a list of {{\"name\", \"value\"}} \
                             pairs of strings. Enter the headers again in Settings."
                        ),
                    )
                })?,
            ),
        };
        Ok(Self {
            litellm_prompt_caching: prompt_caching,
            litellm_reasoning_effort: optional_text(object, FIELD_REASONING_EFFORT)?,
            litellm_custom_headers: custom_headers,
            litellm_key_header: optional_text(object, FIELD_KEY_HEADER)?,
        })
    }

    /// Validates the team fields and applies the defaults.
    ///
    /// # Errors
    ///
    /// A [`SettingsError`] naming the first invalid field.
    pub fn validate(&self) -> Result<TeamOptions, SettingsError> {
        let reasoning_effort = match self.litellm_reasoning_effort.as_deref() {
            None => None,
            Some(name) => ReasoningEffort::parse_setting(name).map_err(|_| {
                SettingsError::new(
                    FIELD_REASONING_EFFORT,
                    "The reasoning effort must be default, minimal, low, medium or high. Choose \
                     one in Settings.",
                )
            })?,
        };
        let key_header = match self.litellm_key_header.as_deref() {
            None => KeyHeader::Authorization,
            Some(name) => KeyHeader::from_name(name).ok_or_else(|| {
                SettingsError::new(
                    FIELD_KEY_HEADER,
                    "The key can be sent as authorization or x-litellm-api-key. Choose one in \
                     Settings.",
                )
            })?,
        };
        let custom_headers = validate_custom_headers(
            self.litellm_custom_headers.as_deref().unwrap_or_default(),
            key_header,
        )
        .map_err(|problem| SettingsError::new(&problem.field, problem.message))?;
        Ok(TeamOptions {
            prompt_caching: self.litellm_prompt_caching.unwrap_or(true),
            reasoning_effort,
            custom_headers,
            key_header,
        })
    }
}

fn optional_text(
    object: &Map<String, Value>,
    field: &str,
) -> Result<Option<String>, SettingsError> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(SettingsError::new(
            field,
            format!("{field} must be a string."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: Value) -> Result<Self_, SettingsError> {
        TeamSettings::from_json_object(value.as_object().unwrap())
    }

    type Self_ = TeamSettings;

    #[test]
    fn unset_means_caching_on_and_the_key_in_authorization() {
        let options = read(json!({})).unwrap().validate().unwrap();
        assert_eq!(options, TeamOptions::default());
        assert!(options.prompt_caching);
    }

    #[test]
    fn every_field_is_read_and_validated() {
        let options = read(json!({
            "litellmPromptCaching": false,
            "litellmReasoningEffort": "high",
            "litellmCustomHeaders": [{"name": "x-team", "value": "a"}],
            "litellmKeyHeader": "x-litellm-api-key"
        }))
        .unwrap()
        .validate()
        .unwrap();
        assert!(!options.prompt_caching);
        assert_eq!(options.reasoning_effort, Some(ReasoningEffort::High));
        assert_eq!(options.custom_headers.len(), 1);
        assert_eq!(options.key_header, KeyHeader::LiteLlmApiKey);
    }

    #[test]
    fn wrong_types_and_values_name_the_field() {
        let cases = [
            (
                json!({"litellmPromptCaching": "yes"}),
                "litellmPromptCaching",
            ),
            (
                json!({"litellmCustomHeaders": "x-a: 1"}),
                "litellmCustomHeaders",
            ),
            (json!({"litellmKeyHeader": 1}), "litellmKeyHeader"),
        ];
        for (value, field) in cases {
            assert_eq!(read(value).unwrap_err().field, field);
        }
        let invalid = [
            (
                json!({"litellmReasoningEffort": "max"}),
                "litellmReasoningEffort",
            ),
            (json!({"litellmKeyHeader": "cookie"}), "litellmKeyHeader"),
            (
                json!({"litellmCustomHeaders": [{"name": "x a", "value": "1"}]}),
                "litellmCustomHeaders[0].name",
            ),
        ];
        for (value, field) in invalid {
            assert_eq!(read(value).unwrap().validate().unwrap_err().field, field);
        }
    }

    #[test]
    fn debug_output_hides_header_values() {
        let settings = read(json!({
            "litellmCustomHeaders": [{"name": "x-token", "value": "gateway-secret"}]
        }))
        .unwrap();
        assert!(!format!("{settings:?}").contains("gateway-secret"));
    }
}
