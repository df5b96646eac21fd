/**
 * The one path rule strings cannot decide: where a path really leads once symbolic links are
 * followed. Before a tool touches a path, its real path (or, for a file still to be created, the
 * real path of its nearest existing folder with the rest appended) is handed to the core with
 * the workspace folder's own real path and the `.rooignore` files above it; the core says whether
 * the link left the workspace, reached `.git` or an ignored file.
 */
import { realpath } from "node:fs/promises";
import { basename, dirname, join, sep } from "node:path";
import { readAncestorIgnoreFiles } from "../../context/walk";
import { ROOIGNORE, WorkspaceIgnore } from "../../context/workspaceIgnore";
import { insideRelative } from "../../context/mentionPaths";
import type { IgnoreFile, PathTarget } from "../../shared/generated/types";
import type { ToolCore } from "./toolCore";

/** Where a checked path really is, or the refusal the model reads. */
export type RealPathCheck = { ok: true; real: string } | { ok: false; text: string };

/** Checks `absolute` (inside `root` by the core's string rules) after following its links. */
export async function checkRealPath(core: ToolCore, root: string, absolute: string, target: PathTarget): Promise<RealPathCheck> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return { ok: false, text: `The workspace folder ${root} cannot be read. Ask the user to check that it still exists.` };
  }
  const real = await realPathOf(absolute);
  const relative = insideRelative(realRoot, real);
  const rooignore = relative === undefined ? [] : await rooignoreFilesAbove(core, realRoot, relative);
  const refusal = core.checkResolvedPath(slashed(real), slashed(realRoot), rooignore, target);
  return refusal === null ? { ok: true, real } : { ok: false, text: refusal };
}

/** The real path of `absolute`; of a missing path, its nearest existing folder's with the rest appended. */
async function realPathOf(absolute: string): Promise<string> {
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) {
        return absolute;
      }
      missing.push(basename(current));
      current = parent;
    }
  }
}

/** The `.rooignore` files of the folders above `relative` (relative to the workspace). */
async function rooignoreFilesAbove(core: ToolCore, root: string, relative: string): Promise<IgnoreFile[]> {
  const ignore = new WorkspaceIgnore(core);
  try {
    await readAncestorIgnoreFiles(root, relative, ignore);
    return ignore.ignoreFiles.filter((file) => file.name === ROOIGNORE).map(({ folder, text }) => ({ folder, text }));
  } finally {
    ignore.dispose();
  }
}

/** A path with `/` separators, as the core takes paths. */
export function slashed(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
