import { describe, expect, it } from "vitest";
import { formatCost, formatCount, formatTotalCost, formatWhen, hasTotals } from "./format";
import { NO_TOTALS } from "./testing";

describe("formatCost", () => {
  it("says unknown for an unknown cost, never $0.00", () => {
    expect(formatCost({ kind: "unknown" })).toBe("cost unknown");
    expect(formatCost({ kind: "known", usd: 0.0012, source: "modelPrices" })).toBe("$0.0012");
  });
});

describe("formatTotalCost", () => {
  it("is the known sum when every cost is known", () => {
    expect(formatTotalCost({ ...NO_TOTALS, knownCostUsd: 0.015 })).toBe("$0.015");
  });

  it("marks a lower bound when some costs are unknown", () => {
    expect(formatTotalCost({ ...NO_TOTALS, knownCostUsd: 0.015, repliesWithUnknownCost: 2 })).toBe("$0.015 + unknown");
  });

  it("is unknown, not $0.00, when nothing is known", () => {
    expect(formatTotalCost({ ...NO_TOTALS, inputTokens: 10, repliesWithUnknownCost: 1 })).toBe("cost unknown");
  });

  it("knows when there is nothing to total", () => {
    expect(hasTotals(NO_TOTALS)).toBe(false);
    expect(hasTotals({ ...NO_TOTALS, repliesWithUnknownCost: 1 })).toBe(true);
  });
});

describe("formatCount and formatWhen", () => {
  it("separates thousands", () => {
    expect(formatCount(16385)).toBe("16,385");
  });

  it("is relative within a week and a date before that", () => {
    const now = Date.UTC(2025, 2, 10, 12);
    expect(formatWhen(now - 10_000, now)).toBe("just now");
    expect(formatWhen(now - 5 * 60_000, now)).toBe("5 minutes ago");
    expect(formatWhen(now - 3 * 3_600_000, now)).toBe("3 hours ago");
    expect(formatWhen(now - 30 * 3_600_000, now)).toBe("yesterday");
    expect(formatWhen(Date.UTC(2025, 0, 4, 12), now)).toBe("Jan 4, 2025");
  });
});
