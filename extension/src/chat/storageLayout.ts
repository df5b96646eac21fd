/**
 * Where each piece of the chat history lives in the extension's global storage folder: one file
 * per chat under `chats/`, a small index listing them (the snapshot `index.json` and the journal
 * of changes since, `index.journal`), the lock that windows take turns with, and the single file
 * that earlier versions wrote (migrated once, then renamed).
 */
import { join } from "node:path";

/**
 * The ids the core accepts for chats (letters, digits, `-` and `_`, at most 100): the core decides
 * which ids are valid, and this check only keeps a path from being built out of anything else.
 */
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export class StorageLayout {
  constructor(readonly folder: string) {}

  get index(): string {
    return join(this.folder, "index.json");
  }

  get journal(): string {
    return join(this.folder, "index.journal");
  }

  get lock(): string {
    return join(this.folder, "index.lock");
  }

  get chats(): string {
    return join(this.folder, "chats");
  }

  /** Where what the migration could not read is kept (outside `chats/`, so no rebuild reads it). */
  get unreadable(): string {
    return join(this.folder, "unreadable");
  }

  /** The single history file of earlier versions. */
  get legacyHistory(): string {
    return join(this.folder, "chat-history.json");
  }

  /** Where the single file goes once its chats were moved into per-chat files. */
  get migratedLegacyHistory(): string {
    return `${this.legacyHistory}.migrated`;
  }

  /**
   * The file of one chat. Ids arrive from the webview too, so one that could name a path outside
   * `chats/` (`../`, a separator) is refused here, before any file is touched.
   */
  chat(id: string): string {
    if (!SAFE_ID.test(id)) {
      throw new Error(`the chat id ${JSON.stringify(id)} cannot be used as a file name`);
    }
    return join(this.chats, `${id}.json`);
  }

  /** Whether a name in `chats/` is a chat file (not a temporary or a file kept aside). */
  static isChatFile(name: string): boolean {
    return name.endsWith(".json");
  }
}
