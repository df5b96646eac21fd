/**
 * The proposed edits shown in VS Code's diff editor: the file as it is (or an empty document for
 * a new file) against the proposal, served as a virtual document on the
 * `roo-code-plus-proposal` scheme. The proposal's URI carries its call id, which is how the
 * editor title's Approve and Reject buttons (shown only on that scheme) find the call. An edit
 * already made is reopened on a second scheme, which has no buttons.
 */
import * as vscode from "vscode";
import type { FileEdit } from "../../shared/generated/types";

export const PROPOSAL_SCHEME = "roo-code-plus-proposal";
/** Edits already written, reopened to look at: before against after. */
export const EDIT_VIEW_SCHEME = "roo-code-plus-edit";

export const APPROVE_EDIT_COMMAND = "rooCodePlus.approveProposedEdit";
export const REJECT_EDIT_COMMAND = "rooCodePlus.rejectProposedEdit";

/** A proposal kept between approval and writing. */
export interface Proposal {
  callId: string;
  /** Relative to the workspace folder, `/` separators. */
  path: string;
  /** Where the file is on disk. */
  absolute: string;
  /** The file's text when the proposal was made; `null` when it did not exist. */
  before: string | null;
  after: string;
}

export type ProposalDecision = "approve" | "reject";

/** How many reopened edits keep their texts. */
const MAX_KEPT_VIEWS = 20;

export class ProposalEditors implements vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  /** The texts of reopened edits, by the view's key. */
  private readonly views = new Map<string, string>();
  private viewCount = 0;
  private readonly subscriptions: vscode.Disposable[];
  private readonly decisionListeners = new Set<(callId: string, decision: ProposalDecision) => void>();

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, {
        provideTextDocumentContent: (uri) => (uri.query.startsWith("empty=") ? "" : (this.proposals.get(uri.query)?.after ?? "")),
      }),
      vscode.workspace.registerTextDocumentContentProvider(EDIT_VIEW_SCHEME, {
        provideTextDocumentContent: (uri) => this.views.get(uri.query) ?? "",
      }),
      vscode.commands.registerCommand(APPROVE_EDIT_COMMAND, (uri?: unknown) => this.decide(uri, "approve")),
      vscode.commands.registerCommand(REJECT_EDIT_COMMAND, (uri?: unknown) => this.decide(uri, "reject")),
    ];
  }

  /** Calls `listener` when the user clicks Approve or Reject on a proposal's diff editor. */
  onDecision(listener: (callId: string, decision: ProposalDecision) => void): vscode.Disposable {
    this.decisionListeners.add(listener);
    return new vscode.Disposable(() => this.decisionListeners.delete(listener));
  }

  get(callId: string): Proposal | undefined {
    return this.proposals.get(callId);
  }

  /** Keeps the proposal and opens its diff editor. */
  async show(proposal: Proposal): Promise<void> {
    this.proposals.set(proposal.callId, proposal);
    const original = proposal.before === null ? vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${proposal.path}`, query: `empty=${proposal.callId}` }) : vscode.Uri.file(proposal.absolute);
    await vscode.commands.executeCommand("vscode.diff", original, proposalUri(proposal), `${proposal.path}: proposed edit (Roo Code Plus)`, { preview: false, preserveFocus: true });
  }

  /** Forgets the proposal and closes its diff editor. */
  async discard(callId: string): Promise<void> {
    const proposal = this.proposals.get(callId);
    if (proposal === undefined) {
      return;
    }
    this.proposals.delete(callId);
    const shown = proposalUri(proposal).toString();
    await closeDiffTabs((modified) => modified.toString() === shown);
  }

  /** Opens a diff of an edit already made (before against after), without buttons. */
  async showEdit(edit: Pick<FileEdit, "path" | "before" | "after">): Promise<void> {
    this.viewCount += 1;
    const key = String(this.viewCount);
    this.views.set(`${key}-before`, edit.before ?? "");
    this.views.set(`${key}-after`, edit.after);
    // Only the latest views are kept (a Map keeps insertion order): an older tab left open shows
    // empty sides once reopened after a reload, rather than the session holding every edit's text.
    for (const stale of [...this.views.keys()].slice(0, Math.max(0, this.views.size - 2 * MAX_KEPT_VIEWS))) {
      this.views.delete(stale);
    }
    const side = (which: string) => vscode.Uri.from({ scheme: EDIT_VIEW_SCHEME, path: `/${edit.path}`, query: `${key}-${which}` });
    const title = edit.before === null ? `${edit.path}: created by Roo Code Plus` : `${edit.path}: edit by Roo Code Plus`;
    await vscode.commands.executeCommand("vscode.diff", side("before"), side("after"), title, { preview: true });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.decisionListeners.clear();
    this.proposals.clear();
    this.views.clear();
  }

  /** The command's handler: the URI VS Code passes from the editor title, else the active tab's. */
  private decide(argument: unknown, decision: ProposalDecision): void {
    const callId = callIdOf(argument instanceof vscode.Uri ? argument : activeProposalUri());
    if (callId === undefined || !this.proposals.has(callId)) {
      void vscode.window.showInformationMessage("This proposed edit is no longer waiting for a decision.");
      return;
    }
    for (const listener of this.decisionListeners) {
      listener(callId, decision);
    }
  }
}

function proposalUri(proposal: Proposal): vscode.Uri {
  return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${proposal.path}`, query: proposal.callId });
}

/** The call id a proposal's URI carries. */
function callIdOf(uri: vscode.Uri | undefined): string | undefined {
  return uri?.scheme === PROPOSAL_SCHEME && !uri.query.startsWith("empty=") && uri.query !== "" ? uri.query : undefined;
}

/** The modified side of the active tab when it is a proposal's diff. */
function activeProposalUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff ? input.modified : undefined;
}

/** Closes the diff tabs whose modified side matches. */
async function closeDiffTabs(matches: (modified: vscode.Uri) => boolean): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && matches(tab.input.modified));
  if (tabs.length > 0) {
    await vscode.window.tabGroups.close(tabs);
  }
}
