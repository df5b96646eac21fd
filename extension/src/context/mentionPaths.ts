/**
 * Where a mentioned path is: inside the workspace (relative, with `/`) or outside it (absolute,
 * which only an explicit path or a drop produces), and whether a link inside the workspace leads
 * out of it. Each refusal is a sentence naming the mention and what to do.
 */
import { realpath } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";

/** A mentioned path, placed. */
export interface PlacedPath {
  /** Where it is on disk. */
  absolute: string;
  /** Relative to the workspace folder with `/` ("" for the folder itself); absolute when outside. */
  path: string;
  outsideWorkspace: boolean;
}

/** A mention the shell refuses, with the sentence the user sees. */
export class MentionRefusal extends Error {
  override readonly name = "MentionRefusal";
}

export const NO_FOLDER_FOR_PATH = "No folder is open, so a workspace path cannot be attached. Open the folder, or drop the file on the composer.";

/**
 * Places `path` (as the chip names it) against the workspace folder `root`. An absolute path
 * inside the folder counts as inside.
 */
export function placePath(root: string | undefined, path: string): PlacedPath {
  if (isAbsolute(path)) {
    const inside = root === undefined ? undefined : insideRelative(root, path);
    return inside === undefined ? { absolute: path, path, outsideWorkspace: true } : { absolute: path, path: inside, outsideWorkspace: false };
  }
  if (root === undefined) {
    throw new MentionRefusal(NO_FOLDER_FOR_PATH);
  }
  const cleaned = path.replace(/\/+$/, "");
  const absolute = join(root, ...cleaned.split("/"));
  const inside = insideRelative(root, absolute);
  if (inside === undefined) {
    throw new MentionRefusal(`${path} leads outside the workspace folder. Drop the file on the composer to attach something outside the workspace.`);
  }
  return { absolute, path: inside, outsideWorkspace: false };
}

/** `absolute` relative to `root` with `/`, or `undefined` when it is not below `root`. */
export function insideRelative(root: string, absolute: string): string | undefined {
  const inside = relative(root, absolute);
  if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return undefined;
  }
  return inside.split(sep).join("/");
}

/**
 * Refuses a path inside the workspace whose real path (links followed) is outside it: a link
 * must not carry files the workspace does not hold into the chat unnoticed.
 */
export async function refuseLinkOutOfWorkspace(root: string, placed: PlacedPath, label: string): Promise<void> {
  if (placed.outsideWorkspace) {
    return;
  }
  const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(placed.absolute)]);
  if (insideRelative(realRoot, realTarget) === undefined) {
    throw new MentionRefusal(
      `${label} is a symbolic link to ${realTarget}, outside the workspace, so it was not attached. Drop that file on the composer if you mean to share it.`,
    );
  }
}

/** The chip's label of a placed path (a folder with a trailing `/`, the workspace folder as `./`). */
export function labelOf(placed: PlacedPath, isDir: boolean): string {
  const base = placed.path === "" ? "." : placed.path;
  return isDir ? `${base}/` : base;
}
