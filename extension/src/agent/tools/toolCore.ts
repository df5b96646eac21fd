/**
 * The core's decisions the tools need, as an interface the tool runner is given rather than an
 * import of the wasm package: the runner performs I/O, the core turns what it found into the
 * tool's outcome (numbered lines, a capped listing, grouped search results, a command's end),
 * applies diffs, previews edits and judges where links lead. The wasm package (`loadBackend()`)
 * is one; `IgnoreRules` is there because the workspace walk compiles the ignore files with it.
 */
import type { Backend } from "../../api/backend";

export type ToolCore = Pick<
  Backend,
  "IgnoreRules" | "readFileOutcome" | "listFilesOutcome" | "searchFilesOutcome" | "commandOutcome" | "applyDiff" | "editPreview" | "checkResolvedPath"
>;
