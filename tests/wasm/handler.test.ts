// The built wasm package under Node, as the extension host runs it, against the real LiteLLM
// proxy and, for what the proxy cannot do on demand, the local fault server directly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBackend } from "../../extension/src/api/backend";
import { createMessage } from "../../extension/src/api/stream";
import type { ApiError, ApiStreamChunk, ProviderSettings } from "../../extension/src/shared/generated/types";
import { SPLIT_UTF8_TEXT, startFaultServer, type FaultServer } from "../support/fault-server";
import { MOCK_RESPONSE, startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";

const MASTER_KEY = "sk-test-master-key-0123456789";
const backend = loadBackend();

let upstream: FaultServer;
let proxy: LiteLlmProxy;

beforeAll(async () => {
  upstream = await startFaultServer();
  proxy = await startLiteLlmProxy({ upstreamUrl: upstream.url, masterKey: MASTER_KEY });
});

afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});

function modelOf(body: unknown): unknown {
  return typeof body === "object" && body !== null ? (body as { model?: unknown }).model : undefined;
}

function settings(model: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    apiProvider: "litellm",
    litellmApiUrl: proxy.url,
    litellmApiKey: MASTER_KEY,
    litellmModelId: model,
    ...overrides,
  };
}

interface Reply {
  batches: number;
  text: string;
  chunks: ApiStreamChunk[];
  error: ApiError | undefined;
}

/** Sends one user message and collects the reply, counting the batches it arrived in. */
async function reply(
  handlerSettings: ProviderSettings,
  text = "Say hello",
  options: { signal?: AbortSignal; policy?: Parameters<typeof backend.buildApiHandler>[1] } = {},
): Promise<Reply> {
  const handler = backend.buildApiHandler(handlerSettings, options.policy);
  const stream = handler.createMessage("You are terse.", [{ role: "user", content: text }], options.signal ? { signal: options.signal } : undefined);
  const result: Reply = { batches: 0, text: "", chunks: [], error: undefined };
  try {
    for (;;) {
      const batch = await stream.next();
      if (batch === undefined) break;
      result.batches += 1;
      for (const chunk of batch) {
        result.chunks.push(chunk);
        if (chunk.type === "text") result.text += chunk.text;
        if (chunk.type === "error") result.error = chunk.error;
      }
    }
  } finally {
    stream.free();
    handler.free();
  }
  return result;
}

describe("createMessage against the real proxy", () => {
  it("streams the reply incrementally and ends with usage and the proxy's cost", async () => {
    const result = await reply(settings("mock-gpt"));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(MOCK_RESPONSE);
    expect(result.batches).toBeGreaterThan(1);
    const usage = result.chunks.at(-1);
    expect(usage?.type).toBe("usage");
    if (usage?.type !== "usage") return;
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect(usage.cost).toMatchObject({ kind: "known", source: "proxy" });
  });

  it("streams through the async-iterator wrapper, and breaking out cancels the request", async () => {
    const handler = backend.buildApiHandler(settings("fault-long"), undefined);
    let text = "";
    const started = Date.now();
    for await (const chunk of createMessage(handler, "", [{ role: "user", content: "go" }])) {
      if (chunk.type === "text") text += chunk.text;
      if (text.length > 20) break;
    }
    handler.free();
    expect(text.length).toBeGreaterThan(20);
    // The long scenario takes about six seconds to stream in full; breaking out stops it.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("keeps the text that streamed before an abort, then reports cancelled", async () => {
    const controller = new AbortController();
    const handler = backend.buildApiHandler(settings("fault-long"), undefined);
    const chunks: ApiStreamChunk[] = [];
    let text = "";
    for await (const chunk of createMessage(handler, "", [{ role: "user", content: "go" }], controller.signal)) {
      chunks.push(chunk);
      if (chunk.type === "text") {
        text += chunk.text;
        if (text.length > 10) controller.abort();
      }
    }
    handler.free();
    expect(text.length).toBeGreaterThan(10);
    expect(chunks.at(-1)).toMatchObject({ type: "error", error: { kind: "cancelled" } });
    // The proxy reports no usage for a cancelled stream; ours is estimated from what streamed.
    const usage = chunks.at(-2);
    expect(usage).toMatchObject({ type: "usage", estimated: true });
    expect(usage?.type === "usage" && usage.outputTokens).toBeGreaterThan(0);
    expect(usage?.type === "usage" && usage.inputTokens).toBeGreaterThan(0);
  });

  it.each([
    ["a wrong key", "mock-gpt", { litellmApiKey: "sk-wrong-key-9876543210" }, "unauthorized"],
    ["no key", "mock-gpt", { litellmApiKey: null }, "unauthorized"],
    ["an unknown model", "no-such-model", {}, "unknownModel"],
    ["a 429 from the provider", "fault-rate-limit", {}, "rateLimited"],
    ["a 500 from the provider", "mock-server-error", {}, "serverError"],
    ["a provider that is down", "dead-upstream", {}, "upstreamDown"],
    ["a context window overflow", "mock-context-window", {}, "contextWindowExceeded"],
  ] as const)("classifies %s", async (_name, model, overrides, kind) => {
    const result = await reply(settings(model, overrides), "hi", { policy: { maxRetries: 0 } });
    expect(result.error?.kind).toBe(kind);
    expect(result.error?.message.length).toBeGreaterThan(20);
    expect(JSON.stringify(result.error)).not.toContain("sk-wrong-key-9876543210");
    expect(JSON.stringify(result.error)).not.toContain(MASTER_KEY);
  });

  it("retries a 429 before the first byte, honouring the proxy's retry-after", async () => {
    const rateLimited = () => upstream.requests.filter((request) => modelOf(request.body) === "rate-limit").length;
    const before = rateLimited();
    const result = await reply(settings("fault-rate-limit"), "hi", { policy: { maxRetries: 1, maxDelayMs: 5000 } });
    const after = rateLimited();
    expect(result.error?.kind).toBe("rateLimited");
    expect(after - before).toBe(2);
  });

  it("keeps the text before a mid-stream error frame", async () => {
    const result = await reply(settings("fault-error-frame"));
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.chunks.at(-1)?.type).toBe("error");
    expect(result.error?.retryable).toBe(true);
  });
});

describe("createMessage against the fault server directly", () => {
  const direct = (model: string): ProviderSettings => ({ litellmApiUrl: upstream.url, litellmModelId: model });

  it("reports a dropped connection as cut short, keeping the text", async () => {
    const result = await reply(direct("drop"));
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.error?.kind).toBe("streamCutShort");
  });

  it("reports a stream that ends without [DONE] as cut short", async () => {
    const result = await reply(direct("no-done"));
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.error?.kind).toBe("streamCutShort");
  });

  it("times out a stream that stalls, keeping the text", async () => {
    const result = await reply(direct("stall-mid-stream"), "hi", { policy: { idleTimeoutMs: 500 } });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.error?.kind).toBe("timeout");
  });

  it("times out when the headers never come", async () => {
    const result = await reply(direct("stall-after-headers"), "hi", { policy: { headersTimeoutMs: 500, idleTimeoutMs: 500 } });
    expect(result.error?.kind).toBe("timeout");
  });

  it("reassembles a UTF-8 character split across reads", async () => {
    const result = await reply(direct("split-utf8"));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(SPLIT_UTF8_TEXT);
  });

  it("reports a proxy that is not running as unreachable", async () => {
    const result = await reply({ litellmApiUrl: "http://127.0.0.1:9", litellmModelId: "x" }, "hi", { policy: { maxRetries: 0 } });
    expect(result.error?.kind).toBe("proxyUnreachable");
  });

  it("reports HTML instead of an event stream as malformed", async () => {
    const result = await reply(direct("html"));
    expect(result.error?.kind).toBe("malformedResponse");
  });
});

describe("listModels", () => {
  it("returns the proxy's models with their prices and context windows", async () => {
    const models = await backend.listModels(settings("mock-gpt"), undefined);
    const mock = models.find((model) => model.id === "mock-gpt");
    expect(mock?.underlyingModel).toBe("openai/gpt-4o-mini");
    expect(mock?.info.contextWindow).toBe(128000);
    expect(mock?.info.inputPrice).toBeCloseTo(0.15, 6);
    expect(mock?.info.outputPrice).toBeCloseTo(0.6, 6);
    expect(models.some((model) => model.id === "fault-echo")).toBe(true);
  });

  it("rejects with a classified error for a wrong key", async () => {
    await expect(backend.listModels(settings("mock-gpt", { litellmApiKey: "sk-wrong-key-9876543210" }), undefined)).rejects.toMatchObject({
      name: "RooApiError",
      kind: "unauthorized",
    });
  });

  it("lets a rebuilt handler reuse models discovered earlier, without asking again", async () => {
    const models = await backend.listModels(settings("mock-gpt"), undefined);
    const handler = backend.buildApiHandler(settings("mock-gpt"), undefined);
    handler.useModels(models);
    expect(handler.getModel().info.contextWindow).toBe(128000);
    expect(handler.getModel().info.inputPrice).toBeCloseTo(0.15, 6);
    handler.free();
  });

  it("makes refreshModels feed getModel", async () => {
    const handler = backend.buildApiHandler(settings("mock-gpt"), undefined);
    expect(handler.getModel().info.contextWindow).toBe(16385);
    await handler.refreshModels(undefined);
    expect(handler.getModel().info.contextWindow).toBe(128000);
    handler.free();
  });
});

describe("buildApiHandler and countTokens", () => {
  it("throws an error that names the field for an invalid URL", () => {
    expect(() => backend.buildApiHandler({ litellmApiUrl: "javascript:alert(1)" }, undefined)).toThrow(/http/);
  });

  it("counts tokens with o200k", async () => {
    const handler = backend.buildApiHandler({}, undefined);
    expect(await handler.countTokens([{ type: "text", text: "hello world" }])).toBe(2);
    handler.free();
  });
});
