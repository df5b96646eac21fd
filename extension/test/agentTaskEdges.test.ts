// The edges of a Code-mode task at the shell, with the real wasm, the real ToolRunner over the
// fake VS Code and the scripted fake model (the real LiteLLM proxy in front of it is covered by
// tests/agent/ and the e2e test): no folder open, a `.rooignore`d file, an allow-listed command
// streaming its output, a rejection from the diff editor's title, a chat left while its task
// waits, and the mode picker while a task runs.
import { describe, expect, it } from "vitest";
import {
  activities,
  agentBed,
  chatId,
  lastCall,
  requestsFor,
  startTask,
  toolResults,
  waitActivity,
  waitCallStatus,
} from "./agentTaskSupport";
import { commands, testing, Uri } from "./fakes/vscode";
import { PROPOSAL_SCHEME, REJECT_EDIT_COMMAND } from "../src/agent/tools/proposals";

const bed = agentBed("roo-agent-edges-");

describe("a Code-mode task's edges", () => {
  it("tells the model no folder is open instead of touching any file", async () => {
    testing.setWorkspaceFolders([]);
    testing.set("rooCodePlus.agent.autoApproveReads", true);
    bed.upstream.script("TASK-NO-FOLDER", [{ toolCalls: [{ id: "c-read", name: "read_file", arguments: { path: "a.txt" } }] }, { text: "I see." }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-NO-FOLDER read a.txt");
    await h.settled();
    const result = toolResults(requestsFor(bed.upstream, "TASK-NO-FOLDER")[1]).get("c-read");
    expect(result).toContain("No folder is open in VS Code");
    expect(lastCall(h, "c-read")?.status.kind).toBe("failed");
    expect(activities(h).filter((activity) => activity.kind === "approval")).toEqual([]);
  });

  it("refuses a .rooignore'd file without asking, and its content never reaches the model", async () => {
    testing.set("rooCodePlus.agent.autoApproveReads", true);
    await bed.write(".rooignore", "private/\n");
    await bed.write("private/plan.md", "PRIVATE-PLAN-3b9e\n");
    bed.upstream.script("TASK-IGNORED", [{ toolCalls: [{ id: "c-private", name: "read_file", arguments: { path: "private/plan.md" } }] }, { text: "Understood." }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-IGNORED read the plan");
    await h.settled();
    expect(lastCall(h, "c-private")?.status.kind).toBe("refused");
    expect(toolResults(requestsFor(bed.upstream, "TASK-IGNORED")[1]).get("c-private")).toContain(".rooignore");
    expect(JSON.stringify(bed.upstream.chatRequests())).not.toContain("PRIVATE-PLAN-3b9e");
  });

  it("runs an allow-listed command without asking, streams its output, and gives the model the output", async () => {
    testing.set("rooCodePlus.agent.commandAllowList", ["echo"]);
    testing.enableShellIntegration();
    bed.upstream.script("TASK-ECHO", [{ toolCalls: [{ id: "c-echo", name: "execute_command", arguments: { command: "echo hello-from-echo" } }] }, { text: "It printed." }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-ECHO say hello");
    await h.settled();
    expect(activities(h).filter((activity) => activity.kind === "approval")).toEqual([]);
    expect(activities(h).some((activity) => activity.kind === "running" && activity.call.id === "c-echo")).toBe(true);
    const output = h.posted.flatMap((message) => (message.type === "commandOutput" && message.callId === "c-echo" ? [message.text] : [])).join("");
    expect(output).toContain("hello-from-echo");
    expect(lastCall(h, "c-echo")?.status.kind).toBe("succeeded");
    expect(toolResults(requestsFor(bed.upstream, "TASK-ECHO")[1]).get("c-echo")).toContain("hello-from-echo");
  });

  it("takes a rejection from the diff editor's title: the file stays, the tab closes, the model is told", async () => {
    await bed.write("keep.txt", "keep\n");
    bed.upstream.script("TASK-REJECT-TITLE", [
      { toolCalls: [{ id: "c-write", name: "write_to_file", arguments: { path: "keep.txt", content: "gone\n" } }] },
      { text: "Fine, left it." },
    ]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-REJECT-TITLE replace keep.txt");
    await waitActivity(h, "approval", 0);
    await commands.executeCommand(REJECT_EDIT_COMMAND, Uri.from({ scheme: PROPOSAL_SCHEME, path: "/keep.txt", query: "c-write" }));
    await waitCallStatus(h, "c-write", "rejected");
    await h.settled();
    expect(await bed.read("keep.txt")).toBe("keep\n");
    expect(testing.tabs()).toEqual([]);
    expect(toolResults(requestsFor(bed.upstream, "TASK-REJECT-TITLE")[1]).has("c-write")).toBe(true);
  });

  it("keeps a task waiting in a chat the user left, shows its approval when reopened, and takes the answer", async () => {
    await bed.write("a.txt", "a\n");
    bed.upstream.script("TASK-LEFT", [{ toolCalls: [{ id: "c-read", name: "read_file", arguments: { path: "a.txt" } }] }, { text: "Read." }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-LEFT read a.txt");
    await waitActivity(h, "approval", 0);
    const conversationId = await chatId(h);
    // The mode cannot change under a running task.
    const mode = await h.request({ kind: "setChatMode", mode: "ask" });
    expect(mode.ok).toBe(false);

    await h.notice({ type: "newChat" });
    expect(await chatId(h)).not.toBe(conversationId);
    await h.notice({ type: "openChat", conversationId });
    const opened = h.last("chatOpened")?.chat;
    expect(opened?.conversation.id).toBe(conversationId);
    expect(opened?.activity).toMatchObject({ kind: "approval", call: { id: "c-read" } });
    expect(await h.request({ kind: "decideToolCall", conversationId, callId: "c-read", decision: { kind: "approve" } })).toEqual({ ok: true });
    await h.settled();
    expect(h.last("replyFinished")?.message).toMatchObject({ text: "Read." });
  });

  it("answers a decision while the user looks at another chat (the task runs in the background)", async () => {
    await bed.write("a.txt", "a\n");
    bed.upstream.script("TASK-BACKGROUND", [{ toolCalls: [{ id: "c-read", name: "read_file", arguments: { path: "a.txt" } }] }, { text: "Read in the background." }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await startTask(h, "TASK-BACKGROUND read a.txt");
    await waitActivity(h, "approval", 0);
    const conversationId = await chatId(h);
    await h.notice({ type: "newChat" });
    expect(await h.request({ kind: "decideToolCall", conversationId, callId: "c-read", decision: { kind: "approve" } })).toEqual({ ok: true });
    await h.settled();
    const finished = h.posted.filter((message) => message.type === "replyFinished" && message.conversationId === conversationId).at(-1);
    expect(finished?.type === "replyFinished" ? finished.message.text : undefined).toBe("Read in the background.");
    expect(toolResults(requestsFor(bed.upstream, "TASK-BACKGROUND")[1]).get("c-read")).toContain("a");
  });
});
