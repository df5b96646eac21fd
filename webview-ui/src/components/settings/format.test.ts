import { describe, expect, it } from "vitest";
import { describeSettingsError, fieldLabel, formatPricePerMillion, formatTokens, formatUsd } from "./format";

describe("formatUsd", () => {
  it("shows cents, and more digits only where the price has them", () => {
    expect(formatUsd(0.15)).toBe("$0.15");
    expect(formatUsd(2.5)).toBe("$2.50");
    expect(formatUsd(0.075)).toBe("$0.075");
    expect(formatUsd(15)).toBe("$15.00");
    expect(formatUsd(1250)).toBe("$1,250.00");
  });

  it("keeps a tiny price visible instead of rounding it to $0.00", () => {
    expect(formatUsd(0.000123)).toBe("$0.000123");
  });

  it("shows a known zero price as zero", () => {
    expect(formatUsd(0)).toBe("$0.00");
  });
});

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
