import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ModelInfo } from "@shared/generated/types";
import type { WebviewState } from "@shared/protocol";
import { App } from "./App";
import { fakeMessenger, SANE_MODEL_INFO } from "./testing/fakeMessenger";

const info: ModelInfo = SANE_MODEL_INFO;

const state: WebviewState = {
  settings: { apiProvider: "litellm", litellmApiUrl: "http://localhost:4000", litellmModelId: "gpt-3.5-turbo", litellmModelInfo: null, apiKeySet: false },
  defaults: { litellmApiUrl: "http://localhost:4000", litellmModelId: "gpt-3.5-turbo", litellmModelInfo: info },
  chat: {
    conversation: { id: "c1", title: "New chat", createdAtMs: 0, updatedAtMs: 0, messages: [] },
    totals: { inputTokens: 0, outputTokens: 0, knownCostUsd: 0, repliesWithUnknownCost: 0 },
    contextTokens: 0,
    model: { id: "gpt-3.5-turbo", info },
    activeRequestId: null,
  },
  history: [],
};

describe("App", () => {
  it("asks the extension for its state and shows what the wasm module reported", () => {
    const { messenger, posted, deliver } = fakeMessenger();
    render(<App messenger={messenger} />);
    expect(posted).toContainEqual({ type: "ready" });
    expect(screen.getByTestId("backend-status")).toHaveTextContent("Loading");

    deliver({ type: "backendInfo", info: { version: "9.8.7", providers: ["litellm"] } });
    expect(screen.getByTestId("backend-status")).toHaveTextContent("Backend 9.8.7 (WebAssembly)");
  });

  it("says so when the backend failed to load", () => {
    const { messenger, deliver } = fakeMessenger();
    render(<App messenger={messenger} />);
    deliver({ type: "backendUnavailable", message: "The provider backend failed to load: boom" });
    expect(screen.getByRole("alert")).toHaveTextContent("boom");
  });

  it("switches between the Chat and Settings tabs, and when the extension asks", async () => {
    const { messenger, deliver } = fakeMessenger();
    render(<App messenger={messenger} />);
    deliver({ type: "state", state });
    expect(screen.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");
    await userEvent.click(screen.getByRole("tab", { name: "Settings" }));
    expect(screen.getByRole("tab", { name: "Settings" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel", { name: "Settings" })).toBeInTheDocument();
    deliver({ type: "showTab", tab: "chat" });
    expect(screen.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");
  });
});
