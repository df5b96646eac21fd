//! Makes text safe and small enough for an error to keep: the API key and anything that looks
//! like a bearer token are redacted, then the text is cut to a bounded size.

/// How much of a raw body an error keeps: enough to diagnose, small enough to log and to send
/// to the webview.
pub const MAX_KEPT_BODY_BYTES: usize = 4096;

/// What replaces a secret in everything an error keeps.
pub(super) const REDACTED: &str = "[redacted]";

/// The shortest run of token characters after `sk-` that is treated as a key. Shorter runs are
/// ordinary words such as `sk-1`; LiteLLM's own masked form `sk-...abcd` is already safe.
const MIN_SK_TOKEN_CHARS: usize = 6;

/// Removes the API key (`secret`) and anything that looks like a bearer token (`sk-...`, or the
/// word after `Bearer`) from `text`. Every string an error keeps goes through this.
#[must_use]
pub fn redact_secrets(text: &str, secret: Option<&str>) -> String {
    let without_secret = match secret.map(str::trim) {
        Some(key) if !key.is_empty() => text.replace(key, REDACTED),
        _ => text.to_owned(),
    };
    redact_bearer_words(&redact_sk_tokens(&without_secret))
}

/// Cuts `text` to at most `max_bytes` bytes at a character boundary, marking the cut.
#[must_use]
pub fn truncate_at_char_boundary(text: &str, max_bytes: usize) -> String {
    if text.len() <= max_bytes {
        return text.to_owned();
    }
    let mut end = max_bytes;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut kept = text.get(..end).unwrap_or_default().to_owned();
    kept.push_str("…[truncated]");
    kept
}

/// Redacts, then truncates: redacting first means a cut can never leave half a key behind.
#[must_use]
pub(crate) fn keep_body(text: &str, secret: Option<&str>) -> String {
    truncate_at_char_boundary(&redact_secrets(text, secret), MAX_KEPT_BODY_BYTES)
}

/// Like [`keep_body`], trimmed, and `None` when nothing is left, so an error never keeps an
/// empty detail or body.
pub(super) fn keep_non_empty(text: &str, secret: Option<&str>) -> Option<String> {
    non_empty(&keep_body(text, secret))
}

/// `text` trimmed, or `None` when it is blank.
pub(super) fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Characters that make up a key after `sk-`.
fn is_token_char(character: char) -> bool {
    character.is_ascii_alphanumeric() || character == '-' || character == '_'
}

/// Replaces `sk-` followed by a run of token characters, when the `sk` starts a word (so
/// `task-1234567` stays as it is).
fn redact_sk_tokens(text: &str) -> String {
    let mut output = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(position) = rest.find("sk-") {
        let (before, from_prefix) = rest.split_at(position);
        output.push_str(before);
        let starts_word = before
            .chars()
            .next_back()
            .or(previous)
            .is_none_or(|character| !is_token_char(character));
        let after_prefix = from_prefix.get(3..).unwrap_or_default();
        let token_length: usize = after_prefix
            .chars()
            .take_while(|character| is_token_char(*character))
            .map(char::len_utf8)
            .sum();
        if starts_word && token_length >= MIN_SK_TOKEN_CHARS {
            output.push_str(REDACTED);
            rest = after_prefix.get(token_length..).unwrap_or_default();
            previous = Some(']');
        } else {
            output.push_str("sk-");
            rest = after_prefix;
            previous = Some('-');
        }
    }
    output.push_str(rest);
    output
}

/// Replaces the word after `Bearer ` (any case), which is how a key travels in a header.
fn redact_bearer_words(text: &str) -> String {
    const MARKER: &str = "bearer ";
    let lowercase = text.to_ascii_lowercase();
    let mut output = String::with_capacity(text.len());
    let mut copied_up_to = 0;
    let mut search_from = 0;
    while let Some(found) = lowercase
        .get(search_from..)
        .and_then(|tail| tail.find(MARKER))
    {
        let token_start = search_from + found + MARKER.len();
        let token_length: usize = text
            .get(token_start..)
            .unwrap_or_default()
            .chars()
            .take_while(|character| {
                !character.is_whitespace() && !matches!(character, '"' | '\'' | ',')
            })
            .map(char::len_utf8)
            .sum();
        if token_length > 0 && text.get(token_start..token_start + token_length) != Some(REDACTED) {
            output.push_str(text.get(copied_up_to..token_start).unwrap_or_default());
            output.push_str(REDACTED);
            copied_up_to = token_start + token_length;
        }
        search_from = token_start + token_length;
    }
    output.push_str(text.get(copied_up_to..).unwrap_or_default());
    output
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::test_support::KEY;

    #[test]
    fn redaction_covers_sk_tokens_and_bearer_words() {
        let text = "key sk-abcdef123456 and Authorization: Bearer hunter2secret, task-1234567 sk-1";
        let redacted = redact_secrets(text, None);
        assert_eq!(
            redacted,
            "key [redacted] and Authorization: Bearer [redacted], task-1234567 sk-1"
        );
    }

    #[test]
    fn redaction_of_the_secret_happens_before_truncation() {
        let body = format!("{}{KEY}", "x".repeat(MAX_KEPT_BODY_BYTES - 5));
        let kept = keep_body(&body, Some(KEY));
        assert!(!kept.contains("sk-test"));
    }

    #[test]
    fn blank_secret_redacts_nothing_extra() {
        assert_eq!(redact_secrets("plain words", Some("  ")), "plain words");
    }

    proptest::proptest! {
        #[test]
        fn truncation_always_lands_on_a_char_boundary(text in ".{0,100}", limit in 0usize..120) {
            let kept = truncate_at_char_boundary(&text, limit);
            if text.len() <= limit {
                proptest::prop_assert_eq!(&kept, &text);
            } else {
                proptest::prop_assert!(kept.len() <= limit + "…[truncated]".len());
                proptest::prop_assert!(kept.ends_with("…[truncated]"));
                proptest::prop_assert!(text.starts_with(kept.trim_end_matches("…[truncated]")));
            }
        }
    }
}
