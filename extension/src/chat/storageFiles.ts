/**
 * The file operations the chat store needs, behind a small interface so tests can count or fail
 * writes, and the few patterns built on them: read-if-present, an atomic replace (temporary file,
 * flushed, then renamed over the old one, which is atomic on one file system, so a crash leaves
 * the old file or the new one, never half of each), a flushed append, and moving an unreadable
 * file aside.
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** The subset of `node:fs/promises` the store uses. */
export interface StorageFileSystem {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, bytes: Uint8Array, options: { flush: boolean }): Promise<void>;
  /**
   * Appends the bytes at the end of the file (`O_APPEND`, creating it when needed), flushed to
   * disk before it resolves, and returns the file's length after the append.
   */
  append(path: string, bytes: Uint8Array): Promise<number>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /** Creates the file only when it does not exist yet (`wx`); `EEXIST` otherwise. */
  createExclusive(path: string, bytes: Uint8Array): Promise<void>;
  modifiedAtMs(path: string): Promise<number>;
}

export const nodeFileSystem: StorageFileSystem = {
  readFile: (path) => readFile(path),
  writeFile: (path, bytes, options) => writeFile(path, bytes, options),
  append: async (path, bytes) => {
    const handle = await open(path, "a");
    try {
      await handle.appendFile(bytes);
      // As `writeAtomically` flushes before its rename: a save that returned is on the disk.
      await handle.datasync();
      return (await handle.stat()).size;
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
  mkdir: async (path) => {
    await mkdir(path, { recursive: true });
  },
  readdir: (path) => readdir(path),
  createExclusive: async (path, bytes) => {
    const handle = await open(path, "wx");
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
  },
  modifiedAtMs: async (path) => (await stat(path)).mtimeMs,
};

/** Whether a thrown file-system error says the file (or its folder) does not exist. */
export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

/** Whether a thrown file-system error says the file exists already. */
export function isPresent(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "EEXIST";
}

/** The file's bytes, or `undefined` when it does not exist. */
export async function readIfPresent(fs: StorageFileSystem, path: string): Promise<Uint8Array | undefined> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if (isMissing(error)) {
      return undefined;
    }
    throw error;
  }
}

/** Whether the file exists (one `stat`, without reading it). */
export async function exists(fs: StorageFileSystem, path: string): Promise<boolean> {
  try {
    await fs.modifiedAtMs(path);
    return true;
  } catch (error) {
    if (isMissing(error)) {
      return false;
    }
    throw error;
  }
}

/** Replaces the file's contents atomically, creating its folder when needed. */
export async function writeAtomically(fs: StorageFileSystem, path: string, bytes: Uint8Array): Promise<void> {
  // Unique per write: two windows (or two stores in one test process) never share a temporary.
  const temporary = `${path}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    await fs.writeFile(temporary, bytes, { flush: true });
  } catch (error) {
    if (!isMissing(error)) {
      throw error;
    }
    await fs.mkdir(dirname(path));
    await fs.writeFile(temporary, bytes, { flush: true });
  }
  await fs.rename(temporary, path);
}

/** Deletes the file; one that is already gone is fine. */
export async function removeIfPresent(fs: StorageFileSystem, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch (error) {
    if (!isMissing(error)) {
      throw error;
    }
  }
}

/** A name part for a moment, safe in file names on every system (no colons). */
export function timeStamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, "-");
}

/**
 * Moves an unreadable file out of the way, beside where it was, and returns the new path: it is
 * kept for the user (or a later version) to recover, never overwritten or deleted.
 */
export async function moveAside(fs: StorageFileSystem, path: string, now: Date): Promise<string> {
  const aside = `${path}.unreadable-${timeStamp(now)}`;
  await fs.rename(path, aside);
  return aside;
}
