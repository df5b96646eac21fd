/**
 * The `ContextHost` over the real VS Code API: the diagnostics, the active editor's selection,
 * a document's lines, the open editors (tabs), the active terminal's output collected through
 * shell integration, and the modal question before a secret-looking file is attached.
 */
import * as vscode from "vscode";
import type { Problem, ProblemSeverity } from "../shared/generated/types";
import { linesOf } from "./addToChat";
import type { ContextHost, EditorSelection } from "./mentionResolver";
import { insideRelative } from "./mentionPaths";
import { TerminalOutputs } from "./terminalOutput";

const ATTACH_ANYWAY = "Attach anyway";

/** The host, and the subscriptions that collect terminal output (dispose them with the shell). */
export function vscodeContextHost(): ContextHost & { dispose(): void } {
  const terminals = new TerminalOutputs<vscode.Terminal>();
  const subscriptions: vscode.Disposable[] = [
    vscode.window.onDidStartTerminalShellExecution((event) => {
      void terminals.record(event.terminal, event.execution).catch(() => undefined);
    }),
    vscode.window.onDidCloseTerminal((terminal) => {
      terminals.forget(terminal);
    }),
  ];
  return {
    problems: (root) => currentProblems(root),
    activeSelection: () => activeSelection(),
    linesOf: async (fsPath, startLine, endLine) => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(fsPath));
      const last = Math.min(endLine, document.lineCount) - 1;
      if (startLine - 1 > last) {
        return "";
      }
      return document.getText(new vscode.Range(startLine - 1, 0, last, document.lineAt(last).text.length));
    },
    activeTerminal: () => {
      const terminal = vscode.window.activeTerminal;
      return terminal === undefined ? undefined : { name: terminal.name, output: terminals.output(terminal) };
    },
    confirmSecret: async (label) => {
      const answer = await vscode.window.showWarningMessage(
        `${label} looks like it may hold secrets (keys, passwords). Attach it to the message anyway? Its contents will be sent to the model.`,
        { modal: true },
        ATTACH_ANYWAY,
      );
      return answer === ATTACH_ANYWAY;
    },
    openEditors: () => openEditorFiles(),
    dispose: () => {
      for (const subscription of subscriptions) {
        subscription.dispose();
      }
    },
  };
}

/**
 * A host that makes the real one when first asked (never disposed: it lives as long as the
 * extension host), for a shell built without one.
 */
export function lazyVscodeContextHost(): ContextHost {
  let host: ContextHost | undefined;
  const real = (): ContextHost => (host ??= vscodeContextHost());
  return {
    problems: (root) => real().problems(root),
    activeSelection: () => real().activeSelection(),
    linesOf: (fsPath, startLine, endLine) => real().linesOf(fsPath, startLine, endLine),
    activeTerminal: () => real().activeTerminal(),
    confirmSecret: (label) => real().confirmSecret(label),
    openEditors: () => real().openEditors(),
  };
}

/** The active editor's selection as whole lines (a selection ending at a line's start stops before it). */
function activeSelection(): EditorSelection | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    return undefined;
  }
  const { selection, document } = editor;
  return { fsPath: document.uri.fsPath, ...linesOf(selection.start.line, selection.end.line, selection.end.character), text: document.getText(selection) };
}

/** The files of the open tabs, the active group's active tab first. */
function openEditorFiles(): string[] {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
  const active = vscode.window.tabGroups.activeTabGroup.activeTab;
  const ordered = active === undefined ? tabs : [active, ...tabs.filter((tab) => tab !== active)];
  return ordered.flatMap((tab) => (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === "file" ? [tab.input.uri.fsPath] : []));
}

/** The core's name of a diagnostic's severity. */
function severityOf(severity: vscode.DiagnosticSeverity): ProblemSeverity {
  switch (severity) {
    case vscode.DiagnosticSeverity.Error:
      return "error";
    case vscode.DiagnosticSeverity.Warning:
      return "warning";
    case vscode.DiagnosticSeverity.Information:
      return "information";
    case vscode.DiagnosticSeverity.Hint:
      return "hint";
  }
}

/** Every diagnostic of every file, its path relative to the workspace folder when inside it. */
function currentProblems(root: string | undefined): Problem[] {
  return vscode.languages.getDiagnostics().flatMap(([uri, diagnostics]) => {
    const path = (root === undefined ? undefined : insideRelative(root, uri.fsPath)) ?? uri.fsPath;
    return diagnostics.map((diagnostic) => ({
      path,
      line: diagnostic.range.start.line + 1,
      column: diagnostic.range.start.character + 1,
      severity: severityOf(diagnostic.severity),
      message: diagnostic.message,
      source: diagnostic.source ?? null,
    }));
  });
}
