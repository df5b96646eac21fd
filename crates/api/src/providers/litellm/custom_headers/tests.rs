//! Tests of the custom headers' checks and of how they and the key header reach a request.

use super::*;
use crate::http::HttpMethod;

fn header(name: &str, value: &str) -> CustomHeader {
    CustomHeader {
        name: name.to_owned(),
        value: value.to_owned(),
    }
}

fn problem(headers: &[CustomHeader], key_header: KeyHeader) -> HeaderProblem {
    validate_custom_headers(headers, key_header).expect_err("expected a problem")
}

#[test]
fn good_headers_are_trimmed_and_blank_rows_dropped() {
    let checked = validate_custom_headers(
        &[
            header(" x-team-id ", " platform \n"),
            header("", "  "),
            header("X-Trace_Flag~1", "yes"),
        ],
        KeyHeader::Authorization,
    )
    .unwrap();
    assert_eq!(
        checked,
        [
            header("x-team-id", "platform"),
            header("X-Trace_Flag~1", "yes")
        ]
    );
}

#[test]
fn a_name_with_a_space_or_a_line_break_names_the_row() {
    for bad in ["x team", "x-team\nid", "x-team:", "x-tèam"] {
        let found = problem(
            &[header("ok", "1"), header(bad, "v")],
            KeyHeader::Authorization,
        );
        assert_eq!(found.field, "litellmCustomHeaders[1].name", "{bad:?}");
        assert!(found.message.contains("no spaces"), "{}", found.message);
    }
    // A printable name is quoted; one with a line break is named by its position instead.
    assert!(
        problem(&[header("x team", "v")], KeyHeader::Authorization)
            .message
            .contains("\"x team\"")
    );
    assert!(
        problem(&[header("a\nb", "v")], KeyHeader::Authorization)
            .message
            .contains("number 1")
    );
}

#[test]
fn a_value_with_a_line_break_is_refused_without_repeating_it() {
    let found = problem(
        &[header("x-token", "secret-1\r\nx-evil: 1")],
        KeyHeader::Authorization,
    );
    assert_eq!(found.field, "litellmCustomHeaders[0].value");
    assert!(found.message.contains("line break"), "{}", found.message);
    assert!(!found.message.contains("secret-1"), "{}", found.message);
}

#[test]
fn non_ascii_and_oversized_values_are_refused() {
    assert!(
        problem(&[header("x-a", "café")], KeyHeader::Authorization)
            .message
            .contains("ASCII")
    );
    let long = "a".repeat(MAX_HEADER_VALUE_BYTES + 1);
    assert!(
        problem(&[header("x-a", &long)], KeyHeader::Authorization)
            .message
            .contains("longer")
    );
}

#[test]
fn reserved_duplicate_and_missing_names_are_refused() {
    assert!(
        problem(
            &[header("Content-Type", "text/plain")],
            KeyHeader::Authorization
        )
        .message
        .contains("sets the Content-Type header itself")
    );
    assert!(
        problem(
            &[header("x-a", "1"), header("X-A", "2")],
            KeyHeader::Authorization
        )
        .message
        .contains("twice")
    );
    assert!(
        problem(&[header("", "orphan")], KeyHeader::Authorization)
            .message
            .contains("no name")
    );
    assert!(
        problem(
            &[header("x-litellm-api-key", "sk")],
            KeyHeader::Authorization
        )
        .message
        .contains("API key field")
    );
    let many: Vec<CustomHeader> = (0..=MAX_CUSTOM_HEADERS)
        .map(|index| header(&format!("x-{index}"), "1"))
        .collect();
    assert_eq!(
        problem(&many, KeyHeader::Authorization).field,
        "litellmCustomHeaders"
    );
}

#[test]
fn a_custom_authorization_needs_the_key_elsewhere() {
    let gateway = [header("Authorization", "Bearer gateway-token")];
    assert!(
        problem(&gateway, KeyHeader::Authorization)
            .message
            .contains("x-litellm-api-key")
    );
    assert_eq!(
        validate_custom_headers(&gateway, KeyHeader::LiteLlmApiKey).unwrap(),
        gateway
    );
}

fn request_with_key() -> HttpRequest {
    HttpRequest {
        method: HttpMethod::Get,
        url: "http://proxy/v1/model/info".to_owned(),
        headers: vec![
            ("Accept".to_owned(), "application/json".to_owned()),
            ("Authorization".to_owned(), "Bearer sk-1234".to_owned()),
        ],
        body: None,
    }
}

fn pairs(request: &HttpRequest) -> Vec<(&str, &str)> {
    request
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

#[test]
fn the_key_moves_to_the_litellm_header_and_custom_headers_follow() {
    let mut request = request_with_key();
    apply_team_headers(
        &mut request,
        KeyHeader::LiteLlmApiKey,
        &[
            header("Authorization", "Bearer gateway"),
            header("x-team", "a"),
        ],
    );
    assert_eq!(
        pairs(&request),
        [
            ("Accept", "application/json"),
            ("x-litellm-api-key", "sk-1234"),
            ("Authorization", "Bearer gateway"),
            ("x-team", "a"),
        ]
    );
}

#[test]
fn by_default_the_key_stays_in_authorization() {
    let mut request = request_with_key();
    apply_team_headers(&mut request, KeyHeader::Authorization, &[]);
    assert_eq!(pairs(&request), pairs(&request_with_key()));
}

#[test]
fn key_header_names_are_read_case_insensitively() {
    assert_eq!(
        KeyHeader::from_name("X-LiteLLM-API-Key"),
        Some(KeyHeader::LiteLlmApiKey)
    );
    assert_eq!(KeyHeader::from_name(""), Some(KeyHeader::Authorization));
    assert_eq!(KeyHeader::from_name("cookie"), None);
}

#[test]
fn debug_output_hides_values() {
    let shown = format!("{:?}", header("x-token", "very-secret"));
    assert!(!shown.contains("very-secret"), "{shown}");
    assert!(shown.contains("x-token"), "{shown}");
}

#[test]
fn credentials_are_recognised_by_name_or_by_look() {
    for (name, value) in [
        ("Authorization", "Bearer abc"),
        ("x-api-key", "short"),
        ("X-Gateway-Token", "1"),
        ("x-anything", "Bearer something"),
        ("x-anything", "sk-1234"),
        ("x-anything", "eyJhbGciOiJIUzI1NiJ9.e30.x"),
        ("x-anything", "a1b2c3d4e5f6a7b8c9d0e1f2a3"),
    ] {
        assert!(header_looks_secret(name, value), "{name}: {value}");
    }
    for (name, value) in [
        ("x-team-id", "platform"),
        ("x-env", "staging"),
        ("x-request-source", "roo code plus in vscode"),
    ] {
        assert!(!header_looks_secret(name, value), "{name}: {value}");
    }
}
