/**
 * The chat glue: it owns the wasm handler and the chat history for the extension host, answers
 * the webview's requests, streams replies into the history and out to the webview, and saves.
 * It knows VS Code only through the small interfaces it is given, so its rules stay testable.
 */
import { randomUUID } from "node:crypto";
import type { ApiHandler, ChatHistory } from "../wasm/roo_api_wasm";
import type { Backend } from "./api/backend";
import { iterateBatches } from "./api/stream";
import type { HistoryStore } from "./historyStore";
import type { ApiKeyStore } from "./secrets";
import {
  displayModelInfo,
  displayProvider,
  displayString,
  readStoredSettings,
  withApiKey,
  writeSettings,
} from "./settings";
import type { ApiError, DiscoveredModel, ProviderDefaults, ProviderSettings } from "./shared/generated/types";
import type { ChatView, ExtensionToWebview, SettingsUpdate, SettingsView, WebviewState } from "./shared/protocol";
import { SYSTEM_PROMPT } from "./systemPrompt";

/** How long discovered models are trusted before the proxy is asked again. */
const DISCOVERY_TTL_MS = 5 * 60 * 1000;

/** What the controller needs to report to the user and the log. */
export interface ControllerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A reply being streamed: how to stop it, and which chat and message it writes to. */
interface ActiveReply {
  controller: AbortController;
  conversationId: string;
  messageId: string;
}

/** A thrown error from the wasm package (`RooApiError`) carries the core's `ApiError` fields. */
function asApiError(error: unknown): ApiError {
  const fields = error as Partial<ApiError> & { message?: unknown };
  if (typeof fields.kind === "string" && typeof fields.message === "string") {
    return fields as ApiError;
  }
  return {
    kind: "malformedResponse",
    message: error instanceof Error ? error.message : String(error),
    detail: null,
    status: null,
    body: null,
    retryAfterSeconds: null,
    retryable: false,
  };
}

export class ChatController {
  private history: ChatHistory;
  private handler: ApiHandler | undefined;
  private readonly active = new Map<string, ActiveReply>();
  private readonly defaults: ProviderDefaults;
  /** The models the proxy last reported, per proxy URL, kept briefly (Roo issue 3613). */
  private discovered: { apiUrl: string; models: DiscoveredModel[]; at: number } | undefined;
  private discovering: Promise<void> | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly apiKeys: ApiKeyStore,
    private readonly store: HistoryStore,
    private readonly log: ControllerLog,
    private readonly post: (message: ExtensionToWebview) => void,
  ) {
    this.history = backend.ChatHistory.load(undefined);
    this.defaults = backend.providerDefaults();
  }

  /** Loads the saved history; unreadable bytes are backed up, never overwritten or lost. */
  async loadHistory(): Promise<void> {
    const bytes = await this.store.load();
    if (bytes === undefined) {
      return;
    }
    try {
      const loaded = this.backend.ChatHistory.load(bytes);
      for (const warning of loaded.loadWarnings()) {
        this.log.warn(`Chat history: ${warning}`);
      }
      this.history.free();
      this.history = loaded;
    } catch (error) {
      const backup = await this.store.backUp(bytes, new Date());
      this.log.error(`The chat history could not be read (${String(error)}); it was kept at ${backup}.`);
    }
  }

  /** Forgets the cached handler, so the next use is built from the current settings and key. */
  settingsChanged(): void {
    this.handler?.free();
    this.handler = undefined;
  }

  private async currentSettings(): Promise<ProviderSettings> {
    return withApiKey(readStoredSettings(), await this.apiKeys.get());
  }

  /** The handler for the current settings; throws a `RooApiError` naming a bad setting. */
  private async currentHandler(): Promise<ApiHandler> {
    if (this.handler === undefined) {
      const settings = await this.currentSettings();
      const handler = this.backend.buildApiHandler(settings, undefined);
      const known = this.discovered;
      if (known !== undefined && known.apiUrl === this.apiUrlOf(settings) && Date.now() - known.at < DISCOVERY_TTL_MS) {
        handler.useModels(known.models);
      } else {
        this.discoverInBackground();
      }
      this.handler = handler;
    }
    return this.handler;
  }

  private apiUrlOf(settings: ProviderSettings): string {
    return displayString(settings.litellmApiUrl, this.defaults.litellmApiUrl).trim();
  }

  /**
   * Asks the proxy for its models without making anyone wait: when the answer comes, the
   * handler knows the model's context window and prices, and the webview is updated. A failure
   * only leaves the defaults in place (the settings panel's Refresh shows the error).
   */
  private discoverInBackground(): void {
    this.discovering ??= (async () => {
      try {
        const settings = await this.currentSettings();
        const models = await this.backend.listModels(settings, undefined);
        this.discovered = { apiUrl: this.apiUrlOf(settings), models, at: Date.now() };
        this.handler?.useModels(models);
        await this.postState();
      } catch (error) {
        this.log.info(`Model discovery did not succeed: ${asApiError(error).message}`);
      } finally {
        this.discovering = undefined;
      }
    })();
  }

  async settingsView(): Promise<SettingsView> {
    const stored = readStoredSettings();
    return {
      apiProvider: displayProvider(),
      litellmApiUrl: displayString(stored.litellmApiUrl, this.defaults.litellmApiUrl),
      litellmModelId: displayString(stored.litellmModelId, this.defaults.litellmModelId),
      litellmModelInfo: displayModelInfo(stored.litellmModelInfo),
      apiKeySet: await this.apiKeys.isSet(),
    };
  }

  async state(): Promise<WebviewState> {
    return {
      settings: await this.settingsView(),
      defaults: this.defaults,
      chat: await this.chatView(),
      history: this.history.summaries(),
    };
  }

  /**
   * Builds the tokenizer soon after the sidebar opens, so the first reply (whose `max_tokens`
   * is sized by counting the prompt) does not pay the encoder's ~0.2 s build before its request
   * goes out. It runs after the current task, never on the activation path.
   */
  warmUpSoon(): void {
    setTimeout(() => {
      void this.backend.warmUpTokenizer();
    }, 0);
  }

  async postState(): Promise<void> {
    this.post({ type: "state", state: await this.state() });
  }

  private activeConversationId(): string {
    const current = this.history.activeConversation();
    if (current !== undefined) {
      return current.id;
    }
    return this.history.startConversation(randomUUID(), Date.now()).id;
  }

  private async chatView(): Promise<ChatView> {
    const conversationId = this.activeConversationId();
    const conversation = this.history.openConversation(conversationId);
    if (conversation === undefined) {
      throw new Error("the active chat vanished from the history");
    }
    let model = { id: this.defaults.litellmModelId, info: this.defaults.litellmModelInfo };
    let contextTokens: number | null = null;
    try {
      const handler = await this.currentHandler();
      model = handler.getModel();
      const blocks = this.history
        .messageParams(conversationId)
        .flatMap((message) => (typeof message.content === "string" ? [{ type: "text" as const, text: message.content }] : message.content));
      contextTokens = blocks.length === 0 ? 0 : await handler.countTokens(blocks);
    } catch {
      // Invalid settings: the chat still renders, with the defaults' context window.
    }
    const activeRequestId = [...this.active.entries()].find(([, reply]) => reply.conversationId === conversationId)?.[0] ?? null;
    return { conversation, totals: this.history.totals(conversationId), contextTokens, model, activeRequestId };
  }

  private async save(): Promise<void> {
    try {
      await this.store.save(this.history.toBytes());
    } catch (error) {
      this.log.error(`The chat history could not be saved: ${String(error)}`);
    }
  }

  // --- Settings -------------------------------------------------------------------------------

  async saveSettings(requestId: string, update: SettingsUpdate): Promise<void> {
    try {
      // The core validates exactly what will be stored; the previous settings stay if it refuses.
      const probe = this.backend.buildApiHandler({ ...update, litellmApiKey: await this.apiKeys.get() ?? null }, undefined);
      probe.free();
    } catch (error) {
      const apiError = asApiError(error);
      this.post({ type: "settingsRejected", requestId, error: { field: apiError.detail ?? "", message: apiError.message } });
      return;
    }
    await writeSettings(update);
    this.settingsChanged();
    this.post({ type: "settingsSaved", requestId, settings: await this.settingsView() });
  }

  async setApiKey(requestId: string, apiKey: string): Promise<void> {
    await this.apiKeys.set(apiKey);
    this.settingsChanged();
    this.post({ type: "settingsSaved", requestId, settings: await this.settingsView() });
  }

  async clearApiKey(requestId: string): Promise<void> {
    await this.apiKeys.clear();
    this.settingsChanged();
    this.post({ type: "settingsSaved", requestId, settings: await this.settingsView() });
  }

  validateApiUrl(requestId: string, apiUrl: string): void {
    let error: string | null = null;
    try {
      this.backend.buildApiHandler({ litellmApiUrl: apiUrl }, undefined).free();
    } catch (thrown) {
      error = asApiError(thrown).message;
    }
    this.post({ type: "apiUrlValidated", requestId, error });
  }

  async refreshModels(requestId: string, apiUrl: string): Promise<void> {
    try {
      const settings = await this.currentSettings();
      const target = apiUrl.trim() === "" ? this.apiUrlOf(settings) : apiUrl.trim();
      const models = await this.backend.listModels({ ...settings, litellmApiUrl: target }, undefined);
      this.discovered = { apiUrl: target, models, at: Date.now() };
      if (target === this.apiUrlOf(settings)) {
        // The live handler learns the models' info and prices too.
        this.handler?.useModels(models);
      }
      this.post({ type: "modelsLoaded", requestId, models });
    } catch (error) {
      this.post({ type: "modelsFailed", requestId, error: asApiError(error) });
    }
  }

  // --- Chat -----------------------------------------------------------------------------------

  async sendMessage(requestId: string, text: string): Promise<void> {
    if (text.trim() === "") {
      return;
    }
    let handler: ApiHandler;
    try {
      handler = await this.currentHandler();
    } catch (error) {
      // Nothing was added to the chat: the typed text goes back to the composer.
      this.post({ type: "sendRejected", requestId, text, error: asApiError(error) });
      return;
    }
    const conversationId = this.activeConversationId();
    const now = Date.now();
    this.history.appendUserMessage(conversationId, randomUUID(), text, now);
    const messageId = randomUUID();
    this.history.beginReply(conversationId, messageId, handler.getModel().id, now);
    await this.streamReply(requestId, handler, conversationId, messageId);
  }

  async retryReply(requestId: string): Promise<void> {
    let handler: ApiHandler;
    try {
      handler = await this.currentHandler();
    } catch (error) {
      this.post({ type: "sendRejected", requestId, text: "", error: asApiError(error) });
      return;
    }
    const conversationId = this.activeConversationId();
    const messageId = randomUUID();
    try {
      this.history.prepareRetry(conversationId, messageId, handler.getModel().id, Date.now());
    } catch (error) {
      this.log.warn(`Nothing to retry: ${String(error)}`);
      return;
    }
    await this.streamReply(requestId, handler, conversationId, messageId);
  }

  stopReply(requestId: string): void {
    this.active.get(requestId)?.controller.abort();
  }

  /** Stops every reply (the view or the extension is going away). */
  stopAll(): void {
    for (const reply of this.active.values()) {
      reply.controller.abort();
    }
  }

  private async streamReply(requestId: string, handler: ApiHandler, conversationId: string, messageId: string): Promise<void> {
    const controller = new AbortController();
    this.active.set(requestId, { controller, conversationId, messageId });
    await this.save();
    await this.postState();
    try {
      const messages = this.history.messageParams(conversationId);
      const stream = handler.createMessage(SYSTEM_PROMPT, messages, { signal: controller.signal });
      for await (const batch of iterateBatches(stream)) {
        const message = this.history.applyChunks(conversationId, messageId, batch, Date.now());
        this.post({ type: "replyUpdated", requestId, conversationId, message });
      }
      this.history.finishReply(conversationId, messageId, Date.now());
    } catch (error) {
      // The stream reports failures as chunks, so this is either the chat being deleted while
      // its reply streamed, or a bug: logged, and the reply (if it still exists) is marked
      // stopped so no spinner is left turning.
      this.log.error(`A reply ended unexpectedly: ${String(error)}`);
      try {
        this.history.stopReply(conversationId, messageId, Date.now());
      } catch {
        // The chat is gone; there is nothing left to mark.
      }
    } finally {
      this.active.delete(requestId);
    }
    await this.save();
    this.post({ type: "replyFinished", requestId, chat: await this.chatView() });
  }

  async newChat(): Promise<void> {
    this.history.startConversation(randomUUID(), Date.now());
    await this.save();
    await this.postState();
  }

  async openChat(conversationId: string): Promise<void> {
    if (this.history.openConversation(conversationId) === undefined) {
      this.log.warn("Asked to open a chat that does not exist.");
    }
    await this.save();
    await this.postState();
  }

  async deleteChat(conversationId: string): Promise<void> {
    for (const [requestId, reply] of this.active) {
      if (reply.conversationId === conversationId) {
        this.stopReply(requestId);
      }
    }
    this.history.deleteConversation(conversationId);
    await this.save();
    await this.postState();
  }

  dispose(): void {
    this.stopAll();
    this.handler?.free();
    this.history.free();
  }
}
