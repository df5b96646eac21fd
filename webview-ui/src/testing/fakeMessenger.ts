/**
 * Shared test helpers for the webview: a fake messenger that records what components post and
 * delivers the extension's messages, and the sane-defaults model info every fixture starts from.
 */
import { act } from "@testing-library/react";
import type { ModelInfo } from "@shared/generated/types";
import type { ExtensionToWebview, WebviewToExtension } from "@shared/protocol";
import type { Messenger } from "../utils/vscode";

export function fakeMessenger() {
  const posted: WebviewToExtension[] = [];
  const listeners = new Set<(message: ExtensionToWebview) => void>();
  const messenger: Messenger = {
    post: (message) => posted.push(message),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const deliver = (message: ExtensionToWebview) => {
    act(() => {
      listeners.forEach((listener) => {
        listener(message);
      });
    });
  };
  /** The messages of one type that were posted, oldest first. */
  const postedOf = <T extends WebviewToExtension["type"]>(type: T) =>
    posted.filter((message): message is Extract<WebviewToExtension, { type: T }> => message.type === type);
  /** The last message of one type; fails the test when there is none. */
  const last = <T extends WebviewToExtension["type"]>(type: T) => {
    const found = postedOf(type).at(-1);
    if (found === undefined) {
      throw new Error(`nothing of type ${type} was posted; posted: ${JSON.stringify(posted)}`);
    }
    return found;
  };
  return { messenger, posted, listeners, deliver, postedOf, last };
}

/** The core's sane defaults, as the extension sends them. */
export const SANE_MODEL_INFO: ModelInfo = {
  maxTokens: 4096,
  contextWindow: 16385,
  supportsImages: false,
  supportsPromptCache: false,
  supportsReasoning: false,
  inputPrice: null,
  outputPrice: null,
  cacheWritesPrice: null,
  cacheReadsPrice: null,
  description: null,
};
