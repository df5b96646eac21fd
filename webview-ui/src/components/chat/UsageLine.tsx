/**
 * Tokens and cost: under each reply ("↑ 1,234 ↓ 56 · $0.0012") and for the whole chat. An unknown
 * cost reads "cost unknown", never "$0.00".
 */
import type { ConversationTotals, Usage } from "@shared/generated/types";
import { t } from "../../i18n";
import { formatCost, formatCount, formatTotalCost, hasTotals } from "./format";

function Tokens({ input, output }: { input: number; output: number }): React.JSX.Element {
  return (
    <span className="chat-tokens">
      ↑ {formatCount(input)} ↓ {formatCount(output)}
    </span>
  );
}

function usageTitle(usage: Usage): string {
  const parts = [
    t("chat:usage.inputTokens", { count: formatCount(usage.inputTokens) }),
    t("chat:usage.outputTokens", { count: formatCount(usage.outputTokens) }),
  ];
  if (usage.cacheReadTokens !== null && usage.cacheReadTokens > 0) {
    parts.push(t("chat:usage.cacheReadTokens", { count: formatCount(usage.cacheReadTokens) }));
  }
  if (usage.cacheWriteTokens !== null && usage.cacheWriteTokens > 0) {
    parts.push(t("chat:usage.cacheWriteTokens", { count: formatCount(usage.cacheWriteTokens) }));
  }
  if (usage.reasoningTokens !== null && usage.reasoningTokens > 0) {
    parts.push(t("chat:usage.reasoningTokens", { count: formatCount(usage.reasoningTokens) }));
  }
  const counts = parts.join(", ");
  return usage.estimated ? `${counts}. ${t("chat:usage.estimated")}` : counts;
}

/** One reply's usage; our own estimate (a stopped or failed reply) is marked "≈". */
export function UsageLine({ usage }: { usage: Usage }): React.JSX.Element {
  const unknown = usage.cost.kind === "unknown";
  return (
    <p className="chat-usage" data-testid="usage" title={usageTitle(usage)}>
      {usage.estimated && <span className="chat-usage-estimated">≈ </span>}
      <Tokens input={usage.inputTokens} output={usage.outputTokens} />
      <span aria-hidden="true"> · </span>
      <span className={unknown ? "chat-cost chat-cost-unknown" : "chat-cost"}>{formatCost(usage.cost)}</span>
    </p>
  );
}

/** The chat's running total; nothing until a reply reported usage. */
export function TotalsLine({ totals }: { totals: ConversationTotals }): React.JSX.Element | null {
  if (!hasTotals(totals)) {
    return null;
  }
  const unknown = totals.repliesWithUnknownCost;
  const title =
    unknown === 0 ? undefined : unknown === 1 ? t("chat:usage.unknownReply") : t("chat:usage.unknownReplies", { count: String(unknown) });
  return (
    <p className="chat-totals" data-testid="totals" title={title}>
      <span className="chat-totals-label">{t("chat:usage.total")}</span> <Tokens input={totals.inputTokens} output={totals.outputTokens} />
      <span aria-hidden="true"> · </span>
      <span className="chat-cost">{formatTotalCost(totals)}</span>
    </p>
  );
}
