/**
 * The sidebar's webview view: serves the React app, checks what it posts against the protocol
 * and hands it to the message router, and re-reads the history when the view becomes visible
 * (another window may have changed it). It owns the VS Code side of the webview and nothing else.
 */
import * as vscode from "vscode";
import { errorText } from "./apiErrors";
import { parseWebviewMessage, type ExtensionToWebview, type Tab, type WebviewToExtension } from "./shared/protocol";
import type { MessageRouter } from "./sidebar/messageRouter";
import { createNonce, renderWebviewHtml } from "./webviewHtml";

export class SidebarProvider implements vscode.WebviewViewProvider {
  public static readonly viewId = "roo-code-plus.sidebar";
  private view: vscode.WebviewView | undefined;
  private pendingTab: Tab | undefined;
  /** Whether the webview said `ready` since it was last (re)created. */
  private ready = false;
  /** Messages for a webview that is not ready yet (a chip from the editor, the composer's focus). */
  private pending: ExtensionToWebview[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly router: () => Promise<MessageRouter>,
  ) {}

  /** Posts to the webview when it is open; when it is not, the next `ready` re-sends the state. */
  post(message: ExtensionToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  /**
   * Posts now when the webview is ready, otherwise as soon as it is: a command that reveals the
   * sidebar and then posts must not lose its message to the webview still loading.
   */
  postWhenReady(message: ExtensionToWebview): void {
    if (this.view !== undefined && this.ready) {
      this.post(message);
    } else {
      this.pending.push(message);
    }
  }

  /** Shows a tab, now or as soon as the webview is ready. */
  showTab(tab: Tab): void {
    this.pendingTab = tab;
    this.post({ type: "showTab", tab });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
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
    view.webview.onDidReceiveMessage((value: unknown) => {
      const message = parseWebviewMessage(value);
      if (message === undefined) {
        this.log.warn("Ignored a webview message that is not part of the protocol.");
        return;
      }
      void this.route(message);
    });
    view.onDidChangeVisibility(() => {
      if (view.visible) {
        void this.route({ type: "refreshHistory" });
      } else {
        // A hidden view's page is torn down (no retained context); it says `ready` again when shown.
        this.ready = false;
      }
    });
    view.onDidDispose(() => {
      this.view = undefined;
      this.ready = false;
    });
  }

  private async route(message: WebviewToExtension): Promise<void> {
    let router: MessageRouter;
    try {
      router = await this.router();
    } catch (error) {
      // Without the backend nothing can be answered; the webview shows why instead of waiting.
      const reason = errorText(error);
      this.log.error(`The chat could not start: ${reason}`);
      this.post({ type: "backendUnavailable", message: `The provider backend failed to load: ${reason}` });
      return;
    }
    await router.handle(message);
    if (message.type === "ready") {
      if (this.pendingTab !== undefined) {
        this.post({ type: "showTab", tab: this.pendingTab });
      }
      this.ready = true;
      for (const pending of this.pending.splice(0)) {
        this.post(pending);
      }
    }
  }
}
