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
litellmModelInfo?: ModelInfo | null, };

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
info: ModelInfo, };

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
messages: Array<ChatMessage>, };

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
error: ApiError | null, };

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

export type ApiStreamChunk = { "type": "text", text: string, } | { "type": "reasoning", text: string, } | { "type": "usage" } & Usage | { "type": "error", error: ApiError, };

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
estimated: boolean, };

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

export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };
