/**
 * The chat tab: a toolbar (New chat, History), the conversation, the context-window meter with
 * Condense and the chat's running total, and the composer. The parent keeps the state the extension sends (the
 * open chat, its streaming reply, the history, a refused send); this panel renders it and sends
 * the user's intents: send, stop, retry, condense, new, open and delete. Code mode adds the mode
 * picker, Revert all edits, and below the messages what the agent waits for (see ActivityPanel);
 * the tool call rows inside the messages reach the messenger and the commands' output through
 * context (see agent/agentContext.ts).
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { ConversationSummary } from "@shared/generated/types";
import type { ChatView, SendOutcome } from "@shared/protocol";
import { t } from "../../i18n";
import type { CommandOutputs, Refusal } from "../../state";
import type { Messenger } from "../../utils/vscode";
import { ActivityPanel, activityBlocksSend } from "./agent/ActivityPanel";
import { AgentActionsContext, CommandOutputContext } from "./agent/agentContext";
import { ModePicker } from "./agent/ModePicker";
import { hasLiveEdit, RevertAll } from "./agent/RevertAll";
import { Composer, type Draft } from "./Composer";
import { BudgetLeft } from "./BudgetLeft";
import { Condense } from "./Condense";
import { HistoryList } from "./HistoryList";
import { MessageList } from "./MessageList";
import { SessionIdButton, SessionIdPanel, useSessionPanel } from "./SessionId";
import "./chat.css";
import "./agent/agent.css";

export interface ChatPanelProps {
  chat: ChatView;
  history: ConversationSummary[];
  rejected: Refusal | null;
  /** A send or retry the extension refused; the parent gives it back as `rejected`. */
  onRefused: (refusal: Refusal) => void;
  /** The open chat's commands' output, as it arrived. */
  commandOutput: CommandOutputs;
  messenger: Messenger;
}

export function ChatPanel({ chat, history, rejected, onRefused, commandOutput, messenger }: ChatPanelProps): React.JSX.Element {
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
  const actions = useMemo(() => ({ messenger, conversationId }), [messenger, conversationId]);
  const outputs = commandOutput.conversationId === conversationId ? commandOutput.byCall : NO_OUTPUT;
  const activity = useRef<HTMLDivElement>(null);

  // A card that asks something comes into view (the log follows only the messages above it).
  useEffect(() => {
    const element = activity.current;
    // jsdom has no scrollIntoView.
    if (element !== null && chat.activity.kind !== "idle" && typeof element.scrollIntoView === "function") {
      element.scrollIntoView({ block: "nearest" });
    }
  }, [chat.activity]);

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
      <div className="agent-revert">
        <RevertAll key={conversationId} show={hasLiveEdit(chat.conversation.messages)} conversationId={conversationId} messenger={messenger} />
      </div>
      <AgentActionsContext.Provider value={actions}>
        <CommandOutputContext.Provider value={outputs}>
          <MessageList messages={chat.conversation.messages} canRetry={!chat.streaming} onRetry={onRetry} />
          <div ref={activity} className="agent-activity">
            <ActivityPanel activity={chat.activity} conversationId={conversationId} messenger={messenger} />
          </div>
        </CommandOutputContext.Provider>
      </AgentActionsContext.Provider>
      <div className="chat-footer">
        <Condense chat={chat} messenger={messenger} />
        <BudgetLeft messenger={messenger} />
        <ModePicker key={conversationId} chosen={chat.conversation.mode} mode={chat.mode} messenger={messenger} />
        <Composer
          busy={chat.streaming || chat.activity.kind !== "idle"}
          blockedHint={activityBlocksSend(chat.activity) ? t("agent:composerBlocked") : null}
          rejected={rejected}
          model={chat.model}
          onSend={onSend}
          onStop={onStop}
          messenger={messenger}
        />
      </div>
    </div>
  );
}

const NO_OUTPUT: CommandOutputs["byCall"] = {};

/** Gives a refused send or retry back to the parent; a send that went out needs nothing here. */
function refuseIfNot(outcome: SendOutcome, draft: Draft, onRefused: (refusal: Refusal) => void): void {
  if (!outcome.ok) {
    onRefused({ ...draft, error: outcome.error });
  }
}


