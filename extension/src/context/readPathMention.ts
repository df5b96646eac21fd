/**
 * Reads a mentioned file or folder into what the core's `resolveAttachment` takes. The shell
 * only reads: the core decides what is too large, binary or how a folder is shown. What the
 * shell must decide before reading is here: a path that is missing, unreadable, not a regular
 * file, excluded by `.rooignore`, a link leading out of the workspace, or one that looks like it
 * holds secrets (the user is asked first). A file over the size limit is not read at all: its
 * size alone lets the core refuse it.
 */
import type { Stats } from "node:fs";
import { lstat, readFile, stat } from "node:fs/promises";
import type { Backend } from "../api/backend";
import { errorText } from "../apiErrors";
import type { ContextLimits, FolderEntry, MentionContent } from "../shared/generated/types";
import { labelOf, MentionRefusal, placePath, refuseLinkOutOfWorkspace, type PlacedPath } from "./mentionPaths";
import { readAncestorIgnoreFiles, walk } from "./walk";
import { WorkspaceIgnore } from "./workspaceIgnore";

/** The most entries a folder mention lists before the core picks what to show. */
const MAX_FOLDER_WALK_ENTRIES = 5_000;

export interface PathReadOptions {
  core: Pick<Backend, "IgnoreRules" | "isSecretLooking">;
  /** The workspace folder on disk, when one is open. */
  root: string | undefined;
  limits: ContextLimits;
  /** Asks the user whether to attach a file that looks like it holds secrets. */
  confirmSecret: (label: string) => Promise<boolean>;
}

/** Reads the file or folder a mention names (a folder named as a file is read as a folder). */
export async function readPathMention(options: PathReadOptions, path: string): Promise<MentionContent> {
  const placed = placePath(options.root, path);
  const given = placed.outsideWorkspace ? placed.path : path.replace(/\/+$/, "") || ".";
  const linkStats = await lstat(placed.absolute).catch((error: unknown) => {
    throw new MentionRefusal(missingOrUnreadable(given, error));
  });
  const stats = linkStats.isSymbolicLink() ? await followLink(placed.absolute, given) : linkStats;
  const isDir = stats.isDirectory();
  const label = labelOf(placed, isDir) + (placed.outsideWorkspace ? " (outside the workspace)" : "");
  if (options.root !== undefined) {
    await refuseLinkOutOfWorkspace(options.root, placed, label);
    await refuseRooIgnored(options, placed, isDir, label);
  }
  if (isDir) {
    return readFolder(options, placed);
  }
  if (!stats.isFile()) {
    throw new MentionRefusal(`${label} is not a regular file (a device, socket or pipe), so it cannot be attached.`);
  }
  if (options.core.isSecretLooking(placed.path) && !(await options.confirmSecret(label))) {
    throw new MentionRefusal(`${label} looks like it holds secrets, and you chose not to attach it. Remove it from the message, or attach it anyway when asked.`);
  }
  const base = { kind: "file" as const, path: placed.path, sizeOnDisk: stats.size, ...(placed.outsideWorkspace ? { outsideWorkspace: true } : {}) };
  if (stats.size > options.limits.maxFileBytes) {
    // The core refuses it by its size; reading a huge file only to refuse it would stall.
    return { ...base, bytes: new Uint8Array() };
  }
  const bytes = await readFile(placed.absolute).catch((error: unknown) => {
    throw new MentionRefusal(missingOrUnreadable(label, error));
  });
  return { ...base, bytes: new Uint8Array(bytes), sizeOnDisk: Math.max(stats.size, bytes.length) };
}

/** The target's stats of a link; a broken link is refused. */
async function followLink(absolute: string, label: string): Promise<Stats> {
  try {
    return await stat(absolute);
  } catch {
    throw new MentionRefusal(`${label} is a symbolic link whose target does not exist, so there is nothing to attach.`);
  }
}

/**
 * Refuses a path that a `.rooignore` excludes, naming that file. The selection's mention asks it
 * too, so lines of an excluded file cannot reach the model by being selected instead.
 */
export async function refuseRooIgnored(
  options: Pick<PathReadOptions, "core" | "root">,
  placed: PlacedPath,
  isDir: boolean,
  label: string,
): Promise<void> {
  if (placed.outsideWorkspace || options.root === undefined || placed.path === "") {
    return;
  }
  const ignore = new WorkspaceIgnore(options.core);
  try {
    await readAncestorIgnoreFiles(options.root, placed.path, ignore);
    const file = ignore.rooIgnoreFileFor(placed.path, isDir);
    if (file !== undefined) {
      throw new MentionRefusal(`${label} is excluded by ${file}, so it is not sent to the model. Remove the line that matches it from ${file} to attach it.`);
    }
  } finally {
    ignore.dispose();
  }
}

/**
 * A folder's entries (the ignore rules applied, as deep as the core shows) with the bytes of
 * its small files, shallowest first, until the core's total for contents is reached. Files that
 * look like secrets are listed but never read.
 */
async function readFolder(options: PathReadOptions, placed: PlacedPath): Promise<MentionContent> {
  const { limits, core } = options;
  const inWorkspace = !placed.outsideWorkspace && options.root !== undefined;
  const root = inWorkspace && options.root !== undefined ? options.root : placed.absolute;
  const start = inWorkspace ? placed.path : "";
  const ignore = new WorkspaceIgnore(core);
  let walked;
  try {
    walked = await walk({ root, start, ignore, maxDepth: limits.maxFolderDepth, maxEntries: MAX_FOLDER_WALK_ENTRIES });
  } finally {
    ignore.dispose();
  }
  const prefix = start === "" ? "" : `${start}/`;
  const entries: FolderEntry[] = [];
  let readBytes = 0;
  let filesLooked = 0;
  for (const entry of walked) {
    const path = entry.path.slice(prefix.length);
    if (entry.isDir) {
      entries.push({ path, isDir: true, size: 0, bytes: null });
      continue;
    }
    const wanted = filesLooked < limits.maxFolderEntries && readBytes < limits.maxFolderTotalBytes && !core.isSecretLooking(entry.path);
    filesLooked += 1;
    entries.push(wanted ? await readSmallFile(root, entry.path, path, limits.maxFolderFileBytes) : { path, isDir: false, size: 0, bytes: null });
    readBytes += entries.at(-1)?.bytes?.length ?? 0;
  }
  return { kind: "folder", path: placed.path, entries, ...(placed.outsideWorkspace ? { outsideWorkspace: true } : {}) };
}

/** A folder's file with its bytes when it is small enough (an unreadable one is listed bare). */
async function readSmallFile(root: string, walkedPath: string, path: string, maxBytes: number): Promise<FolderEntry> {
  const absolute = `${root}/${walkedPath}`;
  try {
    const stats = await stat(absolute);
    if (!stats.isFile() || stats.size > maxBytes) {
      return { path, isDir: false, size: stats.size, bytes: null };
    }
    return { path, isDir: false, size: stats.size, bytes: new Uint8Array(await readFile(absolute)) };
  } catch {
    return { path, isDir: false, size: 0, bytes: null };
  }
}

/** Why a path could not be read, with what to do. */
function missingOrUnreadable(label: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return `${label} does not exist (it may have been moved or deleted). Mention it again with @ to pick the file as it is now.`;
  }
  if (code === "EACCES" || code === "EPERM") {
    return `${label} could not be read: permission denied. Give yourself read access to it, then send again.`;
  }
  return `${label} could not be read (${errorText(error)}). Check the file, then send again.`;
}
