// The rules in a chat: the shell with the real wasm backend, a temporary workspace folder with
// rules files, and a local OpenAI-style server that records what each request carried.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { startFaultServer, type FaultServer } from "../../tests/support/fault-server";
import { defaultAgentView, harness, type Harness } from "./controllerHarness";
import { loadBackend } from "../src/api/backend";
import { SYSTEM_PROMPT } from "../src/systemPrompt";

const KEY = "sk-rules-test-key-123456";

let server: FaultServer;
let storage: string;
let workspaceFolder: string;

beforeAll(async () => {
  server = await startFaultServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  storage = await mkdtemp(join(tmpdir(), "roo-rules-storage-"));
  workspaceFolder = await mkdtemp(join(tmpdir(), "roo-rules-workspace-"));
  testing.reset();
  testing.set("rooCodePlus.litellmApiUrl", server.url);
  testing.set("rooCodePlus.litellmModelId", "echo");
});

afterEach(async () => {
  await rm(storage, { recursive: true, force: true });
  await rm(workspaceFolder, { recursive: true, force: true });
});

async function writeRules(): Promise<void> {
  await mkdir(join(workspaceFolder, ".roo", "rules"), { recursive: true });
  await writeFile(join(workspaceFolder, "AGENTS.md"), "AGENTS-RULE: run the tests before you answer.");
  await writeFile(join(workspaceFolder, ".roo", "rules", "style.md"), "STYLE-RULE: name things plainly.");
}

/** The system message of the last chat request the server received. */
function lastSystemMessage(): unknown {
  const request = server.requests.filter((recorded) => recorded.path.endsWith("/chat/completions")).at(-1);
  const body = request?.body as { messages?: { role?: unknown; content?: unknown }[] } | undefined;
  const system = body?.messages?.find((message) => message.role === "system");
  return system?.content;
}

async function meterTokens(h: Harness): Promise<number> {
  const context = (await h.state()).chat.context;
  if (context === null) {
    throw new Error("the meter could not be read");
  }
  return context.inputTokens;
}

describe("the rules in a chat", () => {
  it("sends the built system prompt with every request", async () => {
    await writeRules();
    testing.set("rooCodePlus.customInstructions", "CUSTOM-RULE: answer briefly.");
    testing.setWorkspaceFolders([workspaceFolder]);
    const h = await harness(storage, { key: KEY });
    expect(await h.send("hello")).toEqual({ ok: true });
    const system = lastSystemMessage();
    // The chat is in Ask mode: the rules' prompt, then Ask mode's instructions.
    const backend = loadBackend();
    expect(system).toBe(backend.systemPromptForMode(h.shell.systemPrompt.prompt(), "ask", backend.defaultModeInstructions()));
    expect(typeof system === "string" && system.startsWith(SYSTEM_PROMPT)).toBe(true);
    for (const marker of ["AGENTS-RULE", "STYLE-RULE", "CUSTOM-RULE"]) {
      expect(system).toContain(marker);
    }
    h.dispose();
  });

  it("counts the rules in the context meter, and shows them in the settings", async () => {
    testing.setWorkspaceFolders([workspaceFolder]);
    const h = await harness(storage, { key: KEY });
    await h.send("How many tokens does this chat take?");
    const withoutRules = await meterTokens(h);
    const baseTokens = (await h.state()).settings.rules.promptTokens;

    // The files appear while the window is open; the watcher's event reads them.
    await writeRules();
    const postedBefore = h.posted.length;
    testing.fileChanged(workspaceFolder, "AGENTS.md");
    await h.shell.systemPrompt.refresh();
    await h.settled();
    // The webview hears of it without asking: the state is sent again.
    const state = h.posted.slice(postedBefore).find((message) => message.type === "state");
    expect(state?.type === "state" && state.state.settings.rules.report.sources.map((line) => line.status)).toEqual([
      "found",
      "found",
      "notFound",
      "empty",
    ]);

    const rules = (await h.state()).settings.rules;
    const rulesTokens = rules.promptTokens - baseTokens;
    expect(rulesTokens).toBeGreaterThan(0);
    expect(await meterTokens(h)).toBe(withoutRules + rulesTokens);
    h.dispose();
  });

  it("saves the custom instructions from the panel and sends them from the next request", async () => {
    const h = await harness(storage, { key: KEY });
    const answer = await h.request({
      kind: "saveSettings",
      settings: {
        apiProvider: "litellm",
        litellmApiUrl: server.url,
        litellmModelId: "echo",
        litellmModelInfo: null,
        customInstructions: "CUSTOM-RULE: always answer in haiku.",
        context: { maxFileBytes: 1000000, condenseThresholdPercent: 80 },
        agent: defaultAgentView(),
      },
    });
    expect(answer.ok && answer.settings.rules.customInstructions).toBe("CUSTOM-RULE: always answer in haiku.");
    expect(answer.ok && answer.settings.rules.report.sources.at(-1)?.status).toBe("found");
    expect(testing.all()["rooCodePlus.customInstructions"]).toBe("CUSTOM-RULE: always answer in haiku.");
    await h.send("hello");
    expect(lastSystemMessage()).toContain("CUSTOM-RULE: always answer in haiku.");

    // Saving them empty removes the entry, and the prompt is the base prompt again.
    const cleared = await h.request({
      kind: "saveSettings",
      settings: { apiProvider: "litellm", litellmApiUrl: server.url, litellmModelId: "echo", litellmModelInfo: null, customInstructions: "", context: { maxFileBytes: 1000000, condenseThresholdPercent: 80 }, agent: defaultAgentView() },
    });
    expect(cleared.ok && cleared.settings.rules.report.sources.at(-1)?.status).toBe("empty");
    expect("rooCodePlus.customInstructions" in testing.all()).toBe(false);
    await h.send("again");
    expect(lastSystemMessage()).toBe(loadBackend().systemPromptForMode(SYSTEM_PROMPT, "ask", loadBackend().defaultModeInstructions()));
    h.dispose();
  });
});
