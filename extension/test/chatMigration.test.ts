// The one-time migration from the single `chat-history.json` of earlier versions to one file per
// chat plus an index, with the real wasm core over real files: from a version 2 file (as the
// previous release wrote it) and a version 1 file (the predecessor's Roo-style format).
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadBackend } from "../src/api/backend";
import { ChatStore } from "../src/chat/chatStore";

let folder: string;
let logs: string[];
let warnings: string[];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "roo-migration-"));
  logs = [];
  warnings = [];
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The store over the test folder, with its history list read. */
async function open(): Promise<ChatStore> {
  const store = await ChatStore.open({
    folder,
    core: loadBackend(),
    log: { info: (line) => logs.push(line), warn: (line) => logs.push(line), error: (line) => logs.push(line) },
    warnings: { warn: (line) => warnings.push(line) },
    newId: randomUUID,
  });
  await store.loadHistory();
  return store;
}

function message(id: string, role: string, text: string, state = "complete") {
  return { id, role, text, reasoning: "", state, modelId: role === "assistant" ? "gpt-4o" : null, usage: null, error: null };
}

/** A version 2 file as the previous release saved it: two good chats and one it cannot read. */
const V2_HISTORY = {
  version: 2,
  activeConversationId: "chat-two",
  conversations: [
    {
      id: "chat-one",
      title: "First chat",
      createdAtMs: 1_716_000_000_000,
      updatedAtMs: 1_716_000_001_000,
      messages: [message("u1", "user", "First chat"), message("a1", "assistant", "Hello!")],
    },
    {
      id: "chat-two",
      title: "Second chat",
      createdAtMs: 1_716_100_000_000,
      updatedAtMs: 1_716_100_001_000,
      // Saved while the reply streamed (the editor closed): it comes back stopped.
      messages: [message("u1", "user", "Second chat"), message("a1", "assistant", "Par", "streaming")],
    },
    {
      id: "chat-broken",
      title: "Broken",
      createdAtMs: 1,
      updatedAtMs: 2,
      messages: [message("u1", "narrator", "no such role")],
    },
  ],
};

/** A version 1 file: the predecessor's chats with their Anthropic-style messages. */
const V1_HISTORY = {
  version: 1,
  chats: [
    {
      id: "roo-task-1",
      ts: 1_715_000_000_000,
      apiConversationHistory: [
        { role: "user", content: [{ type: "text", text: "Fix the failing test" }] },
        { role: "assistant", content: "Here is the fix." },
      ],
    },
  ],
};

describe("migrating the single history file", () => {
  it("moves a version 2 file into per-chat files and an index, keeping the unreadable chat aside", async () => {
    await writeFile(join(folder, "chat-history.json"), JSON.stringify(V2_HISTORY));
    const store = await open();

    expect((await readdir(join(folder, "chats"))).sort()).toEqual(["chat-one.json", "chat-two.json"]);
    expect((await readdir(folder)).sort()).toEqual(["chat-history.json.migrated", "chats", "index.json", "unreadable"]);
    expect(JSON.parse(await readFile(join(folder, "chat-history.json.migrated"), "utf8"))).toEqual(V2_HISTORY);
    expect(store.summaries().map((summary) => summary.id).sort()).toEqual(["chat-one", "chat-two"]);
    expect(store.migratedOpenChatId).toBe("chat-two");

    // The chat that could not be read is kept whole, and the user is told.
    const kept = await readdir(join(folder, "unreadable"));
    expect(kept).toHaveLength(1);
    expect(await readFile(join(folder, "unreadable", kept[0] ?? ""), "utf8")).toContain("no such role");
    expect(warnings.join("\n")).toMatch(/could not be read/);

    const interrupted = await store.load("chat-two");
    expect(interrupted?.conversation().messages.map((m) => [m.text, m.state])).toEqual([
      ["Second chat", "complete"],
      ["Par", "stopped"],
    ]);
    interrupted?.free();
    store.dispose();

    // Opened again, nothing is migrated twice.
    warnings.length = 0;
    const again = await open();
    expect(again.migratedOpenChatId).toBeUndefined();
    expect(again.summaries()).toHaveLength(2);
    expect(warnings).toEqual([]);
    again.dispose();
  });

  it("moves a version 1 file into per-chat files", async () => {
    await writeFile(join(folder, "chat-history.json"), JSON.stringify(V1_HISTORY));
    const store = await open();
    expect(await readdir(join(folder, "chats"))).toEqual(["roo-task-1.json"]);
    const chat = await store.load("roo-task-1");
    expect(chat?.conversation().messages.map((m) => [m.role, m.text])).toEqual([
      ["user", "Fix the failing test"],
      ["assistant", "Here is the fix."],
    ]);
    expect(store.summaries()[0]?.title).toBe("Fix the failing test");
    chat?.free();
    store.dispose();
  });

  it("leaves an index alone: with one present, an old file is not migrated again", async () => {
    const store = await open();
    const chat = loadBackend().OpenChat.create("kept-chat", 1);
    chat.appendUserMessage("u1", "kept", 2);
    await store.save(chat);
    chat.free();
    store.dispose();
    await writeFile(join(folder, "chat-history.json"), JSON.stringify(V2_HISTORY));
    const again = await open();
    expect(again.summaries().map((summary) => summary.id)).toEqual(["kept-chat"]);
    expect(await readdir(folder)).toContain("chat-history.json");
    again.dispose();
  });
});
