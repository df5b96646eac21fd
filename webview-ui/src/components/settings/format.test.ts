import { describe, expect, it } from "vitest";
import { describeSettingsError, fieldLabel, formatPricePerMillion, formatTokens } from "./format";

describe("formatPricePerMillion", () => {
  it("says per million and which tokens", () => {
    expect(formatPricePerMillion(0.15, "input")).toBe("$0.15 / 1M input");
    expect(formatPricePerMillion(0.6, "output")).toBe("$0.60 / 1M output");
    expect(formatPricePerMillion(3.75, "cacheWrites")).toBe("$3.75 / 1M cache writes");
    expect(formatPricePerMillion(0.3, "cacheReads")).toBe("$0.30 / 1M cache reads");
  });

  it("says unknown for an unknown price, never $0", () => {
    expect(formatPricePerMillion(null, "input")).toBe("unknown");
  });
});

describe("formatTokens", () => {
  it("groups thousands", () => {
    expect(formatTokens(128000)).toBe("128,000 tokens");
  });
});

describe("fieldLabel and describeSettingsError", () => {
  it("names the field the way the panel labels it", () => {
    expect(fieldLabel("litellmApiUrl")).toBe("API URL");
    expect(fieldLabel("litellmModelId")).toBe("Model ID");
    expect(fieldLabel("litellmModelInfo.inputPrice")).toBe("Model info (inputPrice)");
    expect(fieldLabel("somethingNew")).toBe("somethingNew");
  });

  it("puts the field before the message, or shows only the message when no field is named", () => {
    expect(describeSettingsError({ field: "litellmApiUrl", message: "Use http or https." })).toBe("API URL: Use http or https.");
    expect(describeSettingsError({ field: "", message: "Something failed." })).toBe("Something failed.");
  });
});
