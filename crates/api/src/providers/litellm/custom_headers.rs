//! The user's own headers, sent with every request to the proxy (chat, discovery, spend, key
//! info), and where the key goes: `Authorization: Bearer` or LiteLLM's `x-litellm-api-key` for
//! gateways in front of the proxy that use `Authorization` themselves.
//!
//! Names and values are checked here so a typing mistake is a settings error naming the header,
//! not an obscure failure of the host's `fetch` (which refuses a name with a space and a value
//! with a line break) or, worse, a header split in two.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::http::HttpRequest;

/// The JSON name of the custom headers list in the provider settings.
pub const FIELD_CUSTOM_HEADERS: &str = "litellmCustomHeaders";
/// The JSON name of the key header choice in the provider settings.
pub const FIELD_KEY_HEADER: &str = "litellmKeyHeader";

/// The most custom headers accepted; more is a pasted file, not a configuration.
pub const MAX_CUSTOM_HEADERS: usize = 32;
/// The longest header value accepted, in bytes; proxies refuse header lines far shorter.
pub const MAX_HEADER_VALUE_BYTES: usize = 8 * 1024;

/// LiteLLM's own header for the key, read by the proxy before `Authorization`.
pub const LITELLM_KEY_HEADER: &str = "x-litellm-api-key";

/// Headers the provider sets itself; a custom header with one of these names would change what
/// the request means (its body type, what it accepts, its length or host), so it is refused.
const RESERVED_NAMES: [&str; 5] = [
    "content-type",
    "accept",
    "content-length",
    "host",
    "transfer-encoding",
];

/// One header the user asked to send with every request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomHeader {
    /// The header's name, for example `x-team-id`.
    pub name: String,
    /// The header's value; the extension keeps values that look like secrets in SecretStorage
    /// and fills them in before the settings reach the core.
    pub value: String,
}

/// Written by hand: a value may be a gateway token, so only its length reaches a log.
impl fmt::Debug for CustomHeader {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("CustomHeader")
            .field("name", &self.name)
            .field("value", &format!("<{} bytes>", self.value.len()))
            .finish()
    }
}

/// Where the proxy key is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum KeyHeader {
    /// `Authorization: Bearer <key>`, what LiteLLM and every OpenAI client expect.
    #[default]
    #[serde(rename = "authorization")]
    Authorization,
    /// `x-litellm-api-key: <key>`, for a gateway that puts its own token in `Authorization`.
    #[serde(rename = "x-litellm-api-key")]
    LiteLlmApiKey,
}

impl KeyHeader {
    /// The choice saved under `name`, if it is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "" | "authorization" => Some(Self::Authorization),
            LITELLM_KEY_HEADER => Some(Self::LiteLlmApiKey),
            _ => None,
        }
    }
}

/// What is wrong with one custom header, in a sentence that names it and says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderProblem {
    /// The settings field, for example `litellmCustomHeaders[2].name`.
    pub field: String,
    /// What is wrong and what to enter.
    pub message: String,
}

/// Whether a character may appear in a header name: RFC 9110's `tchar`.
fn is_token_character(character: char) -> bool {
    character.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(character)
}

/// How a header is named in a message: its name when it is printable, else its position.
fn shown_name(index: usize, name: &str) -> String {
    let printable = !name.is_empty()
        && name
            .chars()
            .all(|character| character.is_ascii() && !character.is_ascii_control());
    if printable && name.len() <= 64 {
        format!("\"{name}\"")
    } else {
        format!("number {}", index + 1)
    }
}

/// Checks the custom headers and trims them. A header with both name and value blank is an
/// unfinished row of the settings list and is dropped.
///
/// # Errors
///
/// The first [`HeaderProblem`]: a name that is not an RFC 9110 token (spaces, line breaks,
/// colons), a value with a line break or another control character, a name used twice, a name
/// the provider sets itself, or `Authorization` while the key is sent there.
pub fn validate_custom_headers(
    headers: &[CustomHeader],
    key_header: KeyHeader,
) -> Result<Vec<CustomHeader>, HeaderProblem> {
    if headers.len() > MAX_CUSTOM_HEADERS {
        return Err(HeaderProblem {
            field: FIELD_CUSTOM_HEADERS.to_owned(),
            message: format!(
                "At most {MAX_CUSTOM_HEADERS} custom headers can be sent. Remove the ones the \
                 proxy does not need."
            ),
        });
    }
    let mut checked: Vec<CustomHeader> = Vec::with_capacity(headers.len());
    for (index, header) in headers.iter().enumerate() {
        let name = header.name.trim();
        let value = header.value.trim();
        if name.is_empty() && value.is_empty() {
            continue;
        }
        let problem = |member: &str, message: String| HeaderProblem {
            field: format!("{FIELD_CUSTOM_HEADERS}[{index}].{member}"),
            message,
        };
        let shown = shown_name(index, name);
        if name.is_empty() {
            return Err(problem(
                "name",
                format!(
                    "Custom header {shown} has a value but no name. Enter its name, for example \
                     x-team-id, or remove the row."
                ),
            ));
        }
        if !name.chars().all(is_token_character) {
            return Err(problem(
                "name",
                format!(
                    "The custom header name {shown} may only contain letters, digits and \
                     !#$%&'*+-.^_`|~ (no spaces, colons or line breaks). Enter the name alone, \
                     for example x-team-id, and its value in the value field."
                ),
            ));
        }
        let lower = name.to_ascii_lowercase();
        if RESERVED_NAMES.contains(&lower.as_str()) {
            return Err(problem(
                "name",
                format!("Roo Code Plus sets the {name} header itself. Remove this custom header."),
            ));
        }
        if lower == "authorization" && key_header == KeyHeader::Authorization {
            return Err(problem(
                "name",
                "The API key is sent in the Authorization header, so a custom Authorization \
                 header would replace it. Choose \"Send the key as x-litellm-api-key\", or \
                 remove this header."
                    .to_owned(),
            ));
        }
        if lower == LITELLM_KEY_HEADER {
            return Err(problem(
                "name",
                "Enter the proxy key in the API key field, not as a custom header; choose \
                 \"Send the key as x-litellm-api-key\" to send it under that name."
                    .to_owned(),
            ));
        }
        if checked
            .iter()
            .any(|earlier| earlier.name.eq_ignore_ascii_case(name))
        {
            return Err(problem(
                "name",
                format!("The custom header {shown} is listed twice. Remove one of them."),
            ));
        }
        // The value is never repeated: it may be a token.
        if value.chars().any(char::is_control) {
            return Err(problem(
                "value",
                format!(
                    "The value of custom header {shown} contains a line break or another control \
                     character. Paste the value again on one line."
                ),
            ));
        }
        if !value.is_ascii() {
            return Err(problem(
                "value",
                format!(
                    "The value of custom header {shown} contains characters outside ASCII, \
                     which headers cannot carry. Enter it in plain ASCII."
                ),
            ));
        }
        if value.len() > MAX_HEADER_VALUE_BYTES {
            return Err(problem(
                "value",
                format!(
                    "The value of custom header {shown} is longer than {MAX_HEADER_VALUE_BYTES} \
                     characters; proxies refuse headers that long."
                ),
            ));
        }
        checked.push(CustomHeader {
            name: name.to_owned(),
            value: value.to_owned(),
        });
    }
    Ok(checked)
}

/// Words in a header's name that mark its value as a credential.
const SECRET_NAME_HINTS: [&str; 9] = [
    "auth",
    "token",
    "key",
    "secret",
    "password",
    "cookie",
    "credential",
    "session",
    "signature",
];

/// The fewest characters of a value that is secret by its look alone (a random token).
const MIN_TOKEN_LOOKING_CHARS: usize = 24;

/// Whether a header's value should be kept in SecretStorage rather than settings.json: its name
/// says it is a credential (`Authorization`, `x-api-key`, `X-Gateway-Token`), or its value looks
/// like one (`Bearer ...`, `Basic ...`, an `sk-` key, a JWT, or a long run of letters and digits
/// with no spaces). A false "secret" only hides a harmless value; a missed one would sync a
/// token to every machine, so the rule leans towards secret.
#[must_use]
pub fn header_looks_secret(name: &str, value: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    if SECRET_NAME_HINTS.iter().any(|hint| name.contains(hint)) {
        return true;
    }
    let value = value.trim();
    let prefixed = ["Bearer ", "Basic ", "sk-", "eyJ"]
        .iter()
        .any(|prefix| value.starts_with(prefix));
    let token_like = value.len() >= MIN_TOKEN_LOOKING_CHARS
        && value
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || "-_./+=".contains(character))
        && value.chars().any(|character| character.is_ascii_digit())
        && value
            .chars()
            .any(|character| character.is_ascii_alphabetic());
    prefixed || token_like
}

/// Applies the key header choice and the custom headers to a request built with the key as
/// `Authorization: Bearer`: the key moves to `x-litellm-api-key` when asked, then the custom
/// headers follow in their order.
pub fn apply_team_headers(
    request: &mut HttpRequest,
    key_header: KeyHeader,
    custom_headers: &[CustomHeader],
) {
    if key_header == KeyHeader::LiteLlmApiKey {
        for (name, value) in &mut request.headers {
            if name.eq_ignore_ascii_case("authorization")
                && let Some(key) = value.strip_prefix("Bearer ")
            {
                *value = key.to_owned();
                LITELLM_KEY_HEADER.clone_into(name);
            }
        }
    }
    request.headers.extend(
        custom_headers
            .iter()
            .map(|header| (header.name.clone(), header.value.clone())),
    );
}

#[cfg(test)]
mod tests;
