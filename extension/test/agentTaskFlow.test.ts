// A Code-mode task end to end at the shell: the real wasm decides each step, the real ToolRunner
// lists, reads and edits real files through the fake VS Code, and the scripted fake model plays
// the replies (the real LiteLLM proxy in front of it is covered by tests/agent/ and the e2e
// test). The tests drive the router as the webview does (approve, reject with a reason, answer a
// question, approve from the diff editor's title) and check the posted events, the files on disk
// and what the model was told on the next request.
import { describe, expect, it } from "vitest";
import {
  activities,
  agentBed,
  chatId,
  lastCall,
  requestsFor,
  searchReplace,
  startTask,
  toolResults,
  waitActivity,
  waitCallStatus,
} from "./agentTaskSupport";
import { commands, testing, Uri, window } from "./fakes/vscode";
import { APPROVE_EDIT_COMMAND, PROPOSAL_SCHEME } from "../src/agent/tools/proposals";

const bed = agentBed("roo-agent-flow-");

const APP = "export function add(a: number, b: number): number {\n  return a + b;\n}\n";

describe("a Code-mode task", () => {
  it("lists and reads with approval, writes an approved edit, sends a rejection's reason, and ends with attempt_completion", async () => {
    await bed.write("src/app.ts", APP);
    await bed.write("README.md", "# app\n");
    bed.upstream.script("TASK-EDIT", [
      {
        text: "Let me look around.",
        toolCalls: [
          { id: "c-list", name: "list_files", arguments: { path: ".", recursive: true } },
          { id: "c-read", name: "read_file", arguments: { path: "src/app.ts" } },
        ],
      },
      { toolCalls: [{ id: "c-diff1", name: "apply_diff", arguments: { path: "src/app.ts", diff: searchReplace("  return a + b;", "  return b + a;") } }] },
      { toolCalls: [{ id: "c-diff2", name: "apply_diff", arguments: { path: "src/app.ts", diff: searchReplace("export function add(a: number, b: number): number {", "export function plus(a: number, b: number): number {") } }] },
      { toolCalls: [{ id: "c-done", name: "attempt_completion", arguments: { result: "Swapped the operands." } }] },
    ]);
    const h = await bed.open();
    expect((await h.request({ kind: "setChatMode", mode: "code" })).ok).toBe(true);
    await startTask(h, "TASK-EDIT swap the operands in src/app.ts");
    const conversationId = await chatId(h);

    const list = await waitActivity(h, "approval", 0);
    expect(list.call).toMatchObject({ id: "c-list", request: { tool: "list_files", path: "." } });
    expect(await h.request({ kind: "decideToolCall", conversationId, callId: "c-list", decision: { kind: "approve" } })).toEqual({ ok: true });
    const read = await waitActivity(h, "approval", 1);
    expect(read.call).toMatchObject({ id: "c-read", request: { tool: "read_file", path: "src/app.ts" } });
    expect(await h.request({ kind: "decideToolCall", conversationId, callId: "c-read", decision: { kind: "approve" } })).toEqual({ ok: true });
    expect((await waitCallStatus(h, "c-list", "succeeded")).status).toMatchObject({ text: expect.stringContaining("src/app.ts") as unknown });
    expect((await waitCallStatus(h, "c-read", "succeeded")).status).toMatchObject({ text: expect.stringContaining("return a + b;") as unknown });

    // The first edit: shown as a diff (in the card and the diff editor), written once approved.
    const edit = await waitActivity(h, "approval", 2);
    expect(edit.call.id).toBe("c-diff1");
    expect(edit.preview).toMatchObject({ kind: "edit", edit: { path: "src/app.ts", creates: false } });
    expect(testing.tabs().map((tab) => tab.modified)).toContain(`${PROPOSAL_SCHEME}:/src/app.ts?c-diff1`);
    expect(await bed.read("src/app.ts")).toBe(APP);
    // The model saw the listing and the file before it proposed the edit.
    const second = requestsFor(bed.upstream, "TASK-EDIT")[1];
    expect(toolResults(second).get("c-list")).toContain("README.md");
    expect(toolResults(second).get("c-read")).toContain("return a + b;");
    expect(await h.request({ kind: "decideToolCall", conversationId, callId: "c-diff1", decision: { kind: "approve" } })).toEqual({ ok: true });
    await waitCallStatus(h, "c-diff1", "succeeded");
    // The card learns it from `messageChanged`: the call succeeded and carries the edit.
    const changed = h.posted.flatMap((message) => (message.type === "messageChanged" ? message.message.toolCalls : [])).filter((call) => call.id === "c-diff1").at(-1);
    expect(changed?.status.kind).toBe("succeeded");
    expect(changed?.edit).toEqual({ path: "src/app.ts", before: APP, after: APP.replace("a + b", "b + a"), undone: false });
    expect(await bed.read("src/app.ts")).toBe(APP.replace("a + b", "b + a"));

    // The second edit is rejected with a reason: the file stays, the model is told why.
    await waitActivity(h, "approval", 3);
    expect(testing.tabs().map((tab) => tab.modified)).toContain(`${PROPOSAL_SCHEME}:/src/app.ts?c-diff2`);
    const reason = "Keep the name add, callers use it.";
    expect(await h.request({ kind: "decideToolCall", conversationId, callId: "c-diff2", decision: { kind: "reject", reason } })).toEqual({ ok: true });
    await waitCallStatus(h, "c-diff2", "rejected");
    await h.settled();
    expect(await bed.read("src/app.ts")).toBe(APP.replace("a + b", "b + a"));
    expect(testing.tabs().filter((tab) => tab.modified?.startsWith(PROPOSAL_SCHEME) === true)).toEqual([]);
    const afterReject = requestsFor(bed.upstream, "TASK-EDIT")[3];
    expect(toolResults(afterReject).get("c-diff2")).toContain(reason);
    expect(toolResults(afterReject).get("c-diff1")).toBeDefined();

    // attempt_completion ended the task: idle, no request after it, and the chat sends again.
    expect(requestsFor(bed.upstream, "TASK-EDIT")).toHaveLength(4);
    expect(activities(h).at(-1)).toEqual({ kind: "idle" });
    expect((await h.state()).chat.activity).toEqual({ kind: "idle" });
    expect(lastCall(h, "c-done")?.status).toEqual({ kind: "succeeded", text: "The result was shown to the user." });
    bed.upstream.script("AFTER-TASK", [{ text: "Still here." }]);
    expect(await h.send("AFTER-TASK anything else?")).toEqual({ ok: true });
    expect(h.last("replyFinished")?.message).toMatchObject({ state: "complete", text: "Still here." });
  });

  it("goes on when the edit is approved from the diff editor's title", async () => {
    await bed.write("notes.md", "draft\n");
    bed.upstream.script("TASK-TITLE", [
      { toolCalls: [{ id: "c-write", name: "write_to_file", arguments: { path: "notes.md", content: "final\n" } }] },
      { text: "Written." },
    ]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-TITLE finish the notes");
    await waitActivity(h, "approval", 0);
    const [tab] = testing.tabs();
    expect(tab?.modified).toBe(`${PROPOSAL_SCHEME}:/notes.md?c-write`);
    // VS Code passes the diff editor's modified side (the proposal) to the title's command.
    await commands.executeCommand(APPROVE_EDIT_COMMAND, Uri.from({ scheme: PROPOSAL_SCHEME, path: "/notes.md", query: "c-write" }));
    await waitCallStatus(h, "c-write", "succeeded");
    await h.settled();
    expect(await bed.read("notes.md")).toBe("final\n");
    expect(h.last("replyFinished")?.message).toMatchObject({ text: "Written." });
    expect(requestsFor(bed.upstream, "TASK-TITLE")).toHaveLength(2);
    expect(activities(h).at(-1)).toEqual({ kind: "idle" });
    expect(h.logs.join("\n")).not.toContain("no task waits");
    // A click on the card after the editor's approval is refused with a sentence.
    const late = await h.request({ kind: "decideToolCall", conversationId: await chatId(h), callId: "c-write", decision: { kind: "approve" } });
    expect(late).toEqual({ ok: false, error: "No task is running in that chat any more." });
  });

  it("runs reads without asking when they are auto-approved, but still asks for .env", async () => {
    testing.set("rooCodePlus.agent.autoApproveReads", true);
    await bed.write("src/a.ts", "export const a = 1;\n");
    await bed.write(".env", "API_TOKEN=sk-secret-in-env-778\n");
    bed.upstream.script("TASK-AUTO", [
      {
        toolCalls: [
          { id: "c-ls", name: "list_files", arguments: { path: "src" } },
          { id: "c-a", name: "read_file", arguments: { path: "src/a.ts" } },
        ],
      },
      { toolCalls: [{ id: "c-env", name: "read_file", arguments: { path: ".env" } }] },
      { text: "Done." },
    ]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-AUTO read things");
    const asked = await waitActivity(h, "approval", 0);
    // The first approval asked is the secret-looking file's: both plain reads ran without one.
    expect(asked.call).toMatchObject({ id: "c-env", path: { relative: ".env", looksSecret: true } });
    expect(lastCall(h, "c-ls")?.status).toMatchObject({ kind: "succeeded" });
    expect(lastCall(h, "c-a")?.status).toMatchObject({ kind: "succeeded" });
    expect(toolResults(requestsFor(bed.upstream, "TASK-AUTO")[1]).get("c-a")).toContain("export const a = 1;");
    const conversationId = await chatId(h);
    expect(await h.request({ kind: "decideToolCall", conversationId, callId: "c-env", decision: { kind: "reject", reason: null } })).toEqual({ ok: true });
    await h.settled();
    const last = requestsFor(bed.upstream, "TASK-AUTO")[2];
    expect(toolResults(last).has("c-env")).toBe(true);
    expect(JSON.stringify(bed.upstream.chatRequests())).not.toContain("sk-secret-in-env-778");
  });

  it("asks a follow-up question, hands the answer to the model, and refuses an answer for another call", async () => {
    bed.upstream.script("TASK-QUESTION", [
      { toolCalls: [{ id: "c-ask", name: "ask_followup_question", arguments: { question: "Which file?", suggestions: ["a.ts", "b.ts"] } }] },
      { text: "Thanks." },
    ]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-QUESTION fix the file");
    const question = await waitActivity(h, "question", 0);
    expect(question).toMatchObject({ callId: "c-ask", question: "Which file?", suggestions: ["a.ts", "b.ts"] });
    const conversationId = await chatId(h);
    const wrong = await h.request({ kind: "answerQuestion", conversationId, callId: "c-other", answer: "a.ts" });
    expect(wrong).toEqual({ ok: false, error: "That question is no longer waiting: the task moved on or was stopped." });
    const empty = await h.request({ kind: "answerQuestion", conversationId, callId: "c-ask", answer: "  " });
    expect(empty.ok).toBe(false);
    expect(await h.request({ kind: "answerQuestion", conversationId, callId: "c-ask", answer: "b.ts, the second one" })).toEqual({ ok: true });
    await h.settled();
    expect(toolResults(requestsFor(bed.upstream, "TASK-QUESTION")[1]).get("c-ask")).toContain("b.ts, the second one");
    expect(lastCall(h, "c-ask")?.status).toMatchObject({ kind: "succeeded" });
    // A late answer, after the task ended, is refused with a sentence too.
    const late = await h.request({ kind: "answerQuestion", conversationId, callId: "c-ask", answer: "again" });
    expect(late.ok).toBe(false);
    expect(late.ok ? "" : late.error).toMatch(/\.$/);
  });

  // BUG (reported to the lead): the approval card's "open the diff" button sends showEditDiff
  // for the pending call, but the shell looks only for a written edit (`editOf`), so it answers
  // "This tool call wrote no file" and the closed diff editor cannot be reopened.
  it("reopens a pending proposal's diff editor from the approval card after the user closed it", async () => {
    await bed.write("notes.md", "draft\n");
    bed.upstream.script("TASK-REOPEN", [{ toolCalls: [{ id: "c-write", name: "write_to_file", arguments: { path: "notes.md", content: "final\n" } }] }, { text: "Done." }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-REOPEN finish the notes");
    const approval = await waitActivity(h, "approval", 0);
    const proposal = `${PROPOSAL_SCHEME}:/notes.md?c-write`;
    expect(testing.tabs().map((tab) => tab.modified)).toEqual([proposal]);
    // The user closes the diff editor, then clicks the card's button to see the diff again.
    await window.tabGroups.close(window.tabGroups.activeTabGroup.tabs);
    expect(testing.tabs()).toEqual([]);
    const conversationId = await chatId(h);
    const shown = await h.request({ kind: "showEditDiff", conversationId, replyId: approval.replyId, callId: "c-write" });
    expect(shown).toEqual({ ok: true });
    expect(testing.tabs().map((tab) => tab.modified)).toEqual([proposal]);
    // The task still waits for this call, and goes on when it is approved.
    expect(await h.request({ kind: "decideToolCall", conversationId, callId: "c-write", decision: { kind: "approve" } })).toEqual({ ok: true });
    await h.settled();
    expect(await bed.read("notes.md")).toBe("final\n");
  });
});
