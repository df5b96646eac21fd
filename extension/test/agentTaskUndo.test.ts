// Undo and Revert all of a Code-mode task's edits at the shell, with the real wasm, the real
// ToolRunner over the fake VS Code and real files, after a task the scripted fake model played
// (the real LiteLLM proxy in front of it is covered by tests/agent/ and the e2e test). The core
// decides from the file as it is now whether an undo is safe; the chat file keeps which edits
// were undone, so a reopened chat shows them.
import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryOpenChatId, type Harness } from "./controllerHarness";
import { agentBed, chatId, searchReplace, startTask, waitActivity } from "./agentTaskSupport";
import { testing } from "./fakes/vscode";
import type { ChatToolCall } from "../src/shared/generated/types";

const bed = agentBed("roo-agent-undo-");

/** The reply holding the call `callId`, as last posted. */
function replyOf(h: Harness, callId: string): string {
  const found = h.posted
    .flatMap((message) => (message.type === "messageChanged" || message.type === "replyFinished" ? [message.message] : []))
    .find((message) => message.toolCalls.some((call) => call.id === callId));
  if (found === undefined) throw new Error(`no reply holds ${callId}`);
  return found.id;
}

/** The calls of the chat a window shows, by id. */
async function callsById(h: Harness): Promise<Map<string, ChatToolCall>> {
  const messages = (await h.state()).chat.conversation.messages;
  return new Map(messages.flatMap((message) => message.toolCalls.map((call): [string, ChatToolCall] => [call.id, call])));
}

describe("undo of the agent's edits", () => {
  it("undoes one edit, refuses one whose file changed since, reverts the rest, and keeps the flags in the chat file", async () => {
    await bed.write("a.txt", "a before\n");
    await bed.write("b.txt", "b line\n");
    bed.upstream.script("TASK-UNDO", [
      { toolCalls: [{ id: "c-a", name: "write_to_file", arguments: { path: "a.txt", content: "a after\n" } }] },
      { toolCalls: [{ id: "c-b", name: "apply_diff", arguments: { path: "b.txt", diff: searchReplace("b line", "b edited") } }] },
      { toolCalls: [{ id: "c-c", name: "write_to_file", arguments: { path: "c.txt", content: "created\n" } }] },
      { text: "Three edits done." },
    ]);
    const openChatId = new MemoryOpenChatId();
    const h = await bed.open({ openChatId });
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-UNDO edit three files");
    const conversationId = await chatId(h);
    for (const [index, callId] of ["c-a", "c-b", "c-c"].entries()) {
      await waitActivity(h, "approval", index);
      expect(await h.request({ kind: "decideToolCall", conversationId, callId, decision: { kind: "approve" } })).toEqual({ ok: true });
    }
    await h.settled();
    expect(await bed.read("a.txt")).toBe("a after\n");
    expect(await bed.read("b.txt")).toBe("b edited\n");
    expect(await bed.read("c.txt")).toBe("created\n");

    // Show diff opens a written edit again, before against after.
    expect(await h.request({ kind: "showEditDiff", conversationId, replyId: replyOf(h, "c-b"), callId: "c-b" })).toEqual({ ok: true });
    expect(testing.tabs().map((tab) => tab.label)).toContain("b.txt: edit by Roo Code Plus");

    // Undo of the first edit restores the file, and the call shows the edit as undone.
    expect(await h.request({ kind: "undoEdit", conversationId, replyId: replyOf(h, "c-a"), callId: "c-a" })).toEqual({ ok: true });
    expect(await bed.read("a.txt")).toBe("a before\n");
    const undone = h.last("messageChanged")?.message.toolCalls.find((call) => call.id === "c-a");
    expect(undone?.edit).toMatchObject({ path: "a.txt", undone: true });
    // Twice is refused.
    const again = await h.request({ kind: "undoEdit", conversationId, replyId: replyOf(h, "c-a"), callId: "c-a" });
    expect(again).toEqual({ ok: false, error: "The edit of a.txt was already undone." });

    // A file changed by hand since the edit is left alone, and the refusal says why.
    await writeFile(join(bed.root, "b.txt"), "b edited\nand typed by hand\n");
    const refused = await h.request({ kind: "undoEdit", conversationId, replyId: replyOf(h, "c-b"), callId: "c-b" });
    expect(refused).toEqual({
      ok: false,
      error: "b.txt changed since this edit, so Undo was refused to keep those changes; undo the later changes first, or edit the file by hand.",
    });
    expect(await bed.read("b.txt")).toBe("b edited\nand typed by hand\n");

    // Revert all: the created file is deleted, the changed one is listed, the undone one skipped.
    const reverted = await h.request({ kind: "revertAllEdits", conversationId });
    expect(reverted).toEqual({
      reverted: 1,
      errors: ["b.txt changed since this edit, so Undo was refused to keep those changes; undo the later changes first, or edit the file by hand."],
    });
    expect(existsSync(join(bed.root, "c.txt"))).toBe(false);
    expect(await bed.read("a.txt")).toBe("a before\n");
    expect(await bed.read("b.txt")).toBe("b edited\nand typed by hand\n");

    // A new window reads the chat file: the flags are kept.
    h.dispose();
    const reopened = await bed.open({ openChatId });
    expect(await chatId(reopened)).toBe(conversationId);
    const calls = await callsById(reopened);
    expect(calls.get("c-a")?.edit).toEqual({ path: "a.txt", before: "a before\n", after: "a after\n", undone: true });
    expect(calls.get("c-b")?.edit).toEqual({ path: "b.txt", before: "b line\n", after: "b edited\n", undone: false });
    expect(calls.get("c-c")?.edit).toEqual({ path: "c.txt", before: null, after: "created\n", undone: true });
    // Nothing is left to revert.
    expect(await reopened.request({ kind: "revertAllEdits", conversationId })).toEqual({
      reverted: 0,
      errors: ["b.txt changed since this edit, so Undo was refused to keep those changes; undo the later changes first, or edit the file by hand."],
    });
  });

  it("marks a created file's edit undone when the file was deleted since, without writing anything", async () => {
    bed.upstream.script("TASK-CREATED", [
      { toolCalls: [{ id: "c-new", name: "write_to_file", arguments: { path: "gone.txt", content: "short-lived\n" } }] },
      { text: "Created it." },
    ]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-CREATED make a file");
    const conversationId = await chatId(h);
    await waitActivity(h, "approval", 0);
    expect(await h.request({ kind: "decideToolCall", conversationId, callId: "c-new", decision: { kind: "approve" } })).toEqual({ ok: true });
    await h.settled();
    expect(await bed.read("gone.txt")).toBe("short-lived\n");
    await rm(join(bed.root, "gone.txt"));

    // Undoing would delete the file, and it is gone already: the edit is marked, nothing is written.
    expect(await h.request({ kind: "undoEdit", conversationId, replyId: replyOf(h, "c-new"), callId: "c-new" })).toEqual({ ok: true });
    expect(existsSync(join(bed.root, "gone.txt"))).toBe(false);
    expect(h.last("messageChanged")?.message.toolCalls.find((call) => call.id === "c-new")?.edit).toMatchObject({ path: "gone.txt", undone: true });
    expect(await h.request({ kind: "revertAllEdits", conversationId })).toEqual({ reverted: 0, errors: [] });
    h.dispose();
  });

  it("refuses Undo while a task runs, and an undo for a call that wrote nothing", async () => {
    await bed.write("a.txt", "one\n");
    bed.upstream.script("TASK-BUSY", [
      { toolCalls: [{ id: "c-read", name: "read_file", arguments: { path: "a.txt" } }] },
      { text: "Read it." },
    ]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-BUSY read a.txt");
    await waitActivity(h, "approval", 0);
    const conversationId = await chatId(h);
    const replyId = replyOf(h, "c-read");
    const busy = await h.request({ kind: "undoEdit", conversationId, replyId, callId: "c-read" });
    expect(busy).toEqual({ ok: false, error: "A reply or task is running in this chat; stop it or let it finish first." });
    expect(await h.request({ kind: "revertAllEdits", conversationId })).toEqual({
      reverted: 0,
      errors: ["A reply or task is running in this chat; stop it or let it finish first."],
    });
    expect(await h.request({ kind: "decideToolCall", conversationId, callId: "c-read", decision: { kind: "approve" } })).toEqual({ ok: true });
    await h.settled();
    expect(await h.request({ kind: "undoEdit", conversationId, replyId, callId: "c-read" })).toEqual({
      ok: false,
      error: "The tool call c-read wrote no file, so there is nothing to undo.",
    });
    expect(await h.request({ kind: "showEditDiff", conversationId, replyId, callId: "c-read" })).toEqual({
      ok: false,
      error: "This tool call wrote no file, so there is no diff to show.",
    });
  });

  it("reverts two edits of one file newest first, after refusing to undo the older one alone", async () => {
    await bed.write("a.txt", "one\n");
    bed.upstream.script("TASK-TWICE", [
      {
        toolCalls: [
          { id: "c-1", name: "apply_diff", arguments: { path: "a.txt", diff: searchReplace("one", "two") } },
          { id: "c-2", name: "apply_diff", arguments: { path: "a.txt", diff: searchReplace("two", "three") } },
        ],
      },
      { text: "Edited twice." },
    ]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-TWICE edit a.txt twice");
    const conversationId = await chatId(h);
    for (const [index, callId] of ["c-1", "c-2"].entries()) {
      await waitActivity(h, "approval", index);
      expect(await h.request({ kind: "decideToolCall", conversationId, callId, decision: { kind: "approve" } })).toEqual({ ok: true });
    }
    await h.settled();
    expect(await bed.read("a.txt")).toBe("three\n");
    const older = await h.request({ kind: "undoEdit", conversationId, replyId: replyOf(h, "c-1"), callId: "c-1" });
    expect(older).toEqual({ ok: false, error: "a.txt changed since this edit, so Undo was refused to keep those changes; undo the later changes first, or edit the file by hand." });
    expect(await h.request({ kind: "revertAllEdits", conversationId })).toEqual({ reverted: 2, errors: [] });
    expect(await bed.read("a.txt")).toBe("one\n");
  });
});
