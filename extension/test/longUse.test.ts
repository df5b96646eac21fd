// Long use at the shell (real wasm backend, real chat files, the local fault server): a chat of
// 200 messages and 50 saved chats reload without loss, each chat in its own file beside a small
// index, and every file is only ever replaced whole or appended to (no temporary file left, valid
// JSON after).
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { startFaultServer, type FaultServer } from "../../tests/support/fault-server";
import { harness, MemoryOpenChatId } from "./controllerHarness";

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
  it("keeps 200 messages in one chat and 50 saved chats, without loss", async () => {
    const window = new MemoryOpenChatId();
    const h = await harness(folder, { key: KEY, openChatId: window });
    for (let i = 0; i < 100; i += 1) {
      expect(await h.send(`message number ${i}`)).toEqual({ ok: true });
    }
    const longChat = (await h.state()).chat.conversation;
    expect(longChat.messages).toHaveLength(200);
    for (let chat = 1; chat < 50; chat += 1) {
      await h.notice({ type: "newChat" });
      await h.send(`chat ${chat} says hi`);
    }
    expect((await h.state()).history.length).toBe(50);
    h.dispose();

    // One file per chat and the index (its snapshot whole JSON, its journal JSON lines), with no
    // temporary file beside them.
    const chatFiles = await readdir(join(folder, "chats"));
    expect(chatFiles.filter((name) => name.endsWith(".json"))).toHaveLength(50);
    expect(chatFiles.filter((name) => !name.endsWith(".json"))).toEqual([]);
    expect((await readdir(folder)).sort()).toEqual(["chats", "index.journal", "index.json"]);
    JSON.parse(await readFile(join(folder, "index.json"), "utf8"));
    const journal = (await readFile(join(folder, "index.journal"), "utf8")).split("\n").filter((line) => line !== "");
    expect(journal.length).toBeGreaterThan(0);
    for (const line of journal) JSON.parse(line);
    JSON.parse(await readFile(join(folder, "chats", `${longChat.id}.json`), "utf8"));

    // Reloaded: every chat and every message, in order.
    const again = await harness(folder, { key: KEY, openChatId: window });
    await again.notice({ type: "openChat", conversationId: longChat.id });
    const reopened = (await again.state()).chat.conversation.messages;
    expect(reopened).toHaveLength(200);
    for (let i = 0; i < 100; i += 1) {
      expect(reopened[2 * i]?.text).toBe(`message number ${i}`);
      expect(reopened[2 * i + 1]).toMatchObject({ text: `message number ${i}`, state: "complete" });
    }
    const summaries = (await again.state()).history;
    expect(summaries).toHaveLength(50);
    expect(summaries[0]?.title).toBe("chat 49 says hi");
    again.dispose();
  });
});
