/**
 * One conversation as this window works on it: sending (with attachments and images), retrying,
 * condensing, streaming the reply (or the Condense summary) into the core's `OpenChat` and out to
 * the webview as `replyStarted`, `replyDelta`s and `replyFinished`, stopping, and saving at the
 * start and the end of each reply. The core decides what each chunk does to the chat, what a
 * request carries to fit the context window, and when Condense is offered; this class only moves
 * the bytes and the events.
 */
import type { ApiHandler, MessageStream, OpenChat } from "../../wasm/roo_api_wasm";
import { AgentTask, type AgentTools, type AgentWorkspace } from "../agent/agentTask";
import { type EditFiles, revertAllEdits, showEditDiff, type UndoHost, undoEdit } from "../agent/editUndo";
import { iterateBatches } from "../api/stream";
import { asApiError, errorText, shellError } from "../apiErrors";
import type { Log, UserWarnings } from "../log";
import type { ModelCatalogue } from "../modelCatalogue";
import type {
  AgentMode,
  AgentSettings,
  ApiError,
  Attachment,
  ChatMessage,
  ContextUsage,
  Conversation,
  ConversationTotals,
  EffectiveMode,
  IndexEntry,
  ProviderDefaults,
  ResolvedModel,
} from "../shared/generated/types";
import type { ActionOutcome, AgentActivity, ExtensionToWebview, ImageInput, RevertOutcome, SendOutcome } from "../shared/protocol";
import type { ChatStore } from "./chatStore";

/** What a session needs from the rest of the shell. */
export interface SessionHost {
  store: ChatStore;
  catalogue: ModelCatalogue;
  defaults: ProviderDefaults;
  post: (message: ExtensionToWebview) => void;
  log: Log;
  warnings: UserWarnings;
  newId: () => string;
  clock: () => number;
  /** After each save (the history list changed); `forkedFrom` says the session has a new id. */
  /** The system prompt now for a chat in `mode`: the base prompt, the workspace's rules, the custom and the mode's instructions. */
  systemPrompt: (mode: AgentMode) => string;
  /** What Code mode's tasks work with: the tools, the workspace and the settings. */
  agent: AgentHost;
  /** The share of the context window (0..1) past which Condense is offered, from the settings now. */
  condenseThreshold: () => number;
  /** When the key's budget resets, as `/key/info` last said (`null` when unknown): a reply that failed on a spent budget keeps it. */
  budgetResetAt: () => string | null;
  saved: (session: ChatSession, outcome: { forkedFrom: string | null; entry: IndexEntry }) => Promise<void>;
}

/** What Code mode's tasks need of the shell. */
export interface AgentHost {
  tools: AgentTools & EditFiles;
  workspace: () => Promise<AgentWorkspace | undefined>;
  settings: () => AgentSettings;
}

/** The model a chat is shown with, what its next request would take of the context window, and whether Condense is offered. */
export interface ModelAndContext {
  model: ResolvedModel;
  context: ContextUsage | null;
  offerCondense: boolean;
  /** The mode the chat runs in with this model. */
  mode: EffectiveMode;
}

/** What a started stream fills: a reply to the user, or a Condense summary. */
type Streamed = "reply" | "summary";

/** What starting a reply added to the chat, as `replyStarted` reports it. */
interface StartedReply {
  userMessage: ChatMessage | null;
  replacedMessageIds: string[];
  reply: ChatMessage;
}

export class ChatSession {
  private streaming: { abort: AbortController; done: Promise<void> } | undefined;
  /** Set when the chat was deleted: nothing is saved any more. */
  private discarded = false;
  private freeWhenSettled = false;
  /** The Code-mode task running in this chat, while it runs. */
  private task: AgentTask | undefined;

  constructor(
    private chat: OpenChat,
    private readonly host: SessionHost,
  ) {}

  get id(): string {
    return this.chat.id;
  }

  /** Whether a reply streams or a Code-mode task runs (both end with Stop). */
  get isStreaming(): boolean {
    return this.streaming !== undefined;
  }

  /** What the chat's Code-mode task waits for now. */
  get activity(): AgentActivity {
    return this.task?.activity ?? { kind: "idle" };
  }

  /** The running task, to hand it the user's answers; `undefined` when none runs. */
  get agentTask(): AgentTask | undefined {
    return this.task;
  }

  /** "Undo this edit": restores the file as it was before the edit of `callId`. */
  undoEdit(replyId: string, callId: string): Promise<ActionOutcome> {
    return this.whenIdle(() => undoEdit(this.undoHost(), replyId, callId));
  }

  /** "Revert all edits of this chat". */
  revertAllEdits(): Promise<RevertOutcome> {
    return this.streaming === undefined
      ? revertAllEdits(this.undoHost())
      : Promise.resolve({ reverted: 0, errors: [TASK_RUNNING] });
  }

  /** Opens the edit of `callId` in the diff editor again. */
  showEditDiff(replyId: string, callId: string): Promise<ActionOutcome> {
    return showEditDiff(this.undoHost(), replyId, callId);
  }

  /** Whether the chat has no messages (such a chat is never saved). */
  get isEmpty(): boolean {
    return this.chat.isEmpty();
  }

  conversation(): Conversation {
    return this.chat.conversation();
  }

  totals(): ConversationTotals {
    return this.chat.totals();
  }

  /**
   * The model and the context-window meter, from one core call that sizes the request the same
   * way sending it would. With invalid settings the chat still renders, with the defaults.
   */
  async modelAndContext(): Promise<ModelAndContext> {
    try {
      const handler = await this.host.catalogue.currentHandler();
      const context = handler.chatContextUsage(this.chat, this.promptFor(handler));
      return {
        model: handler.getModel(),
        context,
        offerCondense: this.chat.offerCondense(context, this.host.condenseThreshold()),
        mode: handler.chatMode(this.chat),
      };
    } catch {
      return {
        model: { id: this.host.defaults.litellmModelId, info: this.host.defaults.litellmModelInfo },
        context: null,
        offerCondense: false,
        mode: { mode: this.chat.conversation().mode, notice: null },
      };
    }
  }

  /**
   * Adds the user's message with its resolved attachments and images and streams a reply. The
   * core adds nothing when the request could not be sent (an image the model cannot take, a
   * message too large for the context window even trimmed): `ok: false` with its sentence, and
   * the webview keeps the text in the composer.
   */
  send(text: string, attachments: Attachment[], images: ImageInput[]): Promise<SendOutcome> {
    return this.start("reply", (handler, now) => {
      const input = { userMessageId: this.host.newId(), replyId: this.host.newId(), text, attachments, images };
      const started = handler.beginSend(this.chat, input, this.promptFor(handler), now);
      return { userMessage: started.userMessage, replacedMessageIds: [], reply: started.reply };
    });
  }

  /** Replaces the last failed, stopped or empty reply with a new one. */
  retry(): Promise<SendOutcome> {
    return this.start("reply", (handler, now) => {
      const started = this.chat.prepareRetry(this.host.newId(), handler.getModel().id, now);
      return { userMessage: null, replacedMessageIds: started.removedIds, reply: started.reply };
    });
  }

  /**
   * Condense: the model summarises the older turns (the core chooses which) into a new assistant
   * message that streams like a reply; once it completes with text, requests send it in place of
   * those turns. Refused (`ok: false`, nothing added) while a reply streams or when there is
   * nothing to condense. A summary that fails or is stopped stays visible and replaces nothing.
   */
  condense(): Promise<SendOutcome> {
    return this.start("summary", (handler, now) => ({
      userMessage: null,
      replacedMessageIds: [],
      reply: handler.beginCondense(this.chat, this.host.newId(), now),
    }));
  }

  /**
   * The mode picker: the chat's mode from now on (kept in the chat). Refused while a task runs,
   * and for Code mode with a model that cannot call tools (the core names it).
   */
  async setMode(mode: AgentMode): Promise<{ ok: true; mode: EffectiveMode } | { ok: false; error: string }> {
    if (this.streaming !== undefined) {
      return { ok: false, error: "A reply or task is running in this chat; stop it before changing the mode." };
    }
    try {
      const handler = await this.host.catalogue.currentHandler();
      const effective = handler.setChatMode(this.chat, mode, this.host.clock());
      if (!this.chat.isEmpty()) {
        await this.persist();
      }
      return { ok: true, mode: effective };
    } catch (error) {
      return { ok: false, error: errorText(error) };
    }
  }

  /** Runs `action` unless a reply or task runs (an undo then could race the task's own edits). */
  private whenIdle(action: () => Promise<ActionOutcome>): Promise<ActionOutcome> {
    return this.streaming === undefined ? action() : Promise.resolve({ ok: false, error: TASK_RUNNING });
  }

  private undoHost(): UndoHost {
    return {
      chat: () => this.chat,
      files: this.host.agent.tools,
      clock: this.host.clock,
      changed: (message) => {
        this.host.post({ type: "messageChanged", conversationId: this.id, message });
      },
      persist: async () => {
        await this.persist();
      },
    };
  }

  /** Stops the streaming reply at once; its text so far is kept. */
  stop(): void {
    this.streaming?.abort.abort();
  }

  /** The chat was deleted: stop its reply and never save it again. */
  discard(): void {
    this.discarded = true;
    this.stop();
  }

  /** Settles when no reply is streaming. */
  async settled(): Promise<void> {
    await this.streaming?.done;
  }

  /** Frees the core's chat, after the streaming reply (if any) ended. */
  dispose(): void {
    if (this.streaming === undefined) {
      this.chat.free();
    } else {
      this.freeWhenSettled = true;
      this.stop();
    }
  }

  private async start(
    streamed: Streamed,
    prepare: (handler: ApiHandler, now: number) => StartedReply,
  ): Promise<SendOutcome> {
    if (this.cannotStart()) {
      return busy();
    }
    let handler: ApiHandler;
    try {
      handler = await this.host.catalogue.currentHandler();
    } catch (error) {
      // Nothing was added to the chat: the typed text stays in the composer.
      return { ok: false, error: asApiError(error) };
    }
    // Checked again: another send may have started while the handler was being built.
    if (this.cannotStart()) {
      return busy();
    }
    let started: StartedReply;
    try {
      started = prepare(handler, this.host.clock());
    } catch (error) {
      return { ok: false, error: shellError("badRequest", errorText(error)) };
    }
    const abort = new AbortController();
    // Built before the first await, while the handler is surely alive (a settings change frees
    // it); nothing is sent until the stream is first read.
    let stream: MessageStream | ApiError;
    try {
      stream = this.createStream(streamed, handler, abort.signal);
      // Planning the request may have put a notice of what it left out on the reply.
      started = { ...started, reply: this.chat.message(started.reply.id) ?? started.reply };
    } catch (error) {
      // The reply already exists: it ends at once, failed with this error, like any other.
      stream = asApiError(error);
    }
    let finish: () => void = () => undefined;
    this.streaming = { abort, done: new Promise((resolve) => (finish = resolve)) };
    void this.run(stream, started, streamed, abort.signal).finally(() => {
      this.task = undefined;
      this.streaming = undefined;
      finish();
      if (this.freeWhenSettled) {
        this.chat.free();
      }
    });
    return { ok: true };
  }

  /** Whether a reply streams already or the chat was deleted (a method: it is asked across awaits). */
  private cannotStart(): boolean {
    return this.streaming !== undefined || this.discarded;
  }

  /** The one place a reply or a summary is requested from the handler. */
  private createStream(streamed: Streamed, handler: ApiHandler, signal: AbortSignal): MessageStream {
    const prompt = this.promptFor(handler);
    return streamed === "summary"
      ? handler.createCondenseReply(this.chat, prompt, { signal })
      : handler.createReply(this.chat, prompt, { signal });
  }

  /** The system prompt for the mode the chat runs in with this handler's model. */
  private promptFor(handler: ApiHandler): string {
    return this.host.systemPrompt(handler.chatMode(this.chat).mode);
  }

  /** Streams the reply, then, when it called tools, runs the Code-mode task until it ends. */
  private async run(stream: MessageStream | ApiError, started: StartedReply, streamed: Streamed, signal: AbortSignal): Promise<void> {
    const message = await this.stream(stream, started);
    if (streamed === "summary" || message.toolCalls.length === 0 || this.discarded) {
      return;
    }
    this.task = new AgentTask({
      chat: () => this.chat,
      post: this.host.post,
      tools: this.host.agent.tools,
      workspace: this.host.agent.workspace,
      settings: this.host.agent.settings,
      clock: this.host.clock,
      log: this.host.log,
      nextReply: () => this.nextReply(signal),
      persist: async () => {
        await this.persist();
      },
    });
    await this.task.run(message.id, signal);
    await this.persist();
  }

  /** The task's next step: a new reply to the tool results, streamed like any other. */
  private async nextReply(signal: AbortSignal): Promise<string | null> {
    if (signal.aborted || this.discarded) {
      return null;
    }
    let handler: ApiHandler;
    let reply: ChatMessage;
    try {
      handler = await this.host.catalogue.currentHandler();
      reply = this.chat.beginReply(this.host.newId(), handler.getModel().id, this.host.clock());
    } catch (error) {
      this.host.log.error(`The task's next request could not start: ${errorText(error)}`);
      return null;
    }
    let stream: MessageStream | ApiError;
    try {
      stream = this.createStream("reply", handler, signal);
      reply = this.chat.message(reply.id) ?? reply;
    } catch (error) {
      stream = asApiError(error);
    }
    const finished = await this.stream(stream, { userMessage: null, replacedMessageIds: [], reply });
    return finished.id;
  }

  /** Streams the reply (Stop aborts the request, and the core marks the reply stopped); returns it finished. */
  private async stream(stream: MessageStream | ApiError, started: StartedReply): Promise<ChatMessage> {
    const replyId = started.reply.id;
    const forkedFrom = await this.persist();
    if (forkedFrom === null) {
      this.host.post({ type: "replyStarted", conversationId: this.id, title: this.chat.title, ...started });
    }
    // (After a fork the webview was sent the copy, reply included, as `chatOpened`.)
    let message = started.reply;
    try {
      const batches = "kind" in stream ? [[{ type: "error" as const, error: stream }]] : iterateBatches(stream);
      for await (const batch of batches) {
        const delta = this.chat.applyChunks(replyId, batch, this.host.clock());
        this.host.post({ type: "replyDelta", conversationId: this.id, delta });
      }
      message = this.chat.finishReply(replyId, this.host.clock(), this.host.budgetResetAt());
    } catch (error) {
      // The stream reports failures as chunks, so this is a bug: logged, and the reply is marked
      // stopped so no spinner is left turning.
      this.host.log.error(`A reply ended unexpectedly: ${errorText(error)}`);
      message = this.markStopped(replyId) ?? message;
    }
    await this.persist();
    const { context, offerCondense } = await this.modelAndContext();
    this.host.post({
      type: "replyFinished",
      conversationId: this.id,
      message,
      totals: this.chat.totals(),
      context,
      offerCondense,
    });
    return message;
  }

  private markStopped(replyId: string): ChatMessage | undefined {
    try {
      return this.chat.stopReply(replyId, this.host.clock());
    } catch (error) {
      this.host.log.error(`The reply could not be marked stopped: ${errorText(error)}`);
      return undefined;
    }
  }

  /** Saves the chat (unless deleted or empty); a conflicting save continues in a copy. */
  private async persist(): Promise<string | null> {
    if (this.discarded || this.chat.isEmpty()) {
      return null;
    }
    try {
      const outcome = await this.host.store.save(this.chat);
      if (outcome.forkedFrom !== null) {
        this.chat.free();
        this.chat = outcome.chat;
        this.host.warnings.warn(
          `This chat was changed in another window since this one opened it, so this window's version was saved as a copy ("${outcome.chat.conversation().title}").`,
        );
      }
      await this.host.saved(this, outcome);
      return outcome.forkedFrom;
    } catch (error) {
      this.host.log.error(`The chat could not be saved: ${errorText(error)}`);
      return null;
    }
  }
}

const TASK_RUNNING = "A reply or task is running in this chat; stop it or let it finish first.";

/** The answer to a send while this chat's reply still streams (the webview disables it then). */
function busy(): SendOutcome {
  return { ok: false, error: shellError("badRequest", "A reply is still streaming in this chat; stop it first.") };
}
