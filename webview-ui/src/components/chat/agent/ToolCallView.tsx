/**
 * One tool call inside a reply, as a compact row: what it does ("Read src/a.ts", "Run `npm test`")
 * and where it stands ("Waiting for approval", "Done"), with the result folded below it. A
 * command's output shows as it arrives and stays once it finished; `attempt_completion`'s result
 * is Markdown in a block of its own; an approved edit offers Show diff and Undo this edit (a
 * refused undo says why). Arguments that are not valid JSON are shown as the model wrote them.
 */
import { memo, useContext } from "react";
import type { ChatToolCall } from "@shared/generated/types";
import { t } from "../../../i18n";
import { Markdown } from "../Markdown";
import { AgentActionsContext, CommandOutputContext } from "./agentContext";
import { CommandOutputBlock } from "./CommandOutputBlock";
import { callLabel, foldedText, parseToolRequest, resultText, statusWord } from "./toolCalls";
import { ToolIcon } from "./ToolIcon";
import { actionError, useAction } from "./useAction";

function CommandOutput({ call }: { call: ChatToolCall }): React.JSX.Element | null {
  const outputs = useContext(CommandOutputContext);
  const live = Object.hasOwn(outputs, call.id) ? outputs[call.id] : undefined;
  const final = resultText(call.status);
  // The final text is what the model was given; while the command runs, what arrived so far.
  if (final !== null && call.status.kind !== "rejected") {
    return final === "" ? null : <CommandOutputBlock text={final} truncated={false} testId="command-output" />;
  }
  return live === undefined ? null : <CommandOutputBlock text={live.text} truncated={live.truncated} testId="command-output" />;
}

function EditActions({ call, replyId }: { call: ChatToolCall; replyId: string }): React.JSX.Element | null {
  const actions = useContext(AgentActionsContext);
  const undo = useAction();
  const diff = useAction();
  if (call.edit === null || actions === null) {
    return null;
  }
  const { messenger, conversationId } = actions;
  const target = { conversationId, replyId, callId: call.id };
  const error = actionError(undo.state) ?? actionError(diff.state);
  return (
    <>
      <span className="agent-tool-actions">
        <button
          type="button"
          className="chat-button chat-button-secondary"
          disabled={diff.state.status === "busy"}
          onClick={() => {
            diff.run(() => messenger.request({ kind: "showEditDiff", ...target }));
          }}
        >
          {t("agent:tool.showDiff")}
        </button>
        {call.edit.undone ? (
          <span className="agent-tool-undone">{t("agent:tool.undone")}</span>
        ) : (
          <button
            type="button"
            className="chat-button chat-button-secondary"
            disabled={undo.state.status === "busy"}
            onClick={() => {
              undo.run(() => messenger.request({ kind: "undoEdit", ...target }));
            }}
          >
            {undo.state.status === "busy" ? t("agent:tool.undoing") : t("agent:tool.undo")}
          </button>
        )}
      </span>
      {error !== null ? (
        <p className="chat-error agent-tool-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

export const ToolCallView = memo(function ToolCallView({ call, replyId }: { call: ChatToolCall; replyId: string }): React.JSX.Element {
  const request = parseToolRequest(call.name, call.arguments);
  const label = callLabel(call);
  const isCommand = call.name === "execute_command";
  const completion = request?.tool === "attempt_completion" ? request.result : null;
  // The command's output and the completion's result show in their own blocks; the rest folds.
  const folded = !isCommand || call.status.kind === "rejected" ? foldedText(call.status) : null;
  return (
    <div className={`agent-tool-call agent-tool-${call.status.kind}`} data-testid="tool-call" data-tool={call.name} data-status={call.status.kind}>
      <div className="agent-tool-row">
        <ToolIcon tool={call.name} />
        <span className="agent-tool-label">
          {label.text}
          {label.command !== null ? (
            <>
              {" "}
              <code className="agent-tool-command">{label.command}</code>
            </>
          ) : null}
        </span>
        <span className="agent-tool-status">{statusWord(call.status)}</span>
        <EditActions call={call} replyId={replyId} />
      </div>
      {request === null && call.arguments.trim() !== "" ? (
        <details className="agent-tool-details">
          <summary>{t("agent:tool.rawArguments")}</summary>
          <pre className="agent-tool-text">{call.arguments}</pre>
        </details>
      ) : null}
      {isCommand ? <CommandOutput call={call} /> : null}
      {completion !== null ? (
        <div className="agent-completion" data-testid="completion-result">
          <Markdown text={completion} />
        </div>
      ) : null}
      {folded !== null && completion === null ? (
        <details className="agent-tool-details">
          <summary>{t("agent:tool.result")}</summary>
          <pre className="agent-tool-text">{folded}</pre>
        </details>
      ) : null}
    </div>
  );
});
