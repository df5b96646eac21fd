import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SettingsView } from "@shared/protocol";
import { RulesSection } from "./RulesSection";
import { fakeMessenger, rulesView, settingsView } from "./testing";
import { DEFAULT_AGENT_SETTINGS } from "../../testing/fakeMessenger";

/** A workspace with AGENTS.md, one .roo/rules file that is binary and stored custom instructions. */
const FOUND = settingsView({
  litellmApiUrl: "http://proxy:4000",
  litellmModelId: "stored-model",
  rules: rulesView({
    report: {
      sources: [
        { source: "AGENTS.md", status: "found", tokens: 1234, note: null },
        { source: ".roo/rules/logo.md", status: "unreadable", tokens: 0, note: "It looks like a binary file: it has NUL bytes." },
        { source: ".roorules", status: "notFound", tokens: 0, note: null },
        { source: "custom instructions", status: "found", tokens: 9, note: null },
      ],
    },
    customInstructions: "Answer in French.",
    promptTokens: 1300,
  }),
});

function renderSection(settings: SettingsView = FOUND) {
  const fake = fakeMessenger();
  const view = render(<RulesSection settings={settings} messenger={fake.messenger} />);
  const rerender = (next: SettingsView) => {
    view.rerender(<RulesSection settings={next} messenger={fake.messenger} />);
  };
  return { ...fake, rerender };
}

const sources = () => within(screen.getByRole("list", { name: "Rules sources" })).getAllByRole("listitem").map((item) => item.textContent);
const editor = () => screen.getByRole("textbox", { name: "Custom instructions" });
const saveButton = () => screen.getByRole("button", { name: "Save instructions" });

describe("RulesSection", () => {
  it("lists every source in the prompt's order with what became of it and its tokens", () => {
    renderSection();
    expect(screen.getByRole("heading", { name: "Rules" })).toBeInTheDocument();
    expect(sources()).toEqual([
      "AGENTS.mdFound, 1,234 tokens",
      ".roo/rules/logo.mdUnreadableIt looks like a binary file: it has NUL bytes.",
      ".roorulesNot found",
      "custom instructionsFound, 9 tokens",
    ]);
    expect(screen.getByText("The system prompt takes 1,300 tokens of every request.")).toBeInTheDocument();
  });

  it("shows an empty source as empty, with no tokens", () => {
    renderSection(settingsView());
    expect(sources()).toEqual(["AGENTS.mdNot found", ".roo/rules/Not found", ".roorulesNot found", "custom instructionsEmpty"]);
    expect(editor()).toHaveValue("");
  });

  it("saves the edited instructions with the stored provider settings, and shows the new report", async () => {
    const fake = renderSection();
    const user = userEvent.setup();
    expect(editor()).toHaveValue("Answer in French.");
    expect(saveButton()).toBeDisabled();

    await user.clear(editor());
    await user.type(editor(), "Answer in German.{Enter}Use metric units.");
    await user.click(saveButton());
    expect(fake.lastRequest("saveSettings").request).toEqual({
      kind: "saveSettings",
      settings: {
        apiProvider: "litellm",
        litellmApiUrl: "http://proxy:4000",
        litellmModelId: "stored-model",
        litellmModelInfo: null,
        customInstructions: "Answer in German.\nUse metric units.",
        context: { maxFileBytes: 1_000_000, condenseThresholdPercent: 80 },
        agent: DEFAULT_AGENT_SETTINGS,
      },
    });
    expect(screen.getByRole("status")).toHaveTextContent("Saving…");
    expect(saveButton()).toBeDisabled();

    const savedRules = rulesView({
      customInstructions: "Answer in German.\nUse metric units.",
      report: { sources: [{ source: "custom instructions", status: "found", tokens: 12, note: null }] },
    });
    await fake.respond({ kind: "saveSettings", response: { ok: true, settings: { ...FOUND, rules: savedRules } } });
    expect(screen.getByRole("status")).toHaveTextContent("Saved");
    // The answer's report shows before the state that follows it arrives.
    expect(sources()).toEqual(["custom instructionsFound, 12 tokens"]);
    expect(editor()).toHaveValue("Answer in German.\nUse metric units.");
    expect(saveButton()).toBeDisabled();

    await user.type(editor(), "!");
    expect(saveButton()).toBeEnabled();
    expect(screen.getByRole("status")).toHaveTextContent("");
  });

  it("keeps the typed text and shows the refusal when the save is refused", async () => {
    const fake = renderSection();
    const user = userEvent.setup();
    await user.type(editor(), " Always.");
    await user.click(saveButton());
    await fake.respond({
      kind: "saveSettings",
      response: { ok: false, error: { field: "litellmApiUrl", message: "The URL must start with http:// or https://." } },
    });
    expect(screen.getByRole("alert")).toHaveTextContent("API URL: The URL must start with http:// or https://.");
    expect(editor()).toHaveValue("Answer in French. Always.");
    expect(saveButton()).toBeEnabled();
  });

  it("follows the stored instructions when the extension pushes new settings and nothing is typed", () => {
    const fake = renderSection();
    fake.rerender({ ...FOUND, rules: rulesView({ customInstructions: "Edited in settings.json." }) });
    expect(editor()).toHaveValue("Edited in settings.json.");
  });
});
