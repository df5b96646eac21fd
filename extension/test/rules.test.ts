// The system prompt's rules as the shell reads them: real files in a temporary workspace folder,
// read through the `vscode.workspace.fs` stand-in, and built by the real wasm core.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { loadBackend } from "../src/api/backend";
import { SystemPromptSource } from "../src/rules/systemPromptSource";
import { SYSTEM_PROMPT } from "../src/systemPrompt";

let folder: string;
let logs: string[];
const opened: SystemPromptSource[] = [];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "roo-rules-"));
  logs = [];
  testing.reset();
});

afterEach(async () => {
  for (const source of opened.splice(0)) {
    source.dispose();
  }
  await rm(folder, { recursive: true, force: true });
});

async function open(): Promise<SystemPromptSource> {
  const write = (line: string) => logs.push(line);
  const source = await SystemPromptSource.open({ core: loadBackend(), log: { info: write, warn: write, error: write } });
  opened.push(source);
  return source;
}

async function write(path: string, text: string, root = folder): Promise<void> {
  await mkdir(join(root, path, ".."), { recursive: true });
  await writeFile(join(root, path), text);
}

/** The sources of the report as `source: status`, in the report's order. */
function statuses(source: SystemPromptSource): string[] {
  return source.view().report.sources.map((line) => `${line.source}: ${line.status}`);
}

describe("the system prompt's rules", () => {
  it("adds AGENTS.md, the .roo/rules files sorted by name, then the custom instructions, after the base prompt", async () => {
    await write("AGENTS.md", "AGENTS-RULE: run the tests before committing.");
    // Written (and listed by the stand-in) in the wrong order: only sorting puts a-first.md first.
    await write(".roo/rules/z-last.md", "Z-RULE: prefer small functions.");
    await write(".roo/rules/a-first.md", "A-RULE: use tabs.");
    await write(".roo/rules/notes.txt", "TXT-RULE: not a rules file.");
    testing.set("rooCodePlus.customInstructions", "CUSTOM-RULE: answer in French.");
    testing.setWorkspaceFolders([folder]);

    const source = await open();
    const prompt = source.prompt();
    expect(prompt.startsWith(SYSTEM_PROMPT)).toBe(true);
    const order = ["AGENTS-RULE", "A-RULE", "Z-RULE", "CUSTOM-RULE"].map((marker) => prompt.indexOf(marker));
    expect(order.every((index) => index > SYSTEM_PROMPT.length)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(prompt).not.toContain("TXT-RULE");
    expect(statuses(source)).toEqual([
      "AGENTS.md: found",
      ".roo/rules/a-first.md: found",
      ".roo/rules/z-last.md: found",
      ".roorules: notFound",
      "custom instructions: found",
    ]);
    const view = source.view();
    expect(view.customInstructions).toBe("CUSTOM-RULE: answer in French.");
    for (const line of view.report.sources) {
      expect(line.tokens > 0).toBe(line.status === "found");
    }
    expect(view.promptTokens).toBeGreaterThan(view.report.sources.reduce((sum, line) => sum + line.tokens, 0));
  });

  it("is the base prompt alone when no folder is open, every file not found", async () => {
    await write("AGENTS.md", "AGENTS-RULE: not in any open folder.");
    const source = await open();
    expect(source.prompt()).toBe(SYSTEM_PROMPT);
    expect(statuses(source)).toEqual([
      "AGENTS.md: notFound",
      ".roo/rules/: notFound",
      ".roorules: notFound",
      "custom instructions: empty",
    ]);
    expect(testing.watchedPatterns()).toEqual([]);
  });

  it("is the base prompt alone when the folder has no rules", async () => {
    testing.setWorkspaceFolders([folder]);
    const source = await open();
    expect(source.prompt()).toBe(SYSTEM_PROMPT);
    expect(source.view().promptTokens).toBeGreaterThan(0);
  });

  it("reads only the first folder of a multi-root workspace", async () => {
    const second = await mkdtemp(join(tmpdir(), "roo-rules-second-"));
    try {
      await write(".roorules", "FIRST-RULE", folder);
      await write(".roorules", "SECOND-RULE", second);
      testing.setWorkspaceFolders([folder, second]);
      const source = await open();
      expect(source.prompt()).toContain("FIRST-RULE");
      expect(source.prompt()).not.toContain("SECOND-RULE");
      expect(testing.watchedPatterns()).toEqual([`${folder}: {AGENTS.md,.roorules,.roo,.roo/rules,.roo/rules/*.md}`]);
    } finally {
      await rm(second, { recursive: true, force: true });
    }
  });

  it("reports an empty file as empty, and a binary or unreadable one as unreadable with the reason", async () => {
    await write("AGENTS.md", "  \n\n  ");
    await write(".roo/rules/image.md", "\u0000\u0001PNG\u0000\u0000");
    // A folder where a file should be cannot be read as one.
    await mkdir(join(folder, ".roorules"));
    testing.setWorkspaceFolders([folder]);
    const source = await open();
    expect(source.prompt()).toBe(SYSTEM_PROMPT);
    expect(statuses(source)).toEqual([
      "AGENTS.md: empty",
      ".roo/rules/image.md: unreadable",
      ".roorules: unreadable",
      "custom instructions: empty",
    ]);
    const notes = source.view().report.sources.map((line) => line.note);
    expect(notes[1]).toMatch(/binary/);
    expect(notes[2]).toMatch(/EISDIR/);
  });

  it("reads the files again when the watcher sees a change, and tells its listeners", async () => {
    testing.setWorkspaceFolders([folder]);
    const source = await open();
    let changes = 0;
    source.onDidChange(() => (changes += 1));
    expect(source.prompt()).toBe(SYSTEM_PROMPT);

    await write(".roorules", "NEW-RULE: appeared later.");
    testing.fileChanged(folder, ".roorules");
    // A burst of events before the read starts is read once.
    testing.fileChanged(folder, ".roorules");
    testing.fileChanged(folder, ".roorules");
    await source.refresh();
    expect(source.prompt()).toContain("NEW-RULE");
    expect(statuses(source)).toContain(".roorules: found");
    expect(changes).toBe(1);

    await rm(join(folder, ".roorules"));
    testing.fileChanged(folder, ".roorules");
    await source.refresh();
    expect(source.prompt()).toBe(SYSTEM_PROMPT);
  });

  it("follows the workspace's folders when they change", async () => {
    await write("AGENTS.md", "AGENTS-RULE");
    const source = await open();
    expect(source.prompt()).toBe(SYSTEM_PROMPT);
    testing.setWorkspaceFolders([folder]);
    await source.refresh();
    expect(source.prompt()).toContain("AGENTS-RULE");
    expect(testing.watchedPatterns()).toHaveLength(1);
  });

  it("rebuilds with new custom instructions when the settings change, and only then", async () => {
    const source = await open();
    let changes = 0;
    source.onDidChange(() => (changes += 1));
    source.settingsChanged();
    expect(changes).toBe(0);

    testing.set("rooCodePlus.customInstructions", "CUSTOM-RULE: be brief.");
    source.settingsChanged();
    expect(changes).toBe(1);
    expect(source.prompt()).toContain("CUSTOM-RULE: be brief.");
    expect(source.view().customInstructions).toBe("CUSTOM-RULE: be brief.");

    // A hand edit that stores something other than text counts as no instructions.
    testing.set("rooCodePlus.customInstructions", 42);
    source.settingsChanged();
    expect(source.prompt()).toBe(SYSTEM_PROMPT);
  });

  it("stops watching once disposed", async () => {
    testing.setWorkspaceFolders([folder]);
    const source = await open();
    expect(testing.watchedPatterns()).toHaveLength(1);
    source.dispose();
    expect(testing.watchedPatterns()).toEqual([]);
    expect(logs).toEqual([]);
  });
});
