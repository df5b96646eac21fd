// The agent's edits over a real temporary workspace: a proposal opens in the diff editor and is
// written through a WorkspaceEdit and a save when performed; a file changed in between gets the
// diff applied again or a clear failure; the Approve and Reject buttons of the diff editor's
// title find their call; undo restores or deletes.
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APPROVE_EDIT_COMMAND, EDIT_VIEW_SCHEME, PROPOSAL_SCHEME, REJECT_EDIT_COMMAND } from "../src/agent/tools/proposals";
import { quietIo, toolBed } from "./agentToolsSupport";
import { commands, testing, Uri, workspace } from "./fakes/vscode";

const bed = toolBed();

function diff(search: string, replace: string): string {
  return `<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE`;
}

describe("write_to_file", () => {
  it("shows a new file against an empty document, then creates it through VS Code", async () => {
    const call = bed.call({ tool: "write_to_file", path: "src/new.ts", content: "export const x = 1;\n" });
    const prepared = await bed.runner.prepare(call);
    expect(prepared).toMatchObject({ ok: true, preview: { kind: "edit", edit: { path: "src/new.ts", creates: true } } });
    expect(testing.tabs()).toEqual([
      { label: "src/new.ts: proposed edit (Roo Code Plus)", original: `${PROPOSAL_SCHEME}:/src/new.ts?empty=call-1`, modified: `${PROPOSAL_SCHEME}:/src/new.ts?call-1` },
    ]);
    expect(existsSync(join(bed.root, "src/new.ts"))).toBe(false);
    const performed = await bed.runner.perform(call, quietIo());
    expect(performed.outcome).toEqual({ kind: "success", text: "src/new.ts was created." });
    expect(performed.edit).toEqual({ path: "src/new.ts", before: null, after: "export const x = 1;\n" });
    expect(await bed.read("src/new.ts")).toBe("export const x = 1;\n");
    expect(testing.tabs()).toEqual([]);
  });

  it("replaces an existing file's whole text and saves it, so the editor holds what the disk does", async () => {
    await bed.write("notes.md", "old\ntext\n");
    const document = await testing.document(join(bed.root, "notes.md"));
    const call = bed.call({ tool: "write_to_file", path: "notes.md", content: "new\n" });
    await bed.runner.prepare(call);
    expect(testing.tabs()[0]?.original).toBe(Uri.file(join(bed.root, "notes.md")).toString());
    const performed = await bed.runner.perform(call, quietIo());
    expect(performed.edit).toEqual({ path: "notes.md", before: "old\ntext\n", after: "new\n" });
    expect(await bed.read("notes.md")).toBe("new\n");
    expect(document.getText()).toBe("new\n");
    expect(document.isDirty).toBe(false);
  });

  it("does not overwrite a document with unsaved changes", async () => {
    await bed.write("notes.md", "saved\n");
    (await testing.document(join(bed.root, "notes.md"))).setUnsavedText("typed by the user\n");
    const performed = await bed.runner.perform(bed.call({ tool: "write_to_file", path: "notes.md", content: "agent\n" }), quietIo());
    expect(performed.outcome).toMatchObject({ kind: "failure", text: expect.stringContaining("unsaved changes") as unknown });
    expect(performed.edit).toBeNull();
    expect(await bed.read("notes.md")).toBe("saved\n");
  });

  it("refuses to edit a binary file", async () => {
    await bed.write("logo.png", new Uint8Array([1, 0, 2]));
    expect(await bed.runner.prepare(bed.call({ tool: "write_to_file", path: "logo.png", content: "text" }))).toEqual({ ok: false, text: "logo.png is a binary file, so it cannot be read or edited as text." });
    expect(testing.tabs()).toEqual([]);
  });
});

describe("apply_diff", () => {
  it("proposes the edited text and writes it when performed", async () => {
    await bed.write("src/app.ts", "function a() {\n  return 1;\n}\n");
    const call = bed.call({ tool: "apply_diff", path: "src/app.ts", diff: diff("  return 1;", "  return 2;") });
    expect(await bed.runner.prepare(call)).toMatchObject({ ok: true, preview: { kind: "edit", edit: { path: "src/app.ts", creates: false } } });
    // The diff editor's right side is the proposal, served by the runner's content provider.
    const proposal = await workspace.openTextDocument(Uri.from({ scheme: PROPOSAL_SCHEME, path: "/src/app.ts", query: "call-1" }));
    expect(proposal.getText()).toBe("function a() {\n  return 2;\n}\n");
    expect(await bed.read("src/app.ts")).toBe("function a() {\n  return 1;\n}\n");
    const performed = await bed.runner.perform(call, quietIo());
    expect(performed.outcome.kind).toBe("success");
    expect(await bed.read("src/app.ts")).toBe("function a() {\n  return 2;\n}\n");
    expect(performed.edit?.before).toBe("function a() {\n  return 1;\n}\n");
  });

  it("fails before asking when the diff does not apply, and when the file is missing", async () => {
    await bed.write("src/app.ts", "const a = 1;\n");
    const prepared = await bed.runner.prepare(bed.call({ tool: "apply_diff", path: "src/app.ts", diff: diff("const b = 1;", "const b = 2;") }));
    expect(prepared).toMatchObject({ ok: false, text: expect.stringContaining("SEARCH part matches nothing in the file") as unknown });
    expect(testing.tabs()).toEqual([]);
    expect(await bed.runner.prepare(bed.call({ tool: "apply_diff", path: "gone.ts", diff: diff("a", "b") }))).toMatchObject({ ok: false, text: expect.stringContaining("Use write_to_file to create it") as unknown });
  });

  it("applies the diff to the file's new text when it changed since the proposal", async () => {
    await bed.write("src/app.ts", "const a = 1;\nconst b = 1;\n");
    const call = bed.call({ tool: "apply_diff", path: "src/app.ts", diff: diff("const b = 1;", "const b = 2;") });
    await bed.runner.prepare(call);
    await writeFile(join(bed.root, "src/app.ts"), "const a = 5;\nconst b = 1;\n");
    const performed = await bed.runner.perform(call, quietIo());
    expect(performed.outcome).toMatchObject({ kind: "success", text: expect.stringContaining("had changed since the proposal") as unknown });
    expect(await bed.read("src/app.ts")).toBe("const a = 5;\nconst b = 2;\n");
    expect(performed.edit?.before).toBe("const a = 5;\nconst b = 1;\n");
  });

  it("fails clearly, writing nothing, when the file changed and the diff no longer applies", async () => {
    await bed.write("src/app.ts", "const b = 1;\n");
    const call = bed.call({ tool: "apply_diff", path: "src/app.ts", diff: diff("const b = 1;", "const b = 2;") });
    await bed.runner.prepare(call);
    await writeFile(join(bed.root, "src/app.ts"), "const c = 3;\n");
    const performed = await bed.runner.perform(call, quietIo());
    expect(performed.outcome).toMatchObject({ kind: "failure", text: expect.stringContaining("src/app.ts changed since the edit was proposed, and the diff no longer applies") as unknown });
    expect(performed.edit).toBeNull();
    expect(await bed.read("src/app.ts")).toBe("const c = 3;\n");
    expect(testing.tabs()).toEqual([]);
  });
});

describe("the proposal's diff editor", () => {
  it("carries its call to the Approve and Reject buttons, from the title's URI or the active tab", async () => {
    await bed.write("a.txt", "a\n");
    const decisions: [string, string][] = [];
    const subscription = bed.runner.onProposalDecision((callId, decision) => decisions.push([callId, decision]));
    await bed.runner.prepare(bed.call({ tool: "write_to_file", path: "a.txt", content: "b\n" }, "call-7"));
    await commands.executeCommand(APPROVE_EDIT_COMMAND, Uri.from({ scheme: PROPOSAL_SCHEME, path: "/a.txt", query: "call-7" }));
    await commands.executeCommand(REJECT_EDIT_COMMAND);
    expect(decisions).toEqual([
      ["call-7", "approve"],
      ["call-7", "reject"],
    ]);
    await bed.runner.discardProposal("call-7");
    expect(testing.tabs()).toEqual([]);
    await commands.executeCommand(APPROVE_EDIT_COMMAND, Uri.from({ scheme: PROPOSAL_SCHEME, path: "/a.txt", query: "call-7" }));
    expect(decisions).toHaveLength(2);
    expect(testing.messages()).toEqual(["This proposed edit is no longer waiting for a decision."]);
    subscription.dispose();
  });

  it("reopens a written edit as before against after, without the buttons' scheme", async () => {
    await bed.runner.showEdit({ path: "src/x.ts", before: "1\n", after: "2\n" });
    const [tab] = testing.tabs();
    expect(tab?.label).toBe("src/x.ts: edit by Roo Code Plus");
    expect(tab?.modified?.startsWith(`${EDIT_VIEW_SCHEME}:/src/x.ts`)).toBe(true);
  });
});

describe("the manifest", () => {
  it("puts Approve edit and Reject edit on the title of a proposal's diff only, and keeps them out of the palette", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as {
      contributes: { commands: { command: string; title: string; icon?: string }[]; menus: Record<string, { command: string; when?: string; group?: string }[]> };
    };
    const { commands: contributed, menus } = manifest.contributes;
    expect(contributed).toContainEqual(expect.objectContaining({ command: APPROVE_EDIT_COMMAND, title: "Approve edit", icon: "$(check)" }));
    expect(contributed).toContainEqual(expect.objectContaining({ command: REJECT_EDIT_COMMAND, title: "Reject edit", icon: "$(close)" }));
    for (const command of [APPROVE_EDIT_COMMAND, REJECT_EDIT_COMMAND]) {
      // The diff editor's title sees its modified side: the proposal, on our scheme.
      expect(menus["editor/title"]).toContainEqual(expect.objectContaining({ command, when: `resourceScheme == ${PROPOSAL_SCHEME}`, group: expect.stringMatching(/^navigation/) as unknown }));
      expect(menus.commandPalette).toContainEqual({ command, when: "false" });
    }
  });
});

describe("undo", () => {
  it("restores the previous text, deletes a created file, and passes a refusal on", async () => {
    await bed.write("kept.txt", "after\n");
    await bed.write("created.txt", "new\n");
    expect(await bed.runner.undo({ kind: "restore", path: "kept.txt", text: "before\n" })).toBeNull();
    expect(await bed.read("kept.txt")).toBe("before\n");
    expect(await bed.runner.undo({ kind: "delete", path: "created.txt" })).toBeNull();
    expect(existsSync(join(bed.root, "created.txt"))).toBe(false);
    expect(await bed.runner.undo({ kind: "restore", path: "deleted/since.txt", text: "back\n" })).toBeNull();
    expect(await bed.read("deleted/since.txt")).toBe("back\n");
    expect(await bed.runner.undo({ kind: "refused", reason: "The file changed since." })).toBe("The file changed since.");
  });
});
