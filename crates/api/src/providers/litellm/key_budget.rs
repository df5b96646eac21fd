//! The key's budget and limits, for a non-admin virtual key: what LiteLLM's response headers say
//! on every reply, what `GET /key/info` (the caller's own key, no `?key=`) says, and whether to
//! warn that the budget is running out.
//!
//! From LiteLLM's docs and code (virtual keys need the proxy's database, which does not run in
//! the offline tests; the proxy harness replays these shapes): the headers
//! `x-litellm-key-spend`, `x-litellm-key-max-budget`, `x-litellm-response-cost`,
//! `x-ratelimit-remaining-{requests,tokens}` and, with per-model limits,
//! `x-litellm-key-remaining-{requests,tokens}-{model group}`, each absent when unset; and
//! `/key/info` answering `{"key": ..., "info": {"spend", "max_budget", "budget_reset_at",
//! "expires", "models", ...}}`. Only routes a normal key may call are used.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::http::{HttpMethod, HttpRequest};
use crate::providers::litellm::headers::{Accept, request_headers};
use crate::proxy_url::ProxyUrl;

/// The share of the budget spent from which the panel and the footer warn.
pub const BUDGET_WARNING_SHARE: f64 = 0.8;

/// What one reply's headers said of the key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BudgetHeaders {
    /// `x-litellm-key-spend`: dollars spent by the key so far.
    pub spend_usd: Option<f64>,
    /// `x-litellm-key-max-budget`: the key's budget in dollars.
    pub max_budget_usd: Option<f64>,
    /// `x-litellm-response-cost`: what this reply cost.
    pub response_cost_usd: Option<f64>,
    /// `x-ratelimit-remaining-requests`, or the per-model `x-litellm-key-remaining-requests-*`.
    pub remaining_requests: Option<u64>,
    /// `x-ratelimit-remaining-tokens`, or the per-model `x-litellm-key-remaining-tokens-*`.
    pub remaining_tokens: Option<u64>,
    /// One sentence per header that was there but not a number, for the log; never a failure.
    pub notes: Vec<String>,
}

impl BudgetHeaders {
    /// Whether the headers said anything about the key.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.spend_usd.is_none()
            && self.max_budget_usd.is_none()
            && self.response_cost_usd.is_none()
            && self.remaining_requests.is_none()
            && self.remaining_tokens.is_none()
    }
}

/// Reads the key's headers from a reply to a request for `model_id` (the proxy's model group).
/// A per-model limit wins over the key-wide one, since it is the tighter one for this model.
#[must_use]
pub fn parse_budget_headers(headers: &[(String, String)], model_id: &str) -> BudgetHeaders {
    let mut parsed = BudgetHeaders::default();
    let model_requests = format!(
        "x-litellm-key-remaining-requests-{}",
        model_id.to_lowercase()
    );
    let model_tokens = format!("x-litellm-key-remaining-tokens-{}", model_id.to_lowercase());
    let mut model_remaining_requests = None;
    let mut model_remaining_tokens = None;
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        let value = value.trim();
        match name.as_str() {
            "x-litellm-key-spend" => parsed.spend_usd = dollars(&name, value, &mut parsed.notes),
            "x-litellm-key-max-budget" => {
                parsed.max_budget_usd = dollars(&name, value, &mut parsed.notes);
            }
            "x-litellm-response-cost" => {
                parsed.response_cost_usd = dollars(&name, value, &mut parsed.notes);
            }
            "x-ratelimit-remaining-requests" => {
                parsed.remaining_requests = count(&name, value, &mut parsed.notes);
            }
            "x-ratelimit-remaining-tokens" => {
                parsed.remaining_tokens = count(&name, value, &mut parsed.notes);
            }
            other if other == model_requests => {
                model_remaining_requests = count(&name, value, &mut parsed.notes);
            }
            other if other == model_tokens => {
                model_remaining_tokens = count(&name, value, &mut parsed.notes);
            }
            _ => {}
        }
    }
    parsed.remaining_requests = model_remaining_requests.or(parsed.remaining_requests);
    parsed.remaining_tokens = model_remaining_tokens.or(parsed.remaining_tokens);
    parsed
}

/// A dollar amount: a finite, non-negative number; anything else is noted and ignored.
fn dollars(name: &str, value: &str, notes: &mut Vec<String>) -> Option<f64> {
    match value.parse::<f64>() {
        Ok(number) if number.is_finite() && number >= 0.0 => Some(number),
        _ => {
            notes.push(not_a_number(name, value));
            None
        }
    }
}

/// A count: a whole, non-negative number (`12` or `12.0`); anything else is noted and ignored.
fn count(name: &str, value: &str, notes: &mut Vec<String>) -> Option<u64> {
    if let Ok(whole) = value.parse::<u64>() {
        return Some(whole);
    }
    match value.parse::<f64>() {
        Ok(number) if number.is_finite() && number >= 0.0 && number.fract() == 0.0 => {
            // Bounded, whole and non-negative: the cast saturates at worst, never wraps.
            Some(number as u64)
        }
        _ => {
            notes.push(not_a_number(name, value));
            None
        }
    }
}

fn not_a_number(name: &str, value: &str) -> String {
    let shown: String = value.chars().take(40).collect();
    format!("The proxy's {name} header is not a number (\"{shown}\"), so it was ignored.")
}

/// What `GET /key/info` said of the caller's key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct KeyInfo {
    /// Dollars the key has spent.
    pub spend_usd: Option<f64>,
    /// The key's budget in dollars; `None` when it has none.
    pub max_budget_usd: Option<f64>,
    /// When the budget resets, as the proxy wrote it (ISO 8601).
    pub budget_reset_at: Option<String>,
    /// When the key expires, as the proxy wrote it.
    pub expires: Option<String>,
    /// The models the key may use; empty when it may use every model.
    pub models: Vec<String>,
}

/// The `GET /key/info` request: no `?key=`, so the proxy describes the key that asks, and a
/// normal key may call it (the admin-only routes are never used).
#[must_use]
pub fn key_info_request(base_url: &ProxyUrl, api_key: Option<&str>) -> HttpRequest {
    HttpRequest {
        method: HttpMethod::Get,
        url: base_url.endpoint("/key/info"),
        headers: request_headers(Accept::Json, false, api_key),
        body: None,
    }
}

/// Reads a `/key/info` answer. `None` (the panel quietly stays hidden) for anything but a 2xx
/// JSON object with an `info` object: a 403 for a key that may not ask, a 404 from an older
/// proxy, an HTML login page from a gateway, or a body that is not JSON.
#[must_use]
pub fn parse_key_info(status: u16, body: &str) -> Option<KeyInfo> {
    if !(200..300).contains(&status) {
        return None;
    }
    let document: Value = serde_json::from_str(body).ok()?;
    let info = document.get("info")?.as_object()?;
    let money = |key: &str| {
        info.get(key)
            .and_then(Value::as_f64)
            .filter(|usd| usd.is_finite() && *usd >= 0.0)
    };
    let text = |key: &str| {
        info.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    };
    let models = info
        .get("models")
        .and_then(Value::as_array)
        .map(|models| {
            models
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Some(KeyInfo {
        spend_usd: money("spend"),
        max_budget_usd: money("max_budget"),
        budget_reset_at: text("budget_reset_at"),
        expires: text("expires"),
        models,
    })
}

/// How much of the budget is left, as the panel and the footer show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BudgetLevel {
    /// Under [`BUDGET_WARNING_SHARE`] spent.
    Fine,
    /// At least [`BUDGET_WARNING_SHARE`] spent: warn before it runs out.
    RunningOut,
    /// All spent: the proxy refuses requests until it resets.
    Exhausted,
}

/// The key's budget as the Settings panel and the chat footer show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyBudget {
    pub spend_usd: f64,
    pub max_budget_usd: f64,
    /// `max_budget_usd - spend_usd`, never below zero.
    pub remaining_usd: f64,
    pub level: BudgetLevel,
    pub budget_reset_at: Option<String>,
    pub expires: Option<String>,
    pub remaining_requests: Option<u64>,
    pub remaining_tokens: Option<u64>,
}

/// The budget to show from `/key/info` and the latest reply's headers (the headers are newer, so
/// their spend wins), or `None` when the key has no budget: then nothing is shown.
#[must_use]
pub fn key_budget(info: Option<&KeyInfo>, headers: Option<&BudgetHeaders>) -> Option<KeyBudget> {
    let max_budget_usd = headers
        .and_then(|headers| headers.max_budget_usd)
        .or_else(|| info.and_then(|info| info.max_budget_usd))?;
    let spend_usd = headers
        .and_then(|headers| headers.spend_usd)
        .or_else(|| info.and_then(|info| info.spend_usd))
        .unwrap_or(0.0);
    Some(KeyBudget {
        spend_usd,
        max_budget_usd,
        remaining_usd: (max_budget_usd - spend_usd).max(0.0),
        level: budget_level(spend_usd, max_budget_usd),
        budget_reset_at: info.and_then(|info| info.budget_reset_at.clone()),
        expires: info.and_then(|info| info.expires.clone()),
        remaining_requests: headers.and_then(|headers| headers.remaining_requests),
        remaining_tokens: headers.and_then(|headers| headers.remaining_tokens),
    })
}

impl KeyBudget {
    /// The budget once the proxy refused a request because it is spent: whatever the last
    /// headers or `/key/info` said, nothing is left until it resets (LiteLLM answers
    /// `budget_exceeded` only when the spend has reached the budget).
    #[must_use]
    pub fn spent(self) -> Self {
        Self {
            spend_usd: self.spend_usd.max(self.max_budget_usd),
            remaining_usd: 0.0,
            level: BudgetLevel::Exhausted,
            ..self
        }
    }
}

/// Whether the spend is fine, running out, or exhausted. A zero budget is exhausted at once.
#[must_use]
pub fn budget_level(spend_usd: f64, max_budget_usd: f64) -> BudgetLevel {
    if spend_usd >= max_budget_usd {
        BudgetLevel::Exhausted
    } else if spend_usd >= max_budget_usd * BUDGET_WARNING_SHARE {
        BudgetLevel::RunningOut
    } else {
        BudgetLevel::Fine
    }
}

/// Whether discovery should keep a model the key may use. LiteLLM's `models` list is empty for
/// "every model", and may name the special groups `all-proxy-models` or `all-team-models`,
/// which also mean every model this key can see.
#[must_use]
pub fn key_allows_model(allowed: &[String], model_id: &str) -> bool {
    allowed.is_empty()
        || allowed.iter().any(|name| {
            name == model_id
                || name == "*"
                || name == "all-proxy-models"
                || name == "all-team-models"
        })
}

#[cfg(test)]
mod tests;
