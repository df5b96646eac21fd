/**
 * The chat footer's mode picker: Ask (answers, changes nothing) or Code (reads, edits and runs
 * commands with approval). It shows the mode the user chose for this chat and, when the chat
 * cannot run in it (the model cannot call tools), the core's notice saying so. The choice posts
 * `setChatMode`; its answer applies until the extension sends the chat again, and a refusal
 * shows under the picker while the chat keeps its mode.
 */
import { memo, useId, useState } from "react";
import type { AgentMode, EffectiveMode } from "@shared/generated/types";
import { t } from "../../../i18n";
import { useLatestRequest } from "../../../utils/useLatestRequest";
import type { Messenger } from "../../../utils/vscode";

const MODES: readonly AgentMode[] = ["ask", "code"];

function isMode(value: string): value is AgentMode {
  return (MODES as readonly string[]).includes(value);
}

/** What the extension answered, for the chat's mode as it was then (newer props win over it). */
interface Confirmed {
  over: EffectiveMode;
  chosen: AgentMode;
  mode: EffectiveMode;
}

type Choice = { status: "idle" } | { status: "sending"; chosen: AgentMode } | { status: "failed"; error: string };

export interface ModePickerProps {
  /** The mode the user chose for the chat. */
  chosen: AgentMode;
  /** The mode it runs in, with the notice when that is not the chosen one. */
  mode: EffectiveMode;
  messenger: Messenger;
}

export const ModePicker = memo(function ModePicker({ chosen, mode, messenger }: ModePickerProps): React.JSX.Element {
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const [choice, setChoice] = useState<Choice>({ status: "idle" });
  const request = useLatestRequest(messenger);
  const noticeId = useId();
  const errorId = useId();

  const current = confirmed !== null && confirmed.over === mode ? confirmed : { chosen, mode };
  const shown = choice.status === "sending" ? choice.chosen : current.chosen;
  const notice = current.mode.notice;

  const choose = (next: AgentMode) => {
    setChoice({ status: "sending", chosen: next });
    request({ kind: "setChatMode", mode: next }, (outcome) => {
      if (!outcome.ok) {
        setChoice({ status: "failed", error: outcome.error });
        return;
      }
      setConfirmed({ over: mode, chosen: next, mode: outcome.mode });
      setChoice({ status: "idle" });
    });
  };

  const describedBy = [notice !== null ? noticeId : null, choice.status === "failed" ? errorId : null].filter((id) => id !== null).join(" ");

  return (
    <div className="agent-mode">
      <select
        className="agent-mode-select"
        data-testid="mode-picker"
        aria-label={t("agent:mode.label")}
        aria-describedby={describedBy === "" ? undefined : describedBy}
        value={shown}
        onChange={(event) => {
          if (isMode(event.target.value)) {
            choose(event.target.value);
          }
        }}
      >
        {MODES.map((value) => (
          <option key={value} value={value}>
            {t(`agent:mode.${value}`)}
          </option>
        ))}
      </select>
      {notice !== null ? (
        <span id={noticeId} className="agent-mode-notice" role="note">
          {notice}
        </span>
      ) : null}
      {choice.status === "failed" ? (
        <span id={errorId} className="agent-mode-error" role="alert">
          {choice.error}
        </span>
      ) : null}
    </div>
  );
});
