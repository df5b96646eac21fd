import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ChatMessage, ModelInfo } from "@shared/generated/types";
import type { WebviewState } from "@shared/protocol";
import { App } from "./App";
import { ASK_MODE, DEFAULT_AGENT_SETTINGS, DEFAULT_CONTEXT_SETTINGS, fakeMessenger, IDLE, NO_MESSAGE_CONTEXT, SANE_MODEL_INFO } from "./testing/fakeMessenger";

const info: ModelInfo = SANE_MODEL_INFO;

const state: WebviewState = {
  settings: { apiProvider: "litellm", litellmApiUrl: "http://localhost:4000", litellmModelId: "gpt-3.5-turbo", litellmModelInfo: null, apiKeySet: false, rules: { report: { sources: [] }, customInstructions: "", promptTokens: 0 }, context: DEFAULT_CONTEXT_SETTINGS, agent: DEFAULT_AGENT_SETTINGS },
  defaults: { litellmApiUrl: "http://localhost:4000", litellmModelId: "gpt-3.5-turbo", litellmModelInfo: info },
  chat: {
    conversation: { id: "c1", title: "New chat", createdAtMs: 0, updatedAtMs: 0, messages: [], mode: "ask" },
    totals: { inputTokens: 0, outputTokens: 0, knownCostUsd: 0, repliesWithUnknownCost: 0 },
    context: null,
    model: { id: "gpt-3.5-turbo", info },
    streaming: false,
    offerCondense: false,
    mode: ASK_MODE,
    activity: IDLE,
  },
  history: [],
};

describe("App", () => {
  it("asks the extension for its state and shows what the wasm module reported", () => {
    const { messenger, posted, deliver } = fakeMessenger();
    render(<App messenger={messenger} />);
    expect(posted).toContainEqual({ type: "ready" });
    expect(screen.getByTestId("backend-status")).toHaveTextContent("Loading");

    deliver({ type: "backendInfo", info: { version: "9.8.7", providers: ["litellm"] } });
    expect(screen.getByTestId("backend-status")).toHaveTextContent("Backend 9.8.7 (WebAssembly)");
  });

  it("says so when the backend failed to load", () => {
    const { messenger, deliver } = fakeMessenger();
    render(<App messenger={messenger} />);
    deliver({ type: "backendUnavailable", message: "The provider backend failed to load: boom" });
    expect(screen.getByRole("alert")).toHaveTextContent("boom");
  });

  it("switches between the Chat and Settings tabs, and when the extension asks", async () => {
    const { messenger, deliver } = fakeMessenger();
    render(<App messenger={messenger} />);
    deliver({ type: "state", state });
    expect(screen.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");
    await userEvent.click(screen.getByRole("tab", { name: "Settings" }));
    expect(screen.getByRole("tab", { name: "Settings" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel", { name: "Settings" })).toBeInTheDocument();
    deliver({ type: "showTab", tab: "chat" });
    expect(screen.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");
  });
});

function assistant(text: string, state: ChatMessage["state"] = "streaming"): ChatMessage {
  return { id: "a1", role: "assistant", text, reasoning: "", state, modelId: "gpt-3.5-turbo", usage: null, error: null, ...NO_MESSAGE_CONTEXT };
}

describe("App, a chat's life", () => {
  it("shows a reply growing delta by delta, then finished, in the open chat", () => {
    const { messenger, deliver } = fakeMessenger();
    render(<App messenger={messenger} />);
    deliver({ type: "state", state });
    const question: ChatMessage = { ...assistant("Count to three", "complete"), id: "u1", role: "user", modelId: null };
    deliver({ type: "replyStarted", conversationId: "c1", title: "Chat one", userMessage: question, replacedMessageIds: [], reply: assistant("") });
    expect(screen.getByRole("button", { name: "Stop" })).toBeInTheDocument();

    for (const text of ["One, ", "two, ", "**three**"]) {
      deliver({ type: "replyDelta", conversationId: "c1", delta: { messageId: "a1", text, reasoning: "", state: "streaming", usage: null, error: null } });
    }
    const log = screen.getByRole("log");
    expect(log).toHaveTextContent("One, two, three");
    expect(within(log).getByText("three").tagName).toBe("STRONG");

    const totals = { inputTokens: 10, outputTokens: 5, knownCostUsd: 0.0000273, repliesWithUnknownCost: 0 };
    const context = { inputTokens: 30, contextWindow: 16385, outputReserve: 4096, available: 12259 };
    deliver({ type: "replyFinished", conversationId: "c1", message: assistant("One, two, **three**.", "complete"), totals, context, offerCondense: false });
    expect(screen.getByRole("button", { name: "Send" })).toBeInTheDocument();
    expect(screen.getByTestId("totals")).toHaveTextContent("$0.0000273");
    expect(screen.getByTestId("context-meter")).toHaveTextContent("30 / 16,385 tokens");
  });

  it("gives a refused message back to the composer, even across a tab switch", async () => {
    const { messenger, deliver, respond } = fakeMessenger();
    render(<App messenger={messenger} />);
    deliver({ type: "state", state });
    const user = userEvent.setup();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "Explain monads{Enter}");
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("");

    const error = { kind: "unauthorized" as const, message: "The proxy rejected the API key.", detail: null, status: 401, body: null, retryAfterSeconds: null, retryable: false };
    await respond({ kind: "sendMessage", response: { ok: false, error } });
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("Explain monads");
    expect(screen.getByRole("alert")).toHaveTextContent("The proxy rejected the API key.");

    await user.click(screen.getByRole("tab", { name: "Settings" }));
    await user.click(screen.getByRole("tab", { name: "Chat" }));
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("Explain monads");
  });
});

describe("App, the composer's context", () => {
  it("gives back a refused message's chips and keeps the draft across a visit to Settings", async () => {
    const { messenger, deliver, respond, lastRequest } = fakeMessenger();
    render(<App messenger={messenger} />);
    deliver({ type: "state", state });
    const user = userEvent.setup();
    const chip = { mention: { kind: "file" as const, path: "src/a.ts" }, label: "src/a.ts" };
    deliver({ type: "insertMention", chip });
    await user.type(screen.getByRole("textbox", { name: "Message" }), "Explain this{Enter}");
    expect(lastRequest("sendMessage").request).toEqual({ kind: "sendMessage", text: "Explain this", mentions: [chip.mention], images: [] });

    const error = { kind: "unauthorized" as const, message: "The proxy rejected the API key.", detail: null, status: 401, body: null, retryAfterSeconds: null, retryable: false };
    await respond({ kind: "sendMessage", response: { ok: false, error } });
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("Explain this");
    expect(screen.getByRole("button", { name: "Remove src/a.ts" })).toBeInTheDocument();

    await user.type(screen.getByRole("textbox", { name: "Message" }), " more");
    await user.click(screen.getByRole("tab", { name: "Settings" }));
    await user.click(screen.getByRole("tab", { name: "Chat" }));
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("Explain this more");
    expect(screen.getByRole("button", { name: "Remove src/a.ts" })).toBeInTheDocument();
  });

  it("shows the chat with the chip and the focus when the editor adds a mention from Settings", async () => {
    const { messenger, deliver } = fakeMessenger();
    render(<App messenger={messenger} />);
    deliver({ type: "state", state });
    await userEvent.click(screen.getByRole("tab", { name: "Settings" }));
    deliver({ type: "insertMention", chip: { mention: { kind: "selection", range: { path: "src/a.ts", startLine: 3, endLine: 7 } }, label: "src/a.ts:3-7" } });
    expect(screen.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("button", { name: "Remove src/a.ts:3-7" })).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveFocus();
  });
});
