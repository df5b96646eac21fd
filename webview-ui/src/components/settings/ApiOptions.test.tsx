import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SettingsView } from "@shared/protocol";
import { ApiOptions } from "./ApiOptions";
import { DEFAULTS, MODELS, SANE_DEFAULTS, fakeMessenger, settingsView } from "./testing";

function renderOptions(settings: SettingsView = settingsView()) {
  const fake = fakeMessenger();
  const view = render(<ApiOptions settings={settings} defaults={DEFAULTS} messenger={fake.messenger} />);
  const rerender = (next: SettingsView) => {
    view.rerender(<ApiOptions settings={next} defaults={DEFAULTS} messenger={fake.messenger} />);
  };
  return { ...fake, ...view, rerender };
}

/** Answers the discovery the panel started (on mount or by Refresh) with these models. */
function answerDiscovery(fake: ReturnType<typeof fakeMessenger>, models = MODELS) {
  fake.deliver({ type: "modelsLoaded", requestId: fake.last("refreshModels").requestId, models });
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
    expect(fake.last("refreshModels")).toMatchObject({ apiUrl: "http://proxy:4000" });
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
  it("asks the extension once, after the user pauses typing, and shows the error it returns", () => {
    vi.useFakeTimers();
    const fake = renderOptions();

    typeUrl("ftp://proxy");
    advance(249);
    expect(fake.postedOf("validateApiUrl")).toHaveLength(0);
    advance(1);
    expect(fake.postedOf("validateApiUrl")).toEqual([
      { type: "validateApiUrl", requestId: expect.any(String) as string, apiUrl: "ftp://proxy" },
    ]);

    fake.deliver({
      type: "apiUrlValidated",
      requestId: fake.last("validateApiUrl").requestId,
      error: "The proxy URL must start with http:// or https://.",
    });
    expect(screen.getByText("The proxy URL must start with http:// or https://.")).toBeInTheDocument();
    expect(urlInput()).toHaveAttribute("aria-invalid", "true");
    expect(urlInput()).toHaveAccessibleDescription(/must start with http/);
  });

  it("ignores an answer to an older request", () => {
    vi.useFakeTimers();
    const fake = renderOptions();

    typeUrl("ftp://a");
    advance(250);
    const first = fake.last("validateApiUrl").requestId;
    typeUrl("http://b:4000");
    advance(250);
    const second = fake.last("validateApiUrl").requestId;
    expect(second).not.toBe(first);
    expect(fake.last("validateApiUrl").apiUrl).toBe("http://b:4000");

    fake.deliver({ type: "apiUrlValidated", requestId: second, error: null });
    fake.deliver({ type: "apiUrlValidated", requestId: first, error: "stale error" });
    expect(screen.queryByText("stale error")).not.toBeInTheDocument();
    expect(urlInput()).toHaveAttribute("aria-invalid", "false");
  });

  it("clears the error when the extension accepts the URL", () => {
    vi.useFakeTimers();
    const fake = renderOptions();

    typeUrl("http://x:99999");
    advance(250);
    fake.deliver({ type: "apiUrlValidated", requestId: fake.last("validateApiUrl").requestId, error: "Bad port." });
    expect(screen.getByText("Bad port.")).toBeInTheDocument();

    typeUrl("http://x:9999");
    advance(250);
    fake.deliver({ type: "apiUrlValidated", requestId: fake.last("validateApiUrl").requestId, error: null });
    expect(screen.queryByText("Bad port.")).not.toBeInTheDocument();
  });

  it("does not ask after it unmounted", () => {
    vi.useFakeTimers();
    const fake = renderOptions();
    typeUrl("http://gone");
    fake.unmount();
    advance(1000);
    expect(fake.postedOf("validateApiUrl")).toHaveLength(0);
  });
});

describe("API key", () => {
  it("saves a typed key with a request id and leaves no trace of it in the DOM", async () => {
    const fake = renderOptions(settingsView({ apiKeySet: false }));
    const user = userEvent.setup();
    const saveKey = screen.getByRole("button", { name: "Save key" });
    expect(saveKey).toBeDisabled();

    await user.type(keyInput(), "sk-very-secret");
    expect(saveKey).toBeEnabled();
    await user.click(saveKey);

    expect(fake.last("setApiKey")).toEqual({ type: "setApiKey", requestId: expect.any(String) as string, apiKey: "sk-very-secret" });
    expect(keyInput()).toHaveValue("");
    expect(fake.container.innerHTML).not.toContain("sk-very-secret");
    expect(screen.getByText("Saving the key…")).toBeInTheDocument();

    fake.deliver({ type: "settingsSaved", requestId: fake.last("setApiKey").requestId, settings: settingsView({ apiKeySet: true }) });
    expect(screen.getByText("A key is stored")).toBeInTheDocument();
    expect(screen.getByText("Key saved")).toBeInTheDocument();
    expect(queryKeyInput()).not.toBeInTheDocument();
    expect(fake.container.innerHTML).not.toContain("sk-very-secret");
  });

  it("saves the key with Enter too", async () => {
    const fake = renderOptions();
    await userEvent.setup().type(keyInput(), "sk-enter{Enter}");
    expect(fake.last("setApiKey").apiKey).toBe("sk-enter");
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
    expect(fake.postedOf("setApiKey")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Replace" }));
    await user.type(keyInput(), "sk-new");
    await user.click(screen.getByRole("button", { name: "Save key" }));
    expect(fake.last("setApiKey").apiKey).toBe("sk-new");
    expect(fake.container.innerHTML).not.toContain("sk-new");

    fake.deliver({ type: "settingsSaved", requestId: fake.last("setApiKey").requestId, settings: settingsView({ apiKeySet: true }) });
    expect(screen.getByText("A key is stored")).toBeInTheDocument();
    expect(screen.getByText("Key saved")).toBeInTheDocument();
  });

  it("clears a stored key", async () => {
    const fake = renderOptions(settingsView({ apiKeySet: true }));
    await userEvent.setup().click(screen.getByRole("button", { name: "Clear" }));
    expect(fake.last("clearApiKey")).toEqual({ type: "clearApiKey", requestId: expect.any(String) as string });
    expect(screen.getByRole("button", { name: "Clear" })).toBeDisabled();

    fake.deliver({ type: "settingsSaved", requestId: fake.last("clearApiKey").requestId, settings: settingsView({ apiKeySet: false }) });
    expect(keyInput()).toHaveValue("");
    expect(screen.getByText("Key cleared")).toBeInTheDocument();
  });

  it("shows a rejected key's message", async () => {
    const fake = renderOptions();
    await userEvent.setup().type(keyInput(), "sk bad{Enter}");
    fake.deliver({
      type: "settingsRejected",
      requestId: fake.last("setApiKey").requestId,
      error: { field: "litellmApiKey", message: "The API key may only contain printable characters." },
    });
    expect(screen.getByRole("alert")).toHaveTextContent("API key: The API key may only contain printable characters.");
  });
});

describe("model discovery", () => {
  it("Refresh asks for the models at the URL in the field and lists them", async () => {
    const fake = renderOptions();
    const user = userEvent.setup();
    answerDiscovery(fake, []);
    expect(screen.getByText("The proxy listed no models; type any model id.")).toBeInTheDocument();

    await user.clear(urlInput());
    await user.type(urlInput(), " http://other:4000/ ");
    await user.click(screen.getByRole("button", { name: "Refresh the model list" }));
    expect(fake.last("refreshModels")).toEqual({ type: "refreshModels", requestId: expect.any(String) as string, apiUrl: "http://other:4000/" });
    expect(screen.getByText("Loading models…")).toBeInTheDocument();

    answerDiscovery(fake);
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
    const first = fake.last("refreshModels").requestId;
    await userEvent.setup().click(screen.getByRole("button", { name: "Refresh the model list" }));
    fake.deliver({ type: "modelsLoaded", requestId: first, models: MODELS });
    expect(screen.getByText("Loading models…")).toBeInTheDocument();
    answerDiscovery(fake, MODELS.slice(0, 1));
    expect(screen.getByText("1 model on the proxy")).toBeInTheDocument();
  });

  it("shows why discovery failed, and free entry still works", async () => {
    const fake = renderOptions();
    fake.deliver({
      type: "modelsFailed",
      requestId: fake.last("refreshModels").requestId,
      error: {
        kind: "proxyUnreachable",
        message: "The LiteLLM proxy at http://localhost:4000 is not answering. Start it, or check the API URL.",
        detail: null,
        status: null,
        body: null,
        retryAfterSeconds: null,
        retryable: true,
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
    answerDiscovery(fake);
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
    answerDiscovery(fake);
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
    answerDiscovery(
      fake,
      MODELS.map((model, index) => (index === 0 ? { ...model, id: "gpt-3.5-turbo" } : model)),
    );
    expect(screen.getByRole("region", { name: "Capabilities of gpt-3.5-turbo" })).toBeInTheDocument();
    await userEvent.setup().clear(modelInput());
    expect(screen.getByRole("region", { name: "Capabilities of gpt-3.5-turbo" })).toBeInTheDocument();
  });

  it("filters the list as the user types and picks with the keyboard", async () => {
    const fake = renderOptions();
    answerDiscovery(fake);
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
  it("posts the edited settings, trimmed, and keeps the stored model info override", async () => {
    const override = { ...SANE_DEFAULTS, contextWindow: 32000 };
    const fake = renderOptions(settingsView({ litellmModelInfo: override }));
    const user = userEvent.setup();
    expect(screen.getByText(/custom model info override is saved/)).toBeInTheDocument();

    await user.clear(urlInput());
    await user.type(urlInput(), "https://llm.example.com/litellm ");
    await user.clear(modelInput());
    await user.type(modelInput(), " openai/gpt-4o");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(fake.last("saveSettings")).toEqual({
      type: "saveSettings",
      requestId: expect.any(String) as string,
      settings: {
        apiProvider: "litellm",
        litellmApiUrl: "https://llm.example.com/litellm",
        litellmModelId: "openai/gpt-4o",
        litellmModelInfo: override,
      },
    });
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();

    fake.deliver({
      type: "settingsSaved",
      requestId: fake.last("saveSettings").requestId,
      settings: settingsView({ litellmApiUrl: "https://llm.example.com/litellm", litellmModelId: "openai/gpt-4o", litellmModelInfo: override }),
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
    fake.deliver({
      type: "settingsRejected",
      requestId: fake.last("saveSettings").requestId,
      error: { field: "litellmApiUrl", message: "The proxy URL must start with http:// or https://." },
    });
    expect(screen.getByRole("alert")).toHaveTextContent("API URL: The proxy URL must start with http:// or https://.");
    expect(urlInput()).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByText("Saved")).not.toBeInTheDocument();
  });

  it("ignores answers to requests it did not make", () => {
    const fake = renderOptions();
    fake.deliver({ type: "settingsSaved", requestId: "someone-else", settings: settingsView({ apiKeySet: true }) });
    fake.deliver({ type: "settingsRejected", requestId: "someone-else", error: { field: "litellmModelId", message: "nope" } });
    fake.deliver({ type: "apiUrlValidated", requestId: "someone-else", error: "nope" });
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
