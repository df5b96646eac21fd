/**
 * How much of the model's context window the next request takes: a bar and "1,234 / 16,385
 * tokens" (the request's input tokens of the window). Hidden until the extension has counted them.
 */
import type { ContextUsage } from "@shared/generated/types";
import { t } from "../../i18n";
import { formatCount } from "./format";

const WARN_FRACTION = 0.8;
const FULL_FRACTION = 0.95;

export function ContextMeter({ context }: { context: ContextUsage | null }): React.JSX.Element | null {
  if (context === null) {
    return null;
  }
  const { inputTokens, contextWindow } = context;
  const fraction = contextWindow > 0 ? inputTokens / contextWindow : 1;
  const percent = Math.round(Math.min(fraction, 1) * 100);
  const level = fraction >= FULL_FRACTION ? "full" : fraction >= WARN_FRACTION ? "warn" : "ok";
  const text = t("chat:context.tokens", { used: formatCount(inputTokens), total: formatCount(contextWindow) });
  return (
    <div className="chat-context" data-testid="context-meter">
      <div
        className={`chat-context-bar chat-context-${level}`}
        role="meter"
        aria-label={t("chat:context.label")}
        aria-valuemin={0}
        aria-valuemax={contextWindow}
        aria-valuenow={Math.min(inputTokens, contextWindow)}
        aria-valuetext={t("chat:context.valueText", { text, percent: String(percent) })}
      >
        <div className="chat-context-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="chat-context-text">{text}</span>
    </div>
  );
}
