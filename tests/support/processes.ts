// Shared helpers for tests that run real programs: a free local port, and child processes started
// in their own process group so that stopping one also stops everything it spawned.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it; we close and hand it on). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => {
        if (port > 0) resolve(port);
        else reject(new Error("could not read the port the OS picked"));
      });
    });
  });
}

export interface GroupProcess {
  readonly pid: number;
  /** Resolves with the exit code (or the signal's name) once the leader has exited. */
  readonly exited: Promise<number | string>;
  /** Everything the process wrote to stdout and stderr so far (the last megabyte). */
  logs(): string;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the group is gone. */
  stop(graceMs?: number): Promise<void>;
}

const MAX_LOG_CHARS = 1_000_000;

// Groups still running, killed when this process exits so a crashed test run leaves nothing behind.
const liveGroups = new Set<number>();
process.once("exit", () => {
  for (const pid of liveGroups) signalGroup(pid, "SIGKILL");
});

/** Sends a signal to a process group; false when the group no longer exists. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Starts `command` detached, as the leader of a new process group, capturing its output. */
export function startGroup(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): GroupProcess {
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const append = (data: Buffer): void => {
    output += data.toString("utf8");
    if (output.length > MAX_LOG_CHARS) output = output.slice(-MAX_LOG_CHARS);
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);

  const exited = new Promise<number | string>((resolve) => {
    child.once("error", (error) => {
      append(Buffer.from(`\n[spawn failed: ${error.message}]\n`));
      resolve("spawn-error");
    });
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  const pid = child.pid;
  if (pid === undefined) {
    return { pid: -1, exited, logs: () => output, stop: () => exited.then(() => undefined) };
  }
  liveGroups.add(pid);

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (signalGroup(pid, "SIGTERM")) {
      const timedOut = Symbol("timeout");
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<symbol>((resolve) => (timer = setTimeout(() => resolve(timedOut), graceMs)));
      await Promise.race([exited, grace]);
      clearTimeout(timer);
      // The leader may be gone while children it started linger in the group: kill those too.
      signalGroup(pid, "SIGKILL");
    }
    await exited;
    liveGroups.delete(pid);
  };
  return { pid, exited, logs: () => output, stop };
}
