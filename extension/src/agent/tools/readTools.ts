/**
 * The tools that only look: `read_file`, `list_files` and `search_files`. Each follows the path's
 * links first (refused when they lead out of the workspace), gathers what is on disk with the
 * workspace's ignore files, and lets the core shape the outcome.
 */
import { stat } from "node:fs/promises";
import type { ToolOutcome, ToolPath } from "../../shared/generated/types";
import { readAncestorIgnoreFiles, walk } from "../../context/walk";
import { WorkspaceIgnore } from "../../context/workspaceIgnore";
import { readFileText } from "./fileText";
import { checkRealPath } from "./realPaths";
import { findRipgrep, searchWithJavaScript, searchWithRipgrep } from "./ripgrep";
import type { ToolCore } from "./toolCore";

/** The most entries a listing walks (the core shows fewer and says how many there were). */
const MAX_WALKED_ENTRIES = 20_000;
/** The most files the JavaScript search walks. */
const MAX_SEARCHED_FILES = 200_000;

export interface ReadToolContext {
  core: ToolCore;
  /** The workspace folder on disk. */
  root: string;
  /** VS Code's install folder, where its ripgrep is. */
  appRoot: string;
  maxFileBytes: number;
}

export function failure(text: string): ToolOutcome {
  return { kind: "failure", text };
}

export async function readFileTool(context: ReadToolContext, path: ToolPath, startLine: number | null, endLine: number | null): Promise<ToolOutcome> {
  const checked = await checkRealPath(context.core, context.root, path.absolute, "file");
  if (!checked.ok) {
    return failure(checked.text);
  }
  const file = await readFileText(checked.real, path.relative, context.maxFileBytes);
  if (file.kind === "missing") {
    return failure(`${path.relative} does not exist. Use list_files or search_files to find the file you mean.`);
  }
  return file.kind === "refused" ? failure(file.text) : context.core.readFileOutcome(file.text, startLine, endLine);
}

export async function listFilesTool(context: ReadToolContext, path: ToolPath, recursive: boolean): Promise<ToolOutcome> {
  const checked = await checkRealPath(context.core, context.root, path.absolute, "folder");
  if (!checked.ok) {
    return failure(checked.text);
  }
  const kind = await kindOnDisk(checked.real);
  if (kind !== "folder") {
    return failure(kind === "missing" ? `${label(path)} does not exist. List its parent folder to see what is there.` : `${label(path)} is a file, not a folder. Use read_file to read it.`);
  }
  const ignore = new WorkspaceIgnore(context.core);
  try {
    const entries = await walk({ root: context.root, start: path.relative, ignore, maxDepth: recursive ? Number.POSITIVE_INFINITY : 1, maxEntries: MAX_WALKED_ENTRIES });
    return context.core.listFilesOutcome(entries, ignoreFilesOf(ignore));
  } finally {
    ignore.dispose();
  }
}

export async function searchFilesTool(context: ReadToolContext, path: ToolPath, regex: string, filePattern: string | null, signal: AbortSignal): Promise<ToolOutcome> {
  const checked = await checkRealPath(context.core, context.root, path.absolute, "fileOrFolder");
  if (!checked.ok) {
    return failure(checked.text);
  }
  const kind = await kindOnDisk(checked.real);
  if (kind === "missing") {
    return failure(`${label(path)} does not exist. Search the workspace folder (\`.\`) or a folder list_files shows.`);
  }
  const ignore = new WorkspaceIgnore(context.core);
  try {
    let files: string[];
    if (kind === "file") {
      await readAncestorIgnoreFiles(context.root, path.relative, ignore);
      files = [path.relative];
    } else {
      const walked = await walk({ root: context.root, start: path.relative, ignore, maxEntries: MAX_SEARCHED_FILES });
      files = walked.filter((entry) => !entry.isDir).map((entry) => entry.path);
    }
    const request = { root: context.root, target: path.relative, regex, filePattern: kind === "file" ? null : filePattern, signal };
    const rg = await findRipgrep(context.appRoot);
    const found = rg === undefined ? await searchWithJavaScript(request, files) : await searchWithRipgrep(rg, request);
    return found.ok ? context.core.searchFilesOutcome(found.matches, ignoreFilesOf(ignore)) : failure(found.text);
  } finally {
    ignore.dispose();
  }
}

function ignoreFilesOf(ignore: WorkspaceIgnore): { folder: string; text: string }[] {
  return ignore.ignoreFiles.map(({ folder, text }) => ({ folder, text }));
}

async function kindOnDisk(real: string): Promise<"file" | "folder" | "missing"> {
  try {
    return (await stat(real)).isDirectory() ? "folder" : "file";
  } catch {
    return "missing";
  }
}

function label(path: ToolPath): string {
  return path.relative === "" ? "The workspace folder" : path.relative;
}
