// Activation cost in a fresh process: `node activation-client.mjs <plain|warm>`. Times requiring
// the wasm glue (which compiles the module) and calling backendInfo(); with "warm" it also awaits
// warmUpTokenizer() (the o200k encoder build) and reports that separately.
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const mode = process.argv[2];
const WASM = process.env.BENCH_WASM ?? "/work/main/extension/wasm/roo_api_wasm";

const t0 = performance.now();
const wasm = require(WASM);
const requireMs = performance.now() - t0;
const info = wasm.backendInfo();
const backendInfoMs = performance.now() - t0;
let warmUpMs = null;
if (mode === "warm") {
  const t1 = performance.now();
  await wasm.warmUpTokenizer();
  warmUpMs = performance.now() - t1;
}
const totalMs = performance.now() - t0;
process.stdout.write(JSON.stringify({ mode, requireMs, backendInfoMs, warmUpMs, totalMs, version: info.version }) + "\n");
