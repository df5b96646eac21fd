// The fault matrix at the shell's level: for every way the network or the proxy can fail, the
// reply ends with the right classified error in plain words, the text that streamed before the
// fault is kept, the earlier conversation is intact on disk (reloaded to check), and no reply is
// left streaming (the webview's spinner follows `streaming` and `replyFinished`). The shell runs
// the real wasm backend against the local fault server; the proxy-only faults (LiteLLM's own
// 401/400, its retry-after header) are in tests/wasm/controllerProxy.test.ts.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { SPLIT_UTF8_TEXT, startFaultServer, type FaultServer } from "../../tests/support/fault-server";
import { FAST_POLICY, harness, lastPosted, MemoryOpenChatId, type Harness } from "./controllerHarness";
import type { ApiErrorKind, ChatMessage, RequestPolicy } from "../src/shared/generated/types";
import type { ExtensionToWebview } from "../src/shared/protocol";

const KEY = "sk-fault-matrix-key-0123456789";

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
  folder = await mkdtemp(join(tmpdir(), "roo-fault-matrix-"));
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

/** A window over the test folder; the same window each time (its open chat is remembered). */
function open(policy: Partial<RequestPolicy> = FAST_POLICY): Promise<Harness> {
  return harness(folder, { key: KEY, policy, posted, logs, openChatId: window });
}

function last<T extends ExtensionToWebview["type"]>(type: T): Extract<ExtensionToWebview, { type: T }> | undefined {
  return lastPosted(posted, type);
}

interface Fault {
  name: string;
  /** The fault server's scenario, sent as the model id. */
  model: string;
  /** Another proxy URL (a port nothing listens on). */
  url?: string;
  /** The error kind, or null when the reply must complete. */
  kind: ApiErrorKind | null;
  /** The plain-words message. */
  message?: RegExp;
  /** Text that must be kept in the reply ("" when nothing streamed before the fault). */
  partial: string;
}

const FAULTS: Fault[] = [
  { name: "a refused connection", model: "echo", url: "http://127.0.0.1:9", kind: "proxyUnreachable", message: /Could not reach the LiteLLM proxy/, partial: "" },
  { name: "401 unauthorized", model: "unauthorized", kind: "unauthorized", message: /rejected the API key/, partial: "" },
  { name: "400 no_db_connection (a wrong key)", model: "no-db", kind: "unauthorized", message: /rejected the API key/, partial: "" },
  { name: "404 model not found", model: "not-found", kind: "unknownModel", message: /does not know (the|this) model/, partial: "" },
  { name: "429 with retry-after", model: "rate-limit", kind: "rateLimited", message: /rate limiting requests\. Wait 2 seconds/, partial: "" },
  { name: "500", model: "server-error", kind: "serverError", message: /internal error \(HTTP 500\)/, partial: "" },
  { name: "503", model: "unavailable", kind: "upstreamDown", message: /could not reach the model provider behind it/, partial: "" },
  { name: "HTML instead of JSON", model: "html", kind: "malformedResponse", message: /answered something unexpected/, partial: "" },
  { name: "malformed JSON mid-stream", model: "malformed-json", kind: "malformedResponse", message: /could\s+not be read.*partial reply is kept/s, partial: "Good start" },
  { name: "an error frame mid-stream", model: "error-frame", kind: "serverError", message: /(error in the middle of the reply|internal error)/, partial: "Good start" },
  { name: "a line of several megabytes", model: "huge-line", kind: null, partial: "All work and no play makes a very long line. " },
  { name: "a UTF-8 character split across reads", model: "split-utf8", kind: null, partial: SPLIT_UTF8_TEXT },
  { name: "no [DONE]", model: "no-done", kind: "streamCutShort", message: /cut short.*partial reply is kept/s, partial: "This stream never says done." },
  { name: "a dropped connection", model: "drop", kind: "streamCutShort", message: /cut short.*partial reply is kept/s, partial: "The connection will drop" },
  { name: "a stall after the headers", model: "stall-after-headers", kind: "timeout", message: /(did not answer in time|stopped arriving)/, partial: "" },
  { name: "a stall mid-stream", model: "stall-mid-stream", kind: "timeout", message: /stopped arriving.*partial reply is kept/s, partial: "And then nothing" },
];

function expectFirstExchangeIntact(messages: readonly ChatMessage[]): void {
  expect(messages[0]).toMatchObject({ role: "user", text: "first question", state: "complete" });
  expect(messages[1]).toMatchObject({ role: "assistant", text: "first question", state: "complete" });
  expect(messages[2]).toMatchObject({ role: "user", text: "second question", state: "complete" });
}

/** Every file the chat store wrote must be whole JSON, with no temporary file left beside it. */
async function expectFilesWhole(): Promise<void> {
  const names = await readdir(folder, { recursive: true });
  expect(names.filter((name) => name.endsWith(".tmp") || name.endsWith(".lock"))).toEqual([]);
  for (const name of names.filter((candidate) => candidate.endsWith(".json"))) {
    JSON.parse(await readFile(join(folder, name), "utf8"));
  }
}

describe("the fault matrix, at the shell", () => {
  it.each(FAULTS)("$name", async (fault) => {
    const h = await open();
    await h.send("first question");
    expect(last("replyFinished")?.message.state).toBe("complete");

    testing.set("rooCodePlus.litellmModelId", fault.model);
    if (fault.url !== undefined) testing.set("rooCodePlus.litellmApiUrl", fault.url);
    h.shell.settings.changed();
    // Nothing hangs: every fault (stalls included, with the short policy) ends the reply, or the
    // test's own timeout fails it.
    expect(await h.send("second question")).toEqual({ ok: true });

    const finished = last("replyFinished");
    expect(finished?.conversationId).toBe(h.shell.chats.session.id);
    const messages = (await h.state()).chat.conversation.messages;
    expect(messages).toHaveLength(4);
    expectFirstExchangeIntact(messages);
    const reply = messages[3];
    expect(finished?.message).toEqual(reply);
    if (fault.kind === null) {
      expect(reply?.state).toBe("complete");
      expect(reply?.error).toBeNull();
    } else {
      expect(reply?.state).toBe("failed");
      expect(reply?.error?.kind).toBe(fault.kind);
      expect(reply?.error?.message).toMatch(fault.message ?? /./);
    }
    if (fault.partial === "") {
      expect(reply?.text).toBe("");
    } else {
      expect(reply?.text).toContain(fault.partial);
    }
    // The live state agrees: no spinner left for any chat.
    expect((await h.state()).chat.streaming).toBe(false);
    expect(messages.some((message) => message.state === "streaming")).toBe(false);
    h.dispose();

    // The history on disk is whole: reloaded by the same window, it has the same messages.
    await expectFilesWhole();
    const reloaded = await open();
    const state = await reloaded.state();
    const saved = state.chat.conversation.messages;
    expect(saved.map((message) => [message.role, message.state, message.text])).toEqual(
      messages.map((message) => [message.role, message.state, message.text]),
    );
    expect(saved[3]?.error?.kind ?? null).toBe(fault.kind);
    expect(state.chat.streaming).toBe(false);

    // And the chat goes on: with the fault gone, Retry replaces the failed reply.
    if (fault.kind !== null) {
      testing.set("rooCodePlus.litellmModelId", "echo");
      testing.set("rooCodePlus.litellmApiUrl", server.url);
      reloaded.shell.settings.changed();
      expect(await reloaded.retry()).toEqual({ ok: true });
      const retried = (await reloaded.state()).chat.conversation.messages;
      expect(retried.map((message) => message.state)).toEqual(["complete", "complete", "complete", "complete"]);
      expect(retried[3]?.text).toBe("second question");
    }
    expect(JSON.stringify(posted)).not.toContain(KEY);
    expect(JSON.stringify(logs)).not.toContain(KEY);
    reloaded.dispose();
  });

  it("stops a reply stalled mid-stream at once, keeping its text", async () => {
    testing.set("rooCodePlus.litellmModelId", "stall-mid-stream");
    // The default (two-minute) idle timeout: only Stop can end this one within the test's timeout.
    const h = await open({ maxRetries: 0 });
    await h.request({ kind: "sendMessage", text: "go", mentions: [], images: [] });
    await waitFor(() => posted.some((message) => message.type === "replyDelta"));
    await h.notice({ type: "stopReply", conversationId: h.shell.chats.session.id });
    await h.settled();
    const finished = last("replyFinished");
    expect(finished?.message).toMatchObject({ state: "stopped" });
    expect(finished?.message.text).toContain("And then nothing");
    expect((await h.state()).chat.streaming).toBe(false);
    h.dispose();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
