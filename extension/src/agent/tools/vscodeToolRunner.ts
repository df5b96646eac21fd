/**
 * The tools as the agent task and Undo use them, over VS Code's `ToolRunner`: the workspace
 * folder and the command timeout are read when a call runs, an edit approved or rejected from
 * the diff editor's title bar goes to the task waiting for it, and Undo reads a file's text now
 * through the same checks as every other tool.
 */
import { join } from "node:path";
import type { Log } from "../../log";
import { firstWorkspaceFolder } from "../../context/workspaceIndex";
import type { UserDecision } from "../../shared/generated/types";
import { readAgentSettings } from "../agentSettings";
import type { Tools } from "../lazyTools";
import { readFileText } from "./fileText";
import { checkRealPath } from "./realPaths";
import type { ToolCore } from "./toolCore";
import { ToolRunner } from "./toolRunner";

export interface VscodeToolsOptions {
  core: ToolCore & Parameters<typeof readAgentSettings>[0];
  log: Log;
  /** Hands a decision made in the diff editor's title bar to the task waiting for it. */
  decide: (callId: string, decision: UserDecision) => void;
  /** The workspace folder; by default the first of VS Code's folders. */
  workspaceRoot?: () => string | undefined;
}

export function createVscodeToolRunner(options: VscodeToolsOptions): Tools & { dispose: () => void } {
  const workspaceRoot = options.workspaceRoot ?? firstWorkspaceFolder;
  const runner = new ToolRunner({
    core: options.core,
    workspaceRoot,
    commandTimeoutSeconds: () => readAgentSettings(options.core).commandTimeoutSeconds,
  });
  const subscription = runner.onProposalDecision((callId, decision) => {
    options.decide(callId, decision === "approve" ? { kind: "approve" } : { kind: "reject", reason: null });
  });
  return {
    prepare: (call) => runner.prepare(call),
    perform: (call, io) => runner.perform(call, io),
    discardProposal: (callId) => {
      void runner.discardProposal(callId).catch((error: unknown) => {
        options.log.warn(`A proposed edit's diff editor could not be closed: ${String(error)}`);
      });
    },
    currentText: async (path) => {
      const root = workspaceRoot();
      if (root === undefined) {
        throw new Error("No folder is open, so the edit cannot be undone. Open the project's folder and try again.");
      }
      const checked = await checkRealPath(options.core, root, join(root, ...path.split("/")), "file");
      if (!checked.ok) {
        throw new Error(checked.text);
      }
      const text = await readFileText(checked.real, path, Number.POSITIVE_INFINITY);
      if (text.kind === "refused") {
        throw new Error(text.text);
      }
      return text.kind === "missing" ? null : text.text;
    },
    undo: (plan) => runner.undo(plan),
    showEdit: (edit) => runner.showEdit(edit),
    dispose: () => {
      subscription.dispose();
      runner.dispose();
    },
  };
}
