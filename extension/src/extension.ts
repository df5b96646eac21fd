/**
 * The extension's entry point: registers the sidebar, the commands and the settings listeners,
 * and nothing heavy. The wasm backend and the chat history load when the sidebar (or a command)
 * first needs them, so activation stays fast and never waits for the tokenizer.
 */
import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import { loadBackend } from "./api/backend";
import { errorText } from "./apiErrors";
import type { OpenChatIdStore } from "./chat/activeChat";
import { redact } from "./redact";
import { ApiKeyStore } from "./secrets";
import { affectsOurSettings, CONFIGURATION_SECTION } from "./settings";
import type { ExtensionToWebview } from "./shared/protocol";
import { AddToChatCodeActions, editorLines } from "./context/addToChat";
import { vscodeContextHost } from "./context/vscodeContextHost";
import { createShell, type Shell } from "./shell";
import { SidebarProvider } from "./SidebarProvider";

/** The workspace-state key of the chat this window shows (per window, unlike the history). */
const OPEN_CHAT_KEY = "rooCodePlus.openChatId";

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel("Roo Code Plus", { log: true });
  const apiKeys = new ApiKeyStore(context.secrets);
  let knownKey: string | undefined;
  void apiKeys.get().then((key) => (knownKey = key));
  // Every log line and warning goes through redaction, so neither the stored key nor anything
  // shaped like one reaches the output channel or a notification.
  const log = {
    info: (message: string) => output.info(redact(message, knownKey)),
    warn: (message: string) => output.warn(redact(message, knownKey)),
    error: (message: string) => output.error(redact(message, knownKey)),
  };
  const warnings = {
    warn: (message: string) => void vscode.window.showWarningMessage(`Roo Code Plus: ${redact(message, knownKey)}`),
  };
  const openChatId: OpenChatIdStore = {
    read: () => context.workspaceState.get<string>(OPEN_CHAT_KEY),
    write: (id) => Promise.resolve(context.workspaceState.update(OPEN_CHAT_KEY, id)),
  };
  const backendInfo = (): ExtensionToWebview => {
    try {
      return { type: "backendInfo", info: loadBackend().backendInfo() };
    } catch (error) {
      const reason = errorText(error);
      log.error(`The provider backend failed to load: ${reason}`);
      return { type: "backendUnavailable", message: `The provider backend failed to load: ${reason}` };
    }
  };

  // Made now so the terminals' output is collected from activation on, for @terminal.
  const contextHost = vscodeContextHost();
  let shell: Promise<Shell> | undefined;
  const getShell = (): Promise<Shell> => {
    shell ??= createShell({
      backend: loadBackend(),
      apiKeys,
      teamSecrets: context.secrets,
      storageFolder: context.globalStorageUri.fsPath,
      openChatId,
      log,
      warnings,
      post: (message) => {
        sidebar.post(message);
      },
      backendInfo,
      newId: randomUUID,
      contextHost,
    });
    return shell;
  };
  const sidebar = new SidebarProvider(context.extensionUri, output, async () => (await getShell()).router);

  const revealSidebar = () => vscode.commands.executeCommand(`${SidebarProvider.viewId}.focus`);
  const settingsChanged = () => {
    void shell?.then((ready) => {
      ready.settings.changed();
    });
  };

  context.subscriptions.push(
    output,
    contextHost,
    vscode.window.registerWebviewViewProvider(SidebarProvider.viewId, sidebar, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.commands.registerCommand("rooCodePlus.newChat", async () => {
      await revealSidebar();
      sidebar.showTab("chat");
      await (await getShell()).chats.newChat();
    }),
    vscode.commands.registerCommand("rooCodePlus.openSettings", async () => {
      await revealSidebar();
      sidebar.showTab("settings");
    }),
    vscode.commands.registerCommand("rooCodePlus.refreshModels", async () => {
      await revealSidebar();
      sidebar.showTab("settings");
      const outcome = await (await getShell()).catalogue.refresh("");
      sidebar.post({ type: "modelsRefreshed", outcome });
    }),
    vscode.commands.registerCommand("rooCodePlus.addToChat", async (uri?: unknown, range?: unknown) => {
      const target = editorLines(uri, range);
      if (typeof target === "string") {
        void vscode.window.showInformationMessage(`Roo Code Plus: ${target}`);
        return;
      }
      await revealSidebar();
      sidebar.showTab("chat");
      const chip = (await getShell()).context.selectionChip(target.fsPath, target.startLine, target.endLine);
      sidebar.postWhenReady({ type: "insertMention", chip });
    }),
    vscode.commands.registerCommand("rooCodePlus.focusChat", async () => {
      await revealSidebar();
      sidebar.showTab("chat");
      sidebar.postWhenReady({ type: "focusComposer" });
    }),
    vscode.languages.registerCodeActionsProvider({ scheme: "file" }, new AddToChatCodeActions(), {
      providedCodeActionKinds: AddToChatCodeActions.kinds,
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsOurSettings(event)) {
        settingsChanged();
      }
    }),
    apiKeys.onDidChange(() => {
      void apiKeys.get().then((key) => (knownKey = key));
      settingsChanged();
    }),
    {
      dispose: () => {
        void shell?.then((ready) => {
          ready.dispose();
        });
      },
    },
  );
  log.info(`Roo Code Plus activated (settings under "${CONFIGURATION_SECTION}").`);
}

export function deactivate(): void {}
