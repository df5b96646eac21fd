// One token-counting contender in a fresh process: `node tokens-client.mjs <contender> <corpusDir>`.
// Measures the first call (module load + encoder build + counting a short text), the first count of
// each corpus (nothing of it seen yet: cold piece caches, ours and gpt-tokenizer's alike), then the
// median of several warm counts of each corpus; prints one JSON line with the counts so the caller can
// check that every contender agrees.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const [contender, dir] = process.argv.slice(2);
const WASM = process.env.BENCH_WASM ?? "/work/main/extension/wasm/roo_api_wasm";
const REPEATS = Number(process.env.BENCH_TOKEN_REPEATS ?? 5);
const corpora = {
  code: readFileSync(`${dir}/code.txt`, "utf8"),
  prose: readFileSync(`${dir}/prose.txt`, "utf8"),
};

// Each factory loads the library and returns an async count(text) (special-token text counts as
// ordinary text, as ours does).
const factories = {
  async ours() {
    const wasm = require(WASM);
    const handler = wasm.buildApiHandler({ litellmApiUrl: "http://127.0.0.1:9", litellmModelId: "m" });
    return (text) => handler.countTokens([{ type: "text", text }]);
  },
  async "gpt-tokenizer"() {
    const { encode } = require("gpt-tokenizer/encoding/o200k_base");
    const options = { disallowedSpecial: new Set() };
    return (text) => encode(text, options).length;
  },
  async tiktoken() {
    const { get_encoding } = require("tiktoken");
    const encoding = get_encoding("o200k_base");
    return (text) => encoding.encode_ordinary(text).length;
  },
  async "js-tiktoken"() {
    const { getEncoding } = require("js-tiktoken");
    const encoding = getEncoding("o200k_base");
    return (text) => encoding.encode(text, [], []).length;
  },
};

const t0 = performance.now();
const count = await factories[contender]();
const firstCount = await count("Hello, world! fn main() {}");
const firstCallMs = performance.now() - t0;

const result = { contender, firstCallMs, firstCount };
for (const [name, text] of Object.entries(corpora)) {
  const coldStart = performance.now();
  await count(text);
  const coldMs = performance.now() - coldStart;
  const times = [];
  let tokens;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    tokens = await count(text);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  const mb = Buffer.byteLength(text) / 1e6;
  result[name] = { tokens, ms, mbPerSec: mb / (ms / 1000), coldMs, coldMbPerSec: mb / (coldMs / 1000), bytes: Buffer.byteLength(text) };
}
process.stdout.write(JSON.stringify(result) + "\n");
