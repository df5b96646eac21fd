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
/// word after `Bearer`) from `text`. Every string an error keeps goes through this, and the
/// extension's log applies the same rules (`extension/src/redact.ts`; both are pinned by
/// `tests/fixtures/redaction_vectors.json`).
///
/// A secret is never shown, so the rules err towards redacting: the key is redacted whatever its
/// length (a three-character key is still the key, and hiding a few ordinary letters costs
/// nothing), trimmed as it is sent; an `sk-` token is redacted wherever it starts a word,
/// including after a hyphen (`x-sk-...`), because a key pasted behind a prefix is still a key.
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
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

/// Whether a match at byte `at` starts a word: the character before it, if any, is not an ASCII
/// letter, digit or underscore (a regular expression's `\b` outside Unicode mode), so `task-` and
/// `my_sk-` are words of their own while `x-sk-` and `ésk-` start one at `sk`.
fn starts_word(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|before| before.chars().next_back())
        .is_none_or(|character| !(character.is_ascii_alphanumeric() || character == '_'))
}

/// The number of bytes at the start of `text` that satisfy `accept`.
fn run_length(text: &str, accept: impl Fn(u8) -> bool) -> usize {
    text.bytes().take_while(|byte| accept(*byte)).count()
}

/// Replaces `sk-` followed by at least [`MIN_SK_TOKEN_CHARS`] token characters, when the `sk`
/// starts a word.
fn redact_sk_tokens(text: &str) -> String {
    const PREFIX: &str = "sk-";
    let mut output = String::with_capacity(text.len());
    let mut copied_up_to = 0;
    let mut search_from = 0;
    while let Some(found) = text.get(search_from..).and_then(|tail| tail.find(PREFIX)) {
        let start = search_from + found;
        let token_start = start + PREFIX.len();
        let token_length = run_length(text.get(token_start..).unwrap_or_default(), is_token_byte);
        if starts_word(text, start) && token_length >= MIN_SK_TOKEN_CHARS {
            output.push_str(text.get(copied_up_to..start).unwrap_or_default());
            output.push_str(REDACTED);
            copied_up_to = token_start + token_length;
            search_from = copied_up_to;
        } else {
            search_from = start + 1;
        }
    }
    output.push_str(text.get(copied_up_to..).unwrap_or_default());
    output
}

/// Whitespace that may separate `Bearer` from its token, as a header or a log line has it.
fn is_bearer_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// Replaces the word after `Bearer` (any case, starting a word, then spaces, tabs or line
/// breaks), which is how a key travels in a header. The word ends at whitespace, a quote or a
/// comma, so the JSON or header around it survives.
fn redact_bearer_words(text: &str) -> String {
    const MARKER: &str = "bearer";
    // ASCII lowercasing keeps every byte offset, so positions found in it index `text` too.
    let lowercase = text.to_ascii_lowercase();
    let mut output = String::with_capacity(text.len());
    let mut copied_up_to = 0;
    let mut search_from = 0;
    while let Some(found) = lowercase
        .get(search_from..)
        .and_then(|tail| tail.find(MARKER))
    {
        let start = search_from + found;
        let after_marker = start + MARKER.len();
        let spaces = run_length(
            text.get(after_marker..).unwrap_or_default(),
            is_bearer_space,
        );
        let token_start = after_marker + spaces;
        let token_length: usize = text
            .get(token_start..)
            .unwrap_or_default()
            .chars()
            .take_while(|character| {
                !matches!(character, ' ' | '\t' | '\r' | '\n' | '"' | '\'' | ',')
            })
            .map(char::len_utf8)
            .sum();
        if starts_word(text, start) && spaces > 0 && token_length > 0 {
            output.push_str(text.get(copied_up_to..token_start).unwrap_or_default());
            output.push_str(REDACTED);
            copied_up_to = token_start + token_length;
            search_from = copied_up_to;
        } else {
            search_from = start + 1;
        }
    }
    output.push_str(text.get(copied_up_to..).unwrap_or_default());
    output
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::test_support::KEY;

    #[test]
    fn redaction_of_the_secret_happens_before_truncation() {
        let body = format!("{}{KEY}", "x".repeat(MAX_KEPT_BODY_BYTES - 5));
        let kept = keep_body(&body, Some(KEY));
        assert!(!kept.contains("sk-test"));
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
