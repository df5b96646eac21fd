/**
 * "Revert all edits" in the chat's toolbar, shown only while the chat has an edit not undone.
 * It asks first (restoring files cannot itself be undone here), then posts `revertAllEdits` and
 * says what happened: how many edits were restored, and each one that could not be.
 */
import { memo, useState } from "react";
import type { ChatMessage } from "@shared/generated/types";
import type { RevertOutcome } from "@shared/protocol";
import { t } from "../../../i18n";
import type { Messenger } from "../../../utils/vscode";

/** Whether any reply of the chat holds an edit that is written and not undone. */
export function hasLiveEdit(messages: readonly ChatMessage[]): boolean {
  return messages.some((message) => message.toolCalls.some((call) => call.edit !== null && !call.edit.undone));
}

type Step = { status: "idle" } | { status: "confirming" } | { status: "reverting" } | { status: "done"; outcome: RevertOutcome };

function OutcomeText({ outcome, onDismiss }: { outcome: RevertOutcome; onDismiss: () => void }): React.JSX.Element {
  return (
    <div className={outcome.errors.length > 0 ? "chat-error agent-revert-outcome" : "agent-revert-outcome"} role={outcome.errors.length > 0 ? "alert" : "status"}>
      <span>{outcome.reverted === 1 ? t("agent:revert.doneOne") : t("agent:revert.done", { count: String(outcome.reverted) })}</span>
      {outcome.errors.length > 0 ? (
        <>
          <span>{t("agent:revert.errors")}</span>
          <ul className="agent-revert-errors">
            {outcome.errors.map((error, index) => (
              <li key={index}>{error}</li>
            ))}
          </ul>
        </>
      ) : null}
      <button type="button" className="chat-button chat-button-secondary" onClick={onDismiss}>
        {t("agent:revert.dismiss")}
      </button>
    </div>
  );
}

export const RevertAll = memo(function RevertAll(props: { show: boolean; conversationId: string; messenger: Messenger }): React.JSX.Element | null {
  const [step, setStep] = useState<Step>({ status: "idle" });
  const { conversationId, messenger } = props;

  if (step.status === "done") {
    return (
      <OutcomeText
        outcome={step.outcome}
        onDismiss={() => {
          setStep({ status: "idle" });
        }}
      />
    );
  }
  if (!props.show) {
    return null;
  }
  if (step.status === "confirming" || step.status === "reverting") {
    return (
      <div className="agent-revert-confirm" role="group" aria-label={t("agent:revert.button")}>
        <span>{t("agent:revert.confirm")}</span>
        <button
          type="button"
          className="chat-button chat-button-danger"
          disabled={step.status === "reverting"}
          onClick={() => {
            setStep({ status: "reverting" });
            void messenger.request({ kind: "revertAllEdits", conversationId }).then((outcome) => {
              setStep({ status: "done", outcome });
            });
          }}
        >
          {step.status === "reverting" ? t("agent:revert.reverting") : t("agent:revert.confirmButton")}
        </button>
        <button
          type="button"
          className="chat-button chat-button-secondary"
          disabled={step.status === "reverting"}
          onClick={() => {
            setStep({ status: "idle" });
          }}
        >
          {t("agent:revert.cancel")}
        </button>
      </div>
    );
  }
  return (
    <button
      type="button"
      className="chat-button chat-button-secondary"
      onClick={() => {
        setStep({ status: "confirming" });
      }}
    >
      {t("agent:revert.button")}
    </button>
  );
});
