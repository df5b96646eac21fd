/**
 * The working tree's uncommitted changes for `@git-changes`: `git diff HEAD` (staged and
 * unstaged together) run in the workspace folder, followed by the list of untracked files, which
 * a diff does not show. In a repository without commits yet, the staged and unstaged diffs stand
 * in for it. No git, or a folder that is not a repository, is a sentence saying so.
 */
import { execFile } from "node:child_process";
import { MentionRefusal } from "./mentionPaths";

/** How long one git command may run before it is given up on. */
const GIT_TIMEOUT_MS = 15_000;

interface GitRun {
  stdout: string;
  stderr: string;
}

class GitFailure extends Error {
  constructor(
    readonly code: unknown,
    readonly stderr: string,
  ) {
    super(stderr);
  }
}

function git(folder: string, args: string[], maxBytes: number): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      // No pager, no colour and no external diff tool: the model reads plain unified diffs.
      ["-c", "core.quotepath=off", "--no-pager", ...args],
      { cwd: folder, maxBuffer: maxBytes, timeout: GIT_TIMEOUT_MS, encoding: "utf8", windowsHide: true },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ stdout, stderr });
        } else {
          reject(new GitFailure((error as { code?: unknown }).code, stderr || error.message));
        }
      },
    );
  });
}

/**
 * The diff of the uncommitted changes plus the untracked files, as one text for the core (which
 * refuses an empty one with "no changes"). `maxBytes` bounds what git may print.
 */
export async function readGitChanges(folder: string | undefined, maxBytes: number): Promise<string> {
  if (folder === undefined) {
    throw new MentionRefusal("No folder is open, so there are no git changes to attach. Open the repository's folder first.");
  }
  // Twice the limit, so an over-limit diff still reaches the core, which names its size.
  const buffer = Math.max(maxBytes * 2, 64 * 1024);
  try {
    let diff: string;
    try {
      diff = (await git(folder, ["diff", "--no-color", "--no-ext-diff", "HEAD"], buffer)).stdout;
    } catch (error) {
      if (!(error instanceof GitFailure) || !/unknown revision|ambiguous argument 'HEAD'/i.test(error.stderr)) {
        throw error;
      }
      // No commit yet: everything staged or changed since is the change.
      const staged = await git(folder, ["diff", "--no-color", "--no-ext-diff", "--cached"], buffer);
      const unstaged = await git(folder, ["diff", "--no-color", "--no-ext-diff"], buffer);
      diff = staged.stdout + unstaged.stdout;
    }
    const untracked = (await git(folder, ["ls-files", "--others", "--exclude-standard"], buffer)).stdout.trim();
    return untracked === "" ? diff : `${diff}${diff === "" ? "" : "\n"}Untracked files:\n${untracked}\n`;
  } catch (error) {
    throw new MentionRefusal(gitFailureSentence(error, maxBytes));
  }
}

function gitFailureSentence(error: unknown, maxBytes: number): string {
  if (!(error instanceof GitFailure)) {
    return `Git could not list the changes (${String(error)}).`;
  }
  if (error.code === "ENOENT") {
    return "Git is not installed or not on the PATH, so @git-changes cannot be attached. Install git, or attach the changed files themselves.";
  }
  if (error.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
    return `The uncommitted changes are larger than twice the ${String(maxBytes)}-byte attachment limit. Attach the changed files you need instead, or raise the setting rooCodePlus.context.maxFileBytes.`;
  }
  if (/not a git repository/i.test(error.stderr)) {
    return "The workspace folder is not a git repository, so there are no git changes to attach. Attach the files themselves instead.";
  }
  return `Git could not list the changes: ${error.stderr.trim().split("\n")[0] ?? "it failed"}.`;
}
