// The agent tools' test bed: a real temporary workspace folder opened in the fake VS Code, a
// ToolRunner over it with the core's real functions, and calls built as the core hands them over.
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { loadBackend } from "../src/api/backend";
import type { ToolCore } from "../src/agent/tools/toolCore";
import { ToolRunner, type ToolRunnerOptions } from "../src/agent/tools/toolRunner";
import type { PendingToolCall, ToolRequest } from "../src/shared/generated/types";
import { testing } from "./fakes/vscode";

/** The core's real functions, from the wasm package. */
export function toolCore(): ToolCore {
  return loadBackend();
}

/** A test's workspace and runner, made fresh for each test. */
export function toolBed(options: Partial<Omit<ToolRunnerOptions, "core" | "workspaceRoot">> = {}) {
  const bed = {
    root: "",
    runner: undefined as unknown as ToolRunner,
    timeoutSeconds: 60,
    async write(path: string, content: string | Uint8Array): Promise<string> {
      const absolute = join(bed.root, path);
      await mkdir(dirname(absolute), { recursive: true });
      await writeFile(absolute, content);
      return absolute;
    },
    read(path: string): Promise<string> {
      return readFile(join(bed.root, path), "utf8");
    },
    /** Replaces the runner with one made with these options. */
    restart(changed: Partial<Omit<ToolRunnerOptions, "core" | "workspaceRoot">>): void {
      bed.runner.dispose();
      bed.runner = makeRunner({ ...options, ...changed });
    },
    /** A call as the core hands it over: the path resolved against the workspace folder. */
    call(request: ToolRequest, id = "call-1"): PendingToolCall {
      const raw = request.tool === "execute_command" ? (request.cwd ?? "") : "path" in request ? request.path : undefined;
      const relative = raw === undefined ? undefined : raw.replace(/^\.\/?/, "").replace(/\/$/, "");
      const path = relative === undefined ? null : { relative, absolute: relative === "" ? bed.root : join(bed.root, relative), looksSecret: loadBackend().isSecretLooking(relative) };
      return { id, request, path, approval: "askEdit" };
    },
  };
  const makeRunner = (chosen: typeof options) =>
    new ToolRunner({ core: toolCore(), workspaceRoot: () => bed.root, commandTimeoutSeconds: () => bed.timeoutSeconds, shellIntegrationWaitMs: 10, ...chosen });
  beforeEach(async () => {
    testing.reset();
    bed.root = await realpath(await mkdtemp(join(tmpdir(), "roo-tools-")));
    testing.setWorkspaceFolders([bed.root]);
    bed.timeoutSeconds = 60;
    bed.runner = makeRunner(options);
  });
  afterEach(async () => {
    bed.runner.dispose();
    await rm(bed.root, { recursive: true, force: true });
  });
  return bed;
}

/** A signal that never aborts and an output sink, for calls that are not stopped. */
export function quietIo(): { signal: AbortSignal; onOutput: (text: string) => void; output: string[] } {
  const output: string[] = [];
  return { signal: new AbortController().signal, onOutput: (text) => output.push(text), output };
}
