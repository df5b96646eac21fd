import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ChatToolCall, ToolCallStatus } from "@shared/generated/types";
import type { CommandOutput } from "../../../state";
import { fakeMessenger } from "../../../testing/fakeMessenger";
import { MessageView } from "../MessageView";
import { reply } from "../testing";
import { AgentActionsContext, CommandOutputContext } from "./agentContext";
import { fileEdit, toolCall } from "./testing";

function renderCalls(calls: ChatToolCall[], outputs: Record<string, CommandOutput> = {}) {
  const fake = fakeMessenger();
  const element = (nextCalls: ChatToolCall[], nextOutputs: Record<string, CommandOutput>) => (
    <AgentActionsContext.Provider value={{ messenger: fake.messenger, conversationId: "c1" }}>
      <CommandOutputContext.Provider value={nextOutputs}>
        <MessageView message={reply({ id: "a1", text: "Let me look.", toolCalls: nextCalls })} canRetry={false} onRetry={() => undefined} />
      </CommandOutputContext.Provider>
    </AgentActionsContext.Provider>
  );
  const view = render(element(calls, outputs));
  const rerender = (nextCalls: ChatToolCall[], nextOutputs: Record<string, CommandOutput> = {}) => {
    view.rerender(element(nextCalls, nextOutputs));
  };
  return { ...fake, rerender, user: userEvent.setup() };
}

const rows = () => screen.getAllByTestId("tool-call");

describe("tool call rows", () => {
  const statuses: [ToolCallStatus, string][] = [
    [{ kind: "pending" }, "Waiting for approval"],
    [{ kind: "approved", auto: true }, "Approved automatically"],
    [{ kind: "rejected", reason: "not that file" }, "Rejected: not that file"],
    [{ kind: "refused", text: "outside the workspace" }, "Refused: outside the workspace"],
    [{ kind: "failed", text: "no such file" }, "Failed: no such file"],
    [{ kind: "succeeded", text: "contents" }, "Done"],
    [{ kind: "notRun", text: "stopped" }, "Not run"],
  ];
  it.each(statuses)("shows the %o status as %s, with the tool and status as attributes", (status, word) => {
    renderCalls([toolCall({ status })]);
    const [row] = rows();
    expect(row).toHaveAttribute("data-tool", "read_file");
    expect(row).toHaveAttribute("data-status", status.kind);
    expect(row).toHaveTextContent("Read src/a.ts");
    expect(row).toHaveTextContent(word);
  });

  it("folds the result text, to open on demand", async () => {
    const { user } = renderCalls([toolCall({ status: { kind: "succeeded", text: "1 | export const a = 1;" } })]);
    const details = rows()[0]?.querySelector("details");
    expect(details).not.toHaveAttribute("open");
    await user.click(screen.getByText("Result"));
    expect(details).toHaveAttribute("open");
    expect(within(details as HTMLElement).getByText("1 | export const a = 1;").tagName).toBe("PRE");
  });

  it("shows arguments that are not valid JSON as the model wrote them", () => {
    renderCalls([toolCall({ name: "read_file", arguments: '{"path": "src/a', status: { kind: "refused", text: "invalid arguments" } })]);
    expect(screen.getByText("Arguments as the model wrote them (not valid JSON)")).toBeInTheDocument();
    expect(screen.getByText('{"path": "src/a')).toBeInTheDocument();
  });

  it("shows a command's output as it arrives, then the final text", () => {
    const command = toolCall({ id: "run-1", name: "execute_command", arguments: JSON.stringify({ command: "npm test" }), status: { kind: "approved", auto: false } });
    const { rerender } = renderCalls([command], { "run-1": { text: "PASS a.test.ts\n", truncated: false } });
    expect(rows()[0]).toHaveTextContent("Run npm test");
    expect(screen.getByTestId("command-output")).toHaveTextContent("PASS a.test.ts");
    rerender([{ ...command, status: { kind: "succeeded", text: "PASS a.test.ts\nPASS b.test.ts\nexit code 0" } }], {
      "run-1": { text: "PASS a.test.ts\n", truncated: false },
    });
    expect(screen.getByTestId("command-output")).toHaveTextContent("exit code 0");
    expect(screen.getAllByTestId("command-output")).toHaveLength(1);
  });

  it("renders attempt_completion's result as Markdown in a block of its own", () => {
    renderCalls([
      toolCall({ name: "attempt_completion", arguments: JSON.stringify({ result: "Fixed **two** bugs." }), status: { kind: "succeeded", text: "Fixed **two** bugs." } }),
    ]);
    const result = screen.getByTestId("completion-result");
    expect(result).toHaveTextContent("Fixed two bugs.");
    expect(within(result).getByText("two").tagName).toBe("STRONG");
    expect(rows()[0]).toHaveTextContent("Completed");
  });

  it("undoes an edit, shows a refusal, and shows Undone once the edit is undone", async () => {
    const edit = toolCall({ id: "e1", name: "apply_diff", arguments: JSON.stringify({ path: "src/app.ts", diff: "…" }), edit: fileEdit() });
    const { user, lastRequest, respond, rerender } = renderCalls([edit]);
    expect(rows()[0]).toHaveTextContent("Edit src/app.ts");
    await user.click(screen.getByRole("button", { name: "Undo this edit" }));
    expect(lastRequest("undoEdit").request).toEqual({ kind: "undoEdit", conversationId: "c1", replyId: "a1", callId: "e1" });
    await respond({ kind: "undoEdit", response: { ok: false, error: "src/app.ts changed since the edit; undo it by hand." } });
    expect(screen.getByRole("alert")).toHaveTextContent("src/app.ts changed since the edit; undo it by hand.");

    rerender([{ ...edit, edit: fileEdit({ undone: true }) }]);
    expect(screen.queryByRole("button", { name: "Undo this edit" })).toBeNull();
    expect(rows()[0]).toHaveTextContent("Undone");
  });

  it("opens an edit's diff again", async () => {
    const { user, lastRequest } = renderCalls([toolCall({ id: "w1", name: "write_to_file", arguments: JSON.stringify({ path: "src/new.ts", content: "x" }), edit: fileEdit({ before: null }) })]);
    await user.click(screen.getByRole("button", { name: "Show diff" }));
    expect(lastRequest("showEditDiff").request).toEqual({ kind: "showEditDiff", conversationId: "c1", replyId: "a1", callId: "w1" });
  });

  it("offers no Undo for a call that wrote nothing", () => {
    renderCalls([toolCall({ name: "apply_diff", arguments: JSON.stringify({ path: "a", diff: "x" }), status: { kind: "rejected", reason: null } })]);
    expect(screen.queryByRole("button", { name: "Undo this edit" })).toBeNull();
  });
});
