// Generated from the Rust types in crates/api by `npm run gen:types`. Do not edit.

export type BackendInfo = { 
/**
 * The core crate's version, from its Cargo manifest.
 */
version: string, 
/**
 * The provider names `build_api_handler` accepts, in the settings' spelling.
 */
providers: Array<string>, };

export type ProviderName = "litellm";

export type ProviderSettings = { 
/**
 * Which provider is selected, for example `"litellm"`.
 */
apiProvider?: string | null, 
/**
 * The key sent as `Authorization: Bearer`, when the proxy needs one.
 */
litellmApiKey?: string | null, 
/**
 * The proxy's base URL; `http://localhost:4000` when unset.
 */
litellmApiUrl?: string | null, 
/**
 * The model id sent to the proxy; `gpt-3.5-turbo` when unset.
 */
litellmModelId?: string | null, 
/**
 * The user's override of the model's capabilities and prices.
 */
litellmModelInfo?: ModelInfo | null, 
/**
 * Whether to mark prompts for caching on models that support it; on when unset.
 */
litellmPromptCaching?: boolean | null, 
/**
 * `minimal`, `low`, `medium` or `high`; unset or `default` leaves the model's default.
 */
litellmReasoningEffort?: string | null, 
/**
 * Headers sent with every request, values filled in from SecretStorage by the extension.
 */
litellmCustomHeaders?: Array<CustomHeader> | null, 
/**
 * `authorization` (the default) or `x-litellm-api-key`.
 */
litellmKeyHeader?: string | null, };

export type TeamSettings = { 
/**
 * Whether to mark prompts for caching on models that support it; on when unset.
 */
litellmPromptCaching?: boolean | null, 
/**
 * `minimal`, `low`, `medium` or `high`; unset or `default` leaves the model's default.
 */
litellmReasoningEffort?: string | null, 
/**
 * Headers sent with every request, values filled in from SecretStorage by the extension.
 */
litellmCustomHeaders?: Array<CustomHeader> | null, 
/**
 * `authorization` (the default) or `x-litellm-api-key`.
 */
litellmKeyHeader?: string | null, };

export type CustomHeader = { 
/**
 * The header's name, for example `x-team-id`.
 */
name: string, 
/**
 * The header's value; the extension keeps values that look like secrets in SecretStorage
 * and fills them in before the settings reach the core.
 */
value: string, };

export type KeyHeader = "authorization" | "x-litellm-api-key";

export type ReasoningEffort = "minimal" | "low" | "medium" | "high";

export type CacheSavings = { 
/**
 * The prompt as billed: uncached tokens, cache reads and cache writes at their prices.
 */
withCacheUsd: number, 
/**
 * The same prompt with every token at the input price.
 */
withoutCacheUsd: number, 
/**
 * `without_cache_usd - with_cache_usd`: negative on a reply that only wrote to the cache,
 * since writes cost more than plain input (Anthropic: 1.25 times) and pay off on later reads.
 */
savedUsd: number, };

export type BudgetHeaders = { 
/**
 * `x-litellm-key-spend`: dollars spent by the key so far.
 */
spendUsd: number | null, 
/**
 * `x-litellm-key-max-budget`: the key's budget in dollars.
 */
maxBudgetUsd: number | null, 
/**
 * `x-litellm-response-cost`: what this reply cost.
 */
responseCostUsd: number | null, 
/**
 * `x-ratelimit-remaining-requests`, or the per-model `x-litellm-key-remaining-requests-*`.
 */
remainingRequests: number | null, 
/**
 * `x-ratelimit-remaining-tokens`, or the per-model `x-litellm-key-remaining-tokens-*`.
 */
remainingTokens: number | null, 
/**
 * One sentence per header that was there but not a number, for the log; never a failure.
 */
notes: Array<string>, };

export type KeyInfo = { 
/**
 * Dollars the key has spent.
 */
spendUsd: number | null, 
/**
 * The key's budget in dollars; `None` when it has none.
 */
maxBudgetUsd: number | null, 
/**
 * When the budget resets, as the proxy wrote it (ISO 8601).
 */
budgetResetAt: string | null, 
/**
 * When the key expires, as the proxy wrote it.
 */
expires: string | null, 
/**
 * The models the key may use; empty when it may use every model.
 */
models: Array<string>, };

export type BudgetLevel = "fine" | "runningOut" | "exhausted";

export type KeyBudget = { spendUsd: number, maxBudgetUsd: number, 
/**
 * `max_budget_usd - spend_usd`, never below zero.
 */
remainingUsd: number, level: BudgetLevel, budgetResetAt: string | null, expires: string | null, remainingRequests: number | null, remainingTokens: number | null, };

export type ProviderDefaults = { litellmApiUrl: string, litellmModelId: string, litellmModelInfo: ModelInfo, };

export type SettingsError = { 
/**
 * The field's JSON name, for example `litellmApiUrl` or `litellmModelInfo.inputPrice`.
 */
field: string, 
/**
 * What is wrong and what to enter instead.
 */
message: string, };

export type ModelInfo = { 
/**
 * The most tokens the model may generate in one reply, when known.
 */
maxTokens: number | null, 
/**
 * How many tokens of input plus output fit in one request.
 */
contextWindow: number, 
/**
 * Whether the model accepts images in user messages.
 */
supportsImages: boolean, 
/**
 * Whether the model supports prompt caching.
 */
supportsPromptCache: boolean, 
/**
 * Whether the model produces reasoning (thinking) tokens.
 */
supportsReasoning: boolean, 
/**
 * Whether the model takes `tools` (function calling), which Code mode needs; unset (null)
 * when the proxy does not say, which keeps Code mode available (see
 * `agent::effective_mode`).
 */
supportsFunctionCalling: boolean | null, 
/**
 * Dollars per million input tokens.
 */
inputPrice: number | null, 
/**
 * Dollars per million output tokens.
 */
outputPrice: number | null, 
/**
 * Dollars per million tokens written to the prompt cache.
 */
cacheWritesPrice: number | null, 
/**
 * Dollars per million tokens read from the prompt cache.
 */
cacheReadsPrice: number | null, 
/**
 * A human description, when the proxy or the user gives one.
 */
description: string | null, };

export type ResolvedModel = { 
/**
 * The model id sent to the proxy.
 */
id: string, 
/**
 * The override, else what the proxy reported, else the sane defaults.
 */
info: ModelInfo, };

export type ContextUsage = { 
/**
 * The request's input tokens: the system prompt and every message with its per-message
 * overhead, counted with `o200k_base`, images estimated from their size.
 */
inputTokens: number, 
/**
 * How many tokens of input plus output fit in one request to the model.
 */
contextWindow: number, 
/**
 * The `max_tokens` the request carries, kept free for the reply; `null` when it carries
 * none, because the model's output limit is unknown or the input alone fills the window.
 */
outputReserve: number | null, 
/**
 * What the window leaves after the input and the reply's reserve.
 */
available: number, };

export type DiscoveredModel = { 
/**
 * The id to send as `model`: the proxy's alias (`model_name`).
 */
id: string, 
/**
 * The model behind the alias (`litellm_params.model`, for example `openai/gpt-4o-mini`);
 * `/spend/calculate` needs this name, not the alias. Unknown from `/v1/models`.
 */
underlyingModel: string | null, 
/**
 * Capabilities and prices, with the sane defaults where the proxy did not say.
 */
info: ModelInfo, 
/**
 * The OpenAI parameters the proxy says the model takes (`supported_openai_params`), which
 * decide `max_tokens` or `max_completion_tokens`, a temperature and the reasoning effort;
 * `None` when the proxy did not say.
 */
supportedParams?: Array<string> | null, };

export type DiscoveryEndpoint = "modelInfo" | "modelInfoFallback" | "models";

export type Role = "user" | "assistant";

export type MessageParam = { role: Role, content: MessageContent, };

export type MessageContent = string | Array<ContentBlock>;

export type ContentBlock = { "type": "text", text: string, } | { "type": "image", source: ImageSource, } | { "type": "tool_use", id: string, name: string, input: JsonValue, } | { "type": "tool_result", tool_use_id: string, content: ToolResultContent, is_error?: boolean, };

export type ImageSource = { "type": "base64", media_type: string, data: string, } | { "type": "url", url: string, };

export type ToolResultContent = string | Array<ToolResultBlock>;

export type ToolResultBlock = { "type": "text", text: string, } | { "type": "image", source: ImageSource, };

export type Conversation = { 
/**
 * A unique id the caller chose.
 */
id: string, 
/**
 * A short title, from the first user message.
 */
title: string, 
/**
 * When the chat was started, in milliseconds since the Unix epoch.
 */
createdAtMs: number, 
/**
 * When the chat last changed, in milliseconds since the Unix epoch.
 */
updatedAtMs: number, 
/**
 * The messages, oldest first.
 */
messages: Array<ChatMessage>, 
/**
 * The mode the user chose for this chat (Ask for chats saved before modes existed). The
 * mode it really runs in also depends on the model (see `agent::effective_mode`).
 */
mode: AgentMode, };

export type ChatImage = { 
/**
 * The file name it was pasted or dropped as, for the thumbnail and for notes about it.
 */
name: string, 
/**
 * One of [`IMAGE_MEDIA_TYPES`].
 */
mediaType: string, 
/**
 * The image's bytes, base64-encoded, with no `data:` prefix.
 */
data: string, width: number, height: number, };

export type ChatMessage = { 
/**
 * A unique id the caller chose.
 */
id: string, 
/**
 * Who wrote it.
 */
role: Role, 
/**
 * The text (markdown for replies).
 */
text: string, 
/**
 * The reply's reasoning, empty when the model sent none.
 */
reasoning: string, 
/**
 * Where the message is in its life.
 */
state: MessageState, 
/**
 * The model that wrote a reply.
 */
modelId: string | null, 
/**
 * Token counts and cost, once the reply finished and the proxy reported them.
 */
usage: Usage | null, 
/**
 * Why a reply failed or stopped, when it did.
 */
error: ApiError | null, 
/**
 * What the user attached with @-mentions; only user messages have any.
 */
attachments: Array<Attachment>, 
/**
 * The images the user pasted or dropped; only user messages have any.
 */
images: Array<ChatImage>, 
/**
 * On a reply whose request left part of the chat out to fit the context window: the
 * sentence saying what, kept so the chat still shows it after a reload.
 */
contextNotice: string | null, 
/**
 * On a Condense summary (an assistant message): the ids of the messages it replaces in
 * requests. The summary takes effect only once it completed with text.
 */
summaryOf: Array<string> | null, 
/**
 * On a reply: the tool calls it made, in the model's order, each with what became of it.
 * Empty for every other message and for a reply that called no tool.
 */
toolCalls: Array<ChatToolCall>, };

export type ChatToolCall = { 
/**
 * The call's id, unique within the reply; decisions and outcomes name it.
 */
id: string, 
/**
 * The tool's name as the model wrote it (it may name no tool; the call is then refused).
 */
name: string, 
/**
 * The arguments' JSON text as the model wrote it (it may not be valid JSON).
 */
arguments: string, 
/**
 * Where the call is in its life.
 */
status: ToolCallStatus, 
/**
 * The file the call wrote and what it held before, once an approved edit was written.
 */
edit: FileEdit | null, };

export type ToolCallStatus = { "kind": "pending" } | { "kind": "approved", auto: boolean, } | { "kind": "rejected", reason: string | null, } | { "kind": "refused", text: string, } | { "kind": "failed", text: string, } | { "kind": "succeeded", text: string, } | { "kind": "notRun", text: string, };

export type AgentStepInput = { 
/**
 * The workspace folder, absolute, with `/` separators.
 */
workspaceRoot: string, 
/**
 * The `.rooignore` files, each with its folder relative to the workspace (`""` for the
 * root) and its text.
 */
rooignore: Array<IgnoreFile>, settings: AgentSettings, };

export type WrittenEdit = { 
/**
 * Relative to the workspace folder, `/` separators.
 */
path: string, 
/**
 * The file's content before the write; `None` when the write created it.
 */
before: string | null, 
/**
 * The content written.
 */
after: string, };

export type EditToRevert = { replyId: string, callId: string, path: string, };

export type SendInput = { userMessageId: string, replyId: string, text: string, attachments: Array<Attachment>, images: Array<ChatImage>, };

export type SendStarted = { userMessage: ChatMessage, reply: ChatMessage, };

export type MessageState = "complete" | "streaming" | "stopped" | "failed";

export type ConversationTotals = { inputTokens: number, outputTokens: number, 
/**
 * The sum of the replies whose cost is known.
 */
knownCostUsd: number, 
/**
 * How many replies had usage but an unknown cost; when not zero the total is a lower bound.
 */
repliesWithUnknownCost: number, };

export type ConversationSummary = { id: string, title: string, updatedAtMs: number, messageCount: number, };

export type IndexEntry = { id: string, title: string, createdAtMs: number, updatedAtMs: number, messageCount: number, inputTokens: number, outputTokens: number, 
/**
 * The sum of the replies whose cost is known.
 */
knownCostUsd: number, 
/**
 * How many replies had usage but an unknown cost.
 */
repliesWithUnknownCost: number, };

export type ReplyDelta = { messageId: string, 
/**
 * Text this batch appended.
 */
text: string, 
/**
 * Reasoning this batch appended.
 */
reasoning: string, state: MessageState, usage: Usage | null, error: ApiError | null, };

export type RetryStarted = { removedIds: Array<string>, reply: ChatMessage, };

export type ApiStreamChunk = { "type": "text", text: string, } | { "type": "reasoning", text: string, } | { "type": "toolCalls", calls: Array<AssembledToolCall>, } | { "type": "usage" } & Usage | { "type": "error", error: ApiError, };

export type Usage = { 
/**
 * Prompt tokens, cached ones included.
 */
inputTokens: number, 
/**
 * Completion tokens, reasoning ones included.
 */
outputTokens: number, 
/**
 * Prompt tokens written to the cache, when the proxy reports them.
 */
cacheWriteTokens: number | null, 
/**
 * Prompt tokens read from the cache, when the proxy reports them.
 */
cacheReadTokens: number | null, 
/**
 * Completion tokens spent on reasoning, when the proxy reports them.
 */
reasoningTokens: number | null, 
/**
 * What the reply cost.
 */
cost: Cost, 
/**
 * The counts are our own `o200k_base` estimate, not the proxy's: the reply ended (stopped,
 * failed, or a proxy that reports no usage) before the proxy said what it billed. Histories
 * written before this field existed read as `false`.
 */
estimated: boolean, 
/**
 * What prompt caching saved on this reply against the same input uncached, priced with the
 * model's prices when the reply finished; `None` when the cache was not used or the input
 * price is unknown. Histories written before this field existed read as `None`.
 */
cacheSavings: CacheSavings | null, };

export type TokenUsage = { 
/**
 * Prompt tokens, cache reads and cache writes included.
 */
inputTokens: number, 
/**
 * Completion tokens, reasoning tokens included.
 */
outputTokens: number, 
/**
 * Prompt tokens written to the provider's prompt cache, when reported.
 */
cacheWriteTokens: number | null, 
/**
 * Prompt tokens read from the provider's prompt cache, when reported.
 */
cacheReadTokens: number | null, 
/**
 * Completion tokens spent on reasoning, when reported.
 */
reasoningTokens: number | null, 
/**
 * The proxy's own cost for the reply in US dollars (`usage.cost`), when it sent one.
 */
reportedCostUsd: number | null, };

export type Cost = { "kind": "known", usd: number, source: CostSource, } | { "kind": "unknown" };

export type CostSource = "proxy" | "modelPrices" | "spendCalculate";

export type ApiErrorKind = "invalidSettings" | "unauthorized" | "unknownModel" | "contextWindowExceeded" | "rateLimited" | "upstreamDown" | "serverError" | "badRequest" | "proxyUnreachable" | "malformedResponse" | "streamCutShort" | "timeout" | "cancelled";

export type ApiError = { 
/**
 * The class of failure.
 */
kind: ApiErrorKind, 
/**
 * What happened and what to do, for the user.
 */
message: string, 
/**
 * The proxy's own error message, when it sent one.
 */
detail: string | null, 
/**
 * The HTTP status, when the failure came as one.
 */
status: number | null, 
/**
 * The raw response body (truncated), when there was one.
 */
body: string | null, 
/**
 * Seconds to wait before retrying, when the proxy said.
 */
retryAfterSeconds: number | null, 
/**
 * Whether sending the same request again may succeed.
 */
retryable: boolean, };

export type TimeoutPhase = "waitingForResponse" | "betweenChunks";

export type RequestPolicy = { 
/**
 * How many times a request that failed before its first byte is sent again.
 */
maxRetries: number, 
/**
 * The first backoff; each further retry doubles it.
 */
baseDelayMs: number, 
/**
 * The longest wait before a retry. A `retry-after` longer than this is not waited for: the
 * error is shown with the wait in its message instead of a spinner that seems stuck.
 */
maxDelayMs: number, 
/**
 * How long to wait for the response headers (connection included).
 */
headersTimeoutMs: number, 
/**
 * How long to wait between two pieces of a streamed body. Reasoning models can think for a
 * long time before their first token, so this is generous.
 */
idleTimeoutMs: number, 
/**
 * How long model discovery may take per endpoint.
 */
discoveryTimeoutMs: number, };

export type HttpMethod = "GET" | "POST";

export type HttpRequest = { method: HttpMethod, url: string, 
/**
 * Header names and values, in order. May hold the API key: never log a request.
 */
headers: Array<[string, string]>, 
/**
 * The JSON body, when the method has one.
 */
body: string | null, };

export type ContextLimits = { 
/**
 * The largest file, selection or diff that can be attached (setting
 * `rooCodePlus.context.maxFileBytes`). One megabyte of code is about 250,000 tokens, more than
 * most context windows, so larger files are refused rather than cut: the user should pick
 * the part that matters.
 */
maxFileBytes: number, 
/**
 * The largest file whose contents a folder attachment includes; larger ones are only listed.
 */
maxFolderFileBytes: number, 
/**
 * The most bytes of file contents one folder attachment includes, all files together.
 */
maxFolderTotalBytes: number, 
/**
 * The most entries a folder's tree lists; the rest are counted as "… N more".
 */
maxFolderEntries: number, 
/**
 * How many levels below the folder its tree shows.
 */
maxFolderDepth: number, 
/**
 * The most problems a problems attachment lists, the most severe first.
 */
maxProblems: number, 
/**
 * The most bytes of terminal output attached: the last ones, where the result of the latest
 * command is.
 */
maxTerminalBytes: number, 
/**
 * The most bytes of one rules file (or of the custom instructions) put in the system prompt;
 * the system prompt is sent with every request, so it is kept modest.
 */
maxRulesFileBytes: number, };

export type MentionContent = { "kind": "file", path: string, bytes: Uint8Array, sizeOnDisk: number, outsideWorkspace?: boolean, } | { "kind": "folder", path: string, entries: Array<FolderEntry>, outsideWorkspace?: boolean, } | { "kind": "problems", problems: Array<Problem>, } | { "kind": "selection", path: string, startLine: number, endLine: number, text: string, outsideWorkspace?: boolean, } | { "kind": "gitChanges", diff: string, } | { "kind": "terminal", name: string | null, output: string, };

export type FolderEntry = { path: string, isDir?: boolean, 
/**
 * The file's size on disk; 0 for a folder.
 */
size?: number, 
/**
 * The file's bytes, when the shell read them.
 */
bytes?: Uint8Array | null, };

export type Problem = { path: string, line: number, column: number, severity: ProblemSeverity, message: string, 
/**
 * What reported it ("rustc", "eslint"), when known.
 */
source?: string | null, };

export type ProblemSeverity = "error" | "warning" | "information" | "hint";

export type AttachmentKind = "file" | "folder" | "problems" | "selection" | "gitChanges" | "terminal";

export type Attachment = { kind: AttachmentKind, 
/**
 * What the chip in the message shows: "src/main.rs", "src/main.rs:10-24", "src/",
 * "problems", with " (outside the workspace)" when it is.
 */
label: string, 
/**
 * What the message carries: a header naming the source, then the content in a fenced block.
 */
text: string, 
/**
 * The `o200k_base` tokens of `text`.
 */
tokens: number, 
/**
 * Something the user should know about how it was read or cut, in whole sentences.
 */
note: string | null, };

export type AttachmentError = { "kind": "tooLarge", label: string, size: number, limit: number, } | { "kind": "binary", label: string, reason: string, } | { "kind": "emptySelection", label: string, } | { "kind": "invalidSelection", label: string, startLine: number, endLine: number, } | { "kind": "noChanges" } | { "kind": "noTerminalOutput" };

export type IgnoreFile = { folder: string, text: string, };

export type PathMatch = { path: string, 
/**
 * Higher is better; only comparable between results of one query. 0 for an empty query.
 */
score: number, 
/**
 * The positions in `path` of the matched characters, in UTF-16 code units as JavaScript
 * indexes strings, ascending, for highlighting.
 */
matchedIndices: Array<number>, };

export type RulesFileRead = { "state": "missing" } | { "state": "unreadable", reason: string, } | { "state": "read", bytes: Uint8Array, };

export type RulesDirFile = { name: string, } & ({ "state": "missing" } | { "state": "unreadable", reason: string, } | { "state": "read", bytes: Uint8Array, });

export type RulesInput = { 
/**
 * The prompt the rules are appended to.
 */
basePrompt: string, 
/**
 * `AGENTS.md` at the workspace root.
 */
agentsMd?: RulesFileRead, 
/**
 * The files of `.roo/rules/`, in any order.
 */
rooRules?: Array<RulesDirFile>, 
/**
 * `.roorules` at the workspace root.
 */
roorules?: RulesFileRead, 
/**
 * The custom instructions setting.
 */
customInstructions?: string, };

export type RulesStatus = "found" | "notFound" | "empty" | "unreadable";

export type RulesSourceReport = { 
/**
 * Where it came from: "AGENTS.md", ".roo/rules/style.md", ".roorules", "custom
 * instructions".
 */
source: string, status: RulesStatus, 
/**
 * The tokens it adds to the prompt, heading included; 0 unless found.
 */
tokens: number, 
/**
 * Why it is unreadable, or how it was read or cut.
 */
note: string | null, };

export type RulesReport = { sources: Array<RulesSourceReport>, };

export type SystemPrompt = { prompt: string, 
/**
 * The `o200k_base` tokens of `prompt`.
 */
tokens: number, report: RulesReport, };

export type TurnForBudget = { 
/**
 * The message's place in the conversation; the plan names messages by it.
 */
messageIndex: number, role: Role, 
/**
 * The tokens of the message's own text (its framing is added here).
 */
tokens: number, 
/**
 * The message's attachments.
 */
attachments?: Array<BudgetAttachment>, };

export type BudgetAttachment = { 
/**
 * An id the caller chose, unique within its message; `tool:<call id>` marks a tool result.
 */
id: string, 
/**
 * The attachment's label, or the tool's name for a tool result, for the note that replaces
 * it.
 */
label: string, tokens: number, };

export type PlanInput = { systemPromptTokens: number, 
/**
 * The conversation, oldest first.
 */
turns: Array<TurnForBudget>, contextWindow: number, 
/**
 * The tokens kept free for the reply (the request's `max_tokens`).
 */
outputReserve: number, };

export type ReplacedAttachment = { messageIndex: number, id: string, label: string, tokens: number, 
/**
 * The text to send in its place.
 */
note: string, };

export type ContextPlan = { 
/**
 * The messages left out whole, ascending.
 */
leftOut: Array<number>, 
/**
 * The attachments and tool results of kept messages sent as notes, in message order.
 */
replaced: Array<ReplacedAttachment>, 
/**
 * The estimated input tokens of the planned request.
 */
inputTokens: number, 
/**
 * The most input tokens the plan allows.
 */
budget: number, 
/**
 * One sentence for the user when something was left out.
 */
notice: string | null, };

export type PlanError = { "kind": "attachmentTooLarge", label: string, tokens: number, room: number, } | { "kind": "messageTooLarge", tokens: number, budget: number, };

export type CondensePlan = { 
/**
 * The messages the summary replaces, ascending.
 */
summarized: Array<number>, 
/**
 * The message the summary goes after: the first user message.
 */
insertAfter: number, 
/**
 * The messages the summarising request sends before the prompt, ascending.
 */
requestMessages: Array<number>, 
/**
 * The instruction to send last, as a user message.
 */
prompt: string, };

export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type AgentMode = "ask" | "code";

export type EffectiveMode = { mode: AgentMode, 
/**
 * Shown to the user when the chosen mode cannot be used.
 */
notice: string | null, };

export type ToolName = "read_file" | "list_files" | "search_files" | "write_to_file" | "apply_diff" | "execute_command" | "ask_followup_question" | "attempt_completion";

export type ToolEffect = "reads" | "changes" | "asksUser" | "completes";

export type AgentSettings = { 
/**
 * Run `read_file`, `list_files` and `search_files` inside the workspace without asking.
 */
autoApproveReads: boolean, 
/**
 * Command prefixes that run without asking, such as `npm test` (whole words: `npm test`
 * approves `npm test -- --watch` but not `npm testify`).
 */
commandAllowList: Array<string>, 
/**
 * Replies with tool calls before the user is asked whether to continue (at least 1).
 */
stepLimit: number, 
/**
 * Seconds a command may run before the shell kills it and reports a timeout (settings
 * saved before it existed read as the default).
 */
commandTimeoutSeconds: number, };

export type Approval = "autoApproved" | "notNeeded" | "askRead" | "askSecretRead" | "askEdit" | "askCommand";

export type AssembledToolCall = { id: string, name: string, arguments: string, };

export type ToolRequest = { "tool": "read_file", path: string, startLine: number | null, endLine: number | null, } | { "tool": "list_files", path: string, recursive: boolean, } | { "tool": "search_files", path: string, regex: string, filePattern: string | null, } | { "tool": "write_to_file", path: string, content: string, } | { "tool": "apply_diff", path: string, diff: string, } | { "tool": "execute_command", command: string, cwd: string | null, } | { "tool": "ask_followup_question", question: string, suggestions: Array<string>, } | { "tool": "attempt_completion", result: string, };

export type PathTarget = "file" | "folder" | "fileOrFolder";

export type ToolPath = { 
/**
 * Relative to the workspace folder, normalised (no `.`, `..` or doubled slashes); empty for
 * the workspace folder itself.
 */
relative: string, 
/**
 * The workspace folder joined with `relative`.
 */
absolute: string, 
/**
 * The name looks like it holds secrets: reading it must ask the user every time.
 */
looksSecret: boolean, };

export type PathRefusal = { "kind": "empty" } | { "kind": "controlCharacter" } | { "kind": "backslash" } | { "kind": "percentEncoded" } | { "kind": "homeDirectory" } | { "kind": "outsideWorkspace" } | { "kind": "gitFolder" } | { "kind": "ignored", relative: string, };

export type PendingToolCall = { 
/**
 * The call's id, to pass back with the decision and the outcome.
 */
id: string, request: ToolRequest, 
/**
 * The resolved path (the command's folder for `execute_command`), when the tool has one.
 */
path: ToolPath | null, approval: Approval, };

export type LoopEnd = { "kind": "answered" } | { "kind": "completed", result: string, } | { "kind": "stopped" };

export type AgentState = { "kind": "awaitingModel" } | { "kind": "awaitingApproval", call: PendingToolCall, } | { "kind": "performing", call: PendingToolCall, } | { "kind": "awaitingContinue", steps: number, } | { "kind": "finished", end: LoopEnd, };

export type UserDecision = { "kind": "approve" } | { "kind": "reject", reason: string | null, };

export type ToolOutcome = { "kind": "success", text: string, } | { "kind": "failure", text: string, };

export type ModelReply = { text: string, toolCalls: Array<AssembledToolCall>, };

export type ListedEntry = { 
/**
 * Relative to the workspace folder, `/` separators.
 */
path: string, isDir: boolean, };

export type SearchMatch = { 
/**
 * Relative to the workspace folder, `/` separators.
 */
path: string, 
/**
 * The line's number, from 1.
 */
line: number, 
/**
 * The line's text, without its line break.
 */
text: string, };

export type CommandEnd = { "kind": "exited", code: number | null, } | { "kind": "timedOut", seconds: number, } | { "kind": "stopped" };

export type DiffApplied = { "kind": "applied", text: string, } | { "kind": "failed", reason: string, };

export type ModeInstructions = { ask: string, code: string, };

export type FileEdit = { 
/**
 * Relative to the workspace folder, `/` separators.
 */
path: string, 
/**
 * The file's content before the edit; `None` when the edit created the file.
 */
before: string | null, 
/**
 * The content the edit wrote.
 */
after: string, 
/**
 * Whether the user undid it (the file was restored to `before`).
 */
undone: boolean, };

export type DiffLineKind = "context" | "added" | "removed" | "skipped";

export type DiffLine = { kind: DiffLineKind, text: string, 
/**
 * The line's number in the current file (none for an added or skipped line).
 */
oldLine: number | null, 
/**
 * The line's number in the proposal (none for a removed or skipped line).
 */
newLine: number | null, };

export type EditPreview = { 
/**
 * Relative to the workspace folder, `/` separators.
 */
path: string, 
/**
 * The file does not exist yet: the edit creates it.
 */
creates: boolean, added: number, removed: number, 
/**
 * The changed lines with a few lines of context around each change.
 */
lines: Array<DiffLine>, };

export type UndoPlan = { "kind": "restore", path: string, text: string, } | { "kind": "delete", path: string, } | { "kind": "alreadyRestored", path: string, } | { "kind": "refused", reason: string, };
