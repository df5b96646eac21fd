/**
 * Loads the Rust/WebAssembly provider backend. The wasm-bindgen glue types its exports with the
 * TypeScript types generated from the Rust structs, so this module only decides when the module
 * is loaded: on first use, never on the activation path.
 */
import type * as WasmPackage from "../../wasm/roo_api_wasm";

export type Backend = typeof WasmPackage;

let loaded: Backend | undefined;

/**
 * Loads the wasm module on first use. The glue compiles the `.wasm` that ships beside the bundle
 * synchronously, so callers decide when that cost is paid.
 */
export function loadBackend(): Backend {
  if (loaded === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred load keeps the wasm compile off activation.
    loaded = require("../../wasm/roo_api_wasm") as Backend;
  }
  return loaded;
}
