// The key's budget against LiteLLM. Virtual keys, budgets and `/key/info` need the proxy's
// database, which cannot run offline here, so a local server REPLAYS the shapes LiteLLM documents
// (its response headers `x-litellm-key-spend`, `x-litellm-key-max-budget`,
// `x-litellm-response-cost`, `x-ratelimit-remaining-*`, `x-litellm-key-remaining-*-{model}`; the
// `/key/info` body; the `budget_exceeded` error). The headers a master key gets are checked
// against the real proxy.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBackend } from "../../extension/src/api/backend";
import type { ApiStreamChunk, ProviderSettings } from "../../extension/src/shared/generated/types";
import { drainStream } from "../support/streams";
import { startFaultServer, type FaultServer } from "../support/fault-server";
import { startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";

const backend = loadBackend();
const MASTER_KEY = "sk-test-master-key-0123456789";

/** What the replay server answers, set per test. */
let replay: { chatHeaders: Record<string, string>; chatError: string | null; keyInfo: { status: number; type: string; body: string } };
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let replayUrl = "";
let faults: FaultServer;
let proxy: LiteLlmProxy;

const STREAM = [
  { choices: [{ index: 0, delta: { role: "assistant", content: "Hi" } }] },
  { choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
  { choices: [{ index: 0, delta: {} }], usage: { prompt_tokens: 5, completion_tokens: 1, cost: 0.0001 } },
]
  .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
  .join("")
  .concat("data: [DONE]\n\n");

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ path: request.url ?? "", headers: request.headers });
    request.resume();
    request.on("end", () => {
      if (request.url === "/key/info") {
        response.writeHead(replay.keyInfo.status, { "content-type": replay.keyInfo.type });
        response.end(replay.keyInfo.body);
      } else if (request.url === "/v1/chat/completions" && replay.chatError !== null) {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(replay.chatError);
      } else if (request.url === "/v1/chat/completions") {
        response.writeHead(200, { "content-type": "text/event-stream", ...replay.chatHeaders });
        response.end(STREAM);
      } else {
        response.writeHead(404, { "content-type": "application/json" });
        response.end('{"error":{"message":"Not Found"}}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  replayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  faults = await startFaultServer();
  proxy = await startLiteLlmProxy({ upstreamUrl: faults.url, masterKey: MASTER_KEY });
});

afterAll(async () => {
  await proxy.stop();
  await faults.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function reply(settings: ProviderSettings): Promise<ApiStreamChunk[]> {
  const handler = backend.buildApiHandler(settings, { maxRetries: 0 });
  const stream = handler.createMessage("", [{ role: "user", content: "Hi" }], undefined);
  const chunks = await drainStream(stream, handler);
  return chunks;
}

const KEY_INFO_BODY = JSON.stringify({
  key: "sk-...abcd",
  info: {
    key_name: "sk-...abcd",
    spend: 7.0,
    max_budget: 10.0,
    budget_reset_at: "2026-12-01T00:00:00Z",
    expires: "2027-01-01T00:00:00Z",
    models: ["claude"],
    tpm_limit: null,
    rpm_limit: 60,
    team_id: "team-1",
  },
});

describe("the key's budget (LiteLLM's documented shapes, replayed)", () => {
  const settings = (): ProviderSettings => ({ apiProvider: "litellm", litellmApiUrl: replayUrl, litellmApiKey: "sk-virtual-key", litellmModelId: "claude" });

  it("reads /key/info for the caller's own key and the reply's headers into spend against budget", async () => {
    replay = {
      chatHeaders: {
        "x-litellm-key-spend": "8.4",
        "x-litellm-key-max-budget": "10.0",
        "x-ratelimit-remaining-requests": "59",
        "x-litellm-key-remaining-tokens-claude": "90000",
      },
      chatError: null,
      keyInfo: { status: 200, type: "application/json", body: KEY_INFO_BODY },
    };
    const info = await backend.fetchKeyInfo(settings(), undefined);
    expect(seen.at(-1)?.path).toBe("/key/info");
    expect(seen.at(-1)?.headers.authorization).toBe("Bearer sk-virtual-key");
    expect(info).toMatchObject({ spendUsd: 7, maxBudgetUsd: 10, budgetResetAt: "2026-12-01T00:00:00Z", models: ["claude"] });
    expect(backend.keyBudget(info)).toMatchObject({ spendUsd: 7, level: "fine" });

    const chunks = await reply(settings());
    expect(chunks.find((chunk) => chunk.type === "error")).toBeUndefined();
    // The reply's headers are newer than /key/info: 8.4 of 10 is past the 80% warning.
    expect(backend.keyBudget(info)).toMatchObject({
      spendUsd: 8.4,
      maxBudgetUsd: 10,
      level: "runningOut",
      remainingRequests: 59,
      remainingTokens: 90000,
      budgetResetAt: "2026-12-01T00:00:00Z",
    });
    // A newer /key/info answer counts every reply so far: the older headers no longer override it.
    const again = await backend.fetchKeyInfo(settings(), undefined);
    expect(backend.latestBudgetHeaders()).toBeNull();
    expect(backend.keyBudget(again)).toMatchObject({ spendUsd: 7, level: "fine" });
  });

  it("ignores a budget header that is not a number with a note, and the chat still works", async () => {
    replay = { chatHeaders: { "x-litellm-key-spend": "lots", "x-litellm-key-max-budget": "10" }, chatError: null, keyInfo: replay.keyInfo };
    const chunks = await reply(settings());
    expect(chunks.flatMap((chunk) => (chunk.type === "text" ? [chunk.text] : []))).toEqual(["Hi"]);
    const headers = backend.latestBudgetHeaders();
    expect(headers?.spendUsd).toBeNull();
    expect(headers?.notes[0]).toContain("x-litellm-key-spend header is not a number");
  });

  it("quietly gives no key info for a 403 or an HTML page", async () => {
    for (const keyInfo of [
      { status: 403, type: "application/json", body: '{"error":{"message":"Only admin can query all keys"}}' },
      { status: 200, type: "text/html", body: "<!doctype html><title>Sign in</title>" },
    ]) {
      replay = { ...replay, keyInfo };
      expect(await backend.fetchKeyInfo(settings(), undefined)).toBeNull();
    }
  });

  it("says which budget is spent and when it resets", async () => {
    replay = {
      ...replay,
      chatError: '{"error":{"message":"Budget has been exceeded! Current cost: 10.0213, Max budget: 10.0","type":"budget_exceeded","param":null,"code":"400"}}',
    };
    const chunks = await reply(settings());
    const error = chunks.find((chunk) => chunk.type === "error");
    expect(error?.type).toBe("error");
    if (error?.type !== "error") return;
    expect(error.error.retryable).toBe(false);
    expect(error.error.message).toContain("$10.02 spent of $10.00");
    const withReset = backend.budgetErrorWithReset(error.error, "2026-12-01T00:00:00Z");
    expect(withReset.message).toContain("It resets at 2026-12-01T00:00:00Z");
  });
});

describe("the headers the real proxy sends with a master key", () => {
  it("carries no budget for a master key, and the reply's spend header is read", async () => {
    const chunks = await reply({ apiProvider: "litellm", litellmApiUrl: proxy.url, litellmApiKey: MASTER_KEY, litellmModelId: "fault-echo" });
    expect(chunks.find((chunk) => chunk.type === "error")).toBeUndefined();
    const headers = backend.latestBudgetHeaders();
    // litellm 1.106.2 sends x-litellm-key-spend even for the master key, but no max budget.
    expect(headers?.maxBudgetUsd).toBeNull();
    expect(typeof headers?.spendUsd).toBe("number");
    expect(backend.keyBudget(null)).toBeNull();
    // The master key may ask about itself; with no database the proxy cannot say, and nothing breaks.
    const info = await backend.fetchKeyInfo({ apiProvider: "litellm", litellmApiUrl: proxy.url, litellmApiKey: MASTER_KEY }, undefined);
    expect(info === null || info.maxBudgetUsd === null).toBe(true);
  });
});
