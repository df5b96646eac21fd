// The chat store against real files in a temporary folder, with the real wasm core: one file per
// chat plus an index, saves that touch only the chat that changed, the migration from the single
// file of earlier versions (both of its formats), unreadable files kept aside and reported while
// the others load, and the folder lock.
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadBackend } from "../src/api/backend";
import { ChatStore } from "../src/chat/chatStore";
import { nodeFileSystem, type StorageFileSystem } from "../src/chat/storageFiles";
import type { OpenChat } from "../wasm/roo_api_wasm";

const core = loadBackend();
let folder: string;
let logs: string[];
let warnings: string[];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "roo-chat-store-"));
  logs = [];
  warnings = [];
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The store over the test folder; with `read`, its history list read too. */
async function open(fs: StorageFileSystem = nodeFileSystem, lock = {}, read = true): Promise<ChatStore> {
  const store = await ChatStore.open({
    folder,
    core,
    log: { info: (line) => logs.push(line), warn: (line) => logs.push(line), error: (line) => logs.push(line) },
    warnings: { warn: (line) => warnings.push(line) },
    newId: randomUUID,
    fs,
    lock,
  });
  if (read) {
    await store.loadHistory();
  }
  return store;
}

/** A chat with one exchange per text (the reply repeats it). */
function chatWith(id: string, ...texts: string[]): OpenChat {
  const chat = core.OpenChat.create(id, 1_000);
  texts.forEach((text, index) => addExchange(chat, text, 2_000 + index));
  return chat;
}

function addExchange(chat: OpenChat, text: string, now: number): void {
  chat.appendUserMessage(randomUUID(), text, now);
  const reply = chat.beginReply(randomUUID(), "echo", now);
  chat.applyChunks(reply.id, [{ type: "text", text: `re: ${text}` }], now);
  chat.finishReply(reply.id, now);
}

/** A file system that records the paths written, appended to, renamed onto and read. */
function recording(): { fs: StorageFileSystem; written: string[]; appended: string[]; renamedOnto: string[]; read: string[] } {
  const written: string[] = [];
  const appended: string[] = [];
  const renamedOnto: string[] = [];
  const read: string[] = [];
  const fs: StorageFileSystem = {
    ...nodeFileSystem,
    writeFile: (path, bytes, options) => {
      written.push(path);
      return nodeFileSystem.writeFile(path, bytes, options);
    },
    append: (path, bytes) => {
      appended.push(path);
      return nodeFileSystem.append(path, bytes);
    },
    rename: (from, to) => {
      renamedOnto.push(to);
      return nodeFileSystem.rename(from, to);
    },
    readFile: (path) => {
      read.push(path);
      return nodeFileSystem.readFile(path);
    },
  };
  return { fs, written, appended, renamedOnto, read };
}

describe("the chat store", () => {
  it("writes one file per chat and an index, and reads them back", async () => {
    const store = await open();
    await store.save(chatWith("chat-a", "apples"));
    await store.save(chatWith("chat-b", "bananas", "more bananas"));
    expect((await readdir(join(folder, "chats"))).sort()).toEqual(["chat-a.json", "chat-b.json"]);
    expect(await readdir(folder)).toContain("index.json");
    store.dispose();

    const again = await open();
    expect(again.summaries().map((summary) => [summary.id, summary.messageCount]).sort()).toEqual([
      ["chat-a", 2],
      ["chat-b", 4],
    ]);
    const loaded = await again.load("chat-b");
    expect(loaded?.conversation().messages.map((message) => message.text)).toEqual([
      "bananas",
      "re: bananas",
      "more bananas",
      "re: more bananas",
    ]);
    loaded?.free();
    again.dispose();
  });

  it("writes only the chat that changed and one journal line on a save, reading no index", async () => {
    const { fs, written, appended, renamedOnto, read } = recording();
    const store = await open(fs);
    const first = chatWith("chat-a", "one");
    await store.save(first);
    await store.save(chatWith("chat-b", "two"));
    written.length = 0;
    appended.length = 0;
    renamedOnto.length = 0;
    read.length = 0;
    addExchange(first, "one again", 3_000);
    await store.save(first);
    expect(renamedOnto).toEqual([join(folder, "chats", "chat-a.json")]);
    expect(written).toHaveLength(1);
    expect(written[0]?.startsWith(join(folder, "chats", "chat-a.json."))).toBe(true);
    expect(appended).toEqual([join(folder, "index.journal")]);
    // Only the chat's own file is read (its revision is checked), never the index.
    expect(read).toEqual([join(folder, "chats", "chat-a.json")]);
    expect(store.summaries().find((summary) => summary.id === "chat-a")?.messageCount).toBe(4);
    store.dispose();
  });

  it("keeps an unreadable chat file aside, reports it, and loads the others", async () => {
    const store = await open();
    await store.save(chatWith("chat-a", "apples"));
    await store.save(chatWith("chat-b", "bananas"));
    store.dispose();
    await writeFile(join(folder, "chats", "chat-a.json"), "{ not json");

    const again = await open();
    expect(await again.load("chat-a")).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not be read.*chat-a\.json\.unreadable-/);
    expect(logs.some((line) => line.includes("chat-a.json.unreadable-"))).toBe(true);
    const names = await readdir(join(folder, "chats"));
    expect(names.filter((name) => name.startsWith("chat-a.json.unreadable-"))).toHaveLength(1);
    expect(await readFile(join(folder, "chats", names.find((name) => name.includes("unreadable")) ?? ""), "utf8")).toBe("{ not json");
    expect(again.summaries().map((summary) => summary.id)).toEqual(["chat-b"]);
    const other = await again.load("chat-b");
    expect(other?.conversation().messages[0]?.text).toBe("bananas");
    other?.free();
    again.dispose();
  });

  it("rebuilds an unreadable index from the chat files, keeping the old one aside", async () => {
    const store = await open();
    await store.save(chatWith("chat-a", "apples"));
    await store.save(chatWith("chat-b", "bananas"));
    store.dispose();
    await writeFile(join(folder, "index.json"), "][");

    const again = await open();
    expect(again.summaries().map((summary) => summary.id).sort()).toEqual(["chat-a", "chat-b"]);
    expect((await readdir(folder)).some((name) => name.startsWith("index.json.unreadable-"))).toBe(true);
    again.dispose();
  });

  it("drops an index entry whose chat file is gone", async () => {
    const store = await open();
    await store.save(chatWith("chat-a", "apples"));
    await rm(join(folder, "chats", "chat-a.json"));
    expect(await store.load("chat-a")).toBeUndefined();
    expect(store.summaries()).toEqual([]);
    expect(warnings).toEqual([]);
    store.dispose();
  });

  it("refuses a chat id that could name a path outside the chats folder", async () => {
    const store = await open();
    await expect(store.load("../index")).rejects.toThrow(/file name/);
    await expect(store.delete("a/b")).rejects.toThrow(/file name/);
    store.dispose();
  });
});

describe("the folder lock", () => {
  it("breaks a lock left behind by a window that died", async () => {
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "index.lock"), "12345 0\n");
    const old = new Date(Date.now() - 60_000);
    await utimes(join(folder, "index.lock"), old, old);
    const store = await open();
    await store.save(chatWith("chat-a", "apples"));
    expect(await readdir(folder)).not.toContain("index.lock");
    expect(store.summaries().map((summary) => summary.id)).toEqual(["chat-a"]);
    store.dispose();
  });

  it("waits while another window holds the lock, then saves", async () => {
    await writeFile(join(folder, "index.lock"), "12345 0\n");
    let waits = 0;
    const store = await open(nodeFileSystem, {
      // Instead of real time passing, the other window lets go after a few waits.
      sleep: async () => {
        waits += 1;
        if (waits === 3) await rm(join(folder, "index.lock"));
      },
    });
    await store.save(chatWith("chat-a", "apples"));
    expect(waits).toBe(3);
    expect(store.summaries().map((summary) => summary.id)).toEqual(["chat-a"]);
    store.dispose();
  });
});
