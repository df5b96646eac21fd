//! The team features' exports: whether a custom header's value is a secret for SecretStorage,
//! the key's budget (`GET /key/info` and the newest reply's LiteLLM headers), the models the key
//! may use, and the spent-budget error with its reset time. They convert, do the I/O the core
//! describes, and delegate every decision to the core.

use std::cell::RefCell;

use js_sys::Promise;
use roo_api::cache_savings::cache_savings;
use roo_api::classify::budget::{is_budget_exceeded_error, with_budget_reset};
use roo_api::providers::litellm::discovery::DiscoveredModel;
use roo_api::providers::litellm::key_budget::{
    self, BudgetHeaders, KeyInfo, key_allows_model, parse_budget_headers, parse_key_info,
};
use roo_api::providers::litellm::{LiteLlmHandler, custom_headers};
use roo_api::{ApiError, ApiHandler as CoreHandler, ModelInfo, RequestPolicy, Usage};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::abort::RequestAbort;
use crate::convert::{from_js, to_js};
use crate::error::api_error_to_js;
use crate::exchange::{read_text, send_once};
use crate::handler::{read_settings, read_signal};

#[wasm_bindgen(typescript_custom_section)]
const TEAM_TYPES: &str = r#"import type { ApiError, BudgetHeaders, CacheSavings, KeyBudget, KeyInfo, ModelInfo, Usage } from "../src/shared/generated/types";"#;

thread_local! {
    /// What the newest reply's headers said of the key; the extension host runs one wasm
    /// instance on one thread, so this is the one place a reply's headers are kept.
    static LATEST_BUDGET_HEADERS: RefCell<Option<BudgetHeaders>> = const { RefCell::new(None) };
}

/// Keeps what a reply's headers say of the key, when they say anything (a proxy without
/// virtual keys sends none, and then the previous reading stays).
pub(crate) fn remember_reply_headers(handler: &LiteLlmHandler, headers: &[(String, String)]) {
    let parsed = parse_budget_headers(headers, &handler.model().id);
    if !parsed.is_empty() || !parsed.notes.is_empty() {
        LATEST_BUDGET_HEADERS.with(|latest| *latest.borrow_mut() = Some(parsed));
    }
}

/// Whether a custom header's value should be kept in SecretStorage, by its name or its look.
#[wasm_bindgen(js_name = headerLooksSecret)]
#[must_use]
pub fn header_looks_secret(name: &str, value: &str) -> bool {
    custom_headers::header_looks_secret(name, value)
}

/// Asks the proxy about the caller's own key (`GET /key/info`, no `?key=`). Resolves to `null`
/// when the proxy will not say (a 403 for a key that may not ask, an older proxy, an HTML page,
/// no connection): the budget panel then stays hidden and nothing else changes. Rejects only
/// for settings the core refuses.
#[wasm_bindgen(js_name = fetchKeyInfo, unchecked_return_type = "Promise<KeyInfo | null>")]
pub fn fetch_key_info(
    #[wasm_bindgen(unchecked_param_type = "ProviderSettings")] settings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ signal?: AbortSignal } | undefined")] options: JsValue,
) -> Promise {
    let handler = match read_settings(&settings)
        .and_then(|settings| roo_api::build_api_handler(&settings).map_err(|e| api_error_to_js(&e)))
    {
        Ok(CoreHandler::LiteLlm(handler)) => handler,
        Err(error) => return Promise::reject(&error),
    };
    let signal = read_signal(&options);
    future_to_promise(async move {
        let abort = RequestAbort::new(signal)?;
        let timeout_ms = RequestPolicy::default().discovery_timeout_ms;
        let Ok(response) = send_once(&handler.key_info_request(), &abort, timeout_ms).await else {
            return Ok(JsValue::NULL);
        };
        let Ok(body) = read_text(&response, &abort, timeout_ms).await else {
            return Ok(JsValue::NULL);
        };
        let info = parse_key_info(response.status, &body);
        if info.is_some() {
            // The proxy's answer now counts every reply so far: older reply headers (perhaps of
            // another proxy or key, before a settings change) must not override it.
            forget_budget_headers();
        }
        Ok(to_js(&info)?)
    })
}

/// Forgets what earlier replies' headers said of the key: after a settings change they may be
/// another proxy's or another key's.
#[wasm_bindgen(js_name = forgetBudgetHeaders)]
pub fn forget_budget_headers() {
    LATEST_BUDGET_HEADERS.with(|latest| *latest.borrow_mut() = None);
}

/// The key's budget to show, from `/key/info` (or `null`) and the newest reply's headers;
/// `null` when the key has no budget.
/// `spent` says the proxy refused the latest request because the budget is used up; the budget
/// then shows nothing left, whatever the earlier numbers said.
#[wasm_bindgen(js_name = keyBudget, unchecked_return_type = "KeyBudget | null")]
pub fn key_budget(
    #[wasm_bindgen(unchecked_param_type = "KeyInfo | null")] info: JsValue,
    spent: Option<bool>,
) -> Result<JsValue, JsError> {
    let info: Option<KeyInfo> = from_js(info, "the key info")?;
    let latest = LATEST_BUDGET_HEADERS.with(|latest| latest.borrow().clone());
    let budget = key_budget::key_budget(info.as_ref(), latest.as_ref());
    to_js(&budget.map(|budget| {
        if spent == Some(true) {
            budget.spent()
        } else {
            budget
        }
    }))
}

/// Whether a reply's error is the proxy refusing it because the key's budget is spent.
///
/// # Errors
/// A description of an error not in the expected shape.
#[wasm_bindgen(js_name = isBudgetExceeded)]
pub fn is_budget_exceeded(
    #[wasm_bindgen(unchecked_param_type = "ApiError")] error: JsValue,
) -> Result<bool, JsError> {
    let error: ApiError = from_js(error, "the error")?;
    Ok(is_budget_exceeded_error(&error))
}

/// What the newest reply's headers said of the key, notes on values that were not numbers
/// included, or `null` before any reply carried them.
#[wasm_bindgen(js_name = latestBudgetHeaders, unchecked_return_type = "BudgetHeaders | null")]
pub fn latest_budget_headers() -> Result<JsValue, JsError> {
    to_js(&LATEST_BUDGET_HEADERS.with(|latest| latest.borrow().clone()))
}

/// The discovered models the key may use, by the `models` of its `/key/info`.
#[wasm_bindgen(js_name = modelsAllowedForKey, unchecked_return_type = "DiscoveredModel[]")]
pub fn models_allowed_for_key(
    #[wasm_bindgen(unchecked_param_type = "DiscoveredModel[]")] models: JsValue,
    #[wasm_bindgen(unchecked_param_type = "KeyInfo | null")] info: JsValue,
) -> Result<JsValue, JsError> {
    let models: Vec<DiscoveredModel> = from_js(models, "the models")?;
    let info: Option<KeyInfo> = from_js(info, "the key info")?;
    let allowed = info.map(|info| info.models).unwrap_or_default();
    let kept: Vec<DiscoveredModel> = models
        .into_iter()
        .filter(|model| key_allows_model(&allowed, &model.id))
        .collect();
    to_js(&kept)
}

/// A spent-budget error with its sentence naming when the budget resets; other errors unchanged.
#[wasm_bindgen(js_name = budgetErrorWithReset, unchecked_return_type = "ApiError")]
pub fn budget_error_with_reset(
    #[wasm_bindgen(unchecked_param_type = "ApiError")] error: JsValue,
    reset_at: Option<String>,
) -> Result<JsValue, JsError> {
    let error: ApiError = from_js(error, "the error")?;
    to_js(&with_budget_reset(error, reset_at.as_deref()))
}

/// What prompt caching saved on a reply against the same input uncached, priced with the model's
/// prices; `null` when the reply used no cache or the input price is unknown. For the usage
/// line's tooltip.
#[wasm_bindgen(js_name = cacheSavings, unchecked_return_type = "CacheSavings | null")]
pub fn cache_savings_of(
    #[wasm_bindgen(unchecked_param_type = "Usage")] usage: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ModelInfo")] model: JsValue,
) -> Result<JsValue, JsError> {
    let usage: Usage = from_js(usage, "the usage")?;
    let model: ModelInfo = from_js(model, "the model info")?;
    to_js(&cache_savings(&usage, &model))
}
