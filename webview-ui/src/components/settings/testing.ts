/**
 * Test helpers for the settings components: a fake messenger that records what the panel posts
 * and delivers the extension's answers, and the settings and models the tests start from.
 */
import { act } from "@testing-library/react";
import type { DiscoveredModel, ModelInfo, ProviderDefaults } from "@shared/generated/types";
import type { ExtensionToWebview, SettingsView, WebviewToExtension } from "@shared/protocol";
import type { Messenger } from "../../utils/vscode";

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
  /** The messages of one type the panel posted, oldest first. */
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

export const SANE_DEFAULTS: ModelInfo = {
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

export const DEFAULTS: ProviderDefaults = {
  litellmApiUrl: "http://localhost:4000",
  litellmModelId: "gpt-3.5-turbo",
  litellmModelInfo: SANE_DEFAULTS,
};

export function settingsView(overrides: Partial<SettingsView> = {}): SettingsView {
  return {
    apiProvider: "litellm",
    litellmApiUrl: "http://localhost:4000",
    litellmModelId: "gpt-3.5-turbo",
    litellmModelInfo: null,
    apiKeySet: false,
    ...overrides,
  };
}

export const MODELS: DiscoveredModel[] = [
  {
    id: "gpt-4o-mini",
    underlyingModel: "openai/gpt-4o-mini",
    info: {
      maxTokens: 16384,
      contextWindow: 128000,
      supportsImages: true,
      supportsPromptCache: true,
      supportsReasoning: false,
      inputPrice: 0.15,
      outputPrice: 0.6,
      cacheWritesPrice: null,
      cacheReadsPrice: 0.075,
      description: null,
    },
  },
  {
    id: "local-llama",
    underlyingModel: "ollama/llama3",
    info: { ...SANE_DEFAULTS, contextWindow: 8192, maxTokens: null },
  },
  { id: "claude-sonnet", underlyingModel: null, info: { ...SANE_DEFAULTS, supportsReasoning: true, inputPrice: 3, outputPrice: 15 } },
];
