import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SettingsView } from "@shared/protocol";
import { SettingsPanel } from "./SettingsPanel";
import { DEFAULTS, fakeMessenger, settingsView } from "./testing";

describe("SettingsPanel", () => {
  it("hosts the provider options with the defaults as placeholders", () => {
    const { messenger } = fakeMessenger();
    render(<SettingsPanel settings={settingsView()} defaults={DEFAULTS} messenger={messenger} />);
    expect(screen.getByRole("heading", { name: "Provider" })).toBeInTheDocument();
    expect(screen.getByLabelText("API provider")).toHaveDisplayValue("LiteLLM");
    expect(screen.getByLabelText("API URL")).toHaveAttribute("placeholder", "http://localhost:4000");
    expect(screen.getByRole("combobox", { name: "Model ID" })).toHaveAttribute("placeholder", "Default: gpt-3.5-turbo");
  });

  it("shows the rules below the provider, with the custom instructions editor", () => {
    const { messenger } = fakeMessenger();
    render(<SettingsPanel settings={settingsView()} defaults={DEFAULTS} messenger={messenger} />);
    const headings = screen.getAllByRole("heading", { level: 3 }).map((heading) => heading.textContent);
    // Code mode (issue 15) follows the Context section, then the Team section (issue 16), which
    // shows its fields once it has asked for them.
    expect(headings).toEqual(["Provider", "Rules", "Context", "Code mode", "Team"]);
    expect(screen.getByRole("textbox", { name: "Custom instructions" })).toBeInTheDocument();
  });

  it("shows the settings the parent passes when the extension pushes a new state", () => {
    const { messenger } = fakeMessenger();
    const panel = (settings: SettingsView) => <SettingsPanel settings={settings} defaults={DEFAULTS} messenger={messenger} />;
    const { rerender } = render(panel(settingsView()));
    expect(screen.getByRole("button", { name: "Save key" })).toBeInTheDocument();

    rerender(panel(settingsView({ apiKeySet: true, litellmModelId: "claude-sonnet" })));
    expect(screen.getByText("A key is stored")).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Model ID" })).toHaveValue("claude-sonnet");
  });

  it("posts every request through the messenger it was given", async () => {
    const { messenger, posted } = fakeMessenger();
    render(<SettingsPanel settings={settingsView()} defaults={DEFAULTS} messenger={messenger} />);
    await userEvent.setup().click(screen.getByRole("button", { name: "Save" }));
    expect(posted.map((message) => (message.type === "request" ? message.request.kind : message.type))).toEqual(["refreshModels", "getTeamSettings", "saveSettings"]);
  });
});
