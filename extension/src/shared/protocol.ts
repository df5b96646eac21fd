/**
 * The one message protocol between the extension host and the sidebar webview. Both sides import
 * this file (the webview imports only its types), so a message that one side sends and the other
 * does not understand is a type error, not a silent nothing.
 *
 * - The webview sends *requests*, each answered by exactly one typed *response* that repeats its
 *   id (`Responses` maps each request kind to its answer), and *notices*, which nothing answers.
 * - The extension sends *events*: the state, and a reply's life as `replyStarted`, `replyDelta`s
 *   and `replyFinished` (never the whole chat per streamed batch).
 *
 * What the webview posts is untrusted until it matches: the schemas below are the single source
 * of the webview-to-extension types (`z.infer`), so the runtime check cannot drift from them.
 */
import { z } from "zod";
import type {
  ApiError,
  BackendInfo,
  ChatMessage,
  ContextUsage,
  Conversation,
  ConversationSummary,
  ConversationTotals,
  DiscoveredModel,
  EditPreview,
  EffectiveMode,
  KeyBudget,
  KeyHeader,
  ModelInfo,
  PendingToolCall,
  ProviderDefaults,
  ProviderName,
  ReasoningEffort,
  ReplyDelta,
  ResolvedModel,
  RulesReport,
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
  /** What the system prompt is built from: the rules files found and the custom instructions. */
  rules: RulesView;
  /** The workspace-context limits the user can change. */
  context: ContextSettings;
  /** Code mode's approvals, limits and each mode's instructions. */
  agent: AgentSettingsView;
}

/**
 * Code mode's settings. The defaults are the safe ones: nothing is auto-approved and the
 * allow-list is empty. Writes and edits always ask.
 */
export interface AgentSettingsView {
  /** Read, list and search inside the workspace without asking (never a secret-looking file). */
  autoApproveReads: boolean;
  /** Command prefixes that run without asking (whole words; a command with `;`, `|`, `&&`... always asks). */
  commandAllowList: string[];
  /** Replies with tool calls before the user is asked whether to continue (default 25). */
  stepLimit: number;
  /** How long a command may run before it is killed, in seconds (default 300). */
  commandTimeoutSeconds: number;
  /** Each mode's instructions, added to the system prompt in that mode (the defaults when never edited). */
  modeInstructions: ModeInstructions;
}

/** The instructions of each mode. */
export interface ModeInstructions {
  ask: string;
  code: string;
}

/** The workspace-context settings. */
export interface ContextSettings {
  /** The largest file an @-mention attaches, in bytes (default 1 MB). */
  maxFileBytes: number;
  /** At what share of the context window Condense is offered, in percent (default 80). */
  condenseThresholdPercent: number;
}

/** The system prompt's rules as the Settings tab shows them. */
export interface RulesView {
  /** Every source (rules files, then the custom instructions) as found, not found, empty or unreadable. */
  report: RulesReport;
  /** The custom instructions setting as stored, for its editor. */
  customInstructions: string;
  /** The tokens of the whole system prompt, base prompt included, that every request carries. */
  promptTokens: number;
}

/**
 * The non-secret settings the panel saves; the key goes through `setApiKey`/`clearApiKey`. Only
 * the shape is checked here: the Rust core validates every field, and names the wrong one, before
 * anything is stored.
 */
const settingsUpdateSchema = z.object({
  apiProvider: z.custom<ProviderName>((value) => typeof value === "string"),
  litellmApiUrl: z.string(),
  litellmModelId: z.string(),
  litellmModelInfo: z.custom<ModelInfo | null>((value) => value === null || (typeof value === "object" && !Array.isArray(value))),
  customInstructions: z.string(),
  context: z.object({
    maxFileBytes: z.number().int().positive(),
    condenseThresholdPercent: z.number().min(10).max(100),
  }),
  agent: z.object({
    autoApproveReads: z.boolean(),
    commandAllowList: z.array(z.string()),
    stepLimit: z.number().int().positive(),
    commandTimeoutSeconds: z.number().int().positive(),
    modeInstructions: z.object({ ask: z.string(), code: z.string() }),
  }),
});
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

/** A chat as the webview renders it: the messages, the totals and the context-window meter. */
export interface ChatView {
  conversation: Conversation;
  totals: ConversationTotals;
  /** What the next request would take of the model's context window, when it could be counted. */
  context: ContextUsage | null;
  model: ResolvedModel;
  /** Whether a reply of this chat is streaming now (Stop names the chat). */
  streaming: boolean;
  /** Whether the chat is past the Condense threshold, so the chat offers Condense (the core decides). */
  offerCondense: boolean;
  /** The mode the chat runs in (its chosen mode, or Ask with a notice when the model cannot call tools). */
  mode: EffectiveMode;
  /** What Code mode's agent waits for now in this chat. */
  activity: AgentActivity;
}

/**
 * What Code mode's agent is doing in a chat, which says what the chat shows below the messages.
 * The tool calls themselves (and what became of them) are on the reply's `toolCalls`.
 */
export type AgentActivity =
  /** Nothing: no task runs, or a reply streams (`ChatView.streaming`). */
  | { kind: "idle" }
  /** A call waits for Approve or Reject; `preview` shows exactly what will happen. */
  | { kind: "approval"; replyId: string; call: PendingToolCall; preview: ToolPreview }
  /** A call runs (a command's output arrives as `commandOutput` events). */
  | { kind: "running"; replyId: string; call: PendingToolCall }
  /** `ask_followup_question`: the question and its suggested answers, as buttons. */
  | { kind: "question"; replyId: string; callId: string; question: string; suggestions: string[] }
  /** The step limit was reached: continue or stop. */
  | { kind: "continue"; replyId: string; steps: number };

/** What an approval card shows of the call it asks about. */
export type ToolPreview =
  /** A write or a search/replace edit: the diff (it is also open in VS Code's diff editor). */
  | { kind: "edit"; edit: EditPreview }
  /** A command, exactly as it will run, and the folder it runs in (relative; "" for the workspace folder). */
  | { kind: "command"; command: string; cwd: string }
  /** A read, list or search; `secret` when the file looks like it holds secrets. */
  | { kind: "read"; path: string; secret: boolean };

const userDecisionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("approve") }),
  z.object({ kind: z.literal("reject"), reason: z.string().nullable() }),
]);

/**
 * What an @-mention names. The extension reads it when the message is sent, so a chip always
 * attaches the file as it is then. Paths inside the workspace are relative to its folder and use
 * `/`; a file outside the workspace (only from an explicit path or a drop) is absolute.
 */
const selectionRangeSchema = z.object({
  path: z.string().min(1),
  /** 1-based, inclusive. */
  startLine: z.number().int().positive(),
  endLine: z.number().int().positive(),
});
const mentionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("file"), path: z.string().min(1) }),
  z.object({ kind: z.literal("folder"), path: z.string() }),
  z.object({ kind: z.literal("problems") }),
  /** A fixed range ("Add to chat" from the editor), or `null`: the active editor's selection at send time. */
  z.object({ kind: z.literal("selection"), range: selectionRangeSchema.nullable() }),
  z.object({ kind: z.literal("gitChanges") }),
  z.object({ kind: z.literal("terminal") }),
]);
export type Mention = z.infer<typeof mentionSchema>;
export type SelectionRange = z.infer<typeof selectionRangeSchema>;

/** A mention as the composer shows it: a chip with a label. */
export interface MentionChip {
  mention: Mention;
  /** "src/main.rs", "src/", "src/main.rs:10-24", "problems", "selection". */
  label: string;
}

/** One line of the @-picker, best first within its group. */
export interface MentionCandidate {
  chip: MentionChip;
  /** Where it is listed: the special mentions, the open editors, then the workspace's paths. */
  group: "context" | "openEditor" | "file" | "folder";
  /** A second, dimmer line (the folder a file is in, what a special mention attaches). */
  detail: string | null;
  /** The positions (in UTF-16 code units of `chip.label`) the query matched, to bold them. */
  highlights: number[];
}

/** The picker's answer: candidates, and whether the file index is still being built. */
export interface MentionSearchResult {
  candidates: MentionCandidate[];
  /** True while the workspace's files are first listed (the results may be incomplete). */
  indexing: boolean;
  /** Why no files can be offered ("Open a folder to mention its files."), else null. */
  notice: string | null;
}

/** The image types every vision model behind LiteLLM takes. */
export const imageMediaTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export type ImageMediaType = (typeof imageMediaTypes)[number];

/** An image pasted or dropped into the composer, already scaled down by the webview. */
const imageInputSchema = z.object({
  name: z.string(),
  mediaType: z.enum(imageMediaTypes),
  /** The image's bytes, base64-encoded (no `data:` prefix). */
  data: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type ImageInput = z.infer<typeof imageInputSchema>;

/** One custom header as the Settings tab shows it; a secret one's value never reaches the webview. */
export interface TeamHeaderView {
  name: string;
  /** Kept in SecretStorage: `value` is empty and `valueSet` says whether one is stored. */
  secret: boolean;
  value: string;
  valueSet: boolean;
}

/** The team settings (issue 16): caching, reasoning effort, custom headers, the key header, the CA. */
export interface TeamView {
  promptCaching: boolean;
  reasoningEffort: ReasoningEffort | "default";
  customHeaders: TeamHeaderView[];
  keyHeader: KeyHeader;
  /** The company CA bundle (PEM) the proxy's certificate is checked with; empty for none. */
  caBundlePath: string;
}

/** The team settings and what the proxy says of the key's budget (`null`: no budget to show). */
export interface TeamState {
  team: TeamView;
  budget: KeyBudget | null;
}

/** A header as the panel saves it; `value: null` keeps the stored secret value. */
const teamHeaderUpdateSchema = z.object({ name: z.string(), value: z.string().nullable() });
export type TeamHeaderUpdate = z.infer<typeof teamHeaderUpdateSchema>;

const teamUpdateSchema = z.object({
  promptCaching: z.boolean(),
  reasoningEffort: z.enum(["default", "minimal", "low", "medium", "high"]),
  customHeaders: z.array(teamHeaderUpdateSchema),
  keyHeader: z.enum(["authorization", "x-litellm-api-key"]),
  caBundlePath: z.string(),
});
export type TeamUpdate = z.infer<typeof teamUpdateSchema>;

/** The team settings after a save, or why the core refused them (the previous ones stay). */
export type TeamOutcome = { ok: true; state: TeamState } | { ok: false; error: SettingsError };

/** Everything the webview shows, sent when it starts and when the settings change. */
export interface WebviewState {
  settings: SettingsView;
  defaults: ProviderDefaults;
  chat: ChatView;
  history: ConversationSummary[];
}

const requestSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("saveSettings"), settings: settingsUpdateSchema }),
  z.object({ kind: z.literal("setApiKey"), apiKey: z.string() }),
  z.object({ kind: z.literal("clearApiKey") }),
  z.object({ kind: z.literal("validateApiUrl"), apiUrl: z.string() }),
  z.object({ kind: z.literal("refreshModels"), apiUrl: z.string() }),
  z.object({
    kind: z.literal("sendMessage"),
    text: z.string(),
    mentions: z.array(mentionSchema),
    images: z.array(imageInputSchema),
  }),
  z.object({ kind: z.literal("retryReply") }),
  /** Asks the model for a summary of the older turns; the chat continues from it. */
  z.object({ kind: z.literal("condenseChat") }),
  z.object({ kind: z.literal("searchMentions"), query: z.string() }),
  /** Files or folders dropped on the composer (from the Explorer), as URIs. */
  z.object({ kind: z.literal("mentionsForUris"), uris: z.array(z.string()) }),
  z.object({ kind: z.literal("getTeamSettings") }),
  z.object({ kind: z.literal("saveTeamSettings"), team: teamUpdateSchema }),
  /** The mode picker in the chat footer (kept per chat). */
  z.object({ kind: z.literal("setChatMode"), mode: z.enum(["ask", "code"]) }),
  /** Approve or Reject (with the typed reason) the call the chat's approval card shows. Only the buttons send this. */
  z.object({ kind: z.literal("decideToolCall"), conversationId: z.string(), callId: z.string(), decision: userDecisionSchema }),
  /** The answer to `ask_followup_question`: a suggestion clicked, or text typed. */
  z.object({ kind: z.literal("answerQuestion"), conversationId: z.string(), callId: z.string(), answer: z.string() }),
  /** At the step limit: go on (`proceed`) or end the task. */
  z.object({ kind: z.literal("continueTask"), conversationId: z.string(), proceed: z.boolean() }),
  /** Restores the file an approved edit changed, as it was before that edit. */
  z.object({ kind: z.literal("undoEdit"), conversationId: z.string(), replyId: z.string(), callId: z.string() }),
  /** Restores every file this chat's edits changed (newest edit first). */
  z.object({ kind: z.literal("revertAllEdits"), conversationId: z.string() }),
  /** Opens an edit (proposed or written) in VS Code's diff editor again. */
  z.object({ kind: z.literal("showEditDiff"), conversationId: z.string(), replyId: z.string(), callId: z.string() }),
]);

/** A request the webview makes; the extension answers it with `Responses[kind]`. */
export type WebviewRequest = z.infer<typeof requestSchema>;
export type RequestKind = WebviewRequest["kind"];
export type RequestOf<Kind extends RequestKind> = Extract<WebviewRequest, { kind: Kind }>;

/** The settings after a change, or why the core refused it (the previous settings stay). */
export type SettingsOutcome = { ok: true; settings: SettingsView } | { ok: false; error: SettingsError };

/** Whether a request to send or retry went out; when it did not, nothing was added to the chat. */
export type SendOutcome = { ok: true } | { ok: false; error: ApiError };

/** Whether an action was taken; when not, `error` says why and what to do. */
export type ActionOutcome = { ok: true } | { ok: false; error: string };

/** The chat's mode after the picker changed it, or why it could not (the chat keeps its mode). */
export type ModeOutcome = { ok: true; mode: EffectiveMode } | { ok: false; error: string };

/** What Revert all did: how many edits were restored, and a sentence for each that was not. */
export interface RevertOutcome {
  reverted: number;
  errors: string[];
}

/** The answer to each request kind. */
export interface Responses {
  saveSettings: SettingsOutcome;
  /** A key the core refuses (a space, a line break) is not stored, and the error says why. */
  setApiKey: SettingsOutcome;
  clearApiKey: { settings: SettingsView };
  validateApiUrl: { error: string | null };
  refreshModels: ModelsOutcome;
  sendMessage: SendOutcome;
  retryReply: SendOutcome;
  condenseChat: SendOutcome;
  searchMentions: MentionSearchResult;
  /** The chips for what could be mentioned, and a sentence for each URI that could not. */
  mentionsForUris: { chips: MentionChip[]; errors: string[] };
  getTeamSettings: TeamState;
  saveTeamSettings: TeamOutcome;
  setChatMode: ModeOutcome;
  decideToolCall: ActionOutcome;
  answerQuestion: ActionOutcome;
  continueTask: ActionOutcome;
  undoEdit: ActionOutcome;
  revertAllEdits: RevertOutcome;
  showEditDiff: ActionOutcome;
}

/** What asking the proxy for its models gave. */
export type ModelsOutcome = { ok: true; models: DiscoveredModel[] } | { ok: false; error: ApiError };

const webviewToExtensionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("request"), id: z.string().min(1), request: requestSchema }),
  z.object({ type: z.literal("stopReply"), conversationId: z.string() }),
  z.object({ type: z.literal("newChat") }),
  z.object({ type: z.literal("openChat"), conversationId: z.string() }),
  z.object({ type: z.literal("deleteChat"), conversationId: z.string() }),
  z.object({ type: z.literal("refreshHistory") }),
]);

/** Messages the webview posts to the extension: requests and notices. */
export type WebviewToExtension = z.infer<typeof webviewToExtensionSchema>;

/** Checks a value that arrived from the webview; `undefined` when it is not part of the protocol. */
export function parseWebviewMessage(value: unknown): WebviewToExtension | undefined {
  const parsed = webviewToExtensionSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The answer to one request, correlated by the request's id and typed by its kind. */
export type ResponseMessage = {
  [Kind in RequestKind]: { type: "response"; id: string; kind: Kind; response: Responses[Kind] };
}[RequestKind];

/** Messages the extension posts to the webview. */
export type ExtensionToWebview =
  | ResponseMessage
  | { type: "backendInfo"; info: BackendInfo }
  | { type: "backendUnavailable"; message: string }
  | { type: "state"; state: WebviewState }
  | { type: "showTab"; tab: Tab }
  /** "Add to Roo Code Plus chat" from the editor: the composer gains this chip (and focus). */
  | { type: "insertMention"; chip: MentionChip }
  /** The keybinding asked for the composer's focus. */
  | { type: "focusComposer" }
  /** The key's budget changed (a reply's LiteLLM headers, `/key/info`); `null`: none to show. */
  | { type: "keyBudget"; budget: KeyBudget | null }
  /** The models changed without the panel asking (the palette's Refresh Models, discovery). */
  | { type: "modelsRefreshed"; outcome: ModelsOutcome }
  /** Another chat is open now (New Chat, History, a deleted open chat). */
  | { type: "chatOpened"; chat: ChatView }
  /** The history list changed (a title, a new or deleted chat, another window's chats). */
  | { type: "historyChanged"; history: ConversationSummary[] }
  /**
   * One chat's line of the list changed (a reply was saved): the line alone, so a save costs the
   * same to show with 10 chats or 5,000.
   */
  | { type: "historyEntryChanged"; summary: ConversationSummary }
  /**
   * A reply began: the user's message that asked for it (null for Retry), the messages that
   * Retry replaced (the failed, stopped or empty reply; none otherwise), and the empty reply
   * that the deltas fill.
   */
  | {
      type: "replyStarted";
      conversationId: string;
      /** The chat's title now (the first message names it). */
      title: string;
      userMessage: ChatMessage | null;
      replacedMessageIds: string[];
      reply: ChatMessage;
    }
  /** What one network read added to a reply. */
  | { type: "replyDelta"; conversationId: string; delta: ReplyDelta }
  /** A finished message changed: a tool call's status, an edit written or undone. */
  | { type: "messageChanged"; conversationId: string; message: ChatMessage }
  /** What Code mode's agent waits for now changed. */
  | { type: "agentActivity"; conversationId: string; activity: AgentActivity }
  /** More output of the running command `callId` (appended to what came before). */
  | { type: "commandOutput"; conversationId: string; callId: string; text: string }
  /** A reply ended (complete, stopped or failed): the final message and the chat's new totals. */
  | {
      type: "replyFinished";
      conversationId: string;
      message: ChatMessage;
      totals: ConversationTotals;
      context: ContextUsage | null;
      offerCondense: boolean;
    };
