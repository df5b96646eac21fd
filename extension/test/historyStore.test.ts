import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HistoryStore } from "../src/historyStore";

describe("HistoryStore", () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "roo-history-"));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("loads nothing before the first save, then exactly what was saved", async () => {
    const store = new HistoryStore(join(folder, "nested"));
    expect(await store.load()).toBeUndefined();
    await store.save(new TextEncoder().encode('{"version":2}'));
    expect(new TextDecoder().decode(await store.load())).toBe('{"version":2}');
  });

  it("leaves no temporary files and keeps the last of many queued saves", async () => {
    const store = new HistoryStore(folder);
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.save(new TextEncoder().encode(String(index)))));
    expect(await readdir(folder)).toEqual(["chat-history.json"]);
    expect(await readFile(store.path, "utf8")).toBe("19");
  });

  it("backs unreadable bytes up beside the history", async () => {
    const store = new HistoryStore(folder);
    const backup = await store.backUp(new TextEncoder().encode("{broken"), new Date("2026-01-02T03:04:05Z"));
    expect(await readFile(backup, "utf8")).toBe("{broken");
    expect(backup).toContain("unreadable-2026-01-02");
  });
});
