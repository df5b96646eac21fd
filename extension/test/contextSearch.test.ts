// The @-picker's search over real files in a temporary workspace: what is listed (and what the
// ignore files keep out), the order of the groups and of the matches, the highlights, the file
// watcher keeping the list current, no folder open, and a 100,000-file workspace.
import { mkdir, rm, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { MAX_PATH_CANDIDATES, NO_FOLDER_NOTICE } from "../src/context/mentionSearch";
import type { MentionSearchResult } from "../src/shared/protocol";
import { contextBed } from "./contextSupport";

const bed = contextBed();

function labels(result: MentionSearchResult, group?: string): string[] {
  return result.candidates.filter((candidate) => group === undefined || candidate.group === group).map((candidate) => candidate.chip.label);
}

describe("the @-picker's search", () => {
  it("lists the special mentions, then the open editors, then the workspace's files and folders", async () => {
    await bed.write("src/main.ts", "");
    await bed.write("README.md", "");
    bed.host.editors = [join(bed.root, "README.md"), "/elsewhere/outside.ts"];
    const result = await bed.context().search("");
    expect(result.indexing).toBe(false);
    expect(result.notice).toBeNull();
    const rank = { context: 0, openEditor: 1, file: 2, folder: 2 };
    const ranks = result.candidates.map((candidate) => rank[candidate.group]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(labels(result, "context")).toEqual(["problems", "selection", "git-changes", "terminal"]);
    expect(labels(result, "openEditor")).toEqual(["README.md"]);
    // An open editor is not listed again among the files.
    expect(labels(result).filter((label) => label === "README.md")).toHaveLength(1);
    expect(labels(result)).toEqual(expect.arrayContaining(["src/", "src/main.ts"]));
    const special = result.candidates.find((candidate) => candidate.chip.label === "git-changes");
    expect(special?.chip.mention).toEqual({ kind: "gitChanges" });
    expect(special?.detail).toMatch(/git diff HEAD/);
  });

  it("ranks the best match first and highlights the matched characters", async () => {
    await bed.write("src/main.ts", "");
    await bed.write("src/domain/maintenance.ts", "");
    await bed.write("docs/manual.md", "");
    const result = await bed.context().search("main");
    const files = result.candidates.filter((candidate) => candidate.group === "file");
    expect(files[0]?.chip).toEqual({ mention: { kind: "file", path: "src/main.ts" }, label: "src/main.ts" });
    expect(files[0]?.detail).toBe("src/");
    expect(files[0]?.highlights).toEqual([4, 5, 6, 7]);
    expect(labels(result, "context")).toEqual([]);
  });

  it("filters the special mentions by the query, with highlights", async () => {
    const result = await bed.context().search("prob");
    const [first] = result.candidates;
    expect(first?.chip.label).toBe("problems");
    expect(first?.highlights).toEqual([0, 1, 2, 3]);
  });

  it("offers folders as `path/` chips naming the folder", async () => {
    await bed.write("packages/core/index.ts", "");
    const result = await bed.context().search("packages/core");
    const folder = result.candidates.find((candidate) => candidate.group === "folder");
    expect(folder?.chip).toEqual({ mention: { kind: "folder", path: "packages/core" }, label: "packages/core/" });
  });

  it("leaves out what .gitignore and .rooignore exclude, and .git itself", async () => {
    await bed.write(".gitignore", "node_modules/\n*.log\n");
    await bed.write(".rooignore", "private/\n");
    await bed.write("node_modules/lib/index.js", "");
    await bed.write("debug.log", "");
    await bed.write("private/diary.md", "");
    await bed.write(".git/config", "");
    await bed.write("src/kept.ts", "");
    const all = labels(await bed.context().search(""));
    expect(all).toEqual(expect.arrayContaining(["src/kept.ts", ".gitignore", ".rooignore"]));
    for (const hidden of ["node_modules/", "node_modules/lib/index.js", "debug.log", "private/", "private/diary.md", ".git/", ".git/config"]) {
      expect(all).not.toContain(hidden);
    }
  });

  it("says to open a folder when none is open, and still offers the special mentions", async () => {
    const result = await bed.context({ noFolder: true }).search("");
    expect(result.notice).toBe(NO_FOLDER_NOTICE);
    expect(labels(result)).toEqual(["problems", "selection", "git-changes", "terminal"]);
  });

  it("keeps the list current as the watcher reports files created and deleted", async () => {
    testing.setWorkspaceFolders([bed.root]);
    await bed.write("src/old.ts", "");
    const context = bed.context();
    expect(labels(await context.search("fresh"))).toEqual([]);
    expect(testing.watchedPatterns()).toEqual([`${bed.root}: **/*`]);

    await bed.write("src/fresh.ts", "");
    testing.fileChanged(bed.root, "src/fresh.ts");
    await mkdir(join(bed.root, "lib/nested"), { recursive: true });
    await writeFile(join(bed.root, "lib/nested/fresher.ts"), "");
    testing.fileChanged(bed.root, "lib");
    await bed.write(".git/HEAD", "ref: refs/heads/main");
    testing.fileChanged(bed.root, ".git/HEAD");
    await context.index.settled();
    expect(labels(await context.search("fresh"))).toEqual(expect.arrayContaining(["src/fresh.ts", "lib/nested/fresher.ts"]));
    expect(labels(await context.search("HEAD"))).toEqual([]);

    await unlink(join(bed.root, "src/fresh.ts"));
    testing.fileChanged(bed.root, "src/fresh.ts");
    await rm(join(bed.root, "lib"), { recursive: true });
    testing.fileChanged(bed.root, "lib");
    await context.index.settled();
    const after = labels(await context.search(""));
    expect(after).not.toContain("src/fresh.ts");
    expect(after).not.toContain("lib/nested/fresher.ts");
    expect(after).not.toContain("lib/");
    expect(after).toContain("src/old.ts");
  });

  it("lists everything again when an ignore file changes", async () => {
    testing.setWorkspaceFolders([bed.root]);
    await bed.write("out/bundle.js", "");
    const context = bed.context();
    expect(labels(await context.search("bundle"))).toContain("out/bundle.js");
    await bed.write(".gitignore", "out/\n");
    testing.fileChanged(bed.root, ".gitignore");
    await context.index.settled();
    // The rebuild runs in the background; wait for the list without the ignored folder.
    for (let attempt = 0; attempt < 100 && labels(await context.search("bundle")).length > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(labels(await context.search("bundle"))).toEqual([]);
  });

  it("indexes and searches a 100,000-file workspace, capping the matches", async () => {
    const folders = 1_000;
    const perFolder = 100;
    for (let folder = 0; folder < folders; folder += 1) {
      const dir = join(bed.root, `pkg${String(folder % 20)}`, `module${String(folder)}`);
      await mkdir(dir, { recursive: true });
      await Promise.all(Array.from({ length: perFolder }, (_, file) => writeFile(join(dir, `file${String(file)}.ts`), "")));
    }
    const context = bed.context();
    context.warmUp();
    await context.index.settled();
    // 100,000 files, 1,000 module folders and 20 package folders.
    expect(context.index.size).toBe(folders * perFolder + folders + 20);
    expect(bed.logs.some((line) => /Listed 101020 files and folders of the workspace for @-mentions in \d+ ms\./.test(line))).toBe(true);
    const result = await context.search("module777/file42");
    expect(result.candidates[0]?.chip.label).toBe("pkg17/module777/file42.ts");
    const broad = await context.search("file");
    expect(labels(broad, "file")).toHaveLength(MAX_PATH_CANDIDATES);
  }, 180_000);
});
