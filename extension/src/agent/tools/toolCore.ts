/**
 * The core's decisions the tools need, as an interface the tool runner is given rather than an
 * import of the wasm package: the runner performs I/O, the core turns what it found into the
 * tool's outcome (numbered lines, a capped listing, a command's end) and judges the paths.
 * The wasm package (`loadBackend()`) satisfies it.
 */
import type { Backend } from "../../api/backend";
import type { CommandEnd, EditPreview, IgnoreFile, ListedEntry, ToolOutcome } from "../../shared/generated/types";

/** One line `search_files` found: the file relative to the workspace, the 1-based line, its text. */
export interface SearchMatch {
  path: string;
  line: number;
  text: string;
}

/** What applying a search/replace diff to a file's text gave. */
export type AppliedDiff = { kind: "applied"; text: string } | { kind: "failed"; reason: string };

/** What a tool expects at a path, which decides how folder-only ignore patterns apply. */
export type ResolvedPathTarget = "file" | "folder" | "fileOrFolder";

export interface ToolCore extends Pick<Backend, "IgnoreRules"> {
  readFileOutcome(text: string, startLine: number | null, endLine: number | null): ToolOutcome;
  listFilesOutcome(entries: ListedEntry[], ignoreFiles: IgnoreFile[]): ToolOutcome;
  searchFilesOutcome(matches: SearchMatch[], ignoreFiles: IgnoreFile[]): ToolOutcome;
  commandOutcome(output: string, end: CommandEnd): ToolOutcome;
  applyDiff(text: string, diff: string): AppliedDiff;
  editPreview(path: string, before: string | null, after: string): EditPreview;
  /**
   * Where a tool's path really leads (links followed) judged against the workspace folder's own
   * real path and the `.rooignore` files: `null` when allowed, else the refusal for the model.
   */
  checkResolvedPath(realPath: string, workspaceRealRoot: string, rooignore: IgnoreFile[], target: ResolvedPathTarget): string | null;
}
