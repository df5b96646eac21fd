// Long use at the chat controller (real wasm backend, real history file, the local fault server):
// a chat of 200 messages and 50 saved chats stay responsive, reload without loss, and the history
// file is only ever replaced whole (no temporary file left, valid JSON after every save).
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { startFaultServer, type FaultServer } from "../../tests/support/fault-server";
import { harness } from "./controllerHarness";

const KEY = "sk-long-use-key-0123456789";

let server: FaultServer;
let folder: string;

beforeAll(async () => {
  server = await startFaultServer();
  folder = await mkdtemp(join(tmpdir(), "roo-long-use-"));
  testing.reset();
  testing.set("rooCodePlus.litellmApiUrl", server.url);
  testing.set("rooCodePlus.litellmModelId", "echo");
});

afterAll(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

describe("long use", () => {
  it("keeps 200 messages in one chat and 50 saved chats, responsive and without loss", async () => {
    const h = harness(folder, { key: KEY });
    for (let i = 0; i < 100; i += 1) {
      await h.chat.sendMessage(`long-${i}`, `message number ${i}`);
    }
    const longChat = (await h.chat.state()).chat.conversation;
    expect(longChat.messages).toHaveLength(200);
    for (let chat = 1; chat < 50; chat += 1) {
      await h.chat.newChat();
      await h.chat.sendMessage(`chat-${chat}`, `chat ${chat} says hi`);
    }
    // Still responsive: the whole state (50 summaries, the open chat, its token count) is quick.
    const started = performance.now();
    const state = await h.chat.state();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(state.history.length).toBe(50);
    h.chat.dispose();

    // The file is whole JSON with no temporary file beside it.
    const names = await readdir(folder);
    expect(names.filter((name) => name.endsWith(".tmp"))).toEqual([]);
    JSON.parse(await readFile(join(folder, "chat-history.json"), "utf8"));

    // Reloaded: every chat and every message, in order.
    const again = harness(folder, { key: KEY });
    const loadStarted = performance.now();
    await again.chat.loadHistory();
    await again.chat.openChat(longChat.id);
    expect(performance.now() - loadStarted).toBeLessThan(2000);
    const reopened = (await again.chat.state()).chat.conversation.messages;
    expect(reopened).toHaveLength(200);
    for (let i = 0; i < 100; i += 1) {
      expect(reopened[2 * i]?.text).toBe(`message number ${i}`);
      expect(reopened[2 * i + 1]).toMatchObject({ text: `message number ${i}`, state: "complete" });
    }
    const summaries = (await again.chat.state()).history;
    expect(summaries).toHaveLength(50);
    again.chat.dispose();
  });
});
