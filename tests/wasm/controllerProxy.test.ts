// The fault matrix's proxy-only rows, at the chat controller (real wasm backend, real chat
// files) against the real LiteLLM proxy with a master key and no database: a missing key (401), a
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
import { harness, openMessages } from "../../extension/test/controllerHarness";
import { testing } from "../../extension/test/fakes/vscode";
import { startFaultServer, type FaultServer } from "../support/fault-server";
import { startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";

const MASTER_KEY = "sk-controller-proxy-master-0123456789";
// No retries, but patient: none of these faults is a stall, and a loaded machine's proxy can take
// more than the fast policy's 0.8 s to pass an upstream's answer on (it then read as a timeout).
const PROXY_POLICY = { maxRetries: 0, headersTimeoutMs: 15_000, idleTimeoutMs: 15_000, discoveryTimeoutMs: 15_000 };
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

describe("the fault matrix through the real proxy, at the chat shell", () => {
  it.each(FAULTS)("$name", async (fault) => {
    const h = await harness(folder, { key: MASTER_KEY, policy: PROXY_POLICY });
    expect(await h.send("first question")).toEqual({ ok: true });
    const first = await openMessages(h);
    expect(first[1]?.state).toBe("complete");
    const firstReply = first[1]?.text ?? "";
    expect(firstReply.length).toBeGreaterThan(0);

    testing.set("rooCodePlus.litellmModelId", fault.model);
    h.keys.value = fault.key;
    h.shell.settings.changed();
    // The request went out: its failure is the reply's, not a refused send.
    expect(await h.send("second question")).toEqual({ ok: true });

    const finished = h.last("replyFinished");
    expect(finished?.message.state).toBe("failed");
    const state = await h.state();
    expect(state.chat.streaming).toBe(false);
    const messages = state.chat.conversation.messages;
    expect(messages.map((message) => [message.role, message.state])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
      ["user", "complete"],
      ["assistant", "failed"],
    ]);
    expect(messages[1]?.text).toBe(firstReply);
    const reply = messages[3];
    expect(finished?.message).toEqual(reply);
    expect(reply?.error?.kind).toBe(fault.kind);
    expect(reply?.error?.message).toMatch(fault.message);
    if (fault.partial === "") expect(reply?.text).toBe("");
    else expect(reply?.text).toContain(fault.partial);
    if (fault.retryAfter === true) expect(reply?.error?.retryAfterSeconds).toBeGreaterThan(0);
    const chatFile = await readFile(join(folder, "chats", `${state.chat.conversation.id}.json`), "utf8");
    const everything = JSON.stringify(h.posted) + JSON.stringify(h.logs) + chatFile;
    expect(everything).not.toContain(MASTER_KEY);
    expect(everything).not.toContain(WRONG_KEY);
    h.dispose();

    // Reloaded from disk by a fresh shell of the same window: the same chat, nothing streaming.
    const again = await harness(folder, { key: MASTER_KEY, policy: PROXY_POLICY, openChatId: h.openChatId });
    const reloaded = await again.state();
    expect(reloaded.chat.conversation.messages.map((message) => [message.state, message.text])).toEqual(
      messages.map((message) => [message.state, message.text]),
    );
    expect(reloaded.chat.streaming).toBe(false);
    // The fault fixed (the right key, a working model), Retry completes the reply.
    testing.set("rooCodePlus.litellmModelId", "mock-gpt");
    again.shell.settings.changed();
    expect(await again.retry()).toEqual({ ok: true });
    const retried = await openMessages(again);
    expect(retried.map((message) => message.state)).toEqual(["complete", "complete", "complete", "complete"]);
    again.dispose();
  });

  it("retries an upstream 429 through the proxy when retries are allowed, then reports it", async () => {
    const before = upstream.requests.filter((request) => (request.body as { model?: unknown } | undefined)?.model === "rate-limit").length;
    testing.set("rooCodePlus.litellmModelId", "fault-rate-limit");
    const h = await harness(folder, { key: MASTER_KEY, policy: { ...PROXY_POLICY, maxRetries: 1, maxDelayMs: 5000 } });
    const started = Date.now();
    await h.send("hi");
    const after = upstream.requests.filter((request) => (request.body as { model?: unknown } | undefined)?.model === "rate-limit").length;
    expect(after - before).toBe(2);
    // The fault server's retry-after is 2 s, and it was honoured before the one retry.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const state = await h.state();
    expect(state.chat.streaming).toBe(false);
    expect(state.chat.conversation.messages[1]?.error?.kind).toBe("rateLimited");
    h.dispose();
  });
});
