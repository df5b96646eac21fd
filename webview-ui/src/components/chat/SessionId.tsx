/**
 * The chat's session id, on demand: a toolbar button that shows the id each request of this chat
 * sends to LiteLLM as `litellm_session_id` (the chat's own id), with a Copy button, so a team can
 * find the chat's requests in the proxy's spend logs.
 */
import { useId, useState } from "react";
import { t } from "../../i18n";
import { CopyButton } from "./CopyButton";

export function SessionIdButton({ open, controls, onToggle }: { open: boolean; controls: string; onToggle: () => void }): React.JSX.Element {
  return (
    <button type="button" className="chat-button chat-button-secondary" aria-expanded={open} aria-controls={open ? controls : undefined} onClick={onToggle}>
      {t("teams:session.toggle")}
    </button>
  );
}

export function SessionIdPanel({ id, sessionId }: { id: string; sessionId: string }): React.JSX.Element {
  const labelId = useId();
  return (
    <section id={id} className="chat-session" aria-labelledby={labelId} data-testid="session-id">
      <span id={labelId} className="chat-session-label">
        {t("teams:session.label")}
      </span>{" "}
      <code className="chat-session-value">{sessionId}</code> <CopyButton text={sessionId} label={t("teams:session.copy")} />
      <p className="chat-session-help">{t("teams:session.help")}</p>
    </section>
  );
}

/** Whether the session panel is open, and the id tying the button to it. */
export function useSessionPanel(): { open: boolean; id: string; toggle: () => void; close: () => void } {
  const [open, setOpen] = useState(false);
  const id = useId();
  return {
    open,
    id,
    toggle: () => {
      setOpen((was) => !was);
    },
    close: () => {
      setOpen(false);
    },
  };
}
