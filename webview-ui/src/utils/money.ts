/**
 * Dollars, formatted one way everywhere: the settings panel's prices per million tokens and the
 * chat's cost of a reply use the same rule, so a price and a cost never disagree about digits.
 *
 * The rule: whole cents from a dollar up (`$15.00`, `$1,234.50`); cents and up to four decimals
 * below a dollar (`$0.15`, `$0.075`, `$0.0534`); and four significant digits below a cent, so a
 * reply that cost `$0.0000273` never reads as `$0.00`. Exactly zero is `$0.00`. This function
 * only formats known amounts: an unknown price or cost is the caller's to word ("unknown", "cost
 * unknown"), never `$0`.
 */

const LOCALE = "en-US";

const belowCent = new Intl.NumberFormat(LOCALE, { style: "currency", currency: "USD", maximumSignificantDigits: 4 });

const belowDollar = new Intl.NumberFormat(LOCALE, {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

const wholeCents = new Intl.NumberFormat(LOCALE, { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A known amount of dollars: `$0.0000273`, `$0.0012`, `$0.075`, `$0.50`, `$12.35`; zero is `$0.00`. */
export function formatUsd(usd: number): string {
  const size = Math.abs(usd);
  if (size === 0) {
    return wholeCents.format(0);
  }
  if (size < 0.01) {
    return belowCent.format(usd);
  }
  return size < 1 ? belowDollar.format(usd) : wholeCents.format(usd);
}
