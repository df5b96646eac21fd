/**
 * The @-picker's answer to a query: the special mentions (problems, selection, git changes,
 * terminal), then the open editors, then the workspace's files and folders, each group filtered
 * and ranked by the core's fuzzy matcher (the small groups through a throwaway `PathIndex`, so
 * every group ranks and highlights the same way).
 */
import type { Backend } from "../api/backend";
import type { PathMatch } from "../shared/generated/types";
import type { MentionCandidate, MentionChip, MentionSearchResult } from "../shared/protocol";
import type { WorkspaceIndex } from "./workspaceIndex";

/** How many workspace paths the picker lists at most. */
export const MAX_PATH_CANDIDATES = 50;

/** Shown instead of files when no folder is open. */
export const NO_FOLDER_NOTICE = "Open a folder to mention its files.";

/** The mentions that are not paths, in the order the picker lists them. */
export const SPECIAL_MENTIONS: readonly { chip: MentionChip; detail: string }[] = [
  { chip: { mention: { kind: "problems" }, label: "problems" }, detail: "The errors and warnings of the Problems panel" },
  { chip: { mention: { kind: "selection", range: null }, label: "selection" }, detail: "The active editor's selection when you send, with its path and lines" },
  { chip: { mention: { kind: "gitChanges" }, label: "git-changes" }, detail: "The uncommitted changes (git diff HEAD) and the untracked files" },
  { chip: { mention: { kind: "terminal" }, label: "terminal" }, detail: "The active terminal's recent output" },
];

export interface MentionSearchOptions {
  core: Pick<Backend, "PathIndex">;
  index: Pick<WorkspaceIndex, "search">;
  /** The open editors' files, relative to the workspace with `/`, most recently active first. */
  openEditors: () => string[];
}

/** The candidates for `query`. */
export async function searchMentions(options: MentionSearchOptions, query: string): Promise<MentionSearchResult> {
  const trimmed = query.trim();
  const specials = rankSmallList(options.core, SPECIAL_MENTIONS.map((special) => special.chip.label), trimmed).map(({ path, matchedIndices }) => {
    const special = SPECIAL_MENTIONS.find((candidate) => candidate.chip.label === path);
    return special === undefined ? undefined : candidate(special.chip, "context", special.detail, matchedIndices);
  });
  const openEditors = unique(options.openEditors());
  const editorCandidates = rankSmallList(options.core, openEditors, trimmed).map(({ path, matchedIndices }) =>
    candidate(pathChip(path), "openEditor", parentFolder(path), matchedIndices),
  );
  const found = await options.index.search(trimmed, MAX_PATH_CANDIDATES + openEditors.length, openEditors);
  const shown = new Set(openEditors);
  const pathCandidates = found.matches
    .filter((match) => !shown.has(match.path))
    .slice(0, MAX_PATH_CANDIDATES)
    .map((match) => candidate(pathChip(match.path), match.path.endsWith("/") ? "folder" : "file", parentFolder(match.path), match.matchedIndices));
  return {
    candidates: [...specials.filter((special) => special !== undefined), ...editorCandidates, ...pathCandidates],
    indexing: found.indexing,
    notice: found.hasFolder ? null : NO_FOLDER_NOTICE,
  };
}

/**
 * The chip of an indexed path: a file as its path, a folder (which the index lists with a
 * trailing `/`) as `path/`, naming the folder without the slash.
 */
export function pathChip(path: string): MentionChip {
  if (path.endsWith("/")) {
    return { mention: { kind: "folder", path: path.slice(0, -1) }, label: path };
  }
  return { mention: { kind: "file", path }, label: path };
}

/**
 * The members of a short list that match `query`, best first; with no query all of them, in
 * their order.
 */
function rankSmallList(core: Pick<Backend, "PathIndex">, paths: string[], query: string): PathMatch[] {
  if (query === "") {
    return paths.map((path) => ({ path, score: 0, matchedIndices: [] }));
  }
  const index = new core.PathIndex(paths);
  try {
    return index.search(query, paths.length);
  } finally {
    index.free();
  }
}

function candidate(chip: MentionChip, group: MentionCandidate["group"], detail: string | null, highlights: number[]): MentionCandidate {
  return { chip, group, detail, highlights };
}

/** The folder a path is in ("src/" for "src/main.rs"), or null at the workspace's root. */
function parentFolder(path: string): string | null {
  const trimmed = path.endsWith("/") ? path.slice(0, -1) : path;
  const slash = trimmed.lastIndexOf("/");
  return slash < 0 ? null : trimmed.slice(0, slash + 1);
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}
