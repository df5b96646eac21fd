// The shell with the real wasm backend, real chat files and a local OpenAI-style server: the
// router's requests and notices as the webview sends them, and the events it gets back.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { startFaultServer, type FaultServer } from "../../tests/support/fault-server";
import { defaultAgentView, harness, lastPosted, MemoryOpenChatId, type Harness } from "./controllerHarness";
import type { ExtensionToWebview } from "../src/shared/protocol";

const KEY = "sk-controller-test-key-123456";

let server: FaultServer;
let folder: string;
let posted: ExtensionToWebview[];
let logs: string[];
let window: MemoryOpenChatId;

beforeAll(async () => {
  server = await startFaultServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "roo-controller-"));
  posted = [];
  logs = [];
  window = new MemoryOpenChatId();
  testing.reset();
  testing.set("rooCodePlus.litellmApiUrl", server.url);
  testing.set("rooCodePlus.litellmModelId", "echo");
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A window with the real backend's default policy (retries and timeouts as shipped). */
function open(): Promise<Harness> {
  return harness(folder, { key: KEY, policy: {}, posted, logs, openChatId: window });
}

function last<T extends ExtensionToWebview["type"]>(type: T): Extract<ExtensionToWebview, { type: T }> | undefined {
  return lastPosted(posted, type);
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("the shell, through the router", () => {
  it("streams a reply as replyStarted, replyDeltas and replyFinished, and saves the chat", async () => {
    const h = await open();
    await h.notice({ type: "ready" });
    // Model discovery (started by the first view) re-sends the state once; let it finish first.
    await h.shell.catalogue.idle();
    await h.settled();
    const before = posted.length;
    expect(await h.send("hello there, echo me")).toEqual({ ok: true });
    const during = posted.slice(before);
    const started = last("replyStarted");
    expect(started?.userMessage?.text).toBe("hello there, echo me");
    expect(started?.title).toBe("hello there, echo me");
    expect(started?.replacedMessageIds).toEqual([]);
    expect(started?.reply.state).toBe("streaming");
    expect(during.filter((message) => message.type === "replyDelta").length).toBeGreaterThan(0);
    // Fewer crossings: no whole state, chat or history list is sent per reply, only the line of
    // the list that changed.
    const types = during.map((message) => message.type);
    expect(types.filter((type) => type === "state" || type === "chatOpened" || type === "historyChanged")).toEqual([]);
    const line = during.filter((message) => message.type === "historyEntryChanged").at(-1);
    expect(line?.type === "historyEntryChanged" ? line.summary : undefined).toMatchObject({
      id: started?.conversationId,
      title: "hello there, echo me",
      messageCount: 2,
    });
    const finished = last("replyFinished");
    expect(finished?.conversationId).toBe(started?.conversationId);
    expect(finished?.message).toMatchObject({ id: started?.reply.id, text: "hello there, echo me", state: "complete" });
    expect(finished?.totals.outputTokens).toBeGreaterThan(0);
    expect((await h.state()).chat.streaming).toBe(false);
    h.dispose();

    // The same window, reloaded, shows the same chat from its file.
    const reloaded = await open();
    const state = await reloaded.state();
    expect(state.chat.conversation.messages.map((message) => message.text)).toEqual(["hello there, echo me", "hello there, echo me"]);
    expect(state.history.map((summary) => summary.id)).toEqual([started?.conversationId]);
    reloaded.dispose();
  });

  it("stops a long reply and keeps its partial text, marked stopped, with estimated usage", async () => {
    testing.set("rooCodePlus.litellmModelId", "long");
    const h = await open();
    expect(await h.request({ kind: "sendMessage", text: "go", mentions: [], images: [] })).toEqual({ ok: true });
    await waitFor(() => posted.some((message) => message.type === "replyDelta"));
    expect((await h.state()).chat.streaming).toBe(true);
    await h.notice({ type: "stopReply", conversationId: h.shell.chats.session.id });
    await h.settled();
    const finished = last("replyFinished");
    expect(finished?.message.state).toBe("stopped");
    expect(finished?.message.text.length).toBeGreaterThan(0);
    // The tokens spent before Stop are estimated and counted in the chat's totals.
    expect(finished?.message.usage?.estimated).toBe(true);
    expect(finished?.message.usage?.outputTokens).toBeGreaterThan(0);
    expect(finished?.totals.outputTokens).toBe(finished?.message.usage?.outputTokens);
    expect((await h.state()).chat.streaming).toBe(false);
    h.dispose();
  });

  it("shows in the meter exactly what the request carries and what a stopped reply records", async () => {
    // A reply that fails before any text leaves the chat as the question alone, which is exactly
    // what Retry sends: the meter read now is that request's own estimate.
    testing.set("rooCodePlus.litellmModelId", "server-error");
    const h = await harness(folder, { key: KEY, policy: { maxRetries: 0 }, posted, logs, openChatId: window });
    await h.send("How long is this question, in tokens?");
    const meter = (await h.state()).chat.context;

    // Retried against a reply that streams a little and then stalls until Stop.
    testing.set("rooCodePlus.litellmModelId", "stall-mid-stream");
    h.shell.settings.changed();
    const sentBefore = server.requests.length;
    const postedBefore = posted.length;
    expect(await h.request({ kind: "retryReply" })).toEqual({ ok: true });
    await waitFor(() => posted.slice(postedBefore).some((message) => message.type === "replyDelta" && message.delta.text !== ""));
    await h.notice({ type: "stopReply", conversationId: h.shell.chats.session.id });
    await h.settled();

    const request = server.requests.slice(sentBefore).find((recorded) => recorded.path.endsWith("/chat/completions"));
    const body = request?.body as { max_tokens?: number } | undefined;
    const stopped = last("replyFinished")?.message;
    expect(stopped?.state).toBe("stopped");
    expect(stopped?.usage?.estimated).toBe(true);
    expect(meter?.inputTokens).toBeGreaterThan(0);
    expect(stopped?.usage?.inputTokens).toBe(meter?.inputTokens);
    expect(body?.max_tokens ?? null).toBe(meter?.outputReserve ?? null);
    h.dispose();
  });

  it("answers a send with invalid settings with the error, adding nothing to the chat", async () => {
    testing.set("rooCodePlus.litellmApiUrl", "file:///etc/passwd");
    const h = await open();
    const outcome = await h.send("my question");
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? undefined : outcome.error.kind).toBe("invalidSettings");
    expect(posted.some((message) => message.type === "replyStarted")).toBe(false);
    expect((await h.state()).chat.conversation.messages).toHaveLength(0);
    h.dispose();
  });

  it("keeps a failed reply with its error, and Retry replaces it without losing the question", async () => {
    testing.set("rooCodePlus.litellmModelId", "server-error");
    const h = await open();
    await h.send("will this work?");
    const failed = last("replyFinished")?.message;
    expect(failed?.state).toBe("failed");
    expect(failed?.error?.kind).toBe("serverError");

    testing.set("rooCodePlus.litellmModelId", "echo");
    h.shell.settings.changed();
    expect(await h.retry()).toEqual({ ok: true });
    const restarted = last("replyStarted");
    expect(restarted?.userMessage).toBeNull();
    expect(restarted?.replacedMessageIds).toEqual([failed?.id]);
    const retried = (await h.state()).chat.conversation.messages;
    expect(retried.map((message) => message.state)).toEqual(["complete", "complete"]);
    expect(retried[0]?.text).toBe("will this work?");
    h.dispose();
  });

  it("answers Retry with nothing to retry as an error, changing nothing", async () => {
    const h = await open();
    await h.send("fine");
    const outcome = await h.retry();
    expect(outcome.ok).toBe(false);
    expect((await h.state()).chat.conversation.messages).toHaveLength(2);
    h.dispose();
  });

  it("rejects an invalid settings save with the field named, keeping the old settings", async () => {
    const h = await open();
    const answer = await h.request({
      kind: "saveSettings",
      settings: { apiProvider: "litellm", litellmApiUrl: "ftp://nope", litellmModelId: "echo", litellmModelInfo: null, customInstructions: "", context: { maxFileBytes: 1000000, condenseThresholdPercent: 80 }, agent: defaultAgentView() },
    });
    expect(answer.ok ? undefined : answer.error.message).toMatch(/http/);
    expect((await h.shell.settings.view()).litellmApiUrl).toBe(server.url);
    h.dispose();
  });

  it("refuses a key the core would not send, storing nothing and saying why", async () => {
    const h = await open();
    const before = h.keys.value;
    const answer = await h.request({ kind: "setApiKey", apiKey: "sk-two words\nand a line" });
    expect(answer.ok).toBe(false);
    expect(answer.ok ? undefined : answer.error.field).toBe("litellmApiKey");
    expect(answer.ok ? undefined : answer.error.message).toMatch(/printable characters/);
    expect(JSON.stringify(answer)).not.toContain("two words");
    expect(h.keys.value).toBe(before);
    h.dispose();
  });

  it("sends the state again once after a settings save", async () => {
    const h = await open();
    const answer = await h.request({ kind: "setApiKey", apiKey: "sk-another-key-000000000" });
    expect(answer.ok && answer.settings.apiKeySet).toBe(true);
    await h.settled();
    expect(posted.filter((message) => message.type === "state")).toHaveLength(1);
    h.dispose();
  });

  it("validates a URL as the user types", async () => {
    const h = await open();
    expect(await h.request({ kind: "validateApiUrl", apiUrl: "http://localhost:4000" })).toEqual({ error: null });
    expect((await h.request({ kind: "validateApiUrl", apiUrl: "localhost:4000" })).error).toMatch(/http/);
    h.dispose();
  });

  it("never sends the key to the webview, the chat files or the log", async () => {
    const h = await open();
    await h.send("hello");
    await h.request({
      kind: "saveSettings",
      settings: { apiProvider: "litellm", litellmApiUrl: server.url, litellmModelId: "echo", litellmModelInfo: null, customInstructions: "", context: { maxFileBytes: 1000000, condenseThresholdPercent: 80 }, agent: defaultAgentView() },
    });
    expect((await h.shell.settings.view()).apiKeySet).toBe(true);
    expect(JSON.stringify(posted)).not.toContain(KEY);
    expect(JSON.stringify(logs)).not.toContain(KEY);
    const names = await readdir(folder, { recursive: true });
    const files = await Promise.all(names.map((name) => readFile(join(folder, name), "utf8").catch(() => "")));
    expect(names).toContain("index.json");
    expect(files.join("\n")).toContain("hello");
    expect(files.join("\n")).not.toContain(KEY);
    h.dispose();
  });

  it("keeps an unreadable old history file aside, tells the user, and starts afresh", async () => {
    await writeFile(join(folder, "chat-history.json"), "{ this is not json");
    const h = await open();
    expect(h.warnings.some((line) => line.includes("could not be read"))).toBe(true);
    expect(await h.send("hello")).toEqual({ ok: true });
    expect((await readdir(folder)).some((name) => name.startsWith("chat-history.json.unreadable-"))).toBe(true);
    h.dispose();
  });

  it("ignores ids that are not chats of the history, and never touches a path outside it", async () => {
    const h = await open();
    await h.send("keep me");
    await h.notice({ type: "deleteChat", conversationId: "../../index" });
    await h.notice({ type: "openChat", conversationId: "../index" });
    await h.notice({ type: "stopReply", conversationId: "nope" });
    expect((await h.state()).history).toHaveLength(1);
    expect(await readdir(folder)).toContain("index.json");
    h.dispose();
  });
});
