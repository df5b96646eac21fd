import { describe, expect, it } from "vitest";
import type { ChatMessage, Conversation } from "@shared/generated/types";
import type { ChatView, WebviewState } from "@shared/protocol";
import { initialState, reduce, type AppState } from "./state";
import { SANE_MODEL_INFO } from "./testing/fakeMessenger";

function message(id: string, text: string, state: ChatMessage["state"] = "streaming"): ChatMessage {
  return { id, role: "assistant", text, reasoning: "", state, modelId: "m", usage: null, error: null };
}

function chat(conversation: Conversation): ChatView {
  return {
    conversation,
    totals: { inputTokens: 0, outputTokens: 0, knownCostUsd: 0, repliesWithUnknownCost: 0 },
    contextTokens: null,
    model: { id: "m", info: SANE_MODEL_INFO },
    activeRequestId: "r1",
  };
}

function withView(messages: ChatMessage[]): AppState {
  const conversation: Conversation = { id: "c1", title: "t", createdAtMs: 0, updatedAtMs: 0, messages };
  const view: WebviewState = {
    settings: { apiProvider: "litellm", litellmApiUrl: "http://localhost:4000", litellmModelId: "m", litellmModelInfo: null, apiKeySet: false },
    defaults: { litellmApiUrl: "http://localhost:4000", litellmModelId: "gpt-3.5-turbo", litellmModelInfo: chat(conversation).model.info },
    chat: chat(conversation),
    history: [],
  };
  return { ...initialState, view };
}

describe("reduce", () => {
  it("replaces a streaming message with its newer self and leaves the others", () => {
    const state = withView([message("u", "question", "complete"), message("a", "Hel")]);
    const next = reduce(state, { type: "replyUpdated", requestId: "r1", conversationId: "c1", message: message("a", "Hello") });
    expect(next.view?.chat.conversation.messages.map((entry) => entry.text)).toEqual(["question", "Hello"]);
  });

  it("ignores updates for a chat that is not shown", () => {
    const state = withView([message("a", "Hel")]);
    const next = reduce(state, { type: "replyUpdated", requestId: "r1", conversationId: "other", message: message("a", "Hello") });
    expect(next).toBe(state);
  });

  it("keeps the text of a refused send so the composer can restore it", () => {
    const error = { kind: "invalidSettings" as const, message: "Fix the URL.", detail: null, status: null, body: null, retryAfterSeconds: null, retryable: false };
    const next = reduce(initialState, { type: "sendRejected", requestId: "r", text: "my long question", error });
    expect(next.rejected).toEqual({ text: "my long question", error });
  });

  it("switches tabs when the extension asks", () => {
    expect(reduce(initialState, { type: "showTab", tab: "settings" }).tab).toBe("settings");
  });
});

describe("reduce, refusals", () => {
  it("forgets a refusal once a new state arrives after a successful send", () => {
    const error = { kind: "invalidSettings" as const, message: "Fix the URL.", detail: null, status: null, body: null, retryAfterSeconds: null, retryable: false };
    const refused = reduce(withView([]), { type: "sendRejected", requestId: "r", text: "q", error });
    const view = refused.view;
    if (view === null) throw new Error("the fixture has a view");
    expect(reduce(refused, { type: "state", state: view }).rejected).toBeNull();
  });
});
