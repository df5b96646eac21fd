//! The session id each chat sends as LiteLLM's `litellm_session_id`, so the proxy's spend logs
//! group a chat's requests (LiteLLM's "Session Logs"). The chat's own id is the session id: it is
//! stable for the chat's life and already names its file, so the chat can show it.

/// The longest session id sent; chat ids are far shorter, a longer one is not an id.
pub const MAX_SESSION_ID_CHARS: usize = 128;

/// The session id to send, or `None` when there is none or it is not a plain id (blank, too long,
/// or holding characters other than letters, digits, `-`, `_` and `.`): a request is never
/// refused over its traceability.
#[must_use]
pub fn usable_session_id(session_id: Option<&str>) -> Option<&str> {
    let id = session_id?.trim();
    let plain = id
        .chars()
        .all(|character| character.is_ascii_alphanumeric() || "-_.".contains(character));
    (!id.is_empty() && id.len() <= MAX_SESSION_ID_CHARS && plain).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_id_is_sent_as_it_is() {
        assert_eq!(
            usable_session_id(Some("2026-11-30_abc-123")),
            Some("2026-11-30_abc-123")
        );
    }

    #[test]
    fn blank_long_or_odd_ids_are_left_out() {
        let long = "a".repeat(MAX_SESSION_ID_CHARS + 1);
        for id in [
            None,
            Some(""),
            Some("  "),
            Some("a b"),
            Some("a\"b"),
            Some(long.as_str()),
        ] {
            assert_eq!(usable_session_id(id), None, "{id:?}");
        }
    }
}
