//! A proxy behind HTTPS whose certificate the host does not trust (a company CA, a self-signed
//! certificate): the connection fails before any answer, so the error would read "could not
//! reach the proxy". Node's TLS error codes tell this case apart; the sentence then names the
//! host and the two settings that fix it.

use crate::errors::{ApiError, ApiErrorKind};

/// Node's (OpenSSL's) codes for a certificate the host could not verify.
const CERTIFICATE_CODES: [&str; 9] = [
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "UNABLE_TO_GET_ISSUER_CERT",
    "CERT_HAS_EXPIRED",
    "CERT_NOT_YET_VALID",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "CERT_UNTRUSTED",
];

/// The certificate code in a host error's description, if it names one.
fn certificate_code(detail: &str) -> Option<&'static str> {
    CERTIFICATE_CODES
        .iter()
        .copied()
        .find(|code| detail.contains(code))
}

/// The host of a URL (`https://proxy.corp:4000/v1` gives `proxy.corp:4000`), for the sentence.
fn host_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or(after_scheme)
}

/// The sentence for an untrusted certificate of `host`, by its code.
#[must_use]
pub fn certificate_message(host: &str, code: &str) -> String {
    let problem = match code {
        "CERT_HAS_EXPIRED" => "has expired",
        "CERT_NOT_YET_VALID" => "is not valid yet",
        "ERR_TLS_CERT_ALTNAME_INVALID" => "is for another host name",
        _ => "is signed by a certificate authority this computer does not trust",
    };
    format!(
        "The HTTPS certificate of {host} {problem} ({code}). If your company uses its own CA, \
         set rooCodePlus.litellm.caBundlePath (Settings, Team) to its PEM file, or start VS Code \
         with NODE_EXTRA_CA_CERTS pointing at it; otherwise check the proxy URL."
    )
}

/// An unreachable-proxy error with the certificate sentence when the host's error was a
/// certificate the host could not verify; any other error is returned unchanged.
#[must_use]
pub fn explain_certificate_error(mut error: ApiError, url: &str) -> ApiError {
    if error.kind != ApiErrorKind::ProxyUnreachable {
        return error;
    }
    if let Some(code) = error.detail.as_deref().and_then(certificate_code) {
        error.message = certificate_message(host_of(url), code);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::proxy_unreachable;

    #[test]
    fn a_self_signed_chain_names_the_host_and_the_settings() {
        let error = explain_certificate_error(
            proxy_unreachable(
                "fetch failed: SELF_SIGNED_CERT_IN_CHAIN (self-signed certificate in certificate chain)",
            ),
            "https://llm.corp.example:8443/v1/chat/completions",
        );
        assert_eq!(error.kind, ApiErrorKind::ProxyUnreachable);
        assert!(
            error.message.contains("llm.corp.example:8443"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("rooCodePlus.litellm.caBundlePath"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("NODE_EXTRA_CA_CERTS"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("SELF_SIGNED_CERT_IN_CHAIN"),
            "{}",
            error.message
        );
    }

    #[test]
    fn expired_and_wrong_name_certificates_say_so() {
        let expired =
            explain_certificate_error(proxy_unreachable("x: CERT_HAS_EXPIRED"), "https://a/b");
        assert!(expired.message.contains("has expired"));
        let renamed = explain_certificate_error(
            proxy_unreachable("x: ERR_TLS_CERT_ALTNAME_INVALID"),
            "https://a",
        );
        assert!(renamed.message.contains("another host name"));
    }

    #[test]
    fn other_failures_are_left_as_they_are() {
        let refused = proxy_unreachable("fetch failed: ECONNREFUSED");
        assert_eq!(
            explain_certificate_error(refused.clone(), "https://a"),
            refused
        );
    }
}
