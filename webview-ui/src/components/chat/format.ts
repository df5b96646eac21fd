/**
 * Formatting for the chat: token counts, a reply's cost and the chat's running total (dollars as
 * `utils/money.ts` writes them), and the dates in the history list. An unknown cost is "cost
 * unknown", never "$0.00": a price the proxy did not report is not a free reply.
 */
import type { Cost, ConversationTotals } from "@shared/generated/types";
import { t } from "../../i18n";
import { formatUsd } from "../../utils/money";

const LOCALE = "en-US";

const integers = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

/** A token count with thousands separators: `16,385`. */
export function formatCount(count: number): string {
  return integers.format(count);
}

/** A reply's cost: dollars when known, "cost unknown" otherwise. */
export function formatCost(cost: Cost): string {
  return cost.kind === "known" ? formatUsd(cost.usd) : t("chat:usage.costUnknown");
}

/** Whether the chat has any usage to total yet. */
export function hasTotals(totals: ConversationTotals): boolean {
  return totals.inputTokens > 0 || totals.outputTokens > 0 || totals.knownCostUsd > 0 || totals.repliesWithUnknownCost > 0;
}

/**
 * The chat's cost so far. With replies of unknown cost the known sum is only a lower bound, so it
 * reads "$0.0150 + unknown"; when nothing is known at all it is "cost unknown", not "$0.00".
 */
export function formatTotalCost(totals: ConversationTotals): string {
  if (totals.repliesWithUnknownCost === 0) {
    return formatUsd(totals.knownCostUsd);
  }
  if (totals.knownCostUsd === 0) {
    return t("chat:usage.costUnknown");
  }
  return t("chat:usage.plusUnknown", { cost: formatUsd(totals.knownCostUsd) });
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });
const shortDate = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", year: "numeric" });
const fullDate = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short" });

/** "just now", "5 minutes ago", "yesterday" within a week of `nowMs`; "Mar 4, 2025" before that. */
export function formatWhen(ms: number, nowMs: number): string {
  const ago = nowMs - ms;
  if (ago < MINUTE_MS) {
    return t("chat:history.justNow");
  }
  if (ago < HOUR_MS) {
    return relative.format(-Math.floor(ago / MINUTE_MS), "minute");
  }
  if (ago < DAY_MS) {
    return relative.format(-Math.floor(ago / HOUR_MS), "hour");
  }
  if (ago < 7 * DAY_MS) {
    return relative.format(-Math.floor(ago / DAY_MS), "day");
  }
  return shortDate.format(ms);
}

/** The full date and time, for a tooltip: "Mar 4, 2025, 3:07 PM". */
export function formatFullDate(ms: number): string {
  return fullDate.format(ms);
}
