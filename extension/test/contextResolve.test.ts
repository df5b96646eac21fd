// Resolving @-mentions against real files in a temporary workspace: what a message carries for
// each kind of mention, and the sentence the user gets for each one that cannot be attached.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { ResolvedMentions } from "../src/context/mentionResolver";
import { NO_EDITOR_FOR_SELECTION } from "../src/context/mentionResolver";
import { NO_FOLDER_FOR_PATH } from "../src/context/mentionPaths";
import type { Attachment } from "../src/shared/generated/types";
import type { Mention } from "../src/shared/protocol";
import { contextBed } from "./contextSupport";

const bed = contextBed();

async function resolve(mentions: Mention[], options: Parameters<typeof bed.context>[0] = {}): Promise<ResolvedMentions> {
  return bed.context(options).resolve(mentions);
}

function attached(resolved: ResolvedMentions): Attachment[] {
  if (!resolved.ok) throw new Error(`expected attachments, got: ${resolved.error}`);
  return resolved.attachments;
}

function refusal(resolved: ResolvedMentions): string {
  if (resolved.ok) throw new Error("expected a refusal");
  return resolved.error;
}

describe("a file mention", () => {
  it("attaches the file's text with its path and line numbers", async () => {
    await bed.write("src/main.ts", "const a = 1;\nconst b = 2;\n");
    const [attachment] = attached(await resolve([{ kind: "file", path: "src/main.ts" }]));
    expect(attachment?.label).toBe("src/main.ts");
    expect(attachment?.text).toContain("File: src/main.ts");
    expect(attachment?.text).toContain("1 | const a = 1;");
    expect(attachment?.text).toContain("2 | const b = 2;");
    expect(attachment?.tokens).toBeGreaterThan(0);
  });

  it("is refused when the file is missing, saying it does not exist", async () => {
    expect(refusal(await resolve([{ kind: "file", path: "src/gone.ts" }]))).toMatch(/src\/gone\.ts does not exist/);
  });

  it("is refused when the file is binary", async () => {
    await bed.write("logo.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2]));
    expect(refusal(await resolve([{ kind: "file", path: "logo.png" }]))).toMatch(/logo\.png looks like a binary file/);
  });

  it("is refused by its size when over the limit, naming the setting", async () => {
    await bed.write("big.log", "x".repeat(5_000));
    const error = refusal(await resolve([{ kind: "file", path: "big.log" }], { limits: { maxFileBytes: 1_024 } }));
    expect(error).toMatch(/big\.log is .* over the .* limit/);
    expect(error).toContain("rooCodePlus.context.maxFileBytes");
  });

  it("reads a non-UTF-8 file as text, with a note on how it was decoded", async () => {
    await bed.write("latin.txt", new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    const [attachment] = attached(await resolve([{ kind: "file", path: "latin.txt" }]));
    expect(attachment?.text).toContain("1 | café");
    expect(attachment?.note).toMatch(/not UTF-8/);
  });

  it("is refused when a .rooignore excludes it, naming that .rooignore", async () => {
    await bed.write(".rooignore", "secrets/\n");
    await bed.write("secrets/plan.md", "the plan");
    await bed.write("deep/.rooignore", "*.sql\n");
    await bed.write("deep/dump.sql", "select 1;");
    expect(refusal(await resolve([{ kind: "file", path: "secrets/plan.md" }]))).toMatch(/secrets\/plan\.md is excluded by \.rooignore/);
    expect(refusal(await resolve([{ kind: "file", path: "deep/dump.sql" }]))).toMatch(/excluded by deep\/\.rooignore/);
  });

  it("is attached when only .gitignore excludes it (the user named it)", async () => {
    await bed.write(".gitignore", "build/\n");
    await bed.write("build/out.txt", "built");
    expect(attached(await resolve([{ kind: "file", path: "build/out.txt" }]))[0]?.text).toContain("1 | built");
  });

  it("is refused when it is a link whose real path leaves the workspace", async () => {
    const outside = await mkdtemp(join(tmpdir(), "roo-outside-"));
    try {
      await writeFile(join(outside, "target.txt"), "outside text");
      await symlink(join(outside, "target.txt"), join(bed.root, "link.txt"));
      const error = refusal(await resolve([{ kind: "file", path: "link.txt" }]));
      expect(error).toMatch(/link\.txt is a symbolic link to .*outside the workspace/);
      expect(error).not.toContain("outside text");
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("asks before attaching a secret-looking file, and is refused when the user declines", async () => {
    await bed.write(".env", "API_TOKEN=abc");
    const error = refusal(await resolve([{ kind: "file", path: ".env" }]));
    expect(bed.host.askedAboutSecrets).toEqual([".env"]);
    expect(error).toMatch(/\.env looks like it holds secrets, and you chose not to attach it/);
    bed.host.attachSecrets = true;
    expect(attached(await resolve([{ kind: "file", path: ".env" }]))[0]?.text).toContain("API_TOKEN=abc");
  });

  it("needs an open folder for a workspace path", async () => {
    expect(refusal(await resolve([{ kind: "file", path: "src/main.ts" }], { noFolder: true }))).toBe(NO_FOLDER_FOR_PATH);
  });

  it("refuses a relative path that climbs out of the workspace", async () => {
    expect(refusal(await resolve([{ kind: "file", path: "../elsewhere.txt" }]))).toMatch(/leads outside the workspace folder/);
  });

  it("attaches a dropped file outside the workspace by its absolute path, marked as outside", async () => {
    const outside = await mkdtemp(join(tmpdir(), "roo-outside-"));
    try {
      const file = join(outside, "notes.md");
      await writeFile(file, "outside notes");
      const context = bed.context();
      const dropped = await context.mentionsForUris([pathToFileURL(file).href, "https://example.com/x.ts", pathToFileURL(join(outside, "none.md")).href]);
      expect(dropped.chips).toEqual([{ mention: { kind: "file", path: file }, label: `${file} (outside the workspace)` }]);
      expect(dropped.errors).toHaveLength(2);
      expect(dropped.errors[0]).toMatch(/only files and folders on disk/);
      expect(dropped.errors[1]).toMatch(/does not exist/);
      const [attachment] = attached(await context.resolve(dropped.chips.map((chip) => chip.mention)));
      expect(attachment?.label).toBe(`${file} (outside the workspace)`);
      expect(attachment?.text).toContain("1 | outside notes");
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("labels a dropped workspace file and folder by their relative paths", async () => {
    const file = await bed.write("src/app.ts", "app");
    const dropped = await bed.context().mentionsForUris([pathToFileURL(file).href, pathToFileURL(join(bed.root, "src")).href]);
    expect(dropped.chips).toEqual([
      { mention: { kind: "file", path: "src/app.ts" }, label: "src/app.ts" },
      { mention: { kind: "folder", path: "src" }, label: "src/" },
    ]);
  });
});

describe("a folder mention", () => {
  it("attaches the tree and the small files' contents, without ignored files or secrets' contents", async () => {
    await bed.write(".gitignore", "*.tmp\n");
    await bed.write("src/index.ts", "export const one = 1;");
    await bed.write("src/util/strings.ts", "export const two = 2;");
    await bed.write("src/scratch.tmp", "SCRATCH");
    await bed.write("src/.env", "TOKEN=SECRET-VALUE");
    const [attachment] = attached(await resolve([{ kind: "folder", path: "src" }]));
    expect(attachment?.label).toBe("src/");
    expect(attachment?.text).toContain("index.ts");
    expect(attachment?.text).toContain("util/");
    expect(attachment?.text).toContain("export const one = 1;");
    expect(attachment?.text).toContain("export const two = 2;");
    expect(attachment?.text).not.toContain("scratch.tmp");
    expect(attachment?.text).not.toContain("SECRET-VALUE");
  });

  it("attaches a file mention that names a folder as that folder", async () => {
    await bed.write("docs/a.md", "alpha");
    expect(attached(await resolve([{ kind: "file", path: "docs" }]))[0]?.label).toBe("docs/");
  });
});

describe("the other mentions", () => {
  it("attaches a fixed selection's lines with its path and range", async () => {
    const file = await bed.write("src/main.ts", "one\ntwo\nthree\nfour\n");
    bed.host.lines.set(file, "one\ntwo\nthree\nfour\n");
    const [attachment] = attached(await resolve([{ kind: "selection", range: { path: "src/main.ts", startLine: 2, endLine: 3 } }]));
    expect(attachment?.label).toBe("src/main.ts:2-3");
    expect(attachment?.text).toContain("2 | two");
    expect(attachment?.text).toContain("3 | three");
    expect(attachment?.text).not.toContain("four");
  });

  it("refuses a selection in a file that .rooignore excludes, fixed or live", async () => {
    await bed.write(".rooignore", "private/\n");
    const file = await bed.write("private/plan.md", "the plan\n");
    bed.host.lines.set(file, "the plan\n");
    const fixed = { kind: "selection" as const, range: { path: "private/plan.md", startLine: 1, endLine: 1 } };
    expect(refusal(await resolve([fixed]))).toMatch(/private\/plan\.md is excluded by \.rooignore/);
    bed.host.selection = { fsPath: file, startLine: 1, endLine: 1, text: "the plan" };
    expect(refusal(await resolve([{ kind: "selection", range: null }]))).toMatch(/excluded by \.rooignore/);
  });

  it("refuses an empty selection with the core's sentence, and no editor with ours", async () => {
    const file = await bed.write("blank.ts", "\n\n\n");
    bed.host.lines.set(file, "\n\n\n");
    expect(refusal(await resolve([{ kind: "selection", range: { path: "blank.ts", startLine: 1, endLine: 2 } }]))).toMatch(/The selection in blank\.ts.* is empty/);
    expect(refusal(await resolve([{ kind: "selection", range: null }]))).toBe(NO_EDITOR_FOR_SELECTION);
    bed.host.selection = { fsPath: file, startLine: 1, endLine: 1, text: "" };
    expect(refusal(await resolve([{ kind: "selection", range: null }]))).toMatch(/is empty/);
  });

  it("attaches the problems", async () => {
    bed.host.problemList = [{ path: "src/main.ts", line: 3, column: 5, severity: "error", message: "Cannot find name 'foo'.", source: "ts" }];
    const [attachment] = attached(await resolve([{ kind: "problems" }]));
    expect(attachment?.label).toBe("problems");
    expect(attachment?.text).toContain("Cannot find name 'foo'.");
  });

  it("attaches the active terminal's output, and refuses when there is none", async () => {
    expect(refusal(await resolve([{ kind: "terminal" }]))).toMatch(/terminal has no output/);
    bed.host.terminal = { name: "bash", output: "$ npm test\n\u001b[32mall passed\u001b[0m\n" };
    const [attachment] = attached(await resolve([{ kind: "terminal" }]));
    expect(attachment?.text).toContain("all passed");
    expect(attachment?.text).not.toContain("\u001b[");
  });

  it("attaches the git changes with the untracked files, and says when the folder is not a repository", async () => {
    expect(refusal(await resolve([{ kind: "gitChanges" }]))).toMatch(/not a git repository/);
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=Test", ...args], { cwd: bed.root });
    git("init", "-q");
    await bed.write("tracked.txt", "before\n");
    git("add", "tracked.txt");
    git("commit", "-q", "-m", "first");
    expect(refusal(await resolve([{ kind: "gitChanges" }]))).toMatch(/no uncommitted changes/);
    await bed.write("tracked.txt", "after\n");
    await bed.write("new-file.txt", "new\n");
    const [attachment] = attached(await resolve([{ kind: "gitChanges" }]));
    expect(attachment?.text).toContain("-before");
    expect(attachment?.text).toContain("+after");
    expect(attachment?.text).toContain("new-file.txt");
  });

  it("stops at the first mention that cannot be attached", async () => {
    await bed.write("ok.ts", "fine");
    const error = refusal(await resolve([{ kind: "file", path: "ok.ts" }, { kind: "file", path: "missing.ts" }]));
    expect(error).toMatch(/missing\.ts does not exist/);
  });
});
