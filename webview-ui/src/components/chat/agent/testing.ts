/**
 * Fixtures for Code mode's components: tool calls as a reply stores them, pending calls as the
 * approval card gets them, and an edit's preview, fully typed from the generated types.
 */
import type { ChatToolCall, EditPreview, FileEdit, PendingToolCall, ToolRequest } from "@shared/generated/types";

export function toolCall(overrides: Partial<ChatToolCall> = {}): ChatToolCall {
  return {
    id: "call-1",
    name: "read_file",
    arguments: JSON.stringify({ path: "src/a.ts" }),
    status: { kind: "succeeded", text: "1 | export const a = 1;" },
    edit: null,
    ...overrides,
  };
}

export function fileEdit(overrides: Partial<FileEdit> = {}): FileEdit {
  return { path: "src/app.ts", before: "const a = 1;\n", after: "const a = 2;\n", undone: false, ...overrides };
}

export function pendingCall(request: ToolRequest, overrides: Partial<PendingToolCall> = {}): PendingToolCall {
  const path = "path" in request ? request.path : "";
  return {
    id: "call-1",
    request,
    path: { relative: path, absolute: `/work/project/${path}`, looksSecret: false },
    approval: "askEdit",
    ...overrides,
  };
}

export const EDIT_PREVIEW: EditPreview = {
  path: "src/app.ts",
  creates: false,
  added: 1,
  removed: 1,
  lines: [
    { kind: "skipped", text: "", oldLine: null, newLine: null },
    { kind: "context", text: "import { b } from './b';", oldLine: 10, newLine: 10 },
    { kind: "removed", text: "const a = 1;", oldLine: 11, newLine: null },
    { kind: "added", text: "const a = 2;", oldLine: null, newLine: 11 },
    { kind: "context", text: "export { a };", oldLine: 12, newLine: 12 },
  ],
};
