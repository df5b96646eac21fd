/**
 * One message. The user's own text is plain (newlines kept); a reply is markdown, with its
 * reasoning folded above it, a typing indicator while it streams, a "Stopped" marker or the
 * error in plain words when it ended early (the text streamed so far stays), and its usage. A
 * user message shows what it attached; a reply whose request left older messages out says so;
 * a Condense summary is a card naming how many messages it replaces. A Code mode reply lists its
 * tool calls below its text, one row each.
 */
import { memo } from "react";
import type { ChatMessage } from "@shared/generated/types";
import { t } from "../../i18n";
import { ToolCallView } from "./agent/ToolCallView";
import { Markdown } from "./Markdown";
import { MessageAttachments } from "./MessageAttachments";
import { UsageLine } from "./UsageLine";

export interface MessageViewProps {
  message: ChatMessage;
  /** Retry is offered only on the last message, and only when nothing is streaming. */
  canRetry: boolean;
  onRetry: () => void;
}

function TypingIndicator(): React.JSX.Element {
  return (
    <span className="chat-typing" role="status" aria-label={t("chat:message.typing")}>
      <span className="chat-typing-dot" />
      <span className="chat-typing-dot" />
      <span className="chat-typing-dot" />
    </span>
  );
}

function Reply({ message, canRetry, onRetry }: MessageViewProps): React.JSX.Element {
  const { error, state } = message;
  return (
    <>
      {message.reasoning.trim() !== "" ? (
        <details className="chat-reasoning">
          <summary>{t("chat:message.reasoning")}</summary>
          <Markdown text={message.reasoning} />
        </details>
      ) : null}
      {message.text !== "" ? <Markdown text={message.text} /> : null}
      {message.toolCalls.length > 0 ? (
        <div className="agent-tool-calls">
          {message.toolCalls.map((call) => (
            <ToolCallView key={call.id} call={call} replyId={message.id} />
          ))}
        </div>
      ) : null}
      {state === "streaming" ? <TypingIndicator /> : null}
      {state === "stopped" ? <p className="chat-stopped">{t("chat:message.stopped")}</p> : null}
      {state === "failed" ? (
        <div className="chat-error" role="alert">
          <span className="chat-error-text">{error?.message ?? t("chat:message.failed")}</span>
          {canRetry ? (
            <button type="button" className="chat-button chat-button-secondary" onClick={onRetry}>
              {t("chat:message.retry")}
            </button>
          ) : null}
          {error?.detail != null && error.detail !== error.message ? (
            <details className="chat-error-detail">
              <summary>{t("chat:message.errorDetail")}</summary>
              <span>{error.detail}</span>
            </details>
          ) : null}
        </div>
      ) : null}
      {message.usage !== null ? <UsageLine usage={message.usage} /> : null}
    </>
  );
}

/** The line above a message: who wrote it, or for a Condense summary, what it replaces. */
function author(message: ChatMessage): string {
  if (message.summaryOf !== null) {
    const count = message.summaryOf.length;
    return count === 1 ? t("chat:summary.titleOne") : t("chat:summary.title", { count: String(count) });
  }
  return message.role === "user" ? t("chat:message.you") : (message.modelId ?? t("chat:message.assistant"));
}

/** Memoized: while a reply streams, only that message re-renders (the others keep their identity). */
export const MessageView = memo(function MessageView(props: MessageViewProps): React.JSX.Element {
  const { message } = props;
  const isUser = message.role === "user";
  const isSummary = message.summaryOf !== null;
  const label = isSummary ? author(message) : isUser ? t("chat:message.you") : t("chat:message.assistant");
  return (
    <article
      className={`chat-message chat-message-${message.role} chat-message-${message.state}${isSummary ? " chat-message-summary" : ""}`}
      aria-label={label}
      aria-busy={message.state === "streaming"}
    >
      <div className="chat-message-author" aria-hidden="true">
        {author(message)}
      </div>
      {message.contextNotice !== null ? (
        <p className="chat-context-notice" role="note">
          {message.contextNotice}
        </p>
      ) : null}
      {isUser ? (
        <>
          {message.text !== "" ? <div className="chat-user-text">{message.text}</div> : null}
          <MessageAttachments attachments={message.attachments} images={message.images} />
        </>
      ) : (
        <Reply {...props} />
      )}
    </article>
  );
});
