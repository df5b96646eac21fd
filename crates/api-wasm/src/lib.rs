//! The WebAssembly boundary of Roo Code Plus: the functions the extension host calls. It converts
//! between JavaScript values and the core's types and owns the host's I/O; every rule lives in
//! `roo-api`.

mod convert;

use wasm_bindgen::prelude::*;

/// The generated `.d.ts` names the core's types (`unchecked_return_type` and friends); they are
/// declared once, generated from the Rust structs into the extension's shared folder, and the
/// package is built into `extension/wasm`, beside which that folder sits.
#[wasm_bindgen(typescript_custom_section)]
const CORE_TYPES: &str = r#"import type { BackendInfo } from "../src/shared/generated/types";"#;

/// Installs the panic hook once when the module is instantiated, so a Rust panic reaches the
/// extension host as a readable JavaScript error instead of a bare `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Describes this build of the provider core (version and supported providers).
///
/// # Errors
/// Fails only if the value cannot be converted to a JavaScript object.
#[wasm_bindgen(js_name = backendInfo, unchecked_return_type = "BackendInfo")]
pub fn backend_info() -> Result<JsValue, JsError> {
    convert::to_js(&roo_api::backend_info())
}
