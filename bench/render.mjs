// The webview's streaming render benchmark: how long the sidebar spends on one streamed update of
// a long reply. It serves the built webview (extension/dist/webview, from `bash scripts/build.sh`,
// or built here when missing) on 127.0.0.1 with a stand-in for the webview host, opens it in
// Debian's Chromium through playwright-core, and delivers replies of Markdown with code blocks in
// ~1 KB `replyDelta`s, the way the extension streams them. For each delta it times the span from
// dispatching the message to the end of the task in which React committed it (a MutationObserver
// fires then), plus the style and layout that the commit forces. Prints a table and writes
// artifacts/bench/render.json.
//
// Environment: BENCH_RENDER_SIZES (KB, default 8,32,128), BENCH_RENDER_DELTA (bytes, default
// 1024), BENCH_RENDER_ROUNDS (fresh pages per size, default 5), BENCH_CHROMIUM (default
// /usr/bin/chromium), BENCH_RENDER_BUILD=1 to rebuild the webview first, BENCH_RENDER_WEBVIEW to
// serve another build (an unminified one reads better in a profile), BENCH_RENDER_PROFILE=1 to
// write a CPU profile of each size's first round to artifacts/bench/render-<size>.cpuprofile.
// The functions passed to page.evaluate run in the page, where these are defined.
/* global document, window, requestAnimationFrame, MutationObserver */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, median, table } from "./report.mjs";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const webviewDir = process.env.BENCH_RENDER_WEBVIEW ?? join(root, "extension", "dist", "webview");
const out = join(root, "artifacts", "bench");
const SIZES_KB = (process.env.BENCH_RENDER_SIZES ?? "8,32,128").split(",").map(Number);
const DELTA_CHARS = Number(process.env.BENCH_RENDER_DELTA ?? 1024);
const ROUNDS = Number(process.env.BENCH_RENDER_ROUNDS ?? 5);
const CHROMIUM = process.env.BENCH_CHROMIUM ?? "/usr/bin/chromium";
const FRAME_MS = 1000 / 60;

const PROFILE = process.env.BENCH_RENDER_PROFILE === "1";

if (process.env.BENCH_RENDER_WEBVIEW === undefined && (process.env.BENCH_RENDER_BUILD === "1" || !existsSync(join(webviewDir, "index.js")))) {
  process.stderr.write("Building the webview (npm run --workspace webview-ui build)\n");
  execFileSync("npm", ["run", "--silent", "--workspace", "webview-ui", "build", "--", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
}
if (!existsSync(CHROMIUM)) {
  console.error(`No Chromium at ${CHROMIUM}: install Debian's chromium package, or set BENCH_CHROMIUM.`);
  process.exit(1);
}

// The files are read once, so a build running meanwhile cannot swap them under the bench.
const files = {
  "/": { type: "text/html", body: readFileSync(join(here, "render", "index.html")) },
  "/webview/index.js": { type: "text/javascript", body: readFileSync(join(webviewDir, "index.js")) },
  "/webview/index.css": { type: "text/css", body: readFileSync(join(webviewDir, "index.css")) },
};

// ---- The replies: deterministic Markdown with prose, lists, tables and fenced code. ----

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = "the reply streams into the sidebar while the model writes each token a parser turns markdown into elements and the view keeps the scroll at the bottom so the reader follows along without effort".split(" ");
const CODE = {
  ts: ["export function total(items: readonly Item[]): number {", "  let sum = 0;", "  for (const item of items) {", "    sum += item.price * item.count; // the price is per unit", "  }", "  return Math.round(sum * 100) / 100;", "}"],
  python: ["def total(items):", '    """Sums the price of every item."""', "    result = 0", "    for item in items:", "        result += item.price * item.count", "    return round(result, 2)"],
  rust: ["pub fn total(items: &[Item]) -> f64 {", "    items", "        .iter()", "        .map(|item| item.price * f64::from(item.count))", "        .sum()", "}"],
  bash: ["set -euo pipefail", 'for file in "$@"; do', '  wc -c "$file"', "done"],
};

function makeReply(chars, seed) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(next() * 14) }, () => pick(WORDS));
    const at = Math.floor(next() * words.length);
    words[at] = next() < 0.5 ? `\`${words[at]}\`` : `**${words[at]}**`;
    return words.join(" ").replace(/^./, (c) => c.toUpperCase()) + ".";
  };
  const blocks = [];
  let length = 0;
  let section = 1;
  while (length < chars) {
    const roll = next();
    let block;
    if (blocks.length % 9 === 0) {
      block = `## Part ${section++}`;
    } else if (roll < 0.4) {
      block = Array.from({ length: 2 + Math.floor(next() * 4) }, sentence).join(" ");
    } else if (roll < 0.55) {
      block = Array.from({ length: 3 + Math.floor(next() * 4) }, () => `- ${sentence()}`).join("\n");
    } else if (roll < 0.62) {
      block = "| name | count | price |\n|---|---|---|\n" + Array.from({ length: 4 }, (_, i) => `| ${pick(WORDS)} | ${i + 1} | ${(next() * 10).toFixed(2)} |`).join("\n");
    } else {
      const language = pick(Object.keys(CODE));
      const lines = Array.from({ length: 2 + Math.floor(next() * 4) }, () => CODE[language]).flat();
      block = "```" + language + "\n" + lines.join("\n") + "\n```";
    }
    blocks.push(block);
    length += block.length + 2;
  }
  return blocks.join("\n\n").slice(0, chars);
}

// ---- The page: the app's first state, and the measured deltas. ----

const MODEL_INFO = { maxTokens: 4096, contextWindow: 128000, supportsImages: false, supportsPromptCache: false, supportsReasoning: false, inputPrice: 0.15, outputPrice: 0.6, cacheWritesPrice: null, cacheReadsPrice: null, description: null };
const NO_TOTALS = { inputTokens: 0, outputTokens: 0, knownCostUsd: 0, repliesWithUnknownCost: 0 };
const message = (id, role, text, state) => ({ id, role, text, reasoning: "", state, modelId: role === "user" ? null : "gpt-4o-mini", usage: null, error: null });

function initialMessages() {
  return [
    { type: "backendInfo", info: { version: "bench", providers: ["litellm"] } },
    {
      type: "state",
      state: {
        settings: { apiProvider: "litellm", litellmApiUrl: "http://localhost:4000", litellmModelId: "gpt-4o-mini", litellmModelInfo: null, apiKeySet: true },
        defaults: { litellmApiUrl: "http://localhost:4000", litellmModelId: "gpt-3.5-turbo", litellmModelInfo: MODEL_INFO },
        chat: {
          conversation: { id: "c1", title: "Bench", createdAtMs: 0, updatedAtMs: 0, messages: [] },
          totals: NO_TOTALS,
          context: null,
          model: { id: "gpt-4o-mini", info: MODEL_INFO },
          streaming: false,
        },
        history: [],
      },
    },
  ];
}

/** The messages that stream `reply` as the answer to a question, under ids that start with `tag`. */
function replyMessages(reply, tag) {
  const started = {
    type: "replyStarted",
    conversationId: "c1",
    title: "Explain how the totals are computed, with code.",
    userMessage: message(`${tag}-question`, "user", "Explain how the totals are computed, with code.", "complete"),
    replacedMessageIds: [],
    reply: message(`${tag}-reply`, "assistant", "", "streaming"),
  };
  const deltas = [];
  for (let at = 0; at < reply.length; at += DELTA_CHARS) {
    const text = reply.slice(at, at + DELTA_CHARS);
    deltas.push({ type: "replyDelta", conversationId: "c1", delta: { messageId: `${tag}-reply`, text, reasoning: "", state: "streaming", usage: null, error: null } });
  }
  const finished = { type: "replyFinished", conversationId: "c1", message: message(`${tag}-reply`, "assistant", reply, "complete"), totals: NO_TOTALS, context: null };
  return { started, deltas, finished };
}

/**
 * A short reply streamed before the measured one, so the measured updates find the page as a
 * session does after its first reply: the JIT warm and every highlighted language's grammar
 * compiled. Its first update is reported on its own, as the cold cost.
 */
const WARM_UP = replyMessages(makeReply(8 * 1024, 1), "warm-up");

/**
 * Runs in the page once: installs the bench's two helpers. `benchUpdate` dispatches one message
 * on window, the way the webview host delivers it: the app's listener updates React's state,
 * React renders and commits in a task of its own, and a MutationObserver's callback runs at the
 * end of that task, which ends the update. Reading layout there adds the style and layout work the
 * commit left for the browser. `benchFrame` lets a frame pass (paint, effects) between updates, as
 * it would between network reads.
 */
async function installHelpers() {
  const app = document.getElementById("root");
  const dispatch = (data) => window.dispatchEvent(new MessageEvent("message", { data }));
  window.benchFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  window.benchUpdate = (data) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no commit after ${data.type}`)), 10000);
      const observer = new MutationObserver(() => {
        const committed = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        void document.body.offsetHeight;
        resolve({ commitMs: committed - start, layoutMs: performance.now() - committed });
      });
      observer.observe(app, { subtree: true, childList: true, characterData: true, attributes: true });
      const start = performance.now();
      dispatch(data);
    });
  window.benchSetup = (messages) => messages.forEach(dispatch);
  window.benchDomNodes = () => app.getElementsByTagName("*").length;
  while (!window.benchPosted.some((posted) => posted.type === "ready")) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Streams the warm-up reply and then the measured one into a fresh page. Each update is timed
 * twice: wall time in the page, and the renderer main thread's CPU time from Chrome's own
 * counters (DevTools' Performance metrics in thread time), which a busy machine does not inflate
 * the way it inflates wall time. The CPU time of a no-op round trip is subtracted, so what is left
 * is the update's.
 */
async function streamReply(page, cdp, { started, deltas, finished }) {
  const metrics = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value * 1000]));
  const cpuOf = (before, after) => ({
    cpuMs: after.TaskDuration - before.TaskDuration,
    scriptMs: after.ScriptDuration - before.ScriptDuration,
    styleMs: after.RecalcStyleDuration - before.RecalcStyleDuration,
    cpuLayoutMs: after.LayoutDuration - before.LayoutDuration,
  });
  const timed = async (message) => {
    const before = await metrics();
    const wall = await page.evaluate((data) => window.benchUpdate(data), message);
    const after = await metrics();
    await page.evaluate(() => window.benchFrame());
    return { ...wall, ...cpuOf(before, after) };
  };

  await page.evaluate(installHelpers);
  await page.evaluate((messages) => window.benchSetup(messages), initialMessages());
  await page.evaluate(() => window.benchFrame());
  const idle = [];
  for (let i = 0; i < 5; i++) {
    const before = await metrics();
    await page.evaluate(() => 0);
    idle.push(cpuOf(before, await metrics()).cpuMs);
  }
  const overheadMs = median(idle);
  const update = async (message) => {
    const measured = await timed(message);
    return { ...measured, cpuMs: Math.max(0, measured.cpuMs - overheadMs) };
  };

  await update(WARM_UP.started);
  const cold = await update(WARM_UP.deltas[0]);
  for (const delta of WARM_UP.deltas.slice(1)) await update(delta);
  await update(WARM_UP.finished);

  await update(started);
  const updates = [];
  for (const delta of deltas) updates.push(await update(delta));
  const finish = await update(finished);
  return { cold, updates, finish, overheadMs, domNodes: await page.evaluate(() => window.benchDomNodes()) };
}

// ---- Statistics and the report. ----

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Summary statistics of one measure over every update of every round, and by position in the reply. */
function summarise(runs, measure) {
  const all = runs.flatMap((run) => run.updates.map(measure));
  const slice = (from, to) => runs.flatMap((run) => run.updates.slice(Math.floor(run.updates.length * from), Math.ceil(run.updates.length * to)).map(measure));
  return {
    median: median(all),
    p95: quantile(all, 0.95),
    max: Math.max(...all),
    last: median(runs.map((run) => measure(run.updates.at(-1)))),
    firstQuarterMedian: median(slice(0, 0.25)),
    lastQuarterMedian: median(slice(0.75, 1)),
  };
}

const server = createServer((request, response) => {
  const file = files[new URL(request.url ?? "/", "http://127.0.0.1").pathname];
  if (file === undefined) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const userDataDir = mkdtempSync(join(tmpdir(), "roo-render-bench-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 420, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const results = { date: new Date().toISOString(), loadAverage: loadavg()[0], cpus: cpus().length, deltaChars: DELTA_CHARS, rounds: ROUNDS, frameBudgetMs: FRAME_MS, sizes: {} };
try {
  for (const kb of SIZES_KB) {
    const reply = makeReply(kb * 1024, kb);
    const messages = replyMessages(reply, "measured");
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) {
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(url);
      results.browser ??= await page.evaluate(() => navigator.userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? navigator.userAgent);
      const cdp = await context.newCDPSession(page);
      await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
      const profiling = PROFILE && round === 0;
      if (profiling) {
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
        await cdp.send("Profiler.start");
      }
      runs.push(await streamReply(page, cdp, messages));
      if (profiling) {
        const { profile } = await cdp.send("Profiler.stop");
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, `render-${kb}KB.cpuprofile`), JSON.stringify(profile));
      }
      const shown = await page.evaluate(() => [...document.querySelectorAll(".chat-message-assistant .chat-markdown")].at(-1)?.textContent?.length ?? 0);
      await page.close();
      if (errors.length > 0) throw new Error(`the page failed: ${errors.join("; ")}`);
      if (shown < reply.length * 0.8) throw new Error(`the reply did not render: ${shown} of ${reply.length} characters shown`);
    }
    const wall = summarise(runs, (u) => u.commitMs + u.layoutMs);
    const cpu = summarise(runs, (u) => u.cpuMs);
    results.sizes[`${kb}KB`] = {
      replyChars: reply.length,
      updatesPerRound: messages.deltas.length,
      wallMs: wall,
      cpuMs: cpu,
      breakdownMedianMs: {
        commitWall: median(runs.flatMap((run) => run.updates.map((u) => u.commitMs))),
        layoutWall: median(runs.flatMap((run) => run.updates.map((u) => u.layoutMs))),
        scriptCpu: median(runs.flatMap((run) => run.updates.map((u) => u.scriptMs))),
        styleCpu: median(runs.flatMap((run) => run.updates.map((u) => u.styleMs))),
        layoutCpu: median(runs.flatMap((run) => run.updates.map((u) => u.cpuLayoutMs))),
      },
      finish: { wallMs: median(runs.map((run) => run.finish.commitMs + run.finish.layoutMs)), cpuMs: median(runs.map((run) => run.finish.cpuMs)) },
      coldFirstUpdate: { wallMs: median(runs.map((run) => run.cold.commitMs + run.cold.layoutMs)), cpuMs: median(runs.map((run) => run.cold.cpuMs)) },
      // What grows with the reply: each part's median over each tenth of the reply, in order.
      byTenthMedianMs: Object.fromEntries(
        [["cpu", (u) => u.cpuMs], ["script", (u) => u.scriptMs], ["style", (u) => u.styleMs], ["layout", (u) => u.cpuLayoutMs]].map(([name, measure]) => [
          name,
          Array.from({ length: 10 }, (_, tenth) =>
            median(runs.flatMap((run) => run.updates.slice(Math.floor((run.updates.length * tenth) / 10), Math.ceil((run.updates.length * (tenth + 1)) / 10)).map(measure))),
          ),
        ]),
      ),
      roundTripOverheadCpuMs: median(runs.map((run) => run.overheadMs)),
      domNodes: runs[0].domNodes,
      p95UnderOneFrame: { wall: wall.p95 < FRAME_MS, cpu: cpu.p95 < FRAME_MS },
    };
    process.stderr.write(`${kb} KB: ${ROUNDS} rounds done\n`);
  }
} finally {
  await context.close();
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

console.log(
  `Streaming render, ms per replyDelta of ${DELTA_CHARS} characters (${results.browser}; ${ROUNDS} fresh pages per size; ` +
    `load average ${results.loadAverage.toFixed(1)} on ${results.cpus} CPUs)`,
);
console.log("wall = dispatch to React's commit plus the layout it forces; cpu = the renderer main thread's CPU time for the same update;");
console.log("script/style/layout = medians of the cpu's parts; measured after an 8 KB warm-up reply on the same page (cold = that reply's first update)");
table(
  ["reply", "updates", "wall median", "wall p95", "cpu median", "cpu p95", "cpu last", "cpu first 25%", "cpu last 25%", "script", "style", "layout", "cold cpu", "DOM nodes", "p95 < 16.7 (wall/cpu)"],
  Object.entries(results.sizes).map(([size, s]) => [
    size,
    s.updatesPerRound,
    fmt(s.wallMs.median),
    fmt(s.wallMs.p95),
    fmt(s.cpuMs.median),
    fmt(s.cpuMs.p95),
    fmt(s.cpuMs.last),
    fmt(s.cpuMs.firstQuarterMedian),
    fmt(s.cpuMs.lastQuarterMedian),
    fmt(s.breakdownMedianMs.scriptCpu),
    fmt(s.breakdownMedianMs.styleCpu),
    fmt(s.breakdownMedianMs.layoutCpu),
    fmt(s.coldFirstUpdate.cpuMs),
    s.domNodes,
    `${s.p95UnderOneFrame.wall ? "yes" : "no"}/${s.p95UnderOneFrame.cpu ? "yes" : "no"}`,
  ]),
);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "render.json"), JSON.stringify(results, null, 2) + "\n");
console.log(`Wrote ${join("artifacts", "bench", "render.json")}`);
