// The @-picker benchmark behind `node bench/picker.mjs` (after the wasm is built): a workspace of
// 100,000 files (1,000 folders of 100, plus an ignored node_modules/ that must not be entered) is
// written to a temporary folder, then listed and searched with the extension's own context module
// (extension/src/context/workspaceContext.ts, bundled here on the fly by esbuild, with the test
// stand-in for the `vscode` module, whose watcher never fires) over the compiled wasm core.
//
// Measured: the cold index build (walk with the ignore rules, then the core's PathIndex), each
// round with a fresh index (the file system's cache is warm after the first round, as it is for
// the extension after the first search), and the picker's first results for a few queries once
// the index is warm: the whole `searchMentions` answer (special mentions, open editors, the 50
// best paths with highlights). Goal: warm first results under 100 ms. Prints a table and writes
// artifacts/bench/picker.json. BENCH_PICKER_FILES (default 100000) and BENCH_ROUNDS (default 5)
// tune it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { build } from "esbuild";
import { fmt, median, table } from "./report.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(root, "artifacts", "bench");
const FILES = Number(process.env.BENCH_PICKER_FILES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_FOLDER = 100;
const QUERIES = ["main", "module777/file42", "f", "pkg3idx", "src/util", "zzzz"];
const GOAL_MS = 100;
const wasm = process.env.BENCH_WASM ?? join(root, "extension", "wasm", "roo_api_wasm");
const require = createRequire(import.meta.url);

mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "roo-picker-bench-"));
try {
  const contextModule = join(work, "workspace-context.cjs");
  await build({
    entryPoints: [join(root, "extension", "src", "context", "workspaceContext.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: contextModule,
    alias: { vscode: join(root, "extension", "test", "fakes", "vscode.ts") },
    logLevel: "warning",
  });
  const { WorkspaceContext } = require(contextModule);
  const core = require(wasm);

  const workspace = join(work, "workspace");
  const started = performance.now();
  writeWorkspace(workspace, FILES);
  process.stderr.write(`picker bench: wrote ${FILES} files in ${fmt((performance.now() - started) / 1000, 1)} s\n`);

  const host = {
    problems: () => [],
    activeSelection: () => undefined,
    linesOf: () => Promise.resolve(""),
    activeTerminal: () => undefined,
    confirmSecret: () => Promise.resolve(false),
    openEditors: () => [join(workspace, "src", "main.ts")],
  };
  const logs = [];
  const makeContext = () =>
    new WorkspaceContext({
      core,
      host,
      log: { info: (line) => logs.push(line), warn: (line) => logs.push(line), error: (line) => logs.push(line) },
      limits: () => core.defaultContextLimits(),
      root: () => workspace,
    });

  const coldMs = [];
  let size = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const context = makeContext();
    const begin = performance.now();
    context.warmUp();
    await context.index.settled();
    coldMs.push(performance.now() - begin);
    size = context.index.size;
    context.dispose();
  }

  const context = makeContext();
  context.warmUp();
  await context.index.settled();
  const queries = {};
  for (const query of QUERIES) {
    const times = [];
    let count = 0;
    for (let round = 0; round < ROUNDS * 4; round += 1) {
      const begin = performance.now();
      const result = await context.search(query);
      times.push(performance.now() - begin);
      count = result.candidates.length;
    }
    queries[query] = { medianMs: median(times), maxMs: Math.max(...times), candidates: count };
  }
  context.dispose();

  const warmMedians = Object.values(queries).map((query) => query.medianMs);
  const worstWarm = Math.max(...warmMedians);
  const results = {
    node: process.version,
    date: new Date().toISOString(),
    files: FILES,
    indexedPaths: size,
    coldIndexMs: { median: median(coldMs), rounds: coldMs },
    queries,
    goal: { warmFirstResultsUnderMs: GOAL_MS, worstQueryMedianMs: worstWarm, met: worstWarm < GOAL_MS },
  };

  table(["cold index", "paths", "ms (median)", "rounds"], [["walk + PathIndex", String(size), fmt(median(coldMs), 1), String(ROUNDS)]]);
  table(
    ["query (warm)", "candidates", "ms (median)", "ms (max)"],
    Object.entries(queries).map(([query, r]) => [JSON.stringify(query), String(r.candidates), fmt(r.medianMs, 2), fmt(r.maxMs, 2)]),
  );
  console.log(`${results.goal.met ? "met   " : "MISSED"}  warm first results under ${GOAL_MS} ms: worst query median ${fmt(worstWarm, 2)} ms`);
  writeFileSync(join(out, "picker.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWritten to ${join(out, "picker.json")}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * `files` files in folders of 100 under 20 packages, a few named like real sources, a .gitignore
 * and an ignored node_modules/ (which the walk must prune, not list).
 */
function writeWorkspace(folder, files) {
  mkdirSync(join(folder, "src", "util"), { recursive: true });
  writeFileSync(join(folder, "src", "main.ts"), "");
  writeFileSync(join(folder, "src", "util", "strings.ts"), "");
  writeFileSync(join(folder, ".gitignore"), "node_modules/\n*.log\n");
  mkdirSync(join(folder, "node_modules", "left-out"), { recursive: true });
  for (let file = 0; file < 1_000; file += 1) {
    writeFileSync(join(folder, "node_modules", "left-out", `dep${file}.js`), "");
  }
  const folders = Math.ceil(files / PER_FOLDER);
  for (let index = 0; index < folders; index += 1) {
    const dir = join(folder, `pkg${index % 20}`, `module${index}`);
    mkdirSync(dir, { recursive: true });
    for (let file = 0; file < PER_FOLDER && index * PER_FOLDER + file < files; file += 1) {
      writeFileSync(join(dir, file === 0 ? "index.ts" : `file${file}.ts`), "");
    }
  }
}
