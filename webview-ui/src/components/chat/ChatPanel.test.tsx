import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ConversationSummary } from "@shared/generated/types";
import type { ChatView } from "@shared/protocol";
import type { Refusal } from "../../state";
import { ChatPanel } from "./ChatPanel";
import { apiError, chatView, contextUsage, fakeMessenger, NO_TOTALS, reply, summary, usage, userMessage } from "./testing";

interface Props {
  chat?: ChatView;
  history?: ConversationSummary[];
  rejected?: Refusal | null;
}

function setup(props: Props = {}) {
  const fake = fakeMessenger();
  /** What the panel handed up as refused, oldest first. */
  const refusals: Refusal[] = [];
  const onRefused = (refusal: Refusal) => {
    refusals.push(refusal);
  };
  const element = (next: Props) => (
    <ChatPanel
      chat={next.chat ?? chatView()}
      history={next.history ?? []}
      rejected={next.rejected ?? null}
      onRefused={onRefused}
      commandOutput={{ conversationId: null, byCall: {} }}
      messenger={fake.messenger}
    />
  );
  const view = render(element(props));
  const rerender = (next: Props) => {
    view.rerender(element(next));
  };
  const input = () => screen.getByRole("textbox", { name: "Message" });
  const sentTexts = () => fake.requestsOf("sendMessage").map((sent) => sent.request.text);
  return { ...fake, ...view, rerender, input, refusals, sentTexts, user: userEvent.setup() };
}

describe("ChatPanel composer", () => {
  it("sends on Enter and clears the box", async () => {
    const { user, input, requestsOf } = setup();
    await user.type(input(), "Hello there{Enter}");
    expect(requestsOf("sendMessage").map((sent) => sent.request)).toEqual([{ kind: "sendMessage", text: "Hello there", mentions: [], images: [] }]);
    expect(input()).toHaveValue("");
  });

  it("inserts a newline on Shift+Enter and does not send", async () => {
    const { user, input, sentTexts } = setup();
    await user.type(input(), "one{Shift>}{Enter}{/Shift}two");
    expect(sentTexts()).toHaveLength(0);
    expect(input()).toHaveValue("one\ntwo");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(sentTexts()).toEqual(["one\ntwo"]);
  });

  it("does not send empty or blank text", async () => {
    const { user, input, posted } = setup();
    await user.type(input(), "{Enter}   {Enter}");
    expect(posted).toHaveLength(0);
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
  });

  it("gives each send a new request id", async () => {
    const { user, input, requestsOf } = setup();
    await user.type(input(), "a{Enter}b{Enter}");
    const [first, second] = requestsOf("sendMessage");
    expect(first?.id).not.toBe(second?.id);
  });

  it("turns Send into Stop while a reply streams, and Stop names the chat", async () => {
    const messages = [userMessage("Hi"), reply({ text: "Hel", state: "streaming" })];
    const { user, input, sentTexts, noticesOf, rerender } = setup({ chat: chatView(messages, { streaming: true }) });
    expect(screen.queryByRole("button", { name: "Send" })).toBeNull();

    // Enter does not send while a reply streams; the draft stays.
    await user.type(input(), "next{Enter}");
    expect(sentTexts()).toHaveLength(0);
    expect(input()).toHaveValue("next");

    await user.click(screen.getByRole("button", { name: "Stop" }));
    expect(noticesOf("stopReply")).toEqual([{ type: "stopReply", conversationId: "c1" }]);

    rerender({ chat: chatView([userMessage("Hi"), reply({ text: "Hel", state: "stopped" })]) });
    expect(screen.queryByRole("button", { name: "Stop" })).toBeNull();
    expect(screen.getByRole("button", { name: "Send" })).toBeEnabled();
  });

  it("hands a refused send up with its text and the reason", async () => {
    const { user, input, respond, refusals } = setup();
    await user.type(input(), "Explain monads{Enter}");
    const error = apiError({ kind: "unauthorized", message: "The proxy rejected the API key." });
    await respond({ kind: "sendMessage", response: { ok: false, error } });
    expect(refusals).toEqual([{ text: "Explain monads", chips: [], images: [], error }]);
  });

  it("hands nothing up for a send that went out", async () => {
    const { user, input, respond, refusals } = setup();
    await user.type(input(), "Explain monads{Enter}");
    await respond({ kind: "sendMessage", response: { ok: true } });
    expect(refusals).toEqual([]);
  });

  it("restores a refused message into the box and shows why", async () => {
    const { user, input, sentTexts, rerender } = setup();
    await user.type(input(), "Explain monads{Enter}");
    expect(input()).toHaveValue("");

    const rejected = { text: "Explain monads", chips: [], images: [], error: apiError({ kind: "unauthorized", message: "The proxy rejected the API key." }) };
    rerender({ rejected });
    expect(input()).toHaveValue("Explain monads");
    expect(screen.getByRole("alert")).toHaveTextContent("The proxy rejected the API key.");

    // Sending again clears the error; the same rejection does not come back.
    await user.type(input(), "{Enter}");
    expect(sentTexts()).toEqual(["Explain monads", "Explain monads"]);
    expect(screen.queryByRole("alert")).toBeNull();
    rerender({ rejected, chat: chatView([userMessage("Explain monads")]) });
    expect(input()).toHaveValue("");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("restores a refusal it is mounted with, and the error can be dismissed", async () => {
    const { user, input } = setup({ rejected: { text: "draft", chips: [], images: [], error: apiError({ message: "The proxy is down." }) } });
    expect(input()).toHaveValue("draft");
    expect(screen.getByRole("alert")).toHaveTextContent("The proxy is down.");
    await user.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(input()).toHaveValue("draft");
  });

  it("keeps what the user typed since when a refusal arrives", async () => {
    const { user, input, rerender } = setup();
    await user.type(input(), "first{Enter}second");
    rerender({ rejected: { text: "first", chips: [], images: [], error: apiError() } });
    expect(input()).toHaveValue("first\n\nsecond");
  });

  it("shows why a retry was refused and leaves the draft alone", async () => {
    const { user, input, rerender } = setup();
    await user.type(input(), "draft");
    rerender({ rejected: { text: "", chips: [], images: [], error: apiError({ message: "Nothing to retry." }) } });
    expect(input()).toHaveValue("draft");
    expect(screen.getByRole("alert")).toHaveTextContent("Nothing to retry.");
  });
});

describe("ChatPanel messages", () => {
  it("shows a friendly hint when the chat is empty", () => {
    setup();
    const log = screen.getByRole("log");
    expect(log).toHaveAttribute("aria-live", "polite");
    expect(log).toHaveTextContent("Start a conversation with any model behind your LiteLLM proxy.");
  });

  it("renders a streaming reply as it grows", () => {
    const chat = (text: string) => chatView([userMessage("Count"), reply({ text, state: "streaming" })], { streaming: true });
    const { rerender } = setup({ chat: chat("One,") });
    const log = screen.getByRole("log");
    expect(log).toHaveTextContent("One,");
    expect(screen.getByRole("status", { name: "Replying…" })).toBeInTheDocument();

    rerender({ chat: chat("One, two, **three**") });
    expect(log).toHaveTextContent("One, two, three");
    expect(within(log).getByText("three").tagName).toBe("STRONG");
  });

  it("renders a code block with a Copy button", () => {
    setup({ chat: chatView([userMessage("Code?"), reply({ text: "```python\nprint('hi')\n```" })]) });
    expect(screen.getByRole("button", { name: "Copy python code" })).toHaveTextContent("Copy");
  });

  it("shows HTML in a reply as text", () => {
    const { container } = setup({
      chat: chatView([userMessage("x"), reply({ text: "<script>alert(1)</script><img src=x onerror=alert(1)>" })]),
    });
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getByRole("log")).toHaveTextContent("<script>alert(1)</script><img src=x onerror=alert(1)>");
  });

  it("offers Retry on the last failed reply only, and it posts retryReply", async () => {
    const failed = (id: string) => reply({ id, text: "Part", state: "failed", error: apiError({ message: `Failed ${id}` }) });
    const { user, requestsOf, respond, refusals } = setup({ chat: chatView([userMessage("a", "u1"), failed("a1"), userMessage("b", "u2"), failed("a2")]) });
    const alerts = screen.getAllByRole("alert");
    expect(alerts).toHaveLength(2);
    expect(within(alerts[0] as HTMLElement).queryByRole("button", { name: "Retry" })).toBeNull();
    await user.click(within(alerts[1] as HTMLElement).getByRole("button", { name: "Retry" }));
    expect(requestsOf("retryReply").map((sent) => sent.request)).toEqual([{ kind: "retryReply" }]);

    // A refused retry is handed up without text, so the composer keeps its draft.
    const error = apiError({ message: "The proxy is down." });
    await respond({ kind: "retryReply", response: { ok: false, error } });
    expect(refusals).toEqual([{ text: "", chips: [], images: [], error }]);
  });

  it("does not offer Retry while a reply streams", () => {
    setup({
      chat: chatView([userMessage("a"), reply({ state: "failed", error: apiError() })], { streaming: true }),
    });
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
  });

  it("marks a stopped reply", () => {
    setup({ chat: chatView([userMessage("a"), reply({ text: "Half a", state: "stopped" })]) });
    expect(screen.getByText("Half a")).toBeInTheDocument();
    expect(screen.getByText("Stopped")).toBeInTheDocument();
  });
});

describe("ChatPanel usage and context", () => {
  it("shows each reply's tokens and cost, unknown cost as unknown", () => {
    setup({
      chat: chatView([
        userMessage("a", "u1"),
        reply({ id: "a1", usage: usage() }),
        userMessage("b", "u2"),
        reply({ id: "a2", usage: usage({ inputTokens: 2000, outputTokens: 10, cost: { kind: "unknown" } }) }),
      ]),
    });
    const lines = screen.getAllByTestId("usage");
    expect(lines[0]).toHaveTextContent("↑ 1,234 ↓ 56 · $0.0012");
    expect(lines[1]).toHaveTextContent("↑ 2,000 ↓ 10 · cost unknown");
    expect(document.body).not.toHaveTextContent("$0.00 ");
    expect(document.body.textContent).not.toMatch(/\$0\.00(?!\d)/);
  });

  it("shows the chat's total, marking unknown costs", () => {
    const { rerender } = setup({ chat: chatView([], { totals: { inputTokens: 3234, outputTokens: 66, knownCostUsd: 0.0012, repliesWithUnknownCost: 0 } }) });
    expect(screen.getByTestId("totals")).toHaveTextContent("Chat total ↑ 3,234 ↓ 66 · $0.0012");

    rerender({ chat: chatView([], { totals: { inputTokens: 3234, outputTokens: 66, knownCostUsd: 0.0012, repliesWithUnknownCost: 1 } }) });
    expect(screen.getByTestId("totals")).toHaveTextContent("$0.0012 + unknown");

    rerender({ chat: chatView([], { totals: { inputTokens: 2000, outputTokens: 10, knownCostUsd: 0, repliesWithUnknownCost: 1 } }) });
    expect(screen.getByTestId("totals")).toHaveTextContent("cost unknown");
    expect(screen.getByTestId("totals")).not.toHaveTextContent("$");
  });

  it("shows no total before any usage", () => {
    setup({ chat: chatView([], { totals: NO_TOTALS }) });
    expect(screen.queryByTestId("totals")).toBeNull();
  });

  it("shows the context-window meter when the tokens are counted", () => {
    const { rerender } = setup({ chat: chatView([], { context: contextUsage() }) });
    expect(screen.getByTestId("context-meter")).toHaveTextContent("1,234 / 16,385 tokens");
    const meter = screen.getByRole("meter", { name: "Context window" });
    expect(meter).toHaveAttribute("aria-valuenow", "1234");
    expect(meter).toHaveAttribute("aria-valuemax", "16385");

    rerender({ chat: chatView([], { context: contextUsage({ inputTokens: 15800 }) }) });
    expect(screen.getByRole("meter", { name: "Context window" })).toHaveClass("chat-context-full");

    rerender({ chat: chatView([], { context: null }) });
    expect(screen.queryByTestId("context-meter")).toBeNull();
    expect(screen.queryByRole("meter")).toBeNull();
  });
});

describe("ChatPanel toolbar and history", () => {
  const history = [
    summary({ id: "c1", title: "Current chat", updatedAtMs: Date.now() - 5 * 60_000 }),
    summary({ id: "c2", title: "Rust lifetimes", updatedAtMs: Date.UTC(2024, 0, 15, 12), messageCount: 4 }),
  ];

  it("starts a new chat", async () => {
    const { user, posted } = setup();
    await user.click(screen.getByRole("button", { name: "New chat" }));
    expect(posted).toEqual([{ type: "newChat" }]);
  });

  it("lists the history with dates, asks for chats saved elsewhere, and opens a chat", async () => {
    const { user, posted } = setup({ history });
    const toggle = screen.getByRole("button", { name: "History" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("region", { name: "Chat history" })).toBeNull();

    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const list = screen.getByRole("region", { name: "Chat history" });
    const items = within(list).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Current chat");
    expect(items[0]).toHaveTextContent("5 minutes ago");
    expect(items[0]).toHaveAttribute("aria-current", "true");
    expect(items[1]).toHaveTextContent("Rust lifetimes");
    expect(items[1]).toHaveTextContent("Jan 15, 2024 · 4 messages");

    await user.click(within(list).getByRole("button", { name: /^Rust lifetimes/ }));
    expect(posted).toEqual([{ type: "refreshHistory" }, { type: "openChat", conversationId: "c2" }]);
    expect(screen.queryByRole("region", { name: "Chat history" })).toBeNull();
  });

  it("deletes a chat only after confirming", async () => {
    const { user, noticesOf } = setup({ history });
    await user.click(screen.getByRole("button", { name: "History" }));
    await user.click(screen.getByRole("button", { name: "Delete “Rust lifetimes”" }));
    expect(noticesOf("deleteChat")).toHaveLength(0);

    // Cancel keeps it.
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(noticesOf("deleteChat")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Delete “Rust lifetimes”" }));
    const confirm = screen.getByRole("group", { name: "Confirm deleting “Rust lifetimes”" });
    expect(confirm).toHaveTextContent("Delete “Rust lifetimes”?");
    await user.click(within(confirm).getByRole("button", { name: "Delete" }));
    expect(noticesOf("deleteChat")).toEqual([{ type: "deleteChat", conversationId: "c2" }]);
  });

  it("shows the chat's session id (its litellm_session_id) on demand and copies it", async () => {
    const { user } = setup({ chat: chatView([], { conversation: { ...chatView().conversation, id: "2026-11-30_chat-42" } }) });
    const toggle = screen.getByRole("button", { name: "Session" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("region", { name: "Session id" })).toBeNull();

    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const panel = screen.getByRole("region", { name: "Session id" });
    expect(panel).toHaveTextContent("Session id 2026-11-30_chat-42");
    expect(panel).toHaveTextContent("litellm_session_id");
    await user.click(within(panel).getByRole("button", { name: "Copy session id" }));
    expect(await navigator.clipboard.readText()).toBe("2026-11-30_chat-42");

    await user.click(toggle);
    expect(screen.queryByRole("region", { name: "Session id" })).toBeNull();
  });

  it("says so when there is no history", async () => {
    const { user } = setup();
    await user.click(screen.getByRole("button", { name: "History" }));
    expect(screen.getByRole("region", { name: "Chat history" })).toHaveTextContent("No saved chats yet.");
  });
});
