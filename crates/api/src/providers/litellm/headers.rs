//! The headers of every request the provider sends the proxy (chat, discovery, spend): what the
//! answer should be, the body's type when there is one, and the API key.

/// What a request asks the proxy to answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    /// A JSON document (discovery, spend).
    Json,
    /// A server-sent event stream (a streamed chat completion).
    EventStream,
}

impl Accept {
    fn media_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::EventStream => "text/event-stream",
        }
    }
}

/// The headers of a request to the proxy: `Content-Type: application/json` when a JSON body
/// follows, `Accept`, and the key as [`bearer_authorization`] sends it.
#[must_use]
pub fn request_headers(
    accept: Accept,
    with_json_body: bool,
    api_key: Option<&str>,
) -> Vec<(String, String)> {
    let mut headers = Vec::with_capacity(3);
    if with_json_body {
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    }
    headers.push(("Accept".to_owned(), accept.media_type().to_owned()));
    headers.extend(bearer_authorization(api_key));
    headers
}

/// `Authorization: Bearer <key>` when a key is set, else nothing.
///
/// The key is trimmed: one pasted with a trailing newline or spaces would make `fetch` reject
/// the header value. A blank key means "no key", because a proxy without a `master_key` needs
/// none (Kilo issue 3551), and a `Bearer ` with nothing after it is a wrong key, which a litellm
/// 1.106.2 proxy with a master key and no database answers with a confusing 400
/// `no_db_connection` instead of the plain 401 a missing key gets.
fn bearer_authorization(api_key: Option<&str>) -> Option<(String, String)> {
    api_key
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .map(|key| ("Authorization".to_owned(), format!("Bearer {key}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
        headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect()
    }

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

    #[test]
    fn each_kind_of_request_gets_its_headers_in_one_order() {
        assert_eq!(
            pairs(&request_headers(Accept::EventStream, true, Some("sk-1"))),
            [
                ("Content-Type", "application/json"),
                ("Accept", "text/event-stream"),
                ("Authorization", "Bearer sk-1"),
            ]
        );
        assert_eq!(
            pairs(&request_headers(Accept::Json, false, None)),
            [("Accept", "application/json")]
        );
        assert_eq!(
            pairs(&request_headers(Accept::Json, true, Some(" "))),
            [
                ("Content-Type", "application/json"),
                ("Accept", "application/json"),
            ]
        );
    }
}
