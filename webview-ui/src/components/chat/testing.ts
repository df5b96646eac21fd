/**
 * Test helpers for the chat components: a fake messenger that records what the panel posts and
 * answers its requests, and fully typed fixtures (messages, usage, errors, chats, history) built from the generated types.
 */
import type {
  ApiError,
  ChatMessage,
  ContextUsage,
  Conversation,
  ConversationSummary,
  ConversationTotals,
  ModelInfo,
  Usage,
} from "@shared/generated/types";
import type { ChatView } from "@shared/protocol";
import { ASK_MODE, fakeMessenger, IDLE, NO_MESSAGE_CONTEXT, SANE_MODEL_INFO } from "../../testing/fakeMessenger";

export { fakeMessenger };

export const MODEL_INFO: ModelInfo = SANE_MODEL_INFO;

export function usage(overrides: Partial<Usage> = {}): Usage {
  return {
    inputTokens: 1234,
    outputTokens: 56,
    cacheWriteTokens: null,
    cacheReadTokens: null,
    reasoningTokens: null,
    cost: { kind: "known", usd: 0.0012, source: "proxy" },
    estimated: false,
    cacheSavings: null,
    ...overrides,
  };
}

export function apiError(overrides: Partial<ApiError> = {}): ApiError {
  return {
    kind: "rateLimited",
    message: "The proxy is rate limiting requests. Try again in 20 seconds.",
    detail: null,
    status: 429,
    body: null,
    retryAfterSeconds: 20,
    retryable: true,
    ...overrides,
  };
}

export function userMessage(text: string, id = "u1"): ChatMessage {
  return { id, role: "user", text, reasoning: "", state: "complete", modelId: null, usage: null, error: null, ...NO_MESSAGE_CONTEXT };
}

export function reply(overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: "a1",
    role: "assistant",
    text: "Hello!",
    reasoning: "",
    state: "complete",
    modelId: "gpt-4o-mini",
    usage: null,
    error: null,
    ...NO_MESSAGE_CONTEXT,
    ...overrides,
  };
}

export const NO_TOTALS: ConversationTotals = { inputTokens: 0, outputTokens: 0, knownCostUsd: 0, repliesWithUnknownCost: 0 };

export function conversation(messages: ChatMessage[] = [], overrides: Partial<Conversation> = {}): Conversation {
  return { id: "c1", title: "A chat", createdAtMs: 1_700_000_000_000, updatedAtMs: 1_700_000_000_000, messages, mode: "ask", ...overrides };
}

export function chatView(messages: ChatMessage[] = [], overrides: Partial<ChatView> = {}): ChatView {
  return {
    conversation: conversation(messages),
    totals: NO_TOTALS,
    context: null,
    model: { id: "gpt-4o-mini", info: MODEL_INFO },
    streaming: false,
    offerCondense: false,
    mode: ASK_MODE,
    activity: IDLE,
    ...overrides,
  };
}

export function summary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return { id: "c1", title: "A chat", updatedAtMs: 1_700_000_000_000, messageCount: 2, ...overrides };
}

export function contextUsage(overrides: Partial<ContextUsage> = {}): ContextUsage {
  return { inputTokens: 1234, contextWindow: 16385, outputReserve: 4096, available: 11055, ...overrides };
}
