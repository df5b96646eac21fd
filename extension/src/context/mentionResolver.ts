/**
 * Turns the mentions of a message into attachments when it is sent: the shell reads what each
 * mention names (a file, a folder, the problems, a selection, the git changes, a terminal's
 * output) and the core's `resolveAttachment` decides what the message carries or why it cannot.
 * The first refusal stops the send, with a sentence naming the mention and what to do, so
 * nothing half-attached reaches the chat.
 */
import type { Backend } from "../api/backend";
import { errorText } from "../apiErrors";
import type { Attachment, ContextLimits, MentionContent, Problem } from "../shared/generated/types";
import type { Mention } from "../shared/protocol";
import { readGitChanges } from "./gitChanges";
import { MentionRefusal, placePath } from "./mentionPaths";
import { readPathMention, refuseRooIgnored } from "./readPathMention";

/** The editor's selection: the file on disk, 1-based inclusive lines, and the selected text. */
export interface EditorSelection {
  fsPath: string;
  startLine: number;
  endLine: number;
  text: string;
}

/** What the resolver asks VS Code (the extension wires it to `vscode`; tests give their own). */
export interface ContextHost {
  /** The Problems panel's errors and warnings, with paths relative to `root` when inside it. */
  problems(root: string | undefined): Problem[];
  /** The active editor's selection now, or `undefined` when no text editor is active. */
  activeSelection(): EditorSelection | undefined;
  /** The text of lines `startLine`..`endLine` (1-based, inclusive) of a file, as the editor has it. */
  linesOf(fsPath: string, startLine: number, endLine: number): Promise<string>;
  /** The active terminal's name and recent output, or `undefined` when there is no terminal. */
  activeTerminal(): { name: string; output: string } | undefined;
  /** Asks (modally) whether to attach a file that looks like it holds secrets. */
  confirmSecret(label: string): Promise<boolean>;
  /** The open editors' files on disk, most recently active first. */
  openEditors(): string[];
}

export const NO_EDITOR_FOR_SELECTION =
  "There is no active text editor, so @selection has nothing to attach. Open the file, select the lines you mean, then send again.";

export interface ResolverOptions {
  core: Pick<Backend, "IgnoreRules" | "isSecretLooking" | "resolveAttachment">;
  host: ContextHost;
  /** The workspace folder on disk, when one is open. */
  root: () => string | undefined;
  /** The limits now (the size limit comes from the settings). */
  limits: () => ContextLimits;
}

/** The attachments of a message, or the sentence that says why one mention cannot be attached. */
export type ResolvedMentions = { ok: true; attachments: Attachment[] } | { ok: false; error: string };

export class MentionResolver {
  constructor(private readonly options: ResolverOptions) {}

  /** Resolves every mention in order; the first that cannot be attached answers for all. */
  async resolveAll(mentions: Mention[]): Promise<ResolvedMentions> {
    const attachments: Attachment[] = [];
    const limits = this.options.limits();
    for (const mention of mentions) {
      try {
        attachments.push(this.options.core.resolveAttachment(await this.read(mention, limits), limits));
      } catch (error) {
        return { ok: false, error: refusalSentence(error) };
      }
    }
    return { ok: true, attachments };
  }

  /** What the mention names, read now. */
  private async read(mention: Mention, limits: ContextLimits): Promise<MentionContent> {
    const { host, core } = this.options;
    const root = this.options.root();
    switch (mention.kind) {
      case "file":
      case "folder":
        return readPathMention({ core, root, limits, confirmSecret: (label) => host.confirmSecret(label) }, mention.path);
      case "problems":
        return { kind: "problems", problems: host.problems(root) };
      case "selection":
        return this.readSelection(mention.range, root);
      case "gitChanges":
        return { kind: "gitChanges", diff: await readGitChanges(root, limits.maxFileBytes) };
      case "terminal": {
        // No terminal is the same to the user as one with no output: the core says what to do.
        const terminal = host.activeTerminal();
        return { kind: "terminal", name: terminal?.name ?? null, output: terminal?.output ?? "" };
      }
    }
  }

  private async readSelection(range: Extract<Mention, { kind: "selection" }>["range"], root: string | undefined): Promise<MentionContent> {
    if (range === null) {
      const selection = this.options.host.activeSelection();
      if (selection === undefined) {
        throw new MentionRefusal(NO_EDITOR_FOR_SELECTION);
      }
      const placed = placePath(root, selection.fsPath);
      await refuseRooIgnored({ core: this.options.core, root }, placed, false, `The selection's file ${placed.path}`);
      return { kind: "selection", path: placed.path, startLine: selection.startLine, endLine: selection.endLine, text: selection.text, ...outside(placed.outsideWorkspace) };
    }
    const placed = placePath(root, range.path);
    await refuseRooIgnored({ core: this.options.core, root }, placed, false, range.path);
    let text: string;
    try {
      text = await this.options.host.linesOf(placed.absolute, range.startLine, range.endLine);
    } catch (error) {
      throw new MentionRefusal(`The selection in ${range.path} could not be read (${errorText(error)}). Select the lines again and add them to the chat.`);
    }
    return { kind: "selection", path: placed.path, startLine: range.startLine, endLine: range.endLine, text, ...outside(placed.outsideWorkspace) };
  }
}

function outside(outsideWorkspace: boolean): { outsideWorkspace?: boolean } {
  return outsideWorkspace ? { outsideWorkspace: true } : {};
}

/** The sentence of a refusal: ours, the core's `AttachmentError`, or anything else that failed. */
function refusalSentence(error: unknown): string {
  if (error instanceof MentionRefusal) {
    return error.message;
  }
  if (error instanceof Error && error.name === "AttachmentError") {
    return error.message;
  }
  return `A mention could not be attached: ${errorText(error)}. Remove it from the message, or try again.`;
}
