/**
 * The chat index on disk: a snapshot (`index.json`) and a journal of the changes since
 * (`index.journal`), shared by every window that uses the folder. The core owns both formats,
 * the replay and the compaction; this module only moves their bytes:
 *
 * - A change is one line appended to the journal under the folder lock, so saving a reply costs
 *   the same with ten chats or ten thousand, and never writes over another window's changes.
 * - Once the core says the journal is long enough, the window that appended folds it into the
 *   snapshot (written atomically) and then deletes it, under the same hold of the lock. A crash
 *   between the two leaves a journal the snapshot holds already, and replaying it changes nothing.
 * - Loading reads both files under the lock (no append or compaction falls between the reads).
 *   A snapshot that is missing while chats exist, or cannot be read, is moved aside (when there
 *   is one) and rebuilt from the chat files, which hold every change the journal records.
 */
import type { ChatIndex } from "../../wasm/roo_api_wasm";
import { errorText } from "../apiErrors";
import type { Log } from "../log";
import type { ChatCore } from "./chatStore";
import type { FolderLock } from "./folderLock";
import { StorageLayout } from "./storageLayout";
import { exists, moveAside, readIfPresent, removeIfPresent, writeAtomically, type StorageFileSystem } from "./storageFiles";

export interface IndexFilesOptions {
  core: ChatCore;
  fs: StorageFileSystem;
  layout: StorageLayout;
  lock: FolderLock;
  log: Log;
  clock: () => number;
}

export class IndexFiles {
  /**
   * Whether `index.json` exists, once known: after a window writes it, it is only ever replaced,
   * so it is checked at most once. Without one, the first append writes it.
   */
  private snapshotOnDisk: boolean | undefined;
  /** Warnings already logged, so a refresh does not repeat them until a compaction clears them. */
  private readonly logged = new Set<string>();

  constructor(private readonly options: IndexFilesOptions) {}

  /** Reads the index: the snapshot with the journal replayed over it. Takes the lock itself. */
  async load(): Promise<ChatIndex> {
    const { fs, layout, lock } = this.options;
    const { snapshot, journal } = await lock.holding(async () => ({
      snapshot: await readIfPresent(fs, layout.index),
      journal: await readIfPresent(fs, layout.journal),
    }));
    if (snapshot === undefined && (await this.chatFileNames()).length > 0) {
      return lock.holding(() => this.rebuildLocked("it is missing"));
    }
    let index: ChatIndex;
    try {
      index = this.options.core.ChatIndex.load(snapshot, journal);
    } catch (error) {
      return lock.holding(() => this.rebuildLocked(errorText(error)));
    }
    this.snapshotOnDisk = snapshot !== undefined;
    this.logWarnings(index, "Reading the chat index");
    return index;
  }

  /**
   * Appends one journal line, then folds the journal into the snapshot when the core says it is
   * time (or writes the first snapshot). Call with the lock held. Returns the index when that
   * had to rebuild it from the chat files (it then replaces the caller's view).
   */
  async appendLocked(line: Uint8Array): Promise<ChatIndex | undefined> {
    const { core, fs, layout } = this.options;
    const length = await fs.append(layout.journal, line);
    this.snapshotOnDisk ??= await exists(fs, layout.index);
    if (this.snapshotOnDisk && !core.ChatIndex.shouldCompact(length)) {
      return undefined;
    }
    return this.compactLocked();
  }

  private async compactLocked(): Promise<ChatIndex | undefined> {
    const { core, fs, layout } = this.options;
    const snapshot = await readIfPresent(fs, layout.index);
    if (snapshot === undefined) {
      // The first save in this folder: its chat file is there to rebuild from.
      return this.rebuildLocked("it is missing");
    }
    let compacted: Uint8Array;
    try {
      compacted = core.ChatIndex.compacted(snapshot, await readIfPresent(fs, layout.journal));
    } catch (error) {
      return this.rebuildLocked(errorText(error));
    }
    await writeAtomically(fs, layout.index, compacted);
    await removeIfPresent(fs, layout.journal);
    this.snapshotOnDisk = true;
    this.logged.clear();
    return undefined;
  }

  /**
   * Makes the snapshot readable again: moved aside and rebuilt from the chat files (the index
   * only repeats what they hold), and the journal deleted, as the chat files were read after
   * every change it records. Call with the lock held; another window may have repaired it first.
   */
  private async rebuildLocked(reason: string): Promise<ChatIndex> {
    const { core, fs, layout, log } = this.options;
    const current = await readIfPresent(fs, layout.index);
    if (current !== undefined) {
      try {
        const repaired = core.ChatIndex.load(current, await readIfPresent(fs, layout.journal));
        this.snapshotOnDisk = true;
        return repaired;
      } catch {
        const aside = await moveAside(fs, layout.index, new Date(this.options.clock()));
        log.warn(`The chat index could not be read (${reason}); it was kept at ${aside} and rebuilt from the chats.`);
      }
    }
    const names = await this.chatFileNames();
    const files = await Promise.all(names.map((name) => fs.readFile(`${layout.chats}/${name}`)));
    const rebuilt = core.ChatIndex.rebuild(files);
    try {
      this.logWarnings(rebuilt, "Rebuilding the chat index");
      await writeAtomically(fs, layout.index, rebuilt.toBytes());
    } catch (error) {
      rebuilt.free();
      throw error;
    }
    await removeIfPresent(fs, layout.journal);
    this.snapshotOnDisk = true;
    this.logged.clear();
    return rebuilt;
  }

  private logWarnings(index: ChatIndex, doing: string): void {
    for (const warning of index.loadWarnings()) {
      if (!this.logged.has(warning)) {
        this.logged.add(warning);
        this.options.log.warn(`${doing}: ${warning}`);
      }
    }
  }

  private async chatFileNames(): Promise<string[]> {
    try {
      return (await this.options.fs.readdir(this.options.layout.chats)).filter((name) => StorageLayout.isChatFile(name));
    } catch {
      return [];
    }
  }
}
