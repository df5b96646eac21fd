// The fault matrix's proxy-only rows, at the chat controller (real wasm backend, real history
// file) against the real LiteLLM proxy with a master key and no database: a missing key (401), a
// wrong key (LiteLLM's 400 no_db_connection), an upstream 429 whose retry-after LiteLLM passes on,
// an unknown model, a provider that is down, and an error frame mid-stream. For each: the
// classified error, its plain words, the partial text kept, the history intact on disk, and no
// request left active. The fault-server rows are in extension/test/faultMatrix.test.ts.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
// The controller reads its settings through `vscode`; tests/vitest.config.mts points that at the
// extension's in-memory stand-in, as the extension's own tests do.
import { harness } from "../../extension/test/controllerHarness";
import { testing } from "../../extension/test/fakes/vscode";
import { startFaultServer, type FaultServer } from "../support/fault-server";
import { startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";

const MASTER_KEY = "sk-controller-proxy-master-0123456789";
const WRONG_KEY = "sk-controller-proxy-wrong-9876543210";

let upstream: FaultServer;
let proxy: LiteLlmProxy;
let folder: string;

beforeAll(async () => {
  upstream = await startFaultServer();
  proxy = await startLiteLlmProxy({ upstreamUrl: upstream.url, masterKey: MASTER_KEY });
});

afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "roo-controller-proxy-"));
  testing.reset();
  testing.set("rooCodePlus.litellmApiUrl", proxy.url);
  testing.set("rooCodePlus.litellmModelId", "mock-gpt");
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface ProxyFault {
  name: string;
  model: string;
  key: string | undefined;
  kind: string;
  message: RegExp;
  partial: string;
  retryAfter?: boolean;
}

const FAULTS: ProxyFault[] = [
  { name: "no key (401)", model: "mock-gpt", key: undefined, kind: "unauthorized", message: /requires an API key/, partial: "" },
  { name: "a wrong key (400 no_db_connection)", model: "mock-gpt", key: WRONG_KEY, kind: "unauthorized", message: /rejected the API key/, partial: "" },
  { name: "an upstream 429 with retry-after", model: "fault-rate-limit", key: MASTER_KEY, kind: "rateLimited", message: /rate limiting requests\. Wait/, partial: "", retryAfter: true },
  { name: "an unknown model", model: "no-such-model", key: MASTER_KEY, kind: "unknownModel", message: /does not know/, partial: "" },
  { name: "a provider that is down", model: "dead-upstream", key: MASTER_KEY, kind: "upstreamDown", message: /could not reach the model provider/, partial: "" },
  { name: "an upstream 500", model: "fault-server-error", key: MASTER_KEY, kind: "serverError", message: /internal error/, partial: "" },
  { name: "an error frame mid-stream", model: "fault-error-frame", key: MASTER_KEY, kind: "upstreamDown", message: /model provider/, partial: "Good start" },
];

describe("the fault matrix through the real proxy, at the chat controller", () => {
  it.each(FAULTS)("$name", async (fault) => {
    const h = harness(folder, { key: MASTER_KEY });
    await h.chat.sendMessage("ok", "first question");
    const first = h.last("replyFinished")?.chat.conversation.messages ?? [];
    expect(first[1]?.state).toBe("complete");
    const firstReply = first[1]?.text ?? "";
    expect(firstReply.length).toBeGreaterThan(0);

    testing.set("rooCodePlus.litellmModelId", fault.model);
    h.keys.value = fault.key;
    h.chat.settingsChanged();
    await h.chat.sendMessage("faulty", "second question");

    const finished = h.last("replyFinished");
    expect(finished?.requestId).toBe("faulty");
    expect(finished?.chat.activeRequestId).toBeNull();
    const messages = finished?.chat.conversation.messages ?? [];
    expect(messages.map((message) => [message.role, message.state])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
      ["user", "complete"],
      ["assistant", "failed"],
    ]);
    expect(messages[1]?.text).toBe(firstReply);
    const reply = messages[3];
    expect(reply?.error?.kind).toBe(fault.kind);
    expect(reply?.error?.message).toMatch(fault.message);
    if (fault.partial === "") expect(reply?.text).toBe("");
    else expect(reply?.text).toContain(fault.partial);
    if (fault.retryAfter === true) expect(reply?.error?.retryAfterSeconds).toBeGreaterThan(0);
    const everything = JSON.stringify(h.posted) + JSON.stringify(h.logs) + (await readFile(join(folder, "chat-history.json"), "utf8"));
    expect(everything).not.toContain(MASTER_KEY);
    expect(everything).not.toContain(WRONG_KEY);
    h.chat.dispose();

    // Reloaded from disk by a fresh controller: the same chat, nothing active.
    const again = harness(folder, { key: MASTER_KEY });
    await again.chat.loadHistory();
    const state = await again.chat.state();
    expect(state.chat.conversation.messages.map((message) => [message.state, message.text])).toEqual(
      messages.map((message) => [message.state, message.text]),
    );
    expect(state.chat.activeRequestId).toBeNull();
    // The fault fixed (the right key, a working model), Retry completes the reply.
    testing.set("rooCodePlus.litellmModelId", "mock-gpt");
    again.chat.settingsChanged();
    await again.chat.retryReply("retry");
    const retried = again.last("replyFinished")?.chat.conversation.messages ?? [];
    expect(retried.map((message) => message.state)).toEqual(["complete", "complete", "complete", "complete"]);
    again.chat.dispose();
  });

  it("retries an upstream 429 through the proxy when retries are allowed, then reports it", async () => {
    const before = upstream.requests.filter((request) => (request.body as { model?: unknown } | undefined)?.model === "rate-limit").length;
    testing.set("rooCodePlus.litellmModelId", "fault-rate-limit");
    const h = harness(folder, { key: MASTER_KEY, policy: { maxRetries: 1, maxDelayMs: 5000 } });
    const started = Date.now();
    await h.chat.sendMessage("r", "hi");
    const after = upstream.requests.filter((request) => (request.body as { model?: unknown } | undefined)?.model === "rate-limit").length;
    expect(after - before).toBe(2);
    // The fault server's retry-after is 2 s, and it was honoured before the one retry.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const finished = h.last("replyFinished");
    expect(finished?.chat.activeRequestId).toBeNull();
    expect(finished?.chat.conversation.messages[1]?.error?.kind).toBe("rateLimited");
    h.chat.dispose();
  });
});
