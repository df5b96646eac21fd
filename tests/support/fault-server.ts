// A small OpenAI-compatible upstream for tests, on 127.0.0.1 with an ephemeral port. The request's
// `model` names a scenario (a normal stream, an HTTP error, a broken stream, a stall...), so one
// stateless server serves every scenario, directly or behind LiteLLM (which forwards the model
// `openai/<scenario>` to its `api_base` as `model: "<scenario>"`). Scenarios that produce a reply
// (echo, long, reasoning, tool-call, huge-line, slow-first-token) answer a non-streaming request with
// one chat.completion; the broken-stream scenarios stream whatever the request asked for.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const FAULT_SCENARIOS = [
  "echo",
  "long",
  "paced",
  "reasoning",
  "tool-call",
  "rate-limit",
  "server-error",
  "unavailable",
  "unauthorized",
  "no-db",
  "not-found",
  "html",
  "malformed-json",
  "error-frame",
  "huge-line",
  "split-utf8",
  "no-done",
  "drop",
  "stall-after-headers",
  "stall-mid-stream",
  "slow-first-token",
  "leak-key",
] as const;
export type FaultScenario = (typeof FAULT_SCENARIOS)[number];

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
}

export interface FaultServer {
  url: string;
  port: number;
  /** Every request in arrival order. Behind LiteLLM this includes its start-up `GET /v1/models` probes. */
  requests: RecordedRequest[];
  /** Stops listening and destroys open sockets, which also ends stalled responses and their timers. */
  close(): Promise<void>;
}

/** A text split across two socket writes inside its 4-byte character, for decoder tests. */
export const PACED_TEXT = "Hello from a paced reply: it arrives in small pieces, a few letters at a time.";
export const SPLIT_UTF8_TEXT = "Grüße 🌍 done";

type Delta = Record<string, unknown>;
interface ChatRequest {
  model?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown };
  messages?: unknown;
}

const isScenario = (name: unknown): name is FaultScenario =>
  typeof name === "string" && (FAULT_SCENARIOS as readonly string[]).includes(name);

// OpenAI's error bodies for each status the scenarios send.
const HTTP_ERRORS = {
  "rate-limit": [429, "Rate limit reached for requests. Please try again in 2s.", "requests", "rate_limit_exceeded"],
  "server-error": [500, "The server had an error while processing your request.", "server_error", null],
  unavailable: [503, "The engine is currently overloaded, please try again later.", "server_error", null],
  unauthorized: [401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"],
  // What LiteLLM 1.106.2 with a master key and no database answers to a wrong key (BRIEF section 2).
  "no-db": [400, "Authentication Error, No connected db.", "no_db_connection", "400"],
  "not-found": [
    404,
    "The model does not exist or you do not have access to it.",
    "invalid_request_error",
    "model_not_found",
  ],
} as const;

export async function startFaultServer(): Promise<FaultServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const body = parseBody(text);
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      return route(req, res, body);
    }).catch((error: unknown) => {
      // A scenario failed (usually: the client went away). Nothing is left to answer.
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        // Destroying every socket ends stalled responses; their pending pauses resolve on `close`.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A request's whole body as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

/** A body parsed as JSON, the raw text when it is not JSON, or undefined when empty. */
export function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

async function route(req: IncomingMessage, res: ServerResponse, rawBody: unknown): Promise<void> {
  const path = (req.url ?? "").split("?")[0];
  if (req.method === "GET" && (path === "/v1/models" || path === "/models")) {
    const data = FAULT_SCENARIOS.map((id) => ({ id, object: "model", created: 1700000000, owned_by: "fault-server" }));
    sendJson(res, 200, { object: "list", data });
    return;
  }
  if (req.method !== "POST" || (path !== "/v1/chat/completions" && path !== "/chat/completions")) {
    const message = `Unknown route ${req.method ?? ""} ${path ?? ""}`;
    sendJson(res, 404, { error: { message, type: "invalid_request_error", param: null, code: null } });
    return;
  }
  const body = (typeof rawBody === "object" && rawBody !== null ? rawBody : {}) as ChatRequest;
  const scenario = body.model;
  if (!isScenario(scenario)) {
    const message = `The model \`${String(scenario)}\` does not exist.`;
    sendJson(res, 404, { error: { message, type: "invalid_request_error", param: "model", code: "model_not_found" } });
    return;
  }
  await runScenario(scenario, new Stream(res, body, scenario));
}

/** One chat completion response: OpenAI-shaped chunks, pauses that end early when the socket closes. */
class Stream {
  readonly id = `chatcmpl-fault-${Math.random().toString(36).slice(2, 10)}`;
  readonly created = Math.floor(Date.now() / 1000);
  readonly streaming: boolean;
  readonly includeUsage: boolean;
  private completionChars = 0;

  constructor(
    readonly res: ServerResponse,
    readonly body: ChatRequest,
    readonly model: string,
  ) {
    this.streaming = body.stream === true;
    this.includeUsage = body.stream_options?.include_usage === true;
  }

  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  /** Waits, or less when the client goes away or the server closes; false once closed. */
  pause(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.res.off("close", done);
        resolve(!this.closed);
      };
      const timer = setTimeout(done, ms);
      this.res.once("close", done);
    });
  }

  head(): void {
    this.res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    this.res.flushHeaders();
  }

  raw(text: string | Buffer): void {
    if (!this.headersSentOrSend()) return;
    this.res.write(text);
  }

  data(value: unknown): void {
    this.raw(`data: ${JSON.stringify(value)}\n\n`);
  }

  chunk(delta: Delta, finishReason: string | null = null): void {
    this.data(this.chunkValue(delta, finishReason));
  }

  /** A chunk as OpenAI shapes it (with `usage: null` on every chunk when usage was asked for). */
  chunkValue(delta: Delta, finishReason: string | null = null): Record<string, unknown> {
    this.completionChars += deltaChars(delta);
    const choices = [{ index: 0, delta, logprobs: null, finish_reason: finishReason }];
    return { ...this.envelope("chat.completion.chunk"), choices, ...(this.includeUsage ? { usage: null } : {}) };
  }

  /** The usage chunk OpenAI sends last when `stream_options.include_usage` is set. */
  usageChunk(): void {
    if (this.includeUsage) this.data({ ...this.envelope("chat.completion.chunk"), choices: [], usage: this.usage() });
  }

  done(): void {
    this.raw("data: [DONE]\n\n");
    this.res.end();
  }

  /** A whole reply: role chunk, the deltas (with a pause between), the finish, usage, [DONE]. */
  async reply(deltas: Delta[], options: { pauseMs?: number; finishReason?: string } = {}): Promise<void> {
    if (!this.streaming) {
      this.message(deltas, options.finishReason ?? "stop");
      return;
    }
    this.chunk({ role: "assistant", content: "" });
    for (const delta of deltas) {
      if (options.pauseMs !== undefined && !(await this.pause(options.pauseMs))) return;
      this.chunk(delta);
    }
    this.chunk({}, options.finishReason ?? "stop");
    this.usageChunk();
    this.done();
  }

  /** A non-streaming chat.completion built from the same deltas. */
  private message(deltas: Delta[], finishReason: string): void {
    const text = (key: string): string | null => {
      const parts = deltas.map((d) => d[key]).filter((v): v is string => typeof v === "string");
      return parts.length > 0 ? parts.join("") : null;
    };
    const content = text("content");
    const reasoning = text("reasoning_content");
    this.completionChars = deltas.reduce((sum, delta) => sum + deltaChars(delta), 0);
    const toolCalls = deltas.flatMap((d) => (Array.isArray(d.tool_calls) ? (d.tool_calls as unknown[]) : []));
    const message: Record<string, unknown> = { role: "assistant", content, refusal: null };
    if (reasoning !== null) message.reasoning_content = reasoning;
    if (toolCalls.length > 0) message.tool_calls = mergeToolCalls(toolCalls);
    sendJson(this.res, 200, {
      ...this.envelope("chat.completion"),
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage: this.usage(),
    });
  }

  private envelope(object: string): Record<string, unknown> {
    return { id: this.id, object, created: this.created, model: this.model, system_fingerprint: "fp_fault" };
  }

  // A rough count (4 characters a token) is enough: tests only need stable, non-zero numbers.
  private usage(): Record<string, number> {
    const promptTokens = Math.max(1, Math.ceil(JSON.stringify(this.body.messages ?? []).length / 4));
    const completionTokens = Math.ceil(this.completionChars / 4);
    const totalTokens = promptTokens + completionTokens;
    return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: totalTokens };
  }

  private headersSentOrSend(): boolean {
    if (this.closed) return false;
    if (!this.res.headersSent) this.head();
    return true;
  }
}

/** The generated characters in a delta (text, reasoning and tool-call arguments), for usage. */
function deltaChars(delta: Delta): number {
  const calls = Array.isArray(delta.tool_calls) ? (delta.tool_calls as { function?: { arguments?: string } }[]) : [];
  const text = [delta.content, delta.reasoning_content, ...calls.map((call) => call.function?.arguments)];
  return text.reduce<number>((sum, part) => sum + (typeof part === "string" ? part.length : 0), 0);
}

/** Joins incremental tool-call deltas into whole calls, as a non-streaming reply has them. */
function mergeToolCalls(deltas: unknown[]): unknown[] {
  const calls: { id?: string; type: string; function: { name: string; arguments: string } }[] = [];
  for (const delta of deltas as { index: number; id?: string; function?: { name?: string; arguments?: string } }[]) {
    const call = (calls[delta.index] ??= { type: "function", function: { name: "", arguments: "" } });
    if (delta.id !== undefined) call.id = delta.id;
    call.function.name += delta.function?.name ?? "";
    call.function.arguments += delta.function?.arguments ?? "";
  }
  return calls;
}

/** The last user message as plain text (string content or the text parts of a content array). */
function lastUserText(body: ChatRequest): string {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : [];
  const last = messages.filter((m) => m.role === "user").at(-1);
  if (typeof last?.content === "string") return last.content;
  if (Array.isArray(last?.content)) {
    return (last.content as { type?: unknown; text?: unknown }[])
      .map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : ""))
      .join("");
  }
  return "";
}

const pieces = (text: string, size: number): Delta[] =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) => ({ content: text.slice(i * size, i * size + size) }));

const words = (count: number): Delta[] =>
  Array.from({ length: count }, (_, i) => ({ content: `word${i + 1} ` }));

async function runScenario(scenario: FaultScenario, s: Stream): Promise<void> {
  switch (scenario) {
    case "echo":
      return s.reply(pieces(lastUserText(s.body), 3));
    case "long":
      return s.reply(words(400), { pauseMs: 15 });
    case "paced":
      // A short reply spread over about half a second, so a screen can see it grow.
      return s.reply(pieces(PACED_TEXT, 6), { pauseMs: 40 });
    case "slow-first-token":
      if (s.streaming) s.head();
      if (!(await s.pause(1500))) return;
      return s.reply(pieces("Sorry for the wait.", 3));
    case "reasoning":
      return s.reply([
        { reasoning_content: "Let me think. " },
        { reasoning_content: "The user wants a short answer. " },
        { reasoning_content: "Done thinking." },
        { content: "The answer " },
        { content: "is 42." },
      ]);
    case "tool-call": {
      // OpenAI's incremental shape: id, type and name first, then the arguments in fragments.
      const name = { name: "get_weather", arguments: "" };
      const fragments = ['{"loc', 'ation"', ': "Par', 'is"}'];
      return s.reply(
        [
          { content: null, tool_calls: [{ index: 0, id: "call_fault_1", type: "function", function: name }] },
          ...fragments.map((fragment) => ({ tool_calls: [{ index: 0, function: { arguments: fragment } }] })),
        ],
        { finishReason: "tool_calls" },
      );
    }
    case "rate-limit":
    case "server-error":
    case "unavailable":
    case "unauthorized":
    case "no-db":
    case "not-found": {
      const [status, message, type, code] = HTTP_ERRORS[scenario];
      const headers: Record<string, string> = scenario === "rate-limit" ? { "retry-after": "2" } : {};
      sendJson(s.res, status, { error: { message, type, param: null, code } }, headers);
      return;
    }
    case "leak-key": {
      // A careless proxy that repeats the caller's credentials in its error: the key must be
      // redacted from everything the client keeps or shows.
      const auth = s.res.req.headers.authorization ?? "";
      const message = `Authentication Error: invalid key ${auth.replace(/^Bearer\s+/i, "")} (header: ${auth})`;
      sendJson(s.res, 400, { error: { message, type: "auth_error", param: "None", code: "400" } });
      return;
    }
    case "html":
      s.res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      s.res.end("<!DOCTYPE html><html><head><title>Gateway</title></head><body><h1>Please log in</h1></body></html>");
      return;
    case "malformed-json":
      // The broken frame is the only fault: the stream then finishes normally.
      s.chunk({ role: "assistant", content: "Good start" });
      s.raw("data: {not json\n\n");
      s.done();
      return;
    case "error-frame":
      // What LiteLLM itself sends when an upstream fails mid-stream: an error frame, no [DONE].
      s.chunk({ role: "assistant", content: "Good start" });
      s.data({ error: { message: "upstream exploded", type: "server_error", code: "500" } });
      s.res.end();
      return;
    case "huge-line": {
      const content = "All work and no play makes a very long line. ".repeat(Math.ceil((3 * 1024 * 1024) / 46));
      return s.reply([{ content }]);
    }
    case "split-utf8": {
      s.chunk({ role: "assistant", content: "" });
      const frame = Buffer.from(`data: ${JSON.stringify(s.chunkValue({ content: SPLIT_UTF8_TEXT }))}\n\n`);
      const emoji = frame.indexOf(Buffer.from("🌍"));
      s.raw(frame.subarray(0, emoji + 2)); // two of the emoji's four bytes
      if (!(await s.pause(100))) return;
      s.raw(frame.subarray(emoji + 2));
      s.chunk({}, "stop");
      s.usageChunk();
      s.done();
      return;
    }
    case "no-done":
      s.chunk({ role: "assistant", content: "" });
      for (const delta of pieces("This stream never says done.", 5)) s.chunk(delta);
      s.chunk({}, "stop");
      s.res.end();
      return;
    case "drop":
      s.chunk({ role: "assistant", content: "" });
      for (const delta of pieces("The connection will drop after this", 5)) s.chunk(delta);
      // Let the chunks reach the client before the socket dies, so the drop is mid-stream.
      if (await s.pause(100)) s.res.socket?.destroy();
      return;
    case "stall-after-headers":
      s.head();
      return;
    case "stall-mid-stream":
      s.chunk({ role: "assistant", content: "" });
      for (const delta of pieces("And then nothing", 4)) s.chunk(delta);
      return;
  }
}
