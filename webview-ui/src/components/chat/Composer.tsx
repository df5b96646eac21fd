/**
 * Where the user types. Enter sends, Shift+Enter breaks the line (and Enter while an input method
 * is composing belongs to the input method). While a reply streams, Send becomes Stop and Enter
 * does not send. A send the extension refused comes back as `rejected`: its text returns to the
 * box and the reason shows above it until the user sends again or dismisses it.
 */
import { memo, useId, useRef, useState } from "react";
import { t } from "../../i18n";
import type { Refusal } from "../../state";

export interface ComposerProps {
  /** True while a reply streams: the button stops it instead of sending. */
  busy: boolean;
  rejected: Refusal | null;
  onSend: (text: string) => void;
  onStop: () => void;
}

/**
 * Rejections the user has moved past (sent again or dismissed). The parent keeps `rejected` until
 * the next one, and the panel remounts when its tab is switched, so this outlives the component:
 * an old rejection never comes back into a fresh composer.
 */
const settled = new WeakSet<Refusal>();

function isPending(rejected: Refusal | null): rejected is Refusal {
  return rejected !== null && !settled.has(rejected);
}

/**
 * The draft with the refused text given back: alone when the box is empty, else before the draft.
 * A refused retry has no text, and leaves the draft as it is.
 */
function restore(draft: string, rejected: Refusal): string {
  if (rejected.text === "") {
    return draft;
  }
  if (draft.trim() === "" || draft === rejected.text) {
    return rejected.text;
  }
  return `${rejected.text}\n\n${draft}`;
}

/** Memoised: the chat re-renders for every streamed delta, and nothing here changes with one. */
export const Composer = memo(function Composer({ busy, rejected, onSend, onStop }: ComposerProps): React.JSX.Element {
  const [text, setText] = useState(() => (isPending(rejected) ? rejected.text : ""));
  // The rejection this composer last saw, to notice a new one (state adjusted during render,
  // as React recommends, so the text and the error appear in the same frame).
  const [seen, setSeen] = useState(rejected);
  const [dismissed, setDismissed] = useState<Refusal | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const errorId = useId();

  if (rejected !== seen) {
    setSeen(rejected);
    if (isPending(rejected)) {
      setText(restore(text, rejected));
    }
  }

  const showError = isPending(rejected) && rejected !== dismissed;
  const canSend = !busy && text.trim() !== "";

  const settle = () => {
    if (rejected !== null) {
      settled.add(rejected);
      setDismissed(rejected);
    }
  };

  const send = () => {
    if (!canSend) {
      return;
    }
    settle();
    onSend(text);
    setText("");
    input.current?.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) {
      return;
    }
    event.preventDefault();
    send();
  };

  return (
    <form
      className="chat-composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {showError ? (
        <div className="chat-error chat-composer-error" role="alert" id={errorId}>
          <span className="chat-error-text">{rejected.error.message}</span>
          <button type="button" className="chat-button chat-button-secondary" onClick={settle}>
            {t("chat:composer.dismiss")}
          </button>
        </div>
      ) : null}
      <div className="chat-composer-row">
        <textarea
          ref={input}
          className="chat-input"
          rows={2}
          value={text}
          aria-label={t("chat:composer.label")}
          aria-describedby={showError ? errorId : undefined}
          placeholder={t("chat:composer.placeholder")}
          onChange={(event) => {
            setText(event.target.value);
          }}
          onKeyDown={onKeyDown}
        />
        {busy ? (
          <button type="button" className="chat-button chat-button-stop" onClick={onStop}>
            {t("chat:composer.stop")}
          </button>
        ) : (
          <button type="submit" className="chat-button" disabled={!canSend}>
            {t("chat:composer.send")}
          </button>
        )}
      </div>
    </form>
  );
});
