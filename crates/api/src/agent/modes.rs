//! Which mode a chat really runs in. Code mode needs a model that takes `tools`; the proxy says so
//! with `supports_function_calling` in `/v1/model/info`. A model that says it does not is given
//! Ask mode with a notice (the user can override the model's info); a model the proxy says
//! nothing about keeps Code mode, because many proxies report no capabilities for models that
//! do take tools, and a model that then fails says so in its error.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::tools::AgentMode;

/// The mode a chat runs in, and why it differs from the one chosen, if it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveMode {
    pub mode: AgentMode,
    /// Shown to the user when the chosen mode cannot be used.
    pub notice: Option<String>,
}

/// The mode for a chat whose user chose `chosen`, with a model whose function-calling support is
/// `supports_function_calling` (`None` when the proxy does not say).
#[must_use]
pub fn effective_mode(chosen: AgentMode, supports_function_calling: Option<bool>) -> EffectiveMode {
    match (chosen, supports_function_calling) {
        (AgentMode::Code, Some(false)) => EffectiveMode {
            mode: AgentMode::Ask,
            notice: Some(
                "This model does not support tool calling (function calling), so Code mode is \
                 not available: the chat runs in Ask mode. Choose a model that supports it, or, \
                 if this one does, set \"supports function calling\" in its model info."
                    .into(),
            ),
        },
        (mode, _) => EffectiveMode { mode, notice: None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_mode_falls_back_to_ask_only_for_a_model_that_says_it_takes_no_tools() {
        let fallback = effective_mode(AgentMode::Code, Some(false));
        assert_eq!(fallback.mode, AgentMode::Ask);
        assert!(
            fallback
                .notice
                .unwrap()
                .contains("Code mode is not available")
        );
        for support in [Some(true), None] {
            assert_eq!(
                effective_mode(AgentMode::Code, support),
                EffectiveMode {
                    mode: AgentMode::Code,
                    notice: None
                }
            );
        }
        assert_eq!(
            effective_mode(AgentMode::Ask, Some(false)).mode,
            AgentMode::Ask
        );
        assert_eq!(effective_mode(AgentMode::Ask, Some(false)).notice, None);
    }
}
