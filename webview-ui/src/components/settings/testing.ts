/**
 * Test helpers for the settings components: a fake messenger that records what the panel posts
 * and delivers the extension's answers, and the settings and models the tests start from.
 */
import type { DiscoveredModel, ModelInfo, ProviderDefaults } from "@shared/generated/types";
import type { RulesView, SettingsView } from "@shared/protocol";
import { DEFAULT_AGENT_SETTINGS, DEFAULT_CONTEXT_SETTINGS, fakeMessenger, SANE_MODEL_INFO } from "../../testing/fakeMessenger";

export { fakeMessenger };

export const SANE_DEFAULTS: ModelInfo = SANE_MODEL_INFO;

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
    rules: rulesView(),
    context: DEFAULT_CONTEXT_SETTINGS,
    agent: DEFAULT_AGENT_SETTINGS,
    ...overrides,
  };
}

/** The rules of a folder with none, and no custom instructions, as the extension reports them. */
export function rulesView(overrides: Partial<RulesView> = {}): RulesView {
  return {
    report: {
      sources: [
        { source: "AGENTS.md", status: "notFound", tokens: 0, note: null },
        { source: ".roo/rules/", status: "notFound", tokens: 0, note: null },
        { source: ".roorules", status: "notFound", tokens: 0, note: null },
        { source: "custom instructions", status: "empty", tokens: 0, note: null },
      ],
    },
    customInstructions: "",
    promptTokens: 31,
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
      supportsFunctionCalling: true,
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
