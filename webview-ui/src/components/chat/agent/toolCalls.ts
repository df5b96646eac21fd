/**
 * What a tool call says in words: the model's arguments read defensively into a `ToolRequest`
 * (they are JSON text as the model wrote it, so they may be invalid or miss fields), a one-line
 * label per tool ("Read src/a.ts", "Run `npm test`") and the status as a word. Pure, so every
 * tool and status is tested without rendering. Paths and text are shown as data, never obeyed.
 */
import type { ChatToolCall, ToolCallStatus, ToolRequest } from "@shared/generated/types";
import { t } from "../../../i18n";

type Fields = Readonly<Record<string, unknown>>;

function text(fields: Fields, key: string): string | null {
  const value = fields[key];
  return typeof value === "string" ? value : null;
}

function optionalText(fields: Fields, key: string): string | null {
  return text(fields, key);
}

function optionalNumber(fields: Fields, key: string): number | null {
  const value = fields[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function texts(fields: Fields, key: string): string[] {
  const value = fields[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function parseFields(argumentsText: string): Fields | null {
  try {
    const value: unknown = JSON.parse(argumentsText);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : null;
  } catch {
    return null;
  }
}

/** The call's request when its arguments are valid JSON with the fields its tool needs; else null. */
export function parseToolRequest(name: string, argumentsText: string): ToolRequest | null {
  const fields = parseFields(argumentsText);
  if (fields === null) {
    return null;
  }
  const path = text(fields, "path");
  switch (name) {
    case "read_file":
      return path === null
        ? null
        : { tool: "read_file", path, startLine: optionalNumber(fields, "start_line"), endLine: optionalNumber(fields, "end_line") };
    case "list_files":
      return path === null ? null : { tool: "list_files", path, recursive: fields.recursive === true };
    case "search_files": {
      const regex = text(fields, "regex");
      return path === null || regex === null
        ? null
        : { tool: "search_files", path, regex, filePattern: optionalText(fields, "file_pattern") };
    }
    case "write_to_file": {
      const content = text(fields, "content");
      return path === null || content === null ? null : { tool: "write_to_file", path, content };
    }
    case "apply_diff": {
      const diff = text(fields, "diff");
      return path === null || diff === null ? null : { tool: "apply_diff", path, diff };
    }
    case "execute_command": {
      const command = text(fields, "command");
      return command === null ? null : { tool: "execute_command", command, cwd: optionalText(fields, "cwd") };
    }
    case "ask_followup_question": {
      const question = text(fields, "question");
      return question === null ? null : { tool: "ask_followup_question", question, suggestions: texts(fields, "suggestions") };
    }
    case "attempt_completion": {
      const result = text(fields, "result");
      return result === null ? null : { tool: "attempt_completion", result };
    }
    default:
      return null;
  }
}

/** A path as the labels show it: the workspace folder when empty or ".". */
export function shownPath(path: string): string {
  const trimmed = path.trim();
  return trimmed === "" || trimmed === "." || trimmed === "./" ? t("agent:tool.workspace") : trimmed;
}

/** A folder as "src/" (the workspace folder stays in words). */
function shownFolder(path: string): string {
  const shown = shownPath(path);
  return shown === t("agent:tool.workspace") || shown.endsWith("/") ? shown : `${shown}/`;
}

/** A call's one-line label; a command keeps its text apart, for a code span. */
export interface CallLabel {
  text: string;
  command: string | null;
}

/** The label of a request the model made ("Read src/a.ts", "Listed src/", "Run" + the command). */
export function requestLabel(request: ToolRequest): CallLabel {
  const plain = (value: string): CallLabel => ({ text: value, command: null });
  switch (request.tool) {
    case "read_file":
      return plain(
        request.startLine !== null && request.endLine !== null
          ? t("agent:tool.readLines", { path: shownPath(request.path), start: String(request.startLine), end: String(request.endLine) })
          : t("agent:tool.read", { path: shownPath(request.path) }),
      );
    case "list_files":
      return plain(t(request.recursive ? "agent:tool.listedRecursive" : "agent:tool.listed", { path: shownFolder(request.path) }));
    case "search_files":
      return plain(
        request.filePattern === null
          ? t("agent:tool.searched", { regex: request.regex, path: shownPath(request.path) })
          : t("agent:tool.searchedFiles", { regex: request.regex, path: shownPath(request.path), pattern: request.filePattern }),
      );
    case "write_to_file":
      return plain(t("agent:tool.write", { path: shownPath(request.path) }));
    case "apply_diff":
      return plain(t("agent:tool.edit", { path: shownPath(request.path) }));
    case "execute_command":
      return { text: t("agent:tool.run"), command: request.command };
    case "ask_followup_question":
      return plain(t("agent:tool.question"));
    case "attempt_completion":
      return plain(t("agent:tool.completed"));
  }
}

/** The label of a call as the reply stored it; arguments that cannot be read still name the tool. */
export function callLabel(call: ChatToolCall): CallLabel {
  const request = parseToolRequest(call.name, call.arguments);
  if (request !== null) {
    return requestLabel(request);
  }
  switch (call.name) {
    case "read_file":
      return { text: t("agent:tool.read", { path: "?" }), command: null };
    case "execute_command":
      return { text: t("agent:tool.run"), command: "?" };
    case "ask_followup_question":
      return { text: t("agent:tool.question"), command: null };
    case "attempt_completion":
      return { text: t("agent:tool.completed"), command: null };
    default:
      return { text: t("agent:tool.unknown", { name: call.name }), command: null };
  }
}

/** Long status text is cut to its first line and this many characters; the full text expands below. */
const STATUS_TEXT_LIMIT = 120;

function firstLine(value: string): string {
  const line = value.trim().split("\n", 1)[0] ?? "";
  return line.length > STATUS_TEXT_LIMIT ? `${line.slice(0, STATUS_TEXT_LIMIT - 1)}…` : line;
}

/** The status as words: "Waiting for approval", "Approved automatically", "Rejected: reason", "Done". */
export function statusWord(status: ToolCallStatus): string {
  switch (status.kind) {
    case "pending":
      return t("agent:status.pending");
    case "approved":
      return t(status.auto ? "agent:status.approvedAuto" : "agent:status.approved");
    case "rejected":
      return status.reason === null || status.reason.trim() === ""
        ? t("agent:status.rejected")
        : t("agent:status.rejectedBecause", { reason: firstLine(status.reason) });
    case "refused":
      // The core's refusals are worded for the model and open with "Refused:" themselves.
      return t("agent:status.refused", { text: firstLine(status.text.replace(/^Refused:\s*/, "")) });
    case "failed":
      return t("agent:status.failed", { text: firstLine(status.text) });
    case "succeeded":
      return t("agent:status.succeeded");
    case "notRun":
      return t("agent:status.notRun");
  }
}

/** Whether the status word already shows all of `value` (one short line). */
function shownWhole(value: string): boolean {
  const trimmed = value.trim();
  return !trimmed.includes("\n") && trimmed.length <= STATUS_TEXT_LIMIT;
}

/**
 * The text to fold under the row: the result, or a reason or error the status word had to cut.
 * Null when there is none, or when the status word already says all of it.
 */
export function foldedText(status: ToolCallStatus): string | null {
  const text = resultText(status);
  if (text === null || text.trim() === "") {
    return null;
  }
  const inStatus = status.kind === "rejected" || status.kind === "refused" || status.kind === "failed";
  return inStatus && shownWhole(text) ? null : text;
}

/** The text a finished call gave back (its result, output or error), or null while it has none. */
export function resultText(status: ToolCallStatus): string | null {
  switch (status.kind) {
    case "pending":
    case "approved":
      return null;
    case "rejected":
      return status.reason;
    case "refused":
    case "failed":
    case "succeeded":
    case "notRun":
      return status.text;
  }
}
