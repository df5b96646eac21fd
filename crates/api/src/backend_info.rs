//! What this build of the core is: its version and the providers it can serve. The extension
//! shows it in the webview, which proves the whole chain (Rust core, wasm boundary, extension
//! host, webview) is wired.

use serde::Serialize;
use ts_rs::TS;

use crate::schema::ProviderName;

/// A description of the running provider core, sent from the core all the way to the webview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackendInfo {
    /// The core crate's version, from its Cargo manifest.
    pub version: String,
    /// The provider names `build_api_handler` accepts, in the settings' spelling.
    pub providers: Vec<String>,
}

/// Describes this build of the core.
#[must_use]
pub fn backend_info() -> BackendInfo {
    BackendInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        providers: ProviderName::ALL
            .iter()
            .map(|name| name.as_str().to_owned())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_crate_version_and_litellm() {
        let info = backend_info();
        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
        assert!(info.providers.iter().any(|name| name == "litellm"));
    }

    #[test]
    fn serializes_in_camel_case_for_the_typescript_side() {
        let json = serde_json::to_value(backend_info()).unwrap();
        assert!(json.get("version").is_some());
        assert!(json.get("providers").unwrap().is_array());
    }
}
