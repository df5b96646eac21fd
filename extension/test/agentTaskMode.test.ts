// Code mode's picker and settings at the shell, with the real wasm and the scripted fake model
// (the real LiteLLM proxy in front of it is covered by tests/agent/ and the e2e test): the mode
// is kept per chat across a reopen, Ask mode sends no tools, a model that cannot call tools gets
// Ask with a notice, and the agent settings are stored as only what differs from the defaults,
// checked by the core, with Code mode's instructions reaching the system prompt.
import { describe, expect, it } from "vitest";
import { defaultAgentView, MemoryOpenChatId } from "./controllerHarness";
import { agentBed, AGENT_MODEL, modelInfo, requestsFor, systemText } from "./agentTaskSupport";
import { testing } from "./fakes/vscode";
import { loadBackend } from "../src/api/backend";
import type { SettingsUpdate } from "../src/shared/protocol";

const bed = agentBed("roo-agent-mode-");

function update(fields: Partial<SettingsUpdate>): SettingsUpdate {
  return {
    apiProvider: "litellm",
    litellmApiUrl: bed.upstream.url,
    litellmModelId: AGENT_MODEL,
    litellmModelInfo: modelInfo(true),
    customInstructions: "",
    context: { maxFileBytes: 1000000, condenseThresholdPercent: 80 },
    agent: defaultAgentView(),
    ...fields,
  };
}

describe("the mode picker", () => {
  it("keeps Code mode in the chat: reopened in a new window it is still Code, and Code sends the tools", async () => {
    bed.upstream.script("MODE-KEPT", [{ text: "Hello from Code mode." }]);
    const openChatId = new MemoryOpenChatId();
    const h = await bed.open({ openChatId });
    expect(await h.request({ kind: "setChatMode", mode: "code" })).toEqual({ ok: true, mode: { mode: "code", notice: null } });
    expect(await h.send("MODE-KEPT say hello")).toEqual({ ok: true });
    const [request] = requestsFor(bed.upstream, "MODE-KEPT");
    expect(request?.tools?.map((tool) => tool.function.name)).toContain("apply_diff");
    h.dispose();

    // A reload of the window: the same storage and the same remembered chat.
    const reopened = await bed.open({ openChatId });
    const chat = (await reopened.state()).chat;
    expect(chat.conversation.messages.map((message) => message.text)).toContain("Hello from Code mode.");
    expect(chat.mode).toEqual({ mode: "code", notice: null });
    expect(chat.conversation.mode).toBe("code");
  });

  it("sends no tools in Ask mode", async () => {
    bed.upstream.script("MODE-ASK", [{ text: "Only an answer." }]);
    const h = await bed.open();
    expect(await h.request({ kind: "setChatMode", mode: "ask" })).toEqual({ ok: true, mode: { mode: "ask", notice: null } });
    expect(await h.send("MODE-ASK where is it?")).toEqual({ ok: true });
    const [request] = requestsFor(bed.upstream, "MODE-ASK");
    expect(request).toBeDefined();
    expect(request?.tools).toBeUndefined();
    expect(h.last("replyFinished")?.message).toMatchObject({ state: "complete", text: "Only an answer.", toolCalls: [] });
  });

  it("runs a Code chat in Ask with the notice once the model cannot call tools, and refuses Code for it", async () => {
    bed.upstream.script("MODE-NO-TOOLS", [{ text: "Plain answer." }]);
    const h = await bed.open();
    expect((await h.request({ kind: "setChatMode", mode: "code" })).ok).toBe(true);
    // The user switches to a model whose info says it takes no tools.
    expect((await h.request({ kind: "saveSettings", settings: update({ litellmModelInfo: modelInfo(false) }) })).ok).toBe(true);
    const view = (await h.state()).chat;
    expect(view.conversation.mode).toBe("code");
    expect(view.mode.mode).toBe("ask");
    expect(view.mode.notice).toEqual(expect.stringContaining("does not support tool calling"));
    expect(await h.send("MODE-NO-TOOLS hi")).toEqual({ ok: true });
    const [request] = requestsFor(bed.upstream, "MODE-NO-TOOLS");
    expect(request).toBeDefined();
    expect(request?.tools).toBeUndefined();
    // Choosing Code again with this model is refused with the core's sentence, naming the model.
    const refused = await h.request({ kind: "setChatMode", mode: "code" });
    expect(refused.ok ? undefined : refused.error).toEqual(expect.stringContaining(`The model ${AGENT_MODEL} cannot use Code mode.`));
  });
});

describe("Code mode's settings", () => {
  it("stores only what differs from the defaults under rooCodePlus.agent.*", async () => {
    const h = await bed.open();
    const defaults = defaultAgentView();
    const saved = await h.request({
      kind: "saveSettings",
      settings: update({ agent: { ...defaults, autoApproveReads: true, stepLimit: 7, commandAllowList: ["npm test"] } }),
    });
    expect(saved.ok ? undefined : saved.error).toBeUndefined();
    const agentKeys = Object.entries(testing.all()).filter(([key]) => key.startsWith("rooCodePlus.agent."));
    expect(Object.fromEntries(agentKeys)).toEqual({
      "rooCodePlus.agent.autoApproveReads": true,
      "rooCodePlus.agent.stepLimit": 7,
      "rooCodePlus.agent.commandAllowList": ["npm test"],
    });
    // Saving the defaults again leaves no agent entry at all.
    expect((await h.request({ kind: "saveSettings", settings: update({ agent: defaults }) })).ok).toBe(true);
    expect(Object.keys(testing.all()).filter((key) => key.startsWith("rooCodePlus.agent.") && testing.all()[key] !== undefined)).toEqual([]);
  });

  it("refuses a step limit of 0, naming agent.stepLimit, and stores nothing", async () => {
    const h = await bed.open();
    const empty = await h.request({ kind: "saveSettings", settings: update({ agent: { ...defaultAgentView(), commandAllowList: ["npm test", ""] } }) });
    expect(empty.ok ? undefined : empty.error.field).toBe("agent.commandAllowList");
    const answer = await h.request({ kind: "saveSettings", settings: update({ agent: { ...defaultAgentView(), stepLimit: 0 } }) });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.field).toContain("agent.stepLimit");
    expect(answer.error.message.length).toBeGreaterThan(15);
    expect(testing.all()["rooCodePlus.agent.stepLimit"]).toBeUndefined();
  });

  it("puts Code mode's instructions (the default and an edited one) in the system prompt in Code mode only", async () => {
    const instructions = loadBackend().defaultModeInstructions();
    bed.upstream.script("PROMPT-CODE", [{ text: "ok" }, { text: "ok again" }]);
    bed.upstream.script("PROMPT-ASK", [{ text: "ok" }]);
    const h = await bed.open();
    await h.request({ kind: "setChatMode", mode: "code" });
    await h.send("PROMPT-CODE first");
    const codePrompt = systemText(requestsFor(bed.upstream, "PROMPT-CODE")[0]);
    expect(codePrompt).toContain(instructions.code);
    expect(codePrompt).not.toContain(instructions.ask);

    const edited = "EDITED-CODE-INSTRUCTIONS: always run the tests.";
    const saved = await h.request({ kind: "saveSettings", settings: update({ agent: { ...defaultAgentView(), modeInstructions: { ...instructions, code: edited } } }) });
    expect(saved.ok).toBe(true);
    expect(testing.all()["rooCodePlus.agent.codeModeInstructions"]).toBe(edited);
    await h.send("PROMPT-CODE second");
    expect(systemText(requestsFor(bed.upstream, "PROMPT-CODE").at(-1))).toContain(edited);

    await h.notice({ type: "newChat" });
    await h.request({ kind: "setChatMode", mode: "ask" });
    await h.send("PROMPT-ASK hi");
    const askPrompt = systemText(requestsFor(bed.upstream, "PROMPT-ASK")[0]);
    expect(askPrompt).toContain(instructions.ask);
    expect(askPrompt).not.toContain(edited);
  });
});
