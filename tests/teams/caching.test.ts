// Prompt caching through the real LiteLLM proxy (litellm 1.106.2) and an Anthropic-shaped local
// upstream: the wasm backend marks the system prompt and the last user messages with
// `cache_control`, LiteLLM carries the marks onto Anthropic's `system` and message parts, and
// the cache reads and writes Anthropic reports come back in the usage, priced with the cache
// prices. Also: the model's own parameters from `/v1/model/info`, the chat's session id and the
// custom headers, as the proxy and the upstream see them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBackend } from "../../extension/src/api/backend";
import type { ApiStreamChunk, DiscoveredModel, ProviderSettings, Usage } from "../../extension/src/shared/generated/types";
import { ANTHROPIC_REPLY, startAnthropicUpstream, type AnthropicUpstream } from "../support/anthropic-upstream";
import { drainStream } from "../support/streams";
import { startFaultServer, type FaultServer } from "../support/fault-server";
import { startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";

const MASTER_KEY = "sk-test-master-key-0123456789";
// Claude Sonnet's prices per token: $3 in, $15 out, $3.75 cache writes, $0.30 cache reads per million.
const CLAUDE_PRICES = {
  input_cost_per_token: 3e-6,
  output_cost_per_token: 1.5e-5,
  cache_creation_input_token_cost: 3.75e-6,
  cache_read_input_token_cost: 3e-7,
};
// The numbers: 10 uncached, 1,200 written to the cache, 3,000 read from it.
const CACHE_USAGE = { input_tokens: 10, cache_creation_input_tokens: 1200, cache_read_input_tokens: 3000, output_tokens: 7 };

const backend = loadBackend();
let faults: FaultServer;
let anthropic: AnthropicUpstream;
let proxy: LiteLlmProxy;

beforeAll(async () => {
  faults = await startFaultServer();
  anthropic = await startAnthropicUpstream(CACHE_USAGE);
  proxy = await startLiteLlmProxy({
    upstreamUrl: faults.url,
    masterKey: MASTER_KEY,
    extraModels: [
      {
        model_name: "claude-cached",
        litellm_params: { model: "anthropic/claude-sonnet-4-5", api_base: anthropic.url, api_key: "fake-anthropic-key", ...CLAUDE_PRICES },
        model_info: { ...CLAUDE_PRICES, supports_prompt_caching: true, max_input_tokens: 200000, max_output_tokens: 8192 },
      },
    ],
  });
});

afterAll(async () => {
  await proxy.stop();
  await anthropic.close();
  await faults.close();
});

function settings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return { apiProvider: "litellm", litellmApiUrl: proxy.url, litellmApiKey: MASTER_KEY, litellmModelId: "claude-cached", ...overrides };
}

/** Discovers the models, then sends a two-turn conversation and collects the reply's chunks. */
async function converse(handlerSettings: ProviderSettings): Promise<{ chunks: ApiStreamChunk[]; models: DiscoveredModel[] }> {
  const handler = backend.buildApiHandler(handlerSettings, undefined);
  const models = await handler.refreshModels(undefined);
  const stream = handler.createMessage(
    "You are a careful assistant.",
    [
      { role: "user", content: "First question" },
      { role: "assistant", content: "First answer" },
      { role: "user", content: "Second question" },
    ],
    undefined,
  );
  const chunks = await drainStream(stream, handler);
  return { chunks, models };
}

function lastUsage(chunks: ApiStreamChunk[]): Usage {
  const usages = chunks.filter((chunk): chunk is Extract<ApiStreamChunk, { type: "usage" }> => chunk.type === "usage");
  const last = usages.at(-1);
  if (last === undefined) throw new Error(`no usage chunk in ${JSON.stringify(chunks)}`);
  return last;
}

interface AnthropicBody {
  system?: { type: string; text: string; cache_control?: { type: string } }[];
  messages?: { role: string; content: { type: string; text?: string; cache_control?: { type: string } }[] | string }[];
}

describe("prompt caching through the real proxy and an Anthropic-shaped upstream", () => {
  it("marks the system prompt and the last two user messages, and Anthropic receives the marks", async () => {
    anthropic.requests.length = 0;
    const { chunks, models } = await converse(settings());
    const text = chunks.flatMap((chunk) => (chunk.type === "text" ? [chunk.text] : [])).join("");
    expect(chunks.find((chunk) => chunk.type === "error")).toBeUndefined();
    expect(text).toBe(ANTHROPIC_REPLY);
    expect(models.find((model) => model.id === "claude-cached")?.info.supportsPromptCache).toBe(true);

    const sent = anthropic.requests.find((request) => request.path.endsWith("/messages"));
    const body = sent?.body as AnthropicBody;
    expect(body.system).toEqual([{ type: "text", text: "You are a careful assistant.", cache_control: { type: "ephemeral" } }]);
    const messages = body.messages ?? [];
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    const partsOf = (index: number) => messages[index]?.content as { text?: string; cache_control?: { type: string } }[];
    expect(partsOf(0)).toEqual([{ type: "text", text: "First question", cache_control: { type: "ephemeral" } }]);
    expect(partsOf(2)).toEqual([{ type: "text", text: "Second question", cache_control: { type: "ephemeral" } }]);
    // The assistant message carries no mark.
    expect(JSON.stringify(messages[1])).not.toContain("cache_control");
  });

  it("reads the cache usage without counting it twice and prices it with the cache prices", async () => {
    const { chunks } = await converse(settings());
    const usage = lastUsage(chunks);
    expect(usage.estimated).toBe(false);
    // litellm 1.106.2 folds the cache counts into prompt_tokens: 10 + 1,200 + 3,000.
    expect(usage.inputTokens).toBe(4210);
    expect(usage.cacheWriteTokens).toBe(1200);
    expect(usage.cacheReadTokens).toBe(3000);
    expect(usage.outputTokens).toBe(7);
    expect(usage.cost.kind).toBe("known");
    if (usage.cost.kind !== "known") return;
    const withCachePrices = (10 * 3 + 1200 * 3.75 + 3000 * 0.3 + 7 * 15) / 1e6;
    expect(usage.cost.usd).toBeCloseTo(withCachePrices, 9);
  });

  it("says what caching saved against the same input uncached, for the usage line's tooltip", async () => {
    const { chunks, models } = await converse(settings());
    const info = models.find((model) => model.id === "claude-cached")?.info;
    if (info === undefined) throw new Error("claude-cached was not discovered");
    const usage = lastUsage(chunks);
    const savings = backend.cacheSavings(usage, info);
    // The core priced the savings as the usage arrived: the chat keeps them and the webview shows them.
    expect(usage.cacheSavings).toEqual(savings);
    // 4,210 tokens at $3/M uncached against 10 at $3, 1,200 written at $3.75 and 3,000 read at $0.30.
    expect(savings?.withoutCacheUsd).toBeCloseTo((4210 * 3) / 1e6, 12);
    expect(savings?.withCacheUsd).toBeCloseTo((10 * 3 + 1200 * 3.75 + 3000 * 0.3) / 1e6, 12);
    expect(savings?.savedUsd).toBeCloseTo((4210 * 3 - (10 * 3 + 1200 * 3.75 + 3000 * 0.3)) / 1e6, 12);
  });

  it("sends no marks when caching is switched off", async () => {
    anthropic.requests.length = 0;
    await converse(settings({ litellmPromptCaching: false }));
    const sent = anthropic.requests.find((request) => request.path.endsWith("/messages"));
    expect(JSON.stringify(sent?.body)).not.toContain("cache_control");
  });
});

describe("the model's own parameters, the session id and custom headers", () => {
  it("discovery carries the proxy's supported_openai_params, and a reasoning effort reaches Anthropic as thinking", async () => {
    anthropic.requests.length = 0;
    const { chunks, models } = await converse(settings({ litellmReasoningEffort: "low" }));
    expect(chunks.find((chunk) => chunk.type === "error")).toBeUndefined();
    const claude = models.find((model) => model.id === "claude-cached");
    // litellm 1.106.2 lists both limits for Anthropic models (it translates either), so
    // `max_tokens` is sent; `reasoning_effort` is listed, so the effort is sent.
    expect(claude?.supportedParams).toEqual(expect.arrayContaining(["max_tokens", "reasoning_effort", "cache_control"]));
    expect(claude?.info.supportsReasoning).toBe(true);
    const body = anthropic.requests.find((request) => request.path.endsWith("/messages"))?.body as Record<string, unknown>;
    expect(body.thinking).toMatchObject({ type: "enabled" });
    expect(body.temperature).toBeUndefined();
  });

  it("sends the chat's session id, which the proxy accepts and keeps to itself", async () => {
    anthropic.requests.length = 0;
    const handler = backend.buildApiHandler(settings(), undefined);
    const chat = backend.OpenChat.create("chat-session-42", 0);
    chat.appendUserMessage("m1", "Hi", 0);
    const stream = handler.createReply(chat, "System.", undefined);
    const chunks = await drainStream(stream, handler, chat);
    expect(chunks.find((chunk) => chunk.type === "error")).toBeUndefined();
    expect(chunks.some((chunk) => chunk.type === "text")).toBe(true);
    // LiteLLM consumes `litellm_session_id` for its spend logs; it never reaches the provider.
    expect(JSON.stringify(anthropic.requests.at(-1)?.body)).not.toContain("chat-session-42");
  });

  it("sends custom headers and the key as x-litellm-api-key to a gateway in front of the proxy", async () => {
    // The fault server stands in for a gateway: it records the headers it receives.
    const gateway = await startFaultServer();
    try {
      const handler = backend.buildApiHandler({
        apiProvider: "litellm",
        litellmApiUrl: gateway.url,
        litellmApiKey: MASTER_KEY,
        litellmModelId: "echo",
        litellmKeyHeader: "x-litellm-api-key",
        litellmCustomHeaders: [
          { name: "Authorization", value: "Bearer gateway-token" },
          { name: "x-team-id", value: "platform" },
        ],
      }, undefined);
      await handler.refreshModels(undefined).catch(() => undefined);
      const stream = handler.createMessage("", [{ role: "user", content: "Hi" }], undefined);
      try {
        while ((await stream.next()) !== undefined) {
          // Drain the reply.
        }
      } finally {
        stream.free();
        handler.free();
      }
      const seen = gateway.requests.filter((request) => request.method !== "OPTIONS");
      expect(seen.length).toBeGreaterThanOrEqual(2);
      for (const request of seen) {
        expect(request.headers["x-litellm-api-key"]).toBe(MASTER_KEY);
        expect(request.headers.authorization).toBe("Bearer gateway-token");
        expect(request.headers["x-team-id"]).toBe("platform");
      }
    } finally {
      await gateway.close();
    }
  });

  it("refuses a header name with a space or a value with a line break, naming the header", () => {
    const attempt = (headers: { name: string; value: string }[]) => {
      try {
        backend.buildApiHandler(settings({ litellmCustomHeaders: headers }), undefined).free();
        return "accepted";
      } catch (error) {
        return String((error as { message?: unknown }).message);
      }
    };
    expect(attempt([{ name: "x team", value: "a" }])).toContain('"x team"');
    expect(attempt([{ name: "x-token", value: "abc\r\nx-evil: 1" }])).toContain("line break");
    expect(backend.headerLooksSecret("x-api-key", "abc")).toBe(true);
    expect(backend.headerLooksSecret("x-team-id", "platform")).toBe(false);
  });
});

