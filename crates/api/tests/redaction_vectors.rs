//! Pins `classify::redact_secrets` to the shared table of redaction cases in
//! `fixtures/redaction_vectors.json`, which the extension's log redaction (`extension/src/redact.ts`)
//! is tested against too, so the key is hidden by the same rules on both sides.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a test helper fails the test"
)]

use roo_api::classify::redact_secrets;
use serde_json::Value;

/// The cases: a name, the text, the stored key (or `None`), and the text as it may be shown.
fn vectors() -> Vec<(String, String, Option<String>, String)> {
    let path = format!(
        "{}/tests/fixtures/redaction_vectors.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let table: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let text = |vector: &Value, field: &str| -> String {
        vector[field]
            .as_str()
            .unwrap_or_else(|| panic!("{field} of {vector}"))
            .to_owned()
    };
    table["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|vector| {
            (
                text(vector, "name"),
                text(vector, "text"),
                vector["secret"].as_str().map(str::to_owned),
                text(vector, "expected"),
            )
        })
        .collect()
}

#[test]
fn redaction_follows_the_shared_table() {
    let vectors = vectors();
    assert!(vectors.len() >= 20, "the table lost its cases");
    let wrong: Vec<String> = vectors
        .iter()
        .filter_map(|(name, text, secret, expected)| {
            let actual = redact_secrets(text, secret.as_deref());
            (&actual != expected).then(|| format!("{name}: {actual:?} instead of {expected:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn no_expected_text_shows_its_secret() {
    for (name, _, secret, expected) in vectors() {
        if let Some(secret) = secret
            .as_deref()
            .map(str::trim)
            .filter(|key| !key.is_empty())
        {
            assert!(
                !expected.contains(secret),
                "{name}: the table shows the key"
            );
        }
    }
}
