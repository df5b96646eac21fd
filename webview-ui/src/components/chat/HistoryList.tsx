/**
 * The saved chats: click one to open it; delete asks first, in place (no `window.confirm`,
 * which webviews do not show).
 */
import { useState } from "react";
import type { ConversationSummary } from "@shared/generated/types";
import { t } from "../../i18n";
import { formatFullDate, formatWhen } from "./format";
import { TrashIcon } from "./icons";

export interface HistoryListProps {
  id: string;
  history: readonly ConversationSummary[];
  currentId: string;
  /** When the list was opened; dates read relative to it. */
  nowMs: number;
  onOpen: (conversationId: string) => void;
  onDelete: (conversationId: string) => void;
}

export function HistoryList({ id, history, currentId, nowMs, onOpen, onDelete }: HistoryListProps): React.JSX.Element {
  const [confirming, setConfirming] = useState<string | null>(null);

  return (
    <section id={id} className="chat-history" aria-label={t("chat:history.title")}>
      {history.length === 0 ? (
        <p className="chat-muted">{t("chat:history.empty")}</p>
      ) : (
        <ul className="chat-history-list">
          {history.map((chat) => {
            const title = chat.title.trim() === "" ? t("chat:history.untitled") : chat.title;
            return (
              <li key={chat.id} className="chat-history-item" aria-current={chat.id === currentId ? "true" : undefined}>
                {confirming === chat.id ? (
                  <div className="chat-history-confirm" role="group" aria-label={t("chat:history.confirmLabel", { title })}>
                    <span className="chat-history-confirm-text">{t("chat:history.confirm", { title })}</span>
                    <button
                      type="button"
                      className="chat-button chat-button-danger"
                      onClick={() => {
                        setConfirming(null);
                        onDelete(chat.id);
                      }}
                    >
                      {t("chat:history.confirmDelete")}
                    </button>
                    <button
                      type="button"
                      className="chat-button chat-button-secondary"
                      onClick={() => {
                        setConfirming(null);
                      }}
                    >
                      {t("chat:history.cancel")}
                    </button>
                  </div>
                ) : (
                  <>
                    <button
                      type="button"
                      className="chat-history-open"
                      onClick={() => {
                        onOpen(chat.id);
                      }}
                    >
                      <span className="chat-history-title">{title}</span>
                      <span className="chat-history-meta" title={formatFullDate(chat.updatedAtMs)}>
                        {formatWhen(chat.updatedAtMs, nowMs)} ·{" "}
                        {chat.messageCount === 1
                          ? t("chat:history.oneMessage")
                          : t("chat:history.messages", { count: String(chat.messageCount) })}
                      </span>
                    </button>
                    <button
                      type="button"
                      className="chat-icon-button"
                      aria-label={t("chat:history.delete", { title })}
                      title={t("chat:history.delete", { title })}
                      onClick={() => {
                        setConfirming(chat.id);
                      }}
                    >
                      <TrashIcon />
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
