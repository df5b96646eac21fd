/**
 * Lists a folder of the workspace, level by level, with `fs.promises.readdir`: each folder's
 * ignore files are read before its entries are judged, so an ignored folder (`node_modules/`,
 * `target/`) is never entered. The folders of one level are read a few at a time, which keeps a
 * 100,000-file workspace to a fraction of a second without opening thousands of handles at once.
 * Symbolic links are listed (a link to a folder as a folder) but never followed, so a link loop
 * cannot make the walk endless.
 */
import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { GITIGNORE, joinPath, ROOIGNORE, type ReadIgnoreFile, type WorkspaceIgnore } from "./workspaceIgnore";

/** How many folders are read at once. */
const CONCURRENT_READS = 16;

/** One listed path, relative to the workspace with `/`. */
export interface WalkedEntry {
  path: string;
  isDir: boolean;
}

export interface WalkOptions {
  /** The workspace folder's path on disk. */
  root: string;
  /** The folder to list, relative to `root` ("" for all of it). */
  start?: string;
  /** The rules: ignore files found on the way are added to them. */
  ignore: WorkspaceIgnore;
  /** How many levels below `start` to list (unlimited by default). */
  maxDepth?: number;
  /** Stop once this many entries were listed. */
  maxEntries?: number;
}

/** The entries below `start` that the ignore rules keep, shallowest first. */
export async function walk(options: WalkOptions): Promise<WalkedEntry[]> {
  const { root, ignore } = options;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  const found: WalkedEntry[] = [];
  const start = options.start ?? "";
  await readAncestorIgnoreFiles(root, start, ignore);
  let level = [start];
  for (let depth = 1; level.length > 0 && depth <= maxDepth && found.length < maxEntries; depth += 1) {
    const next: string[] = [];
    for (let first = 0; first < level.length; first += CONCURRENT_READS) {
      const listings = await Promise.all(level.slice(first, first + CONCURRENT_READS).map((folder) => listFolder(root, folder, ignore)));
      for (const entries of listings) {
        for (const entry of entries) {
          if (found.length >= maxEntries) {
            return found;
          }
          found.push(entry);
          if (entry.isDir && !entry.isLink) {
            next.push(entry.path);
          }
        }
      }
    }
    level = next;
  }
  return found;
}

/** The kept entries of one folder, after its ignore files joined the rules. */
async function listFolder(root: string, folder: string, ignore: WorkspaceIgnore): Promise<(WalkedEntry & { isLink: boolean })[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, folder), { withFileTypes: true });
  } catch {
    // A folder removed or unreadable while listing is left out; the watcher catches up later.
    return [];
  }
  ignore.add(await readIgnoreFiles(root, folder, entries));
  const kept: (WalkedEntry & { isLink: boolean })[] = [];
  for (const entry of entries) {
    const path = joinPath(folder, entry.name);
    const isLink = entry.isSymbolicLink();
    const isDir = isLink ? await isFolderOnDisk(join(root, path)) : entry.isDirectory();
    if (!ignore.isIgnored(path, isDir)) {
      kept.push({ path, isDir, isLink });
    }
  }
  return kept;
}

/** The `.gitignore` and `.rooignore` of a folder, when it has them. */
async function readIgnoreFiles(root: string, folder: string, entries: Dirent[]): Promise<ReadIgnoreFile[]> {
  const files: ReadIgnoreFile[] = [];
  for (const name of [GITIGNORE, ROOIGNORE]) {
    if (entries.some((entry) => entry.name === name && !entry.isDirectory())) {
      const text = await readFile(join(root, folder, name), "utf8").catch(() => "");
      files.push({ folder, name, text });
    }
  }
  return files;
}

/** The ignore files of the folders above `start` (its own are read when it is listed). */
export async function readAncestorIgnoreFiles(root: string, start: string, ignore: WorkspaceIgnore): Promise<void> {
  const parts = start === "" ? [] : start.split("/");
  for (let count = 0; count < parts.length; count += 1) {
    const folder = parts.slice(0, count).join("/");
    const files: ReadIgnoreFile[] = [];
    for (const name of [GITIGNORE, ROOIGNORE]) {
      const text = await readFile(join(root, folder, name), "utf8").catch(() => undefined);
      if (text !== undefined) {
        files.push({ folder, name, text });
      }
    }
    ignore.add(files);
  }
}

/** Whether a path (following a link) is a folder; a broken link is not. */
export async function isFolderOnDisk(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
