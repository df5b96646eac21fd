// Bad settings and the API key, at the chat controller with the real wasm backend and the local
// fault server. A bad value, typed in the panel or hand-edited into settings.json, gets a message
// naming the field and the previous good settings keep working; and after a whole session the key
// is found nowhere but the key store: not in a webview message, a log line, a file, a setting or
// an error text.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { startFaultServer, type FaultServer } from "../../tests/support/fault-server";
import { harness, type Harness } from "./controllerHarness";
import { redact } from "../src/redact";
import type { ModelInfo } from "../src/shared/generated/types";
import type { SettingsUpdate } from "../src/shared/protocol";

const KEY = "sk-bad-input-secret-key-0123456789";

let server: FaultServer;
let folder: string;

beforeAll(async () => {
  server = await startFaultServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "roo-bad-input-"));
  testing.reset();
  testing.set("rooCodePlus.litellmApiUrl", server.url);
  testing.set("rooCodePlus.litellmModelId", "echo");
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const INFO: ModelInfo = {
  maxTokens: 1024,
  contextWindow: 8192,
  supportsImages: false,
  supportsPromptCache: false,
  supportsReasoning: false,
  inputPrice: 1,
  outputPrice: 2,
  cacheWritesPrice: null,
  cacheReadsPrice: null,
  description: null,
};

function update(fields: Partial<SettingsUpdate>): SettingsUpdate {
  return { apiProvider: "litellm", litellmApiUrl: server.url, litellmModelId: "echo", litellmModelInfo: null, ...fields };
}

async function expectChatStillWorks(h: Harness, id: string): Promise<void> {
  await h.chat.sendMessage(id, `still working ${id}`);
  const finished = h.last("replyFinished");
  expect(finished?.requestId).toBe(id);
  const reply = finished?.chat.conversation.messages.at(-1);
  expect(reply).toMatchObject({ role: "assistant", state: "complete", text: `still working ${id}` });
  expect(finished?.chat.activeRequestId).toBeNull();
}

describe("bad settings typed in the panel", () => {
  const cases: [string, Partial<SettingsUpdate>, string][] = [
    ["a relative URL", { litellmApiUrl: "/v1/chat" }, "litellmApiUrl"],
    ["a host without a scheme", { litellmApiUrl: "localhost:4000" }, "litellmApiUrl"],
    ["a file: URL", { litellmApiUrl: "file:///etc/passwd" }, "litellmApiUrl"],
    ["a javascript: URL", { litellmApiUrl: "javascript:alert(1)" }, "litellmApiUrl"],
    ["a data: URL", { litellmApiUrl: "data:text/html,<script>alert(1)</script>" }, "litellmApiUrl"],
    ["a URL with spaces", { litellmApiUrl: "http://local host:4000" }, "litellmApiUrl"],
    ["a model id with a newline", { litellmModelId: "gpt-4o\nX-Injected: yes" }, "litellmModelId"],
    ["a model id with a carriage return", { litellmModelId: "gpt\r4o" }, "litellmModelId"],
    ["a model id with a tab", { litellmModelId: "gpt\t4o" }, "litellmModelId"],
    ["a negative context window", { litellmModelInfo: { ...INFO, contextWindow: -1 } }, "litellmModelInfo"],
    ["a negative max tokens", { litellmModelInfo: { ...INFO, maxTokens: -5 } }, "litellmModelInfo"],
    ["an absurd context window", { litellmModelInfo: { ...INFO, contextWindow: 1e300 } }, "litellmModelInfo"],
    ["a fractional max tokens", { litellmModelInfo: { ...INFO, maxTokens: 10.5 } }, "litellmModelInfo"],
    ["a negative price", { litellmModelInfo: { ...INFO, inputPrice: -3 } }, "litellmModelInfo"],
    ["a price in the wrong unit", { litellmModelInfo: { ...INFO, outputPrice: 1e9 } }, "litellmModelInfo"],
    ["a zero context window", { litellmModelInfo: { ...INFO, contextWindow: 0 } }, "litellmModelInfo"],
    ["max tokens above the context window", { litellmModelInfo: { ...INFO, maxTokens: 100_000, contextWindow: 1000 } }, "litellmModelInfo"],
  ];

  it.each(cases)("rejects %s, naming the field, and the old settings keep working", async (_name, fields, field) => {
    const h = harness(folder, { key: KEY });
    await h.chat.saveSettings("save", update(fields));
    const rejected = h.last("settingsRejected");
    expect(h.last("settingsSaved")).toBeUndefined();
    expect(rejected?.error.field).toContain(field);
    expect(rejected?.error.message.length).toBeGreaterThan(15);
    // The previous good settings are still the stored ones, and a message still sends.
    const view = await h.chat.settingsView();
    expect(view.litellmApiUrl).toBe(server.url);
    expect(view.litellmModelId).toBe("echo");
    expect(view.litellmModelInfo).toBeNull();
    await expectChatStillWorks(h, "after");
    h.chat.dispose();
  });

  it.each(["", "   "])("treats an empty URL (%j) as the default proxy URL, not as an error", async (url) => {
    const h = harness(folder, { key: KEY });
    await h.chat.saveSettings("save", update({ litellmApiUrl: url }));
    expect(h.last("settingsRejected")).toBeUndefined();
    expect(h.last("settingsSaved")?.settings.litellmApiUrl).toBe("http://localhost:4000");
    // Back to the good URL, the chat works.
    await h.chat.saveSettings("save", update({}));
    await expectChatStillWorks(h, "after");
    h.chat.dispose();
  });

  it("never stores an infinite price as a number (JSON has no Infinity: it reads as unknown)", async () => {
    const h = harness(folder, { key: KEY });
    await h.chat.saveSettings("save", update({ litellmModelInfo: { ...INFO, outputPrice: Number.POSITIVE_INFINITY } }));
    const rejected = h.last("settingsRejected");
    if (rejected === undefined) {
      // Accepted as "price unknown": the cost must then never be an infinite number.
      await expectChatStillWorks(h, "after");
      const reply = h.last("replyFinished")?.chat.conversation.messages.at(-1);
      expect(JSON.stringify(reply?.usage ?? null)).not.toMatch(/Infinity|NaN/);
      expect(Number.isFinite(h.last("replyFinished")?.chat.totals.knownCostUsd)).toBe(true);
    } else {
      expect(rejected.error.field).toContain("litellmModelInfo");
    }
    h.chat.dispose();
  });

  it("accepts a good override after a rejected one", async () => {
    const h = harness(folder, { key: KEY });
    await h.chat.saveSettings("bad", update({ litellmModelInfo: { ...INFO, contextWindow: -1 } }));
    await h.chat.saveSettings("good", update({ litellmModelInfo: INFO }));
    expect(h.last("settingsSaved")?.settings.litellmModelInfo).toMatchObject({ contextWindow: 8192 });
    await expectChatStillWorks(h, "after");
    h.chat.dispose();
  });
});

describe("settings hand-edited into the wrong JSON types", () => {
  const cases: [string, string, unknown][] = [
    ["a number as the URL", "litellmApiUrl", 4000],
    ["an object as the URL", "litellmApiUrl", { host: "localhost" }],
    ["an array as the model id", "litellmModelId", ["echo"]],
    ["a boolean as the model id", "litellmModelId", true],
    ["a string as the model info", "litellmModelInfo", "big"],
    ["an array as the model info", "litellmModelInfo", [1, 2]],
    ["a string context window", "litellmModelInfo", { ...INFO, contextWindow: "8192" }],
    ["a negative context window", "litellmModelInfo", { ...INFO, contextWindow: -8192 }],
    ["a number as the provider", "apiProvider", 1],
    ["an unknown provider", "apiProvider", "openai-but-not-really"],
  ];

  it.each(cases)("answers %s with sendRejected naming the field; restoring it works", async (_name, key, value) => {
    const h = harness(folder, { key: KEY });
    await expectChatStillWorks(h, "before");
    const good = testing.all()[`rooCodePlus.${key}`];
    testing.set(`rooCodePlus.${key}`, value);
    h.chat.settingsChanged();

    await h.chat.sendMessage("bad", "keep this text");
    const rejected = h.last("sendRejected");
    expect(rejected?.requestId).toBe("bad");
    expect(rejected?.text).toBe("keep this text");
    expect(rejected?.error.kind).toBe("invalidSettings");
    expect(`${rejected?.error.detail ?? ""} ${rejected?.error.message ?? ""}`).toContain(key);
    // Nothing was added to the chat, and it still renders (the panel shows a fallback).
    const state = await h.chat.state();
    expect(state.chat.conversation.messages).toHaveLength(2);
    expect(state.chat.activeRequestId).toBeNull();

    if (good === undefined) testing.set(`rooCodePlus.${key}`, key === "apiProvider" ? "litellm" : null);
    else testing.set(`rooCodePlus.${key}`, good);
    h.chat.settingsChanged();
    await expectChatStillWorks(h, "restored");
    expect((await h.chat.state()).chat.conversation.messages).toHaveLength(4);
    h.chat.dispose();
  });
});

/** Every file under the folder, read as text (history, temporary files, backups). */
async function filesText(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true });
  const parts = await Promise.all(names.map((name) => readFile(join(dir, name), "utf8").catch(() => "")));
  return parts.join("\n");
}

describe("the API key after a whole session", () => {
  it("appears in no webview message, log line, file, setting or error text", async () => {
    const raw: string[] = [];
    // As extension.ts does: every log line is redacted before the output channel sees it.
    const h = harness(folder, { key: undefined, log: (line) => (raw.push(line), redact(line, KEY)) });
    await h.chat.loadHistory();
    await h.chat.postState();
    await h.chat.setApiKey("key", `  ${KEY}  `);
    expect(h.keys.value).toBe(KEY);
    expect(h.last("settingsSaved")?.settings.apiKeySet).toBe(true);

    await h.chat.sendMessage("r1", "hello");
    testing.set("rooCodePlus.litellmModelId", "server-error");
    h.chat.settingsChanged();
    await h.chat.sendMessage("r2", "this fails");
    testing.set("rooCodePlus.litellmModelId", "leak-key");
    h.chat.settingsChanged();
    await h.chat.retryReply("r3");
    // The careless proxy really did send the key back: the classified error must not keep it.
    const leaked = h.last("replyFinished")?.chat.conversation.messages.at(-1);
    expect(leaked?.state).toBe("failed");
    expect(leaked?.error?.kind).toBe("unauthorized");
    testing.set("rooCodePlus.litellmModelId", "echo");
    h.chat.settingsChanged();
    await h.chat.retryReply("r4");
    await h.chat.saveSettings("s1", update({ litellmModelId: "echo" }));
    await h.chat.saveSettings("s2", update({ litellmApiUrl: "javascript:alert(1)" }));
    await h.chat.refreshModels("m1", "");
    await h.chat.refreshModels("m2", "http://127.0.0.1:9");
    h.chat.validateApiUrl("v1", "not a url");
    await h.chat.newChat();
    await h.chat.postState();
    h.chat.dispose();

    // A fresh controller reading the saved history back.
    const again = harness(folder, { key: KEY });
    await again.chat.loadHistory();
    await again.chat.postState();
    again.chat.dispose();

    expect(h.posted.some((message) => message.type === "modelsLoaded")).toBe(true);
    expect(h.posted.some((message) => message.type === "modelsFailed")).toBe(true);
    expect(h.posted.some((message) => message.type === "settingsRejected")).toBe(true);
    const places: Record<string, string> = {
      "webview messages": JSON.stringify([...h.posted, ...again.posted]),
      "log lines (as written)": JSON.stringify(raw),
      "log lines (output channel)": JSON.stringify([...h.logs, ...again.logs]),
      "files in global storage": await filesText(folder),
      "configuration values": JSON.stringify(testing.all()),
      "error texts": JSON.stringify(
        [...h.posted, ...again.posted].flatMap((message): unknown[] => {
          if (message.type === "modelsFailed" || message.type === "sendRejected") return [message.error];
          if (message.type === "settingsRejected") return [message.error];
          if (message.type === "replyFinished") return message.chat.conversation.messages.map((m) => m.error);
          if (message.type === "state") return message.state.chat.conversation.messages.map((m) => m.error);
          return [];
        }),
      ),
    };
    expect(places["files in global storage"]).toContain("this fails");
    expect(places["error texts"]).toContain("rejected the API key");
    for (const [place, text] of Object.entries(places)) {
      expect(text.includes(KEY), `the key leaked into ${place}`).toBe(false);
      // Not even a recognisable part of it.
      expect(text.includes(KEY.slice(3, 23)), `part of the key leaked into ${place}`).toBe(false);
    }
    // The settings never had a key field written.
    expect(Object.keys(testing.all()).some((name) => /key/i.test(name))).toBe(false);
  });

  it("redacts the key and bearer tokens from log lines", () => {
    expect(redact(`failed with ${KEY}`, KEY)).toBe("failed with [redacted]");
    expect(redact("Authorization: Bearer abc.def.ghi", undefined)).toBe("Authorization: Bearer [redacted]");
    expect(redact("key sk-someOtherKey123 in text", undefined)).toBe("key [redacted] in text");
  });
});
