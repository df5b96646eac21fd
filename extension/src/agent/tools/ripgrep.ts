/**
 * `search_files`: VS Code's own ripgrep when it can be found beside VS Code (`vscode.env.appRoot`),
 * else a JavaScript search over the walked files. Both give the matches (file relative to the
 * workspace, line number, line text) for the core to filter and shape; both stop at a cap, and a
 * Stop kills the search at once.
 */
import { spawn } from "node:child_process";
import { access, constants, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { SearchMatch } from "../../shared/generated/types";

/** The most matches gathered (more than the core shows, so it can say there were more). */
export const MAX_SEARCH_MATCHES = 2_000;
/** The most characters of a matched line kept. */
const MAX_LINE_CHARS = 1_000;
/** Files larger than this are not searched (generated bundles, data). */
const MAX_SEARCHED_FILE_BYTES = 2 * 1024 * 1024;

export type SearchResult = { ok: true; matches: SearchMatch[] } | { ok: false; text: string };

/** The places VS Code (desktop, packaged, code-server) keeps ripgrep, below its app root. */
export function ripgrepCandidates(appRoot: string, platform: string = process.platform, arch: string = process.arch): string[] {
  const binary = platform === "win32" ? "rg.exe" : "rg";
  return [
    join(appRoot, "node_modules", "@vscode", "ripgrep", "bin", binary),
    join(appRoot, "node_modules.asar.unpacked", "@vscode", "ripgrep", "bin", binary),
    join(appRoot, "node_modules", "@vscode", "ripgrep-universal", "bin", `${platform}-${arch}`, binary),
    join(appRoot, "node_modules.asar.unpacked", "@vscode", "ripgrep-universal", "bin", `${platform}-${arch}`, binary),
  ];
}

/** The first ripgrep below `appRoot` that can be run, or `undefined`. */
export async function findRipgrep(appRoot: string): Promise<string | undefined> {
  for (const candidate of ripgrepCandidates(appRoot)) {
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) {
      return candidate;
    }
  }
  return undefined;
}

export interface SearchRequest {
  /** The workspace folder on disk. */
  root: string;
  /** The file or folder searched, relative to `root` ("" for all of it). */
  target: string;
  regex: string;
  /** A glob the searched files' names (or paths, when it holds a `/`) must match. */
  filePattern: string | null;
  signal: AbortSignal;
}

/** Runs ripgrep at `rg`, honouring `.gitignore` files (in a git repository or not). */
export function searchWithRipgrep(rg: string, request: SearchRequest): Promise<SearchResult> {
  const args = ["--json", "--no-config", "--hidden", "--no-require-git", "--max-filesize", String(MAX_SEARCHED_FILE_BYTES)];
  if (request.filePattern !== null) {
    args.push("--glob", request.filePattern);
  }
  args.push("--glob", "!.git", "--regexp", request.regex, "--", request.target === "" ? "." : request.target);
  return new Promise((resolve) => {
    const matches: SearchMatch[] = [];
    let pending = "";
    let errors = "";
    let capped = false;
    const child = spawn(rg, args, { cwd: request.root, stdio: ["ignore", "pipe", "pipe"] });
    const stop = () => child.kill("SIGKILL");
    request.signal.addEventListener("abort", stop, { once: true });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const match = parseMatch(line);
        if (match !== undefined && !capped) {
          matches.push(match);
          if (matches.length >= MAX_SEARCH_MATCHES) {
            capped = true;
            stop();
          }
        }
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      errors = (errors + chunk).slice(0, 2_000);
    });
    child.on("error", (error) => {
      request.signal.removeEventListener("abort", stop);
      resolve({ ok: false, text: `The search could not run ripgrep (${error.message}).` });
    });
    child.on("close", (code) => {
      request.signal.removeEventListener("abort", stop);
      if (request.signal.aborted) {
        resolve({ ok: false, text: "The search was stopped by the user." });
      } else if (code === 2 && matches.length === 0 && errors.trim() !== "") {
        resolve({ ok: false, text: `The search failed: ${errors.trim()}\nFix the regex (Rust regex syntax) or the file pattern and search again.` });
      } else {
        resolve({ ok: true, matches });
      }
    });
  });
}

/** One match of ripgrep's JSON output, or `undefined` for its other messages and non-UTF-8 lines. */
function parseMatch(line: string): SearchMatch | undefined {
  if (!line.startsWith('{"type":"match"')) {
    return undefined;
  }
  try {
    const message = JSON.parse(line) as { data?: { path?: { text?: unknown }; lines?: { text?: unknown }; line_number?: unknown } };
    const path = message.data?.path?.text;
    const text = message.data?.lines?.text;
    const number = message.data?.line_number;
    if (typeof path !== "string" || typeof text !== "string" || typeof number !== "number") {
      return undefined;
    }
    return { path: path.replace(/^\.\//, ""), line: number, text: text.replace(/\r?\n$/, "").slice(0, MAX_LINE_CHARS) };
  } catch {
    return undefined;
  }
}

/**
 * Searches the given files (relative to `root`, the ignore rules already applied by the walk)
 * with a JavaScript regular expression, for when VS Code's ripgrep is not there.
 */
export async function searchWithJavaScript(request: SearchRequest, files: string[]): Promise<SearchResult> {
  let pattern: RegExp;
  try {
    pattern = new RegExp(request.regex, "u");
  } catch (error) {
    return { ok: false, text: `The regex is not valid: ${error instanceof Error ? error.message : String(error)}. Fix it and search again.` };
  }
  const glob = request.filePattern === null ? undefined : globToRegExp(request.filePattern);
  const matches: SearchMatch[] = [];
  for (const file of files) {
    if (request.signal.aborted) {
      return { ok: false, text: "The search was stopped by the user." };
    }
    const name = file.slice(file.lastIndexOf("/") + 1);
    const inTarget = request.target === "" ? file : file.slice(request.target.length + 1);
    if (glob !== undefined && !glob.test(request.filePattern?.includes("/") === true ? inTarget : name)) {
      continue;
    }
    const text = await searchableText(join(request.root, file));
    if (text === undefined) {
      continue;
    }
    const lines = text.split("\n");
    for (let index = 0; index < lines.length; index += 1) {
      const line = (lines[index] ?? "").replace(/\r$/, "");
      if (pattern.test(line)) {
        matches.push({ path: file, line: index + 1, text: line.slice(0, MAX_LINE_CHARS) });
        if (matches.length >= MAX_SEARCH_MATCHES) {
          return { ok: true, matches };
        }
      }
    }
  }
  return { ok: true, matches };
}

/** A file's text, when it is small enough and not binary. */
async function searchableText(absolute: string): Promise<string | undefined> {
  try {
    const stats = await stat(absolute);
    if (!stats.isFile() || stats.size > MAX_SEARCHED_FILE_BYTES) {
      return undefined;
    }
    const bytes = await readFile(absolute);
    return bytes.subarray(0, 8_000).includes(0) ? undefined : bytes.toString("utf8");
  } catch {
    return undefined;
  }
}

/** A glob (`*.ts`, `src/**\/*.{js,jsx}`, `?`) as a regular expression over a whole name or path. */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  let braces = 0;
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob.charAt(index);
    if (char === "*") {
      if (glob.charAt(index + 1) === "*") {
        index += 1;
        const slash = glob.charAt(index + 1) === "/";
        index += slash ? 1 : 0;
        source += slash ? "(?:.*/)?" : ".*";
      } else {
        source += "[^/]*";
      }
    } else if (char === "?") {
      source += "[^/]";
    } else if (char === "{") {
      braces += 1;
      source += "(?:";
    } else if (char === "}" && braces > 0) {
      braces -= 1;
      source += ")";
    } else if (char === "," && braces > 0) {
      source += "|";
    } else {
      source += char.replace(/[.+^$()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}${")".repeat(braces)}$`);
}
