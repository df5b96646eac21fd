import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SettingsView } from "@shared/protocol";
import { ApiOptions } from "./ApiOptions";
import { DEFAULTS, MODELS, SANE_DEFAULTS, fakeMessenger, rulesView, settingsView } from "./testing";
import { DEFAULT_AGENT_SETTINGS } from "../../testing/fakeMessenger";

function renderOptions(settings: SettingsView = settingsView()) {
  const fake = fakeMessenger();
  const view = render(<ApiOptions settings={settings} defaults={DEFAULTS} messenger={fake.messenger} />);
  const rerender = (next: SettingsView) => {
    view.rerender(<ApiOptions settings={next} defaults={DEFAULTS} messenger={fake.messenger} />);
  };
  return { ...fake, ...view, rerender };
}

/** Answers the discovery the panel started (on mount or by Refresh) with these models. */
async function answerDiscovery(fake: ReturnType<typeof fakeMessenger>, models = MODELS) {
  await fake.respond({ kind: "refreshModels", response: { ok: true, models } });
}

const urlInput = () => screen.getByLabelText("API URL");
const keyInput = () => screen.getByLabelText("API key", { selector: "input" });
const queryKeyInput = () => screen.queryByLabelText("API key", { selector: "input" });
/** Moves the fake clock, letting React apply what the timers did. */
const advance = (ms: number) => {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
};
/** Types into the URL field one character at a time, synchronously (fake timers stay in control). */
const typeUrl = (text: string) => {
  for (let end = 1; end <= text.length; end++) {
    fireEvent.change(urlInput(), { target: { value: text.slice(0, end) } });
  }
};
const modelInput = () => screen.getByRole("combobox", { name: "Model ID" });

afterEach(() => {
  vi.useRealTimers();
});

describe("ApiOptions fields", () => {
  it("renders the provider, key, URL and model fields with labels and the defaults as placeholders", () => {
    renderOptions();
    const provider = screen.getByLabelText("API provider");
    expect(provider).toHaveValue("litellm");
    expect(within(provider).getByRole("option", { name: "LiteLLM" })).toBeInTheDocument();

    expect(keyInput()).toHaveAttribute("type", "password");
    expect(urlInput()).toHaveAttribute("placeholder", "http://localhost:4000");
    expect(urlInput()).toHaveValue("http://localhost:4000");
    expect(modelInput()).toHaveAttribute("placeholder", "Default: gpt-3.5-turbo");
    expect(modelInput()).toHaveValue("gpt-3.5-turbo");
  });

  it("asks for the proxy's models when it opens", () => {
    const fake = renderOptions(settingsView({ litellmApiUrl: "http://proxy:4000" }));
    expect(fake.lastRequest("refreshModels").request).toEqual({ kind: "refreshModels", apiUrl: "http://proxy:4000" });
    expect(screen.getByText("Loading models…")).toBeInTheDocument();
  });

  it("stops listening when it unmounts", () => {
    const fake = renderOptions();
    expect(fake.listeners.size).toBe(1);
    fake.unmount();
    expect(fake.listeners.size).toBe(0);
  });
});

describe("API URL validation", () => {
  it("asks the extension once, after the user pauses typing, and shows the error it returns", async () => {
    vi.useFakeTimers();
    const fake = renderOptions();

    typeUrl("ftp://proxy");
    advance(249);
    expect(fake.requestsOf("validateApiUrl")).toHaveLength(0);
    advance(1);
    expect(fake.requestsOf("validateApiUrl").map((sent) => sent.request)).toEqual([{ kind: "validateApiUrl", apiUrl: "ftp://proxy" }]);

    await fake.respond({ kind: "validateApiUrl", response: { error: "The proxy URL must start with http:// or https://." } });
    expect(screen.getByText("The proxy URL must start with http:// or https://.")).toBeInTheDocument();
    expect(urlInput()).toHaveAttribute("aria-invalid", "true");
    expect(urlInput()).toHaveAccessibleDescription(/must start with http/);
  });

  it("ignores an answer to an older request", async () => {
    vi.useFakeTimers();
    const fake = renderOptions();

    typeUrl("ftp://a");
    advance(250);
    const first = fake.lastRequest("validateApiUrl");
    typeUrl("http://b:4000");
    advance(250);
    const second = fake.lastRequest("validateApiUrl");
    expect(second.id).not.toBe(first.id);
    expect(second.request.apiUrl).toBe("http://b:4000");

    await fake.respond({ kind: "validateApiUrl", response: { error: null } }, second);
    await fake.respond({ kind: "validateApiUrl", response: { error: "stale error" } }, first);
    expect(screen.queryByText("stale error")).not.toBeInTheDocument();
    expect(urlInput()).toHaveAttribute("aria-invalid", "false");
  });

  it("clears the error when the extension accepts the URL", async () => {
    vi.useFakeTimers();
    const fake = renderOptions();

    typeUrl("http://x:99999");
    advance(250);
    await fake.respond({ kind: "validateApiUrl", response: { error: "Bad port." } });
    expect(screen.getByText("Bad port.")).toBeInTheDocument();

    typeUrl("http://x:9999");
    advance(250);
    await fake.respond({ kind: "validateApiUrl", response: { error: null } });
    expect(screen.queryByText("Bad port.")).not.toBeInTheDocument();
  });

  it("does not ask after it unmounted", () => {
    vi.useFakeTimers();
    const fake = renderOptions();
    typeUrl("http://gone");
    fake.unmount();
    advance(1000);
    expect(fake.requestsOf("validateApiUrl")).toHaveLength(0);
  });
});

describe("API key", () => {
  it("saves a typed key and leaves no trace of it in the DOM", async () => {
    const fake = renderOptions(settingsView({ apiKeySet: false }));
    const user = userEvent.setup();
    const saveKey = screen.getByRole("button", { name: "Save key" });
    expect(saveKey).toBeDisabled();

    await user.type(keyInput(), "sk-very-secret");
    expect(saveKey).toBeEnabled();
    await user.click(saveKey);

    expect(fake.lastRequest("setApiKey").request).toEqual({ kind: "setApiKey", apiKey: "sk-very-secret" });
    expect(keyInput()).toHaveValue("");
    expect(fake.container.innerHTML).not.toContain("sk-very-secret");
    expect(screen.getByText("Saving the key…")).toBeInTheDocument();

    await fake.respond({ kind: "setApiKey", response: { ok: true, settings: settingsView({ apiKeySet: true }) } });
    expect(screen.getByText("A key is stored")).toBeInTheDocument();
    expect(screen.getByText("Key saved")).toBeInTheDocument();
    expect(queryKeyInput()).not.toBeInTheDocument();
    expect(fake.container.innerHTML).not.toContain("sk-very-secret");
  });

  it("shows why a key was refused and keeps the field open to paste it again", async () => {
    const fake = renderOptions();
    await userEvent.setup().type(keyInput(), "sk-with a space{Enter}");
    expect(fake.lastRequest("setApiKey").request.apiKey).toBe("sk-with a space");
    await fake.respond({
      kind: "setApiKey",
      response: { ok: false, error: { field: "litellmApiKey", message: "The API key may only contain printable characters." } },
    });
    expect(screen.getByRole("alert")).toHaveTextContent("The API key may only contain printable characters.");
    expect(screen.queryByText("A key is stored")).not.toBeInTheDocument();
    expect(keyInput()).toHaveValue("");
    expect(fake.container.innerHTML).not.toContain("sk-with a space");
  });

  it("saves the key with Enter too", async () => {
    const fake = renderOptions();
    await userEvent.setup().type(keyInput(), "sk-enter{Enter}");
    expect(fake.lastRequest("setApiKey").request.apiKey).toBe("sk-enter");
    expect(keyInput()).toHaveValue("");
  });

  it("shows a stored key as stored, never as a value, with Replace and Clear", () => {
    renderOptions(settingsView({ apiKeySet: true }));
    expect(screen.getByText("A key is stored")).toBeInTheDocument();
    expect(screen.getByRole("group", { name: "API key" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Replace" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Clear" })).toBeInTheDocument();
    expect(queryKeyInput()).not.toBeInTheDocument();
  });

  it("replaces a stored key", async () => {
    const fake = renderOptions(settingsView({ apiKeySet: true }));
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Replace" }));
    expect(keyInput()).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.getByText("A key is stored")).toBeInTheDocument();
    expect(fake.requestsOf("setApiKey")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Replace" }));
    await user.type(keyInput(), "sk-new");
    await user.click(screen.getByRole("button", { name: "Save key" }));
    expect(fake.lastRequest("setApiKey").request.apiKey).toBe("sk-new");
    expect(fake.container.innerHTML).not.toContain("sk-new");

    await fake.respond({ kind: "setApiKey", response: { ok: true, settings: settingsView({ apiKeySet: true }) } });
    expect(screen.getByText("A key is stored")).toBeInTheDocument();
    expect(screen.getByText("Key saved")).toBeInTheDocument();
  });

  it("clears a stored key", async () => {
    const fake = renderOptions(settingsView({ apiKeySet: true }));
    await userEvent.setup().click(screen.getByRole("button", { name: "Clear" }));
    expect(fake.lastRequest("clearApiKey").request).toEqual({ kind: "clearApiKey" });
    expect(screen.getByRole("button", { name: "Clear" })).toBeDisabled();

    await fake.respond({ kind: "clearApiKey", response: { settings: settingsView({ apiKeySet: false }) } });
    expect(keyInput()).toHaveValue("");
    expect(screen.getByText("Key cleared")).toBeInTheDocument();
  });

  it("applies only the answer to the latest key change", async () => {
    const fake = renderOptions(settingsView({ apiKeySet: true }));
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Clear" }));
    const clear = fake.lastRequest("clearApiKey");
    await fake.respond({ kind: "clearApiKey", response: { settings: settingsView({ apiKeySet: false }) } });
    await user.type(keyInput(), "sk-later{Enter}");

    // The clear's answer arriving again, late, must not undo the key saved since.
    await fake.respond({ kind: "setApiKey", response: { ok: true, settings: settingsView({ apiKeySet: true }) } });
    await fake.respond({ kind: "clearApiKey", response: { settings: settingsView({ apiKeySet: false }) } }, clear);
    expect(screen.getByText("A key is stored")).toBeInTheDocument();
    expect(screen.getByText("Key saved")).toBeInTheDocument();
  });
});

describe("model discovery", () => {
  it("Refresh asks for the models at the URL in the field and lists them", async () => {
    const fake = renderOptions();
    const user = userEvent.setup();
    await answerDiscovery(fake, []);
    expect(screen.getByText("The proxy listed no models; type any model id.")).toBeInTheDocument();

    await user.clear(urlInput());
    await user.type(urlInput(), " http://other:4000/ ");
    await user.click(screen.getByRole("button", { name: "Refresh the model list" }));
    expect(fake.lastRequest("refreshModels").request).toEqual({ kind: "refreshModels", apiUrl: "http://other:4000/" });
    expect(screen.getByText("Loading models…")).toBeInTheDocument();

    await answerDiscovery(fake);
    expect(screen.getByText("3 models on the proxy")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Show models" }));
    const list = screen.getByRole("listbox", { name: "Models on the proxy" });
    expect(within(list).getAllByRole("option").map((option) => option.textContent)).toEqual([
      "gpt-4o-miniopenai/gpt-4o-mini",
      "local-llamaollama/llama3",
      "claude-sonnet",
    ]);
    expect(modelInput()).toHaveAttribute("aria-expanded", "true");
  });

  it("ignores the answer to a discovery that a newer one replaced", async () => {
    const fake = renderOptions();
    const first = fake.lastRequest("refreshModels");
    await userEvent.setup().click(screen.getByRole("button", { name: "Refresh the model list" }));
    await fake.respond({ kind: "refreshModels", response: { ok: true, models: MODELS } }, first);
    expect(screen.getByText("Loading models…")).toBeInTheDocument();
    await answerDiscovery(fake, MODELS.slice(0, 1));
    expect(screen.getByText("1 model on the proxy")).toBeInTheDocument();
  });

  it("lists the models refreshed elsewhere, such as by the palette's Refresh Models", () => {
    const fake = renderOptions();
    fake.deliver({ type: "modelsRefreshed", outcome: { ok: true, models: MODELS.slice(0, 2) } });
    expect(screen.getByText("2 models on the proxy")).toBeInTheDocument();
    const error = { kind: "serverError" as const, message: "The proxy answered 500.", detail: null, status: 500, body: null, retryAfterSeconds: null, retryable: true };
    fake.deliver({ type: "modelsRefreshed", outcome: { ok: false, error } });
    expect(screen.getByRole("alert")).toHaveTextContent("The proxy answered 500.");
  });

  it("shows why discovery failed, and free entry still works", async () => {
    const fake = renderOptions();
    await fake.respond({
      kind: "refreshModels",
      response: {
        ok: false,
        error: {
          kind: "proxyUnreachable",
          message: "The LiteLLM proxy at http://localhost:4000 is not answering. Start it, or check the API URL.",
          detail: null,
          status: null,
          body: null,
          retryAfterSeconds: null,
          retryable: true,
        },
      },
    });
    expect(screen.getByRole("alert")).toHaveTextContent("The LiteLLM proxy at http://localhost:4000 is not answering.");
    expect(screen.getByRole("button", { name: "Show models" })).toBeDisabled();

    const user = userEvent.setup();
    await user.clear(modelInput());
    await user.type(modelInput(), "my/custom-model");
    expect(modelInput()).toHaveValue("my/custom-model");
  });

  it("choosing a discovered model shows its capabilities and prices per million tokens", async () => {
    const fake = renderOptions();
    await answerDiscovery(fake);
    const user = userEvent.setup();
    // The stored model (gpt-3.5-turbo) is not on this proxy.
    expect(screen.getByText(/Not in the proxy's list/)).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: /Capabilities of/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Show models" }));
    await user.click(screen.getByRole("option", { name: /gpt-4o-mini/ }));
    expect(modelInput()).toHaveValue("gpt-4o-mini");
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();

    const capabilities = screen.getByRole("region", { name: "Capabilities of gpt-4o-mini" });
    const value = (term: string) => within(capabilities).getByText(term).nextElementSibling?.textContent;
    expect(value("Context window")).toBe("128,000 tokens");
    expect(value("Max output")).toBe("16,384 tokens");
    expect(value("Images")).toBe("Supported");
    expect(value("Prompt caching")).toBe("Supported");
    expect(value("Reasoning")).toBe("Not supported");
    expect(value("Input price")).toBe("$0.15 / 1M input");
    expect(value("Output price")).toBe("$0.60 / 1M output");
    expect(value("Cache writes price")).toBe("unknown");
    expect(value("Cache reads price")).toBe("$0.075 / 1M cache reads");
    expect(screen.queryByText(/Not in the proxy's list/)).not.toBeInTheDocument();
  });

  it("says unknown for a model whose prices and max output the proxy did not report, never $0", async () => {
    const fake = renderOptions();
    await answerDiscovery(fake);
    const user = userEvent.setup();
    await user.clear(modelInput());
    await user.type(modelInput(), "local-llama");

    const capabilities = screen.getByRole("region", { name: "Capabilities of local-llama" });
    const value = (term: string) => within(capabilities).getByText(term).nextElementSibling?.textContent;
    expect(value("Context window")).toBe("8,192 tokens");
    expect(value("Max output")).toBe("unknown");
    expect(value("Images")).toBe("Not supported");
    expect(value("Input price")).toBe("unknown");
    expect(value("Output price")).toBe("unknown");
    // No caching, no cache prices: those rows would only be noise.
    expect(within(capabilities).queryByText("Cache reads price")).not.toBeInTheDocument();
    expect(capabilities).not.toHaveTextContent("$0");
  });

  it("shows the default model's capabilities when the field is empty", async () => {
    const fake = renderOptions();
    await answerDiscovery(
      fake,
      MODELS.map((model, index) => (index === 0 ? { ...model, id: "gpt-3.5-turbo" } : model)),
    );
    expect(screen.getByRole("region", { name: "Capabilities of gpt-3.5-turbo" })).toBeInTheDocument();
    await userEvent.setup().clear(modelInput());
    expect(screen.getByRole("region", { name: "Capabilities of gpt-3.5-turbo" })).toBeInTheDocument();
  });

  it("filters the list as the user types and picks with the keyboard", async () => {
    const fake = renderOptions();
    await answerDiscovery(fake);
    const user = userEvent.setup();
    await user.clear(modelInput());
    await user.type(modelInput(), "LLAMA");
    const listed = () => within(screen.getByRole("listbox", { hidden: true })).queryAllByRole("option");
    expect(listed()).toHaveLength(1);
    expect(listed()[0]).toHaveTextContent("local-llama");

    await user.clear(modelInput());
    await user.keyboard("{Escape}");
    expect(modelInput()).toHaveAttribute("aria-expanded", "false");
    await user.keyboard("{ArrowDown}");
    expect(listed()).toHaveLength(3);
    await user.keyboard("{ArrowDown}{ArrowDown}");
    const active = within(screen.getByRole("listbox")).getByRole("option", { selected: true });
    expect(active).toHaveTextContent("local-llama");
    expect(modelInput()).toHaveAttribute("aria-activedescendant", active.id);
    await user.keyboard("{ArrowUp}{Enter}");
    expect(modelInput()).toHaveValue("gpt-4o-mini");
    expect(modelInput()).toHaveAttribute("aria-expanded", "false");
  });
});

describe("saving", () => {
  it("posts the edited settings, trimmed, and keeps the stored model info override and custom instructions", async () => {
    const override = { ...SANE_DEFAULTS, contextWindow: 32000 };
    const fake = renderOptions(settingsView({ litellmModelInfo: override, rules: rulesView({ customInstructions: "Keep answers short." }) }));
    const user = userEvent.setup();
    expect(screen.getByText(/custom model info override is saved/)).toBeInTheDocument();

    await user.clear(urlInput());
    await user.type(urlInput(), "https://llm.example.com/litellm ");
    await user.clear(modelInput());
    await user.type(modelInput(), " openai/gpt-4o");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(fake.lastRequest("saveSettings").request).toEqual({
      kind: "saveSettings",
      settings: {
        apiProvider: "litellm",
        litellmApiUrl: "https://llm.example.com/litellm",
        litellmModelId: "openai/gpt-4o",
        litellmModelInfo: override,
        customInstructions: "Keep answers short.",
        context: { maxFileBytes: 1_000_000, condenseThresholdPercent: 80 },
        agent: DEFAULT_AGENT_SETTINGS,
      },
    });
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();

    await fake.respond({
      kind: "saveSettings",
      response: {
        ok: true,
        settings: settingsView({ litellmApiUrl: "https://llm.example.com/litellm", litellmModelId: "openai/gpt-4o", litellmModelInfo: override }),
      },
    });
    expect(screen.getByText("Saved")).toBeInTheDocument();
    expect(urlInput()).toHaveValue("https://llm.example.com/litellm");
    expect(modelInput()).toHaveValue("openai/gpt-4o");
    expect(screen.getByRole("button", { name: "Save" })).toBeEnabled();

    await user.type(modelInput(), "x");
    expect(screen.queryByText("Saved")).not.toBeInTheDocument();
  });

  it("shows the rejection, naming the field, and marks the field", async () => {
    const fake = renderOptions();
    await userEvent.setup().click(screen.getByRole("button", { name: "Save" }));
    await fake.respond({
      kind: "saveSettings",
      response: { ok: false, error: { field: "litellmApiUrl", message: "The proxy URL must start with http:// or https://." } },
    });
    expect(screen.getByRole("alert")).toHaveTextContent("API URL: The proxy URL must start with http:// or https://.");
    expect(urlInput()).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByText("Saved")).not.toBeInTheDocument();
  });

  it("ignores answers to requests it did not make", async () => {
    const fake = renderOptions();
    await userEvent.setup().click(screen.getByRole("button", { name: "Save" }));
    const save = fake.lastRequest("saveSettings");
    await fake.respond({ kind: "saveSettings", response: { ok: true, settings: settingsView({ apiKeySet: true }) } }, { id: "someone-else" });
    await fake.respond({ kind: "saveSettings", response: { ok: false, error: { field: "litellmModelId", message: "nope" } } }, { id: "someone-else" });
    await fake.respond({ kind: "validateApiUrl", response: { error: "nope" } }, { id: "someone-else" });
    // The save's id with another kind's answer is not the save's answer either.
    await fake.respond({ kind: "setApiKey", response: { ok: true, settings: settingsView({ apiKeySet: true }) } }, save);
    expect(screen.getByText("Saving…")).toBeInTheDocument();
    expect(screen.queryByText("Saved")).not.toBeInTheDocument();
    expect(screen.queryByText(/nope/)).not.toBeInTheDocument();
    expect(screen.queryByText("A key is stored")).not.toBeInTheDocument();
  });
});

describe("new settings from the extension", () => {
  it("follow in the fields the user did not edit, and leave the edited ones alone", async () => {
    const fake = renderOptions();
    await userEvent.setup().clear(modelInput());
    await userEvent.setup().type(modelInput(), "mine");

    fake.rerender(settingsView({ litellmApiUrl: "http://elsewhere:4000", litellmModelId: "theirs", apiKeySet: true }));
    expect(urlInput()).toHaveValue("http://elsewhere:4000");
    expect(modelInput()).toHaveValue("mine");
    expect(screen.getByText("A key is stored")).toBeInTheDocument();
  });
});
