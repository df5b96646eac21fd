import { describe, expect, it } from "vitest";
import { loadBackend } from "../src/api/backend";

// Loads the real wasm package that `npm run build` writes to extension/wasm, under Node, the way
// the extension host does.
describe("the wasm backend", () => {
  it("reports its version and the LiteLLM provider", () => {
    const info = loadBackend().backendInfo();
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.providers).toContain("litellm");
  });

  it("is loaded once and reused", () => {
    expect(loadBackend()).toBe(loadBackend());
  });
});
