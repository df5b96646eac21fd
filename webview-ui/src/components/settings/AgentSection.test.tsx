import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DEFAULT_AGENT_SETTINGS } from "../../testing/fakeMessenger";
import { AgentSection, refusedField } from "./AgentSection";
import { parseAllowList } from "./agentFields";
import { fakeMessenger, rulesView, settingsView } from "./testing";

const STORED = settingsView({ litellmModelId: "stored-model", rules: rulesView({ customInstructions: "Be brief." }) });

function renderSection() {
  const fake = fakeMessenger();
  render(<AgentSection settings={STORED} messenger={fake.messenger} />);
  return { ...fake, user: userEvent.setup() };
}

const reads = () => screen.getByRole("checkbox", { name: "Read, list and search the workspace without asking" });
const allowList = () => screen.getByRole("textbox", { name: "Commands that run without asking" });
const stepLimit = () => screen.getByRole("spinbutton", { name: "Steps before asking to continue" });
const timeout = () => screen.getByRole("spinbutton", { name: "Command timeout (seconds)" });
const askInstructions = () => screen.getByRole("textbox", { name: "Ask mode instructions" });
const codeInstructions = () => screen.getByRole("textbox", { name: "Code mode instructions" });
const saveButton = () => screen.getByRole("button", { name: "Save Code mode settings" });

describe("AgentSection", () => {
  it("shows the safe defaults: nothing auto-approved, an empty allow-list", () => {
    renderSection();
    expect(screen.getByRole("heading", { name: "Code mode" })).toBeInTheDocument();
    expect(reads()).not.toBeChecked();
    expect(reads()).toHaveAccessibleDescription("Files that look like they hold secrets (.env, keys, credentials) always ask.");
    expect(allowList()).toHaveValue("");
    expect(stepLimit()).toHaveValue(25);
    expect(timeout()).toHaveValue(300);
    expect(askInstructions()).toHaveValue(DEFAULT_AGENT_SETTINGS.modeInstructions.ask);
    expect(codeInstructions()).toHaveValue(DEFAULT_AGENT_SETTINGS.modeInstructions.code);
    expect(saveButton()).toBeDisabled();
  });

  it("saves every field with the other stored settings unchanged", async () => {
    const { user, lastRequest, respond } = renderSection();
    await user.click(reads());
    await user.type(allowList(), "npm test{Enter}{Enter}  git status  ");
    await user.clear(stepLimit());
    await user.type(stepLimit(), "10");
    await user.clear(timeout());
    await user.type(timeout(), "60");
    await user.clear(codeInstructions());
    await user.type(codeInstructions(), "Run the tests after each edit.");
    await user.click(saveButton());
    const agent = {
      autoApproveReads: true,
      commandAllowList: ["npm test", "git status"],
      stepLimit: 10,
      commandTimeoutSeconds: 60,
      modeInstructions: { ask: DEFAULT_AGENT_SETTINGS.modeInstructions.ask, code: "Run the tests after each edit." },
    };
    expect(lastRequest("saveSettings").request).toEqual({
      kind: "saveSettings",
      settings: {
        apiProvider: "litellm",
        litellmApiUrl: "http://localhost:4000",
        litellmModelId: "stored-model",
        litellmModelInfo: null,
        customInstructions: "Be brief.",
        context: STORED.context,
        agent,
      },
    });
    await respond({ kind: "saveSettings", response: { ok: true, settings: { ...STORED, agent } } });
    expect(screen.getByRole("status")).toHaveTextContent("Saved");
    expect(allowList()).toHaveValue("npm test\ngit status");
    expect(saveButton()).toBeDisabled();
  });

  it("says what to enter for a step limit or timeout that is not a whole number, and does not save", async () => {
    const { user, requestsOf } = renderSection();
    await user.clear(stepLimit());
    await user.type(stepLimit(), "0");
    await user.clear(timeout());
    await user.type(timeout(), "1.5");
    expect(screen.getAllByRole("alert").map((alert) => alert.textContent)).toEqual([
      "Enter a whole number of at least 1.",
      "Enter a whole number of seconds, at least 1.",
    ]);
    expect(stepLimit()).toHaveAttribute("aria-invalid", "true");
    expect(saveButton()).toBeDisabled();
    await user.click(saveButton());
    expect(requestsOf("saveSettings")).toEqual([]);
  });

  it.each([
    ["agent.stepLimit", stepLimit],
    ["agent.commandTimeoutSeconds", timeout],
    ["agent.commandAllowList", allowList],
  ])("shows the core's refusal of %s at that field", async (field, input) => {
    const { user, respond } = renderSection();
    await user.type(allowList(), "rm");
    await user.click(saveButton());
    await respond({ kind: "saveSettings", response: { ok: false, error: { field, message: "Not allowed here." } } });
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent(/^Not allowed here\.$/);
    expect(input()).toHaveAttribute("aria-invalid", "true");
    expect(input()).toHaveAccessibleDescription(expect.stringContaining("Not allowed here.") as string);
    // Typing again clears it.
    await user.type(allowList(), "x");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows a refusal about another field beside Save", async () => {
    const { user, respond } = renderSection();
    await user.type(allowList(), "ls");
    await user.click(saveButton());
    await respond({ kind: "saveSettings", response: { ok: false, error: { field: "litellmApiUrl", message: "Enter a URL." } } });
    expect(screen.getByRole("alert")).toHaveTextContent("API URL: Enter a URL.");
  });
});

describe("agent fields", () => {
  it("reads the allow-list one trimmed prefix per line", () => {
    expect(parseAllowList(" npm test \n\n  \ncargo build")).toEqual(["npm test", "cargo build"]);
  });

  it("maps the core's field names to this section's fields", () => {
    expect(refusedField({ field: "agent.commandAllowList.3", message: "" })).toBe("allowList");
    expect(refusedField({ field: "agent.modeInstructions.ask", message: "" })).toBe("askInstructions");
    expect(refusedField({ field: "context.maxFileBytes", message: "" })).toBeNull();
  });
});
