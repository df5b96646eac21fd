/**
 * The card that asks before Code mode's agent acts: a heading that says exactly what will happen
 * ("Roo wants to edit src/app.ts", "Roo wants to run this command" with the command and its
 * folder, "Roo wants to read .env — this file may hold secrets"), an edit's diff, and Approve or
 * Reject. Reject opens a box for a reason the model is told (optional; empty sends none). Only
 * these buttons send `decideToolCall`; a refused decision says why under them.
 */
import { useId, useState } from "react";
import type { AgentActivity, ToolPreview } from "@shared/protocol";
import type { PendingToolCall } from "@shared/generated/types";
import { t } from "../../../i18n";
import type { Messenger } from "../../../utils/vscode";
import { ActionError } from "./ActionError";
import { ChoiceButtons } from "./ChoiceButtons";
import { DiffView } from "./DiffView";
import { shownPath } from "./toolCalls";
import { actionError, useAction } from "./useAction";

type Approval = Extract<AgentActivity, { kind: "approval" }>;

/** The heading: what the call will do, in words. */
export function approvalHeading(call: PendingToolCall, preview: ToolPreview): string {
  switch (preview.kind) {
    case "edit":
      return t(preview.edit.creates ? "agent:approval.create" : "agent:approval.edit", { path: preview.edit.path });
    case "command":
      return t("agent:approval.command");
    case "read": {
      const path = shownPath(preview.path);
      const request = call.request;
      const action =
        request.tool === "list_files"
          ? t("agent:approval.list", { path })
          : request.tool === "search_files"
            ? t("agent:approval.search", { path, regex: request.regex })
            : t("agent:approval.read", { path });
      return preview.secret ? t("agent:approval.secret", { action }) : action;
    }
  }
}

function PreviewBody({ preview, onOpenDiff }: { preview: ToolPreview; onOpenDiff: () => void }): React.JSX.Element | null {
  switch (preview.kind) {
    case "edit":
      return (
        <>
          <DiffView edit={preview.edit} />
          <p className="chat-muted agent-approval-note">
            {t("agent:approval.diffNote")}{" "}
            <button type="button" className="chat-link-button" onClick={onOpenDiff}>
              {t("agent:approval.openDiff")}
            </button>
          </p>
        </>
      );
    case "command":
      return (
        <>
          <pre className="agent-approval-command">
            <code>{preview.command}</code>
          </pre>
          <p className="chat-muted">{t("agent:approval.commandIn", { folder: shownPath(preview.cwd) })}</p>
        </>
      );
    case "read":
      return null;
  }
}

export function ApprovalCard(props: { activity: Approval; conversationId: string; messenger: Messenger }): React.JSX.Element {
  const { activity, conversationId, messenger } = props;
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const decide = useAction();
  const diff = useAction();
  const headingId = useId();
  const busy = decide.state.status === "busy";
  const callId = activity.call.id;

  const send = (decision: { kind: "approve" } | { kind: "reject"; reason: string | null }) => {
    decide.run(() => messenger.request({ kind: "decideToolCall", conversationId, callId, decision }));
  };
  const sendRejection = () => {
    send({ kind: "reject", reason: reason.trim() === "" ? null : reason.trim() });
  };

  return (
    <section
      className={`agent-card agent-approval${props.activity.preview.kind === "read" && props.activity.preview.secret ? " agent-approval-secret" : ""}`}
      data-testid="approval-card"
      aria-labelledby={headingId}
    >
      <h4 id={headingId} className="agent-card-title">
        {approvalHeading(activity.call, activity.preview)}
      </h4>
      <PreviewBody
        preview={activity.preview}
        onOpenDiff={() => {
          diff.run(() => messenger.request({ kind: "showEditDiff", conversationId, replyId: activity.replyId, callId }));
        }}
      />
      {rejecting ? (
        <div className="agent-reject">
          <textarea
            className="chat-input agent-reject-reason"
            rows={2}
            aria-label={t("agent:approval.reason")}
            placeholder={t("agent:approval.reasonPlaceholder")}
            value={reason}
            // The box was opened to be typed in.
            autoFocus
            onChange={(event) => {
              setReason(event.target.value);
            }}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                sendRejection();
              } else if (event.key === "Escape") {
                setRejecting(false);
              }
            }}
          />
          <div className="agent-card-actions">
            <button type="button" className="chat-button chat-button-danger" disabled={busy} onClick={sendRejection}>
              {t("agent:approval.sendRejection")}
            </button>
            <button
              type="button"
              className="chat-button chat-button-secondary"
              onClick={() => {
                setRejecting(false);
              }}
            >
              {t("agent:approval.cancel")}
            </button>
          </div>
        </div>
      ) : (
        <ChoiceButtons
          primary={{
            label: t("agent:approval.approve"),
            onChoose: () => {
              send({ kind: "approve" });
            },
          }}
          secondary={{
            label: t("agent:approval.reject"),
            onChoose: () => {
              setRejecting(true);
            },
          }}
          busy={busy}
        />
      )}
      <ActionError error={actionError(decide.state) ?? actionError(diff.state)} />
    </section>
  );
}
