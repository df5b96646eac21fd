/**
 * The conversation as an `aria-live="polite"` log. It follows the newest text while the reader is
 * at the bottom and leaves the scroll alone once they scroll up to read something older.
 *
 * While a reply streams, each delta gives the list a new array in which only the streaming
 * message is a new object; every `MessageView` is memoised, so only that one re-renders.
 */
import { memo, useEffect, useRef } from "react";
import type { ChatMessage } from "@shared/generated/types";
import { t } from "../../i18n";
import { MessageView } from "./MessageView";

export interface MessageListProps {
  messages: readonly ChatMessage[];
  /** False while a reply streams. */
  canRetry: boolean;
  onRetry: () => void;
}

export const MessageList = memo(function MessageList({ messages, canRetry, onRetry }: MessageListProps): React.JSX.Element {
  const end = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const count = useRef(messages.length);

  // Whether the end of the log is on screen, whichever element scrolls.
  useEffect(() => {
    const sentinel = end.current;
    if (sentinel === null || typeof IntersectionObserver === "undefined") {
      return undefined;
    }
    const observer = new IntersectionObserver((entries) => {
      atBottom.current = entries.some((entry) => entry.isIntersecting);
    });
    observer.observe(sentinel);
    return () => {
      observer.disconnect();
    };
  }, []);

  useEffect(() => {
    const added = messages.length > count.current;
    count.current = messages.length;
    const sentinel = end.current;
    // jsdom has no scrollIntoView.
    if (sentinel !== null && (added || atBottom.current) && typeof sentinel.scrollIntoView === "function") {
      sentinel.scrollIntoView({ block: "end" });
    }
  }, [messages]);

  return (
    <div className="chat-messages" role="log" aria-live="polite" aria-label={t("chat:messages")}>
      {messages.length === 0 ? (
        <div className="chat-empty">
          <p>{t("chat:empty")}</p>
          <p className="chat-muted">{t("chat:emptyHint")}</p>
        </div>
      ) : (
        messages.map((message, index) => (
          <MessageView key={message.id} message={message} canRetry={canRetry && index === messages.length - 1} onRetry={onRetry} />
        ))
      )}
      <div ref={end} className="chat-messages-end" />
    </div>
  );
});
