//! The agent's settings and mode instructions for the shell and the settings panel: their
//! defaults, the check of what the user entered, and the system prompt with the mode's section.
//! Each delegates to `roo_api::agent`.

use roo_api::agent::{self as core, AgentMode, AgentSettings, ModeInstructions};
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, to_js};

/// The settings functions' types, generated from the core's structs like the others.
#[wasm_bindgen(typescript_custom_section)]
const AGENT_SETTINGS_TYPES: &str = r#"import type { AgentSettings, ModeInstructions, SettingsError } from "../src/shared/generated/types";"#;

/// The agent's default settings (reads ask, no allow-listed commands, the step limit, the
/// command timeout).
///
/// # Errors
/// Fails only if the value cannot be converted to a JavaScript object.
#[wasm_bindgen(js_name = defaultAgentSettings, unchecked_return_type = "AgentSettings")]
pub fn default_agent_settings() -> Result<JsValue, JsError> {
    to_js(&AgentSettings::default())
}

/// The default instructions of Ask and Code mode.
///
/// # Errors
/// Fails only if the value cannot be converted to a JavaScript object.
#[wasm_bindgen(js_name = defaultModeInstructions, unchecked_return_type = "ModeInstructions")]
pub fn default_mode_instructions() -> Result<JsValue, JsError> {
    to_js(&ModeInstructions::default())
}

/// Why the agent settings the user entered cannot be used (the field, such as
/// `agent.stepLimit`, and a sentence), or null when they can. Fields left out take their
/// defaults.
///
/// # Errors
/// A description of an input not in the expected shape.
#[wasm_bindgen(js_name = agentSettingsRefusal, unchecked_return_type = "SettingsError | null")]
pub fn agent_settings_refusal(
    #[wasm_bindgen(unchecked_param_type = "AgentSettings")] settings: JsValue,
) -> Result<JsValue, JsError> {
    let settings: AgentSettings = from_js(settings, "the agent settings")?;
    match core::validate_agent_settings(&settings) {
        Ok(()) => Ok(JsValue::NULL),
        Err(error) => to_js(&error),
    }
}

/// `base` (the system prompt with the user's rules, from `buildSystemPrompt`) followed by the
/// section of `mode` with its instructions; `base` alone when they are blank.
///
/// # Errors
/// A description of an input not in the expected shape.
#[wasm_bindgen(js_name = systemPromptForMode)]
pub fn system_prompt_for_mode(
    base: &str,
    #[wasm_bindgen(unchecked_param_type = "AgentMode")] mode: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ModeInstructions")] instructions: JsValue,
) -> Result<String, JsError> {
    let mode: AgentMode = from_js(mode, "the mode")?;
    let instructions: ModeInstructions = from_js(instructions, "the mode instructions")?;
    Ok(core::system_prompt_for_mode(base, mode, &instructions))
}
