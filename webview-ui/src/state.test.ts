import { describe, expect, it } from "vitest";
import type { ApiError, ChatMessage, Conversation, ConversationTotals, ReplyDelta, Usage } from "@shared/generated/types";
import type { ChatView, WebviewState } from "@shared/protocol";
import { initialState, reduce, type Action, type AppState } from "./state";
import { ASK_MODE, DEFAULT_AGENT_SETTINGS, DEFAULT_CONTEXT_SETTINGS, IDLE, NO_MESSAGE_CONTEXT, SANE_MODEL_INFO } from "./testing/fakeMessenger";
import type { ExtensionEvent } from "./utils/vscode";

function message(id: string, text: string, state: ChatMessage["state"] = "streaming"): ChatMessage {
  return { id, role: "assistant", text, reasoning: "", state, modelId: "m", usage: null, error: null, ...NO_MESSAGE_CONTEXT };
}

function question(id: string, text: string): ChatMessage {
  return { id, role: "user", text, reasoning: "", state: "complete", modelId: null, usage: null, error: null, ...NO_MESSAGE_CONTEXT };
}

const NO_TOTALS: ConversationTotals = { inputTokens: 0, outputTokens: 0, knownCostUsd: 0, repliesWithUnknownCost: 0 };

const ERROR: ApiError = {
  kind: "invalidSettings",
  message: "Fix the URL.",
  detail: null,
  status: null,
  body: null,
  retryAfterSeconds: null,
  retryable: false,
};

const USAGE: Usage = {
  inputTokens: 12,
  outputTokens: 34,
  cacheWriteTokens: null,
  cacheReadTokens: null,
  reasoningTokens: null,
  cost: { kind: "known", usd: 0.0000273, source: "proxy" },
  estimated: false,
  cacheSavings: null,
};

function chat(messages: ChatMessage[], overrides: Partial<ChatView> = {}): ChatView {
  const conversation: Conversation = { id: "c1", title: "t", createdAtMs: 0, updatedAtMs: 0, messages, mode: "ask" };
  return { conversation, totals: NO_TOTALS, context: null, model: { id: "m", info: SANE_MODEL_INFO }, streaming: false, offerCondense: false, mode: ASK_MODE, activity: IDLE, ...overrides };
}

function withView(messages: ChatMessage[], overrides: Partial<ChatView> = {}): AppState {
  const view: WebviewState = {
    settings: { apiProvider: "litellm", litellmApiUrl: "http://localhost:4000", litellmModelId: "m", litellmModelInfo: null, apiKeySet: false, rules: { report: { sources: [] }, customInstructions: "", promptTokens: 0 }, context: DEFAULT_CONTEXT_SETTINGS, agent: DEFAULT_AGENT_SETTINGS },
    defaults: { litellmApiUrl: "http://localhost:4000", litellmModelId: "gpt-3.5-turbo", litellmModelInfo: SANE_MODEL_INFO },
    chat: chat(messages, overrides),
    history: [],
  };
  return { ...initialState, view };
}

const event = (value: ExtensionEvent): Action => ({ kind: "event", event: value });

/** Runs events through the reducer in order. */
function replay(state: AppState, events: ExtensionEvent[]): AppState {
  return events.reduce((current, next) => reduce(current, event(next)), state);
}

const messagesOf = (state: AppState) => state.view?.chat.conversation.messages ?? [];

function delta(messageId: string, text: string, overrides: Partial<ReplyDelta> = {}): ExtensionEvent {
  return {
    type: "replyDelta",
    conversationId: "c1",
    delta: { messageId, text, reasoning: "", state: "streaming", usage: null, error: null, ...overrides },
  };
}

describe("reduce, a reply's life", () => {
  it("starts a reply: appends the question and the empty reply, and marks the chat streaming", () => {
    const state = withView([question("u0", "earlier"), message("a0", "answer", "complete")]);
    const next = reduce(
      state,
      event({ type: "replyStarted", conversationId: "c1", title: "Chat one", userMessage: question("u1", "why?"), replacedMessageIds: [], reply: message("a1", "") }),
    );
    expect(messagesOf(next).map((entry) => entry.id)).toEqual(["u0", "a0", "u1", "a1"]);
    expect(next.view?.chat.streaming).toBe(true);
    // The first message names the chat: the header shows the title the core gave it.
    expect(next.view?.chat.conversation.title).toBe("Chat one");
  });

  it("retries: the failed reply is replaced by the new one, and no question is added", () => {
    const state = withView([question("u1", "why?"), message("a1", "Part", "failed")]);
    const next = reduce(state, event({ type: "replyStarted", conversationId: "c1", title: "Chat one", userMessage: null, replacedMessageIds: ["a1"], reply: message("a2", "") }));
    expect(messagesOf(next).map((entry) => entry.id)).toEqual(["u1", "a2"]);
  });

  it("appends each delta's text and reasoning to the message it names, and leaves the others", () => {
    const state = withView([question("u", "question"), message("a", "")], { streaming: true });
    const next = replay(state, [delta("a", "Hel", { reasoning: "Think" }), delta("a", "lo", { reasoning: "ing." }), delta("a", ", world")]);
    expect(messagesOf(next).map((entry) => entry.text)).toEqual(["question", "Hello, world"]);
    expect(messagesOf(next)[1]?.reasoning).toBe("Thinking.");
    expect(messagesOf(next)[0]).toBe(messagesOf(state)[0]);
  });

  it("takes the reply's state, usage and error as the latest delta gives them", () => {
    const state = withView([message("a", "")]);
    const withUsage = replay(state, [delta("a", "x"), delta("a", "y", { usage: USAGE })]);
    expect(messagesOf(withUsage)[0]).toMatchObject({ text: "xy", usage: USAGE, error: null, state: "streaming" });
    const failed = reduce(withUsage, event(delta("a", "", { state: "failed", usage: USAGE, error: ERROR })));
    expect(messagesOf(failed)[0]).toMatchObject({ text: "xy", state: "failed", error: ERROR, usage: USAGE });
  });

  it("finishes a reply: the final message, the totals and the context replace the old, streaming ends", () => {
    const state = withView([question("u", "q"), message("a", "Hel")], { streaming: true });
    const totals = { ...NO_TOTALS, inputTokens: 12, outputTokens: 34, knownCostUsd: 0.0000273 };
    const context = { inputTokens: 58, contextWindow: 16385, outputReserve: 4096, available: 12231 };
    const final = { ...message("a", "Hello", "complete"), usage: USAGE };
    const next = reduce(state, event({ type: "replyFinished", conversationId: "c1", message: final, totals, context, offerCondense: true }));
    expect(messagesOf(next)[1]).toEqual(final);
    expect(next.view?.chat).toMatchObject({ totals, context, streaming: false, offerCondense: true });
  });

  it("ignores every reply event for a chat that is not the open one", () => {
    const state = withView([message("a", "Hel")], { streaming: true });
    const elsewhere: ExtensionEvent[] = [
      { type: "replyStarted", conversationId: "other", title: "Other", userMessage: question("u", "q"), replacedMessageIds: ["a"], reply: message("b", "") },
      { type: "replyDelta", conversationId: "other", delta: { messageId: "a", text: "lo", reasoning: "", state: "streaming", usage: null, error: null } },
      { type: "replyFinished", conversationId: "other", message: message("a", "X", "complete"), totals: NO_TOTALS, context: null, offerCondense: false },
    ];
    for (const other of elsewhere) {
      expect(reduce(state, event(other))).toBe(state);
    }
  });
});

describe("reduce, chats and history", () => {
  it("replaces the chat when another one is opened, and the history list when it changes", () => {
    const state = withView([message("a", "old", "complete")]);
    const opened = chat([question("u9", "hello")], { conversation: { id: "c9", title: "Other", createdAtMs: 1, updatedAtMs: 2, messages: [], mode: "ask" } });
    const next = reduce(state, event({ type: "chatOpened", chat: opened }));
    expect(next.view?.chat).toBe(opened);

    const history = [{ id: "c9", title: "Other", updatedAtMs: 2, messageCount: 0 }];
    expect(reduce(next, event({ type: "historyChanged", history })).view?.history).toBe(history);
  });

  it("moves one saved chat's line to the top of the list, replacing its old line", () => {
    const line = (id: string, updatedAtMs: number, title = id) => ({ id, title, updatedAtMs, messageCount: 2 });
    const listed = reduce(withView([]), event({ type: "historyChanged", history: [line("c3", 30), line("c2", 20), line("c1", 10)] }));
    const saved = reduce(listed, event({ type: "historyEntryChanged", summary: line("c1", 40, "renamed") }));
    expect(saved.view?.history).toEqual([line("c1", 40, "renamed"), line("c3", 30), line("c2", 20)]);
    // A chat saved in the middle of the list keeps its place among the others by time.
    const middle = reduce(listed, event({ type: "historyEntryChanged", summary: line("c9", 25) }));
    expect(middle.view?.history.map((entry) => entry.id)).toEqual(["c3", "c9", "c2", "c1"]);
  });

  it("follows only the newly opened chat's replies", () => {
    const opened = reduce(withView([message("a", "old", "complete")]), event({ type: "chatOpened", chat: { ...chat([]), conversation: { id: "c2", title: "", createdAtMs: 0, updatedAtMs: 0, messages: [], mode: "ask" } } }));
    const next = reduce(opened, event({ type: "replyStarted", conversationId: "c1", title: "Chat one", userMessage: null, replacedMessageIds: [], reply: message("z", "") }));
    expect(next).toBe(opened);
  });

  it("switches tabs when the extension asks, and when the user does", () => {
    expect(reduce(initialState, event({ type: "showTab", tab: "settings" })).tab).toBe("settings");
    expect(reduce(initialState, { kind: "selectTab", tab: "settings" }).tab).toBe("settings");
  });
});

describe("reduce, refusals", () => {
  it("keeps the text of a refused send so the composer can restore it", () => {
    const chips = [{ mention: { kind: "problems" as const }, label: "problems" }];
    const images = [{ name: "a.png", mediaType: "image/png" as const, data: "AAAA", width: 2, height: 1 }];
    const next = reduce(initialState, { kind: "refused", refusal: { text: "my long question", chips, images, error: ERROR } });
    expect(next.rejected).toEqual({ text: "my long question", chips, images, error: ERROR });
  });

  it("forgets a refusal once a reply starts or a new state arrives", () => {
    const refused = reduce(withView([]), { kind: "refused", refusal: { text: "q", chips: [], images: [], error: ERROR } });
    const started = reduce(
      refused,
      event({ type: "replyStarted", conversationId: "c1", title: "Chat one", userMessage: question("u", "q"), replacedMessageIds: [], reply: message("a", "") }),
    );
    expect(started.rejected).toBeNull();
    const view = refused.view;
    if (view === null) throw new Error("the fixture has a view");
    expect(reduce(refused, event({ type: "state", state: view })).rejected).toBeNull();
  });
});

describe("the composer's events and Condense", () => {
  it("shows the chat tab when the editor adds a mention or asks for the composer", () => {
    const onSettings = { ...withView([]), tab: "settings" as const };
    const chip = { mention: { kind: "selection" as const, range: { path: "src/a.ts", startLine: 3, endLine: 9 } }, label: "src/a.ts:3-9" };
    expect(reduce(onSettings, event({ type: "insertMention", chip })).tab).toBe("chat");
    expect(reduce(onSettings, event({ type: "focusComposer" })).tab).toBe("chat");
  });

  it("takes offerCondense from the state, an opened chat and a finished reply", () => {
    const state = withView([]);
    const opened = reduce(state, event({ type: "chatOpened", chat: chat([], { offerCondense: true }) }));
    expect(opened.view?.chat.offerCondense).toBe(true);
    const streaming = reduce(opened, event({ type: "chatOpened", chat: chat([message("a", "")], { streaming: true, offerCondense: false }) }));
    const finished = reduce(
      streaming,
      event({ type: "replyFinished", conversationId: "c1", message: message("a", "done", "complete"), totals: NO_TOTALS, context: null, offerCondense: true }),
    );
    expect(finished.view?.chat.offerCondense).toBe(true);
  });
});
