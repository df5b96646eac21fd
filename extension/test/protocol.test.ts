import { describe, expect, it } from "vitest";
import { parseWebviewMessage } from "../src/shared/protocol";

// What the webview posts is untrusted until it matches the protocol's schemas.
describe("webview message validation", () => {
  it.each([
    { type: "ready" },
    { type: "request", id: "r1", request: { kind: "sendMessage", text: "hello", mentions: [], images: [] } },
    {
      type: "request",
      id: "r1m",
      request: { kind: "sendMessage", text: "look", mentions: [{ kind: "file", path: "src/a.ts" }, { kind: "selection", range: null }], images: [] },
    },
    { type: "request", id: "r5", request: { kind: "searchMentions", query: "mai" } },
    { type: "request", id: "r6", request: { kind: "mentionsForUris", uris: ["file:///tmp/a.ts"] } },
    { type: "request", id: "r7", request: { kind: "condenseChat" } },
    { type: "request", id: "r2", request: { kind: "retryReply" } },
    { type: "request", id: "r3", request: { kind: "clearApiKey" } },
    {
      type: "request",
      id: "r4",
      request: {
        kind: "saveSettings",
        settings: { apiProvider: "litellm", litellmApiUrl: "http://x", litellmModelId: "m", litellmModelInfo: null, customInstructions: "Be brief.\nUse tabs.",
          context: { maxFileBytes: 1000000, condenseThresholdPercent: 80 },
          agent: { autoApproveReads: false, commandAllowList: ["npm test"], stepLimit: 25, commandTimeoutSeconds: 300, modeInstructions: { ask: "Answer.", code: "Act." } } },
      },
    },
    { type: "stopReply", conversationId: "c1" },
    { type: "openChat", conversationId: "c1" },
    { type: "deleteChat", conversationId: "c1" },
    { type: "refreshHistory" },
    { type: "newChat" },
  ])("accepts %j", (message) => {
    expect(parseWebviewMessage(message)).toEqual(message);
  });

  it.each([
    null,
    undefined,
    42,
    "ready",
    {},
    { type: 7 },
    { type: "deleteEverything" },
    { type: "toString" },
    { type: "__proto__" },
    { type: "request", id: "r1", request: { kind: "sendMessage" } },
    { type: "request", id: "r1", request: { kind: "sendMessage", text: 5 } },
    { type: "request", id: "", request: { kind: "clearApiKey" } },
    { type: "request", id: 5, request: { kind: "clearApiKey" } },
    { type: "request", id: "r1", request: { kind: "deleteEverything" } },
    { type: "request", id: "r1" },
    { type: "request", id: "r2", request: { kind: "saveSettings", settings: null } },
    { type: "request", id: "r2", request: { kind: "saveSettings", settings: { apiProvider: "litellm" } } },
    {
      type: "request",
      id: "r2",
      request: {
        kind: "saveSettings",
        settings: { apiProvider: "litellm", litellmApiUrl: "http://x", litellmModelId: "m", litellmModelInfo: [1], customInstructions: "" },
      },
    },
    {
      type: "request",
      id: "r2",
      request: {
        kind: "saveSettings",
        settings: { apiProvider: "litellm", litellmApiUrl: "http://x", litellmModelId: "m", litellmModelInfo: null, customInstructions: 5 },
      },
    },
    { type: "openChat" },
    { type: "stopReply", conversationId: 3 },
  ])("rejects %j", (value) => {
    expect(parseWebviewMessage(value)).toBeUndefined();
  });

  it("drops fields the protocol does not know, so nothing unexpected reaches a handler", () => {
    expect(parseWebviewMessage({ type: "newChat", extra: "x" })).toEqual({ type: "newChat" });
  });
});
