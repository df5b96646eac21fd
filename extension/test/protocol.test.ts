import { describe, expect, it } from "vitest";
import { isWebviewToExtension } from "../src/shared/protocol";

describe("webview message validation", () => {
  it.each([
    { type: "ready" },
    { type: "sendMessage", requestId: "r1", text: "hello" },
    { type: "saveSettings", requestId: "r2", settings: { apiProvider: "litellm" } },
    { type: "openChat", conversationId: "c1" },
  ])("accepts %j", (message) => {
    expect(isWebviewToExtension(message)).toBe(true);
  });

  it.each([
    null,
    undefined,
    42,
    "ready",
    {},
    { type: 7 },
    { type: "deleteEverything" },
    { type: "sendMessage", requestId: "r1" },
    { type: "sendMessage", requestId: 5, text: "hi" },
    { type: "saveSettings", requestId: "r2", settings: null },
    { type: "toString" },
    { type: "__proto__" },
  ])("rejects %j", (value) => {
    expect(isWebviewToExtension(value)).toBe(false);
  });
});
