/**
 * The chat history on disk: one file per chat and a small index, shared by every window that
 * uses the storage folder. Only the index and the chats a window opens are held in memory, and
 * the index only once it is asked for, so opening a chat never waits for the list. The Rust core
 * owns the formats and every merge; this module reads and writes their bytes:
 *
 * - A save writes the one chat that changed and appends its index entry to the index's journal,
 *   under the folder lock (see `indexFiles.ts`), so another window's chats are never written
 *   over and the cost does not grow with the number of chats.
 * - Before a chat file is overwritten, the core compares its revision on disk with the one this
 *   window loaded: when another window saved it since, this window's chat is saved as a copy
 *   under a new id instead, and the caller is told, so neither window's words are lost. (A chat
 *   deleted in another window and then changed here comes back: the user is still writing it.)
 * - An unreadable file is moved aside and reported, never overwritten, and hides nothing else.
 */
import type { ChatIndex, OpenChat } from "../../wasm/roo_api_wasm";
import type { Backend } from "../api/backend";
import { errorText } from "../apiErrors";
import type { Log, UserWarnings } from "../log";
import type { ConversationSummary, IndexEntry } from "../shared/generated/types";
import { FolderLock, type LockOptions } from "./folderLock";
import { IndexFiles } from "./indexFiles";
import { migrateLegacyHistory } from "./legacyMigration";
import { StorageLayout } from "./storageLayout";
import { exists, moveAside, nodeFileSystem, readIfPresent, removeIfPresent, writeAtomically, type StorageFileSystem } from "./storageFiles";

/** The parts of the wasm package the store needs (the bench passes the package itself). */
export type ChatCore = Pick<Backend, "ChatIndex" | "IndexJournal" | "OpenChat">;

export interface ChatStoreOptions {
  folder: string;
  core: ChatCore;
  log: Log;
  warnings: UserWarnings;
  /** New ids, for the copy a conflicting save makes. */
  newId: () => string;
  fs?: StorageFileSystem;
  clock?: () => number;
  lock?: LockOptions;
}

/**
 * What a save did: `chat` is what is on disk now; `forkedFrom` names the chat it was meant for
 * when another window had written that one since this window read it, and `chat` is a copy.
 */
export interface SaveOutcome {
  chat: OpenChat;
  forkedFrom: string | null;
  /** The chat's line in the index as it was just written. */
  entry: IndexEntry;
}

export class ChatStore {
  /** The chat id the migrated single file had open, for a window that has none yet. */
  migratedOpenChatId: string | undefined;
  private readonly layout: StorageLayout;
  private readonly fs: StorageFileSystem;
  private readonly lock: FolderLock;
  private readonly clock: () => number;
  private readonly files: IndexFiles;
  /** This window's view of the index, once read: the list, and the lines this window appended. */
  private view: ChatIndex | undefined;
  /**
   * Reads of the index and changes to it, one at a time: a refresh that read the files before a
   * save appended its line would otherwise replace the view with one that misses the line.
   */
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  private constructor(private readonly options: ChatStoreOptions) {
    this.layout = new StorageLayout(options.folder);
    this.fs = options.fs ?? nodeFileSystem;
    this.lock = new FolderLock(this.fs, this.layout.lock, options.lock);
    this.clock = options.clock ?? Date.now;
    this.files = new IndexFiles({ core: options.core, fs: this.fs, layout: this.layout, lock: this.lock, log: options.log, clock: this.clock });
  }

  /**
   * Opens the folder's history, migrating the single file of earlier versions first. The index
   * is not read yet: `loadHistory()` reads it, and anything that needs it waits for it.
   */
  static async open(options: ChatStoreOptions): Promise<ChatStore> {
    const store = new ChatStore(options);
    if (!(await exists(store.fs, store.layout.index)) && (await exists(store.fs, store.layout.legacyHistory))) {
      store.migratedOpenChatId = await store.lock.holding(() =>
        migrateLegacyHistory({ ...options, fs: store.fs, layout: store.layout, now: new Date(store.clock()) }),
      );
    }
    return store;
  }

  /** Whether the index was read: until then the history list is empty. */
  get historyLoaded(): boolean {
    return this.view !== undefined;
  }

  /** The history list: chats with messages, the most recently changed first. */
  summaries(): ConversationSummary[] {
    return this.view?.summaries() ?? [];
  }

  /** Reads the index, unless it was read already. */
  loadHistory(): Promise<void> {
    return this.serial(async () => {
      await this.ensureView();
    });
  }

  has(id: string): Promise<boolean> {
    return this.serial(async () => (await this.ensureView())?.has(id) ?? false);
  }

  /** Reads the index from disk again: other windows' chats appear, their deletions vanish. */
  refresh(): Promise<void> {
    return this.serial(async () => {
      this.replaceView(await this.files.load());
    });
  }

  /**
   * Reads one chat. A chat that is gone (deleted in another window) or unreadable (moved aside
   * and reported) leaves the index too, and `undefined` is returned.
   */
  async load(id: string): Promise<OpenChat | undefined> {
    const path = this.layout.chat(id);
    const bytes = await readIfPresent(this.fs, path);
    if (bytes !== undefined) {
      try {
        return this.options.core.OpenChat.load(bytes);
      } catch (error) {
        const aside = await moveAside(this.fs, path, new Date(this.clock()));
        const message = `A chat could not be read (${errorText(error)}); it was kept at ${aside}.`;
        this.options.log.error(message);
        this.options.warnings.warn(message);
      }
    }
    // Its line leaves the index too: now when the index was read, else once it is, so opening
    // the sidebar on a chat never saved (a new, empty one) does not wait for the index.
    const removal = this.removeEntry(id);
    if (this.view === undefined) {
      removal.catch((error: unknown) => {
        this.options.log.error(`A missing chat's line could not be removed from the index: ${errorText(error)}`);
      });
    } else {
      await removal;
    }
    return undefined;
  }

  /**
   * Saves one chat and its index entry. The core judges the file on disk first: when another
   * window wrote the chat since this one read it (or it cannot be read), this window's version
   * goes to a copy under a new id instead, so neither window's messages are lost.
   */
  save(chat: OpenChat): Promise<SaveOutcome> {
    return this.serial(() =>
      this.lock.holding(async () => {
        const onDisk = await readIfPresent(this.fs, this.layout.chat(chat.id));
        if (chat.canOverwrite(onDisk)) {
          return { chat, forkedFrom: null, entry: await this.writeChatLocked(chat) };
        }
        const copy = chat.forkAs(this.options.newId(), this.clock());
        const entry = await this.writeChatLocked(copy);
        this.options.log.warn(`Chat ${chat.id} was changed in another window; this window's version was saved as ${copy.id}.`);
        return { chat: copy, forkedFrom: chat.id, entry };
      }),
    );
  }

  /** Deletes a chat: its file first, then its index entry, so a crash between leaves no lost chat. */
  async delete(id: string): Promise<void> {
    const path = this.layout.chat(id);
    await this.serial(() =>
      this.lock.holding(async () => {
        await removeIfPresent(this.fs, path);
        await this.appendLocked(this.options.core.IndexJournal.removeLine(id));
      }),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.view?.free();
    this.view = undefined;
  }

  /** Writes a chat file, then its entry into the index's journal. Call with the lock held. */
  private async writeChatLocked(chat: OpenChat): Promise<IndexEntry> {
    await writeAtomically(this.fs, this.layout.chat(chat.id), chat.toBytes());
    const entry = chat.indexEntry();
    await this.appendLocked(this.options.core.IndexJournal.upsertLine(entry));
    return entry;
  }

  /** A chat file that is gone: its line leaves the index, when the index lists it. */
  private removeEntry(id: string): Promise<void> {
    return this.serial(async () => {
      if ((await this.ensureView())?.has(id) === true) {
        await this.lock.holding(() => this.appendLocked(this.options.core.IndexJournal.removeLine(id)));
      }
    });
  }

  /**
   * Appends a line and applies it to the view. A view not read yet is left alone: when it is
   * read, after this (the queue orders them), the line is on disk.
   */
  private async appendLocked(line: Uint8Array): Promise<void> {
    const rebuilt = await this.files.appendLocked(line);
    if (rebuilt !== undefined) {
      this.replaceView(rebuilt);
    } else {
      this.view?.replay(line);
    }
  }

  /**
   * The view, read first when it was not yet; `undefined` once the store is disposed. Call in
   * the queue, without the lock (reading takes it).
   */
  private async ensureView(): Promise<ChatIndex | undefined> {
    if (this.view === undefined && !this.disposed) {
      this.replaceView(await this.files.load());
    }
    return this.view;
  }

  private replaceView(index: ChatIndex): void {
    this.view?.free();
    if (this.disposed) {
      index.free();
      this.view = undefined;
      return;
    }
    this.view = index;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
