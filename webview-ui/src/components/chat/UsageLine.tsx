/**
 * Tokens and cost: under each reply ("↑ 1,234 ↓ 56 · $0.0012") and for the whole chat. An unknown
 * cost reads "cost unknown", never "$0.00". A reply that used the prompt cache also shows its
 * cache reads and writes, and the tooltip says what caching saved (the core priced it when the
 * reply's usage arrived).
 */
import type { CacheSavings, ConversationTotals, Usage } from "@shared/generated/types";
import { t } from "../../i18n";
import { formatUsd } from "../../utils/money";
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
  const sentences = [parts.join(", ")];
  if (usage.cacheSavings !== null) {
    sentences.push(savingsSentence(usage.cacheSavings));
  }
  if (usage.estimated) {
    sentences.push(t("chat:usage.estimated"));
  }
  return sentences.join(". ");
}

/** What caching saved, or what a reply that only wrote to the cache paid extra for later reads. */
function savingsSentence(savings: CacheSavings): string {
  const amounts = { withCache: formatUsd(savings.withCacheUsd), withoutCache: formatUsd(savings.withoutCacheUsd) };
  return savings.savedUsd >= 0
    ? t("chat:usage.cacheSaved", { saved: formatUsd(savings.savedUsd), ...amounts })
    : t("chat:usage.cacheCostMore", { extra: formatUsd(-savings.savedUsd), ...amounts });
}

/** The cache reads and writes of a reply that used the cache ("cache 3,000 read · 1,200 written"). */
function CacheCounts({ usage }: { usage: Usage }): React.JSX.Element | null {
  const reads = usage.cacheReadTokens ?? 0;
  const writes = usage.cacheWriteTokens ?? 0;
  if (reads === 0 && writes === 0) {
    return null;
  }
  const parts = [
    ...(reads > 0 ? [t("chat:usage.cacheRead", { count: formatCount(reads) })] : []),
    ...(writes > 0 ? [t("chat:usage.cacheWritten", { count: formatCount(writes) })] : []),
  ];
  return (
    <>
      <span aria-hidden="true"> · </span>
      <span className="chat-cache" data-testid="usage-cache">
        {t("chat:usage.cache", { counts: parts.join(", ") })}
      </span>
    </>
  );
}

/** One reply's usage; our own estimate (a stopped or failed reply) is marked "≈". */
export function UsageLine({ usage }: { usage: Usage }): React.JSX.Element {
  const unknown = usage.cost.kind === "unknown";
  return (
    <p className="chat-usage" data-testid="usage" title={usageTitle(usage)}>
      {usage.estimated && <span className="chat-usage-estimated">≈ </span>}
      <Tokens input={usage.inputTokens} output={usage.outputTokens} />
      <CacheCounts usage={usage} />
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
