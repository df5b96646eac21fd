import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { KeyBudget } from "@shared/generated/types";
import type { TeamState } from "@shared/protocol";
import { BudgetLeft } from "../chat/BudgetLeft";
import { TeamsSection } from "./TeamsSection";
import { fakeMessenger } from "./testing";

const BUDGET: KeyBudget = {
  spendUsd: 8.5,
  maxBudgetUsd: 10,
  remainingUsd: 1.5,
  level: "runningOut",
  budgetResetAt: "2026-12-01T00:00:00Z",
  expires: null,
  remainingRequests: null,
  remainingTokens: null,
};

function state(overrides: Partial<TeamState> = {}): TeamState {
  return {
    team: {
      promptCaching: true,
      reasoningEffort: "default",
      customHeaders: [
        { name: "x-gateway-token", secret: true, value: "", valueSet: true },
        { name: "x-team-id", secret: false, value: "platform", valueSet: true },
      ],
      keyHeader: "authorization",
      caBundlePath: "",
    },
    budget: null,
    ...overrides,
  };
}

async function renderSection(initial: TeamState = state()) {
  const fake = fakeMessenger();
  render(<TeamsSection messenger={fake.messenger} />);
  await fake.respond({ kind: "getTeamSettings", response: initial });
  return fake;
}

describe("TeamsSection", () => {
  it("shows the stored team settings, a secret header only as stored", async () => {
    await renderSection();
    expect(screen.getByRole("checkbox", { name: "Prompt caching" })).toBeChecked();
    expect(screen.getByRole("combobox", { name: "Reasoning effort" })).toHaveValue("default");
    expect(screen.getByRole("checkbox", { name: "Send the key as x-litellm-api-key" })).not.toBeChecked();
    expect(screen.getByRole("textbox", { name: "Header name 1" })).toHaveValue("x-gateway-token");
    expect(screen.getByLabelText("Header value 1")).toHaveValue("");
    expect(screen.getByLabelText("Header value 1")).toHaveAttribute("placeholder", "Stored securely; type to replace");
    expect(screen.getByRole("textbox", { name: "Header value 2" })).toHaveValue("platform");
    expect(screen.queryByRole("group", { name: "Key budget" })).not.toBeInTheDocument();
  });

  it("saves every field, keeping an untouched secret with a null value", async () => {
    const user = userEvent.setup();
    const fake = await renderSection();
    await user.click(screen.getByRole("checkbox", { name: "Prompt caching" }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Reasoning effort" }), "high");
    await user.click(screen.getByRole("checkbox", { name: "Send the key as x-litellm-api-key" }));
    await user.click(screen.getByRole("button", { name: "Add header" }));
    await user.type(screen.getByRole("textbox", { name: "Header name 3" }), "x-env");
    await user.type(screen.getByRole("textbox", { name: "Header value 3" }), "staging");
    await user.click(screen.getByRole("button", { name: "Save team settings" }));
    expect(fake.lastRequest("saveTeamSettings").request.team).toEqual({
      promptCaching: false,
      reasoningEffort: "high",
      keyHeader: "x-litellm-api-key",
      caBundlePath: "",
      customHeaders: [
        { name: "x-gateway-token", value: null },
        { name: "x-team-id", value: "platform" },
        { name: "x-env", value: "staging" },
      ],
    });
    await fake.respond({ kind: "saveTeamSettings", response: { ok: true, state: state() } });
    expect(screen.getByRole("status")).toHaveTextContent("Saved");
  });

  it("shows the core's refusal naming the header", async () => {
    const user = userEvent.setup();
    const fake = await renderSection();
    await user.click(screen.getByRole("button", { name: "Save team settings" }));
    await fake.respond({
      kind: "saveTeamSettings",
      response: { ok: false, error: { field: "litellmCustomHeaders[0].name", message: 'The custom header name "x team" may only contain letters.' } },
    });
    expect(screen.getByRole("alert")).toHaveTextContent('"x team"');
  });

  it("shows spend against budget, the reset and a warning, and follows budget events", async () => {
    const fake = await renderSection(state({ budget: BUDGET }));
    const panel = screen.getByRole("group", { name: "Key budget" });
    expect(panel).toHaveTextContent("$8.50 spent of $10.00");
    expect(panel).toHaveTextContent("$1.50 left");
    expect(panel).toHaveTextContent("Resets 2026-12-01T00:00:00Z");
    expect(screen.getByRole("alert")).toHaveTextContent("Over 80%");
    fake.deliver({ type: "keyBudget", budget: null });
    expect(screen.queryByRole("group", { name: "Key budget" })).not.toBeInTheDocument();
  });
});

describe("BudgetLeft", () => {
  it("shows nothing without a budget and a compact warning when it runs out", () => {
    const fake = fakeMessenger();
    render(<BudgetLeft messenger={fake.messenger} />);
    expect(screen.queryByTestId("budget-left")).not.toBeInTheDocument();
    // The footer only listens: it never asks the proxy itself.
    expect(fake.posted).toEqual([]);
    fake.deliver({ type: "keyBudget", budget: BUDGET });
    const footer = screen.getByTestId("budget-left");
    expect(footer).toHaveTextContent("Budget: $1.50 left");
    expect(footer).toHaveClass("chat-budget-warning");
    expect(footer.getAttribute("title")).toContain("$8.50 spent of $10.00");
    fake.deliver({ type: "keyBudget", budget: { ...BUDGET, spendUsd: 1, remainingUsd: 9, level: "fine" } });
    expect(screen.getByTestId("budget-left")).not.toHaveClass("chat-budget-warning");
  });
});
