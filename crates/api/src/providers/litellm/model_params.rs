//! Which OpenAI parameters a model takes, decided from what the proxy says about it
//! (`supported_openai_params` in `/v1/model/info`) instead of lists of model names: the reply's
//! limit as `max_tokens` or `max_completion_tokens`, whether a temperature may be sent, and the
//! reasoning effort for models that reason.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

/// The JSON name of the reasoning effort setting.
pub const FIELD_REASONING_EFFORT: &str = "litellmReasoningEffort";

/// How hard a reasoning model thinks before it answers, sent as OpenAI's `reasoning_effort`,
/// which LiteLLM translates for the providers behind it (Anthropic's thinking budget, for one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReasoningEffort {
    Minimal,
    Low,
    Medium,
    High,
}

impl ReasoningEffort {
    /// Every effort, in the order the settings panel lists them.
    pub const ALL: [Self; 4] = [Self::Minimal, Self::Low, Self::Medium, Self::High];

    /// The value as sent and saved.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Minimal => "minimal",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    /// The effort saved as `name`; blank and `default` mean "the model's own default" (`None`
    /// inside the `Ok`), anything else unknown is an error for the caller to name.
    ///
    /// # Errors
    ///
    /// [`UnknownEffort`] when the name is none of the efforts.
    pub fn parse_setting(name: &str) -> Result<Option<Self>, UnknownEffort> {
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() || name == "default" {
            return Ok(None);
        }
        Self::ALL
            .into_iter()
            .find(|effort| effort.as_str() == name)
            .map(Some)
            .ok_or(UnknownEffort)
    }
}

/// A saved reasoning effort that is none of [`ReasoningEffort::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownEffort;

/// The parameter the reply's limit is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenLimitField {
    /// `max_tokens`, what most models and every OpenAI-compatible server take.
    MaxTokens,
    /// `max_completion_tokens`, for models that take no `max_tokens` (OpenAI's reasoning models).
    MaxCompletionTokens,
    /// Neither: the proxy lists no limit parameter for the model, and sending one it does not
    /// support makes LiteLLM refuse the request.
    None,
}

/// The parameters a request to one model carries, beyond the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelRequestShape {
    /// How the reply's limit is sent.
    pub token_limit: TokenLimitField,
    /// Whether a temperature may be sent.
    pub temperature_allowed: bool,
    /// The reasoning effort to send, if any.
    pub reasoning_effort: Option<ReasoningEffort>,
}

impl ModelRequestShape {
    /// Decides the shape from the proxy's `supported_openai_params` for the model (`None` when
    /// it did not say: `/v1/models` discovery, an older proxy, or an override), whether the model
    /// reasons, and the user's reasoning effort.
    ///
    /// Unknown parameters mean the defaults that work with every OpenAI-compatible server:
    /// `max_tokens` and a temperature allowed. A known list decides: `max_tokens` when listed,
    /// `max_completion_tokens` when only that is, no limit when neither is. The effort is sent
    /// only to a model that reasons and, when the list is known, lists `reasoning_effort`.
    #[must_use]
    pub fn decide(
        supported_params: Option<&[String]>,
        supports_reasoning: bool,
        effort: Option<ReasoningEffort>,
    ) -> Self {
        let lists =
            |name: &str| supported_params.is_none_or(|params| params.iter().any(|p| p == name));
        let token_limit = match supported_params {
            None => TokenLimitField::MaxTokens,
            Some(_) if lists("max_tokens") => TokenLimitField::MaxTokens,
            Some(_) if lists("max_completion_tokens") => TokenLimitField::MaxCompletionTokens,
            Some(_) => TokenLimitField::None,
        };
        Self {
            token_limit,
            temperature_allowed: lists("temperature"),
            reasoning_effort: effort.filter(|_| supports_reasoning && lists("reasoning_effort")),
        }
    }
}

impl Default for ModelRequestShape {
    /// The shape for a model the proxy said nothing about and no reasoning effort.
    fn default() -> Self {
        Self::decide(None, false, None)
    }
}

/// The model's `supported_openai_params` from a `/v1/model/info` entry's `model_info`: `None`
/// when absent, `null` or not a list, so an unknown list never passes for an empty one;
/// entries that are not strings are skipped.
#[must_use]
pub fn supported_params(model_info: &Map<String, Value>) -> Option<Vec<String>> {
    let listed = model_info.get("supported_openai_params")?.as_array()?;
    Some(
        listed
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn an_unknown_model_gets_max_tokens_and_may_take_a_temperature() {
        let shape = ModelRequestShape::decide(None, false, Some(ReasoningEffort::High));
        assert_eq!(shape.token_limit, TokenLimitField::MaxTokens);
        assert!(shape.temperature_allowed);
        assert_eq!(shape.reasoning_effort, None, "the model does not reason");
    }

    #[test]
    fn a_model_that_lists_only_max_completion_tokens_gets_it_and_no_temperature() {
        // The shape of an OpenAI reasoning model's `supported_openai_params`.
        let listed = params(&[
            "max_completion_tokens",
            "reasoning_effort",
            "tools",
            "stream",
        ]);
        let shape = ModelRequestShape::decide(Some(&listed), true, Some(ReasoningEffort::Low));
        assert_eq!(shape.token_limit, TokenLimitField::MaxCompletionTokens);
        assert!(!shape.temperature_allowed);
        assert_eq!(shape.reasoning_effort, Some(ReasoningEffort::Low));
    }

    #[test]
    fn max_tokens_wins_when_both_are_listed() {
        let listed = params(&["max_tokens", "max_completion_tokens", "temperature"]);
        let shape = ModelRequestShape::decide(Some(&listed), true, Some(ReasoningEffort::High));
        assert_eq!(shape.token_limit, TokenLimitField::MaxTokens);
        assert!(shape.temperature_allowed);
        assert_eq!(
            shape.reasoning_effort, None,
            "reasoning_effort is not listed"
        );
    }

    #[test]
    fn no_limit_is_sent_when_none_is_listed() {
        let listed = params(&["stream"]);
        let shape = ModelRequestShape::decide(Some(&listed), false, None);
        assert_eq!(shape.token_limit, TokenLimitField::None);
    }

    #[test]
    fn supported_params_are_read_from_model_info() {
        let info = serde_json::json!({"supported_openai_params": ["max_tokens", 3, "tools"]});
        assert_eq!(
            supported_params(info.as_object().unwrap()),
            Some(params(&["max_tokens", "tools"]))
        );
        for absent in [
            serde_json::json!({}),
            serde_json::json!({"supported_openai_params": null}),
        ] {
            assert_eq!(supported_params(absent.as_object().unwrap()), None);
        }
    }

    #[test]
    fn effort_settings_parse_and_blank_means_the_model_default() {
        assert_eq!(
            ReasoningEffort::parse_setting(" High "),
            Ok(Some(ReasoningEffort::High))
        );
        assert_eq!(ReasoningEffort::parse_setting(""), Ok(None));
        assert_eq!(ReasoningEffort::parse_setting("default"), Ok(None));
        assert_eq!(
            ReasoningEffort::parse_setting("extreme"),
            Err(UnknownEffort)
        );
    }
}
