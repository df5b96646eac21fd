/**
 * The chat tab: a toolbar (New chat, History), the conversation, the context-window meter with
 * Condense and the chat's running total, and the composer. The parent keeps the state the extension sends (the
 * open chat, its streaming reply, the history, a refused send); this panel renders it and sends
 * the user's intents: send, stop, retry, condense, new, open and delete.
 */
import { useCallback, useId, useState } from "react";
import type { ConversationSummary } from "@shared/generated/types";
import type { ChatView, SendOutcome } from "@shared/protocol";
import { t } from "../../i18n";
import type { Refusal } from "../../state";
import type { Messenger } from "../../utils/vscode";
import { Composer, type Draft } from "./Composer";
import { BudgetLeft } from "./BudgetLeft";
import { Condense } from "./Condense";
import { HistoryList } from "./HistoryList";
import { MessageList } from "./MessageList";
import { SessionIdButton, SessionIdPanel, useSessionPanel } from "./SessionId";
import "./chat.css";

export interface ChatPanelProps {
  chat: ChatView;
  history: ConversationSummary[];
  rejected: Refusal | null;
  /** A send or retry the extension refused; the parent gives it back as `rejected`. */
  onRefused: (refusal: Refusal) => void;
  messenger: Messenger;
}

export function ChatPanel({ chat, history, rejected, onRefused, messenger }: ChatPanelProps): React.JSX.Element {
  // When the history list was opened (its dates read relative to it); null while it is closed.
  const [historyOpenedAt, setHistoryOpenedAt] = useState<number | null>(null);
  const historyId = useId();
  const session = useSessionPanel();
  const conversationId = chat.conversation.id;

  const onRetry = useCallback(() => {
    void messenger.request({ kind: "retryReply" }).then((outcome) => {
      refuseIfNot(outcome, { text: "", chips: [], images: [] }, onRefused);
    });
  }, [messenger, onRefused]);

  const onSend = useCallback(
    (draft: Draft) => {
      const mentions = draft.chips.map((chip) => chip.mention);
      void messenger.request({ kind: "sendMessage", text: draft.text, mentions, images: draft.images }).then((outcome) => {
        refuseIfNot(outcome, draft, onRefused);
      });
    },
    [messenger, onRefused],
  );

  const onStop = useCallback(() => {
    messenger.notify({ type: "stopReply", conversationId });
  }, [messenger, conversationId]);

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
            messenger.notify({ type: "newChat" });
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
            if (historyOpen) {
              setHistoryOpenedAt(null);
              return;
            }
            setHistoryOpenedAt(Date.now());
            // Chats another window saved since this one loaded its history show up too.
            messenger.notify({ type: "refreshHistory" });
          }}
        >
          {t("chat:history.toggle")}
        </button>
        <SessionIdButton open={session.open} controls={session.id} onToggle={session.toggle} />
      </header>
      {session.open ? <SessionIdPanel id={session.id} sessionId={conversationId} /> : null}
      {historyOpenedAt !== null ? (
        <HistoryList
          id={historyId}
          history={history}
          currentId={chat.conversation.id}
          nowMs={historyOpenedAt}
          onOpen={(id) => {
            setHistoryOpenedAt(null);
            messenger.notify({ type: "openChat", conversationId: id });
          }}
          onDelete={(id) => {
            messenger.notify({ type: "deleteChat", conversationId: id });
          }}
        />
      ) : null}
      <MessageList messages={chat.conversation.messages} canRetry={!chat.streaming} onRetry={onRetry} />
      <div className="chat-footer">
        <Condense chat={chat} messenger={messenger} />
        <BudgetLeft messenger={messenger} />
        <Composer busy={chat.streaming} rejected={rejected} model={chat.model} onSend={onSend} onStop={onStop} messenger={messenger} />
      </div>
    </div>
  );
}

/** Gives a refused send or retry back to the parent; a send that went out needs nothing here. */
function refuseIfNot(outcome: SendOutcome, draft: Draft, onRefused: (refusal: Refusal) => void): void {
  if (!outcome.ok) {
    onRefused({ ...draft, error: outcome.error });
  }
}


