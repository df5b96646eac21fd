/**
 * The workspace's ignore rules as the shell asks them: the `.gitignore` files and our own
 * `.rooignore` files (same syntax), compiled by the core's `IgnoreRules`, plus `.git/`, which is
 * never listed. The picker hides what either kind of file excludes; an @-mention of a file is
 * refused only for a `.rooignore` rule (the user's explicit "keep this from the assistant"), and
 * the refusal names that `.rooignore` file, so the user knows which line to change.
 */
import type { IgnoreRules } from "../../wasm/roo_api_wasm";
import type { Backend } from "../api/backend";
import type { IgnoreFile } from "../shared/generated/types";

export const GITIGNORE = ".gitignore";
export const ROOIGNORE = ".rooignore";

/** The names of the files whose change means the rules changed. */
export const IGNORE_FILE_NAMES: readonly string[] = [GITIGNORE, ROOIGNORE];

/** One ignore file as read: its folder (relative to the workspace, "" for the root) and kind. */
export interface ReadIgnoreFile extends IgnoreFile {
  name: string;
}

/** Whether a workspace-relative path is `.git` or inside it: never listed nor attached. */
export function isInsideGitFolder(path: string): boolean {
  return path === ".git" || path.startsWith(".git/") || path.includes("/.git/") || path.endsWith("/.git");
}

/**
 * The compiled rules of a set of ignore files. Each call to `add` recompiles, which the walk does
 * once per folder that holds an ignore file (a few in a normal workspace).
 */
export class WorkspaceIgnore {
  private readonly files: ReadIgnoreFile[] = [];
  private rules: IgnoreRules;
  /** Each `.rooignore` alone, deepest first, to name the file behind a refusal. */
  private rooRules: { file: string; rules: IgnoreRules }[] = [];

  constructor(private readonly core: Pick<Backend, "IgnoreRules">) {
    this.rules = new core.IgnoreRules([]);
  }

  /** The ignore files read so far, in the order they were added. */
  get ignoreFiles(): readonly ReadIgnoreFile[] {
    return this.files;
  }

  /** Adds the ignore files of one folder (pass `.gitignore` before `.rooignore`). */
  add(files: ReadIgnoreFile[]): void {
    if (files.length === 0) {
      return;
    }
    this.files.push(...files);
    // Of one folder's files the later wins, so `.rooignore` can re-include what git ignores.
    const ordered = [...this.files].sort((a, b) => depth(a.folder) - depth(b.folder) || order(a.name) - order(b.name));
    this.rules.free();
    this.rules = new this.core.IgnoreRules(ordered.map(({ folder, text }) => ({ folder, text })));
    for (const file of files.filter((candidate) => candidate.name === ROOIGNORE)) {
      this.rooRules.push({ file: joinPath(file.folder, ROOIGNORE), rules: new this.core.IgnoreRules([{ folder: file.folder, text: file.text }]) });
    }
    this.rooRules.sort((a, b) => depth(b.file) - depth(a.file));
  }

  /** Whether the picker leaves this workspace-relative path out. */
  isIgnored(path: string, isDir: boolean): boolean {
    return isInsideGitFolder(path) || this.rules.isIgnored(path, isDir);
  }

  /** The `.rooignore` file (workspace-relative) that excludes `path`, or `undefined`. */
  rooIgnoreFileFor(path: string, isDir: boolean): string | undefined {
    return this.rooRules.find((candidate) => candidate.rules.isIgnored(path, isDir))?.file;
  }

  dispose(): void {
    this.rules.free();
    for (const { rules } of this.rooRules) {
      rules.free();
    }
    this.rooRules = [];
  }
}

/** `folder/name`, or `name` at the workspace's root. */
export function joinPath(folder: string, name: string): string {
  return folder === "" ? name : `${folder}/${name}`;
}

function depth(path: string): number {
  return path === "" ? 0 : path.split("/").length;
}

function order(name: string): number {
  return name === ROOIGNORE ? 1 : 0;
}
