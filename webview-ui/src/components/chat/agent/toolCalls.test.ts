import { describe, expect, it } from "vitest";
import type { ToolCallStatus } from "@shared/generated/types";
import { callLabel, foldedText, parseToolRequest, resultText, statusWord } from "./toolCalls";
import { toolCall } from "./testing";

const label = (name: string, args: unknown) => {
  const shown = callLabel(toolCall({ name, arguments: JSON.stringify(args) }));
  return shown.command === null ? shown.text : `${shown.text} \`${shown.command}\``;
};

describe("tool call labels", () => {
  it("names what each tool did, with its path or command", () => {
    expect(label("read_file", { path: "src/a.ts" })).toBe("Read src/a.ts");
    expect(label("read_file", { path: "src/a.ts", start_line: 10, end_line: 20 })).toBe("Read src/a.ts (lines 10–20)");
    expect(label("list_files", { path: "src" })).toBe("Listed src/");
    expect(label("list_files", { path: "", recursive: true })).toBe("Listed the workspace folder (recursively)");
    expect(label("search_files", { path: "src", regex: "fo+" })).toBe("Searched for /fo+/ in src");
    expect(label("search_files", { path: "src", regex: "x", file_pattern: "*.ts" })).toBe("Searched for /x/ in src (*.ts)");
    expect(label("apply_diff", { path: "src/a.ts", diff: "<<<" })).toBe("Edit src/a.ts");
    expect(label("write_to_file", { path: "src/new.ts", content: "" })).toBe("Write src/new.ts");
    expect(label("execute_command", { command: "npm test" })).toBe("Run `npm test`");
    expect(label("ask_followup_question", { question: "Which?", suggestions: ["a"] })).toBe("Question");
    expect(label("attempt_completion", { result: "Done." })).toBe("Completed");
    expect(label("format_disk", {})).toBe("Tool format_disk");
  });

  it("still names the tool when the arguments are not valid JSON or miss a field", () => {
    expect(parseToolRequest("read_file", "{not json")).toBeNull();
    expect(parseToolRequest("read_file", JSON.stringify({ file: "a" }))).toBeNull();
    expect(parseToolRequest("read_file", "[1]")).toBeNull();
    expect(callLabel(toolCall({ name: "read_file", arguments: "{not json" })).text).toBe("Read ?");
    expect(callLabel(toolCall({ name: "execute_command", arguments: "" }))).toEqual({ text: "Run", command: "?" });
  });

  it("keeps only string suggestions and ignores fields of the wrong type", () => {
    expect(parseToolRequest("ask_followup_question", JSON.stringify({ question: "Q?", suggestions: ["yes", 3, null, "no"] }))).toEqual({
      tool: "ask_followup_question",
      question: "Q?",
      suggestions: ["yes", "no"],
    });
    expect(parseToolRequest("read_file", JSON.stringify({ path: "a", start_line: "10" }))).toEqual({ tool: "read_file", path: "a", startLine: null, endLine: null });
  });
});

describe("tool call status words", () => {
  const cases: [ToolCallStatus, string, string | null][] = [
    [{ kind: "pending" }, "Waiting for approval", null],
    [{ kind: "approved", auto: true }, "Approved automatically", null],
    [{ kind: "approved", auto: false }, "Approved", null],
    [{ kind: "rejected", reason: "use yarn" }, "Rejected: use yarn", "use yarn"],
    [{ kind: "rejected", reason: null }, "Rejected", null],
    [{ kind: "refused", text: "src/../../etc is outside the workspace" }, "Refused: src/../../etc is outside the workspace", "src/../../etc is outside the workspace"],
    // The core's own refusals open with "Refused:"; the status word says it once.
    [{ kind: "refused", text: "Refused: the path leads outside the workspace folder." }, "Refused: the path leads outside the workspace folder.", "Refused: the path leads outside the workspace folder."],
    [{ kind: "failed", text: "exit code 1\nmore" }, "Failed: exit code 1", "exit code 1\nmore"],
    [{ kind: "succeeded", text: "ok" }, "Done", "ok"],
    [{ kind: "notRun", text: "The task stopped first." }, "Not run", "The task stopped first."],
  ];
  it.each(cases)("%o reads %s", (status, word, result) => {
    expect(statusWord(status)).toBe(word);
    expect(resultText(status)).toBe(result);
  });

  it("folds only what the status word does not already say", () => {
    expect(foldedText({ kind: "rejected", reason: "not needed" })).toBeNull();
    expect(foldedText({ kind: "refused", text: "outside the workspace" })).toBeNull();
    expect(foldedText({ kind: "failed", text: "exit code 1\nexpected 2" })).toBe("exit code 1\nexpected 2");
    expect(foldedText({ kind: "succeeded", text: "ok" })).toBe("ok");
    expect(foldedText({ kind: "succeeded", text: "  " })).toBeNull();
    expect(foldedText({ kind: "pending" })).toBeNull();
  });

  it("cuts a long status text to one short line", () => {
    const word = statusWord({ kind: "failed", text: "e".repeat(500) });
    expect(word.length).toBeLessThan(140);
    expect(word.endsWith("…")).toBe(true);
  });
});
