/**
 * The webview's side of the message protocol: posts typed messages to the extension and
 * subscribes to typed messages from it. Components receive a `Messenger`, so tests hand them a
 * fake one and no component ever touches `acquireVsCodeApi` directly.
 */
import type { ExtensionToWebview, WebviewToExtension } from "@shared/protocol";

export interface Messenger {
  post(message: WebviewToExtension): void;
  /** Subscribes to messages from the extension; returns the unsubscribe function. */
  subscribe(listener: (message: ExtensionToWebview) => void): () => void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The messenger backed by the real webview host. `acquireVsCodeApi` may be called only once. */
export function createVsCodeMessenger(): Messenger {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    subscribe: (listener) => {
      // Only the extension host posts into the webview's window; the protocol types its data.
      const handler = (event: MessageEvent<ExtensionToWebview>) => listener(event.data);
      window.addEventListener("message", handler);
      return () => window.removeEventListener("message", handler);
    },
  };
}
