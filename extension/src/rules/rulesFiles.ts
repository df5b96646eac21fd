/**
 * Reads the workspace's rules files as bytes, through `vscode.workspace.fs` so remote and virtual
 * workspaces work too: `AGENTS.md`, every `*.md` file of `.roo/rules/` and `.roorules`, all at the
 * root of one workspace folder. It judges nothing: a missing file is reported missing, a failed
 * read unreadable with VS Code's reason, and the core decodes, orders and sizes what was read.
 */
import * as vscode from "vscode";
import { errorText } from "../apiErrors";
import type { RulesDirFile, RulesFileRead } from "../shared/generated/types";

/** The rules files' paths, relative to the workspace folder. */
export const RULES_PATHS = {
  agentsMd: "AGENTS.md",
  rooRulesFolder: ".roo/rules",
  roorules: ".roorules",
} as const;

/** The extension a file of `.roo/rules/` needs to count as rules. */
const RULES_FILE_EXTENSION = ".md";

/**
 * What watching the rules needs to see: the files themselves, and the folders above `.roo/rules`
 * (deleting or renaming a folder reports only the folder, not the files that went with it).
 */
export const RULES_WATCH_GLOB = `{${RULES_PATHS.agentsMd},${RULES_PATHS.roorules},.roo,${RULES_PATHS.rooRulesFolder},${RULES_PATHS.rooRulesFolder}/*${RULES_FILE_EXTENSION}}`;

/** The rules files of one folder, in the shape the core's `RulesInput` takes them. */
export interface RulesFiles {
  agentsMd: RulesFileRead;
  rooRules: RulesDirFile[];
  roorules: RulesFileRead;
}

/** What a workspace without a folder has: nothing. */
export const NO_RULES_FILES: RulesFiles = { agentsMd: { state: "missing" }, rooRules: [], roorules: { state: "missing" } };

/** Reads the rules files at the root of `folder`; `log` hears about a `.roo/rules` it cannot list. */
export async function readRulesFiles(folder: vscode.Uri, log: (message: string) => void): Promise<RulesFiles> {
  const [agentsMd, rooRules, roorules] = await Promise.all([
    readRulesFile(vscode.Uri.joinPath(folder, RULES_PATHS.agentsMd)),
    readRulesFolder(vscode.Uri.joinPath(folder, RULES_PATHS.rooRulesFolder), log),
    readRulesFile(vscode.Uri.joinPath(folder, RULES_PATHS.roorules)),
  ]);
  return { agentsMd, rooRules, roorules };
}

/** One file's bytes, or why there are none. */
async function readRulesFile(uri: vscode.Uri): Promise<RulesFileRead> {
  try {
    return { state: "read", bytes: await vscode.workspace.fs.readFile(uri) };
  } catch (error) {
    return isNotFound(error) ? { state: "missing" } : { state: "unreadable", reason: errorText(error) };
  }
}

/**
 * The `*.md` files of `.roo/rules/`, in the order the file system lists them (the core sorts
 * them). A folder that cannot be listed contributes no files; the core then reports the folder
 * as not found, so the reason is logged to say why.
 */
async function readRulesFolder(folder: vscode.Uri, log: (message: string) => void): Promise<RulesDirFile[]> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch (error) {
    if (!isNotFound(error)) {
      log(`The rules folder ${RULES_PATHS.rooRulesFolder} could not be listed: ${errorText(error)}`);
    }
    return [];
  }
  // A symbolic link to a file has both bits set, so the file bit alone decides.
  const names = entries
    .filter(([name, type]) => (type & vscode.FileType.File) !== 0 && name.endsWith(RULES_FILE_EXTENSION))
    .map(([name]) => name);
  return Promise.all(names.map(async (name) => ({ name, ...(await readRulesFile(vscode.Uri.joinPath(folder, name))) })));
}

/** Whether VS Code's error says there is no such file (as opposed to one it failed to read). */
function isNotFound(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && error.code === "FileNotFound";
}
