//! Reads what an error body says, whatever its shape: LiteLLM's
//! `{"error":{"message","type","param","code"}}`, FastAPI's `{"detail": ...}`, a plain-text
//! body, or an HTML page from something in front of the proxy.

use super::redact::{keep_non_empty, non_empty};

/// What could be read out of an error body, whatever its shape.
#[derive(Debug, Default)]
pub(super) struct ProxyErrorBody {
    /// `error.message` (or a plain-text body, or an HTML page's title).
    pub(super) message: String,
    /// `error.type`, when present and not LiteLLM's `"None"` placeholder.
    pub(super) error_type: String,
    /// `error.code`, a string in LiteLLM's bodies, sometimes a number elsewhere.
    pub(super) code: String,
    /// `error.param`.
    pub(super) param: String,
}

impl ProxyErrorBody {
    pub(super) fn parse(body: &str) -> Self {
        let trimmed = body.trim();
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed) {
            return Self::from_value(&value);
        }
        if looks_like_html(trimmed) {
            return Self {
                message: html_title(trimmed).unwrap_or_default(),
                ..Self::default()
            };
        }
        Self {
            message: trimmed.to_owned(),
            ..Self::default()
        }
    }

    pub(super) fn from_value(value: &serde_json::Value) -> Self {
        // LiteLLM nests everything under `error`; FastAPI's own errors (a wrong path) use
        // `detail`; other servers put `message` at the top.
        let error = value.get("error").unwrap_or(value);
        let message = match error {
            serde_json::Value::String(text) => text.clone(),
            serde_json::Value::Object(_) => ["message", "detail"]
                .iter()
                .find_map(|key| error.get(*key).map(value_text))
                .unwrap_or_default(),
            _ => String::new(),
        };
        let message = if message.is_empty() {
            value.get("detail").map(value_text).unwrap_or_default()
        } else {
            message
        };
        Self {
            message: message.trim().to_owned(),
            error_type: field_text(error, "type"),
            code: field_text(error, "code"),
            param: field_text(error, "param"),
        }
    }

    /// The status named by `code`, when it is one.
    pub(super) fn code_status(&self) -> Option<u16> {
        self.code
            .parse::<u16>()
            .ok()
            .filter(|status| (100..=599).contains(status))
    }

    pub(super) fn detail(&self, secret: Option<&str>) -> Option<String> {
        keep_non_empty(&self.message, secret)
    }

    /// Message, type and code together, lowercased, for pattern matching.
    pub(super) fn searchable(&self) -> String {
        format!("{} {} {}", self.message, self.error_type, self.code).to_lowercase()
    }
}

/// A JSON value as text: strings as they are, anything else serialised.
fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A field as text, treating LiteLLM's `"None"` placeholder as absent.
fn field_text(value: &serde_json::Value, key: &str) -> String {
    let text = value.get(key).map(value_text).unwrap_or_default();
    if text == "None" { String::new() } else { text }
}

fn looks_like_html(text: &str) -> bool {
    let start: String = text.chars().take(200).collect::<String>().to_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html") || start.contains("<head")
}

/// The text of an HTML page's `<title>`, which is usually the one readable line in a gateway's
/// error page.
fn html_title(html: &str) -> Option<String> {
    let lowercase = html.to_ascii_lowercase();
    let open = lowercase.find("<title")?;
    let content_start = open + lowercase.get(open..)?.find('>')? + 1;
    let content_end = content_start + lowercase.get(content_start..)?.find("</title")?;
    non_empty(html.get(content_start..content_end)?)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::classify::test_support::no_headers;
    use crate::classify::{classify_http_error, classify_stream_error};
    use crate::errors::ApiErrorKind;

    #[test]
    fn plain_text_500_keeps_the_text() {
        let error = classify_http_error(500, &no_headers(), "Internal Server Error", None);
        assert_eq!(error.kind, ApiErrorKind::ServerError);
        assert_eq!(error.detail.as_deref(), Some("Internal Server Error"));
        assert_eq!(error.body.as_deref(), Some("Internal Server Error"));
    }

    #[test]
    fn html_error_page_keeps_its_title_as_detail() {
        let page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
        let error = classify_http_error(502, &no_headers(), page, None);
        assert_eq!(error.kind, ApiErrorKind::UpstreamDown);
        assert_eq!(error.detail.as_deref(), Some("502 Bad Gateway"));
    }

    #[test]
    fn numeric_code_is_accepted() {
        let frame = json!({"error": {"message": "nope", "code": 404}});
        assert_eq!(
            classify_stream_error(&frame, None).kind,
            ApiErrorKind::BadRequest
        );
    }
}
