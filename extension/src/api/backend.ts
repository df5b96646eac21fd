/**
 * The typed face of the Rust/WebAssembly provider backend. The wasm-bindgen glue types its
 * exports by name only; this wrapper is the single place those names are tied to the TypeScript
 * types generated from the Rust structs, and the single place the module is loaded.
 */
import type { BackendInfo } from "../shared/generated/types";

/** The subset of the wasm package's exports the extension uses, typed from the Rust types. */
export interface Backend {
  backendInfo(): BackendInfo;
}

let loaded: Backend | undefined;

/**
 * Loads the wasm module on first use. The glue compiles the `.wasm` that ships beside the bundle
 * synchronously, so callers decide when that cost is paid (never on the activation path itself).
 */
export function loadBackend(): Backend {
  if (loaded === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred load keeps the wasm compile off activation.
    const wasm = require("../../wasm/roo_api_wasm") as typeof import("../../wasm/roo_api_wasm");
    loaded = {
      backendInfo: () => wasm.backendInfo(),
    };
  }
  return loaded;
}
