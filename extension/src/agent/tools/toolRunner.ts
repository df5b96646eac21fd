/**
 * Performs the agent's tool calls with VS Code's APIs once the core has decided them: prepares
 * what an approval shows (an edit opens in VS Code's diff editor), performs the call, undoes an
 * edit and reopens one. Every decision (which call, whether it is approved, which paths are
 * allowed, how the outcome reads) is the core's; this class only touches the disk, the editor
 * and the terminal, and follows links before it does.
 *
 * Make one per extension host and dispose it with the extension: it registers the editor title's
 * Approve edit and Reject edit commands, which VS Code allows once.
 */
import { join } from "node:path";
import * as vscode from "vscode";
import type { FileEdit, PendingToolCall, ToolOutcome, ToolPath, UndoPlan, WrittenEdit } from "../../shared/generated/types";
import type { ToolPreview } from "../../shared/protocol";
import { CommandRunner } from "./commandRunner";
import { MAX_TOOL_FILE_BYTES, readFileText } from "./fileText";
import { deleteFile, writeWholeFile } from "./fileWrites";
import { ProposalEditors, type Proposal, type ProposalDecision } from "./proposals";
import { failure, listFilesTool, readFileTool, searchFilesTool, type ReadToolContext } from "./readTools";
import { checkRealPath } from "./realPaths";
import type { ToolCore } from "./toolCore";

export interface ToolRunnerOptions {
  core: ToolCore;
  /** The workspace folder on disk, or `undefined` when no folder is open. */
  workspaceRoot: () => string | undefined;
  /** The `commandTimeoutSeconds` setting, read when a command starts. */
  commandTimeoutSeconds: () => number;
  /** VS Code's install folder, where its ripgrep is (`vscode.env.appRoot` by default). */
  appRoot?: string;
  /** The largest file read or edited (5 MB by default). */
  maxFileBytes?: number;
  /** How long a new terminal may take to bring up shell integration (5 s by default). */
  shellIntegrationWaitMs?: number;
}

/** What an approval shows, or why the call fails before it is asked about. */
export type PreparedCall = { ok: true; preview: ToolPreview } | { ok: false; text: string };

export interface PerformIo {
  /** Stop: a running command or search ends at once. */
  signal: AbortSignal;
  /** A command's output as it arrives. */
  onOutput: (text: string) => void;
}

export interface PerformedCall {
  outcome: ToolOutcome;
  /** The edit written (its `after` is the text the file holds after the save), for the chat's `recordEdit`. */
  edit: WrittenEdit | null;
}

type EditRequest = Extract<PendingToolCall["request"], { tool: "write_to_file" | "apply_diff" }>;

export class ToolRunner implements vscode.Disposable {
  private readonly proposals = new ProposalEditors();
  private readonly commands: CommandRunner;

  constructor(private readonly options: ToolRunnerOptions) {
    this.commands = new CommandRunner({ shellIntegrationWaitMs: options.shellIntegrationWaitMs });
  }

  /** What the approval card shows; an edit is also opened in VS Code's diff editor. */
  async prepare(call: PendingToolCall): Promise<PreparedCall> {
    try {
      return await this.prepareCall(call);
    } catch (error) {
      return { ok: false, text: unexpected(error) };
    }
  }

  /** Performs an approved (or auto-approved) call; an unexpected error becomes its failure. */
  async perform(call: PendingToolCall, io: PerformIo): Promise<PerformedCall> {
    try {
      return await this.performCall(call, io);
    } catch (error) {
      return { outcome: failure(unexpected(error)), edit: null };
    }
  }

  private async prepareCall(call: PendingToolCall): Promise<PreparedCall> {
    const { request, path } = call;
    switch (request.tool) {
      case "write_to_file":
      case "apply_diff": {
        const proposed = await this.propose(call.id, request, path);
        if (!proposed.ok) {
          return proposed;
        }
        await this.proposals.show(proposed.proposal);
        return { ok: true, preview: { kind: "edit", edit: this.options.core.editPreview(proposed.proposal.path, proposed.proposal.before, proposed.proposal.after) } };
      }
      case "execute_command":
        return { ok: true, preview: { kind: "command", command: request.command, cwd: path?.relative ?? "" } };
      case "read_file":
      case "list_files":
      case "search_files":
        return { ok: true, preview: { kind: "read", path: path?.relative ?? request.path, secret: path?.looksSecret ?? false } };
      case "ask_followup_question":
      case "attempt_completion":
        return { ok: false, text: `${request.tool} is answered by the chat, not performed as a tool.` };
    }
  }

  private async performCall(call: PendingToolCall, io: PerformIo): Promise<PerformedCall> {
    const root = this.options.workspaceRoot();
    const { request, path } = call;
    if (root === undefined) {
      return { outcome: failure("No folder is open in VS Code, so the tools have no workspace. Ask the user to open the project's folder."), edit: null };
    }
    if (request.tool === "ask_followup_question" || request.tool === "attempt_completion") {
      return { outcome: failure(`${request.tool} is answered by the chat, not performed as a tool.`), edit: null };
    }
    const place: ToolPath = path ?? { relative: "", absolute: root, looksSecret: false };
    const context: ReadToolContext = { core: this.options.core, root, appRoot: this.options.appRoot ?? vscode.env.appRoot, maxFileBytes: this.maxFileBytes };
    switch (request.tool) {
      case "read_file":
        return { outcome: await readFileTool(context, place, request.startLine, request.endLine), edit: null };
      case "list_files":
        return { outcome: await listFilesTool(context, place, request.recursive), edit: null };
      case "search_files":
        return { outcome: await searchFilesTool(context, place, request.regex, request.filePattern, io.signal), edit: null };
      case "execute_command":
        return { outcome: await this.runCommand(root, place, request.command, io), edit: null };
      case "write_to_file":
      case "apply_diff":
        return await this.writeEdit(call.id, request, place);
    }
  }

  /** Forgets a proposal and closes its diff editor (after Reject or Stop). */
  async discardProposal(callId: string): Promise<void> {
    await this.proposals.discard(callId);
  }

  /** Undoes an edit as the core planned it: `null` when done, else the sentence saying why not. */
  async undo(plan: UndoPlan): Promise<string | null> {
    if (plan.kind === "refused") {
      return plan.reason;
    }
    if (plan.kind === "alreadyRestored") {
      // A created file deleted since: the disk is already as undoing would leave it.
      return null;
    }
    const root = this.options.workspaceRoot();
    if (root === undefined) {
      return "No folder is open, so the edit cannot be undone. Open the project's folder and try again.";
    }
    const checked = await checkRealPath(this.options.core, root, join(root, ...plan.path.split("/")), "file");
    if (!checked.ok) {
      return checked.text;
    }
    if (plan.kind === "delete") {
      return deleteFile(checked.real, plan.path);
    }
    const current = await readFileText(checked.real, plan.path, Number.POSITIVE_INFINITY);
    const written = await writeWholeFile(checked.real, plan.path, plan.text, current.kind !== "missing");
    return written.ok ? null : written.text;
  }

  /** Reopens a diff: a written edit (before against after), or a pending proposal by its call id. */
  async showEdit(edit: Pick<FileEdit, "path" | "before" | "after"> | { callId: string }): Promise<void> {
    if ("callId" in edit) {
      const proposal = this.proposals.get(edit.callId);
      if (proposal !== undefined) {
        await this.proposals.show(proposal);
      }
      return;
    }
    await this.proposals.showEdit(edit);
  }

  /** Calls `listener` when the user approves or rejects a proposal from its diff editor's title. */
  onProposalDecision(listener: (callId: string, decision: ProposalDecision) => void): vscode.Disposable {
    return this.proposals.onDecision(listener);
  }

  dispose(): void {
    this.proposals.dispose();
    this.commands.dispose();
  }

  private get maxFileBytes(): number {
    return this.options.maxFileBytes ?? MAX_TOOL_FILE_BYTES;
  }

  /** The proposed text of an edit against the file as it is now. */
  private async propose(callId: string, request: EditRequest, path: ToolPath | null): Promise<{ ok: true; proposal: Proposal } | { ok: false; text: string }> {
    const root = this.options.workspaceRoot();
    if (root === undefined || path === null) {
      return { ok: false, text: "No folder is open in VS Code, so there is no file to edit. Ask the user to open the project's folder." };
    }
    const checked = await checkRealPath(this.options.core, root, path.absolute, "file");
    if (!checked.ok) {
      return checked;
    }
    const current = await readFileText(checked.real, path.relative, this.maxFileBytes);
    if (current.kind === "refused") {
      return { ok: false, text: current.text };
    }
    const before = current.kind === "text" ? current.text : null;
    const base = { callId, path: path.relative, absolute: checked.real, before };
    if (request.tool === "write_to_file") {
      return { ok: true, proposal: { ...base, after: request.content } };
    }
    if (before === null) {
      return { ok: false, text: `${path.relative} does not exist, so a diff cannot be applied to it. Use write_to_file to create it.` };
    }
    const applied = this.options.core.applyDiff(before, request.diff);
    return applied.kind === "applied" ? { ok: true, proposal: { ...base, after: applied.text } } : { ok: false, text: applied.reason };
  }

  /** Writes the prepared proposal, or a new one when the file changed since it was shown. */
  private async writeEdit(callId: string, request: EditRequest, path: ToolPath): Promise<PerformedCall> {
    const prepared = this.proposals.get(callId);
    const fresh = await this.propose(callId, request, path);
    if (!fresh.ok) {
      await this.proposals.discard(callId);
      const changed = prepared !== undefined && request.tool === "apply_diff";
      return { outcome: failure(changed ? `${path.relative} changed since the edit was proposed, and the diff no longer applies: ${fresh.text}` : fresh.text), edit: null };
    }
    // The file as it is now decides what is written: the proposal shown still stands when the
    // file did not change, and a whole-file write means the same content either way.
    const proposal = prepared !== undefined && prepared.before === fresh.proposal.before ? prepared : fresh.proposal;
    const written = await writeWholeFile(proposal.absolute, proposal.path, proposal.after, proposal.before !== null);
    await this.proposals.discard(callId);
    if (!written.ok) {
      return { outcome: failure(written.text), edit: null };
    }
    const changedSince = prepared !== undefined && prepared.before !== proposal.before;
    const note = !changedSince ? "" : request.tool === "apply_diff" ? " (the file had changed since the proposal, so the diff was applied to its new content)" : " (the file had changed since the proposal; its new content was replaced)";
    const done = proposal.before === null ? `${proposal.path} was created.` : `${proposal.path} was edited and saved${note}.`;
    return { outcome: { kind: "success", text: done }, edit: { path: proposal.path, before: proposal.before, after: written.written } };
  }

  private async runCommand(root: string, place: ToolPath, command: string, io: PerformIo): Promise<ToolOutcome> {
    const checked = await checkRealPath(this.options.core, root, place.absolute, "folder");
    if (!checked.ok) {
      return failure(checked.text);
    }
    const result = await this.commands.run({ command, cwd: checked.real, timeoutSeconds: this.options.commandTimeoutSeconds(), signal: io.signal, onOutput: io.onOutput });
    return this.options.core.commandOutcome(result.output, result.end);
  }
}

/** The failure text of an error no tool expected (a bug, or the disk failing under it). */
function unexpected(error: unknown): string {
  return `The tool failed unexpectedly (${error instanceof Error ? error.message : String(error)}). Try the call again; if it fails the same way, tell the user.`;
}
