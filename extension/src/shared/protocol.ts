/**
 * The one message protocol between the extension host and the sidebar webview. Both sides import
 * this file, so a message that one side sends and the other does not understand is a type error,
 * not a silent nothing. Each direction is a discriminated union on `type`.
 */
import type { BackendInfo } from "./generated/types";

/** Messages the webview posts to the extension. */
export type WebviewToExtension = { type: "ready" };

/** Messages the extension posts to the webview. */
export type ExtensionToWebview =
  | { type: "backendInfo"; info: BackendInfo }
  | { type: "backendUnavailable"; message: string };

const WEBVIEW_MESSAGE_TYPES: ReadonlySet<string> = new Set<WebviewToExtension["type"]>(["ready"]);

/**
 * Checks a value that arrived from the webview before the extension acts on it: a webview is a
 * web page, and whatever it posts is untrusted input until proven to match the protocol.
 */
export function isWebviewToExtension(value: unknown): value is WebviewToExtension {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const type = (value as { type?: unknown }).type;
  return typeof type === "string" && WEBVIEW_MESSAGE_TYPES.has(type);
}
