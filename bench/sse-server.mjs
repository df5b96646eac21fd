// A local OpenAI-compatible streaming server for the benchmarks, run in its own process so it never
// competes with the client's event loop. `POST /n/N/v1/chat/completions` (the path prefix is
// what every client keeps) streams N chunks of "abc" in LiteLLM/OpenAI SSE shape, a usage chunk and
// `[DONE]`, as fast as the socket takes them. Prints `{"port":P}` on stdout when listening.
import http from "node:http";

const CHUNK =
  'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"abc"},"finish_reason":null}]}\n\n';
const TAIL =
  'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n' +
  'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}\n\n' +
  "data: [DONE]\n\n";
const SLICE = 16 * 1024;
const bodies = new Map();
for (const n of (process.env.BENCH_PREBUILD ?? "2000,10000,100000").split(",")) body(Number(n));

function body(n) {
  let cached = bodies.get(n);
  if (cached === undefined) {
    cached = Buffer.from(CHUNK.repeat(n) + TAIL);
    bodies.set(n, cached);
  }
  return cached;
}

function chunkCount(req, raw) {
  const fromPath = /\/n\/(\d+)\//.exec(req.url);
  if (fromPath) return Number(fromPath[1]);
  try {
    const model = JSON.parse(raw).model ?? "";
    const match = /^n:(\d+)$/.exec(model);
    if (match) return Number(match[1]);
  } catch {
    // fall through
  }
  return Number(process.env.BENCH_N ?? 10000);
}

const server = http.createServer((req, res) => {
  let raw = "";
  req.setEncoding("utf8");
  req.on("data", (d) => (raw += d));
  req.on("end", () => {
    if (!req.url.includes("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    const data = body(chunkCount(req, raw));
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    let offset = 0;
    const pump = () => {
      while (offset < data.length) {
        const end = Math.min(offset + SLICE, data.length);
        const ok = res.write(data.subarray(offset, end));
        offset = end;
        if (!ok) {
          res.once("drain", pump);
          return;
        }
      }
      res.end();
    };
    pump();
  });
});
server.keepAliveTimeout = 1000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n");
});
process.on("disconnect", () => server.close(() => process.exit(0)));
process.on("SIGTERM", () => process.exit(0));
