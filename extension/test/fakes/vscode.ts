/**
 * A small stand-in for the parts of the `vscode` module the shell touches, so its rules run under
 * Vitest with the real wasm backend: the configuration (in memory), the workspace's folders, and
 * `workspace.fs` backed by the real file system with VS Code's error codes. File watchers fire
 * only when a test says a file changed. The real VS Code is exercised by the end-to-end tests in
 * code-server.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
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

/** A URI: `file` URIs (whose path is the file's path) and virtual documents of other schemes. */
export class Uri {
  private constructor(
    readonly scheme: string,
    private readonly uriPath: string,
    readonly query: string,
  ) {}
  static file(path: string): Uri {
    return new Uri("file", path, "");
  }
  static from(parts: { scheme: string; path?: string; query?: string }): Uri {
    return new Uri(parts.scheme, parts.path ?? "", parts.query ?? "");
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, join(base.uriPath, ...segments), "");
  }
  get fsPath(): string {
    return this.uriPath;
  }
  get path(): string {
    return this.uriPath;
  }
  toString(): string {
    return this.scheme === "file" ? `file://${this.uriPath}` : `${this.scheme}:${this.uriPath}${this.query === "" ? "" : `?${this.query}`}`;
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
export class EventEmitter<T> {
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
  dispose(): void {
    this.listeners.clear();
  }
}
const Emitter = EventEmitter;

interface FakeWatcher {
  pattern: RelativePattern;
  changed: EventEmitter<Uri>;
  disposed: boolean;
}


/*
 * Documents, edits, commands, tabs, terminals: enough of the editor for the agent's tools. A
 * document of a `file` URI is read from disk when opened and written back by `save`; a
 * `WorkspaceEdit` changes open documents (making them dirty) and creates or deletes files on
 * disk, as VS Code does. `vscode.diff` opens a diff tab in the one tab group.
 */

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
}

class FakeTextDocument {
  isDirty = false;
  constructor(
    readonly uri: Uri,
    private text: string,
  ) {}
  getText(): string {
    return this.text;
  }
  get lineCount(): number {
    return this.text.split("\n").length;
  }
  lineAt(line: number): { text: string } {
    return { text: this.text.split("\n")[line]?.replace(/\r$/, "") ?? "" };
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split("\n");
    return new Position(before.length - 1, before.at(-1)?.length ?? 0);
  }
  offsetAt(position: Position): number {
    const lines = this.text.split("\n");
    return lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  }
  validateRange(range: Range): Range {
    const end = this.positionAt(Math.min(this.offsetAt(range.end), this.text.length));
    return new Range(range.start.line, range.start.character, end.line, end.character);
  }
  replace(range: Range, text: string): void {
    this.text = this.text.slice(0, this.offsetAt(range.start)) + text + this.text.slice(this.offsetAt(range.end));
    this.isDirty = true;
  }
  /** A dirty document as the user leaves it: typed in, not saved. */
  setUnsavedText(text: string): void {
    this.text = text;
    this.isDirty = true;
  }
  async save(): Promise<boolean> {
    await writeFile(this.uri.fsPath, this.text);
    this.isDirty = false;
    return true;
  }
  async reload(): Promise<void> {
    if (!this.isDirty) {
      this.text = await readFile(this.uri.fsPath, "utf8");
    }
  }
}

type FileOperation =
  | { kind: "replace"; uri: Uri; range: Range; text: string }
  | { kind: "create"; uri: Uri; contents: Uint8Array; overwrite: boolean; ignoreIfExists: boolean }
  | { kind: "delete"; uri: Uri; ignoreIfNotExists: boolean };

export class WorkspaceEdit {
  readonly operations: FileOperation[] = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.operations.push({ kind: "replace", uri, range, text });
  }
  createFile(uri: Uri, options?: { overwrite?: boolean; ignoreIfExists?: boolean; contents?: Uint8Array }): void {
    this.operations.push({ kind: "create", uri, contents: options?.contents ?? new Uint8Array(), overwrite: options?.overwrite ?? false, ignoreIfExists: options?.ignoreIfExists ?? false });
  }
  deleteFile(uri: Uri, options?: { ignoreIfNotExists?: boolean }): void {
    this.operations.push({ kind: "delete", uri, ignoreIfNotExists: options?.ignoreIfNotExists ?? false });
  }
}

const documents = new Map<string, FakeTextDocument>();
const contentProviders = new Map<string, { provideTextDocumentContent(uri: Uri): string | undefined }>();

async function openTextDocument(uri: Uri): Promise<FakeTextDocument> {
  if (uri.scheme !== "file") {
    const provider = contentProviders.get(uri.scheme);
    if (provider === undefined) {
      throw new Error(`No content provider for ${uri.toString()}`);
    }
    return new FakeTextDocument(uri, provider.provideTextDocumentContent(uri) ?? "");
  }
  const open = documents.get(uri.fsPath);
  if (open !== undefined) {
    await open.reload();
    return open;
  }
  const document = new FakeTextDocument(uri, await asFileSystemError(readFile(uri.fsPath, "utf8")));
  documents.set(uri.fsPath, document);
  return document;
}

/** Applies every operation, or (when a file operation cannot be done) none of the text edits. */
async function applyEdit(edit: WorkspaceEdit): Promise<boolean> {
  for (const operation of edit.operations) {
    if (operation.kind === "replace") {
      (await openTextDocument(operation.uri)).replace(operation.range, operation.text);
    } else if (operation.kind === "create") {
      const exists = await readFile(operation.uri.fsPath).then(() => true, () => false);
      if (exists && !operation.overwrite) {
        if (operation.ignoreIfExists) {
          continue;
        }
        return false;
      }
      await mkdir(dirname(operation.uri.fsPath), { recursive: true });
      await writeFile(operation.uri.fsPath, operation.contents);
      documents.delete(operation.uri.fsPath);
    } else {
      const gone = await unlink(operation.uri.fsPath).then(() => false, () => true);
      if (gone && !operation.ignoreIfNotExists) {
        return false;
      }
      documents.delete(operation.uri.fsPath);
    }
  }
  return true;
}

export class TabInputText {
  constructor(readonly uri: Uri) {}
}

export class TabInputTextDiff {
  constructor(
    readonly original: Uri,
    readonly modified: Uri,
  ) {}
}

interface FakeTab {
  label: string;
  input: unknown;
}

const tabGroup: { tabs: FakeTab[]; activeTab: FakeTab | undefined } = { tabs: [], activeTab: undefined };

const commandHandlers = new Map<string, (...args: unknown[]) => unknown>();

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    if (commandHandlers.has(id)) {
      throw new Error(`command '${id}' already exists`);
    }
    commandHandlers.set(id, handler);
    return new Disposable(() => commandHandlers.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    if (id === "vscode.diff") {
      const [original, modified, title] = args as [Uri, Uri, string];
      const tab = { label: title, input: new TabInputTextDiff(original, modified) };
      tabGroup.tabs.push(tab);
      tabGroup.activeTab = tab;
      return undefined;
    }
    const handler = commandHandlers.get(id);
    if (handler === undefined) {
      throw new Error(`command '${id}' not found`);
    }
    return await handler(...args);
  },
};

/**
 * A terminal. By default it never reports shell integration, as with a shell VS Code cannot
 * integrate with; with `testing.enableShellIntegration()` it reports it at once and runs each
 * command as a real `sh` process, streaming its output (stderr merged) and firing the end event
 * with the exit code. Ctrl+C sends SIGINT to the command's process group; closing the terminal
 * kills it.
 */
class FakeTerminal {
  exitStatus: { code: number | undefined } | undefined = undefined;
  shellIntegration: { cwd: Uri; executeCommand(command: string): FakeExecution } | undefined = undefined;
  readonly sentText: string[] = [];
  private running: ChildProcess | undefined;

  constructor(
    readonly name: string,
    private readonly cwd: string,
  ) {}

  sendText(text: string): void {
    this.sentText.push(text);
    if (text === "\u0003") {
      this.signalCommand("SIGINT");
    }
  }
  show(): void {
    // Showing changes nothing here.
  }
  dispose(): void {
    if (this.exitStatus !== undefined) {
      return;
    }
    this.exitStatus = { code: undefined };
    this.signalCommand("SIGKILL");
    terminalClosed.fire(this);
  }

  /** Signals the running command's process group, as a terminal does the foreground job. */
  private signalCommand(signal: NodeJS.Signals): void {
    try {
      if (this.running?.pid !== undefined) {
        process.kill(-this.running.pid, signal);
      }
    } catch {
      // The command has ended.
    }
  }

  integrate(): void {
    const shellIntegration = { cwd: Uri.file(this.cwd), executeCommand: (command: string) => this.execute(command, shellIntegration) };
    this.shellIntegration = shellIntegration;
    shellIntegrationChanged.fire({ terminal: this, shellIntegration });
  }

  private execute(command: string, shellIntegration: unknown): FakeExecution {
    const child = spawn("sh", ["-c", `exec 2>&1; ${command}`], { cwd: this.cwd, stdio: ["ignore", "pipe", "ignore"], detached: true });
    this.running = child;
    const execution: FakeExecution = {
      commandLine: { value: command },
      async *read() {
        for await (const chunk of child.stdout) {
          yield String(chunk);
        }
      },
    };
    child.on("close", (code) => {
      this.running = undefined;
      executionEnded.fire({ terminal: this, shellIntegration, execution, exitCode: code ?? undefined });
    });
    return execution;
  }
}

interface FakeExecution {
  commandLine: { value: string };
  read(): AsyncIterable<string>;
}

const terminalsOpened: FakeTerminal[] = [];
let shellIntegrationWorks = false;
const shellIntegrationChanged = new EventEmitter<{ terminal: FakeTerminal; shellIntegration: unknown }>();
const executionEnded = new EventEmitter<{ terminal: FakeTerminal; shellIntegration: unknown; execution: FakeExecution; exitCode: number | undefined }>();
const terminalClosed = new EventEmitter<FakeTerminal>();
const shownMessages: string[] = [];
const outputChannels = new Map<string, string[]>();

export const window = {
  showInformationMessage(message: string): Promise<undefined> {
    shownMessages.push(message);
    return Promise.resolve(undefined);
  },
  tabGroups: {
    get all() {
      return [tabGroup];
    },
    get activeTabGroup() {
      return tabGroup;
    },
    close(tabs: FakeTab | FakeTab[]): Promise<boolean> {
      for (const tab of Array.isArray(tabs) ? tabs : [tabs]) {
        tabGroup.tabs = tabGroup.tabs.filter((open) => open !== tab);
      }
      tabGroup.activeTab = tabGroup.tabs.at(-1);
      return Promise.resolve(true);
    },
  },
  createTerminal(options: { name: string; cwd?: string }): FakeTerminal {
    const terminal = new FakeTerminal(options.name, options.cwd ?? process.cwd());
    terminalsOpened.push(terminal);
    if (shellIntegrationWorks) {
      setTimeout(() => terminal.integrate(), 1);
    }
    return terminal;
  },
  onDidChangeTerminalShellIntegration: shellIntegrationChanged.event,
  onDidEndTerminalShellExecution: executionEnded.event,
  onDidCloseTerminal: terminalClosed.event,
  createOutputChannel(name: string) {
    const lines = outputChannels.get(name) ?? [];
    outputChannels.set(name, lines);
    return { name, append: (text: string) => lines.push(text), appendLine: (text: string) => lines.push(`${text}\n`), show: () => undefined, dispose: () => undefined };
  },
};

let appRoot = "/nonexistent/vscode-app-root";

export const env = {
  get appRoot() {
    return appRoot;
  },
};

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
  openTextDocument,
  applyEdit,
  registerTextDocumentContentProvider(scheme: string, provider: { provideTextDocumentContent(uri: Uri): string | undefined }): Disposable {
    contentProviders.set(scheme, provider);
    return new Disposable(() => contentProviders.delete(scheme));
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
    documents.clear();
    tabGroup.tabs = [];
    tabGroup.activeTab = undefined;
    for (const terminal of terminalsOpened) {
      terminal.dispose();
    }
    terminalsOpened.length = 0;
    shellIntegrationWorks = false;
    outputChannels.clear();
    shownMessages.length = 0;
    appRoot = "/nonexistent/vscode-app-root";
  },
  /** The open tabs, as `label` and the input's URIs. */
  tabs(): { label: string; original?: string; modified?: string }[] {
    return tabGroup.tabs.map((tab) => (tab.input instanceof TabInputTextDiff ? { label: tab.label, original: tab.input.original.toString(), modified: tab.input.modified.toString() } : { label: tab.label }));
  },
  /** The document of a file as the editor holds it (opened on first use). */
  document(path: string): Promise<FakeTextDocument> {
    return openTextDocument(Uri.file(path));
  },
  /** The terminals the extension created. */
  terminals(): readonly FakeTerminal[] {
    return terminalsOpened;
  },
  /** Makes the terminals created from now on report shell integration and run commands. */
  enableShellIntegration(): void {
    shellIntegrationWorks = true;
  },
  /** The information messages shown. */
  messages(): readonly string[] {
    return shownMessages;
  },
  /** What was written to an output channel. */
  outputChannel(name: string): string {
    return (outputChannels.get(name) ?? []).join("");
  },
  /** Where VS Code's own files are (`vscode.env.appRoot`). */
  setAppRoot(path: string): void {
    appRoot = path;
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
