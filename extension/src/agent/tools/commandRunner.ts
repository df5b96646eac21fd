/**
 * Runs an approved command: in a VS Code terminal named "Roo Code Plus" through shell
 * integration, so the user watches it run in the terminal they know, or, when the terminal's
 * shell integration does not come up in time, as a child process whose output goes to the
 * "Roo Code Plus" output channel. Either way the output streams to the caller, only its end is
 * kept, a timeout kills it, and Stop kills it at once.
 */
import { spawn } from "node:child_process";
import * as vscode from "vscode";
import type { CommandEnd } from "../../shared/generated/types";
import { EscapeStripper, OutputTail } from "./commandOutput";

export const TERMINAL_NAME = "Roo Code Plus";

/** How long a new terminal may take to report shell integration before a child process is used. */
const SHELL_INTEGRATION_WAIT_MS = 5_000;
/** How long an interrupted terminal command may take to end before its terminal is closed. */
const INTERRUPT_GRACE_MS = 1_000;
/** How long the output of a finished command may take to drain. */
const DRAIN_MS = 1_000;

export interface CommandRequest {
  command: string;
  /** The folder it runs in, on disk (links resolved). */
  cwd: string;
  timeoutSeconds: number;
  /** Stop: kills the command at once. */
  signal: AbortSignal;
  onOutput: (text: string) => void;
}

/** How the command ended, as the core takes it (Stop included). */
export interface CommandResult {
  output: string;
  end: CommandEnd;
}

export interface CommandRunnerOptions {
  /** How long to wait for a terminal's shell integration (tests make it short). */
  shellIntegrationWaitMs?: number | undefined;
}

/** The terminal (reused between commands) and the output channel of the child processes. */
export class CommandRunner implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private busy = false;
  /** Set once a terminal came up without shell integration: it will not in this window either. */
  private noShellIntegration = false;
  private channel: vscode.OutputChannel | undefined;

  constructor(private readonly options: CommandRunnerOptions = {}) {}

  async run(request: CommandRequest): Promise<CommandResult> {
    const terminal = this.busy || this.noShellIntegration ? undefined : await this.integratedTerminal(request.cwd, request.signal);
    // Stop pressed before the command started (while the terminal came up): it never starts.
    if (request.signal.aborted) {
      return { output: "", end: { kind: "stopped" } };
    }
    if (terminal === undefined) {
      const channel = (this.channel ??= vscode.window.createOutputChannel(TERMINAL_NAME));
      channel.append(`\n$ ${request.command}\n`);
      const onOutput = (text: string): void => {
        channel.append(text);
        request.onOutput(text);
      };
      return runInChildProcess({ ...request, onOutput });
    }
    this.busy = true;
    try {
      return await this.runInTerminal(terminal, request);
    } finally {
      this.busy = false;
    }
  }

  dispose(): void {
    this.terminal?.dispose();
    this.channel?.dispose();
  }

  /** The open terminal when it sits in `cwd`, else a new one once its shell integration is up. */
  private async integratedTerminal(cwd: string, signal: AbortSignal): Promise<(vscode.Terminal & { shellIntegration: vscode.TerminalShellIntegration }) | undefined> {
    const open = this.terminal;
    if (open?.exitStatus === undefined && open?.shellIntegration !== undefined && open.shellIntegration.cwd?.fsPath === cwd) {
      return open as vscode.Terminal & { shellIntegration: vscode.TerminalShellIntegration };
    }
    open?.dispose();
    const terminal = vscode.window.createTerminal({ name: TERMINAL_NAME, cwd });
    this.terminal = terminal;
    terminal.show(true);
    const integration = await waitForShellIntegration(terminal, this.options.shellIntegrationWaitMs ?? SHELL_INTEGRATION_WAIT_MS, signal);
    if (signal.aborted) {
      // Stopped while waiting: the terminal may still come up, so the window is not marked as lacking shell integration.
      return undefined;
    }
    if (integration === undefined) {
      this.noShellIntegration = true;
      terminal.dispose();
      this.terminal = undefined;
      return undefined;
    }
    return terminal as vscode.Terminal & { shellIntegration: vscode.TerminalShellIntegration };
  }

  private async runInTerminal(terminal: vscode.Terminal & { shellIntegration: vscode.TerminalShellIntegration }, request: CommandRequest): Promise<CommandResult> {
    const tail = new OutputTail();
    const stripper = new EscapeStripper();
    const execution = terminal.shellIntegration.executeCommand(request.command);
    let subscriptions: vscode.Disposable[] = [];
    // The command ends with its execution, or with its terminal when the user closes that.
    const ended = new Promise<number | undefined>((resolve) => {
      subscriptions = [
        vscode.window.onDidEndTerminalShellExecution((event) => {
          if (event.execution === execution) {
            resolve(event.exitCode);
          }
        }),
        // A command such as `exit 3` ends the terminal's shell itself: its exit is the command's.
        vscode.window.onDidCloseTerminal((closed) => {
          if (closed === terminal) {
            resolve(closed.exitStatus?.code);
          }
        }),
      ];
    });
    const unsubscribe = () => {
      for (const subscription of subscriptions) {
        subscription.dispose();
      }
    };
    const reading = (async () => {
      for await (const data of execution.read()) {
        const text = stripper.push(data);
        tail.push(text);
        request.onOutput(text);
      }
      tail.push(stripper.end());
    })().catch(() => undefined);
    const interrupted = interruption(request);
    const first = await Promise.race([ended.then((code) => ({ kind: "ended" as const, code })), interrupted.promise]);
    interrupted.cancel();
    if (first.kind === "ended") {
      await Promise.race([reading, delay(DRAIN_MS)]);
      unsubscribe();
      return { output: tail.text, end: { kind: "exited", code: first.code ?? null } };
    }
    terminal.sendText("\u0003", false);
    const stopped = await Promise.race([ended.then(() => true), delay(INTERRUPT_GRACE_MS).then(() => false)]);
    unsubscribe();
    if (!stopped) {
      terminal.dispose();
      this.terminal = undefined;
    }
    return { output: tail.text, end: first.kind === "timedOut" ? { kind: "timedOut", seconds: request.timeoutSeconds } : { kind: "stopped" } };
  }
}

/** The terminal's shell integration, once it is up, or `undefined` after `waitMs`. */
function waitForShellIntegration(terminal: vscode.Terminal, waitMs: number, signal: AbortSignal): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration !== undefined) {
    return Promise.resolve(terminal.shellIntegration);
  }
  return new Promise((resolve) => {
    const finish = (integration: vscode.TerminalShellIntegration | undefined): void => {
      clearTimeout(timer);
      subscription.dispose();
      signal.removeEventListener("abort", onAbort);
      resolve(integration);
    };
    const onAbort = (): void => finish(undefined);
    const timer = setTimeout(() => finish(undefined), waitMs);
    const subscription = vscode.window.onDidChangeTerminalShellIntegration((event) => {
      if (event.terminal === terminal) {
        finish(event.shellIntegration);
      }
    });
    signal.addEventListener("abort", onAbort, { once: true });
    if (signal.aborted) {
      onAbort();
    }
  });
}

/** Resolves when the request's timeout passes or Stop is pressed, whichever comes first. */
function interruption(request: CommandRequest): { promise: Promise<{ kind: "timedOut" | "stopped" }>; cancel: () => void } {
  let cancel = (): void => undefined;
  const promise = new Promise<{ kind: "timedOut" | "stopped" }>((resolve) => {
    const onAbort = () => resolve({ kind: "stopped" });
    const timer = setTimeout(() => resolve({ kind: "timedOut" }), request.timeoutSeconds * 1000);
    request.signal.addEventListener("abort", onAbort, { once: true });
    if (request.signal.aborted) {
      onAbort();
    }
    cancel = () => {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", onAbort);
    };
  });
  return { promise, cancel };
}

/**
 * Runs the command in a shell as a child process in its own process group, so a timeout or Stop
 * kills it and everything it started.
 */
export function runInChildProcess(request: CommandRequest): Promise<CommandResult> {
  const tail = new OutputTail();
  const stripper = new EscapeStripper();
  const posix = process.platform !== "win32";
  const child = spawn(request.command, { shell: true, cwd: request.cwd, detached: posix, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
  const killAll = () => {
    if (child.pid === undefined) {
      return;
    }
    try {
      if (posix) {
        process.kill(-child.pid, "SIGKILL");
      } else {
        spawn("taskkill", ["/pid", String(child.pid), "/T", "/F"], { windowsHide: true });
      }
    } catch {
      // The group is already gone.
    }
  };
  const take = (chunk: Buffer) => {
    const text = stripper.push(chunk.toString("utf8"));
    tail.push(text);
    request.onOutput(text);
  };
  child.stdout.on("data", take);
  child.stderr.on("data", take);
  const interrupted = interruption(request);
  return new Promise((resolve) => {
    let settled = false;
    let reason: "timedOut" | "stopped" | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    const finish = (end: CommandResult["end"]) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(drainTimer);
      interrupted.cancel();
      tail.push(stripper.end());
      resolve({ output: tail.text, end: reason === undefined ? end : reason === "timedOut" ? { kind: "timedOut", seconds: request.timeoutSeconds } : { kind: "stopped" } });
    };
    void interrupted.promise.then((interruptedBy) => {
      reason ??= interruptedBy.kind;
      killAll();
    });
    child.on("error", (error) => {
      tail.push(`The command could not be started: ${error.message}\n`);
      finish({ kind: "exited", code: null });
    });
    child.on("close", (code) => finish({ kind: "exited", code }));
    child.on("exit", (code) => {
      // A background process the command left behind may hold the output open: once the
      // shell has exited, the output gets a moment to drain, then the group is ended.
      drainTimer = setTimeout(() => {
        killAll();
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ kind: "exited", code });
      }, DRAIN_MS);
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
