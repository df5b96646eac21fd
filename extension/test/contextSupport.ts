// Shared by the workspace-context tests: a temporary workspace folder of real files, a
// `ContextHost` whose editor, problems, terminal and answers the test sets, and the context
// service over both with the real wasm core.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { testing } from "./fakes/vscode";
import { loadBackend } from "../src/api/backend";
import type { ContextHost, EditorSelection } from "../src/context/mentionResolver";
import { WorkspaceContext } from "../src/context/workspaceContext";
import type { ContextLimits, Problem } from "../src/shared/generated/types";

/** A host whose answers each test sets; it records the secret-looking files it was asked about. */
export class TestHost implements ContextHost {
  problemList: Problem[] = [];
  selection: EditorSelection | undefined;
  lines = new Map<string, string>();
  terminal: { name: string; output: string } | undefined;
  attachSecrets = false;
  askedAboutSecrets: string[] = [];
  editors: string[] = [];

  problems(): Problem[] {
    return this.problemList;
  }
  activeSelection(): EditorSelection | undefined {
    return this.selection;
  }
  linesOf(fsPath: string, startLine: number, endLine: number): Promise<string> {
    const text = this.lines.get(fsPath);
    if (text === undefined) {
      return Promise.reject(new Error("the document could not be opened"));
    }
    return Promise.resolve(text.split("\n").slice(startLine - 1, endLine).join("\n"));
  }
  activeTerminal(): { name: string; output: string } | undefined {
    return this.terminal;
  }
  confirmSecret(label: string): Promise<boolean> {
    this.askedAboutSecrets.push(label);
    return Promise.resolve(this.attachSecrets);
  }
  openEditors(): string[] {
    return this.editors;
  }
}

export interface ContextBed {
  /** The workspace folder (a fresh temporary folder per test). */
  readonly root: string;
  readonly host: TestHost;
  readonly logs: string[];
  /** Writes a file below the workspace (folders made as needed). */
  write(path: string, content: string | Uint8Array): Promise<string>;
  /** A context service over the workspace (or over no folder), with these limits. */
  context(options?: { limits?: Partial<ContextLimits>; noFolder?: boolean }): WorkspaceContext;
}

/** Registers the hooks that make and remove the workspace; call it at a test file's top level. */
export function contextBed(): ContextBed {
  let root: string | undefined;
  let host = new TestHost();
  let logs: string[] = [];
  const made: WorkspaceContext[] = [];
  beforeEach(async () => {
    testing.reset();
    root = await mkdtemp(join(tmpdir(), "roo-context-"));
    host = new TestHost();
    logs = [];
  });
  afterEach(async () => {
    for (const context of made.splice(0)) {
      context.dispose();
    }
    if (root !== undefined) await rm(root, { recursive: true, force: true });
    root = undefined;
  });
  const rootNow = (): string => {
    if (root === undefined) throw new Error("the workspace is read outside a test");
    return root;
  };
  return {
    get root() {
      return rootNow();
    },
    get host() {
      return host;
    },
    get logs() {
      return logs;
    },
    async write(path, content) {
      const absolute = join(rootNow(), ...path.split("/"));
      await mkdir(dirname(absolute), { recursive: true });
      await writeFile(absolute, content);
      return absolute;
    },
    context(options = {}) {
      const core = loadBackend();
      const workspace = options.noFolder === true ? undefined : rootNow();
      const context = new WorkspaceContext({
        core,
        host,
        log: { info: (line) => logs.push(line), warn: (line) => logs.push(line), error: (line) => logs.push(line) },
        limits: () => ({ ...core.defaultContextLimits(), ...(options.limits ?? {}) }),
        root: () => workspace,
      });
      made.push(context);
      return context;
    },
  };
}
