/**
 * The webview's state and how it changes: a pure reducer over the extension's events and the few
 * things the webview decides itself (the tab, a refused send), so the rules are tested without
 * rendering. A reply streams as `replyStarted`, `replyDelta`s that append to it, and
 * `replyFinished`; each of them only touches the chat it names when that chat is the open one.
 * Code mode adds a finished message replaced whole (`messageChanged`), what the agent waits for
 * (`agentActivity`) and a running command's output, kept per tool call and capped.
 */
import type { ApiError, ChatMessage, ConversationSummary, ReplyDelta } from "@shared/generated/types";
import type { ChatView, ImageInput, MentionChip, Tab, WebviewState } from "@shared/protocol";
import type { ExtensionEvent } from "./utils/vscode";

/**
 * A send or retry the extension refused: what to give back to the composer (the text, the
 * mentions' chips and the images), and why.
 */
export interface Refusal {
  /** Empty for a refused retry, which had no text of its own. */
  text: string;
  chips: MentionChip[];
  images: ImageInput[];
  error: ApiError;
}

/** The most of one command's output the webview keeps (the newest part), in UTF-16 code units. */
export const COMMAND_OUTPUT_LIMIT = 200_000;

/** What arrived of one command's output: its newest part, and whether older output was dropped. */
export interface CommandOutput {
  text: string;
  truncated: boolean;
}

/** The open chat's commands' output, by tool call id. */
export interface CommandOutputs {
  conversationId: string | null;
  byCall: Readonly<Record<string, CommandOutput>>;
}

const NO_OUTPUT: CommandOutputs = { conversationId: null, byCall: {} };

export interface AppState {
  backend: { status: "loading" } | { status: "ready"; version: string } | { status: "unavailable"; message: string };
  tab: Tab;
  /** Null until the extension sent the first full state. */
  view: WebviewState | null;
  rejected: Refusal | null;
  commandOutput: CommandOutputs;
}

export type Action =
  | { kind: "event"; event: ExtensionEvent }
  | { kind: "selectTab"; tab: Tab }
  | { kind: "refused"; refusal: Refusal };

export const initialState: AppState = { backend: { status: "loading" }, tab: "chat", view: null, rejected: null, commandOutput: NO_OUTPUT };

export function reduce(state: AppState, action: Action): AppState {
  switch (action.kind) {
    case "event":
      return applyEvent(state, action.event);
    case "selectTab":
      return { ...state, tab: action.tab };
    case "refused":
      return { ...state, rejected: action.refusal };
  }
}

function applyEvent(state: AppState, event: ExtensionEvent): AppState {
  switch (event.type) {
    case "backendInfo":
      return { ...state, backend: { status: "ready", version: event.info.version } };
    case "backendUnavailable":
      return { ...state, backend: { status: "unavailable", message: event.message } };
    case "state":
      // New settings may have fixed what a refusal was about; its text is back in the composer.
      return { ...state, view: event.state, rejected: null, commandOutput: outputFor(state, event.state.chat.conversation.id) };
    case "showTab":
      return { ...state, tab: event.tab };
    case "insertMention":
    case "focusComposer":
      // The composer (always mounted, see App) takes the chip and the focus; the chat must show.
      return { ...state, tab: "chat" };
    case "chatOpened":
      return state.view === null ? state : { ...state, view: { ...state.view, chat: event.chat }, commandOutput: outputFor(state, event.chat.conversation.id) };
    case "historyChanged":
      return state.view === null ? state : { ...state, view: { ...state.view, history: event.history } };
    case "historyEntryChanged":
      return state.view === null ? state : { ...state, view: { ...state.view, history: withSummary(state.view.history, event.summary) } };
    case "replyStarted": {
      // A reply that started means the send went out, so an earlier refusal is dealt with.
      const next = updateChat(state, event.conversationId, (chat) => startReply(chat, event));
      return next === state ? state : { ...next, rejected: null };
    }
    case "replyDelta":
      return updateChat(state, event.conversationId, (chat) =>
        withMessages(
          chat,
          chat.conversation.messages.map((message) => (message.id === event.delta.messageId ? applyDelta(message, event.delta) : message)),
        ),
      );
    case "replyFinished":
      return updateChat(state, event.conversationId, (chat) => ({
        ...withMessages(
          chat,
          chat.conversation.messages.map((message) => (message.id === event.message.id ? event.message : message)),
        ),
        totals: event.totals,
        context: event.context,
        streaming: false,
        offerCondense: event.offerCondense,
      }));
    case "messageChanged":
      return updateChat(state, event.conversationId, (chat) =>
        withMessages(
          chat,
          chat.conversation.messages.map((message) => (message.id === event.message.id ? event.message : message)),
        ),
      );
    case "agentActivity":
      return updateChat(state, event.conversationId, (chat) => ({ ...chat, activity: event.activity }));
    case "commandOutput":
      if (state.view?.chat.conversation.id !== event.conversationId) {
        return state;
      }
      return { ...state, commandOutput: withOutput(outputFor(state, event.conversationId), event.callId, event.text) };
    case "keyBudget":
      // The chat footer and the Settings tab follow the budget themselves.
      return state;
    case "modelsRefreshed":
      // The settings panel follows discovery itself; the app's state holds no model list.
      return state;
  }
}

type ReplyStarted = Extract<ExtensionEvent, { type: "replyStarted" }>;

/** Applies `change` to the open chat when it is the one named; otherwise returns `state` itself. */
function updateChat(state: AppState, conversationId: string, change: (chat: ChatView) => ChatView): AppState {
  const view = state.view;
  if (view?.chat.conversation.id !== conversationId) {
    return state;
  }
  return { ...state, view: { ...view, chat: change(view.chat) } };
}

function withMessages(chat: ChatView, messages: ChatMessage[]): ChatView {
  return { ...chat, conversation: { ...chat.conversation, messages } };
}

function startReply(chat: ChatView, event: ReplyStarted): ChatView {
  const replaced = new Set(event.replacedMessageIds);
  const kept = chat.conversation.messages.filter((message) => !replaced.has(message.id));
  const added = event.userMessage === null ? [event.reply] : [event.userMessage, event.reply];
  const next = withMessages(chat, [...kept, ...added]);
  return { ...next, conversation: { ...next.conversation, title: event.title }, streaming: true };
}

/**
 * One network read's worth of a reply: the text and reasoning are what the read appended; the
 * state, usage and error are the reply's as they now are.
 */
function applyDelta(message: ChatMessage, delta: ReplyDelta): ChatMessage {
  return {
    ...message,
    text: message.text + delta.text,
    reasoning: message.reasoning + delta.reasoning,
    state: delta.state,
    usage: delta.usage,
    error: delta.error,
  };
}

/** The outputs kept for a chat: the ones so far when it is the same chat, none for another. */
function outputFor(state: AppState, conversationId: string): CommandOutputs {
  return state.commandOutput.conversationId === conversationId ? state.commandOutput : { conversationId, byCall: {} };
}

/** The outputs with `text` appended to one call's, keeping only the newest `COMMAND_OUTPUT_LIMIT`. */
function withOutput(outputs: CommandOutputs, callId: string, text: string): CommandOutputs {
  const before = Object.hasOwn(outputs.byCall, callId) ? outputs.byCall[callId] : undefined;
  const whole = (before?.text ?? "") + text;
  if (whole.length <= COMMAND_OUTPUT_LIMIT) {
    return { ...outputs, byCall: { ...outputs.byCall, [callId]: { text: whole, truncated: before?.truncated ?? false } } };
  }
  let kept = whole.slice(whole.length - COMMAND_OUTPUT_LIMIT);
  // A cut between the two halves of a surrogate pair would leave half a character.
  if (/^[\uDC00-\uDFFF]/.test(kept)) {
    kept = kept.slice(1);
  }
  const output: CommandOutput = { text: kept, truncated: true };
  return { ...outputs, byCall: { ...outputs.byCall, [callId]: output } };
}

/** The list with one chat's line replaced (or added), most recently updated first. */
function withSummary(history: ConversationSummary[], summary: ConversationSummary): ConversationSummary[] {
  const others = history.filter((line) => line.id !== summary.id);
  const at = others.findIndex((line) => line.updatedAtMs < summary.updatedAtMs);
  return at === -1 ? [...others, summary] : [...others.slice(0, at), summary, ...others.slice(at)];
}
