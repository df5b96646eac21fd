// The editor side of the workspace context: the lines "Add to Roo Code Plus chat" takes from a
// selection, the chip it puts in the composer, and the terminal output kept for @terminal.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linesOf } from "../src/context/addToChat";
import { TerminalOutputs, type ShellExecutionLike } from "../src/context/terminalOutput";
import { contextBed } from "./contextSupport";

const bed = contextBed();

function execution(commandLine: string, chunks: string[]): ShellExecutionLike {
  return {
    commandLine: { value: commandLine },
    read: async function* () {
      for (const chunk of chunks) {
        await Promise.resolve();
        yield chunk;
      }
    },
  };
}

describe("Add to Roo Code Plus chat", () => {
  it("takes whole lines, leaving out a last line the selection only touches at its start", () => {
    expect(linesOf(9, 23, 4)).toEqual({ startLine: 10, endLine: 24 });
    expect(linesOf(9, 24, 0)).toEqual({ startLine: 10, endLine: 24 });
    expect(linesOf(4, 4, 0)).toEqual({ startLine: 5, endLine: 5 });
  });

  it("labels the chip path:start-end, a single line path:N, and a file outside the workspace as such", () => {
    const context = bed.context();
    expect(context.selectionChip(join(bed.root, "src", "main.rs"), 10, 24)).toEqual({
      mention: { kind: "selection", range: { path: "src/main.rs", startLine: 10, endLine: 24 } },
      label: "src/main.rs:10-24",
    });
    expect(context.selectionChip(join(bed.root, "lib.rs"), 7, 7).label).toBe("lib.rs:7");
    expect(context.selectionChip("/elsewhere/x.rs", 1, 2)).toEqual({
      mention: { kind: "selection", range: { path: "/elsewhere/x.rs", startLine: 1, endLine: 2 } },
      label: "/elsewhere/x.rs:1-2 (outside the workspace)",
    });
  });
});

describe("the terminals' output", () => {
  it("keeps each terminal's commands and output apart", async () => {
    const outputs = new TerminalOutputs<object>();
    const first = {};
    const second = {};
    await outputs.record(first, execution("npm test", ["ok 1\n", "ok 2\n"]));
    await outputs.record(second, execution("ls", ["a b c\n"]));
    expect(outputs.output(first)).toBe("$ npm test\nok 1\nok 2\n");
    expect(outputs.output(second)).toBe("$ ls\na b c\n");
    outputs.forget(first);
    expect(outputs.output(first)).toBe("");
  });

  it("keeps only the latest characters, never half a character", async () => {
    const outputs = new TerminalOutputs<object>(10);
    const terminal = {};
    await outputs.record(terminal, execution("x", ["0123456789", "abc😀"]));
    const kept = outputs.output(terminal);
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept.endsWith("abc😀")).toBe(true);
    await outputs.record(terminal, execution("y", ["😀".repeat(5), "1"]));
    // The last 10 code units would start inside the first emoji: its half is dropped.
    expect(outputs.output(terminal)).toBe("😀😀😀😀1");
  });
});
