/**
 * Where the chat history's bytes live: one file in the extension's global storage. The Rust core
 * owns the format (and its migrations); this module only reads and writes bytes, atomically, so
 * a crash mid-write leaves either the old file or the new one, never half of each.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

const FILE_NAME = "chat-history.json";

export class HistoryStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly folder: string) {}

  get path(): string {
    return join(this.folder, FILE_NAME);
  }

  /** The saved bytes, or `undefined` when nothing was saved yet. */
  async load(): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Saves the bytes: written to a temporary file, flushed, then renamed over the old file
   * (rename is atomic on one file system). Saves are queued so two never interleave.
   */
  save(bytes: Uint8Array): Promise<void> {
    const next = this.writing.then(async () => {
      await mkdir(this.folder, { recursive: true });
      const temporary = `${this.path}.${String(process.pid)}.tmp`;
      await writeFile(temporary, bytes, { flush: true });
      await rename(temporary, this.path);
    });
    // A failed save must not block the ones after it; the caller still sees this one's error.
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** Keeps unreadable bytes beside the history instead of overwriting them, and says where. */
  async backUp(bytes: Uint8Array, now: Date): Promise<string> {
    await mkdir(this.folder, { recursive: true });
    const backup = join(this.folder, `${FILE_NAME}.unreadable-${now.toISOString().replace(/[:.]/g, "-")}`);
    await writeFile(backup, bytes);
    return backup;
  }
}
