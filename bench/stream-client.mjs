// One streaming contender in a fresh process: `node stream-client.mjs <contender> <baseUrl> <N>`.
// It warms up with a small stream, then times one stream of N chunks and prints one JSON line:
// wall time, time to first content, characters received, chunks/s and memory.
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const [contender, base, nArg] = process.argv.slice(2);
const N = Number(nArg);
const WASM = process.env.BENCH_WASM ?? "/work/main/extension/wasm/roo_api_wasm";
const messages = [{ role: "user", content: "hi" }];

// Each contender: (url, onText) => Promise<void>, calls onText(string) for every piece of text.
const contenders = {
  async ours(url, onText) {
    const wasm = (globalThis.__wasm ??= require(WASM));
    const handler = (globalThis.__handler ??= new Map()).get(url) ?? wasm.buildApiHandler({ litellmApiUrl: url, litellmModelId: "m" });
    globalThis.__handler.set(url, handler);
    const stream = handler.createMessage("", messages, undefined);
    try {
      for (;;) {
        const batch = await stream.next();
        if (batch === undefined) break;
        for (const chunk of batch) {
          if (chunk.type === "text") onText(chunk.text);
          else if (chunk.type === "error") throw new Error(`ours: ${JSON.stringify(chunk.error)}`);
        }
      }
    } finally {
      stream.free();
    }
  },
  async fetch(url, onText) {
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages, stream: true, stream_options: { include_usage: true } }),
    });
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const bytes of response.body) {
      buffer += decoder.decode(bytes, { stream: true });
      let start = 0;
      let end;
      while ((end = buffer.indexOf("\n\n", start)) !== -1) {
        const event = buffer.slice(start, end);
        start = end + 2;
        if (!event.startsWith("data: ")) continue;
        const data = event.slice(6);
        if (data === "[DONE]") continue;
        const content = JSON.parse(data).choices[0]?.delta?.content;
        if (content) onText(content);
      }
      buffer = buffer.slice(start);
    }
  },
  async openai5(url, onText) {
    return sdk(require("openai").OpenAI, url, onText);
  },
  async openai4(url, onText) {
    return sdk(require("openai-v4").OpenAI, url, onText);
  },
};

async function sdk(OpenAI, url, onText) {
  const client = (globalThis.__client ??= new Map()).get(url) ?? new OpenAI({ baseURL: `${url}/v1`, apiKey: "x", maxRetries: 0 });
  globalThis.__client.set(url, client);
  const stream = await client.chat.completions.create({
    model: "m",
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta?.content;
    if (content) onText(content);
  }
}

async function once(n) {
  const run = contenders[contender];
  if (!run) throw new Error(`unknown contender ${contender}`);
  let chars = 0;
  let pieces = 0;
  let first;
  const start = performance.now();
  await run(`${base}/n/${n}`, (text) => {
    if (first === undefined) first = performance.now();
    chars += text.length;
    pieces += 1;
  });
  const end = performance.now();
  return { wallMs: end - start, firstMs: first - start, chars, pieces };
}

// Warm-up: loads the module (the wasm compile, the SDK) and lets the JIT see the hot loops.
await once(2000);
await once(2000);
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
const result = await once(N);
const usage = process.resourceUsage();
process.stdout.write(
  JSON.stringify({
    contender,
    n: N,
    ...result,
    ok: result.chars === 3 * N,
    chunksPerSec: N / (result.wallMs / 1000),
    maxRssMB: usage.maxRSS / 1024,
    rssBeforeMB: rssBefore / 1024 / 1024,
    rssDeltaMB: usage.maxRSS / 1024 - rssBefore / 1024 / 1024,
  }) + "\n",
);
