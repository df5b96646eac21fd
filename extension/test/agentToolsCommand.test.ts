// Commands run as child processes (the fake VS Code's terminals have no shell integration, as in a
// shell VS Code cannot integrate with): output and exit code, a timeout and Stop killing the whole
// process group, the output's end kept when it grows past the cap, escape sequences removed.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EscapeStripper, OutputTail } from "../src/agent/tools/commandOutput";
import { runInChildProcess, TERMINAL_NAME } from "../src/agent/tools/commandRunner";
import { quietIo, toolBed } from "./agentToolsSupport";
import { testing } from "./fakes/vscode";

const bed = toolBed();
const posix = process.platform !== "win32";

/**
 * Whether any process of the group led by `pid` still runs. On Linux a killed process whose
 * parent has not reaped it yet (a container's init may never) is a zombie: it runs nothing, so
 * it does not count.
 */
function groupAlive(pid: number): boolean {
  if (process.platform !== "linux") {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .some((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(group) === pid && state !== "Z";
      } catch {
        return false;
      }
    });
}

describe.runIf(posix)("execute_command", () => {
  it("runs in the folder given, streams and returns the output with the exit code", async () => {
    await bed.write("sub/marker.txt", "");
    const io = quietIo();
    const ok = await bed.runner.perform(bed.call({ tool: "execute_command", command: "ls && echo done", cwd: "sub" }), io);
    expect(ok.outcome.kind).toBe("success");
    expect(ok.outcome.text).toContain("marker.txt\ndone\n");
    expect(io.output.join("")).toContain("done");
    // Shell integration did not come up, so the terminal was given up and the output channel shows the run.
    expect(testing.terminals().map((terminal) => terminal.name)).toEqual([TERMINAL_NAME]);
    expect(testing.outputChannel(TERMINAL_NAME)).toContain("$ ls && echo done\nmarker.txt\ndone\n");
    const failed = await bed.runner.perform(bed.call({ tool: "execute_command", command: "echo oops >&2; exit 3", cwd: null }), quietIo());
    expect(failed.outcome.kind).toBe("failure");
    expect(failed.outcome.text).toContain("oops");
    expect(failed.outcome.text).toContain("exit code 3");
    // Once a terminal came up without shell integration, no other is tried.
    expect(testing.terminals()).toHaveLength(1);
  });

  it("kills a command that outlives the timeout, with everything it started", async () => {
    bed.timeoutSeconds = 1;
    const performed = await bed.runner.perform(bed.call({ tool: "execute_command", command: "echo pid=$$; sleep 30 & sleep 30", cwd: null }), quietIo());
    const pid = Number(/pid=(\d+)/.exec(performed.outcome.text)?.[1] ?? 0);
    expect(performed.outcome.kind).toBe("failure");
    expect(performed.outcome.text).toContain("stopped after 1 second without finishing");
    expect(pid).toBeGreaterThan(0);
    expect(groupAlive(pid)).toBe(false);
  });

  it("kills a running command at once on Stop", async () => {
    const controller = new AbortController();
    let output = "";
    let pid = 0;
    const running = bed.runner.perform(bed.call({ tool: "execute_command", command: "echo pid=$$; sleep 30", cwd: null }), {
      signal: controller.signal,
      onOutput: (text) => {
        output += text;
        pid = Number(/pid=(\d+)\n/.exec(output)?.[1] ?? 0);
        if (pid > 0) {
          controller.abort();
        }
      },
    });
    const performed = await running;
    expect(performed.outcome).toEqual({ kind: "failure", text: expect.stringMatching(/^\[The user stopped the command before it finished\.\]\n[\s\S]*pid=\d+\n$/) as unknown });
    // SIGKILL is delivered at once, but the kernel may take a moment to reap the group.
    await expect.poll(() => groupAlive(pid), { timeout: 5_000 }).toBe(false);
  });

  it("keeps the end of an output larger than the cap", async () => {
    const result = await runInChildProcess({ command: "seq 1 300000", cwd: bed.root, timeoutSeconds: 60, signal: new AbortController().signal, onOutput: () => undefined });
    expect(result.end).toEqual({ kind: "exited", code: 0 });
    expect(result.output.length).toBeLessThanOrEqual(1_000_000);
    expect(result.output.endsWith("\n299999\n300000\n")).toBe(true);
    expect(result.output.startsWith("1\n2\n")).toBe(false);
  });

  it("removes colours and other escape sequences from the output", async () => {
    const result = await runInChildProcess({ command: "printf '\\033[31mred\\033[0m \\033]0;title\\007plain\\r\\n'", cwd: bed.root, timeoutSeconds: 60, signal: new AbortController().signal, onOutput: () => undefined });
    expect(result.output).toBe("red plain\n");
  });

  it("says when the command cannot start in its folder", async () => {
    const result = await runInChildProcess({ command: "true", cwd: `${bed.root}/missing`, timeoutSeconds: 60, signal: new AbortController().signal, onOutput: () => undefined });
    expect(result.output).toContain("could not be started");
    expect(result.end).toEqual({ kind: "exited", code: null });
  });
});

describe.runIf(posix)("execute_command in a terminal with shell integration", () => {
  it("runs in the Roo Code Plus terminal, reused for the next command in the same folder", async () => {
    testing.enableShellIntegration();
    await bed.write("sub/marker.txt", "");
    const io = quietIo();
    const first = await bed.runner.perform(bed.call({ tool: "execute_command", command: "ls; echo \"\u001b[32mgreen\u001b[0m\" >&2", cwd: "sub" }), io);
    expect(first.outcome.kind).toBe("success");
    expect(first.outcome.text).toContain("marker.txt\ngreen\n");
    expect(io.output.join("")).toContain("green");
    const second = await bed.runner.perform(bed.call({ tool: "execute_command", command: "exit 4", cwd: "sub" }), quietIo());
    expect(second.outcome).toMatchObject({ kind: "failure", text: expect.stringContaining("exit code 4") as unknown });
    expect(testing.terminals()).toHaveLength(1);
    await bed.runner.perform(bed.call({ tool: "execute_command", command: "true", cwd: null }), quietIo());
    expect(testing.terminals().map((terminal) => terminal.exitStatus === undefined)).toEqual([false, true]);
    expect(testing.outputChannel(TERMINAL_NAME)).toBe("");
  });

  it("interrupts a command past its timeout with Ctrl+C", async () => {
    testing.enableShellIntegration();
    bed.timeoutSeconds = 1;
    const performed = await bed.runner.perform(bed.call({ tool: "execute_command", command: "echo started; sleep 30", cwd: null }), quietIo());
    expect(performed.outcome).toMatchObject({ kind: "failure", text: expect.stringMatching(/stopped after 1 second without finishing[\s\S]*\nstarted\n/) as unknown });
    const [terminal] = testing.terminals();
    expect(terminal?.sentText).toEqual(["\u0003"]);
    expect(terminal?.exitStatus).toBeUndefined();
  });

  it("closes the terminal when the command ignores Ctrl+C on Stop", async () => {
    testing.enableShellIntegration();
    const controller = new AbortController();
    let seen = "";
    const performed = await bed.runner.perform(bed.call({ tool: "execute_command", command: "trap '' INT; echo ready; sleep 30", cwd: null }), {
      signal: controller.signal,
      onOutput: (text) => {
        seen += text;
        if (seen.includes("ready\n")) {
          controller.abort();
        }
      },
    });
    expect(performed.outcome).toEqual({ kind: "failure", text: "[The user stopped the command before it finished.]\nready\n" });
    const [terminal] = testing.terminals();
    expect(terminal?.sentText).toEqual(["\u0003"]);
    expect(terminal?.exitStatus).toBeDefined();
  });
});

describe("command output", () => {
  it("keeps only the last characters past the limit", () => {
    const tail = new OutputTail(10);
    tail.push("abcdef");
    tail.push("ghijkl");
    tail.push("mn");
    expect(tail.text).toBe("efghijklmn");
    expect(tail.dropped).toBe(4);
  });

  it("removes an escape sequence split between two chunks", () => {
    const stripper = new EscapeStripper();
    expect(stripper.push("a\u001b[3")).toBe("a");
    expect(stripper.push("1mb\u001b")).toBe("b");
    expect(stripper.push("[0mc")).toBe("c");
    expect(stripper.push("d\u001b[")).toBe("d");
    expect(stripper.end()).toBe("");
  });
});
