/**
 * "Add to Roo Code Plus chat" from the editor: which lines the command adds (the range a code
 * action passes, or the active editor's selection), and the code action that offers it on a
 * selection. The command itself (extension.ts) turns the lines into a chip for the composer.
 */
import * as vscode from "vscode";

/** The lines a command adds: the file and 1-based inclusive lines. */
export interface EditorLines {
  fsPath: string;
  startLine: number;
  endLine: number;
}

/** The command's id, as package.json contributes it. */
export const ADD_TO_CHAT_COMMAND = "rooCodePlus.addToChat";

/**
 * The lines to add, or a sentence saying why there are none: from the code action's arguments
 * (a URI and a range), else the active editor's selection. A selection that ends at the start of
 * a line does not include that line, as the user sees it.
 */
export function editorLines(uri: unknown, range: unknown): EditorLines | string {
  let fsPathOf: vscode.Uri;
  let selected: vscode.Range;
  if (uri instanceof vscode.Uri && range instanceof vscode.Range) {
    fsPathOf = uri;
    selected = range;
  } else {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) {
      return "Open a file and select the lines to add to the chat first.";
    }
    fsPathOf = editor.document.uri;
    selected = editor.selection;
  }
  if (fsPathOf.scheme !== "file") {
    return "Save the file first: only files on disk can be added to the chat.";
  }
  if (selected.isEmpty) {
    return "Select the lines to add to the chat first.";
  }
  return { fsPath: fsPathOf.fsPath, ...linesOf(selected.start.line, selected.end.line, selected.end.character) };
}

/** 1-based inclusive lines of a selection from `startLine` to `endLine` (0-based), ending at `endCharacter`. */
export function linesOf(startLine: number, endLine: number, endCharacter: number): { startLine: number; endLine: number } {
  const last = endCharacter === 0 && endLine > startLine ? endLine - 1 : endLine;
  return { startLine: startLine + 1, endLine: last + 1 };
}

/** Offers "Add to Roo Code Plus chat" in the light bulb of a selection. */
export class AddToChatCodeActions implements vscode.CodeActionProvider {
  /** Read when the provider is registered (not at load, so the module loads outside VS Code too). */
  static get kinds(): vscode.CodeActionKind[] {
    return [vscode.CodeActionKind.Empty];
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    if (range.isEmpty) {
      return [];
    }
    const action = new vscode.CodeAction("Add to Roo Code Plus chat", vscode.CodeActionKind.Empty);
    action.command = { command: ADD_TO_CHAT_COMMAND, title: "Add to Roo Code Plus chat", arguments: [document.uri, range] };
    return [action];
  }
}
