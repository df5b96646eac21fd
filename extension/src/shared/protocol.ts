/**
 * The one message protocol between the extension host and the sidebar webview. Both sides import
 * this file, so a message that one side sends and the other does not understand is a type error,
 * not a silent nothing. Each direction is a discriminated union on `type`; requests the webview
 * makes carry a `requestId` that the extension's answer repeats.
 */
import type {
  ApiError,
  BackendInfo,
  ChatMessage,
  Conversation,
  ConversationSummary,
  ConversationTotals,
  DiscoveredModel,
  ModelInfo,
  ProviderDefaults,
  ProviderName,
  ResolvedModel,
  SettingsError,
} from "./generated/types";

/** The tabs of the sidebar. */
export type Tab = "chat" | "settings";

/**
 * The settings as the webview sees them. The API key itself never crosses into the webview:
 * it only learns whether one is stored.
 */
export interface SettingsView {
  apiProvider: ProviderName;
  litellmApiUrl: string;
  litellmModelId: string;
  litellmModelInfo: ModelInfo | null;
  apiKeySet: boolean;
}

/** The non-secret settings the panel saves; the key goes through `setApiKey`/`clearApiKey`. */
export interface SettingsUpdate {
  apiProvider: ProviderName;
  litellmApiUrl: string;
  litellmModelId: string;
  litellmModelInfo: ModelInfo | null;
}

/** A chat as the webview renders it: the messages, the totals and the context-window meter. */
export interface ChatView {
  conversation: Conversation;
  totals: ConversationTotals;
  /** Tokens the conversation takes in the model's context window, when counted. */
  contextTokens: number | null;
  model: ResolvedModel;
  /** The reply streaming now, if any: the `requestId` Stop must name. */
  activeRequestId: string | null;
}

/** Everything the webview shows, sent when it starts and whenever something changes a lot. */
export interface WebviewState {
  settings: SettingsView;
  defaults: ProviderDefaults;
  chat: ChatView;
  history: ConversationSummary[];
}

/** Messages the webview posts to the extension. */
export type WebviewToExtension =
  | { type: "ready" }
  | { type: "saveSettings"; requestId: string; settings: SettingsUpdate }
  | { type: "setApiKey"; requestId: string; apiKey: string }
  | { type: "clearApiKey"; requestId: string }
  | { type: "validateApiUrl"; requestId: string; apiUrl: string }
  | { type: "refreshModels"; requestId: string; apiUrl: string }
  | { type: "sendMessage"; requestId: string; text: string }
  | { type: "stopReply"; requestId: string }
  | { type: "retryReply"; requestId: string }
  | { type: "newChat" }
  | { type: "openChat"; conversationId: string }
  | { type: "deleteChat"; conversationId: string };

/** Messages the extension posts to the webview. */
export type ExtensionToWebview =
  | { type: "backendInfo"; info: BackendInfo }
  | { type: "backendUnavailable"; message: string }
  | { type: "state"; state: WebviewState }
  | { type: "showTab"; tab: Tab }
  | { type: "settingsSaved"; requestId: string; settings: SettingsView }
  | { type: "settingsRejected"; requestId: string; error: SettingsError }
  | { type: "apiUrlValidated"; requestId: string; error: string | null }
  | { type: "modelsLoaded"; requestId: string; models: DiscoveredModel[] }
  | { type: "modelsFailed"; requestId: string; error: ApiError }
  | { type: "replyUpdated"; requestId: string; conversationId: string; message: ChatMessage }
  | { type: "replyFinished"; requestId: string; chat: ChatView }
  | { type: "sendRejected"; requestId: string; text: string; error: ApiError };

type MessageType = WebviewToExtension["type"];

/** The fields each webview message must carry, beyond `type`, and their JavaScript types. */
const WEBVIEW_MESSAGE_FIELDS: Record<MessageType, Record<string, "string" | "object">> = {
  ready: {},
  saveSettings: { requestId: "string", settings: "object" },
  setApiKey: { requestId: "string", apiKey: "string" },
  clearApiKey: { requestId: "string" },
  validateApiUrl: { requestId: "string", apiUrl: "string" },
  refreshModels: { requestId: "string", apiUrl: "string" },
  sendMessage: { requestId: "string", text: "string" },
  stopReply: { requestId: "string" },
  retryReply: { requestId: "string" },
  newChat: {},
  openChat: { conversationId: "string" },
  deleteChat: { conversationId: "string" },
};

/**
 * Checks a value that arrived from the webview before the extension acts on it: a webview is a
 * web page, and whatever it posts is untrusted input until it matches the protocol's shape.
 * (The contents of `settings` are validated again by the Rust core when they are saved.)
 */
export function isWebviewToExtension(value: unknown): value is WebviewToExtension {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== "string" || !Object.hasOwn(WEBVIEW_MESSAGE_FIELDS, type)) {
    return false;
  }
  const fields = WEBVIEW_MESSAGE_FIELDS[type as MessageType];
  return Object.entries(fields).every(([name, kind]) => {
    const field = record[name];
    return kind === "object" ? typeof field === "object" && field !== null : typeof field === kind;
  });
}
