import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SettingsView } from "@shared/protocol";
import { formatMegabytes, parseMegabytes } from "./contextFields";
import { ContextSection } from "./ContextSection";
import { fakeMessenger, rulesView, settingsView } from "./testing";
import { DEFAULT_AGENT_SETTINGS } from "../../testing/fakeMessenger";

const STORED = settingsView({ litellmModelId: "stored-model", rules: rulesView({ customInstructions: "Be brief." }) });

function renderSection(settings: SettingsView = STORED) {
  const fake = fakeMessenger();
  render(<ContextSection settings={settings} messenger={fake.messenger} />);
  return { ...fake, user: userEvent.setup() };
}

const sizeField = () => screen.getByRole("spinbutton", { name: "Largest file a mention attaches (MB)" });
const thresholdField = () => screen.getByRole("spinbutton", { name: "Offer Condense at (% of the context window)" });
const saveButton = () => screen.getByRole("button", { name: "Save context settings" });

describe("ContextSection", () => {
  it("shows the stored limits: 1 MB and 80%", () => {
    renderSection();
    expect(screen.getByRole("heading", { name: "Context" })).toBeInTheDocument();
    expect(sizeField()).toHaveValue(1);
    expect(thresholdField()).toHaveValue(80);
    expect(saveButton()).toBeDisabled();
  });

  it("saves the new limits with the other stored settings unchanged", async () => {
    const { user, lastRequest, respond } = renderSection();
    await user.clear(sizeField());
    await user.type(sizeField(), "2.5");
    await user.clear(thresholdField());
    await user.type(thresholdField(), "70");
    await user.click(saveButton());
    expect(lastRequest("saveSettings").request).toEqual({
      kind: "saveSettings",
      settings: {
        apiProvider: "litellm",
        litellmApiUrl: "http://localhost:4000",
        litellmModelId: "stored-model",
        litellmModelInfo: null,
        customInstructions: "Be brief.",
        context: { maxFileBytes: 2_500_000, condenseThresholdPercent: 70 },
        agent: DEFAULT_AGENT_SETTINGS,
      },
    });
    const saved = { ...STORED, context: { maxFileBytes: 2_500_000, condenseThresholdPercent: 70 } };
    await respond({ kind: "saveSettings", response: { ok: true, settings: saved } });
    expect(screen.getByRole("status")).toHaveTextContent("Saved");
    // The answer's limits show before the state that follows it arrives.
    expect(sizeField()).toHaveValue(2.5);
    expect(saveButton()).toBeDisabled();
  });

  it("says what to enter for out-of-range values and does not save them", async () => {
    const { user, requestsOf } = renderSection();
    await user.clear(sizeField());
    await user.type(sizeField(), "500");
    await user.clear(thresholdField());
    await user.type(thresholdField(), "0");
    const alerts = screen.getAllByRole("alert").map((alert) => alert.textContent);
    expect(alerts).toEqual(["Enter a size from 0.01 to 100 MB.", "Enter a whole number from 10 to 100."]);
    expect(sizeField()).toHaveAttribute("aria-invalid", "true");
    expect(saveButton()).toBeDisabled();
    await user.click(saveButton());
    expect(requestsOf("saveSettings")).toEqual([]);
  });

  it("shows the core's refusal", async () => {
    const { user, respond } = renderSection();
    await user.clear(thresholdField());
    await user.type(thresholdField(), "90");
    await user.click(saveButton());
    await respond({ kind: "saveSettings", response: { ok: false, error: { field: "context.condenseThresholdPercent", message: "Too high." } } });
    expect(screen.getByRole("alert")).toHaveTextContent("Too high.");
    expect(thresholdField()).toHaveValue(90);
  });
});

describe("context fields", () => {
  it("converts megabytes of 1,000,000 bytes both ways", () => {
    expect(formatMegabytes(1_000_000)).toBe("1");
    expect(formatMegabytes(1_500_000)).toBe("1.5");
    expect(parseMegabytes("0.25")).toEqual({ ok: true, value: 250_000 });
    expect(parseMegabytes("")).toMatchObject({ ok: false });
    expect(parseMegabytes("abc")).toMatchObject({ ok: false });
  });
});
