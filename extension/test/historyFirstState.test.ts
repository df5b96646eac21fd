// Opening the sidebar does not wait for the history: the first state carries the open chat (read
// from its own file) with an empty list while the index is still being read, and the list follows
// as `historyChanged`, after that state, never before it.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBackend } from "../src/api/backend";
import { ChatStore } from "../src/chat/chatStore";
import { nodeFileSystem, type StorageFileSystem } from "../src/chat/storageFiles";
import { harness, MemoryOpenChatId, shellTestBed } from "./controllerHarness";

const bed = shellTestBed("roo-first-state-");

/** Saves chats as an earlier session of the window did; returns their ids. */
async function savedChats(count: number): Promise<string[]> {
  const core = loadBackend();
  const store = await ChatStore.open({
    folder: bed.folder,
    core,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    warnings: { warn: () => undefined },
    newId: randomUUID,
  });
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const chat = core.OpenChat.create(`chat-${String(n)}`, 1_000);
    chat.appendUserMessage(randomUUID(), `chat number ${String(n)}`, 2_000 + n);
    (await store.save(chat)).chat.free();
    ids.push(`chat-${String(n)}`);
  }
  store.dispose();
  return ids;
}

/** The real file system, except that reading the index waits until `release()`. */
function withSlowIndex(): { fs: StorageFileSystem; release: () => void } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const fs: StorageFileSystem = {
    ...nodeFileSystem,
    readFile: async (path) => {
      if (path.startsWith(join(bed.folder, "index."))) {
        await gate;
      }
      return nodeFileSystem.readFile(path);
    },
  };
  return { fs, release };
}

describe("opening the sidebar", () => {
  it("sends the open chat first and the history list once the index is read", async () => {
    const ids = await savedChats(3);
    const window = new MemoryOpenChatId();
    window.value = ids[1];
    const { fs, release } = withSlowIndex();
    const h = await harness(bed.folder, { key: "sk-first-state-0123456789", openChatId: window, fs, waitForHistory: false });

    await h.notice({ type: "ready" });
    const state = h.last("state")?.state;
    expect(state?.chat.conversation.id).toBe(ids[1]);
    expect(state?.chat.conversation.messages.map((message) => message.text)).toEqual(["chat number 1"]);
    expect(state?.history).toEqual([]);
    expect(h.last("historyChanged")).toBeUndefined();

    release();
    await h.shell.chats.historyLoaded();
    const types = h.posted.map((message) => message.type);
    expect(types.lastIndexOf("historyChanged")).toBeGreaterThan(types.indexOf("state"));
    expect(h.last("historyChanged")?.history.map((summary) => summary.id)).toEqual([...ids].reverse());
    expect((await h.state()).history).toHaveLength(3);
    h.dispose();
  });

  it("does not wait for the index when the chat shown last was never saved", async () => {
    await savedChats(2);
    // A window that showed a new, empty chat last time: its id names no file.
    const window = new MemoryOpenChatId();
    window.value = "never-saved-chat";
    const { fs, release } = withSlowIndex();
    const h = await harness(bed.folder, { key: "sk-first-state-0123456789", openChatId: window, fs, waitForHistory: false });
    await h.notice({ type: "ready" });
    expect(h.last("state")?.state.chat.conversation.messages).toEqual([]);
    expect(window.value).not.toBe("never-saved-chat");
    release();
    await h.shell.chats.historyLoaded();
    expect(h.last("historyChanged")?.history).toHaveLength(2);
    h.dispose();
  });

  it("saves and lists a reply sent before the list was read, never posting an empty list", async () => {
    await savedChats(2);
    const { fs, release } = withSlowIndex();
    const h = await harness(bed.folder, { key: "sk-first-state-0123456789", fs, waitForHistory: false });
    const sent = h.send("written before the list arrived");
    // The save waits behind the index read (one at a time), so release it once both are queued.
    setImmediate(release);
    expect(await sent).toEqual({ ok: true });
    await h.shell.chats.historyLoaded();
    const lists = h.posted.flatMap((message) => (message.type === "historyChanged" ? [message.history.length] : []));
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((length) => length > 0)).toBe(true);
    // What the webview shows: the last whole list, with every saved line since applied to it.
    const shown = new Map<string, number>();
    for (const message of h.posted) {
      if (message.type === "historyChanged") {
        shown.clear();
        for (const line of message.history) shown.set(line.id, line.messageCount);
      } else if (message.type === "historyEntryChanged") {
        shown.set(message.summary.id, message.summary.messageCount);
      }
    }
    expect(shown.size).toBe(3);
    expect(shown.get((await h.state()).chat.conversation.id)).toBe(2);
    h.dispose();
  });
});
