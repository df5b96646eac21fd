/**
 * Writes the agent's edits through VS Code rather than behind its back: a `WorkspaceEdit` that
 * replaces the whole document (or creates the file) and then a save, so open editors, their undo
 * stacks and file watchers all see the change. An edit is written whole or not at all, and a
 * document with unsaved changes is never overwritten (the user's typing would be lost).
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import * as vscode from "vscode";

/**
 * What writing gave: the text now in the file (VS Code keeps a document's line endings, so an
 * edit of a CRLF file is written with CRLF), or why nothing was written.
 */
export type WriteResult = { ok: true; written: string } | { ok: false; text: string };

/** Writes `text` to the file at `absolute` (named `label`). */
export async function writeWholeFile(absolute: string, label: string, text: string, exists: boolean): Promise<WriteResult> {
  const uri = vscode.Uri.file(absolute);
  try {
    if (!exists) {
      await mkdir(dirname(absolute), { recursive: true });
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, { overwrite: false, contents: new TextEncoder().encode(text) });
      return (await vscode.workspace.applyEdit(edit))
        ? { ok: true, written: text }
        : refused(`${label} could not be created (VS Code refused the edit; another file may have appeared there). Read the folder again and retry.`);
    }
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.isDirty) {
      return refused(`${label} has unsaved changes in the editor, so it was not overwritten. Ask the user to save or revert them, then read the file again.`);
    }
    const edit = new vscode.WorkspaceEdit();
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    edit.replace(uri, document.validateRange(whole), text);
    if (!(await vscode.workspace.applyEdit(edit))) {
      return refused(`${label} could not be edited (VS Code refused the edit). Read the file again and retry.`);
    }
    if (!(await document.save())) {
      return refused(`${label} was edited in the editor but could not be saved. Ask the user to check the file's permissions and save it.`);
    }
    return { ok: true, written: document.getText() };
  } catch (error) {
    return refused(`${label} could not be written (${error instanceof Error ? error.message : String(error)}). Ask the user to check the file and its folder.`);
  }
}

function refused(text: string): WriteResult {
  return { ok: false, text };
}

/** Deletes the file at `absolute` through VS Code (closing its editors): `null` when done, else why not. */
export async function deleteFile(absolute: string, label: string): Promise<string | null> {
  try {
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(vscode.Uri.file(absolute), { ignoreIfNotExists: true });
    return (await vscode.workspace.applyEdit(edit)) ? null : `${label} could not be deleted (VS Code refused). Delete it by hand if it should go.`;
  } catch (error) {
    return `${label} could not be deleted (${error instanceof Error ? error.message : String(error)}). Delete it by hand if it should go.`;
  }
}
