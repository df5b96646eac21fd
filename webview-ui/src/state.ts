/**
 * The webview's state and how each message from the extension changes it: a pure reducer, so the
 * rules (a streamed message replaces its older self, a finished reply replaces the chat, a
 * refused send gives the text back) are tested without rendering.
 */
import type { ApiError } from "@shared/generated/types";
import type { ExtensionToWebview, Tab, WebviewState } from "@shared/protocol";

export interface AppState {
  backend: { status: "loading" } | { status: "ready"; version: string } | { status: "unavailable"; message: string };
  tab: Tab;
  /** Null until the extension sent the first full state. */
  view: WebviewState | null;
  /** A send the extension refused: the text to restore and why. */
  rejected: { text: string; error: ApiError } | null;
}

export const initialState: AppState = { backend: { status: "loading" }, tab: "chat", view: null, rejected: null };

export function reduce(state: AppState, message: ExtensionToWebview): AppState {
  switch (message.type) {
    case "backendInfo":
      return { ...state, backend: { status: "ready", version: message.info.version } };
    case "backendUnavailable":
      return { ...state, backend: { status: "unavailable", message: message.message } };
    case "state":
      // A new state follows a successful send, so an earlier refusal is dealt with.
      return { ...state, view: message.state, rejected: null };
    case "showTab":
      return { ...state, tab: message.tab };
    case "settingsSaved":
      return state.view === null ? state : { ...state, view: { ...state.view, settings: message.settings } };
    case "replyUpdated": {
      const view = state.view;
      if (view?.chat.conversation.id !== message.conversationId) {
        return state;
      }
      const messages = view.chat.conversation.messages.map((existing) =>
        existing.id === message.message.id ? message.message : existing,
      );
      const conversation = { ...view.chat.conversation, messages };
      return { ...state, view: { ...view, chat: { ...view.chat, conversation } } };
    }
    case "replyFinished": {
      const view = state.view;
      if (view === null || view.chat.conversation.id !== message.chat.conversation.id) {
        return state;
      }
      return { ...state, view: { ...view, chat: message.chat } };
    }
    case "sendRejected":
      return { ...state, rejected: { text: message.text, error: message.error } };
    case "settingsRejected":
    case "apiUrlValidated":
    case "modelsLoaded":
    case "modelsFailed":
      // Answers to the settings panel's own requests; it listens for them itself.
      return state;
  }
}
