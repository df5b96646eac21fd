//! Tests of the key's budget: LiteLLM's documented header and `/key/info` shapes, bad values,
//! and the warning levels.

use super::*;

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

#[test]
fn the_documented_headers_are_read() {
    let parsed = parse_budget_headers(
        &headers(&[
            ("x-litellm-key-spend", "8.25"),
            ("X-LiteLLM-Key-Max-Budget", "10.0"),
            ("x-litellm-response-cost", "0.0042"),
            ("x-ratelimit-remaining-requests", "99"),
            ("x-ratelimit-remaining-tokens", "99000"),
            ("content-type", "text/event-stream"),
        ]),
        "claude",
    );
    assert_eq!(parsed.spend_usd, Some(8.25));
    assert_eq!(parsed.max_budget_usd, Some(10.0));
    assert_eq!(parsed.response_cost_usd, Some(0.0042));
    assert_eq!(parsed.remaining_requests, Some(99));
    assert_eq!(parsed.remaining_tokens, Some(99_000));
    assert!(parsed.notes.is_empty());
}

#[test]
fn a_per_model_limit_wins_for_its_model_only() {
    let pairs = headers(&[
        ("x-ratelimit-remaining-requests", "99"),
        ("x-litellm-key-remaining-requests-claude", "4"),
        ("x-litellm-key-remaining-tokens-claude", "1000.0"),
        ("x-litellm-key-remaining-tokens-other", "5"),
    ]);
    let parsed = parse_budget_headers(&pairs, "claude");
    assert_eq!(parsed.remaining_requests, Some(4));
    assert_eq!(parsed.remaining_tokens, Some(1000));
    let other = parse_budget_headers(&pairs, "gpt");
    assert_eq!(other.remaining_requests, Some(99));
    assert_eq!(other.remaining_tokens, None);
}

#[test]
fn values_that_are_not_numbers_are_noted_and_ignored() {
    let parsed = parse_budget_headers(
        &headers(&[
            ("x-litellm-key-spend", "lots"),
            ("x-litellm-key-max-budget", "-1"),
            ("x-ratelimit-remaining-requests", "1.5"),
            ("x-litellm-response-cost", "NaN"),
        ]),
        "m",
    );
    assert!(parsed.is_empty(), "{parsed:?}");
    assert_eq!(parsed.notes.len(), 4);
    assert!(parsed.notes[0].contains("x-litellm-key-spend"));
    assert!(parsed.notes[0].contains("not a number"));
}

/// `/key/info` as LiteLLM documents it for the caller's own key.
const KEY_INFO: &str = r#"{"key":"sk-...abcd","info":{"key_name":"sk-...abcd","spend":8.5,
    "max_budget":10.0,"budget_reset_at":"2026-12-01T00:00:00Z","expires":"2027-01-01T00:00:00Z",
    "models":["claude","gpt-4o"],"tpm_limit":null,"rpm_limit":100,"team_id":null}}"#;

#[test]
fn key_info_is_read() {
    let info = parse_key_info(200, KEY_INFO).unwrap();
    assert_eq!(info.spend_usd, Some(8.5));
    assert_eq!(info.max_budget_usd, Some(10.0));
    assert_eq!(
        info.budget_reset_at.as_deref(),
        Some("2026-12-01T00:00:00Z")
    );
    assert_eq!(info.expires.as_deref(), Some("2027-01-01T00:00:00Z"));
    assert_eq!(info.models, ["claude", "gpt-4o"]);
}

#[test]
fn forbidden_html_or_odd_answers_hide_the_panel() {
    assert_eq!(parse_key_info(403, KEY_INFO), None);
    assert_eq!(parse_key_info(404, "Not Found"), None);
    assert_eq!(
        parse_key_info(200, "<html><body>Sign in</body></html>"),
        None
    );
    assert_eq!(parse_key_info(200, r#"{"info": "none"}"#), None);
    let sparse = parse_key_info(200, r#"{"info":{"spend":null,"models":null}}"#).unwrap();
    assert_eq!(sparse, KeyInfo::default());
}

#[test]
fn the_request_asks_about_the_callers_key_only() {
    let url = ProxyUrl::parse("http://proxy.example/litellm").unwrap();
    let request = key_info_request(&url, Some("sk-1"));
    assert_eq!(request.url, "http://proxy.example/litellm/key/info");
    assert!(!request.url.contains("key="));
    assert_eq!(request.method, HttpMethod::Get);
}

#[test]
fn the_budget_warns_from_eighty_percent_and_headers_are_newer() {
    let info = parse_key_info(200, KEY_INFO).unwrap();
    let budget = key_budget(Some(&info), None).unwrap();
    assert_eq!(budget.level, BudgetLevel::RunningOut);
    assert!((budget.remaining_usd - 1.5).abs() < 1e-9);
    assert_eq!(
        budget.budget_reset_at.as_deref(),
        Some("2026-12-01T00:00:00Z")
    );

    let newer = BudgetHeaders {
        spend_usd: Some(10.2),
        ..BudgetHeaders::default()
    };
    let exhausted = key_budget(Some(&info), Some(&newer)).unwrap();
    assert_eq!(exhausted.level, BudgetLevel::Exhausted);
    assert_eq!(exhausted.remaining_usd, 0.0);

    assert_eq!(budget_level(1.0, 10.0), BudgetLevel::Fine);
    assert_eq!(budget_level(0.0, 0.0), BudgetLevel::Exhausted);
}

#[test]
fn a_refused_request_leaves_nothing_of_the_budget_whatever_the_last_numbers_said() {
    let info = KeyInfo {
        spend_usd: Some(8.4),
        max_budget_usd: Some(10.0),
        budget_reset_at: Some("2026-12-01T00:00:00Z".into()),
        ..KeyInfo::default()
    };
    let before = key_budget(Some(&info), None).unwrap();
    assert_eq!(before.level, BudgetLevel::RunningOut);
    let spent = before.clone().spent();
    assert_eq!(spent.level, BudgetLevel::Exhausted);
    assert_eq!(spent.remaining_usd, 0.0);
    assert_eq!(spent.spend_usd, 10.0);
    assert_eq!(spent.budget_reset_at, before.budget_reset_at);
}

#[test]
fn no_budget_means_nothing_to_show() {
    let unlimited = KeyInfo {
        spend_usd: Some(3.0),
        ..KeyInfo::default()
    };
    assert_eq!(key_budget(Some(&unlimited), None), None);
    assert_eq!(key_budget(None, None), None);
}

#[test]
fn allowed_models_filter_only_when_the_key_is_limited() {
    let owned = |names: &[&str]| {
        names
            .iter()
            .map(|name| (*name).to_owned())
            .collect::<Vec<_>>()
    };
    assert!(key_allows_model(&[], "any"));
    assert!(key_allows_model(&owned(&["all-proxy-models"]), "any"));
    assert!(key_allows_model(&owned(&["claude"]), "claude"));
    assert!(!key_allows_model(&owned(&["claude"]), "gpt-4o"));
}
