/**
 * The tools, made on first use: building VS Code's tool runner registers a document provider and
 * commands, which a chat that never enters Code mode should not pay for at activation.
 */
import type { FileEdit, PendingToolCall, UndoPlan } from "../shared/generated/types";
import type { AgentTools } from "./agentTask";
import type { EditFiles } from "./editUndo";

export type Tools = AgentTools & EditFiles;

/** The tools made on first use, and `dispose`, which frees them if they were made. */
export function lazyTools(create: () => Tools & { dispose?: () => void }): Tools & { dispose: () => void } {
  let made: (Tools & { dispose?: () => void }) | undefined;
  const tools = (): Tools => (made ??= create());
  return {
    prepare: (call: PendingToolCall) => tools().prepare(call),
    perform: (call, io) => tools().perform(call, io),
    discardProposal: (callId: string) => {
      // Nothing was proposed before the runner exists.
      made?.discardProposal(callId);
    },
    currentText: (path: string) => tools().currentText(path),
    undo: (plan: UndoPlan) => tools().undo(plan),
    showEdit: (edit: FileEdit | { callId: string }) => tools().showEdit(edit),
    dispose: () => {
      made?.dispose?.();
      made = undefined;
    },
  };
}
