/**
 * The @-picker's list of the workspace's files and folders: walked once (lazily, on the first
 * search or when the shell asks for it in the background), held in the core's `PathIndex` so a
 * keystroke's search crosses into wasm with the query alone, and kept current by a file watcher:
 * a created path is added unless ignored (a created folder is walked), a deleted one removed with
 * everything below it, and a changed `.gitignore` or `.rooignore` rebuilds the whole list.
 *
 * Only the first workspace folder is indexed (as for the rules files); with several folders,
 * the files of the others can still be dropped on the composer, and are then attached by their
 * absolute path and marked as outside the workspace.
 */
import { stat } from "node:fs/promises";
import { relative, sep } from "node:path";
import * as vscode from "vscode";
import type { PathIndex } from "../../wasm/roo_api_wasm";
import type { Backend } from "../api/backend";
import { errorText } from "../apiErrors";
import type { Log } from "../log";
import type { IgnoreFile, PathMatch } from "../shared/generated/types";
import { walk } from "./walk";
import { IGNORE_FILE_NAMES, isInsideGitFolder, ROOIGNORE, WorkspaceIgnore } from "./workspaceIgnore";

/** How long a search waits for the first index before answering with what it has. */
const FIRST_BUILD_WAIT_MS = 300;

/** What a search of the index found, and whether the first listing is still running. */
export interface IndexSearch {
  matches: PathMatch[];
  indexing: boolean;
  /** False when no folder is open (nothing to list). */
  hasFolder: boolean;
}

export interface WorkspaceIndexOptions {
  core: Pick<Backend, "IgnoreRules" | "PathIndex">;
  log: Log;
  /** The workspace folder on disk; by default the first of VS Code's workspace folders. */
  root?: () => string | undefined;
  clock?: () => number;
}

/** The first workspace folder's path on disk, when it is a local folder. */
export function firstWorkspaceFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === "file" ? folder.uri.fsPath : undefined;
}

/** A built index of one folder: the core's index, the paths (for removing a folder's contents), the rules. */
interface Built {
  root: string;
  index: PathIndex;
  paths: Set<string>;
  ignore: WorkspaceIgnore;
}

export class WorkspaceIndex {
  private built: Built | undefined;
  private building: Promise<Built | undefined> | undefined;
  /** Bumped by every reset, so a build that finishes after one is thrown away. */
  private generation = 0;
  private rebuilding = false;
  private rebuildAgain = false;
  private watcher: vscode.FileSystemWatcher | undefined;
  /** Watcher events in order, so a deletion never overtakes the creation before it. */
  private changes: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly root: () => string | undefined;
  private readonly clock: () => number;

  constructor(private readonly options: WorkspaceIndexOptions) {
    this.root = options.root ?? firstWorkspaceFolder;
    this.clock = options.clock ?? Date.now;
    this.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.reset();
      }),
    );
  }

  /** Starts listing the workspace, when it is not listed or being listed already. */
  warmUp(): void {
    void this.ready();
  }

  /** The best `limit` paths for `query`, waiting briefly for the first listing. */
  async search(query: string, limit: number, recent: string[]): Promise<IndexSearch> {
    if (this.root() === undefined) {
      return { matches: [], indexing: false, hasFolder: false };
    }
    const ready = this.ready();
    const built = this.built ?? (await Promise.race([ready, delay(FIRST_BUILD_WAIT_MS)]));
    if (built === undefined) {
      return { matches: [], indexing: true, hasFolder: true };
    }
    built.index.setRecent(recent);
    return { matches: built.index.search(query, limit), indexing: false, hasFolder: true };
  }

  /**
   * The workspace folder and its `.rooignore` files as the listing found them (waiting for the
   * first listing), for the agent's path rules; `undefined` when no folder is open.
   */
  async rooIgnoreFiles(): Promise<{ root: string; files: IgnoreFile[] } | undefined> {
    const built = await this.ready();
    if (built === undefined) {
      return undefined;
    }
    const files = built.ignore.ignoreFiles.filter((file) => file.name === ROOIGNORE).map(({ folder, text }) => ({ folder, text }));
    return { root: built.root, files };
  }

  /** How many paths the index holds (0 before it is built). */
  get size(): number {
    return this.built?.index.size ?? 0;
  }

  /** Settles when the first listing and the watcher's changes so far are applied (for tests). */
  async settled(): Promise<void> {
    await this.ready();
    await this.changes;
  }

  /** The index, built now if it was not. */
  private ready(): Promise<Built | undefined> {
    if (this.built !== undefined) {
      return Promise.resolve(this.built);
    }
    this.building ??= this.build();
    return this.building;
  }

  private async build(): Promise<Built | undefined> {
    const root = this.root();
    if (root === undefined) {
      return undefined;
    }
    const generation = this.generation;
    this.watch(root);
    const started = this.clock();
    const ignore = new WorkspaceIgnore(this.options.core);
    try {
      const entries = await walk({ root, ignore });
      const paths = new Set(entries.map((entry) => (entry.isDir ? `${entry.path}/` : entry.path)));
      const index = new this.options.core.PathIndex([...paths]);
      if (generation !== this.generation) {
        index.free();
        ignore.dispose();
        return undefined;
      }
      this.built = { root, index, paths, ignore };
      this.options.log.info(`Listed ${String(paths.size)} files and folders of the workspace for @-mentions in ${String(this.clock() - started)} ms.`);
      return this.built;
    } catch (error) {
      ignore.dispose();
      this.options.log.error(`Listing the workspace's files for @-mentions failed: ${errorText(error)}`);
      return undefined;
    } finally {
      if (generation === this.generation) {
        this.building = undefined;
      }
    }
  }

  private watch(root: string): void {
    this.watcher?.dispose();
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), "**/*"));
    const changed = (uri: vscode.Uri) => {
      this.changes = this.changes.then(() => this.apply(root, uri.fsPath)).catch((error: unknown) => {
        this.options.log.warn(`Updating the @-mention list after a file change failed: ${errorText(error)}`);
      });
    };
    watcher.onDidCreate(changed);
    watcher.onDidChange(changed);
    watcher.onDidDelete(changed);
    this.watcher = watcher;
  }

  /** Brings the index in line with what is at `absolute` now (the event's kind matters not). */
  private async apply(root: string, absolute: string): Promise<void> {
    const path = relative(root, absolute).split(sep).join("/");
    // Git rewrites its own folder all the time; none of it is ever listed.
    if (path === "" || path.startsWith("../") || isInsideGitFolder(path)) {
      return;
    }
    const slash = path.lastIndexOf("/");
    if (IGNORE_FILE_NAMES.includes(path.slice(slash + 1))) {
      // The rules changed: what is listed may change anywhere below, so list it all again
      // (unless the file is in an ignored folder, whose rules never count).
      if (slash < 0 || this.built?.ignore.isIgnored(path.slice(0, slash), true) !== true) {
        this.rebuild();
      }
      return;
    }
    const built = await this.ready();
    if (built?.root !== root) {
      return;
    }
    const onDisk = await stat(absolute).catch(() => undefined);
    // A rebuild may have replaced (and freed) the list while the disk was read.
    if (this.built !== built) {
      return;
    }
    if (onDisk === undefined) {
      if (built.paths.has(`${path}/`)) {
        removeBelow(built, path);
      } else if (built.paths.delete(path)) {
        built.index.remove([path]);
      }
    } else if (onDisk.isDirectory()) {
      if (!built.ignore.isIgnored(path, true) && !built.paths.has(`${path}/`)) {
        const below = new WorkspaceIgnore(this.options.core);
        try {
          const entries = await walk({ root, start: path, ignore: below });
          if (this.built === built) {
            add(built, [`${path}/`, ...entries.map((entry) => (entry.isDir ? `${entry.path}/` : entry.path))]);
          }
        } finally {
          below.dispose();
        }
      }
    } else if (!built.ignore.isIgnored(path, false)) {
      add(built, [path]);
    }
  }

  /** Lists the workspace again (an ignore file changed); searches use the old list meanwhile. */
  private rebuild(): void {
    const previous = this.built;
    if (previous === undefined) {
      return;
    }
    if (this.rebuilding) {
      // A burst of changes (a branch switch) lists once more after the running rebuild, not once each.
      this.rebuildAgain = true;
      return;
    }
    this.rebuilding = true;
    void this.build().then((fresh) => {
      // `build` put the fresh list in place (unless the folders changed meanwhile).
      if (fresh !== undefined) {
        free(previous);
      }
      this.rebuilding = false;
      if (this.rebuildAgain) {
        this.rebuildAgain = false;
        this.rebuild();
      }
    });
  }

  /** Forgets the index (the workspace's folders changed); the next search lists again. */
  private reset(): void {
    this.generation += 1;
    this.building = undefined;
    this.watcher?.dispose();
    this.watcher = undefined;
    if (this.built !== undefined) {
      free(this.built);
      this.built = undefined;
    }
  }

  dispose(): void {
    this.reset();
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }
}

function add(built: Built, paths: string[]): void {
  const fresh = paths.filter((path) => !built.paths.has(path));
  for (const path of fresh) {
    built.paths.add(path);
  }
  built.index.add(fresh);
}

/** Removes the folder `path` with everything below it (a scan of every path, so only for folders). */
function removeBelow(built: Built, path: string): void {
  const folder = `${path}/`;
  const gone = [...built.paths].filter((candidate) => candidate === path || candidate.startsWith(folder));
  for (const candidate of gone) {
    built.paths.delete(candidate);
  }
  built.index.remove(gone);
}

function free(built: Built): void {
  built.index.free();
  built.ignore.dispose();
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
