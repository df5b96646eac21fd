/**
 * The extension's entry point: registers the sidebar, the commands and the settings listeners,
 * and nothing heavy. The wasm backend and the chat history load when the sidebar (or a command)
 * first needs them, so activation stays fast and never waits for the tokenizer.
 */
import * as vscode from "vscode";
import { loadBackend } from "./api/backend";
import { ChatController } from "./ChatController";
import { HistoryStore } from "./historyStore";
import { redact } from "./redact";
import { ApiKeyStore } from "./secrets";
import { affectsOurSettings, CONFIGURATION_SECTION } from "./settings";
import type { ExtensionToWebview } from "./shared/protocol";
import { SidebarProvider } from "./SidebarProvider";

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel("Roo Code Plus", { log: true });
  const apiKeys = new ApiKeyStore(context.secrets);
  let knownKey: string | undefined;
  void apiKeys.get().then((key) => (knownKey = key));
  // Every log line goes through redaction, so neither the stored key nor anything shaped like
  // one reaches the output channel.
  const log = {
    info: (message: string) => output.info(redact(message, knownKey)),
    warn: (message: string) => output.warn(redact(message, knownKey)),
    error: (message: string) => output.error(redact(message, knownKey)),
  };

  let controller: Promise<ChatController> | undefined;
  const getController = (): Promise<ChatController> => {
    controller ??= (async () => {
      const created = new ChatController(
        loadBackend(),
        apiKeys,
        new HistoryStore(context.globalStorageUri.fsPath),
        log,
        (message) => sidebar.post(message),
      );
      await created.loadHistory();
      return created;
    })();
    return controller;
  };
  const backendInfo = (): ExtensionToWebview => {
    try {
      return { type: "backendInfo", info: loadBackend().backendInfo() };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.error(`The provider backend failed to load: ${reason}`);
      return { type: "backendUnavailable", message: `The provider backend failed to load: ${reason}` };
    }
  };
  const sidebar = new SidebarProvider(context.extensionUri, output, getController, backendInfo);

  const revealSidebar = () => vscode.commands.executeCommand(`${SidebarProvider.viewId}.focus`);
  const refreshState = async () => {
    const ready = await getController();
    ready.settingsChanged();
    await ready.postState();
  };

  context.subscriptions.push(
    output,
    vscode.window.registerWebviewViewProvider(SidebarProvider.viewId, sidebar, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.commands.registerCommand("rooCodePlus.newChat", async () => {
      await revealSidebar();
      sidebar.showTab("chat");
      await (await getController()).newChat();
    }),
    vscode.commands.registerCommand("rooCodePlus.openSettings", async () => {
      await revealSidebar();
      sidebar.showTab("settings");
    }),
    vscode.commands.registerCommand("rooCodePlus.refreshModels", async () => {
      await revealSidebar();
      sidebar.showTab("settings");
      const ready = await getController();
      await ready.refreshModels("command", "");
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsOurSettings(event) && controller !== undefined) {
        void refreshState();
      }
    }),
    apiKeys.onDidChange(() => {
      void apiKeys.get().then((key) => (knownKey = key));
      if (controller !== undefined) {
        void refreshState();
      }
    }),
    {
      dispose: () => {
        void controller?.then((ready) => {
          ready.dispose();
        });
      },
    },
  );
  log.info(`Roo Code Plus activated (settings under "${CONFIGURATION_SECTION}").`);
}

export function deactivate(): void {}
