// How a Code-mode task ends when it does not end well, at the shell, with the real wasm, the real
// ToolRunner over the fake VS Code and the scripted fake model (the real LiteLLM proxy in front
// of it is covered by tests/agent/ and the e2e test): Stop at a question or at the step limit, a
// chat deleted during an approval, a window that vanished mid-approval, a command stopped in the
// terminal or timed out, and a `.rooignore` added while the window is open. In each case the
// next request the model gets is a consistent history (every call answered).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { MemoryOpenChatId } from "./controllerHarness";
import {
  activities,
  agentBed,
  chatId,
  lastCall,
  requestsFor,
  startTask,
  toolResults,
  waitActivity,
  waitFor,
} from "./agentTaskSupport";
import { testing } from "./fakes/vscode";
import type { ChatBody } from "../../tests/support/scripted-upstream";

const bed = agentBed("roo-agent-recovery-");

/** Whether a process whose command line contains `pattern` runs. */
function running(pattern: string): boolean {
  try {
    return execFileSync("pgrep", ["-f", pattern], { encoding: "utf8" }).trim() !== "";
  } catch {
    // pgrep exits with 1 when nothing matches.
    return false;
  }
}

/** Every tool call of an assistant message in the request is answered by a `tool` message. */
function everyCallAnswered(body: ChatBody | undefined): boolean {
  const messages = body?.messages ?? [];
  const asked = messages.flatMap((message) => (message.tool_calls ?? []).map((call) => call.id));
  const answered = new Set(messages.flatMap((message) => (message.role === "tool" && message.tool_call_id !== undefined ? [message.tool_call_id] : [])));
  return asked.length > 0 && asked.every((id) => answered.has(id));
}

describe("a task that ends badly", () => {
  it("stopped at a question: the call is not run, and the next message's request answers it", async () => {
    bed.upstream.script("TASK-STOP-Q", [{ toolCalls: [{ id: "c-q", name: "ask_followup_question", arguments: { question: "Which?", suggestions: [] } }] }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-STOP-Q ask me");
    await waitActivity(h, "question", 0);
    await h.notice({ type: "stopReply", conversationId: await chatId(h) });
    await h.settled();
    expect(activities(h).at(-1)).toEqual({ kind: "idle" });
    expect(lastCall(h, "c-q")?.status).toEqual({ kind: "notRun", text: "Not run: the user stopped the task." });
    bed.upstream.script("AFTER-STOP-Q", [{ text: "ok" }]);
    expect(await h.send("AFTER-STOP-Q never mind")).toEqual({ ok: true });
    const next = requestsFor(bed.upstream, "AFTER-STOP-Q")[0];
    expect(everyCallAnswered(next)).toBe(true);
    expect(toolResults(next).get("c-q")).toContain("Not run: the user stopped the task.");
  });

  it("stopped at the step limit: the calls that ran keep their results, and nothing more is requested", async () => {
    testing.set("rooCodePlus.agent.autoApproveReads", true);
    testing.set("rooCodePlus.agent.stepLimit", 1);
    await bed.write("a.txt", "alpha\n");
    bed.upstream.script("TASK-STOP-LIMIT", [{ toolCalls: [{ id: "c-read", name: "read_file", arguments: { path: "a.txt" } }] }, { text: "Never asked for." }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-STOP-LIMIT read");
    expect(await waitActivity(h, "continue", 0)).toMatchObject({ steps: 1 });
    await h.notice({ type: "stopReply", conversationId: await chatId(h) });
    await h.settled();
    expect(activities(h).at(-1)).toEqual({ kind: "idle" });
    expect(lastCall(h, "c-read")?.status).toEqual({ kind: "succeeded", text: "1 | alpha\n" });
    expect(requestsFor(bed.upstream, "TASK-STOP-LIMIT")).toHaveLength(1);
    expect((await h.state()).chat.streaming).toBe(false);
  });

  it("deleted during an approval: the proposal's editor closes and nothing is written", async () => {
    await bed.write("n.md", "kept\n");
    bed.upstream.script("TASK-DELETED", [{ toolCalls: [{ id: "c-w", name: "write_to_file", arguments: { path: "n.md", content: "lost\n" } }] }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-DELETED write");
    await waitActivity(h, "approval", 0);
    expect(testing.tabs()).toHaveLength(1);
    const conversationId = await chatId(h);
    await h.notice({ type: "deleteChat", conversationId });
    await h.settled();
    expect(testing.tabs()).toEqual([]);
    expect(activities(h).at(-1)).toEqual({ kind: "idle" });
    expect(await bed.read("n.md")).toBe("kept\n");
    expect((await h.state()).history.map((summary) => summary.id)).not.toContain(conversationId);
  });

  it("left by a window that vanished mid-approval: another window opens it with the call not run and sends a consistent history", async () => {
    await bed.write("a.txt", "a\n");
    bed.upstream.script("TASK-VANISHED", [{ toolCalls: [{ id: "c-read", name: "read_file", arguments: { path: "a.txt" } }] }]);
    const openChatId = new MemoryOpenChatId();
    const first = await bed.open({ openChatId });
    await first.request({ kind: "setChatMode", mode: "code" });
    await startTask(first, "TASK-VANISHED read a.txt");
    await waitActivity(first, "approval", 0);
    const conversationId = await chatId(first);
    // The first window is never stopped or closed: as after a crash, its chat file is all there is.
    const second = await bed.open({ openChatId: Object.assign(new MemoryOpenChatId(), { value: conversationId }) });
    expect(await chatId(second)).toBe(conversationId);
    const calls = (await second.state()).chat.conversation.messages.flatMap((message) => message.toolCalls);
    expect(calls.map((call) => [call.id, call.status.kind])).toEqual([["c-read", "notRun"]]);
    expect((await second.state()).chat.activity).toEqual({ kind: "idle" });
    bed.upstream.script("AFTER-VANISHED", [{ text: "Back." }]);
    expect(await second.send("AFTER-VANISHED go on")).toEqual({ ok: true });
    expect(everyCallAnswered(requestsFor(bed.upstream, "AFTER-VANISHED")[0])).toBe(true);
  });

  it("a command in a terminal with shell integration: Stop ends it, and its output so far is the result", async () => {
    testing.enableShellIntegration();
    const seconds = `30.${String(Math.floor(Math.random() * 9000) + 1000)}`;
    bed.upstream.script("TASK-TERMINAL-STOP", [{ toolCalls: [{ id: "c-t", name: "execute_command", arguments: { command: `echo go; sleep ${seconds}` } }] }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-TERMINAL-STOP wait");
    await waitActivity(h, "approval", 0);
    const conversationId = await chatId(h);
    expect(await h.request({ kind: "decideToolCall", conversationId, callId: "c-t", decision: { kind: "approve" } })).toEqual({ ok: true });
    await waitFor("the sleep to start", () => (running(`sleep ${seconds}`) ? true : undefined));
    await h.notice({ type: "stopReply", conversationId });
    await h.settled();
    await waitFor("the sleep to end", () => (running(`sleep ${seconds}`) ? undefined : true));
    expect(lastCall(h, "c-t")?.status).toEqual({ kind: "failed", text: "[The user stopped the command before it finished.]\ngo\n" });
    expect(activities(h).at(-1)).toEqual({ kind: "idle" });
  });

  it("a command past the timeout setting is killed, and the model is told to run long commands differently", async () => {
    testing.set("rooCodePlus.agent.commandAllowList", ["sleep"]);
    testing.set("rooCodePlus.agent.commandTimeoutSeconds", 1);
    testing.enableShellIntegration();
    const seconds = `20.${String(Math.floor(Math.random() * 9000) + 1000)}`;
    bed.upstream.script("TASK-TIMEOUT", [{ toolCalls: [{ id: "c-t", name: "execute_command", arguments: { command: `sleep ${seconds}` } }] }, { text: "I see." }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-TIMEOUT wait");
    await h.settled();
    expect(running(`sleep ${seconds}`)).toBe(false);
    const result = toolResults(requestsFor(bed.upstream, "TASK-TIMEOUT")[1]).get("c-t");
    expect(result).toContain("[The command was stopped after 1 second without finishing.");
    expect(lastCall(h, "c-t")?.status.kind).toBe("failed");
  });

  it("respects a .rooignore added while the window is open", async () => {
    testing.set("rooCodePlus.agent.autoApproveReads", true);
    await bed.write("private/plan.md", "PLAN-BEFORE-IGNORE\n");
    bed.upstream.script("TASK-BEFORE-IGNORE", [{ toolCalls: [{ id: "c-1", name: "read_file", arguments: { path: "private/plan.md" } }] }, { text: "ok" }]);
    bed.upstream.script("TASK-AFTER-IGNORE", [{ toolCalls: [{ id: "c-2", name: "read_file", arguments: { path: "private/plan.md" } }] }, { text: "ok" }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-BEFORE-IGNORE read");
    await h.settled();
    expect(lastCall(h, "c-1")?.status.kind).toBe("succeeded");
    await bed.write(".rooignore", "private/\n");
    // VS Code's file watcher reports the new file.
    testing.fileChanged(bed.root, ".rooignore");
    await startTask(h, "TASK-AFTER-IGNORE read again");
    await h.settled();
    expect(lastCall(h, "c-2")?.status).toMatchObject({ kind: "refused", text: expect.stringContaining(".rooignore") as unknown });
    // (The first read's result stays in the chat's history; the new read gives nothing of the file.)
    const refusal = toolResults(requestsFor(bed.upstream, "TASK-AFTER-IGNORE").at(-1)).get("c-2");
    expect(refusal).toContain("excluded by the workspace's .rooignore");
    expect(refusal).not.toContain("PLAN-BEFORE-IGNORE");
  });
});
