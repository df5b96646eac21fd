import { describe, expect, it } from "vitest";
import type { ChatMessage, Conversation } from "@shared/generated/types";
import type { AgentActivity, ChatView, WebviewState } from "@shared/protocol";
import { COMMAND_OUTPUT_LIMIT, initialState, reduce, type AppState } from "./state";
import { ASK_MODE, DEFAULT_AGENT_SETTINGS, DEFAULT_CONTEXT_SETTINGS, IDLE, NO_MESSAGE_CONTEXT, SANE_MODEL_INFO } from "./testing/fakeMessenger";
import type { ExtensionEvent } from "./utils/vscode";
import { pendingCall, toolCall } from "./components/chat/agent/testing";

function reply(id: string, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return { id, role: "assistant", text: "", reasoning: "", state: "complete", modelId: "m", usage: null, error: null, ...NO_MESSAGE_CONTEXT, ...overrides };
}

function chat(id: string, messages: ChatMessage[]): ChatView {
  const conversation: Conversation = { id, title: "t", createdAtMs: 0, updatedAtMs: 0, messages, mode: "code" };
  const totals = { inputTokens: 0, outputTokens: 0, knownCostUsd: 0, repliesWithUnknownCost: 0 };
  return { conversation, totals, context: null, model: { id: "m", info: SANE_MODEL_INFO }, streaming: false, offerCondense: false, mode: ASK_MODE, activity: IDLE };
}

function withChat(view: ChatView): AppState {
  const state: WebviewState = {
    settings: { apiProvider: "litellm", litellmApiUrl: "", litellmModelId: "m", litellmModelInfo: null, apiKeySet: false, rules: { report: { sources: [] }, customInstructions: "", promptTokens: 0 }, context: DEFAULT_CONTEXT_SETTINGS, agent: DEFAULT_AGENT_SETTINGS },
    defaults: { litellmApiUrl: "", litellmModelId: "m", litellmModelInfo: SANE_MODEL_INFO },
    chat: view,
    history: [],
  };
  return reduce(initialState, { kind: "event", event: { type: "state", state } });
}

const replay = (state: AppState, events: ExtensionEvent[]) => events.reduce((current, next) => reduce(current, { kind: "event", event: next }), state);
const output = (text: string, callId = "call-1", conversationId = "c1"): ExtensionEvent => ({ type: "commandOutput", conversationId, callId, text });

describe("reduce, Code mode", () => {
  it("replaces a changed message by its id and keeps the others as they were", () => {
    const first = reply("a1", { text: "first" });
    const state = withChat(chat("c1", [first, reply("a2", { toolCalls: [toolCall({ status: { kind: "pending" } })] })]));
    const changed = reply("a2", { toolCalls: [toolCall({ status: { kind: "approved", auto: false } })] });
    const next = replay(state, [{ type: "messageChanged", conversationId: "c1", message: changed }]);
    expect(next.view?.chat.conversation.messages).toEqual([first, changed]);
    expect(next.view?.chat.conversation.messages[0]).toBe(first);
    // Another chat's message changing touches nothing.
    expect(replay(state, [{ type: "messageChanged", conversationId: "c2", message: changed }])).toBe(state);
  });

  it("takes what the agent waits for from agentActivity, for the open chat only", () => {
    const state = withChat(chat("c1", []));
    const activity: AgentActivity = { kind: "continue", replyId: "a1", steps: 25 };
    expect(replay(state, [{ type: "agentActivity", conversationId: "c1", activity }]).view?.chat.activity).toEqual(activity);
    expect(replay(state, [{ type: "agentActivity", conversationId: "c2", activity }])).toBe(state);
    const approval: AgentActivity = {
      kind: "approval",
      replyId: "a1",
      call: pendingCall({ tool: "execute_command", command: "npm test", cwd: null }, { approval: "askCommand" }),
      preview: { kind: "command", command: "npm test", cwd: "" },
    };
    const asked = replay(state, [{ type: "agentActivity", conversationId: "c1", activity: approval }]);
    expect(replay(asked, [{ type: "agentActivity", conversationId: "c1", activity: IDLE }]).view?.chat.activity).toEqual(IDLE);
  });

  it("appends a command's output per call, and forgets it when another chat opens", () => {
    const state = withChat(chat("c1", []));
    const next = replay(state, [output("npm "), output("test\n"), output("other", "call-2"), output("elsewhere", "call-1", "c2")]);
    expect(next.commandOutput.byCall).toEqual({ "call-1": { text: "npm test\n", truncated: false }, "call-2": { text: "other", truncated: false } });
    // A new state of the same chat (settings saved) keeps the output; another chat starts empty.
    const again = replay(next, [{ type: "state", state: next.view as WebviewState }]);
    expect(again.commandOutput.byCall["call-1"]?.text).toBe("npm test\n");
    const opened = replay(next, [{ type: "chatOpened", chat: chat("c2", []) }]);
    expect(opened.commandOutput.byCall).toEqual({});
  });

  it("keeps only the newest part of a long output and says older output was dropped", () => {
    const state = withChat(chat("c1", []));
    const chunk = "x".repeat(COMMAND_OUTPUT_LIMIT - 10);
    const next = replay(state, [output(chunk), output("0123456789ABCDEFGHIJ")]);
    const kept = next.commandOutput.byCall["call-1"];
    expect(kept?.text.length).toBe(COMMAND_OUTPUT_LIMIT);
    expect(kept?.text.endsWith("0123456789ABCDEFGHIJ")).toBe(true);
    expect(kept?.truncated).toBe(true);
    // Still truncated after a short chunk that fits.
    expect(replay(next, [output("!")]).commandOutput.byCall["call-1"]?.truncated).toBe(true);
  });

  it("never keeps half of a character cut at the limit", () => {
    const state = withChat(chat("c1", []));
    // "😀" is two UTF-16 code units; the cut falls between them.
    const next = replay(state, [output(`😀${"y".repeat(COMMAND_OUTPUT_LIMIT - 1)}`)]);
    const kept = next.commandOutput.byCall["call-1"]?.text ?? "";
    expect(kept.length).toBe(COMMAND_OUTPUT_LIMIT - 1);
    expect(kept.startsWith("y")).toBe(true);
  });
});
