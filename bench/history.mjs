// The chat history benchmark behind `node bench/history.mjs` (after the wasm is built): for each
// history size, a fresh Node process seeds a folder of chats (history-seed.mjs) and another fresh
// process measures it (history-child.mjs) with the shell's real chat store module, bundled here
// on the fly by esbuild. Prints a table and writes artifacts/bench/history.json.
//
// Measured: the per-reply save (a user message and a 2 KB reply appended, the chat file written
// and one line appended to the index journal), the sidebar's open to its first state (the open
// chat read from its file and the state's data built; the history list is not in it yet), the
// time from the same start until the history list is read (snapshot plus journal) and built for
// `historyChanged`, and the resident memory with the history open. Goals: save and first state
// at 5,000 chats within 1.5x of 10 chats; RSS at 5,000 chats within 30 MB of an empty history.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, table } from "./report.mjs";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(root, "artifacts", "bench");
const SIZES = (process.env.BENCH_HISTORY_SIZES ?? "0,10,1000,5000").split(",").map(Number);
const wasm = process.env.BENCH_WASM ?? join(root, "extension", "wasm", "roo_api_wasm");

mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "roo-history-bench-"));
try {
  // The store module exactly as the extension ships it, without VS Code (it never imports it).
  const storeModule = join(work, "chat-store.cjs");
  await build({
    entryPoints: [join(root, "extension", "src", "chat", "chatStore.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: storeModule,
    logLevel: "warning",
  });

  const results = { node: process.version, date: new Date().toISOString(), sizes: {} };
  for (const size of SIZES) {
    const folder = join(work, `history-${size}`);
    const run = (script, args) =>
      JSON.parse(
        execFileSync(process.execPath, ["--expose-gc", join(here, script), ...args], {
          encoding: "utf8",
          maxBuffer: 1 << 24,
          env: { ...process.env, BENCH_WASM: wasm },
        })
          .trim()
          .split("\n")
          .pop(),
      );
    const seeded = run("history-seed.mjs", [folder, String(size)]);
    const measured = run("history-child.mjs", [folder, storeModule, seeded.openChatId ?? ""]);
    results.sizes[size] = { ...measured, seedMs: seeded.ms, indexKB: seeded.indexKB };
    process.stderr.write(`history bench: ${size} chats measured\n`);
    rmSync(folder, { recursive: true, force: true });
  }

  const at = (size) => results.sizes[size];
  const ratio = (a, b) => (a && b ? a / b : null);
  results.goals = {
    saveAt5000Within1_5xOf10: check(ratio(at(5000)?.saveMs, at(10)?.saveMs), 1.5),
    firstStateAt5000Within1_5xOf10: check(ratio(at(5000)?.openMs, at(10)?.openMs), 1.5),
    rssAt5000Within30MBOfEmpty: check(at(5000) && at(0) ? at(5000).rssMB - at(0).rssMB : null, 30, "MB"),
  };

  const rows = SIZES.map((size) => {
    const r = at(size);
    return [String(size), fmt(r.saveMs, 2), fmt(r.openMs, 2), fmt(r.historyMs, 2), fmt(r.rssMB, 1), fmt(r.indexKB, 0)];
  });
  table(["chats", "save ms (median)", "first state ms (median)", "history list ms (median)", "RSS MB", "index KB"], rows);
  for (const [goal, verdict] of Object.entries(results.goals)) {
    console.log(`${verdict.met ? "met   " : "MISSED"}  ${goal}: ${fmt(verdict.value, 2)}${verdict.unit} (limit ${verdict.limit}${verdict.unit})`);
  }
  writeFileSync(join(out, "history.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWritten to ${join(out, "history.json")}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function check(value, limit, unit = "x") {
  return { value, limit, unit, met: value !== null && value <= limit };
}

