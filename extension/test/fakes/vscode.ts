/**
 * A small stand-in for the parts of the `vscode` module the shell touches, so its rules run under
 * Vitest with the real wasm backend: the configuration (in memory), the workspace's folders, and
 * `workspace.fs` backed by the real file system with VS Code's error codes. File watchers fire
 * only when a test says a file changed. The real VS Code is exercised by the end-to-end tests in
 * code-server.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

const values = new Map<string, unknown>();

export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}

export enum FileType {
  Unknown = 0,
  File = 1,
  Directory = 2,
  SymbolicLink = 64,
}

/** A file URI; only the `file` scheme exists here. */
export class Uri {
  readonly scheme = "file";
  private constructor(readonly fsPath: string) {}
  static file(path: string): Uri {
    return new Uri(path);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(join(base.fsPath, ...segments));
  }
  get path(): string {
    return this.fsPath;
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

export class RelativePattern {
  constructor(
    readonly base: Uri,
    readonly pattern: string,
  ) {}
}

export class Disposable {
  constructor(private readonly callOnDispose: () => void) {}
  static from(...disposables: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const disposable of disposables) {
        disposable.dispose();
      }
    });
  }
  dispose(): void {
    this.callOnDispose();
  }
}

/** VS Code's file errors, named by `code` as the extension host names them. */
export class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Node's error codes as VS Code's file service reports them. */
const FILE_ERROR_CODES: Record<string, string> = {
  ENOENT: "FileNotFound",
  ENOTDIR: "FileNotADirectory",
  EISDIR: "FileIsADirectory",
  EACCES: "NoPermissions",
  EPERM: "NoPermissions",
};

async function asFileSystemError<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new FileSystemError(String(error), typeof code === "string" ? (FILE_ERROR_CODES[code] ?? "Unknown") : "Unknown");
  }
}

type Listener<T> = (value: T) => void;

/** An event as VS Code exposes one: subscribe with a listener, get back a disposable. */
class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(value: T): void {
    for (const listener of this.listeners) {
      listener(value);
    }
  }
}

interface FakeWatcher {
  pattern: RelativePattern;
  changed: Emitter<Uri>;
  disposed: boolean;
}

let folders: { uri: Uri; name: string; index: number }[] | undefined;
const watchers: FakeWatcher[] = [];
const foldersChanged = new Emitter<undefined>();

export const workspace = {
  get workspaceFolders() {
    return folders;
  },
  onDidChangeWorkspaceFolders: foldersChanged.event,
  getConfiguration(section: string) {
    return {
      get(key: string): unknown {
        return values.get(`${section}.${key}`);
      },
      update(key: string, value: unknown): Promise<void> {
        if (value === undefined) {
          values.delete(`${section}.${key}`);
        } else {
          values.set(`${section}.${key}`, value);
        }
        return Promise.resolve();
      },
    };
  },
  fs: {
    async readFile(uri: Uri): Promise<Uint8Array> {
      return new Uint8Array(await asFileSystemError(readFile(uri.fsPath)));
    },
    async readDirectory(uri: Uri): Promise<[string, FileType][]> {
      const entries = await asFileSystemError(readdir(uri.fsPath, { withFileTypes: true }));
      // VS Code promises no order, and Node lists by name; reversed, code that leans on the
      // listing's order fails here instead of in a workspace on another file system.
      return entries.reverse().map((entry) => [entry.name, entry.isFile() ? FileType.File : entry.isDirectory() ? FileType.Directory : FileType.Unknown]);
    },
  },
  createFileSystemWatcher(pattern: RelativePattern) {
    const watcher: FakeWatcher = { pattern, changed: new Emitter<Uri>(), disposed: false };
    watchers.push(watcher);
    // Creation, change and deletion all mean "read it again" to the shell, so one emitter serves.
    return {
      onDidCreate: watcher.changed.event,
      onDidChange: watcher.changed.event,
      onDidDelete: watcher.changed.event,
      dispose: () => {
        watcher.disposed = true;
      },
    };
  },
};

/** Test helpers: the settings a user edits in settings.json, and the workspace a window has open. */
export const testing = {
  set(key: string, value: unknown): void {
    values.set(key, value);
  },
  reset(): void {
    values.clear();
    folders = undefined;
    watchers.length = 0;
  },
  /** Every stored setting, for tests that scan what was written (e.g. for a leaked key). */
  all(): Record<string, unknown> {
    return Object.fromEntries(values);
  },
  /** Opens these folders as the window's workspace (none: no folder open). */
  setWorkspaceFolders(paths: string[]): void {
    folders = paths.length === 0 ? undefined : paths.map((path, index) => ({ uri: Uri.file(path), name: path, index }));
    foldersChanged.fire(undefined);
  },
  /** The patterns of the file watchers still open, as `base: pattern`. */
  watchedPatterns(): string[] {
    return watchers.filter((watcher) => !watcher.disposed).map((watcher) => `${watcher.pattern.base.fsPath}: ${watcher.pattern.pattern}`);
  },
  /** Tells every open watcher under `folder` that `path` (relative to it) was created, changed or deleted. */
  fileChanged(folder: string, path: string): void {
    for (const watcher of watchers.filter((candidate) => !candidate.disposed && candidate.pattern.base.fsPath === folder)) {
      watcher.changed.fire(Uri.file(join(folder, path)));
    }
  },
};
