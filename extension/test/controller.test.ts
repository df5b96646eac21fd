// The chat controller with the real wasm backend, a real history file and a local OpenAI-style
// server: the extension's message handlers as the webview drives them.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { startFaultServer, type FaultServer } from "../../tests/support/fault-server";
import type { ChatController } from "../src/ChatController";
import { HistoryStore } from "../src/historyStore";
import { harness, lastPosted } from "./controllerHarness";
import type { ExtensionToWebview } from "../src/shared/protocol";

const KEY = "sk-controller-test-key-123456";

let server: FaultServer;
let folder: string;
let posted: ExtensionToWebview[];
let logs: string[];

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
  testing.reset();
  testing.set("rooCodePlus.litellmApiUrl", server.url);
  testing.set("rooCodePlus.litellmModelId", "echo");
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A controller with the real backend's default policy (retries and timeouts as shipped). */
function controller(): ChatController {
  return harness(folder, { key: KEY, policy: {}, posted, logs }).chat;
}

function last<T extends ExtensionToWebview["type"]>(type: T): Extract<ExtensionToWebview, { type: T }> | undefined {
  return lastPosted(posted, type);
}

describe("ChatController", () => {
  it("streams a reply into the chat, posts each update, and saves the history", async () => {
    const chat = controller();
    await chat.sendMessage("r1", "hello there, echo me");
    const updates = posted.filter((message) => message.type === "replyUpdated");
    expect(updates.length).toBeGreaterThan(0);
    const finished = last("replyFinished");
    const messages = finished?.chat.conversation.messages ?? [];
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(messages[1]?.text).toBe("hello there, echo me");
    expect(messages[1]?.state).toBe("complete");
    expect(finished?.chat.activeRequestId).toBeNull();
    expect(finished?.chat.totals.outputTokens).toBeGreaterThan(0);

    const reloaded = controller();
    await reloaded.loadHistory();
    const state = await reloaded.state();
    expect(state.chat.conversation.messages[1]?.text).toBe("hello there, echo me");
    chat.dispose();
    reloaded.dispose();
  });

  it("stops a long reply and keeps its partial text, marked stopped", async () => {
    testing.set("rooCodePlus.litellmModelId", "long");
    const chat = controller();
    const sending = chat.sendMessage("r2", "go");
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (posted.some((message) => message.type === "replyUpdated")) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    chat.stopReply("r2");
    await sending;
    const finished = last("replyFinished")?.chat;
    const reply = finished?.conversation.messages[1];
    expect(reply?.state).toBe("stopped");
    expect(reply?.text.length).toBeGreaterThan(0);
    // The tokens spent before Stop are estimated and counted in the chat's totals.
    expect(reply?.usage?.estimated).toBe(true);
    expect(reply?.usage?.outputTokens).toBeGreaterThan(0);
    expect(finished?.totals.outputTokens).toBe(reply?.usage?.outputTokens);
    chat.dispose();
  });

  it("gives the typed text back when the settings are invalid, adding nothing to the chat", async () => {
    testing.set("rooCodePlus.litellmApiUrl", "file:///etc/passwd");
    const chat = controller();
    await chat.sendMessage("r3", "my question");
    const rejected = last("sendRejected");
    expect(rejected?.text).toBe("my question");
    expect(rejected?.error.kind).toBe("invalidSettings");
    expect((await chat.state()).chat.conversation.messages).toHaveLength(0);
    chat.dispose();
  });

  it("keeps a failed reply with its error, and Retry replaces it without losing the question", async () => {
    testing.set("rooCodePlus.litellmModelId", "server-error");
    const chat = controller();
    await chat.sendMessage("r4", "will this work?");
    const failed = last("replyFinished")?.chat.conversation.messages;
    expect(failed?.[1]?.state).toBe("failed");
    expect(failed?.[1]?.error?.kind).toBe("serverError");

    testing.set("rooCodePlus.litellmModelId", "echo");
    chat.settingsChanged();
    await chat.retryReply("r5");
    const retried = last("replyFinished")?.chat.conversation.messages;
    expect(retried?.map((message) => message.state)).toEqual(["complete", "complete"]);
    expect(retried?.[0]?.text).toBe("will this work?");
    chat.dispose();
  });

  it("rejects an invalid settings save with the field named, keeping the old settings", async () => {
    const chat = controller();
    await chat.saveSettings("s1", { apiProvider: "litellm", litellmApiUrl: "ftp://nope", litellmModelId: "echo", litellmModelInfo: null });
    expect(last("settingsRejected")?.error.message).toMatch(/http/);
    expect((await chat.settingsView()).litellmApiUrl).toBe(server.url);
    chat.dispose();
  });

  it("validates a URL as the user types", () => {
    const chat = controller();
    chat.validateApiUrl("v1", "http://localhost:4000");
    chat.validateApiUrl("v2", "localhost:4000");
    const answers = posted.filter((message) => message.type === "apiUrlValidated");
    expect(answers[0]?.error).toBeNull();
    expect(answers[1]?.error).toMatch(/http/);
    chat.dispose();
  });

  it("never sends the key to the webview, the history file or the log", async () => {
    const chat = controller();
    await chat.sendMessage("r6", "hello");
    await chat.saveSettings("s2", { apiProvider: "litellm", litellmApiUrl: server.url, litellmModelId: "echo", litellmModelInfo: null });
    expect((await chat.settingsView()).apiKeySet).toBe(true);
    expect(JSON.stringify(posted)).not.toContain(KEY);
    expect(JSON.stringify(logs)).not.toContain(KEY);
    expect(await readFile(join(folder, "chat-history.json"), "utf8")).not.toContain(KEY);
    chat.dispose();
  });

  it("backs up an unreadable history file instead of overwriting it", async () => {
    const store = new HistoryStore(folder);
    await store.save(new TextEncoder().encode("{ this is not json"));
    const chat = controller();
    await chat.loadHistory();
    expect(logs.some((line) => line.includes("could not be read"))).toBe(true);
    await chat.sendMessage("r7", "hello");
    const { readdir } = await import("node:fs/promises");
    expect((await readdir(folder)).some((name) => name.includes("unreadable"))).toBe(true);
    chat.dispose();
  });
});
