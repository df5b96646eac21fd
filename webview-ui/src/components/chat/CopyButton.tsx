/**
 * A button that copies text to the clipboard and says "Copied" for a moment. A clipboard that
 * refuses (no permission, no focus) says so instead of pretending.
 */
import { useEffect, useRef, useState } from "react";
import { t } from "../../i18n";

const FEEDBACK_MS = 1500;

type CopyState = "idle" | "copied" | "failed";

export function CopyButton({ text, label }: { text: string; label: string }): React.JSX.Element {
  const [state, setState] = useState<CopyState>("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => {
    clearTimeout(timer.current);
  }, []);

  const show = (next: CopyState) => {
    setState(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setState("idle");
    }, FEEDBACK_MS);
  };

  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => {
        show("copied");
      },
      () => {
        show("failed");
      },
    );
  };

  const feedback = state === "copied" ? t("chat:code.copied") : state === "failed" ? t("chat:code.copyFailed") : t("chat:code.copy");
  return (
    <>
      <button type="button" className="chat-icon-button chat-copy" aria-label={state === "idle" ? label : feedback} title={label} onClick={copy}>
        {feedback}
      </button>
      {/* A button's content is not a live region; this announces the outcome. */}
      <span role="status" className="chat-visually-hidden">
        {state === "idle" ? "" : feedback}
      </span>
    </>
  );
}
