import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ExtensionToWebview, WebviewToExtension } from "@shared/protocol";
import { App } from "./App";
import type { Messenger } from "./utils/vscode";

function fakeMessenger() {
  const posted: WebviewToExtension[] = [];
  const listeners = new Set<(message: ExtensionToWebview) => void>();
  const messenger: Messenger = {
    post: (message) => posted.push(message),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const deliver = (message: ExtensionToWebview) => act(() => listeners.forEach((listener) => listener(message)));
  return { messenger, posted, deliver };
}

describe("App", () => {
  it("asks the extension for the backend and shows what the wasm module reported", () => {
    const { messenger, posted, deliver } = fakeMessenger();
    render(<App messenger={messenger} />);
    expect(posted).toContainEqual({ type: "ready" });
    expect(screen.getByTestId("backend-status")).toHaveTextContent("Loading");

    deliver({ type: "backendInfo", info: { version: "9.8.7", providers: ["litellm"] } });
    expect(screen.getByTestId("backend-status")).toHaveTextContent("Backend 9.8.7 (WebAssembly) · providers: litellm");
  });

  it("says so when the backend failed to load", () => {
    const { messenger, deliver } = fakeMessenger();
    render(<App messenger={messenger} />);
    deliver({ type: "backendUnavailable", message: "The provider backend failed to load: boom" });
    expect(screen.getByRole("alert")).toHaveTextContent("boom");
  });

  it("switches between the Chat and Settings tabs", async () => {
    const { messenger } = fakeMessenger();
    render(<App messenger={messenger} />);
    expect(screen.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");
    await userEvent.click(screen.getByRole("tab", { name: "Settings" }));
    expect(screen.getByRole("tab", { name: "Settings" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel", { name: "Settings" })).toBeInTheDocument();
  });
});
