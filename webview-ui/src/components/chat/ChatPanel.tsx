/**
 * The chat tab: a toolbar (New chat, History), the conversation, the context-window meter and the
 * chat's running total, and the composer. The parent keeps the state the extension sends
 * (streamed replies, finished chats, refused sends); this panel renders it and posts the user's
 * intents: send, stop, retry, new, open and delete.
 */
import { useCallback, useId, useState } from "react";
import type { ApiError, ConversationSummary } from "@shared/generated/types";
import type { ChatView } from "@shared/protocol";
import { t } from "../../i18n";
import type { Messenger } from "../../utils/vscode";
import { Composer } from "./Composer";
import { ContextMeter } from "./ContextMeter";
import { HistoryList } from "./HistoryList";
import { MessageList } from "./MessageList";
import { TotalsLine } from "./UsageLine";
import "./chat.css";

export interface ChatPanelProps {
  chat: ChatView;
  history: ConversationSummary[];
  rejected: { text: string; error: ApiError } | null;
  messenger: Messenger;
}

export function ChatPanel({ chat, history, rejected, messenger }: ChatPanelProps): React.JSX.Element {
  // When the history list was opened (its dates read relative to it); null while it is closed.
  const [historyOpenedAt, setHistoryOpenedAt] = useState<number | null>(null);
  const historyId = useId();
  const activeRequestId = chat.activeRequestId;

  const onRetry = useCallback(() => {
    messenger.post({ type: "retryReply", requestId: crypto.randomUUID() });
  }, [messenger]);

  const onSend = useCallback(
    (text: string) => {
      messenger.post({ type: "sendMessage", requestId: crypto.randomUUID(), text });
    },
    [messenger],
  );

  const onStop = useCallback(() => {
    if (activeRequestId !== null) {
      messenger.post({ type: "stopReply", requestId: activeRequestId });
    }
  }, [messenger, activeRequestId]);

  const historyOpen = historyOpenedAt !== null;

  return (
    <div className="chat-panel">
      <header className="chat-toolbar">
        <span className="chat-title" title={chat.model.id}>
          {chat.conversation.title.trim() === "" ? t("chat:newChatTitle") : chat.conversation.title}
        </span>
        <button
          type="button"
          className="chat-button chat-button-secondary"
          onClick={() => {
            setHistoryOpenedAt(null);
            messenger.post({ type: "newChat" });
          }}
        >
          {t("chat:newChat")}
        </button>
        <button
          type="button"
          className="chat-button chat-button-secondary"
          aria-expanded={historyOpen}
          aria-controls={historyOpen ? historyId : undefined}
          onClick={() => {
            setHistoryOpenedAt(historyOpen ? null : Date.now());
          }}
        >
          {t("chat:history.toggle")}
        </button>
      </header>
      {historyOpenedAt !== null ? (
        <HistoryList
          id={historyId}
          history={history}
          currentId={chat.conversation.id}
          nowMs={historyOpenedAt}
          onOpen={(conversationId) => {
            setHistoryOpenedAt(null);
            messenger.post({ type: "openChat", conversationId });
          }}
          onDelete={(conversationId) => {
            messenger.post({ type: "deleteChat", conversationId });
          }}
        />
      ) : null}
      <MessageList messages={chat.conversation.messages} canRetry={activeRequestId === null} onRetry={onRetry} />
      <div className="chat-footer">
        <div className="chat-status">
          <ContextMeter tokens={chat.contextTokens} contextWindow={chat.model.info.contextWindow} />
          <TotalsLine totals={chat.totals} />
        </div>
        <Composer busy={activeRequestId !== null} rejected={rejected} onSend={onSend} onStop={onStop} />
      </div>
    </div>
  );
}
