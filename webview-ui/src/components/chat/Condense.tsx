/**
 * The chat's status row (the context-window meter, Condense and the running total) and, when the
 * core says the chat is past the Condense threshold, a banner offering Condense. Condense asks the
 * extension for a summary of the older turns (`condenseChat`); a refusal shows why. Memoised on
 * plain values, so a streamed delta (only the messages change) skips it.
 */
import { memo, useState } from "react";
import type { ApiError, ContextUsage, ConversationTotals } from "@shared/generated/types";
import type { ChatView } from "@shared/protocol";
import { t } from "../../i18n";
import { useLatestRequest } from "../../utils/useLatestRequest";
import type { Messenger } from "../../utils/vscode";
import { ContextMeter } from "./ContextMeter";
import { TotalsLine } from "./UsageLine";

interface CondenseProps {
  context: ContextUsage | null;
  totals: ConversationTotals;
  offer: boolean;
  /** The chat has messages and nothing streams. */
  enabled: boolean;
  messenger: Messenger;
}

type Sending = { status: "idle" } | { status: "sending" } | { status: "failed"; error: ApiError };

function bannerText(context: ContextUsage | null): string {
  if (context === null || context.contextWindow <= 0) {
    return t("chat:condense.bannerNear");
  }
  return t("chat:condense.banner", { percent: String(Math.round((context.inputTokens / context.contextWindow) * 100)) });
}

const CondenseControls = memo(function CondenseControls({ context, totals, offer, enabled, messenger }: CondenseProps): React.JSX.Element {
  const [sending, setSending] = useState<Sending>({ status: "idle" });
  const request = useLatestRequest(messenger);
  const disabled = !enabled || sending.status === "sending";

  const condense = () => {
    setSending({ status: "sending" });
    request({ kind: "condenseChat" }, (outcome) => {
      setSending(outcome.ok ? { status: "idle" } : { status: "failed", error: outcome.error });
    });
  };

  const button = (
    <button type="button" className="chat-button chat-button-secondary" title={t("chat:condense.title")} disabled={disabled} onClick={condense}>
      {sending.status === "sending" ? t("chat:condense.busy") : t("chat:condense.button")}
    </button>
  );

  return (
    <>
      {offer ? (
        <section className="chat-condense-banner" aria-label={t("chat:condense.button")}>
          <p>
            <span>{bannerText(context)}</span> <span className="chat-muted">{t("chat:condense.hint")}</span>
          </p>
          {button}
        </section>
      ) : null}
      {sending.status === "failed" ? (
        <div className="chat-error" role="alert">
          <span className="chat-error-text">{sending.error.message}</span>
          <button
            type="button"
            className="chat-button chat-button-secondary"
            onClick={() => {
              setSending({ status: "idle" });
            }}
          >
            {t("chat:composer.dismiss")}
          </button>
        </div>
      ) : null}
      <div className="chat-status">
        <ContextMeter context={context} />
        {offer ? null : button}
        <TotalsLine totals={totals} />
      </div>
    </>
  );
});

export function Condense({ chat, messenger }: { chat: ChatView; messenger: Messenger }): React.JSX.Element {
  return (
    <CondenseControls
      context={chat.context}
      totals={chat.totals}
      offer={chat.offerCondense}
      enabled={chat.conversation.messages.length > 0 && !chat.streaming}
      messenger={messenger}
    />
  );
}
