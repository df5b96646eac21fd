/**
 * The chat history on disk: one file per chat and a small index, shared by every window that
 * uses the storage folder. Only the index and the chats a window opens are held in memory. The
 * Rust core owns the formats and every merge; this module reads and writes their bytes:
 *
 * - A save writes the one chat that changed and applies its index entry as a delta to the index
 *   bytes on disk, under the folder lock, so another window's chats are never written over.
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
import type { ConversationSummary } from "../shared/generated/types";
import { FolderLock, type LockOptions } from "./folderLock";
import { migrateLegacyHistory } from "./legacyMigration";
import { StorageLayout } from "./storageLayout";
import {
  moveAside,
  nodeFileSystem,
  readIfPresent,
  removeIfPresent,
  writeAtomically,
  type StorageFileSystem,
} from "./storageFiles";

/** The parts of the wasm package the store needs (the bench passes the package itself). */
export type ChatCore = Pick<Backend, "ChatIndex" | "OpenChat">;

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
}

export class ChatStore {
  /** The chat id the migrated single file had open, for a window that has none yet. */
  migratedOpenChatId: string | undefined;
  private readonly layout: StorageLayout;
  private readonly fs: StorageFileSystem;
  private readonly lock: FolderLock;
  private readonly clock: () => number;
  /** The index bytes this window last read or wrote, until they are parsed (when someone asks). */
  private indexBytes: Uint8Array | undefined;
  private parsedIndex: ChatIndex | undefined;

  private constructor(private readonly options: ChatStoreOptions) {
    this.layout = new StorageLayout(options.folder);
    this.fs = options.fs ?? nodeFileSystem;
    this.lock = new FolderLock(this.fs, this.layout.lock, options.lock);
    this.clock = options.clock ?? Date.now;
  }

  /** Opens the folder's history, migrating the single file of earlier versions first. */
  static async open(options: ChatStoreOptions): Promise<ChatStore> {
    const store = new ChatStore(options);
    const index = await readIfPresent(store.fs, store.layout.index);
    if (index === undefined && (await readIfPresent(store.fs, store.layout.legacyHistory)) !== undefined) {
      store.migratedOpenChatId = await store.lock.holding(() =>
        migrateLegacyHistory({ ...options, fs: store.fs, layout: store.layout, now: new Date(store.clock()) }),
      );
    }
    await store.refresh();
    return store;
  }

  /** The history list: chats with messages, the most recently changed first. */
  summaries(): ConversationSummary[] {
    return this.index().summaries();
  }

  has(id: string): boolean {
    return this.index().has(id);
  }

  /** Reads the index from disk again: other windows' chats appear, their deletions vanish. */
  async refresh(): Promise<void> {
    const bytes = await readIfPresent(this.fs, this.layout.index);
    if (bytes === undefined && (await this.chatFileNames()).length > 0) {
      await this.lock.holding(() => this.rebuildIndex("it is missing"));
      return;
    }
    this.replaceIndex(bytes);
    try {
      this.index();
    } catch (error) {
      await this.lock.holding(() => this.rebuildIndex(errorText(error)));
    }
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
    if (this.has(id)) {
      await this.removeEntry(id);
    }
    return undefined;
  }

  /**
   * Saves one chat and its index entry. The core judges the file on disk first: when another
   * window wrote the chat since this one read it (or it cannot be read), this window's version
   * goes to a copy under a new id instead, so neither window's messages are lost.
   */
  save(chat: OpenChat): Promise<SaveOutcome> {
    return this.lock.holding(async () => {
      const onDisk = await readIfPresent(this.fs, this.layout.chat(chat.id));
      if (chat.canOverwrite(onDisk)) {
        await this.writeChat(chat);
        return { chat, forkedFrom: null };
      }
      const copy = chat.forkAs(this.options.newId(), this.clock());
      await this.writeChat(copy);
      this.options.log.warn(`Chat ${chat.id} was changed in another window; this window's version was saved as ${copy.id}.`);
      return { chat: copy, forkedFrom: chat.id };
    });
  }

  /** Deletes a chat: its file first, then its index entry, so a crash between leaves no lost chat. */
  async delete(id: string): Promise<void> {
    const path = this.layout.chat(id);
    await this.lock.holding(async () => {
      await removeIfPresent(this.fs, path);
      await this.removeEntryLocked(id);
    });
  }

  dispose(): void {
    this.parsedIndex?.free();
    this.parsedIndex = undefined;
  }

  private index(): ChatIndex {
    if (this.parsedIndex === undefined) {
      this.parsedIndex = this.options.core.ChatIndex.load(this.indexBytes);
      // Parsed, the bytes are not needed any more: only one copy of the index stays in memory.
      this.indexBytes = undefined;
    }
    return this.parsedIndex;
  }

  private replaceIndex(bytes: Uint8Array | undefined): void {
    this.parsedIndex?.free();
    this.parsedIndex = undefined;
    this.indexBytes = bytes;
  }

  /** Writes a chat file, then its entry into the index on disk. Call with the lock held. */
  private async writeChat(chat: OpenChat): Promise<void> {
    await writeAtomically(this.fs, this.layout.chat(chat.id), chat.toBytes());
    const onDisk = await readIfPresent(this.fs, this.layout.index);
    await this.writeIndex(this.options.core.ChatIndex.withEntry(onDisk, chat.indexEntry()));
  }

  private async removeEntry(id: string): Promise<void> {
    await this.lock.holding(() => this.removeEntryLocked(id));
  }

  private async removeEntryLocked(id: string): Promise<void> {
    const onDisk = await readIfPresent(this.fs, this.layout.index);
    await this.writeIndex(this.options.core.ChatIndex.without(onDisk, id));
  }

  private async writeIndex(bytes: Uint8Array): Promise<void> {
    await writeAtomically(this.fs, this.layout.index, bytes);
    this.replaceIndex(bytes);
  }

  /**
   * An index that cannot be read is moved aside and rebuilt from the chat files (the index only
   * repeats what they hold). Call with the lock held; another window may have repaired it first.
   */
  private async rebuildIndex(reason: string): Promise<void> {
    const current = await readIfPresent(this.fs, this.layout.index);
    if (current !== undefined) {
      try {
        this.options.core.ChatIndex.load(current).free();
        this.replaceIndex(current);
        return;
      } catch {
        const aside = await moveAside(this.fs, this.layout.index, new Date(this.clock()));
        this.options.log.warn(`The chat index could not be read (${reason}); it was kept at ${aside} and rebuilt from the chats.`);
      }
    }
    const names = await this.chatFileNames();
    const files = await Promise.all(names.map((name) => this.fs.readFile(`${this.layout.chats}/${name}`)));
    const rebuilt = this.options.core.ChatIndex.rebuild(files);
    try {
      for (const warning of rebuilt.loadWarnings()) {
        this.options.log.warn(`Rebuilding the chat index: ${warning}`);
      }
      await this.writeIndex(rebuilt.toBytes());
    } finally {
      rebuilt.free();
    }
  }

  private async chatFileNames(): Promise<string[]> {
    try {
      return (await this.fs.readdir(this.layout.chats)).filter((name) => StorageLayout.isChatFile(name));
    } catch {
      return [];
    }
  }
}
