// The tools that only look (read_file, list_files, search_files) over a real temporary workspace:
// numbered lines and ranges, binary and non-UTF-8 files refused, listings with the ignore files
// applied and .git left out, search through VS Code's ripgrep and through the JavaScript
// fallback, and links that lead out of the workspace refused.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRipgrep, globToRegExp, ripgrepCandidates } from "../src/agent/tools/ripgrep";
import type { ToolOutcome } from "../src/shared/generated/types";
import { quietIo, toolBed } from "./agentToolsSupport";
import { testing } from "./fakes/vscode";

const bed = toolBed();

/** code-server's VS Code, installed by the end-to-end setup, when this machine has it. */
const CODE_SERVER_APP_ROOT = join(homedir(), ".cache", "roo-code-plus", "code-server", "node_modules", "code-server", "lib", "vscode");

function textOf(outcome: ToolOutcome): string {
  return outcome.text;
}

describe("read_file", () => {
  it("returns the file's lines numbered, whole or in a range", async () => {
    await bed.write("src/app.ts", "const a = 1;\nconst b = 2;\nconst c = 3;\n");
    const whole = await bed.runner.perform(bed.call({ tool: "read_file", path: "src/app.ts", startLine: null, endLine: null }), quietIo());
    expect(whole.outcome.kind).toBe("success");
    expect(textOf(whole.outcome)).toContain("1 | const a = 1;");
    expect(textOf(whole.outcome)).toContain("3 | const c = 3;");
    expect(whole.edit).toBeNull();
    const range = await bed.runner.perform(bed.call({ tool: "read_file", path: "src/app.ts", startLine: 2, endLine: 2 }), quietIo());
    expect(textOf(range.outcome)).toContain("2 | const b = 2;");
    expect(textOf(range.outcome)).not.toContain("const a");
  });

  it("refuses binary files, other encodings, folders and missing files with a reason", async () => {
    await bed.write("image.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    await bed.write("latin1.txt", new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    await mkdir(join(bed.root, "folder"));
    const read = async (path: string) => (await bed.runner.perform(bed.call({ tool: "read_file", path, startLine: null, endLine: null }), quietIo())).outcome;
    expect(await read("image.png")).toEqual({ kind: "failure", text: "image.png is a binary file, so it cannot be read or edited as text." });
    expect(await read("latin1.txt")).toMatchObject({ kind: "failure", text: expect.stringContaining("not valid UTF-8") as unknown });
    expect(await read("folder")).toMatchObject({ kind: "failure", text: expect.stringContaining("is a folder") as unknown });
    expect(await read("missing.ts")).toMatchObject({ kind: "failure", text: expect.stringContaining("missing.ts does not exist") as unknown });
  });

  it("refuses a file over the size limit without reading it", async () => {
    bed.restart({ maxFileBytes: 1_000 });
    await bed.write("big.txt", "x".repeat(2_000));
    const outcome = (await bed.runner.perform(bed.call({ tool: "read_file", path: "big.txt", startLine: null, endLine: null }), quietIo())).outcome;
    expect(outcome).toMatchObject({ kind: "failure", text: expect.stringContaining("more than the") as unknown });
  });
});

describe("list_files", () => {
  it("lists a folder with the .gitignore and .rooignore rules applied and .git left out", async () => {
    await bed.write(".gitignore", "dist/\n*.log\n");
    await bed.write(".rooignore", "private/\n");
    await bed.write("src/app.ts", "");
    await bed.write("src/deep/util.ts", "");
    await bed.write("dist/bundle.js", "");
    await bed.write("debug.log", "");
    await bed.write("private/notes.md", "");
    await bed.write(".git/HEAD", "ref: refs/heads/main\n");
    const recursive = textOf((await bed.runner.perform(bed.call({ tool: "list_files", path: ".", recursive: true }), quietIo())).outcome);
    expect(recursive.split("\n")).toEqual(expect.arrayContaining(["src/", "src/app.ts", "src/deep/", "src/deep/util.ts", ".gitignore"]));
    const lines = recursive.split("\n");
    for (const hidden of ["dist/", "debug.log", "private/", ".git/"]) {
      expect(lines.filter((line) => line.startsWith(hidden))).toEqual([]);
    }
    const flat = textOf((await bed.runner.perform(bed.call({ tool: "list_files", path: "src", recursive: false }), quietIo())).outcome);
    expect(flat).toContain("src/app.ts");
    expect(flat).toContain("src/deep/");
    expect(flat).not.toContain("util.ts");
  });

  it("says when the folder is a file or does not exist", async () => {
    await bed.write("a.txt", "");
    expect((await bed.runner.perform(bed.call({ tool: "list_files", path: "a.txt", recursive: false }), quietIo())).outcome).toMatchObject({ kind: "failure", text: expect.stringContaining("is a file") as unknown });
    expect((await bed.runner.perform(bed.call({ tool: "list_files", path: "nope", recursive: false }), quietIo())).outcome).toMatchObject({ kind: "failure", text: expect.stringContaining("does not exist") as unknown });
  });
});

describe("search_files", () => {
  async function searchWorkspace(regex: string, filePattern: string | null = null, path = "."): Promise<ToolOutcome> {
    await bed.write(".gitignore", "build/\n");
    await bed.write("src/app.ts", "export function hello() {\n  return 'needle';\n}\n");
    await bed.write("src/other.js", "const needle = 1;\n");
    await bed.write("build/out.js", "needle in the build\n");
    await bed.write(".env", "SECRET=needle\n");
    await bed.write("bin.dat", new Uint8Array([0x6e, 0x65, 0x65, 0x64, 0x6c, 0x65, 0x00, 0x01]));
    return (await bed.runner.perform(bed.call({ tool: "search_files", path, regex, filePattern }), quietIo())).outcome;
  }

  function expectNeedles(outcome: ToolOutcome): void {
    expect(outcome.kind).toBe("success");
    expect(outcome.text).toContain("src/app.ts\n  2 |   return 'needle';\n");
    expect(outcome.text).toContain("src/other.js\n  1 | const needle = 1;\n");
    expect(outcome.text).not.toContain("build/out.js");
    expect(outcome.text).not.toContain(".env");
    expect(outcome.text).not.toContain("SECRET");
    expect(outcome.text).not.toContain("bin.dat");
  }

  describe("with VS Code's ripgrep", () => {
    const present = existsSync(CODE_SERVER_APP_ROOT);
    it.runIf(present)("finds code-server's ripgrep below its app root", async () => {
      expect(await findRipgrep(CODE_SERVER_APP_ROOT)).toBe(join(CODE_SERVER_APP_ROOT, "node_modules", "@vscode", "ripgrep-universal", "bin", `${process.platform}-${process.arch}`, "rg"));
    });
    it.runIf(present)("finds the matches, leaving out ignored, secret and binary files", async () => {
      testing.setAppRoot(CODE_SERVER_APP_ROOT);
      bed.restart({ appRoot: CODE_SERVER_APP_ROOT });
      expectNeedles(await searchWorkspace("need(le)"));
      const onlyTs = await searchWorkspace("needle", "*.ts");
      expect(onlyTs.text).toContain("src/app.ts\n  2 |");
      expect(onlyTs.text).not.toContain("other.js");
      const inFile = await searchWorkspace("needle", null, "src/other.js");
      expect(inFile.text).toContain("src/other.js\n  1 |");
      expect(inFile.text).not.toContain("app.ts");
      expect(await searchWorkspace("needle(")).toMatchObject({ kind: "failure", text: expect.stringContaining("regex") as unknown });
    });
  });

  describe("without ripgrep (the JavaScript fallback)", () => {
    it("finds the matches, leaving out ignored, secret and binary files", async () => {
      bed.restart({ appRoot: "/nonexistent" });
      expectNeedles(await searchWorkspace("need(le)"));
      const onlyTs = await searchWorkspace("needle", "*.ts");
      expect(onlyTs.text).toContain("src/app.ts\n  2 |");
      expect(onlyTs.text).not.toContain("other.js");
      expect(await searchWorkspace("needle(")).toMatchObject({ kind: "failure", text: expect.stringContaining("The regex is not valid") as unknown });
    });
  });

  it("knows where desktop VS Code and code-server keep ripgrep", () => {
    expect(ripgrepCandidates("/app", "linux", "x64")).toEqual([
      "/app/node_modules/@vscode/ripgrep/bin/rg",
      "/app/node_modules.asar.unpacked/@vscode/ripgrep/bin/rg",
      "/app/node_modules/@vscode/ripgrep-universal/bin/linux-x64/rg",
      "/app/node_modules.asar.unpacked/@vscode/ripgrep-universal/bin/linux-x64/rg",
    ]);
  });

  it("matches file patterns as globs", () => {
    expect(globToRegExp("*.ts").test("app.ts")).toBe(true);
    expect(globToRegExp("*.ts").test("app.tsx")).toBe(false);
    expect(globToRegExp("*.{js,jsx}").test("a.jsx")).toBe(true);
    expect(globToRegExp("src/**/*.rs").test("src/a/b/c.rs")).toBe(true);
    expect(globToRegExp("src/**/*.rs").test("src/c.rs")).toBe(true);
    expect(globToRegExp("a?.md").test("ab.md")).toBe(true);
    expect(globToRegExp("a.md").test("abmd")).toBe(false);
  });
});

describe("links out of the workspace", () => {
  let outside = "";
  beforeAll(async () => {
    outside = await mkdtemp(join(tmpdir(), "roo-outside-"));
    await writeFile(join(outside, "secret.txt"), "outside text\n");
  });
  afterAll(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  it("are refused for reads, listings, searches, edits and commands", async () => {
    await symlink(join(outside, "secret.txt"), join(bed.root, "link.txt"));
    await symlink(outside, join(bed.root, "linked"));
    const refused = { kind: "failure", text: expect.stringContaining("outside the workspace") as unknown };
    const io = quietIo();
    expect((await bed.runner.perform(bed.call({ tool: "read_file", path: "link.txt", startLine: null, endLine: null }), io)).outcome).toMatchObject(refused);
    expect((await bed.runner.perform(bed.call({ tool: "read_file", path: "linked/secret.txt", startLine: null, endLine: null }), io)).outcome).toMatchObject(refused);
    expect((await bed.runner.perform(bed.call({ tool: "list_files", path: "linked", recursive: true }), io)).outcome).toMatchObject(refused);
    expect((await bed.runner.perform(bed.call({ tool: "search_files", path: "linked", regex: "outside", filePattern: null }), io)).outcome).toMatchObject(refused);
    expect(await bed.runner.prepare(bed.call({ tool: "write_to_file", path: "linked/new.txt", content: "x" }))).toMatchObject({ ok: false, text: expect.stringContaining("outside the workspace") as unknown });
    expect((await bed.runner.perform(bed.call({ tool: "write_to_file", path: "link.txt", content: "overwritten" }), io)).outcome).toMatchObject(refused);
    expect((await bed.runner.perform(bed.call({ tool: "execute_command", command: "pwd", cwd: "linked" }), io)).outcome).toMatchObject(refused);
    expect(existsSync(join(outside, "new.txt"))).toBe(false);
    expect(io.output).toEqual([]);
  });

  it("to a .rooignore'd file or into .git are refused by where they lead", async () => {
    await bed.write("private/.rooignore", "keys.txt\n");
    await bed.write("private/keys.txt", "k\n");
    await bed.write(".git/config", "[core]\n");
    await symlink(join(bed.root, "private/keys.txt"), join(bed.root, "notes.txt"));
    await symlink(join(bed.root, ".git/config"), join(bed.root, "config.txt"));
    const read = async (path: string) => (await bed.runner.perform(bed.call({ tool: "read_file", path, startLine: null, endLine: null }), quietIo())).outcome;
    expect(await read("notes.txt")).toMatchObject({ kind: "failure", text: expect.stringContaining("`private/keys.txt` is excluded by the workspace's .rooignore") as unknown });
    expect(await read("config.txt")).toMatchObject({ kind: "failure", text: expect.stringContaining(".git") as unknown });
  });

  it("inside the workspace are followed", async () => {
    await bed.write("real/a.txt", "inside\n");
    await symlink(join(bed.root, "real"), join(bed.root, "alias"));
    const outcome = (await bed.runner.perform(bed.call({ tool: "read_file", path: "alias/a.txt", startLine: null, endLine: null }), quietIo())).outcome;
    expect(outcome).toMatchObject({ kind: "success", text: expect.stringContaining("inside") as unknown });
  });
});
