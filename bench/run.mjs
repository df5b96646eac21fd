// The benchmark driver behind `npm run bench`: streaming, token counting and activation, each
// contender in a fresh child process, contenders alternating over several rounds; prints medians
// and ratios and writes them to artifacts/bench/results.json.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, median, table } from "./report.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(root, "artifacts", "bench");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? "10000,100000").split(",").map(Number);
const STREAMERS = (process.env.BENCH_STREAMERS ?? "fetch,ours,openai5,openai4").split(",");
const TOKENIZERS = (process.env.BENCH_TOKENIZERS ?? "ours,gpt-tokenizer,tiktoken,js-tiktoken").split(",");
const env = { ...process.env };

const runJson = (script, args) =>
  JSON.parse(execFileSync(process.execPath, [join(here, script), ...args], { env, encoding: "utf8", maxBuffer: 1 << 24 }).trim().split("\n").pop());

async function startServer() {
  const child = spawn(process.execPath, [join(here, "sse-server.mjs")], {
    env: { ...env, BENCH_PREBUILD: ["2000", ...SIZES].join(",") },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once("data", (data) => resolve(JSON.parse(String(data)).port));
    child.once("exit", (code) => reject(new Error(`the SSE server exited (${code})`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

const results = { node: process.version, rounds: ROUNDS, date: new Date().toISOString() };

// 1. Streaming.
{
  const server = await startServer();
  const raw = {};
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const n of SIZES) {
        // Rotate the order each round so no contender always runs first.
        const order = STREAMERS.map((_, i) => STREAMERS[(i + round) % STREAMERS.length]);
        for (const contender of order) {
          const r = runJson("stream-client.mjs", [contender, server.url, String(n)]);
          if (!r.ok) throw new Error(`${contender} received ${r.chars} characters of ${3 * n}`);
          ((raw[n] ??= {})[contender] ??= []).push(r);
        }
      }
      process.stderr.write(`streaming round ${round + 1}/${ROUNDS} done\n`);
    }
  } finally {
    server.child.kill();
  }
  results.streaming = {};
  for (const n of SIZES) {
    const summary = {};
    for (const contender of STREAMERS) {
      const runs = raw[n][contender];
      summary[contender] = {
        chunksPerSec: median(runs.map((r) => r.chunksPerSec)),
        wallMs: median(runs.map((r) => r.wallMs)),
        firstChunkMs: median(runs.map((r) => r.firstMs)),
        maxRssMB: median(runs.map((r) => r.maxRssMB)),
        rssDeltaMB: median(runs.map((r) => r.rssDeltaMB)),
        batches: median(runs.map((r) => r.pieces)),
        allComplete: runs.every((r) => r.ok),
        runs: runs.map((r) => r.wallMs),
      };
    }
    const floor = summary.fetch?.wallMs;
    for (const s of Object.values(summary)) {
      s.timeVsFloor = floor ? s.wallMs / floor : null;
      s.timeVsOurs = summary.ours ? s.wallMs / summary.ours.wallMs : null;
    }
    results.streaming[n] = summary;
    console.log(`Streaming ${n.toLocaleString("en")} chunks (median of ${ROUNDS}; "x floor" = wall time / plain fetch's, "x ours" = wall time / ours)`);
    table(
      ["contender", "chunks/s", "wall ms", "first ms", "x floor", "x ours", "maxRSS MB", "RSS +MB", "reads/batches", "complete"],
      STREAMERS.map((c) => {
        const s = summary[c];
        return [c, fmt(s.chunksPerSec, 0), fmt(s.wallMs), fmt(s.firstChunkMs), fmt(s.timeVsFloor, 2), fmt(s.timeVsOurs, 2), fmt(s.maxRssMB), fmt(s.rssDeltaMB), fmt(s.batches, 0), s.allComplete];
      }),
    );
  }
}

// 2. Token counting.
{
  const corpusDir = join(out, "corpus");
  execFileSync(process.execPath, [join(here, "corpus.mjs"), root, corpusDir]);
  const raw = {};
  const tokenRounds = Math.max(3, Math.ceil(ROUNDS / 2) + 1);
  for (let round = 0; round < tokenRounds; round++) {
    const order = TOKENIZERS.map((_, i) => TOKENIZERS[(i + round) % TOKENIZERS.length]);
    for (const contender of order) (raw[contender] ??= []).push(runJson("tokens-client.mjs", [contender, corpusDir]));
    process.stderr.write(`token round ${round + 1}/${tokenRounds} done\n`);
  }
  results.tokens = { rounds: tokenRounds };
  const reference = raw[TOKENIZERS[0]][0];
  for (const corpus of ["code", "prose"]) {
    const summary = {};
    for (const contender of TOKENIZERS) {
      const runs = raw[contender];
      summary[contender] = {
        mbPerSec: median(runs.map((r) => r[corpus].mbPerSec)),
        ms: median(runs.map((r) => r[corpus].ms)),
        coldMbPerSec: median(runs.map((r) => r[corpus].coldMbPerSec)),
        tokens: runs[0][corpus].tokens,
        agrees: runs.every((r) => r[corpus].tokens === reference[corpus].tokens),
        firstCallMs: median(runs.map((r) => r.firstCallMs)),
      };
    }
    for (const s of Object.values(summary)) {
      s.speedVsGptTokenizer = summary["gpt-tokenizer"] ? s.mbPerSec / summary["gpt-tokenizer"].mbPerSec : null;
      s.speedVsOurs = summary.ours ? s.mbPerSec / summary.ours.mbPerSec : null;
      s.coldSpeedVsGptTokenizer = summary["gpt-tokenizer"] ? s.coldMbPerSec / summary["gpt-tokenizer"].coldMbPerSec : null;
    }
    results.tokens[corpus] = summary;
    console.log(`Token counting, o200k, ${corpus} (${(reference[corpus].bytes / 1e6).toFixed(2)} MB, median of ${tokenRounds}; first call = load + encoder build + a short count, fresh process; cold = the first count of the corpus, before any piece cache knows it)`);
    table(
      ["contender", "MB/s", "ms", "x gpt-tokenizer", "x ours", "cold MB/s", "cold x gpt-tokenizer", "tokens", "agrees", "first call ms"],
      TOKENIZERS.map((c) => {
        const s = summary[c];
        return [c, fmt(s.mbPerSec, 2), fmt(s.ms), fmt(s.speedVsGptTokenizer, 2), fmt(s.speedVsOurs, 2), fmt(s.coldMbPerSec, 2), fmt(s.coldSpeedVsGptTokenizer, 2), s.tokens, s.agrees, fmt(s.firstCallMs, 0)];
      }),
    );
  }
  results.tokens.allAgree = ["code", "prose"].every((c) => Object.values(results.tokens[c]).every((s) => s.agrees));
  console.log(`All token counts agree: ${results.tokens.allAgree}\n`);
}

// 3. Activation and sizes.
{
  const raw = { plain: [], warm: [] };
  for (let round = 0; round < ROUNDS; round++) for (const mode of round % 2 ? ["warm", "plain"] : ["plain", "warm"]) raw[mode].push(runJson("activation-client.mjs", [mode]));
  const wasmPath = join(root, "extension", "dist", "roo_api_wasm_bg.wasm");
  const vsix = readdirSync(root).filter((f) => f.endsWith(".vsix")).map((f) => join(root, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  results.activation = {
    requireMs: median(raw.plain.map((r) => r.requireMs)),
    requireAndBackendInfoMs: median(raw.plain.map((r) => r.backendInfoMs)),
    withWarmUpTotalMs: median(raw.warm.map((r) => r.totalMs)),
    warmUpTokenizerMs: median(raw.warm.map((r) => r.warmUpMs)),
  };
  results.sizes = {
    wasmBytes: existsSync(wasmPath) ? statSync(wasmPath).size : null,
    vsix: vsix ? { file: vsix.slice(root.length + 1), bytes: statSync(vsix).size } : null,
  };
  console.log(`Activation (fresh process, median of ${ROUNDS})`);
  table(
    ["what", "ms"],
    [
      ["require glue (compile wasm)", fmt(results.activation.requireMs)],
      ["require + backendInfo()", fmt(results.activation.requireAndBackendInfoMs)],
      ["warmUpTokenizer() alone", fmt(results.activation.warmUpTokenizerMs)],
      ["require + backendInfo + warmUpTokenizer", fmt(results.activation.withWarmUpTotalMs)],
    ],
  );
  table(
    ["artifact", "bytes", "MB"],
    [
      ["extension/dist/roo_api_wasm_bg.wasm", results.sizes.wasmBytes ?? "-", fmt((results.sizes.wasmBytes ?? 0) / 1e6, 2)],
      [results.sizes.vsix?.file ?? "(no .vsix)", results.sizes.vsix?.bytes ?? "-", fmt((results.sizes.vsix?.bytes ?? 0) / 1e6, 2)],
    ],
  );
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, "results.json"), JSON.stringify(results, null, 2) + "\n");
console.log(`Wrote ${join("artifacts", "bench", "results.json")}`);
