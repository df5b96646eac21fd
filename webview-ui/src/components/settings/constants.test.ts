import { describe, expect, it } from "vitest";
import { PROVIDERS, isProviderName } from "./constants";

describe("PROVIDERS", () => {
  it("contains LiteLLM", () => {
    expect(PROVIDERS).toContainEqual({ value: "litellm", label: "LiteLLM" });
  });

  it("is sorted by label", () => {
    const labels = PROVIDERS.map((provider) => provider.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, "en")));
  });

  it("lists each provider once and cannot be changed", () => {
    expect(new Set(PROVIDERS.map((provider) => provider.value)).size).toBe(PROVIDERS.length);
    expect(Object.isFrozen(PROVIDERS)).toBe(true);
  });

  it("recognises only the providers it lists", () => {
    expect(isProviderName("litellm")).toBe(true);
    expect(isProviderName("openai")).toBe(false);
    expect(isProviderName("toString")).toBe(false);
  });
});
