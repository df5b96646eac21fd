/**
 * The workspace context as the sidebar's router uses it: the @-picker's search, the chips for
 * files dropped on the composer and for "Add to Roo Code Plus chat", and the resolution of a
 * message's mentions into attachments on send. The limits come from the settings at each use.
 */
import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Backend } from "../api/backend";
import type { Log } from "../log";
import type { ContextLimits } from "../shared/generated/types";
import type { Mention, MentionChip, MentionSearchResult } from "../shared/protocol";
import { insideRelative } from "./mentionPaths";
import { MentionResolver, type ContextHost, type ResolvedMentions } from "./mentionResolver";
import { pathChip, searchMentions } from "./mentionSearch";
import { firstWorkspaceFolder, WorkspaceIndex } from "./workspaceIndex";

export interface WorkspaceContextOptions {
  core: Pick<Backend, "IgnoreRules" | "PathIndex" | "isSecretLooking" | "resolveAttachment">;
  host: ContextHost;
  log: Log;
  /** The limits now, the size limit from the settings. */
  limits: () => ContextLimits;
  /** The workspace folder on disk; by default the first of VS Code's folders. */
  root?: () => string | undefined;
}

/** The chips for dropped URIs, and a sentence for each that cannot be mentioned. */
export interface DroppedMentions {
  chips: MentionChip[];
  errors: string[];
}

export class WorkspaceContext {
  readonly index: WorkspaceIndex;
  private readonly resolver: MentionResolver;
  private readonly root: () => string | undefined;

  constructor(private readonly options: WorkspaceContextOptions) {
    this.root = options.root ?? firstWorkspaceFolder;
    this.index = new WorkspaceIndex({ core: options.core, log: options.log, root: this.root });
    this.resolver = new MentionResolver({ core: options.core, host: options.host, root: this.root, limits: options.limits });
  }

  /** The @-picker's candidates for `query`. */
  search(query: string): Promise<MentionSearchResult> {
    return searchMentions({ core: this.options.core, index: this.index, openEditors: () => this.openEditorPaths() }, query);
  }

  /** The attachments of a message's mentions, or why one cannot be attached. */
  resolve(mentions: Mention[]): Promise<ResolvedMentions> {
    return this.resolver.resolveAll(mentions);
  }

  /**
   * The chips for URIs dropped on the composer: a workspace file as its relative path, a folder
   * as `path/`, and a file outside the workspace by its absolute path, labelled as outside.
   */
  async mentionsForUris(uris: string[]): Promise<DroppedMentions> {
    const chips: MentionChip[] = [];
    const errors: string[] = [];
    for (const uri of uris) {
      const absolute = filePathOf(uri);
      if (absolute === undefined) {
        errors.push(`${uri} cannot be mentioned: only files and folders on disk can be attached.`);
        continue;
      }
      const onDisk = await stat(absolute).catch(() => undefined);
      if (onDisk === undefined) {
        errors.push(`${absolute} cannot be mentioned: it does not exist.`);
        continue;
      }
      chips.push(this.chipForPath(absolute, onDisk.isDirectory()));
    }
    return { chips, errors };
  }

  /** The chip of a fixed range of lines ("Add to Roo Code Plus chat"): `path:start-end`, or `path:N`. */
  selectionChip(fsPath: string, startLine: number, endLine: number): MentionChip {
    const root = this.root();
    const inside = root === undefined ? undefined : insideRelative(root, fsPath);
    const path = inside ?? fsPath;
    const lines = startLine === endLine ? String(startLine) : `${String(startLine)}-${String(endLine)}`;
    return { mention: { kind: "selection", range: { path, startLine, endLine } }, label: `${path}:${lines}${inside === undefined ? " (outside the workspace)" : ""}` };
  }

  /** Starts listing the workspace's files in the background. */
  warmUp(): void {
    this.index.warmUp();
  }

  dispose(): void {
    this.index.dispose();
  }

  private chipForPath(absolute: string, isDir: boolean): MentionChip {
    const root = this.root();
    const inside = root === undefined ? undefined : insideRelative(root, absolute);
    if (inside !== undefined && inside !== "") {
      return pathChip(isDir ? `${inside}/` : inside);
    }
    if (inside === "") {
      return { mention: { kind: "folder", path: "" }, label: "./" };
    }
    const label = `${absolute}${isDir ? "/" : ""} (outside the workspace)`;
    return { mention: isDir ? { kind: "folder", path: absolute } : { kind: "file", path: absolute }, label };
  }

  private openEditorPaths(): string[] {
    const root = this.root();
    if (root === undefined) {
      return [];
    }
    return this.options.host.openEditors().flatMap((fsPath) => {
      const inside = insideRelative(root, fsPath);
      return inside === undefined || inside === "" ? [] : [inside];
    });
  }
}

/** The path on disk of a `file:` URI, or `undefined` for any other scheme or a malformed URI. */
function filePathOf(uri: string): string | undefined {
  try {
    return new URL(uri).protocol === "file:" ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
