//! The LiteLLM proxy's base URL: a small, strict parser for what the user typed in Settings, and
//! the endpoint URLs built from it.
//!
//! Users paste the proxy address in many forms: with a trailing `/`, with the `/v1` that
//! OpenAI-style clients want, or behind a reverse proxy under a prefix such as `/litellm`. All of
//! them must reach the same endpoints (Roo issues 4273 and 5696), and anything
//! that is not a plain `http`/`https` address is refused with a sentence that says what to type.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// An example shown in error messages: what the proxy listens on when started with defaults.
const EXAMPLE: &str = "http://localhost:4000";

/// The longest host name DNS allows, in characters.
const MAX_HOST_LENGTH: usize = 253;

/// The longest DNS label, in characters.
const MAX_LABEL_LENGTH: usize = 63;

/// The two schemes a proxy URL may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    /// The scheme as written in a URL, lowercase.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Self::Http => 80,
            Self::Https => 443,
        }
    }
}

/// A validated, normalised proxy base URL such as `http://localhost:4000` or
/// `https://gateway.example.com/litellm`: no trailing `/`, no trailing `/v1`, no query, no
/// fragment, no user name or password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyUrl {
    scheme: Scheme,
    /// Lowercase host name, IPv4 address, or bracketed IPv6 address.
    host: String,
    /// The port when one was given and it is not the scheme's default.
    port: Option<u16>,
    /// Empty, or a path that starts with `/` and does not end with one, such as `/litellm`.
    path_prefix: String,
    /// The whole normalised base, built once.
    base: String,
}

/// Why a proxy URL was refused. [`fmt::Display`] gives the sentence for the user; none of them
/// repeats the input, which could hold a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyUrlError {
    /// Nothing was entered.
    Empty,
    /// The URL is relative or uses a scheme other than `http` or `https`.
    UnsupportedScheme,
    /// The URL contains a space or a control character.
    SpaceOrControlCharacter,
    /// The URL contains `user:password@`.
    UserInfo,
    /// The URL contains a `?query`.
    QueryString,
    /// The URL contains a `#fragment`.
    Fragment,
    /// No host after the scheme.
    MissingHost,
    /// The host is not a valid name or IPv4 address.
    InvalidHost,
    /// The bracketed IPv6 address is not valid, or an IPv6 address lacks brackets.
    InvalidIpv6,
    /// The port is not a number from 1 to 65535.
    InvalidPort,
    /// The path holds characters a URL path may not hold, or `.`/`..` segments.
    InvalidPath,
}

impl ProxyUrlError {
    /// The sentence for the user.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Self::Empty => format!("Enter the LiteLLM proxy URL, for example {EXAMPLE}."),
            Self::UnsupportedScheme => {
                format!("The proxy URL must start with http:// or https://, for example {EXAMPLE}.")
            }
            Self::SpaceOrControlCharacter => {
                "The proxy URL must not contain spaces or control characters. Check for a stray \
                 space or line break in what was pasted."
                    .to_owned()
            }
            Self::UserInfo => {
                "The proxy URL must not contain a user name or password. Remove it from the URL \
                 and put the key in the API key field instead."
                    .to_owned()
            }
            Self::QueryString => format!(
                "The proxy URL must not contain a query string (the part after ?). Enter only the \
                 address, for example {EXAMPLE}."
            ),
            Self::Fragment => format!(
                "The proxy URL must not contain a fragment (the part after #). Enter only the \
                 address, for example {EXAMPLE}."
            ),
            Self::MissingHost => format!(
                "The proxy URL has no host name after the scheme. Enter the full address, for \
                 example {EXAMPLE}."
            ),
            Self::InvalidHost => {
                "The proxy URL's host is not a valid host name or IP address. Use a name such as \
                 localhost or an address such as 127.0.0.1."
                    .to_owned()
            }
            Self::InvalidIpv6 => {
                "The proxy URL's IPv6 address is not valid. Write IPv6 addresses in brackets, for \
                 example http://[::1]:4000."
                    .to_owned()
            }
            Self::InvalidPort => {
                "The proxy URL's port must be a number from 1 to 65535, for example :4000."
                    .to_owned()
            }
            Self::InvalidPath => {
                "The proxy URL's path may only hold letters, digits and URL punctuation, without . \
                 or .. segments, for example /litellm."
                    .to_owned()
            }
        }
    }
}

impl fmt::Display for ProxyUrlError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message())
    }
}

impl std::error::Error for ProxyUrlError {}

impl ProxyUrl {
    /// Parses and normalises what the user typed. Leading and trailing whitespace is ignored.
    ///
    /// # Errors
    ///
    /// A [`ProxyUrlError`] whose message tells the user what to fix.
    pub fn parse(input: &str) -> Result<Self, ProxyUrlError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(ProxyUrlError::Empty);
        }
        let (scheme, after_scheme) = split_scheme(text)?;
        if text
            .chars()
            .any(|character| character.is_whitespace() || character.is_control())
        {
            return Err(ProxyUrlError::SpaceOrControlCharacter);
        }
        // The fragment starts at the first `#` and the query at the first `?` before it; both
        // are refused because the endpoints are appended to the path.
        if after_scheme.contains('#') {
            return Err(ProxyUrlError::Fragment);
        }
        if after_scheme.contains('?') {
            return Err(ProxyUrlError::QueryString);
        }
        if after_scheme.contains('\\') {
            // Browsers treat `\` as `/` in http URLs, so a backslash would silently move the
            // boundary between host and path.
            return Err(ProxyUrlError::InvalidPath);
        }
        let (authority, path) = match after_scheme.find('/') {
            Some(slash) => after_scheme.split_at(slash),
            None => (after_scheme, ""),
        };
        if authority.contains('@') {
            return Err(ProxyUrlError::UserInfo);
        }
        let (host, port) = parse_authority(authority)?;
        let port = port.filter(|number| *number != scheme.default_port());
        let path_prefix = normalise_path(path)?;

        let mut base = format!("{}://{host}", scheme.as_str());
        if let Some(number) = port {
            base.push(':');
            base.push_str(&number.to_string());
        }
        base.push_str(&path_prefix);
        Ok(Self {
            scheme,
            host,
            port,
            path_prefix,
            base,
        })
    }

    /// The normalised base URL, for example `http://localhost:4000` or
    /// `https://example.com/litellm`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.base
    }

    /// `http` or `https`.
    #[must_use]
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The host: a lowercase name, an IPv4 address, or a bracketed IPv6 address.
    #[must_use]
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The explicit port, when one was given and it is not the scheme's default.
    #[must_use]
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The path prefix kept from the input, such as `/litellm`; empty when there is none.
    #[must_use]
    pub fn path_prefix(&self) -> &str {
        &self.path_prefix
    }

    /// The URL of an endpoint below the base, for example `endpoint("/v1/chat/completions")`.
    /// A missing leading `/` is added.
    #[must_use]
    pub fn endpoint(&self, path: &str) -> String {
        let relative = path.trim_start_matches('/');
        if relative.is_empty() {
            return self.base.clone();
        }
        format!("{}/{relative}", self.base)
    }

    /// `POST /v1/chat/completions`, where the chat streams from.
    #[must_use]
    pub fn chat_completions_url(&self) -> String {
        self.endpoint("/v1/chat/completions")
    }

    /// `GET /v1/model/info`, the model list with capabilities and prices.
    #[must_use]
    pub fn model_info_url(&self) -> String {
        self.endpoint("/v1/model/info")
    }

    /// `GET /model/info`, the same list on proxies that do not serve the `/v1` alias.
    #[must_use]
    pub fn model_info_fallback_url(&self) -> String {
        self.endpoint("/model/info")
    }

    /// `GET /v1/models`, the ids-only list every OpenAI-compatible server has.
    #[must_use]
    pub fn models_url(&self) -> String {
        self.endpoint("/v1/models")
    }

    /// `POST /spend/calculate`, the proxy's cost calculation.
    #[must_use]
    pub fn spend_calculate_url(&self) -> String {
        self.endpoint("/spend/calculate")
    }
}

impl fmt::Display for ProxyUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.base)
    }
}

/// Splits off `http://` or `https://` (any case); anything else, including a relative address
/// such as `localhost:4000`, is refused.
fn split_scheme(text: &str) -> Result<(Scheme, &str), ProxyUrlError> {
    for (prefix, scheme) in [("https://", Scheme::Https), ("http://", Scheme::Http)] {
        let matches = text
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix));
        if matches {
            return Ok((scheme, text.get(prefix.len()..).unwrap_or_default()));
        }
    }
    Err(ProxyUrlError::UnsupportedScheme)
}

/// Parses `host[:port]` into a normalised host and the port.
fn parse_authority(authority: &str) -> Result<(String, Option<u16>), ProxyUrlError> {
    if authority.is_empty() {
        return Err(ProxyUrlError::MissingHost);
    }
    if let Some(bracketed) = authority.strip_prefix('[') {
        let close = bracketed.find(']').ok_or(ProxyUrlError::InvalidIpv6)?;
        let (address, after) = bracketed.split_at(close);
        // Zone ids (`%25eth0`) and other extras are refused by the standard parser.
        let parsed: Ipv6Addr = address.parse().map_err(|_| ProxyUrlError::InvalidIpv6)?;
        let after = after.strip_prefix(']').unwrap_or_default();
        let port = match after {
            "" => None,
            _ => Some(parse_port(
                after.strip_prefix(':').ok_or(ProxyUrlError::InvalidPort)?,
            )?),
        };
        return Ok((format!("[{parsed}]"), port));
    }
    let (host, port) = match authority.split_once(':') {
        Some((_, rest)) if rest.contains(':') => return Err(ProxyUrlError::InvalidIpv6),
        Some((host, port)) => (host, Some(parse_port(port)?)),
        None => (authority, None),
    };
    if host.is_empty() {
        return Err(ProxyUrlError::MissingHost);
    }
    Ok((normalise_host(host)?, port))
}

fn parse_port(text: &str) -> Result<u16, ProxyUrlError> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(ProxyUrlError::InvalidPort);
    }
    match text.parse::<u16>() {
        Ok(port) if port > 0 => Ok(port),
        _ => Err(ProxyUrlError::InvalidPort),
    }
}

/// Checks a host name or IPv4 address and lowercases it. Names are ASCII letters, digits, `-`
/// and `_` in dot-separated labels; `_` is not valid DNS but Docker Compose service names use
/// it, and proxies are often reached that way. A name whose last label is numeric must be a
/// whole IPv4 address, as browsers read it.
fn normalise_host(host: &str) -> Result<String, ProxyUrlError> {
    if host.len() > MAX_HOST_LENGTH {
        return Err(ProxyUrlError::InvalidHost);
    }
    let lowercase = host.to_ascii_lowercase();
    let labels: Vec<&str> = lowercase.split('.').collect();
    let last_is_numeric = labels
        .last()
        .is_some_and(|label| !label.is_empty() && label.bytes().all(|byte| byte.is_ascii_digit()));
    if last_is_numeric {
        return lowercase
            .parse::<Ipv4Addr>()
            .map(|address| address.to_string())
            .map_err(|_| ProxyUrlError::InvalidHost);
    }
    let valid_label = |label: &&str| {
        !label.is_empty()
            && label.len() <= MAX_LABEL_LENGTH
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
    };
    if labels.iter().all(valid_label) {
        Ok(lowercase)
    } else {
        Err(ProxyUrlError::InvalidHost)
    }
}

/// Whether a byte may appear in a path segment as written: RFC 3986's unreserved characters,
/// sub-delimiters, `:` and `@` (`%` is checked separately).
fn is_path_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || matches!(
            byte,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
        )
}

fn is_valid_segment(segment: &str) -> bool {
    if segment == "." || segment == ".." {
        return false;
    }
    let bytes = segment.as_bytes();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let escaped = bytes.get(index + 1..index + 3);
            if !escaped.is_some_and(|pair| pair.iter().all(u8::is_ascii_hexdigit)) {
                return false;
            }
            index += 3;
        } else if is_path_byte(byte) {
            index += 1;
        } else {
            return false;
        }
    }
    true
}

/// Turns the path into the kept prefix: empty segments (doubled or trailing slashes) are
/// dropped, then one trailing `/v1` is removed because every endpoint adds its own, and
/// `/chat/completions` after it is removed too because users often paste the full endpoint.
fn normalise_path(path: &str) -> Result<String, ProxyUrlError> {
    let mut segments: Vec<&str> = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect();
    if !segments.iter().all(|segment| is_valid_segment(segment)) {
        return Err(ProxyUrlError::InvalidPath);
    }
    if let [.., chat, completions] = segments.as_slice()
        && chat.eq_ignore_ascii_case("chat")
        && completions.eq_ignore_ascii_case("completions")
    {
        segments.truncate(segments.len() - 2);
    }
    if segments
        .last()
        .is_some_and(|segment| segment.eq_ignore_ascii_case("v1"))
    {
        segments.pop();
    }
    Ok(segments
        .iter()
        .map(|segment| format!("/{segment}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(input: &str) -> String {
        match ProxyUrl::parse(input) {
            Ok(url) => url.as_str().to_owned(),
            Err(error) => panic!("{input:?} was refused: {error}"),
        }
    }

    fn refused(input: &str) -> ProxyUrlError {
        match ProxyUrl::parse(input) {
            Ok(url) => panic!("{input:?} was accepted as {url}"),
            Err(error) => error,
        }
    }

    #[test]
    fn default_address_is_kept_as_is() {
        assert_eq!(base("http://localhost:4000"), "http://localhost:4000");
    }

    #[test]
    fn whitespace_around_is_trimmed() {
        assert_eq!(base("  http://localhost:4000\n"), "http://localhost:4000");
    }

    #[test]
    fn trailing_slashes_are_removed() {
        assert_eq!(base("http://localhost:4000/"), "http://localhost:4000");
        assert_eq!(base("http://localhost:4000//"), "http://localhost:4000");
    }

    #[test]
    fn trailing_v1_is_removed_in_any_form() {
        for input in [
            "http://localhost:4000/v1",
            "http://localhost:4000/v1/",
            "http://localhost:4000/V1",
        ] {
            assert_eq!(base(input), "http://localhost:4000", "{input}");
        }
    }

    #[test]
    fn only_one_trailing_v1_is_removed() {
        assert_eq!(base("http://h/v1/v1"), "http://h/v1");
    }

    #[test]
    fn path_prefix_is_kept() {
        assert_eq!(
            base("https://example.com/litellm"),
            "https://example.com/litellm"
        );
        assert_eq!(
            base("https://example.com/litellm/"),
            "https://example.com/litellm"
        );
        assert_eq!(
            base("https://example.com/litellm/v1/"),
            "https://example.com/litellm"
        );
        assert_eq!(base("https://example.com/a//b"), "https://example.com/a/b");
    }

    #[test]
    fn pasted_chat_completions_endpoint_is_reduced_to_the_base() {
        assert_eq!(
            base("http://localhost:4000/v1/chat/completions"),
            "http://localhost:4000"
        );
        assert_eq!(
            base("https://example.com/litellm/chat/completions/"),
            "https://example.com/litellm"
        );
    }

    #[test]
    fn scheme_and_host_are_lowercased() {
        let url = ProxyUrl::parse("HTTPS://Proxy.Example.COM:8443/LiteLLM").unwrap();
        assert_eq!(url.as_str(), "https://proxy.example.com:8443/LiteLLM");
        assert_eq!(url.scheme(), Scheme::Https);
        assert_eq!(url.host(), "proxy.example.com");
        assert_eq!(url.port(), Some(8443));
        assert_eq!(url.path_prefix(), "/LiteLLM");
    }

    #[test]
    fn default_ports_are_dropped() {
        assert_eq!(base("http://example.com:80"), "http://example.com");
        assert_eq!(base("https://example.com:443/x"), "https://example.com/x");
        assert_eq!(base("https://example.com:80"), "https://example.com:80");
    }

    #[test]
    fn ipv4_and_ipv6_hosts_are_accepted() {
        assert_eq!(base("http://127.0.0.1:4000"), "http://127.0.0.1:4000");
        assert_eq!(base("http://[::1]:4000"), "http://[::1]:4000");
        assert_eq!(base("http://[0:0:0:0:0:0:0:1]"), "http://[::1]");
        assert_eq!(base("http://[fe80::1]/p"), "http://[fe80::1]/p");
    }

    #[test]
    fn docker_style_names_are_accepted() {
        assert_eq!(
            base("http://litellm_proxy:4000"),
            "http://litellm_proxy:4000"
        );
        assert_eq!(base("http://litellm-proxy"), "http://litellm-proxy");
    }

    #[test]
    fn empty_input_is_refused() {
        assert_eq!(refused(""), ProxyUrlError::Empty);
        assert_eq!(refused("   \t"), ProxyUrlError::Empty);
    }

    #[test]
    fn relative_and_other_schemes_are_refused() {
        for input in [
            "localhost:4000",
            "/v1",
            "//localhost:4000",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ftp://example.com",
            "ws://localhost:4000",
            "http:/localhost",
            "http:localhost",
            "httpx://localhost",
        ] {
            assert_eq!(refused(input), ProxyUrlError::UnsupportedScheme, "{input}");
        }
    }

    #[test]
    fn scheme_message_gives_an_example() {
        assert_eq!(
            ProxyUrlError::UnsupportedScheme.to_string(),
            "The proxy URL must start with http:// or https://, for example http://localhost:4000."
        );
    }

    #[test]
    fn spaces_and_control_characters_inside_are_refused() {
        for input in [
            "http://local host:4000",
            "http://localhost:4000/a b",
            "http://localhost\n:4000",
            "http://localhost:4000/\u{7}",
        ] {
            assert_eq!(
                refused(input),
                ProxyUrlError::SpaceOrControlCharacter,
                "{input:?}"
            );
        }
    }

    #[test]
    fn user_info_is_refused_without_echoing_the_password() {
        let error = refused("http://admin:hunter2@localhost:4000");
        assert_eq!(error, ProxyUrlError::UserInfo);
        assert!(!error.to_string().contains("hunter2"));
        assert!(error.to_string().contains("API key field"));
        assert_eq!(refused("http://sk-123@localhost"), ProxyUrlError::UserInfo);
    }

    #[test]
    fn query_and_fragment_are_refused() {
        assert_eq!(
            refused("http://localhost:4000?key=1"),
            ProxyUrlError::QueryString
        );
        assert_eq!(
            refused("http://localhost:4000/v1?x"),
            ProxyUrlError::QueryString
        );
        assert_eq!(
            refused("http://localhost:4000#top"),
            ProxyUrlError::Fragment
        );
        assert_eq!(refused("http://localhost/?a#b"), ProxyUrlError::Fragment);
    }

    #[test]
    fn missing_host_is_refused() {
        assert_eq!(refused("http://"), ProxyUrlError::MissingHost);
        assert_eq!(refused("https:///v1"), ProxyUrlError::MissingHost);
        assert_eq!(refused("http://:4000"), ProxyUrlError::MissingHost);
    }

    #[test]
    fn bad_ports_are_refused() {
        for input in [
            "http://localhost:0",
            "http://localhost:65536",
            "http://localhost:99999",
            "http://localhost:",
            "http://localhost:40a0",
            "http://localhost:+400",
            "http://localhost:000004000",
            "http://[::1]4000",
        ] {
            assert_eq!(refused(input), ProxyUrlError::InvalidPort, "{input}");
        }
        assert_eq!(base("http://localhost:65535"), "http://localhost:65535");
        assert_eq!(base("http://localhost:1"), "http://localhost:1");
    }

    #[test]
    fn bad_hosts_are_refused() {
        for input in [
            "http://exa mple.com",
            "http://-bad.example.com",
            "http://bad-.example.com",
            "http://a..b",
            "http://.example.com",
            "http://ex%41mple.com",
            "http://exämple.com",
            "http://999.0.0.1",
            "http://1.2.3",
            "http://example.123",
        ] {
            let error = refused(input);
            assert!(
                matches!(
                    error,
                    ProxyUrlError::InvalidHost | ProxyUrlError::SpaceOrControlCharacter
                ),
                "{input}: {error:?}"
            );
        }
        let long_label = format!("http://{}.com", "a".repeat(64));
        assert_eq!(refused(&long_label), ProxyUrlError::InvalidHost);
    }

    #[test]
    fn bad_ipv6_is_refused() {
        assert_eq!(refused("http://::1:4000"), ProxyUrlError::InvalidIpv6);
        assert_eq!(refused("http://[::1"), ProxyUrlError::InvalidIpv6);
        assert_eq!(refused("http://[not-ipv6]"), ProxyUrlError::InvalidIpv6);
        assert_eq!(
            refused("http://[fe80::1%25eth0]"),
            ProxyUrlError::InvalidIpv6
        );
    }

    #[test]
    fn bad_paths_are_refused() {
        for input in [
            "http://h/../admin",
            "http://h/./x",
            "http://h/a%zz",
            "http://h/a%4",
            "http://h/<script>",
            "http://h/a\"b",
            "http://h\\evil.com",
            "http://h/{x}",
        ] {
            assert_eq!(refused(input), ProxyUrlError::InvalidPath, "{input}");
        }
        assert_eq!(base("http://h/a%20b"), "http://h/a%20b");
        assert_eq!(base("http://h/~user/proxy"), "http://h/~user/proxy");
    }

    #[test]
    fn endpoints_are_appended_to_the_prefix() {
        let url = ProxyUrl::parse("https://example.com/litellm/v1/").unwrap();
        assert_eq!(
            url.chat_completions_url(),
            "https://example.com/litellm/v1/chat/completions"
        );
        assert_eq!(
            url.model_info_url(),
            "https://example.com/litellm/v1/model/info"
        );
        assert_eq!(
            url.model_info_fallback_url(),
            "https://example.com/litellm/model/info"
        );
        assert_eq!(url.models_url(), "https://example.com/litellm/v1/models");
        assert_eq!(
            url.spend_calculate_url(),
            "https://example.com/litellm/spend/calculate"
        );
        assert_eq!(url.endpoint("health"), "https://example.com/litellm/health");
        assert_eq!(url.endpoint(""), "https://example.com/litellm");
    }

    #[test]
    fn every_error_message_is_a_sentence() {
        let errors = [
            ProxyUrlError::Empty,
            ProxyUrlError::UnsupportedScheme,
            ProxyUrlError::SpaceOrControlCharacter,
            ProxyUrlError::UserInfo,
            ProxyUrlError::QueryString,
            ProxyUrlError::Fragment,
            ProxyUrlError::MissingHost,
            ProxyUrlError::InvalidHost,
            ProxyUrlError::InvalidIpv6,
            ProxyUrlError::InvalidPort,
            ProxyUrlError::InvalidPath,
        ];
        for error in errors {
            let message = error.message();
            assert!(message.starts_with(char::is_uppercase), "{message}");
            assert!(message.ends_with('.'), "{message}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(input in "\\PC{0,60}") {
            let _ = ProxyUrl::parse(&input);
        }

        #[test]
        fn normalising_is_idempotent(
            host in "[a-z][a-z0-9-]{0,10}[a-z0-9]",
            port in 1u16..,
            prefix in "(/[a-z]{1,6}){0,2}(/v1)?/?",
        ) {
            let input = format!("http://{host}:{port}{prefix}");
            let once = ProxyUrl::parse(&input).unwrap();
            let twice = ProxyUrl::parse(once.as_str()).unwrap();
            proptest::prop_assert_eq!(once.as_str(), twice.as_str());
            proptest::prop_assert!(!once.as_str().ends_with('/'));
            proptest::prop_assert!(!once.as_str().ends_with("/v1"));
        }
    }
}
