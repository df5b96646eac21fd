import { describe, expect, it } from "vitest";
import { formatUsd } from "./money";

describe("formatUsd, prices per million tokens", () => {
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
});

describe("formatUsd, costs of replies and chats", () => {
  it("keeps 4 significant digits below a cent, so a tiny reply never reads as $0.00", () => {
    expect(formatUsd(0.0000273)).toBe("$0.0000273");
    expect(formatUsd(0.0012)).toBe("$0.0012");
    expect(formatUsd(0.001234567)).toBe("$0.001235");
    expect(formatUsd(0.00000123)).toBe("$0.00000123");
  });

  it("shows cents, and more decimals when they matter, below a dollar", () => {
    expect(formatUsd(0.5)).toBe("$0.50");
    expect(formatUsd(0.0534)).toBe("$0.0534");
    expect(formatUsd(0.015)).toBe("$0.015");
    expect(formatUsd(0.01)).toBe("$0.01");
  });

  it("shows whole cents from a dollar up", () => {
    expect(formatUsd(12.345)).toBe("$12.35");
    expect(formatUsd(1234.5)).toBe("$1,234.50");
  });
});

describe("formatUsd, zero", () => {
  it("shows a known zero as $0.00", () => {
    expect(formatUsd(0)).toBe("$0.00");
  });

  it("never rounds a positive amount down to zero", () => {
    for (const usd of [1e-9, 0.0000001, 0.004999, 0.009999]) {
      expect(formatUsd(usd)).not.toBe("$0.00");
      expect(formatUsd(usd)).toMatch(/[1-9]/);
    }
  });
});
