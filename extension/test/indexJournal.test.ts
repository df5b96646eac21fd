// The chat index's journal on real files, with the real wasm core: a save appends one line and
// the list follows it; the index is read only when the list is asked for; a folder from before
// the journal (an `index.json` alone) reads as it is; a last line cut short by a crash is left
// out with a warning and the lines appended after it still count; the journal is folded into
// the snapshot once it is long, while another store appends; and an unreadable snapshot is
// rebuilt from the chat files, the journal beside it dropped.
import { randomUUID } from "node:crypto";
import { appendFile, mkdir, readdir, readFile, rm, writeFile, mkdtemp } from "node:fs/promises";
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

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "roo-index-journal-"));
  logs = [];
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function open(fs: StorageFileSystem = nodeFileSystem): Promise<ChatStore> {
  return ChatStore.open({
    folder,
    core,
    log: { info: (line) => logs.push(line), warn: (line) => logs.push(line), error: (line) => logs.push(line) },
    warnings: { warn: () => undefined },
    newId: randomUUID,
    fs,
  });
}

/** A store with its list read: the ids it lists, sorted. */
async function listed(store?: ChatStore): Promise<string[]> {
  const reader = store ?? (await open());
  await reader.refresh();
  const ids = reader.summaries().map((summary) => summary.id).sort();
  if (store === undefined) reader.dispose();
  return ids;
}

/** A chat with one exchange, last changed at `now`. */
function chat(id: string, text: string, now = 2_000): OpenChat {
  const opened = core.OpenChat.create(id, 1_000);
  opened.appendUserMessage(randomUUID(), text, now);
  return opened;
}

async function saveAndFree(store: ChatStore, saved: OpenChat): Promise<void> {
  (await store.save(saved)).chat.free();
}

const journalPath = (): string => join(folder, "index.journal");
const snapshotPath = (): string => join(folder, "index.json");

describe("the index journal", () => {
  it("reads the index only when the list is asked for", async () => {
    const first = await open();
    await saveAndFree(first, chat("chat-a", "apples"));
    first.dispose();
    const read: string[] = [];
    const store = await open({ ...nodeFileSystem, readFile: (path) => (read.push(path), nodeFileSystem.readFile(path)) });
    const opened = await store.load("chat-a");
    expect(opened?.conversation().title).toBe("apples");
    opened?.free();
    expect(read).toEqual([join(folder, "chats", "chat-a.json")]);
    expect(store.historyLoaded).toBe(false);
    expect(store.summaries()).toEqual([]);
    await store.loadHistory();
    expect(store.summaries().map((summary) => summary.id)).toEqual(["chat-a"]);
    store.dispose();
  });

  it("reads a folder from before the journal as it is, and appends to it from then on", async () => {
    // An index and chat files as the previous version wrote them, and no journal.
    await mkdir(join(folder, "chats"), { recursive: true });
    const files = ["old-a", "old-b"].map((id) => {
      const old = chat(id, `old chat ${id}`);
      const bytes = old.toBytes();
      old.free();
      return bytes;
    });
    await writeFile(join(folder, "chats", "old-a.json"), files[0] ?? new Uint8Array());
    await writeFile(join(folder, "chats", "old-b.json"), files[1] ?? new Uint8Array());
    const rebuilt = core.ChatIndex.rebuild(files);
    const snapshot = rebuilt.toBytes();
    rebuilt.free();
    await writeFile(snapshotPath(), snapshot);

    const store = await open();
    expect(await listed(store)).toEqual(["old-a", "old-b"]);
    await saveAndFree(store, chat("new-c", "new"));
    store.dispose();
    expect(await listed()).toEqual(["new-c", "old-a", "old-b"]);
    // The snapshot is untouched: the change is one line in the new journal.
    expect(new Uint8Array(await readFile(snapshotPath()))).toEqual(snapshot);
    const lines = (await readFile(journalPath(), "utf8")).split("\n").filter((line) => line !== "");
    expect(lines.map((line) => Object.keys(JSON.parse(line) as object))).toEqual([["upsert"]]);
  });

  it("leaves out a last line cut short by a crash, warns, and reads the lines appended after it", async () => {
    const store = await open();
    await saveAndFree(store, chat("chat-a", "apples"));
    await saveAndFree(store, chat("chat-b", "bananas"));
    store.dispose();
    // A window stopped halfway through appending the line of a chat it never saved.
    const line = core.IndexJournal.upsertLine({ ...chatEntry("chat-c"), title: "never saved" });
    await appendFile(journalPath(), line.subarray(0, line.length - 5));

    const again = await open();
    expect(await listed(again)).toEqual(["chat-a", "chat-b"]);
    expect(logs.filter((log) => log.includes("cut short"))).toHaveLength(1);
    await saveAndFree(again, chat("chat-d", "dates"));
    again.dispose();
    expect(await listed()).toEqual(["chat-a", "chat-b", "chat-d"]);
  });

  it("folds a long journal into the snapshot while another store appends, losing nothing", async () => {
    const first = await open();
    await saveAndFree(first, chat("chat-a", "apples"));
    const second = await open();
    expect(await listed(second)).toEqual(["chat-a"]);
    // A journal just short of the threshold: removals of chats that never existed.
    const filler = core.IndexJournal.removeLine("never-existed");
    const count = Math.ceil((256 * 1024) / filler.length);
    await appendFile(journalPath(), Buffer.concat(Array.from({ length: count }, () => filler)));
    const before = await readFile(snapshotPath());

    // The first store's next save passes the threshold and folds; the second appends meanwhile.
    await Promise.all([
      saveAndFree(first, chat("chat-b", "bananas")),
      saveAndFree(second, chat("chat-c", "cherries")),
      saveAndFree(second, chat("chat-d", "dates")),
    ]);
    expect(await readFile(snapshotPath())).not.toEqual(before);
    const journal = await readFile(journalPath()).catch(() => Buffer.alloc(0));
    expect(journal.length).toBeLessThan(4096);
    // The second store's view predates the fold; refreshed, it sees every chat, as does a
    // reader of the snapshot alone once the last appends are folded too.
    expect(await listed(second)).toEqual(["chat-a", "chat-b", "chat-c", "chat-d"]);
    expect(await listed(first)).toEqual(["chat-a", "chat-b", "chat-c", "chat-d"]);
    const folded = core.ChatIndex.load(core.ChatIndex.compacted(await readFile(snapshotPath()), journal), undefined);
    expect(folded.summaries().map((summary) => summary.id).sort()).toEqual(["chat-a", "chat-b", "chat-c", "chat-d"]);
    folded.free();
    first.dispose();
    second.dispose();
  });

  it("rebuilds an unreadable snapshot from the chat files and drops the journal beside it", async () => {
    const store = await open();
    await saveAndFree(store, chat("chat-a", "apples"));
    await saveAndFree(store, chat("chat-b", "bananas"));
    await store.delete("chat-a");
    store.dispose();
    await writeFile(snapshotPath(), "{ not an index");

    expect(await listed()).toEqual(["chat-b"]);
    const names = await readdir(folder);
    expect(names.some((name) => name.startsWith("index.json.unreadable-"))).toBe(true);
    expect(names).not.toContain("index.journal");
    expect(logs.some((log) => log.includes("rebuilt from the chats"))).toBe(true);
  });
});

/** An index entry for a chat with one message. */
function chatEntry(id: string): ReturnType<OpenChat["indexEntry"]> {
  const opened = chat(id, id);
  const entry = opened.indexEntry();
  opened.free();
  return entry;
}
