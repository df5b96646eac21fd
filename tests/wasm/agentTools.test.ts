// The agent's tool functions and edit undo through the built wasm package under Node, as the
// extension host calls them: each export once, with the values crossing as the generated types.
import { describe, expect, it } from "vitest";
import { loadBackend } from "../../extension/src/api/backend";
import type { AgentStepInput, ChatMessage } from "../../extension/src/shared/generated/types";

const backend = loadBackend();

describe("tool outcomes", () => {
  it("numbers a read, lists, searches and reports a command", () => {
    expect(backend.readFileOutcome("a\nb\nc\n", 2, null)).toEqual({ kind: "success", text: "2 | b\n3 | c\n" });
    const ignore = [{ folder: "", text: "dist/\n" }];
    expect(
      backend.listFilesOutcome(
        [
          { path: "src", isDir: true },
          { path: "dist/a.js", isDir: false },
        ],
        ignore,
      ),
    ).toEqual({ kind: "success", text: "src/" });
    expect(
      backend.searchFilesOutcome(
        [
          { path: "src/a.ts", line: 12, text: "const token = 1;" },
          { path: ".env", line: 1, text: "TOKEN=x" },
        ],
        ignore,
      ),
    ).toEqual({ kind: "success", text: "src/a.ts\n  12 | const token = 1;\n" });
    expect(backend.searchFilesOutcome([], [])).toEqual({ kind: "success", text: "No matches." });
    const failed = backend.commandOutcome("boom\n", { kind: "exited", code: 1 });
    expect(failed.kind).toBe("failure");
    expect(failed.text).toContain("exit code 1");
  });

  it("applies a diff or says why not, and previews an edit", () => {
    const diff = "<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE\n";
    expect(backend.applyDiff("old\n", diff)).toEqual({ kind: "applied", text: "new\n" });
    const failed = backend.applyDiff("other\n", diff);
    expect(failed.kind).toBe("failed");
    const preview = backend.editPreview("a.txt", "one\r\ntwo\r\n", "one\nTWO\n");
    expect(preview).toEqual({
      path: "a.txt",
      creates: false,
      added: 1,
      removed: 1,
      lines: [
        { kind: "context", text: "one", oldLine: 1, newLine: 1 },
        { kind: "removed", text: "two", oldLine: 2, newLine: null },
        { kind: "added", text: "TWO", oldLine: null, newLine: 2 },
      ],
    });
    expect(backend.editPreview("new.txt", null, "x").creates).toBe(true);
  });

  it("refuses a symlink that leads outside the workspace", () => {
    expect(backend.checkResolvedPath("/w/src/a.ts", "/w", [], "file")).toBeNull();
    expect(backend.checkResolvedPath("/etc/passwd", "/w", [], "file")).toContain("outside the workspace");
    expect(backend.checkResolvedPath("/w/secret/k", "/w", [{ folder: "", text: "secret/\n" }], "file")).toContain(
      ".rooignore",
    );
  });
});

describe("settings and modes", () => {
  it("gives the defaults, checks settings and appends the mode's section", () => {
    const settings = backend.defaultAgentSettings();
    expect(settings).toEqual({ autoApproveReads: false, commandAllowList: [], stepLimit: 25, commandTimeoutSeconds: 300 });
    expect(backend.agentSettingsRefusal(settings)).toBeNull();
    expect(backend.agentSettingsRefusal({ ...settings, commandTimeoutSeconds: 0 })?.field).toBe(
      "agent.commandTimeoutSeconds",
    );
    const instructions = backend.defaultModeInstructions();
    expect(instructions.code).toContain("apply_diff");
    expect(backend.systemPromptForMode("Base.", "code", { ask: "", code: "Use tools." })).toBe(
      "Base.\n\n====\n\nMODE: Code\n\nUse tools.",
    );
  });
});

describe("edit undo on the open chat", () => {
  it("records an approved write, plans and marks its undo, and keeps it in the chat file", () => {
    const handler = backend.buildApiHandler(
      { apiProvider: "litellm", litellmApiUrl: "http://127.0.0.1:9", litellmApiKey: "sk-test", litellmModelId: "m" },
      undefined,
    );
    const chat = backend.OpenChat.create("edits", 1);
    handler.setChatMode(chat, "code", 1);
    chat.appendUserMessage("u1", "Write a.txt", 1);
    chat.beginReply("r1", "m", 2);
    chat.applyChunks(
      "r1",
      [{ type: "toolCalls", calls: [{ id: "w", name: "write_to_file", arguments: '{"path":"a.txt","content":"new"}' }] }],
      2,
    );
    chat.finishReply("r1", 2);
    const input: AgentStepInput = { workspaceRoot: "/w", rooignore: [], settings: backend.defaultAgentSettings() };
    expect(chat.agentStep("r1", input, 3).kind).toBe("awaitingApproval");
    chat.decideToolCall("r1", "w", { kind: "approve" }, 3);
    const reply: ChatMessage = chat.recordEdit("r1", "w", { path: "a.txt", before: "old", after: "new" }, 4);
    expect(reply.toolCalls[0]?.edit).toEqual({ path: "a.txt", before: "old", after: "new", undone: false });
    chat.recordToolOutcome("r1", "w", { kind: "success", text: "written" }, 4);
    expect(chat.editsToRevert()).toEqual([{ replyId: "r1", callId: "w", path: "a.txt" }]);
    expect(chat.planUndo("r1", "w", "changed").kind).toBe("refused");

    const reopened = backend.OpenChat.load(chat.toBytes());
    expect(reopened.planUndo("r1", "w", "new")).toEqual({ kind: "restore", path: "a.txt", text: "old" });
    const undone = reopened.markEditUndone("r1", "w", 5);
    expect(undone.toolCalls[0]?.edit?.undone).toBe(true);
    expect(reopened.editsToRevert()).toEqual([]);
    expect(() => reopened.markEditUndone("r1", "w", 6)).toThrow(/already undone/);
    handler.free();
    chat.free();
    reopened.free();
  });
});
