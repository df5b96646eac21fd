/**
 * The sidebar's webview view: serves the React app and routes its protocol messages to the chat
 * controller. It owns the VS Code side of the webview and nothing else.
 */
import * as vscode from "vscode";
import type { ChatController } from "./ChatController";
import {
  isWebviewToExtension,
  type ExtensionToWebview,
  type Tab,
  type WebviewToExtension,
} from "./shared/protocol";
import { createNonce, renderWebviewHtml } from "./webviewHtml";

type Handlers = {
  [Type in WebviewToExtension["type"]]: (message: Extract<WebviewToExtension, { type: Type }>) => Promise<void> | void;
};

export class SidebarProvider implements vscode.WebviewViewProvider {
  public static readonly viewId = "roo-code-plus.sidebar";
  private view: vscode.WebviewView | undefined;
  private pendingTab: Tab | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly controller: () => Promise<ChatController>,
    private readonly backendInfo: () => ExtensionToWebview,
  ) {}

  /** Posts to the webview when it is open; when it is not, the next `ready` re-sends the state. */
  post(message: ExtensionToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  /** Shows a tab, now or as soon as the webview is ready. */
  showTab(tab: Tab): void {
    this.pendingTab = tab;
    this.post({ type: "showTab", tab });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, "dist", "webview");
    view.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot] };
    view.webview.html = renderWebviewHtml(
      {
        cspSource: view.webview.cspSource,
        scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, "index.js")).toString(),
        styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, "index.css")).toString(),
      },
      createNonce(),
    );
    view.webview.onDidReceiveMessage((message: unknown) => {
      if (!isWebviewToExtension(message)) {
        this.log.warn("Ignored a webview message that is not part of the protocol.");
        return;
      }
      void this.handle(message);
    });
    view.onDidDispose(() => {
      this.view = undefined;
    });
  }

  private async handle(message: WebviewToExtension): Promise<void> {
    try {
      const handlers = this.handlers(await this.controller());
      await (handlers[message.type] as (message: WebviewToExtension) => Promise<void> | void)(message);
    } catch (error) {
      this.log.error(`Handling "${message.type}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** One handler per message type; the mapped type makes a missing handler a compile error. */
  private handlers(controller: ChatController): Handlers {
    return {
      ready: async () => {
        this.post(this.backendInfo());
        await controller.postState();
        controller.warmUpSoon();
        if (this.pendingTab !== undefined) {
          this.post({ type: "showTab", tab: this.pendingTab });
        }
      },
      saveSettings: (message) => controller.saveSettings(message.requestId, message.settings),
      setApiKey: (message) => controller.setApiKey(message.requestId, message.apiKey),
      clearApiKey: (message) => controller.clearApiKey(message.requestId),
      validateApiUrl: (message) => {
        controller.validateApiUrl(message.requestId, message.apiUrl);
      },
      refreshModels: (message) => controller.refreshModels(message.requestId, message.apiUrl),
      sendMessage: (message) => controller.sendMessage(message.requestId, message.text),
      stopReply: (message) => {
        controller.stopReply(message.requestId);
      },
      retryReply: (message) => controller.retryReply(message.requestId),
      newChat: () => controller.newChat(),
      openChat: (message) => controller.openChat(message.conversationId),
      deleteChat: (message) => controller.deleteChat(message.conversationId),
    };
  }
}
