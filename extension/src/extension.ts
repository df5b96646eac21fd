/**
 * The extension's entry point: registers the sidebar and nothing heavy. The wasm backend loads
 * when the sidebar first asks for it, so activation stays fast.
 */
import * as vscode from "vscode";
import { SidebarProvider } from "./SidebarProvider";

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel("Roo Code Plus", { log: true });
  context.subscriptions.push(
    log,
    vscode.window.registerWebviewViewProvider(SidebarProvider.viewId, new SidebarProvider(context.extensionUri, log), {
      webviewOptions: { retainContextWhenHidden: false },
    }),
  );
  log.info("Roo Code Plus activated.");
}

export function deactivate(): void {}
