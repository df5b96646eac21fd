// Two windows (two shells in one process, each with its own open-chat memory) over one storage
// folder, as two VS Code windows share the extension's global storage: each keeps its own chats
// and sees the other's after a refresh, a delete in one never brings back or removes another
// chat, saves from both at once lose nothing, and a window holding an old copy of a chat never
// writes over the newer file: it saves its version as a copy and says so.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBackend } from "../src/api/backend";
import { ChatStore } from "../src/chat/chatStore";
import { harness, lastPosted, type Harness, shellTestBed } from "./controllerHarness";

const KEY = "sk-two-windows-key-0123456789";

const bed = shellTestBed("roo-two-windows-");

function openWindow(): Promise<Harness> {
  return harness(bed.folder, { key: KEY });
}

/** The ids and titles of a window's history list after it re-read the index. */
async function refreshedTitles(window: Harness): Promise<string[]> {
  await window.notice({ type: "refreshHistory" });
  return (lastPosted(window.posted, "historyChanged")?.history ?? []).map((summary) => summary.title).sort();
}

/** The messages saved in a chat's file, as another reader of the folder would find them. */
async function savedTexts(id: string): Promise<string[]> {
  const store = await ChatStore.open({
    folder: bed.folder,
    core: loadBackend(),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    warnings: { warn: () => undefined },
    newId: randomUUID,
  });
  const chat = await store.load(id);
  const texts = chat?.conversation().messages.map((message) => message.text) ?? [];
  chat?.free();
  store.dispose();
  return texts;
}

describe("two windows over one storage folder", () => {
  it("keep their own open chats and see each other's after a refresh", async () => {
    const a = await openWindow();
    const b = await openWindow();
    await a.send("from window A");
    await b.send("from window B");
    expect((await a.state()).chat.conversation.title).toBe("from window A");
    expect((await b.state()).chat.conversation.title).toBe("from window B");
    expect(await refreshedTitles(a)).toEqual(["from window A", "from window B"]);
    expect(await refreshedTitles(b)).toEqual(["from window A", "from window B"]);
    // The open chat is each window's own, whatever the other opened last.
    expect(a.openChatId.value).not.toBe(b.openChatId.value);
    a.dispose();
    b.dispose();
  });

  it("never bring back or remove another chat when one window deletes", async () => {
    const a = await openWindow();
    const b = await openWindow();
    await a.send("first of A");
    const firstOfA = a.shell.chats.session.id;
    await a.notice({ type: "newChat" });
    await a.send("second of A");
    await b.send("only of B");
    // B sees A's chats, then deletes A's first one.
    expect(await refreshedTitles(b)).toEqual(["first of A", "only of B", "second of A"]);
    await b.notice({ type: "deleteChat", conversationId: firstOfA });
    // A's list still names the deleted chat until it refreshes; its next save must not bring it
    // back, nor drop B's chat.
    await a.notice({ type: "newChat" });
    await a.send("third of A");
    expect(await refreshedTitles(a)).toEqual(["only of B", "second of A", "third of A"]);
    // And A deleting one of its chats leaves B's alone.
    const secondOfA = a.shell.chats.history().find((summary) => summary.title === "second of A")?.id ?? "";
    await a.notice({ type: "deleteChat", conversationId: secondOfA });
    expect(await refreshedTitles(b)).toEqual(["only of B", "third of A"]);
    a.dispose();
    b.dispose();
  });

  it("lose nothing when both save at once", async () => {
    const a = await openWindow();
    const b = await openWindow();
    for (let round = 0; round < 5; round += 1) {
      await Promise.all([a.notice({ type: "newChat" }), b.notice({ type: "newChat" })]);
      // Both replies stream and save at the same time, interleaving their index deltas.
      await Promise.all([a.send(`A round ${round}`), b.send(`B round ${round}`)]);
    }
    const expected = [0, 1, 2, 3, 4].flatMap((round) => [`A round ${round}`, `B round ${round}`]).sort();
    expect(await refreshedTitles(a)).toEqual(expected);
    expect(await refreshedTitles(b)).toEqual(expected);
    a.dispose();
    b.dispose();
  });

  it("lose nothing when two stores save many chats at once", async () => {
    const open = () =>
      ChatStore.open({
        folder: bed.folder,
        core: loadBackend(),
        log: { info: () => undefined, warn: () => undefined, error: () => undefined },
        warnings: { warn: () => undefined },
        newId: randomUUID,
      });
    const [first, second] = await Promise.all([open(), open()]);
    const saves = Array.from({ length: 40 }, (_, index) => {
      const chat = loadBackend().OpenChat.create(`chat-${String(index)}`, 1_000);
      chat.appendUserMessage(randomUUID(), `chat number ${String(index)}`, 2_000);
      return (index % 2 === 0 ? first : second).save(chat).then((outcome) => {
        outcome.chat.free();
      });
    });
    await Promise.all(saves);
    await first.refresh();
    expect(first.summaries()).toHaveLength(40);
    expect(JSON.parse(await readFile(join(bed.folder, "index.json"), "utf8"))).toBeTruthy();
    first.dispose();
    second.dispose();
  });

  it("save a window's old copy of a chat as a new chat instead of writing over the newer file", async () => {
    const a = await openWindow();
    const b = await openWindow();
    await a.send("shared question");
    const shared = a.shell.chats.session.id;
    await b.notice({ type: "refreshHistory" });
    await b.notice({ type: "openChat", conversationId: shared });
    expect((await b.state()).chat.conversation.id).toBe(shared);

    // A goes on in the chat, so B's copy is now old.
    await a.send("A goes on");
    await b.send("B goes on");

    // The chat's file is A's, untouched by B.
    expect(await savedTexts(shared)).toEqual(["shared question", "shared question", "A goes on", "A goes on"]);
    // B's version is a new chat, open in B, and B was told.
    const copy = b.shell.chats.session.id;
    expect(copy).not.toBe(shared);
    expect(b.openChatId.value).toBe(copy);
    expect(await savedTexts(copy)).toEqual(["shared question", "shared question", "B goes on", "B goes on"]);
    expect(b.warnings).toHaveLength(1);
    expect(b.warnings[0]).toMatch(/another window/);
    expect(lastPosted(b.posted, "chatOpened")?.chat.conversation.id).toBe(copy);
    expect(lastPosted(b.posted, "replyFinished")?.conversationId).toBe(copy);
    expect((await refreshedTitles(a)).length).toBe(2);
    expect(a.warnings).toEqual([]);
    a.dispose();
    b.dispose();
  });
});
