/**
 * Which chat this window shows, and switching it: New Chat, opening one from the history,
 * deleting, and the history list (re-read from disk on request, so other windows' chats appear).
 * The open chat's id is remembered per window (VS Code's workspace state), not in the shared
 * index, so two windows never fight over it. A chat left while its reply streams keeps
 * streaming in the background until the reply ends and is saved.
 *
 * Opening reads only the open chat's file, so the first state the webview gets does not wait for
 * the history: the index is read afterwards and the list follows as `historyChanged`. Until
 * then `history()` is empty and no list is posted.
 */
import { errorText } from "../apiErrors";
import type { AgentTask } from "../agent/agentTask";
import type { ConversationSummary, IndexEntry, UserDecision } from "../shared/generated/types";
import type { ActionOutcome, ChatView } from "../shared/protocol";
import { chatView } from "../views";
import type { ChatCore } from "./chatStore";
import { ChatSession, type SessionHost } from "./chatSession";

/** Why an action on a chat was refused: it is neither shown nor running in the background. */
export const CHAT_NOT_OPEN = "That chat is not open in this window any more; open it from the history first.";

/** Where a window remembers the id of the chat it shows. */
export interface OpenChatIdStore {
  read(): string | undefined;
  write(id: string): Promise<void>;
}

export interface ActiveChatOptions extends Omit<SessionHost, "saved"> {
  core: ChatCore;
  openChatId: OpenChatIdStore;
}

export class ActiveChat {
  private current: ChatSession;
  /** Chats left while their reply streams, by id, until the reply ends. */
  private readonly background = new Map<string, ChatSession>();
  private readonly host: SessionHost;
  private historyRead: Promise<void> = Promise.resolve();
  private disposed = false;

  private constructor(private readonly options: ActiveChatOptions) {
    this.host = { ...options, saved: (session, outcome) => this.saved(session, outcome) };
    this.current = this.emptyChat();
  }

  /** Opens the chat this window showed last (or the migrated file's open chat, or a new one). */
  static async open(options: ActiveChatOptions): Promise<ActiveChat> {
    const chats = new ActiveChat(options);
    const wanted = options.openChatId.read() ?? options.store.migratedOpenChatId;
    if (wanted !== undefined) {
      // Straight from its file (a chat that is gone is dropped from the index by the store); a
      // chat that cannot be opened leaves the window on a new one rather than without a chat.
      const loaded = await options.store.load(wanted).catch((error: unknown) => {
        options.log.warn(`The chat this window showed last could not be opened: ${errorText(error)}`);
        return undefined;
      });
      if (loaded !== undefined) {
        chats.current.dispose();
        chats.current = new ChatSession(loaded, chats.host);
      }
    }
    await options.openChatId.write(chats.current.id);
    chats.historyRead = chats.readHistory();
    return chats;
  }

  /** Settles once the history list was read and posted (or reading it failed and was logged). */
  historyLoaded(): Promise<void> {
    return this.historyRead;
  }

  /** The chat shown now. */
  get session(): ChatSession {
    return this.current;
  }

  /** The chat with this id, shown or still streaming in the background. */
  sessionFor(id: string): ChatSession | undefined {
    return this.current.id === id ? this.current : this.background.get(id);
  }

  /** Hands the user's answer to the task of chat `id`, when one runs there. */
  agentAnswer(id: string, answer: (task: AgentTask) => ActionOutcome): ActionOutcome {
    const task = this.sessionFor(id)?.agentTask;
    return task === undefined ? { ok: false, error: "No task is running in that chat any more." } : answer(task);
  }

  /** An approval from the diff editor's title bar: the task that waits for `callId` takes it. */
  decideFromEditor(callId: string, decision: UserDecision): void {
    for (const session of [this.current, ...this.background.values()]) {
      if (session.agentTask?.decide(callId, decision).ok === true) {
        return;
      }
    }
    this.options.log.warn("An edit was approved or rejected in the diff editor, but no task waits for it any more.");
  }

  /** Runs `action` on chat `id`, when it is open in this window. */
  async withSession(id: string, action: (session: ChatSession) => Promise<ActionOutcome>): Promise<ActionOutcome> {
    const session = this.sessionFor(id);
    return session === undefined ? { ok: false, error: CHAT_NOT_OPEN } : action(session);
  }

  history(): ConversationSummary[] {
    return this.options.store.summaries();
  }

  /** The open chat as the webview renders it. */
  async view(): Promise<ChatView> {
    const session = this.current;
    const measured = await session.modelAndContext();
    return chatView(session.conversation(), session.totals(), measured, session.isStreaming, session.activity);
  }

  async newChat(): Promise<void> {
    if (!this.current.isEmpty || this.current.isStreaming) {
      await this.show(new ChatSession(this.options.core.OpenChat.create(this.options.newId(), this.options.clock()), this.host));
    }
    await this.postOpened();
  }

  async openChat(id: string): Promise<void> {
    const streaming = this.background.get(id);
    if (streaming !== undefined) {
      this.background.delete(id);
      await this.show(streaming);
    } else if (id !== this.current.id) {
      const loaded = (await this.options.store.has(id)) ? await this.options.store.load(id) : undefined;
      if (loaded === undefined) {
        // Deleted or unreadable (reported by the store): the list may be out of date.
        this.options.log.warn("Asked to open a chat that is not in the history (any more).");
        this.postHistory();
        return;
      }
      await this.show(new ChatSession(loaded, this.host));
    }
    await this.postOpened();
  }

  /** Deletes a chat (stopping its reply); when it was open, a new empty chat takes its place. */
  async deleteChat(id: string): Promise<void> {
    const session = this.sessionFor(id);
    if (session === undefined && !(await this.options.store.has(id))) {
      this.options.log.warn("Asked to delete a chat that is not in the history.");
      return;
    }
    session?.discard();
    try {
      await this.options.store.delete(id);
    } catch (error) {
      this.options.log.error(`The chat could not be deleted: ${errorText(error)}`);
    }
    if (session === this.current) {
      await this.show(this.emptyChat());
      await this.postOpened();
    }
    this.postHistory();
  }

  /** Re-reads the index from disk and sends the list. */
  async refreshHistory(): Promise<void> {
    try {
      await this.options.store.refresh();
    } catch (error) {
      this.options.log.error(`The chat history could not be read: ${errorText(error)}`);
    }
    this.postHistory();
  }

  /** Stops the reply of a chat, shown or in the background. */
  stopReply(conversationId: string): void {
    this.sessionFor(conversationId)?.stop();
  }

  stopAll(): void {
    this.current.stop();
    for (const session of this.background.values()) {
      session.stop();
    }
  }

  /** Settles when no chat of this window is streaming. */
  async settled(): Promise<void> {
    await Promise.all([this.current, ...this.background.values()].map((session) => session.settled()));
  }

  dispose(): void {
    this.disposed = true;
    this.current.dispose();
    for (const session of this.background.values()) {
      session.dispose();
    }
    this.background.clear();
  }

  /**
   * Reads the index and posts the list. The post waits one turn of the event loop, so a state
   * built before the list was read (with an empty one) has been posted before it, never after.
   */
  private async readHistory(): Promise<void> {
    try {
      await this.options.store.loadHistory();
    } catch (error) {
      this.options.log.error(`The chat history could not be read: ${errorText(error)}`);
      return;
    }
    await new Promise<void>((resolve) => {
      setImmediate(resolve);
    });
    if (!this.disposed) {
      this.postHistory();
    }
  }

  private emptyChat(): ChatSession {
    return new ChatSession(this.options.core.OpenChat.create(this.options.newId(), this.options.clock()), this.host);
  }

  /** Shows `next`; the chat left behind is freed, or kept until its streaming reply ends. */
  private async show(next: ChatSession): Promise<void> {
    const left = this.current;
    this.current = next;
    if (left !== next) {
      if (left.isStreaming) {
        this.background.set(left.id, left);
        void left.settled().then(() => {
          this.forgetBackground(left);
        });
      } else {
        left.dispose();
      }
    }
    await this.options.openChatId.write(next.id);
  }

  private forgetBackground(session: ChatSession): void {
    for (const [id, candidate] of this.background) {
      if (candidate === session) {
        this.background.delete(id);
        session.dispose();
      }
    }
  }

  private async postOpened(): Promise<void> {
    this.options.post({ type: "chatOpened", chat: await this.view() });
  }

  /** Posts the list, once it was read (until then the state's empty list stands for it). */
  private postHistory(): void {
    if (this.options.store.historyLoaded) {
      this.options.post({ type: "historyChanged", history: this.history() });
    }
  }

  /** After a session saved: the list changed, and a copy made on a conflict takes the old one's place. */
  private async saved(session: ChatSession, { forkedFrom, entry }: { forkedFrom: string | null; entry: IndexEntry }): Promise<void> {
    if (forkedFrom === null) {
      // The usual save: one line of the list changed, so only that line is posted.
      if (this.options.store.historyLoaded) {
        this.options.post({ type: "historyEntryChanged", summary: summaryOf(entry) });
      }
      return;
    }
    // A copy made on a conflict takes the old chat's place, and the list gains a line.
    if (session === this.current) {
      await this.options.openChatId.write(session.id);
      await this.postOpened();
    } else if (this.background.get(forkedFrom) === session) {
      this.background.delete(forkedFrom);
      this.background.set(session.id, session);
    }
    this.postHistory();
  }
}

/** The history list's line for an index entry: the fields the list shows. */
function summaryOf(entry: IndexEntry): ConversationSummary {
  return { id: entry.id, title: entry.title, updatedAtMs: entry.updatedAtMs, messageCount: entry.messageCount };
}
