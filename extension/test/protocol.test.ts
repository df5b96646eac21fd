import { describe, expect, it } from "vitest";
import { isWebviewToExtension } from "../src/shared/protocol";

describe("webview message validation", () => {
  it("accepts a protocol message", () => {
    expect(isWebviewToExtension({ type: "ready" })).toBe(true);
  });

  it.each([null, undefined, 42, "ready", {}, { type: 7 }, { type: "deleteEverything" }])(
    "rejects %j",
    (value) => {
      expect(isWebviewToExtension(value)).toBe(false);
    },
  );
});
