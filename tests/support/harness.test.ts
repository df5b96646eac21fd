// Proves the test harness against the real LiteLLM proxy (1.106.2): that the config it writes is
// accepted, that requests reach the fault server through it, and what the proxy answers for keys,
// errors and broken streams. The expectations double as a record of the proxy's real behaviour.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SPLIT_UTF8_TEXT, startFaultServer, type FaultServer } from "./fault-server";
import { MOCK_PRICES, MOCK_RESPONSE, startLiteLlmProxy, type LiteLlmProxy } from "./litellm-proxy";

const MASTER_KEY = "sk-test-master-key";

interface Chunk {
  error?: { message: string; type: string | null; code: string };
  choices?: { index: number; delta: { content?: string }; finish_reason?: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number; cost?: number };
}

/** The `data:` payloads of an SSE body, in order (`[DONE]` kept as is). */
function sseData(text: string): string[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((frame) => frame.trim())
    .filter((frame) => frame.startsWith("data:"))
    .map((frame) => frame.slice("data:".length).trim());
}

const chunksOf = (data: string[]): Chunk[] => data.filter((d) => d !== "[DONE]").map((d) => JSON.parse(d) as Chunk);
const contentOf = (chunks: Chunk[]): string => chunks.map((c) => c.choices?.[0]?.delta.content ?? "").join("");

interface ChatOptions {
  key?: string;
  stream?: boolean;
  text?: string;
}

function chat(baseUrl: string, model: string, options: ChatOptions = {}): Promise<Response> {
  const stream = options.stream ?? true;
  return fetch(`${baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.key === undefined ? {} : { authorization: `Bearer ${options.key}` }),
    },
    body: JSON.stringify({
      model,
      messages: [{ role: "user", content: options.text ?? "Say hello" }],
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    }),
    signal: AbortSignal.timeout(60_000),
  });
}

/** Reads a body chunk by chunk; resolves with the bytes read and the error that ended it, if any. */
async function readAll(response: Response): Promise<{ parts: Uint8Array[]; error?: unknown }> {
  const parts: Uint8Array[] = [];
  if (response.body === null) return { parts };
  // Undici types the body's chunks as `any`; they are bytes.
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { parts };
      parts.push(value);
    }
  } catch (error) {
    return { parts, error };
  }
}

const decode = (parts: Uint8Array[]): string => Buffer.concat(parts).toString("utf8");

let fault: FaultServer | undefined;
let proxy: LiteLlmProxy | undefined;

beforeAll(async () => {
  fault = await startFaultServer();
  proxy = await startLiteLlmProxy({ upstreamUrl: fault.url, masterKey: MASTER_KEY });
});

afterAll(async () => {
  await proxy?.stop();
  await fault?.close();
});

function running(): { fault: FaultServer; proxy: LiteLlmProxy } {
  if (fault === undefined || proxy === undefined) throw new Error("the harness did not start");
  return { fault, proxy };
}

describe("the real LiteLLM proxy", () => {
  test("/v1/model/info lists the models with their prices and limits", async () => {
    const { proxy } = running();
    const response = await fetch(`${proxy.url}/v1/model/info`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as {
      data: { model_name: string; litellm_params: { model: string }; model_info: Record<string, unknown> }[];
    };
    const mock = data.find((entry) => entry.model_name === "mock-gpt");
    expect(mock?.litellm_params.model).toBe("openai/gpt-4o-mini");
    expect(mock?.model_info).toMatchObject({
      ...MOCK_PRICES,
      max_input_tokens: 128000,
      max_output_tokens: 16384,
      supports_vision: true,
    });
    const echo = data.find((entry) => entry.model_name === "fault-echo");
    expect(echo?.model_info).toMatchObject({ max_input_tokens: 8192 });
  });

  test("mock-gpt streams small content chunks, a usage chunk with cost, then [DONE]", async () => {
    const { proxy } = running();
    const response = await chat(proxy.url, "mock-gpt", { key: MASTER_KEY });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const data = sseData(await response.text());
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = chunksOf(data);
    expect(chunks.filter((c) => c.choices?.[0]?.delta.content !== undefined).length).toBeGreaterThan(5);
    expect(contentOf(chunks)).toBe(MOCK_RESPONSE);
    // Observed: the usage chunk keeps `choices: [{index: 0, delta: {}}]` (not OpenAI's empty list)
    // and adds `cost` in dollars, computed from the configured prices.
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([{ index: 0, delta: {} }]);
    const usage = last?.usage;
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    const expected =
      (usage?.prompt_tokens ?? 0) * MOCK_PRICES.input_cost_per_token +
      (usage?.completion_tokens ?? 0) * MOCK_PRICES.output_cost_per_token;
    expect(usage?.cost).toBeCloseTo(expected, 12);
  });

  test("fault-echo goes through to the fault server and echoes the message", async () => {
    const { proxy, fault } = running();
    const response = await chat(proxy.url, "fault-echo", { key: MASTER_KEY, text: "Echo this back, please" });
    expect(response.status).toBe(200);
    const data = sseData(await response.text());
    expect(data.at(-1)).toBe("[DONE]");
    expect(contentOf(chunksOf(data))).toBe("Echo this back, please");
    expect(chunksOf(data).at(-1)?.usage?.cost).toBeGreaterThan(0);
    // LiteLLM forwards the model without its `openai/` prefix, with the upstream key.
    const forwarded = fault.requests.find((r) => (r.body as { model?: string } | undefined)?.model === "echo");
    expect(forwarded).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      headers: { authorization: "Bearer fake-upstream-key" },
      body: { stream: true, stream_options: { include_usage: true } },
    });
  });

  test("an upstream 429 stays a 429 (Retry-After only as llm_provider-retry-after)", async () => {
    const { proxy } = running();
    const response = await chat(proxy.url, "fault-rate-limit", { key: MASTER_KEY });
    expect(response.status).toBe(429);
    expect(response.headers.get("llm_provider-retry-after")).toBe("2");
    expect(response.headers.get("retry-after")).toBeNull();
    expect(await response.json()).toMatchObject({ error: { type: "throttling_error", code: "429" } });
  });

  // Observed: without a database, a key that is not the master key answers 400, not 401:
  // {"error":{"message":"No connected db.","type":"no_db_connection","param":null,"code":"400"}}
  test("a wrong key answers 400 no_db_connection", async () => {
    const { proxy } = running();
    const response = await chat(proxy.url, "mock-gpt", { key: "sk-wrong" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("no_db_connection");
  });

  test("no key answers 401", async () => {
    const { proxy } = running();
    const response = await chat(proxy.url, "mock-gpt");
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: "auth_error", code: "401" } });
  });

  test.each([
    ["mock-rate-limit", 429, "throttling_error"],
    ["mock-server-error", 500, "internal_server_error"],
    ["mock-context-window", 400, "invalid_request_error"],
    ["fault-server-error", 500, "internal_server_error"],
    ["fault-unavailable", 503, "internal_server_error"],
    ["fault-unauthorized", 401, "authentication_error"],
    ["fault-not-found", 404, "invalid_request_error"],
    ["no-such-model", 400, "invalid_request_error"],
  ])("%s answers %i before streaming", async (model, status, type) => {
    const { proxy } = running();
    const response = await chat(proxy.url, model, { key: MASTER_KEY });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: { type, code: String(status) } });
  });

  test("an error after the first chunk arrives as a data: {error} frame in a 200 stream, without [DONE]", async () => {
    const { proxy } = running();
    const response = await chat(proxy.url, "fault-error-frame", { key: MASTER_KEY });
    expect(response.status).toBe(200);
    const data = sseData(await response.text());
    expect(data).not.toContain("[DONE]");
    expect(data.at(-1)).toMatch(/^\{"error"/);
    expect(chunksOf(data).at(-1)?.error?.message).toContain("upstream exploded");
  });

  test("a dropped upstream connection becomes an error frame", async () => {
    const { proxy } = running();
    const data = sseData(await (await chat(proxy.url, "fault-drop", { key: MASTER_KEY })).text());
    expect(data).not.toContain("[DONE]");
    expect(chunksOf(data).at(-1)?.error?.message).toMatch(/not completed|TransferEncodingError/);
  });

  // Observed: an HTML page from upstream is not an error: the proxy streams an empty reply.
  test("an HTML upstream reply becomes an empty stream (no content, no usage)", async () => {
    const { proxy } = running();
    const data = sseData(await (await chat(proxy.url, "fault-html", { key: MASTER_KEY })).text());
    expect(data.at(-1)).toBe("[DONE]");
    expect(contentOf(chunksOf(data))).toBe("");
    expect(chunksOf(data).some((c) => c.usage !== undefined)).toBe(false);
  });
});

describe("the fault server on its own", () => {
  test("echo streams OpenAI-shaped chunks, and the usage chunk has choices: []", async () => {
    const { fault } = running();
    const response = await chat(fault.url, "echo", { text: "abcdefg" });
    const data = sseData(await response.text());
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = chunksOf(data);
    expect(chunks[1]).toMatchObject({
      object: "chat.completion.chunk",
      model: "echo",
      choices: [{ index: 0, delta: { content: "abc" }, finish_reason: null }],
    });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 2 } });
    expect(contentOf(chunks)).toBe("abcdefg");
  });

  test("echo without stream answers one chat.completion", async () => {
    const { fault } = running();
    const response = await chat(fault.url, "echo", { stream: false, text: "hi" });
    expect(await response.json()).toMatchObject({
      object: "chat.completion",
      choices: [{ message: { role: "assistant", content: "hi" }, finish_reason: "stop" }],
    });
  });

  test("drop: chunks arrive, then reading the body fails", async () => {
    const { fault } = running();
    const response = await chat(fault.url, "drop");
    expect(response.status).toBe(200);
    const { parts, error } = await readAll(response);
    expect(error).toBeInstanceOf(Error);
    expect(contentOf(chunksOf(sseData(decode(parts))))).toContain("The connection");
  });

  test("split-utf8: one network read ends inside a multi-byte character", async () => {
    const { fault } = running();
    const { parts, error } = await readAll(await chat(fault.url, "split-utf8"));
    expect(error).toBeUndefined();
    const strict = new TextDecoder("utf-8", { fatal: true });
    expect(parts.some((part) => {
      try {
        strict.decode(part);
        return false;
      } catch {
        return true;
      }
    })).toBe(true);
    expect(contentOf(chunksOf(sseData(decode(parts))))).toBe(SPLIT_UTF8_TEXT);
  });

  test("no-done: the stream ends cleanly after finish_reason, without [DONE]", async () => {
    const { fault } = running();
    const { parts, error } = await readAll(await chat(fault.url, "no-done"));
    expect(error).toBeUndefined();
    const data = sseData(decode(parts));
    expect(data).not.toContain("[DONE]");
    expect(chunksOf(data).at(-1)?.choices?.[0]?.finish_reason).toBe("stop");
  });

  test("stall-after-headers: headers come, the body never does", async () => {
    const { fault } = running();
    const response = await fetch(`${fault.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "stall-after-headers", messages: [], stream: true }),
      signal: AbortSignal.timeout(500),
    });
    expect(response.status).toBe(200);
    const started = Date.now();
    const { parts, error } = await readAll(response);
    expect(parts).toEqual([]);
    expect((error as Error).name).toBe("TimeoutError");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("close() ends stalled responses, so nothing keeps the process alive", async () => {
    const own = await startFaultServer();
    const response = await chat(own.url, "stall-mid-stream");
    const reading = readAll(response);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the first chunks arrive
    const started = Date.now();
    await own.close();
    const { parts, error } = await reading;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(Error);
    expect(contentOf(chunksOf(sseData(decode(parts))))).toContain("And");
  });
});
