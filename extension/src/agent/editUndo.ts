/**
 * "Undo this edit" and "Revert all edits of this chat": every approved edit keeps the file's
 * previous content on its tool call, and the core decides from the file as it is now whether
 * restoring it is safe (a file changed since the edit is left alone, and the refusal says so).
 * The files are read and written through the tools, so the editor and its undo stack see it.
 */
import type { OpenChat } from "../../wasm/roo_api_wasm";
import { errorText } from "../apiErrors";
import type { ChatMessage, FileEdit, UndoPlan } from "../shared/generated/types";
import type { ActionOutcome, RevertOutcome } from "../shared/protocol";

/** What undoing needs of the files (the shell's `ToolRunner`). */
export interface EditFiles {
  /** The text of a workspace file now, or null when it does not exist. */
  currentText(path: string): Promise<string | null>;
  /** Restores or deletes as the plan says; null when done, else why not. */
  undo(plan: UndoPlan): Promise<string | null>;
  /** Opens an edit (before against after), or a pending call's proposal, in the diff editor. */
  showEdit(edit: FileEdit | { callId: string }): Promise<void>;
}

export interface UndoHost {
  chat: () => OpenChat;
  files: EditFiles;
  clock: () => number;
  /** The message changed (the edit shows as undone). */
  changed: (message: ChatMessage) => void;
  persist: () => Promise<void>;
}

/** The edit of the call `callId` of `replyId`, if it wrote one. */
export function editOf(chat: OpenChat, replyId: string, callId: string): FileEdit | undefined {
  return chat.message(replyId)?.toolCalls.find((call) => call.id === callId)?.edit ?? undefined;
}

/** Undoes one edit, unless the core refuses it (the file changed since, or it was undone). */
export async function undoEdit(host: UndoHost, replyId: string, callId: string): Promise<ActionOutcome> {
  const outcome = await undoOne(host, replyId, callId);
  if (outcome.ok) {
    await host.persist();
  }
  return outcome;
}

/** Undoes every edit of the chat not undone yet, newest first, and says what could not be. */
export async function revertAllEdits(host: UndoHost): Promise<RevertOutcome> {
  let reverted = 0;
  const errors: string[] = [];
  for (const edit of host.chat().editsToRevert()) {
    const outcome = await undoOne(host, edit.replyId, edit.callId);
    if (outcome.ok) {
      reverted += 1;
    } else {
      errors.push(outcome.error);
    }
  }
  if (reverted > 0) {
    await host.persist();
  }
  return { reverted, errors };
}

/** Opens an edit in the diff editor again. */
export async function showEditDiff(host: UndoHost, replyId: string, callId: string): Promise<ActionOutcome> {
  const edit = editOf(host.chat(), replyId, callId);
  if (edit !== undefined) {
    await host.files.showEdit(edit);
    return { ok: true };
  }
  // An edit still waiting for approval: its proposal is reopened (the approval card's button).
  const call = host.chat().message(replyId)?.toolCalls.find((candidate) => candidate.id === callId);
  if (call?.status.kind === "pending" && (call.name === "write_to_file" || call.name === "apply_diff")) {
    await host.files.showEdit({ callId });
    return { ok: true };
  }
  return { ok: false, error: "This tool call wrote no file, so there is no diff to show." };
}

async function undoOne(host: UndoHost, replyId: string, callId: string): Promise<ActionOutcome> {
  try {
    const edit = editOf(host.chat(), replyId, callId);
    const current = edit === undefined ? null : await host.files.currentText(edit.path);
    const plan = host.chat().planUndo(replyId, callId, current);
    if (plan.kind === "refused") {
      return { ok: false, error: plan.reason };
    }
    // A created file deleted since is already where undoing leaves it: only the mark changes.
    const failure = plan.kind === "alreadyRestored" ? null : await host.files.undo(plan);
    if (failure !== null) {
      return { ok: false, error: failure };
    }
    host.changed(host.chat().markEditUndone(replyId, callId, host.clock()));
    return { ok: true };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}
