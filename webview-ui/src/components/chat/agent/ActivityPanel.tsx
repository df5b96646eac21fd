/**
 * What Code mode's agent waits for, below the messages and above the composer: the approval card,
 * the running call with its live output (the composer's Stop stops it), the follow-up question with its suggested
 * answers, or the step limit's Continue / End task. Nothing while the agent is idle. Each card is
 * keyed by what it asks about, so a new question never inherits the last one's typed text.
 */
import { useContext, useId, useState } from "react";
import type { AgentActivity } from "@shared/protocol";
import { t } from "../../../i18n";
import type { Messenger } from "../../../utils/vscode";
import { Markdown } from "../Markdown";
import { CommandOutputContext } from "./agentContext";
import { ActionError } from "./ActionError";
import { ApprovalCard } from "./ApprovalCard";
import { ChoiceButtons } from "./ChoiceButtons";
import { CommandOutputBlock } from "./CommandOutputBlock";
import { requestLabel } from "./toolCalls";
import { actionError, useAction } from "./useAction";

interface CardProps<Kind extends AgentActivity["kind"]> {
  activity: Extract<AgentActivity, { kind: Kind }>;
  conversationId: string;
  messenger: Messenger;
}

/** The running call and its live output; the composer's Stop (shown while any task runs) stops it. */
function RunningCall({ activity }: { activity: Extract<AgentActivity, { kind: "running" }> }): React.JSX.Element {
  const outputs = useContext(CommandOutputContext);
  const output = Object.hasOwn(outputs, activity.call.id) ? outputs[activity.call.id] : undefined;
  const label = requestLabel(activity.call.request);
  const what = label.command === null ? label.text : `${label.text} ${label.command}`;
  const isCommand = activity.call.request.tool === "execute_command";
  return (
    <section className="agent-card agent-running" data-testid="running-call" aria-label={t("agent:running.region")} aria-busy="true">
      <div className="agent-card-row">
        <span className="agent-card-title">{t("agent:running.label", { what })}</span>
      </div>
      {isCommand ? (
        output === undefined ? (
          <p className="chat-muted">{t("agent:running.waiting")}</p>
        ) : (
          <CommandOutputBlock text={output.text} truncated={output.truncated} testId="running-output" />
        )
      ) : null}
    </section>
  );
}

function FollowupQuestion({ activity, conversationId, messenger }: CardProps<"question">): React.JSX.Element {
  const [answer, setAnswer] = useState("");
  const action = useAction();
  const headingId = useId();
  const busy = action.state.status === "busy";
  const send = (text: string) => {
    action.run(() => messenger.request({ kind: "answerQuestion", conversationId, callId: activity.callId, answer: text }));
  };
  return (
    <section className="agent-card agent-question" data-testid="followup-question" aria-labelledby={headingId}>
      <h4 id={headingId} className="chat-visually-hidden">
        {t("agent:question.region")}
      </h4>
      <Markdown text={activity.question} />
      {activity.suggestions.length > 0 ? (
        <div className="agent-suggestions">
          {activity.suggestions.map((suggestion, index) => (
            <button
              // Suggestions may repeat; their place tells them apart.
              key={index}
              type="button"
              className="chat-button chat-button-secondary agent-suggestion"
              disabled={busy}
              onClick={() => {
                send(suggestion);
              }}
            >
              {suggestion}
            </button>
          ))}
        </div>
      ) : null}
      <form
        className="agent-answer"
        onSubmit={(event) => {
          event.preventDefault();
          if (answer.trim() !== "") {
            send(answer.trim());
          }
        }}
      >
        <input
          className="chat-input agent-answer-input"
          type="text"
          aria-label={t("agent:question.answerLabel")}
          value={answer}
          onChange={(event) => {
            setAnswer(event.target.value);
          }}
        />
        <button type="submit" className="chat-button" disabled={busy || answer.trim() === ""}>
          {t("agent:question.answer")}
        </button>
      </form>
      <ActionError error={actionError(action.state)} />
    </section>
  );
}

function ContinuePrompt({ activity, conversationId, messenger }: CardProps<"continue">): React.JSX.Element {
  const action = useAction();
  const busy = action.state.status === "busy";
  const send = (proceed: boolean) => {
    action.run(() => messenger.request({ kind: "continueTask", conversationId, proceed }));
  };
  return (
    <section className="agent-card agent-continue" data-testid="continue-prompt" aria-label={t("agent:continuePrompt.region")}>
      <p className="agent-card-title">{t("agent:continuePrompt.text", { count: String(activity.steps) })}</p>
      <ChoiceButtons
        primary={{
          label: t("agent:continuePrompt.proceed"),
          onChoose: () => {
            send(true);
          },
        }}
        secondary={{
          label: t("agent:continuePrompt.end"),
          onChoose: () => {
            send(false);
          },
        }}
        busy={busy}
      />
      <ActionError error={actionError(action.state)} />
    </section>
  );
}

export interface ActivityPanelProps {
  activity: AgentActivity;
  conversationId: string;
  messenger: Messenger;
}

export function ActivityPanel({ activity, conversationId, messenger }: ActivityPanelProps): React.JSX.Element | null {
  switch (activity.kind) {
    case "idle":
      return null;
    case "approval":
      return <ApprovalCard key={`${activity.replyId}/${activity.call.id}`} activity={activity} conversationId={conversationId} messenger={messenger} />;
    case "running":
      return <RunningCall key={`${activity.replyId}/${activity.call.id}`} activity={activity} />;
    case "question":
      return (
        <FollowupQuestion key={`${activity.replyId}/${activity.callId}`} activity={activity} conversationId={conversationId} messenger={messenger} />
      );
    case "continue":
      return <ContinuePrompt key={`${activity.replyId}/${String(activity.steps)}`} activity={activity} conversationId={conversationId} messenger={messenger} />;
  }
}

/** Whether the composer must wait: the agent asks something only the card above can answer. */
export function activityBlocksSend(activity: AgentActivity): boolean {
  return activity.kind === "approval" || activity.kind === "question" || activity.kind === "continue";
}
