import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AgentActivity } from "@shared/protocol";
import type { CommandOutput } from "../../../state";
import { fakeMessenger } from "../../../testing/fakeMessenger";
import { ActivityPanel } from "./ActivityPanel";
import { CommandOutputContext } from "./agentContext";
import { EDIT_PREVIEW, pendingCall } from "./testing";

function renderPanel(activity: AgentActivity, outputs: Record<string, CommandOutput> = {}) {
  const fake = fakeMessenger();
  render(
    <CommandOutputContext.Provider value={outputs}>
      <ActivityPanel activity={activity} conversationId="c1" messenger={fake.messenger} />
    </CommandOutputContext.Provider>,
  );
  return { ...fake, user: userEvent.setup() };
}

const editApproval: AgentActivity = {
  kind: "approval",
  replyId: "a1",
  call: pendingCall({ tool: "apply_diff", path: "src/app.ts", diff: "<<<<<<< SEARCH" }),
  preview: { kind: "edit", edit: EDIT_PREVIEW },
};

describe("the approval card", () => {
  it("says what the edit does and shows its diff with line numbers, signs and counts", () => {
    renderPanel(editApproval);
    const card = screen.getByTestId("approval-card");
    expect(within(card).getByRole("heading", { name: "Roo wants to edit src/app.ts" })).toBeInTheDocument();
    expect(card).toHaveTextContent("+1 −1");
    const lines = card.querySelectorAll("tr");
    expect(Array.from(lines, (line) => line.className.replace("agent-diff-line agent-diff-", ""))).toEqual(["skipped", "context", "removed", "added", "context"]);
    expect(lines[2]).toHaveTextContent("11−const a = 1;");
    expect(lines[3]).toHaveTextContent("11+const a = 2;");
    expect(lines[0]).toHaveTextContent("unchanged lines");
    expect(card).toHaveTextContent("The diff is also open in the editor.");
  });

  it("approves the call it shows", async () => {
    const { user, lastRequest, respond } = renderPanel(editApproval);
    await user.click(screen.getByRole("button", { name: "Approve" }));
    expect(lastRequest("decideToolCall").request).toEqual({ kind: "decideToolCall", conversationId: "c1", callId: "call-1", decision: { kind: "approve" } });
    expect(screen.getByRole("button", { name: "Approve" })).toBeDisabled();
    await respond({ kind: "decideToolCall", response: { ok: false, error: "This call was already decided." } });
    expect(screen.getByRole("alert")).toHaveTextContent("This call was already decided.");
    expect(screen.getByRole("button", { name: "Approve" })).toBeEnabled();
  });

  it("rejects with the reason typed, and with none when the box is left empty", async () => {
    const { user, requestsOf, respond } = renderPanel(editApproval);
    await user.click(screen.getByRole("button", { name: "Reject" }));
    const reason = screen.getByRole("textbox", { name: "Reason for rejecting (sent to the model)" });
    expect(reason).toHaveFocus();
    await user.type(reason, "  Keep the old value.  ");
    await user.click(screen.getByRole("button", { name: "Send rejection" }));
    // Sending waits for the answer, so a double click cannot decide twice.
    expect(screen.getByRole("button", { name: "Send rejection" })).toBeDisabled();
    await respond({ kind: "decideToolCall", response: { ok: false, error: "Try again." } });
    await user.clear(reason);
    await user.click(screen.getByRole("button", { name: "Send rejection" }));
    expect(requestsOf("decideToolCall").map((sent) => sent.request.decision)).toEqual([
      { kind: "reject", reason: "Keep the old value." },
      { kind: "reject", reason: null },
    ]);
  });

  it("works from the keyboard alone", async () => {
    const { user, lastRequest } = renderPanel(editApproval);
    await user.tab();
    await user.tab();
    await user.tab();
    expect(screen.getByRole("button", { name: "Approve" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(lastRequest("decideToolCall").request.decision).toEqual({ kind: "approve" });
  });

  it("shows a command exactly as it will run and the folder it runs in", () => {
    renderPanel({
      kind: "approval",
      replyId: "a1",
      call: pendingCall({ tool: "execute_command", command: "npm test -- --watch=false", cwd: "web" }, { approval: "askCommand" }),
      preview: { kind: "command", command: "npm test -- --watch=false", cwd: "web" },
    });
    const card = screen.getByTestId("approval-card");
    expect(within(card).getByRole("heading")).toHaveTextContent("Roo wants to run this command");
    expect(within(card).getByText("npm test -- --watch=false").closest("pre")).not.toBeNull();
    expect(card).toHaveTextContent("in web");
  });

  it("runs a command without a folder in the workspace folder", () => {
    renderPanel({
      kind: "approval",
      replyId: "a1",
      call: pendingCall({ tool: "execute_command", command: "ls", cwd: null }, { approval: "askCommand" }),
      preview: { kind: "command", command: "ls", cwd: "" },
    });
    expect(screen.getByTestId("approval-card")).toHaveTextContent("in the workspace folder");
  });

  it("warns that a secret-looking file may hold secrets", () => {
    renderPanel({
      kind: "approval",
      replyId: "a1",
      call: pendingCall({ tool: "read_file", path: ".env", startLine: null, endLine: null }, { approval: "askSecretRead" }),
      preview: { kind: "read", path: ".env", secret: true },
    });
    expect(screen.getByRole("heading")).toHaveTextContent("Roo wants to read .env — this file may hold secrets");
  });

  it("opens the diff in the editor again", async () => {
    const { user, lastRequest } = renderPanel(editApproval);
    await user.click(screen.getByRole("button", { name: "Open the diff again" }));
    expect(lastRequest("showEditDiff").request).toEqual({ kind: "showEditDiff", conversationId: "c1", replyId: "a1", callId: "call-1" });
  });
});

describe("the follow-up question", () => {
  const question: AgentActivity = { kind: "question", replyId: "a1", callId: "q1", question: "Which **database**?", suggestions: ["Postgres", "SQLite"] };

  it("answers with a suggestion", async () => {
    const { user, lastRequest } = renderPanel(question);
    const card = screen.getByTestId("followup-question");
    expect(within(card).getByText("database").tagName).toBe("STRONG");
    await user.click(within(card).getByRole("button", { name: "SQLite" }));
    expect(lastRequest("answerQuestion").request).toEqual({ kind: "answerQuestion", conversationId: "c1", callId: "q1", answer: "SQLite" });
  });

  it("answers with typed text, and not with nothing", async () => {
    const { user, requestsOf } = renderPanel(question);
    expect(screen.getByRole("button", { name: "Answer" })).toBeDisabled();
    await user.type(screen.getByRole("textbox", { name: "Your answer" }), "MySQL 8{Enter}");
    expect(requestsOf("answerQuestion").map((sent) => sent.request.answer)).toEqual(["MySQL 8"]);
  });
});

describe("the step limit", () => {
  it("asks to continue and posts the choice", async () => {
    const { user, requestsOf } = renderPanel({ kind: "continue", replyId: "a1", steps: 25 });
    const prompt = screen.getByTestId("continue-prompt");
    expect(prompt).toHaveTextContent("Roo has taken 25 steps. Continue?");
    await user.click(within(prompt).getByRole("button", { name: "Continue" }));
    expect(requestsOf("continueTask").map((sent) => sent.request)).toEqual([{ kind: "continueTask", conversationId: "c1", proceed: true }]);
  });

  it("ends the task", async () => {
    const { user, lastRequest } = renderPanel({ kind: "continue", replyId: "a1", steps: 3 });
    await user.click(screen.getByRole("button", { name: "End task" }));
    expect(lastRequest("continueTask").request.proceed).toBe(false);
  });
});

describe("the running call", () => {
  it("shows the command and its live output", () => {
    renderPanel(
      { kind: "running", replyId: "a1", call: pendingCall({ tool: "execute_command", command: "npm test", cwd: null }, { id: "run-1" }) },
      { "run-1": { text: "RUN  v1\n✓ 3 tests", truncated: false } },
    );
    const card = screen.getByTestId("running-call");
    expect(card).toHaveTextContent("Running: Run npm test");
    expect(screen.getByTestId("running-output")).toHaveTextContent("✓ 3 tests");
    // One Stop for the whole task: the composer's, not a second one on the card.
    expect(within(card).queryByRole("button", { name: "Stop" })).toBeNull();
  });

  it("shows nothing while the agent is idle", () => {
    const { container } = render(<ActivityPanel activity={{ kind: "idle" }} conversationId="c1" messenger={fakeMessenger().messenger} />);
    expect(container).toBeEmptyDOMElement();
  });
});
