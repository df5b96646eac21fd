import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ChatView } from "@shared/protocol";
import type { CommandOutputs } from "../../state";
import { ChatPanel } from "./ChatPanel";
import { fileEdit, toolCall } from "./agent/testing";
import { chatView, conversation, fakeMessenger, reply, userMessage } from "./testing";

function setup(chat: ChatView, commandOutput: CommandOutputs = { conversationId: null, byCall: {} }) {
  const fake = fakeMessenger();
  const element = (next: ChatView, outputs: CommandOutputs) => (
    <ChatPanel chat={next} history={[]} rejected={null} onRefused={() => undefined} commandOutput={outputs} messenger={fake.messenger} />
  );
  const view = render(element(chat, commandOutput));
  const rerender = (next: ChatView, outputs: CommandOutputs = commandOutput) => {
    view.rerender(element(next, outputs));
  };
  return { ...fake, rerender, user: userEvent.setup() };
}

const picker = () => screen.getByTestId("mode-picker");

describe("the mode picker", () => {
  it("shows the chat's chosen mode and posts a new choice", async () => {
    const { user, lastRequest, respond } = setup(chatView());
    expect(screen.getByRole("combobox", { name: "Mode" })).toBe(picker());
    expect(picker()).toHaveValue("ask");
    expect(within(picker()).getAllByRole("option").map((option) => [option.getAttribute("value"), option.textContent])).toEqual([
      ["ask", "Ask"],
      ["code", "Code"],
    ]);
    await user.selectOptions(picker(), "code");
    expect(lastRequest("setChatMode").request).toEqual({ kind: "setChatMode", mode: "code" });
    await respond({ kind: "setChatMode", response: { ok: true, mode: { mode: "code", notice: null } } });
    expect(picker()).toHaveValue("code");
  });

  it("shows the notice when the chat cannot run in the chosen mode", async () => {
    const { user, respond } = setup(chatView());
    await user.selectOptions(picker(), "code");
    const notice = "gpt-3.5-turbo cannot call tools, so this chat runs in Ask mode.";
    await respond({ kind: "setChatMode", response: { ok: true, mode: { mode: "ask", notice } } });
    expect(picker()).toHaveValue("code");
    expect(screen.getByRole("note")).toHaveTextContent(notice);
  });

  it("shows the notice the chat arrives with", () => {
    setup(chatView([], { conversation: conversation([], { mode: "code" }), mode: { mode: "ask", notice: "This model cannot call tools." } }));
    expect(picker()).toHaveValue("code");
    expect(screen.getByRole("note")).toHaveTextContent("This model cannot call tools.");
  });

  it("keeps the mode and says why when the change is refused", async () => {
    const { user, respond } = setup(chatView());
    await user.selectOptions(picker(), "code");
    await respond({ kind: "setChatMode", response: { ok: false, error: "Finish or stop the running task first." } });
    expect(picker()).toHaveValue("ask");
    expect(screen.getByRole("alert")).toHaveTextContent("Finish or stop the running task first.");
  });
});

describe("the composer while the agent asks", () => {
  it("waits for the card's answer before it sends, and says so", async () => {
    const asking = chatView([userMessage("Fix it"), reply()], { activity: { kind: "continue", replyId: "a1", steps: 25 } });
    const { user, requestsOf, rerender, noticesOf } = setup(asking);
    const input = screen.getByRole("textbox", { name: "Message" });
    await user.type(input, "also this{Enter}");
    expect(requestsOf("sendMessage")).toEqual([]);
    // While the task waits, the composer offers Stop (which ends the whole task) instead of Send.
    expect(screen.queryByRole("button", { name: "Send" })).toBeNull();
    expect(screen.getByText("Answer the request above first")).toBeInTheDocument();
    expect(input).toHaveAccessibleDescription("Answer the request above first");
    await user.click(screen.getByRole("button", { name: "Stop" }));
    expect(noticesOf("stopReply")).toEqual([{ type: "stopReply", conversationId: asking.conversation.id }]);

    rerender({ ...asking, activity: { kind: "idle" } });
    expect(screen.queryByText("Answer the request above first")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(requestsOf("sendMessage").map((sent) => sent.request.text)).toEqual(["also this"]);
  });

  it("shows the open chat's command output in its row, and not another chat's", () => {
    const command = toolCall({ id: "run-1", name: "execute_command", arguments: JSON.stringify({ command: "npm test" }), status: { kind: "approved", auto: true } });
    const chat = chatView([userMessage("Test it"), reply({ text: "", toolCalls: [command] })]);
    const { rerender } = setup(chat, { conversationId: "c1", byCall: { "run-1": { text: "PASS", truncated: false } } });
    expect(screen.getByTestId("command-output")).toHaveTextContent("PASS");
    rerender(chat, { conversationId: "c2", byCall: { "run-1": { text: "elsewhere", truncated: false } } });
    expect(screen.queryByTestId("command-output")).toBeNull();
  });
});

describe("Revert all edits", () => {
  const edited = (undone: boolean) =>
    chatView([userMessage("Fix it"), reply({ toolCalls: [toolCall({ id: "e1", name: "apply_diff", arguments: "{}", edit: fileEdit({ undone }) })] })]);

  it("is offered only while the chat has an edit not undone", () => {
    const { rerender } = setup(chatView([userMessage("Hi"), reply()]));
    expect(screen.queryByRole("button", { name: "Revert all edits" })).toBeNull();
    rerender(edited(false));
    expect(screen.getByRole("button", { name: "Revert all edits" })).toBeInTheDocument();
    rerender(edited(true));
    expect(screen.queryByRole("button", { name: "Revert all edits" })).toBeNull();
  });

  it("asks first, then reverts and says what happened", async () => {
    const { user, requestsOf, respond } = setup(edited(false));
    await user.click(screen.getByRole("button", { name: "Revert all edits" }));
    expect(requestsOf("revertAllEdits")).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(requestsOf("revertAllEdits")).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Revert all edits" }));
    await user.click(screen.getByRole("button", { name: "Revert all" }));
    expect(requestsOf("revertAllEdits").map((sent) => sent.request)).toEqual([{ kind: "revertAllEdits", conversationId: "c1" }]);
    await respond({ kind: "revertAllEdits", response: { reverted: 2, errors: ["src/b.ts changed since the edit; restore it by hand."] } });
    const outcome = screen.getByRole("alert");
    expect(outcome).toHaveTextContent("Reverted 2 edits.");
    expect(within(outcome).getByRole("listitem")).toHaveTextContent("src/b.ts changed since the edit; restore it by hand.");
  });

  it("says how many were reverted when all went well", async () => {
    const { user, respond } = setup(edited(false));
    await user.click(screen.getByRole("button", { name: "Revert all edits" }));
    await user.click(screen.getByRole("button", { name: "Revert all" }));
    await respond({ kind: "revertAllEdits", response: { reverted: 1, errors: [] } });
    expect(screen.getByText("Reverted 1 edit.").closest("[role=status]")).not.toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
