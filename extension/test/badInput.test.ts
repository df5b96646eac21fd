// Bad settings and the API key, at the shell (through its router) with the real wasm backend and
// the local fault server. A bad value, typed in the panel or hand-edited into settings.json, gets a message
// naming the field and the previous good settings keep working; and after a whole session the key
// is found nowhere but the key store: not in a webview message, a log line, a file, a setting or
// an error text.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { defaultAgentView, harness, type Harness, shellTestBed } from "./controllerHarness";
import { redact } from "../src/redact";
import type { ModelInfo } from "../src/shared/generated/types";
import type { SettingsUpdate } from "../src/shared/protocol";

const KEY = "sk-bad-input-secret-key-0123456789";

const bed = shellTestBed("roo-bad-input-");

const INFO: ModelInfo = {
  maxTokens: 1024,
  contextWindow: 8192,
  supportsImages: false,
  supportsPromptCache: false,
  supportsReasoning: false,
  supportsFunctionCalling: null,
  inputPrice: 1,
  outputPrice: 2,
  cacheWritesPrice: null,
  cacheReadsPrice: null,
  description: null,
};

function update(fields: Partial<SettingsUpdate>): SettingsUpdate {
  return { apiProvider: "litellm", litellmApiUrl: bed.server.url, litellmModelId: "echo", litellmModelInfo: null, customInstructions: "", context: { maxFileBytes: 1000000, condenseThresholdPercent: 80 }, agent: defaultAgentView(), ...fields };
}

async function expectChatStillWorks(h: Harness, id: string): Promise<void> {
  expect(await h.send(`still working ${id}`)).toEqual({ ok: true });
  const finished = h.last("replyFinished");
  expect(finished?.message).toMatchObject({ role: "assistant", state: "complete", text: `still working ${id}` });
  expect((await h.state()).chat.streaming).toBe(false);
}

function save(h: Harness, settings: SettingsUpdate) {
  return h.request({ kind: "saveSettings", settings });
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
    const h = await harness(bed.folder, { key: KEY });
    const answer = await save(h, update(fields));
    const rejected = answer.ok ? undefined : answer;
    expect(answer.ok).toBe(false);
    expect(rejected?.error.field).toContain(field);
    expect(rejected?.error.message.length).toBeGreaterThan(15);
    // The previous good settings are still the stored ones, and a message still sends.
    const view = await h.shell.settings.view();
    expect(view.litellmApiUrl).toBe(bed.server.url);
    expect(view.litellmModelId).toBe("echo");
    expect(view.litellmModelInfo).toBeNull();
    await expectChatStillWorks(h, "after");
    h.dispose();
  });

  it.each(["", "   "])("treats an empty URL (%j) as the default proxy URL, not as an error", async (url) => {
    const h = await harness(bed.folder, { key: KEY });
    const answer = await save(h, update({ litellmApiUrl: url }));
    expect(answer.ok ? answer.settings.litellmApiUrl : answer.error).toBe("http://localhost:4000");
    // Back to the good URL, the chat works.
    expect((await save(h, update({}))).ok).toBe(true);
    await expectChatStillWorks(h, "after");
    h.dispose();
  });

  it("never stores an infinite price as a number (JSON has no Infinity: it reads as unknown)", async () => {
    const h = await harness(bed.folder, { key: KEY });
    const answer = await save(h, update({ litellmModelInfo: { ...INFO, outputPrice: Number.POSITIVE_INFINITY } }));
    if (answer.ok) {
      // Accepted as "price unknown": the cost must then never be an infinite number.
      await expectChatStillWorks(h, "after");
      const finished = h.last("replyFinished");
      expect(JSON.stringify(finished?.message.usage ?? null)).not.toMatch(/Infinity|NaN/);
      expect(Number.isFinite(finished?.totals.knownCostUsd)).toBe(true);
    } else {
      expect(answer.error.field).toContain("litellmModelInfo");
    }
    h.dispose();
  });

  it("accepts a good override after a rejected one", async () => {
    const h = await harness(bed.folder, { key: KEY });
    expect((await save(h, update({ litellmModelInfo: { ...INFO, contextWindow: -1 } }))).ok).toBe(false);
    const answer = await save(h, update({ litellmModelInfo: INFO }));
    expect(answer.ok ? answer.settings.litellmModelInfo : answer.error).toMatchObject({ contextWindow: 8192 });
    await expectChatStillWorks(h, "after");
    // The meter follows the new context window.
    expect((await h.state()).chat.model.info.contextWindow).toBe(8192);
    h.dispose();
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

  it.each(cases)("answers %s with a failed send naming the field; restoring it works", async (_name, key, value) => {
    const h = await harness(bed.folder, { key: KEY });
    await expectChatStillWorks(h, "before");
    const good = testing.all()[`rooCodePlus.${key}`];
    testing.set(`rooCodePlus.${key}`, value);
    h.shell.settings.changed();

    const answer = await h.send("keep this text");
    const rejected = answer.ok ? undefined : answer;
    expect(rejected?.error.kind).toBe("invalidSettings");
    expect(`${rejected?.error.detail ?? ""} ${rejected?.error.message ?? ""}`).toContain(key);
    // Nothing was added to the chat (the composer keeps the text), and it still renders.
    const state = await h.state();
    expect(state.chat.conversation.messages).toHaveLength(2);
    expect(state.chat.streaming).toBe(false);

    if (good === undefined) testing.set(`rooCodePlus.${key}`, key === "apiProvider" ? "litellm" : null);
    else testing.set(`rooCodePlus.${key}`, good);
    h.shell.settings.changed();
    await expectChatStillWorks(h, "restored");
    expect((await h.state()).chat.conversation.messages).toHaveLength(4);
    h.dispose();
  });
});

/** Every file under the storage folder, read as text (chats, index, temporary files, backups). */
async function filesText(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true });
  const parts = await Promise.all(names.map((name) => readFile(join(dir, name), "utf8").catch(() => "")));
  return parts.join("\n");
}

describe("the API key after a whole session", () => {
  it("appears in no webview message, log line, file, setting or error text", async () => {
    const raw: string[] = [];
    // As extension.ts does: every log line is redacted before the output channel sees it.
    const h = await harness(bed.folder, { key: undefined, log: (line) => (raw.push(line), redact(line, KEY)) });
    await h.notice({ type: "ready" });
    const keySaved = await h.request({ kind: "setApiKey", apiKey: `  ${KEY}  ` });
    expect(h.keys.value).toBe(KEY);
    expect(keySaved.ok && keySaved.settings.apiKeySet).toBe(true);

    await h.send("hello");
    testing.set("rooCodePlus.litellmModelId", "server-error");
    h.shell.settings.changed();
    await h.send("this fails");
    testing.set("rooCodePlus.litellmModelId", "leak-key");
    h.shell.settings.changed();
    await h.retry();
    // The careless proxy really did send the key back: the classified error must not keep it.
    const leaked = h.last("replyFinished")?.message;
    expect(leaked?.state).toBe("failed");
    expect(leaked?.error?.kind).toBe("unauthorized");
    testing.set("rooCodePlus.litellmModelId", "echo");
    h.shell.settings.changed();
    await h.retry();
    await save(h, update({ litellmModelId: "echo" }));
    await save(h, update({ litellmApiUrl: "javascript:alert(1)" }));
    await h.request({ kind: "refreshModels", apiUrl: "" });
    await h.request({ kind: "refreshModels", apiUrl: "http://127.0.0.1:9" });
    await h.request({ kind: "validateApiUrl", apiUrl: "not a url" });
    await h.notice({ type: "newChat" });
    await h.notice({ type: "ready" });
    await h.settled();
    h.dispose();

    // A fresh window reading the saved history back.
    const again = await harness(bed.folder, { key: KEY, openChatId: h.openChatId });
    await again.notice({ type: "ready" });
    await again.notice({ type: "openChat", conversationId: again.shell.chats.history()[0]?.id ?? "" });
    again.dispose();

    const responses = h.posted.flatMap((message) => (message.type === "response" ? [message] : []));
    expect(responses.some((message) => message.kind === "refreshModels" && message.response.ok)).toBe(true);
    expect(responses.some((message) => message.kind === "refreshModels" && !message.response.ok)).toBe(true);
    expect(responses.some((message) => message.kind === "saveSettings" && !message.response.ok)).toBe(true);
    const everything = [...h.posted, ...again.posted];
    const places: Record<string, string> = {
      "webview messages": JSON.stringify(everything),
      "log lines (as written)": JSON.stringify(raw),
      "log lines (output channel)": JSON.stringify([...h.logs, ...again.logs]),
      "user warnings": JSON.stringify([...h.warnings, ...again.warnings]),
      "files in global storage": await filesText(bed.folder),
      "configuration values": JSON.stringify(testing.all()),
      "error texts": JSON.stringify(
        everything.flatMap((message): unknown[] => {
          if (message.type === "response") return "error" in message.response ? [message.response.error] : [];
          if (message.type === "replyFinished") return [message.message.error];
          if (message.type === "chatOpened") return message.chat.conversation.messages.map((m) => m.error);
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
