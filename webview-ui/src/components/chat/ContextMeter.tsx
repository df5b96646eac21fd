/**
 * How much of the model's context window the conversation takes: a bar and "1,234 / 16,385
 * tokens". Hidden until the extension has counted the tokens.
 */
import { t } from "../../i18n";
import { formatCount } from "./format";

const WARN_FRACTION = 0.8;
const FULL_FRACTION = 0.95;

export function ContextMeter({ tokens, contextWindow }: { tokens: number | null; contextWindow: number }): React.JSX.Element | null {
  if (tokens === null) {
    return null;
  }
  const fraction = contextWindow > 0 ? tokens / contextWindow : 1;
  const percent = Math.round(Math.min(fraction, 1) * 100);
  const level = fraction >= FULL_FRACTION ? "full" : fraction >= WARN_FRACTION ? "warn" : "ok";
  const text = t("chat:context.tokens", { used: formatCount(tokens), total: formatCount(contextWindow) });
  return (
    <div className="chat-context" data-testid="context-meter">
      <div
        className={`chat-context-bar chat-context-${level}`}
        role="meter"
        aria-label={t("chat:context.label")}
        aria-valuemin={0}
        aria-valuemax={contextWindow}
        aria-valuenow={Math.min(tokens, contextWindow)}
        aria-valuetext={t("chat:context.valueText", { text, percent: String(percent) })}
      >
        <div className="chat-context-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="chat-context-text">{text}</span>
    </div>
  );
}
