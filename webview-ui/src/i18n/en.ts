/**
 * The English message catalogue. Keys are `namespace:path`, as in the seed
 * (`settings:providers.liteLLM.apiKey`); other languages add a catalogue of the same shape.
 */
export const en = {
  common: {
    tabs: { chat: "Chat", settings: "Settings" },
    backend: {
      loading: "Loading the provider backend…",
      ready: "Backend {{version}} (WebAssembly) · providers: {{providers}}",
    },
  },
  chat: {
    empty: "Start a conversation with any model behind your LiteLLM proxy.",
  },
  settings: {
    placeholder: "Choose a provider and enter its details.",
  },
} as const;
