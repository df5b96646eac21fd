//! The providers the core can build a handler for, and `build_api_handler`, which picks one from
//! the settings' `apiProvider`.

pub mod litellm;

use crate::errors::ApiError;
use crate::schema::{ProviderName, ProviderSettings};

pub use litellm::LiteLlmHandler;

/// A provider handler. One variant per provider `build_api_handler` supports; the settings
/// panel's provider list is generated from the same names (`ProviderName::ALL`).
#[derive(Debug, Clone)]
pub enum ApiHandler {
    /// A LiteLLM proxy.
    LiteLlm(LiteLlmHandler),
}

/// Builds the handler the settings ask for. An unset `apiProvider` means LiteLLM, the one
/// provider this product serves, so a settings file written before the field existed still works.
///
/// # Errors
///
/// An [`ApiErrorKind::InvalidSettings`](crate::ApiErrorKind::InvalidSettings) error naming the
/// field when the provider is unknown or a setting is invalid; never a panic.
pub fn build_api_handler(settings: &ProviderSettings) -> Result<ApiHandler, ApiError> {
    let provider = match settings.api_provider.as_deref().map(str::trim) {
        None | Some("") => ProviderName::Litellm,
        Some(name) => ProviderName::from_name(name).ok_or_else(|| unsupported_provider(name))?,
    };
    match provider {
        ProviderName::Litellm => Ok(ApiHandler::LiteLlm(LiteLlmHandler::new(
            settings.validate_litellm()?,
        ))),
    }
}

fn unsupported_provider(name: &str) -> ApiError {
    let supported: Vec<&str> = ProviderName::ALL.iter().map(|name| name.as_str()).collect();
    // The name is shortened so a huge or hostile value cannot flood the message.
    let shown: String = name.chars().take(40).collect();
    crate::classify::invalid_settings(
        "apiProvider",
        &format!(
            "Roo Code Plus has no provider called \"{shown}\". Choose one of: {}.",
            supported.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiErrorKind;

    fn settings(value: serde_json::Value) -> ProviderSettings {
        ProviderSettings::from_json_value(&value).unwrap()
    }

    #[test]
    fn litellm_builds_a_litellm_handler() {
        let handler = build_api_handler(&settings(serde_json::json!({"apiProvider": "litellm"})));
        assert!(matches!(handler, Ok(ApiHandler::LiteLlm(_))));
    }

    #[test]
    fn an_unset_provider_means_litellm() {
        assert!(matches!(
            build_api_handler(&settings(serde_json::json!({}))),
            Ok(ApiHandler::LiteLlm(_))
        ));
    }

    #[test]
    fn an_unknown_provider_is_a_clear_settings_error() {
        let Err(error) =
            build_api_handler(&settings(serde_json::json!({"apiProvider": "openrouter"})))
        else {
            panic!("an unknown provider must fail");
        };
        assert_eq!(error.kind, ApiErrorKind::InvalidSettings);
        assert!(error.message.contains("openrouter"), "{}", error.message);
        assert!(error.message.contains("litellm"), "{}", error.message);
    }

    #[test]
    fn an_invalid_setting_is_reported_not_panicked() {
        let Err(error) = build_api_handler(&settings(
            serde_json::json!({"litellmApiUrl": "file:///etc/passwd"}),
        )) else {
            panic!("a file: URL must fail");
        };
        assert_eq!(error.kind, ApiErrorKind::InvalidSettings);
        assert!(error.message.contains("http"), "{}", error.message);
    }
}
