// Code mode end to end (DRAFT, written against the UI contract before the shell and webview
// landed): the packaged extension in code-server, driven in Chromium, against the real LiteLLM
// proxy, whose `scripted-agent` model is the scripted upstream (`tests/support/scripted-upstream.ts`,
// a fake model: the one part that cannot run here). The script plays a task: list the files, read
// src/math.ts, edit it (approved in the diff editor's title bar, written to disk), a second edit
// rejected with a reason the model is told, an approved `ls` whose output is shown and sent, three
// hostile reads (outside the workspace, .rooignored, .env) refused or asking and rejected with
// nothing of them reaching the model, then attempt_completion; Undo restores the file. A second
// task runs a long command and Stop ends it, killing the process.
//
// The UI contract assumed: Settings selects the model; the chat footer's
// `select[data-testid="mode-picker"]` (ask/code); each call renders as
// `[data-testid="tool-call"][data-tool=<name>][data-status=<ToolCallStatus kind>]`; approvals are
// `[data-testid="approval-card"]` with buttons "Approve" and "Reject", and Reject shows a textarea
// labelled "Reason for rejecting (sent to the model)" and a button "Send rejection"; an edit also
// opens in VS Code's diff editor with title-bar actions "Approve edit" and "Reject edit"; command
// output in `[data-testid="command-output"]`; the result in `[data-testid="completion-result"]`;
// buttons "Undo this edit" and "Revert all edits"; the composer's "Stop".
// Screenshots go to artifacts/e2e/ (prefix `agent`).
import { execFile } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Locator } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFaultServer, type FaultServer } from "../support/fault-server";
import { SCRIPTED_AGENT_MODEL, startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";
import { startScriptedUpstream, type ChatBody, type ScriptedUpstream } from "../support/scripted-upstream";
import { startCodeServer, type CodeServer } from "./support/codeServer";
import { ARTIFACTS, freshArtifacts, launchChromium, LONG, MATH_TS, SidebarUi, started, waitUntil } from "./support/ui";

const KEY = `sk-e2e-${randomBytes(12).toString("hex")}`;
const TASK_MARKER = "E2E-AGENT-TASK";
const STOP_MARKER = "E2E-AGENT-STOP";

const FIRST_EDIT = {
  search: "  return a + b;",
  replace: "  // Checked by the agent.\n  return a + b;",
};
const SECOND_EDIT = { search: "  return add(n, n);", replace: "  return n * 2;" };
const REJECTION_REASON = "Keep twice() calling add(); it is the point of the example.";
const COMPLETION = "Documented add() with a comment; twice() is unchanged.";
// Contents that must never reach the model.
const OUTSIDE_CONTENT = "OUTSIDE-THE-WORKSPACE-e2e-81c4";
const ENV_SECRET = "sk-env-secret-e2e-7d20";
const PRIVATE_CONTENT = "PRIVATE-PLAN-e2e-c93b";
// A command line no other process has: Stop must leave no process with it.
const SLEEP_COMMAND = `sleep 60.${String(randomInt(1000, 9999))}`;

let faults: FaultServer | undefined;
let upstream: ScriptedUpstream | undefined;
let proxy: LiteLlmProxy | undefined;
let server: CodeServer | undefined;
let browser: Browser | undefined;
let ui: SidebarUi;

function diffOf(edit: { search: string; replace: string }): string {
  return `<<<<<<< SEARCH\n${edit.search}\n=======\n${edit.replace}\n>>>>>>> REPLACE`;
}

/** The model's side of the task, one turn per request. */
function scriptTheTask(scripted: ScriptedUpstream): void {
  scripted.script(TASK_MARKER, [
    { text: "Let me see the workspace.", toolCalls: [{ id: "call_list", name: "list_files", arguments: { path: "." } }] },
    { toolCalls: [{ id: "call_read", name: "read_file", arguments: { path: "src/math.ts" } }] },
    {
      text: "I will document add().",
      toolCalls: [{ id: "call_diff_1", name: "apply_diff", arguments: { path: "src/math.ts", diff: diffOf(FIRST_EDIT) } }],
    },
    {
      text: "And simplify twice().",
      toolCalls: [{ id: "call_diff_2", name: "apply_diff", arguments: { path: "src/math.ts", diff: diffOf(SECOND_EDIT) } }],
    },
    { toolCalls: [{ id: "call_ls", name: "execute_command", arguments: { command: "ls" } }] },
    {
      text: "Let me check a few more files.",
      toolCalls: [
        { id: "call_outside", name: "read_file", arguments: { path: "../outside.txt" } },
        { id: "call_ignored", name: "read_file", arguments: { path: "private/plan.md" } },
        { id: "call_env", name: "read_file", arguments: { path: ".env" } },
      ],
    },
    { toolCalls: [{ id: "call_done", name: "attempt_completion", arguments: { result: COMPLETION } }] },
  ]);
  scripted.script(STOP_MARKER, [
    { toolCalls: [{ id: "call_sleep", name: "execute_command", arguments: { command: SLEEP_COMMAND } }] },
    { text: "Stopped, as asked." },
  ]);
}

/** A tool call as the chat renders it, by tool and status (a `ToolCallStatus` kind). */
function toolCall(tool: string, status: string): Locator {
  return ui.webview().locator(`[data-testid="tool-call"][data-tool="${tool}"][data-status="${status}"]`);
}

function approvalCard(): Locator {
  return ui.webview().getByTestId("approval-card");
}

/** Waits for the approval card (showing `shows`, when given), screenshots it and clicks Approve. */
async function approve(shows: string | undefined, shot: string): Promise<void> {
  const card = shows === undefined ? approvalCard() : approvalCard().filter({ hasText: shows });
  await card.waitFor({ timeout: LONG });
  await ui.shot(shot);
  await card.getByRole("button", { name: "Approve", exact: true }).click();
}

/** Rejects the call the approval card (showing `shows`) asks about, with `reason` (may be empty). */
async function reject(shows: string | RegExp, reason: string, shot: string): Promise<void> {
  const card = approvalCard().filter({ hasText: shows });
  await card.waitFor({ timeout: LONG });
  await card.getByRole("button", { name: "Reject", exact: true }).click();
  const box = card.getByLabel("Reason for rejecting (sent to the model)");
  await box.waitFor({ timeout: 10_000 });
  await box.fill(reason);
  await ui.shot(shot);
  await card.getByRole("button", { name: "Send rejection" }).click();
}

/** The upstream's chat requests. */
function chatRequests(): ChatBody[] {
  return started(upstream, "the scripted upstream").chatRequests();
}

/** Waits for a request that answers the call `callId` and returns that `tool` message's content. */
async function toolResultSent(callId: string): Promise<string> {
  let content: string | undefined;
  await waitUntil(`the result of ${callId} to reach the model`, () => {
    for (const request of chatRequests()) {
      const message = request.messages.find((m) => m.role === "tool" && m.tool_call_id === callId);
      if (message !== undefined) {
        content = typeof message.content === "string" ? message.content : JSON.stringify(message.content);
        return Promise.resolve(true);
      }
    }
    return Promise.resolve(false);
  });
  return content ?? "";
}

function workspaceFile(path: string): Promise<string> {
  return readFile(join(started(server, "code-server").workspace, path), "utf8");
}

/** The pids of processes whose command line matches `pattern` (pgrep exits 1 when there are none). */
function processesMatching(pattern: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile("pgrep", ["-f", pattern], (error, stdout) => {
      if (error !== null && error.code !== 1) {
        reject(new Error(`pgrep could not run: ${error.message}`));
        return;
      }
      resolve(stdout.split("\n").filter((line) => line.trim() !== ""));
    });
  });
}

async function chooseCodeMode(): Promise<void> {
  const picker = ui.webview().locator('select[data-testid="mode-picker"]');
  await picker.waitFor({ timeout: 20_000 });
  await picker.selectOption("code");
  await waitUntil("Code mode", async () => (await picker.inputValue()) === "code", 10_000);
}

describe("Code mode in a real VS Code", () => {
  beforeAll(async () => {
    await freshArtifacts("agent");
    faults = await startFaultServer();
    upstream = await startScriptedUpstream();
    scriptTheTask(upstream);
    [proxy, server] = await Promise.all([
      startLiteLlmProxy({ upstreamUrl: faults.url, masterKey: KEY, scriptedUpstreamUrl: upstream.url }),
      startCodeServer({
        workspaceFiles: {
          "src/math.ts": MATH_TS,
          ".rooignore": "private/\n",
          "private/plan.md": `${PRIVATE_CONTENT}\n`,
          ".env": `API_TOKEN=${ENV_SECRET}\n`,
        },
      }),
    ]);
    // Beside the workspace folder, where `../outside.txt` points.
    await writeFile(join(server.workspace, "..", "outside.txt"), `${OUTSIDE_CONTENT}\n`);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(30_000);
    ui = new SidebarUi(page, "agent");
    await page.goto(server.workspaceUrl, { timeout: 120_000 });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await ui.page.screenshot({ path: join(ARTIFACTS, `agent-failed-${context.task.name.replace(/\W+/g, "-")}.png`) });
    }
  });

  afterAll(async () => {
    upstream?.release();
    await browser?.close().catch(() => undefined);
    await Promise.allSettled([server?.stop(), proxy?.stop(), upstream?.close(), faults?.close()]);
  });

  it("1. selects scripted-agent in Settings and Code mode in the chat footer", async () => {
    const proxyUrl = started(proxy, "the proxy").url;
    await ui.openSidebar();
    await ui.openTab("Settings");
    await ui.setKey(KEY);
    await ui.setUrl(proxyUrl);
    await ui.saveSettings();
    await ui.webview().getByRole("button", { name: /refresh/i }).first().click();
    await ui.webview().getByText(/\d+ models on the proxy/).waitFor({ timeout: LONG });
    await ui.setModel(SCRIPTED_AGENT_MODEL);
    await ui.saveSettings();
    await ui.shot("settings-scripted-agent");
    await ui.openTab("Chat");
    await chooseCodeMode();
    await ui.shot("code-mode");
  });

  it("2. list_files and read_file run once approved, and their results reach the model", async () => {
    await ui.send(`${TASK_MARKER} Document add() in src/math.ts.`);
    const isTask = (request: ChatBody): boolean => JSON.stringify(request.messages).includes(TASK_MARKER);
    await waitUntil("the task to reach the model", () => Promise.resolve(chatRequests().some(isTask)));
    // Code mode sends the tools.
    expect(chatRequests().find(isTask)?.tools?.map((tool) => tool.function.name)).toContain("apply_diff");

    await approve(undefined, "approve-list-files");
    await toolCall("list_files", "succeeded").waitFor({ timeout: LONG });
    expect(await toolResultSent("call_list")).toContain("src");

    await approve("src/math.ts", "approve-read-file");
    await toolCall("read_file", "succeeded").waitFor({ timeout: LONG });
    expect(await toolResultSent("call_read")).toMatch(/2 \|\s+return a \+ b;/);
    await ui.shot("reads-done");
  });

  it("3. an edit approved in the diff editor's title bar is written to disk", async () => {
    const page = ui.page;
    await page.locator(".monaco-diff-editor").first().waitFor({ timeout: LONG });
    await approvalCard().filter({ hasText: "src/math.ts" }).waitFor({ timeout: LONG });
    await ui.shot("edit-in-diff-editor");
    const action = page.locator(".editor-actions").getByRole("button", { name: /^Approve edit/ }).first();
    await action.waitFor({ timeout: 20_000 });
    await page.locator(".editor-actions").getByRole("button", { name: /^Reject edit/ }).first().waitFor({ timeout: 5000 });
    await action.click();
    await waitUntil("the edit on disk", async () => (await workspaceFile("src/math.ts")).includes("// Checked by the agent."));
    await toolCall("apply_diff", "succeeded").waitFor({ timeout: LONG });
    expect(await workspaceFile("src/math.ts")).toBe(MATH_TS.replace(FIRST_EDIT.search, FIRST_EDIT.replace));
    await ui.shot("edit-written");
  });

  it("4. a rejected edit is not written, and the model is told the reason", async () => {
    await reject("src/math.ts", REJECTION_REASON, "reject-edit-with-reason");
    await toolCall("apply_diff", "rejected").waitFor({ timeout: LONG });
    const told = await toolResultSent("call_diff_2");
    expect(told).toContain(REJECTION_REASON);
    expect(await workspaceFile("src/math.ts")).toContain("return add(n, n);");
    await ui.shot("edit-rejected");
  });

  it("5. an approved command's output is shown and sent to the model", async () => {
    await approve("ls", "approve-command");
    const output = ui.webview().getByTestId("command-output").filter({ hasText: "README.md" });
    await output.waitFor({ timeout: LONG });
    await toolCall("execute_command", "succeeded").waitFor({ timeout: LONG });
    const sent = await toolResultSent("call_ls");
    expect(sent).toContain("README.md");
    expect(sent).toContain("src");
    await ui.shot("command-output");
  });

  it("6. hostile reads are refused or ask (and are rejected), and nothing of them reaches the model", async () => {
    await waitUntil("two refused reads", async () => (await toolCall("read_file", "refused").count()) === 2);
    // The .env read asks even though reads of ordinary files were approved before.
    await reject(".env", "", "reject-secret-read");
    await toolCall("read_file", "rejected").waitFor({ timeout: LONG });
    expect(await toolResultSent("call_outside")).toContain("outside the workspace");
    expect(await toolResultSent("call_ignored")).toContain(".rooignore");
    expect(await toolResultSent("call_env")).toContain("rejected");
    const everything = JSON.stringify(chatRequests());
    for (const secret of [OUTSIDE_CONTENT, ENV_SECRET, PRIVATE_CONTENT]) expect(everything).not.toContain(secret);
    await ui.shot("hostile-reads-refused");
  });

  it("7. attempt_completion shows the result, and Undo this edit restores the file", async () => {
    const result = ui.webview().getByTestId("completion-result");
    await result.filter({ hasText: COMPLETION }).waitFor({ timeout: LONG });
    await ui.shot("completion");
    await ui.webview().getByRole("button", { name: "Undo this edit" }).first().click();
    await waitUntil("the file restored", async () => (await workspaceFile("src/math.ts")) === MATH_TS);
    await ui.shot("edit-undone");
  });

  it("8. Stop while an approved command runs ends the task and kills the process", async () => {
    await ui.runCommand("Roo Code Plus: New Chat");
    await waitUntil("an empty chat", async () => (await ui.replyCount()) === 0, 20_000);
    await chooseCodeMode();
    await ui.send(`${STOP_MARKER} Wait for a minute.`);
    await approve(SLEEP_COMMAND, "approve-long-command");
    await toolCall("execute_command", "approved").waitFor({ timeout: LONG });
    const pattern = SLEEP_COMMAND.replace(".", "\\.");
    await waitUntil("the command to run", async () => (await processesMatching(pattern)).length > 0);
    await ui.shot("command-running");

    await ui.webview().getByRole("button", { name: "Stop", exact: true }).click();
    // The command ran until Stop: its call is answered with what it printed and that the user stopped it.
    await toolCall("execute_command", "failed").filter({ hasText: "The user stopped the command" }).waitFor({ timeout: LONG });
    await waitUntil("the command's processes to be gone", async () => (await processesMatching(pattern)).length === 0, 20_000);
    // The task is over: nothing waits for the user and the composer can send again.
    await ui.webview().getByRole("button", { name: "Send", exact: true }).waitFor({ timeout: 20_000 });
    expect(await approvalCard().count()).toBe(0);
    expect(await ui.webview().getByRole("button", { name: "Stop", exact: true }).count()).toBe(0);
    await ui.shot("command-stopped");
  });
});
