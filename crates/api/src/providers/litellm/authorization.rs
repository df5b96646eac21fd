//! The one rule for sending the API key to the proxy, shared by every request the provider builds.

/// `Authorization: Bearer <key>` when a key is set, else nothing.
///
/// The key is trimmed: one pasted with a trailing newline or spaces would make `fetch` reject
/// the header value. A blank key means "no key", because a proxy without a `master_key` needs
/// none (Kilo issue 3551), and a `Bearer ` with nothing after it is a wrong key, which a proxy
/// with a master key answers with a confusing 400 `no_db_connection` instead of the plain 401 a
/// missing key gets (BRIEF section 2).
#[must_use]
pub fn bearer_authorization(api_key: Option<&str>) -> Option<(String, String)> {
    api_key
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .map(|key| ("Authorization".to_owned(), format!("Bearer {key}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_key_is_sent_trimmed() {
        assert_eq!(
            bearer_authorization(Some(" sk-1234\n")),
            Some(("Authorization".to_owned(), "Bearer sk-1234".to_owned()))
        );
    }

    #[test]
    fn no_key_or_a_blank_one_sends_nothing() {
        for key in [None, Some(""), Some("  \n")] {
            assert_eq!(bearer_authorization(key), None, "{key:?}");
        }
    }
}
