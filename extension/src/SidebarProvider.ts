/**
 * The sidebar's webview view: serves the React app, and answers its messages with values from
 * the wasm backend. It owns the VS Code side of the protocol and nothing else.
 */
import * as vscode from "vscode";
import { loadBackend } from "./api/backend";
import { isWebviewToExtension, type ExtensionToWebview, type WebviewToExtension } from "./shared/protocol";
import { createNonce, renderWebviewHtml } from "./webviewHtml";

export class SidebarProvider implements vscode.WebviewViewProvider {
  public static readonly viewId = "roo-code-plus.sidebar";

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
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
      void this.handle(message, (reply) => view.webview.postMessage(reply));
    });
  }

  /**
   * One handler per message type; the mapped type makes a message without a handler a compile
   * error.
   */
  private readonly handlers: {
    [Type in WebviewToExtension["type"]]: (
      message: Extract<WebviewToExtension, { type: Type }>,
      post: (reply: ExtensionToWebview) => Thenable<boolean>,
    ) => Promise<void>;
  } = {
    ready: async (_message, post) => {
      try {
        await post({ type: "backendInfo", info: loadBackend().backendInfo() });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.log.error(`The provider backend failed to load: ${reason}`);
        await post({ type: "backendUnavailable", message: `The provider backend failed to load: ${reason}` });
      }
    },
  };

  private handle(message: WebviewToExtension, post: (reply: ExtensionToWebview) => Thenable<boolean>): Promise<void> {
    return this.handlers[message.type](message, post);
  }
}
