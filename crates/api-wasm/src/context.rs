//! The workspace-context functions the extension host calls: resolving an @-mention into an
//! attachment, building the system prompt with the rules files, planning what of a long chat a
//! request sends, and Condense. Each converts its arguments, calls `roo_api::context`, and
//! converts the result; a refusal is thrown as an `Error` carrying the core error's fields.

use std::fmt::Display;

use roo_api::context::{
    self as core, ContextLimits, MentionContent, PlanInput, RulesInput, TurnForBudget,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, to_js};

/// The context functions' types, generated from the core's structs like the others.
#[wasm_bindgen(typescript_custom_section)]
const CONTEXT_TYPES: &str = r#"import type { Attachment, CondensePlan, ContextLimits, ContextPlan, IgnoreFile, MentionContent, PathMatch, PlanInput, RulesInput, SystemPrompt, TurnForBudget } from "../src/shared/generated/types";"#;

/// A thrown `Error` named `name` whose message is the error's sentence and whose properties are
/// its serialized fields (`kind` first among them), so the host can branch on `kind`.
fn kinded_error<E: Serialize + Display>(name: &str, error: &E) -> JsValue {
    let js_error = js_sys::Error::new(&error.to_string());
    js_error.set_name(name);
    if let Ok(fields) = to_js(error) {
        let _ = js_sys::Object::assign(&js_error, &fields.unchecked_into());
    }
    js_error.into()
}

/// The limits the host passed, any left out taking their defaults.
fn read_limits(limits: JsValue) -> Result<ContextLimits, JsError> {
    if limits.is_undefined() || limits.is_null() {
        return Ok(ContextLimits::default());
    }
    from_js(limits, "the context limits")
}

/// The default limits, for the shell to decide what to read (a folder's files up to
/// `maxFolderFileBytes`) before it calls `resolveAttachment`.
///
/// # Errors
/// Fails only if the value cannot be converted to a JavaScript object.
#[wasm_bindgen(js_name = defaultContextLimits, unchecked_return_type = "ContextLimits")]
pub fn default_context_limits() -> Result<JsValue, JsError> {
    to_js(&ContextLimits::default())
}

/// Resolves what the shell read for one @-mention into an attachment. Throws an `Error` named
/// `AttachmentError` (with the core error's `kind` and fields) when it cannot be attached: too
/// large, binary, an empty selection, no changes, no terminal output.
///
/// # Errors
/// The refusal, or a description of an input not in the expected shape.
#[wasm_bindgen(js_name = resolveAttachment, unchecked_return_type = "Attachment")]
pub fn resolve_attachment(
    #[wasm_bindgen(unchecked_param_type = "MentionContent")] content: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Partial<ContextLimits> | undefined")] limits: JsValue,
) -> Result<JsValue, JsValue> {
    let content: MentionContent = from_js(content, "the mention's contents")?;
    let limits = read_limits(limits)?;
    let attachment = core::resolve_attachment(&content, &limits)
        .map_err(|error| kinded_error("AttachmentError", &error))?;
    Ok(to_js(&attachment)?)
}

/// Builds the system prompt from the base prompt, the rules files and the custom instructions,
/// with a report of every source.
///
/// # Errors
/// A description of an input not in the expected shape.
#[wasm_bindgen(js_name = buildSystemPrompt, unchecked_return_type = "SystemPrompt")]
pub fn build_system_prompt(
    #[wasm_bindgen(unchecked_param_type = "RulesInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Partial<ContextLimits> | undefined")] limits: JsValue,
) -> Result<JsValue, JsError> {
    let input: RulesInput = from_js(input, "the rules")?;
    to_js(&core::build_system_prompt(&input, &read_limits(limits)?))
}

/// Plans what of the conversation the next request sends so it fits the context window. Throws
/// an `Error` named `ContextPlanError` (kind `attachmentTooLarge` or `messageTooLarge`) when
/// even the smallest allowed request does not fit.
///
/// # Errors
/// The refusal, or a description of an input not in the expected shape.
#[wasm_bindgen(js_name = planContext, unchecked_return_type = "ContextPlan")]
pub fn plan_context(
    #[wasm_bindgen(unchecked_param_type = "PlanInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: PlanInput = from_js(input, "the plan's inputs")?;
    let plan =
        core::plan_context(&input).map_err(|error| kinded_error("ContextPlanError", &error))?;
    Ok(to_js(&plan)?)
}

/// Which messages a Condense summary replaces when the latest `keep` stay, with the request's
/// instruction; `null` when there is nothing to condense.
///
/// # Errors
/// A description of an input not in the expected shape.
#[wasm_bindgen(js_name = planCondense, unchecked_return_type = "CondensePlan | null")]
pub fn plan_condense(
    #[wasm_bindgen(unchecked_param_type = "TurnForBudget[]")] turns: JsValue,
    keep: u32,
) -> Result<JsValue, JsError> {
    let turns: Vec<TurnForBudget> = from_js(turns, "the turns")?;
    to_js(&core::plan_condense(&turns, keep as usize))
}

/// Whether to offer Condense at `usageFraction` of the window in use; the threshold defaults
/// to 0.8.
#[wasm_bindgen(js_name = shouldOfferCondense)]
pub fn should_offer_condense(usage_fraction: f64, threshold: Option<f64>) -> bool {
    core::should_offer_condense(
        usage_fraction,
        threshold.unwrap_or(core::DEFAULT_CONDENSE_THRESHOLD),
    )
}

/// Whether a path looks like it holds secrets (`.env`, private keys), so the shell asks before
/// attaching it.
#[wasm_bindgen(js_name = isSecretLooking)]
pub fn is_secret_looking(path: &str) -> bool {
    core::is_secret_looking(path)
}
