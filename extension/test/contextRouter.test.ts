// The workspace context through the sidebar's router, as the webview drives it: the picker's
// search, dropped files, a send whose mention cannot be attached (nothing added to the chat),
// and the context settings saved from the panel and read from settings.json.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { backendWith, defaultAgentView, FAST_POLICY, MemoryKeys, MemoryOpenChatId, shellTestBed } from "./controllerHarness";
import { TestHost } from "./contextSupport";
import { createShell, type Shell } from "../src/shell";
import type { ExtensionToWebview, RequestKind, RequestOf, Responses, SettingsUpdate } from "../src/shared/protocol";

const bed = shellTestBed("roo-context-router-");
let workspace: string;
let shell: Shell | undefined;
const posted: ExtensionToWebview[] = [];

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), "roo-context-workspace-"));
  posted.length = 0;
});

afterEach(async () => {
  shell?.dispose();
  shell = undefined;
  await rm(workspace, { recursive: true, force: true });
});

async function open(): Promise<Shell> {
  const backend = backendWith(FAST_POLICY);
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  shell = await createShell({
    backend,
    apiKeys: new MemoryKeys(undefined),
    storageFolder: bed.folder,
    openChatId: new MemoryOpenChatId(),
    log,
    warnings: { warn: () => undefined },
    post: (message) => posted.push(message),
    backendInfo: () => ({ type: "backendInfo", info: backend.backendInfo() }),
    newId: randomUUID,
    contextHost: new TestHost(),
    workspaceRoot: () => workspace,
  });
  await shell.chats.historyLoaded();
  return shell;
}

let counter = 0;
async function request<Kind extends RequestKind>(body: { kind: Kind } & RequestOf<Kind>): Promise<Responses[Kind]> {
  const ready = shell ?? (await open());
  counter += 1;
  const id = `context-${String(counter)}`;
  await ready.router.handle({ type: "request", id, request: body });
  const answer = posted.find((message) => message.type === "response" && message.id === id);
  if (answer?.type !== "response") throw new Error(`no answer to ${body.kind}`);
  return answer.response as Responses[Kind];
}

function settingsUpdate(context: SettingsUpdate["context"]): SettingsUpdate {
  return { apiProvider: "litellm", litellmApiUrl: bed.server.url, litellmModelId: "echo", litellmModelInfo: null, customInstructions: "", context, agent: defaultAgentView() };
}

describe("the router's workspace context", () => {
  it("answers the picker's search with the workspace's files", async () => {
    await writeFile(join(workspace, "notes.md"), "notes");
    const result = await request({ kind: "searchMentions", query: "notes" });
    expect(result.candidates.map((candidate) => candidate.chip.label)).toContain("notes.md");
    expect(result.notice).toBeNull();
  });

  it("turns dropped URIs into chips, with a sentence for what cannot be mentioned", async () => {
    await writeFile(join(workspace, "dropped.ts"), "x");
    const answer = await request({ kind: "mentionsForUris", uris: [pathToFileURL(join(workspace, "dropped.ts")).href, "untitled:Untitled-1"] });
    expect(answer.chips).toEqual([{ mention: { kind: "file", path: "dropped.ts" }, label: "dropped.ts" }]);
    expect(answer.errors).toEqual(["untitled:Untitled-1 cannot be mentioned: only files and folders on disk can be attached."]);
  });

  it("refuses a send whose mention cannot be attached, adding nothing to the chat", async () => {
    const outcome = await request({ kind: "sendMessage", text: "look at this", mentions: [{ kind: "file", path: "missing.ts" }], images: [] });
    expect(outcome).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: "badRequest", message: expect.stringMatching(/missing\.ts does not exist/) as unknown }) as unknown,
    });
    expect(posted.some((message) => message.type === "replyStarted")).toBe(false);
    expect((await shell?.router.state())?.chat.conversation.messages).toEqual([]);
  });

  it("sends when every mention resolves", async () => {
    await writeFile(join(workspace, "ok.ts"), "fine");
    const outcome = await request({ kind: "sendMessage", text: "look", mentions: [{ kind: "file", path: "ok.ts" }], images: [] });
    expect(outcome).toEqual({ ok: true });
    await shell?.chats.settled();
  });

  it("takes the size limit from the setting", async () => {
    await writeFile(join(workspace, "medium.txt"), "y".repeat(30_000));
    testing.set("rooCodePlus.context.maxFileBytes", 20_000);
    const outcome = await request({ kind: "sendMessage", text: "look", mentions: [{ kind: "file", path: "medium.txt" }], images: [] });
    expect(outcome.ok ? "" : outcome.error.message).toMatch(/medium\.txt is .* over the 20 KB limit.*rooCodePlus\.context\.maxFileBytes/);
  });
});

describe("the context settings", () => {
  it("shows the defaults, and saves changed values (a default is stored as no entry)", async () => {
    const ready = await open();
    expect((await ready.settings.view()).context).toEqual({ maxFileBytes: 1_000_000, condenseThresholdPercent: 80 });
    const saved = await request({ kind: "saveSettings", settings: settingsUpdate({ maxFileBytes: 2_000_000, condenseThresholdPercent: 90 }) });
    expect(saved.ok && saved.settings.context).toEqual({ maxFileBytes: 2_000_000, condenseThresholdPercent: 90 });
    expect(testing.all()).toMatchObject({ "rooCodePlus.context.maxFileBytes": 2_000_000, "rooCodePlus.context.condenseThresholdPercent": 90 });
    await request({ kind: "saveSettings", settings: settingsUpdate({ maxFileBytes: 1_000_000, condenseThresholdPercent: 80 }) });
    expect("rooCodePlus.context.maxFileBytes" in testing.all()).toBe(false);
  });

  it("refuses values out of range, naming the field, and keeps the old ones", async () => {
    const tooSmall = await request({ kind: "saveSettings", settings: settingsUpdate({ maxFileBytes: 10, condenseThresholdPercent: 80 }) });
    expect(tooSmall).toEqual({ ok: false, error: { field: "context.maxFileBytes", message: expect.stringMatching(/from 10000 \(10 kB\) to 100000000/) as unknown } });
    const tooLow = await request({ kind: "saveSettings", settings: settingsUpdate({ maxFileBytes: 40_960, condenseThresholdPercent: 5 }) });
    expect(tooLow.ok ? "" : tooLow.error.field).toBe("context.condenseThresholdPercent");
    expect("rooCodePlus.context.maxFileBytes" in testing.all()).toBe(false);
  });

  it("reads a hand-edited value outside the range as the default", async () => {
    testing.set("rooCodePlus.context.maxFileBytes", -5);
    testing.set("rooCodePlus.context.condenseThresholdPercent", "high");
    const ready = await open();
    expect((await ready.settings.view()).context).toEqual({ maxFileBytes: 1_000_000, condenseThresholdPercent: 80 });
  });
});
