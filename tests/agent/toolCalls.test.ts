// Code mode through the real LiteLLM proxy (litellm 1.106.2) with the built wasm backend, as the
// extension host runs it. The model is the scripted upstream (a fake: the one part that cannot run
// here), which streams tool calls the way the proxy passes them: arguments cut at awkward places,
// parallel calls interleaved by index. The tests check what the wasm makes of them (the calls
// assembled on the reply, hostile paths refused, a secret asking first) and, from the requests the
// upstream recorded, what the model was told on the next step: the calls, their results, the
// reason of a rejection, and never a refused file's content.
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBackend } from "../../extension/src/api/backend";
import type {
  AgentState,
  AgentStepInput,
  ApiStreamChunk,
  ChatMessage,
  ChatToolCall,
  ProviderSettings,
} from "../../extension/src/shared/generated/types";
import { startFaultServer, type FaultServer } from "../support/fault-server";
import { SCRIPTED_AGENT_MODEL, startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";
import { startScriptedUpstream, type ChatBody, type ChatBodyMessage, type ScriptedUpstream } from "../support/scripted-upstream";

const MASTER_KEY = "sk-test-master-key-0123456789";
const SYSTEM_PROMPT = "You are a coding agent. Use the tools.";
const TOOL_NAMES = [
  "read_file",
  "list_files",
  "search_files",
  "write_to_file",
  "apply_diff",
  "execute_command",
  "ask_followup_question",
  "attempt_completion",
];

// Contents that must never reach the model: each sits where a hostile call points.
const OUTSIDE_CONTENT = "OUTSIDE-THE-WORKSPACE-3f7a";
const ENV_SECRET = "sk-env-secret-91c2d4";
const PRIVATE_CONTENT = "PRIVATE-PLAN-CONTENT-55e1";
const MATH_TS = "export function add(a: number, b: number): number {\n  return a + b;\n}\n";

const backend = loadBackend();
type Handler = ReturnType<typeof backend.buildApiHandler>;
type Chat = ReturnType<typeof backend.OpenChat.create>;

let faults: FaultServer;
let upstream: ScriptedUpstream;
let proxy: LiteLlmProxy;
let scratch: string;
let workspace: string;
let stepInput: AgentStepInput;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "roo-agent-"));
  workspace = join(scratch, "workspace");
  await mkdir(join(workspace, "src"), { recursive: true });
  await mkdir(join(workspace, "private"), { recursive: true });
  await writeFile(join(workspace, "src", "math.ts"), MATH_TS);
  await writeFile(join(workspace, ".env"), `API_TOKEN=${ENV_SECRET}\n`);
  await writeFile(join(workspace, ".rooignore"), "private/\n");
  await writeFile(join(workspace, "private", "plan.md"), `${PRIVATE_CONTENT}\n`);
  await writeFile(join(scratch, "outside.txt"), `${OUTSIDE_CONTENT}\n`);
  // A path inside the workspace that leads outside it: only the shell's realpath can tell.
  await symlink(join(scratch, "outside.txt"), join(workspace, "src", "link.txt"));
  stepInput = {
    workspaceRoot: workspace,
    rooignore: [{ folder: "", text: await readFile(join(workspace, ".rooignore"), "utf8") }],
    settings: { ...backend.defaultAgentSettings(), autoApproveReads: true },
  };

  faults = await startFaultServer();
  upstream = await startScriptedUpstream();
  proxy = await startLiteLlmProxy({ upstreamUrl: faults.url, masterKey: MASTER_KEY, scriptedUpstreamUrl: upstream.url });
});

afterAll(async () => {
  // Whatever started before a failure in beforeAll is stopped; the rest is still undefined.
  const running = proxy as LiteLlmProxy | undefined;
  await running?.stop();
  const servers = [upstream, faults] as ({ close(): Promise<void> } | undefined)[];
  for (const server of servers) await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

function settings(): ProviderSettings {
  return { apiProvider: "litellm", litellmApiUrl: proxy.url, litellmApiKey: MASTER_KEY, litellmModelId: SCRIPTED_AGENT_MODEL };
}

/** A handler for the scripted model that has asked the proxy for its models. */
async function discoveredHandler(): Promise<Handler> {
  const handler = backend.buildApiHandler(settings(), { maxRetries: 0 });
  await handler.refreshModels(undefined);
  return handler;
}

/** A new chat holding the user's task and an empty reply `r1`, in `mode`. */
function startTask(handler: Handler, id: string, task: string, mode: "ask" | "code"): Chat {
  const chat = backend.OpenChat.create(id, Date.now());
  handler.beginSend(chat, { userMessageId: "u1", replyId: "r1", text: task, attachments: [], images: [] }, SYSTEM_PROMPT, Date.now());
  expect(handler.setChatMode(chat, mode, Date.now()).mode).toBe(mode);
  return chat;
}

/** Streams reply `replyId` of `chat` into the chat, finishes it, and returns its chunks and the finished reply. */
async function streamReply(handler: Handler, chat: Chat, replyId: string): Promise<{ chunks: ApiStreamChunk[]; reply: ChatMessage }> {
  const stream = handler.createReply(chat, SYSTEM_PROMPT, undefined);
  const chunks: ApiStreamChunk[] = [];
  try {
    for (;;) {
      const batch = await stream.next();
      if (batch === undefined) break;
      chunks.push(...batch);
      chat.applyChunks(replyId, batch, Date.now());
    }
  } finally {
    stream.free();
  }
  const error = chunks.find((chunk) => chunk.type === "error");
  expect(error, JSON.stringify(error)).toBeUndefined();
  return { chunks, reply: chat.finishReply(replyId, Date.now(), undefined) };
}

/** Adds the next reply of the agent loop and streams it: the request the loop sends after its tools ran. */
async function nextStep(handler: Handler, chat: Chat, replyId: string): Promise<{ request: ChatBody; reply: ChatMessage }> {
  const before = upstream.chatRequests().length;
  chat.beginReply(replyId, SCRIPTED_AGENT_MODEL, Date.now());
  const { reply } = await streamReply(handler, chat, replyId);
  const request = upstream.chatRequests()[before];
  if (request === undefined) throw new Error("the next request did not reach the upstream");
  return { request, reply };
}

function callsOf(reply: ChatMessage): ChatToolCall[] {
  return reply.toolCalls;
}

function statusOf(chat: Chat, replyId: string, callId: string): ChatToolCall["status"] | undefined {
  const reply = chat.message(replyId);
  return reply?.toolCalls.find((call) => call.id === callId)?.status;
}

/** The `tool` messages of a request by the call they answer. */
function toolResults(request: ChatBody): Map<string, string> {
  const results = new Map<string, string>();
  for (const message of request.messages.filter((m: ChatBodyMessage) => m.role === "tool")) {
    const content = typeof message.content === "string" ? message.content : JSON.stringify(message.content);
    results.set(message.tool_call_id ?? "", content);
  }
  return results;
}

function step(chat: Chat, replyId: string): AgentState {
  return chat.agentStep(replyId, stepInput, Date.now());
}

describe("the scripted tool-calling model behind the real proxy", () => {
  it("is reported by /v1/model/info as supporting function calling, and getModel() says so", async () => {
    const response = await fetch(`${proxy.url}/v1/model/info`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    expect(response.status).toBe(200);
    const info = (await response.json()) as { data: { model_name: string; model_info: Record<string, unknown> }[] };
    const entry = info.data.find((model) => model.model_name === SCRIPTED_AGENT_MODEL);
    expect(entry?.model_info.supports_function_calling).toBe(true);

    const handler = backend.buildApiHandler(settings(), undefined);
    try {
      expect(handler.getModel().info.supportsFunctionCalling).not.toBe(true);
      const models = await handler.refreshModels(undefined);
      expect(models.find((model) => model.id === SCRIPTED_AGENT_MODEL)?.info.supportsFunctionCalling).toBe(true);
      expect(handler.getModel()).toMatchObject({ id: SCRIPTED_AGENT_MODEL, info: { supportsFunctionCalling: true, contextWindow: 128000 } });
    } finally {
      handler.free();
    }
  });
});

describe("tool calls through the real proxy", () => {
  it("sends no tools in Ask mode, and a plain answer ends the task", async () => {
    upstream.script("TASK-ASK-ONLY", [{ text: "Addition lives in src/math.ts." }]);
    const handler = await discoveredHandler();
    const chat = startTask(handler, "ask-chat", "TASK-ASK-ONLY Where is addition?", "ask");
    try {
      const before = upstream.chatRequests().length;
      const { reply } = await streamReply(handler, chat, "r1");
      const request = upstream.chatRequests()[before];
      expect(request?.model).toBe(SCRIPTED_AGENT_MODEL);
      expect(request?.tools).toBeUndefined();
      expect(request?.tool_choice).toBeUndefined();
      expect(reply.text).toBe("Addition lives in src/math.ts.");
      expect(reply.toolCalls).toEqual([]);
      expect(step(chat, "r1")).toEqual({ kind: "finished", end: { kind: "answered" } });
    } finally {
      chat.free();
      handler.free();
    }
  });

  it("sends the tools in Code mode, and two parallel calls with split arguments arrive whole on the reply", async () => {
    const readArgs = JSON.stringify({ path: "src/math.ts", start_line: 1, end_line: 3 });
    // Escapes, a non-ASCII letter and nested quotes, all cut into pieces on the wire.
    const searchArgs = JSON.stringify({ path: "src", regex: 'add\\(|"Grüße"\n', file_pattern: "*.ts" });
    upstream.script("TASK-ASSEMBLE", [
      {
        text: "Let me look at the code first.",
        toolCalls: [
          { id: "call_read", name: "read_file", arguments: readArgs },
          { id: "call_search", name: "search_files", arguments: searchArgs },
        ],
      },
    ]);
    const handler = await discoveredHandler();
    const chat = startTask(handler, "assemble-chat", "TASK-ASSEMBLE Explain src/math.ts.", "code");
    try {
      const before = upstream.chatRequests().length;
      const { chunks, reply } = await streamReply(handler, chat, "r1");
      const request = upstream.chatRequests()[before];
      expect(request?.tool_choice).toBe("auto");
      expect(request?.tools?.map((tool) => tool.function.name).sort()).toEqual([...TOOL_NAMES].sort());
      const applyDiff = request?.tools?.find((tool) => tool.function.name === "apply_diff");
      expect(JSON.stringify(applyDiff?.function.parameters)).toContain('"diff"');

      // On the wire the arguments really come from the proxy in pieces, interleaved by index.
      const wire = await rawToolCallDeltas("TASK-ASSEMBLE Explain src/math.ts.");
      expect(wire.filter((delta) => delta.index === 0).length).toBeGreaterThan(4);
      expect(wire.filter((delta) => delta.index === 1).length).toBeGreaterThan(4);
      expect(wire.slice(0, 4).map((delta) => delta.index)).toEqual([0, 1, 0, 1]);
      expect(wire.filter((delta) => delta.index === 0).map((delta) => delta.arguments).join("")).toBe(readArgs);

      // The backend hands the calls over once, whole.
      const callChunks = chunks.filter((chunk) => chunk.type === "toolCalls");
      expect(callChunks).toHaveLength(1);
      expect(reply.text).toBe("Let me look at the code first.");
      expect(callsOf(reply).map(({ id, name, arguments: args }) => ({ id, name, arguments: args }))).toEqual([
        { id: "call_read", name: "read_file", arguments: readArgs },
        { id: "call_search", name: "search_files", arguments: searchArgs },
      ]);
      expect(callsOf(reply).every((call) => call.status.kind === "pending")).toBe(true);
      const usage = chunks.findLast((chunk) => chunk.type === "usage");
      expect(usage?.type === "usage" && usage.outputTokens).toBeGreaterThan(0);

      // Reads are auto-approved here: the first call is to be performed, with its range.
      const state = step(chat, "r1");
      expect(state.kind).toBe("performing");
      if (state.kind !== "performing") return;
      expect(state.call.request).toEqual({ tool: "read_file", path: "src/math.ts", startLine: 1, endLine: 3 });
      expect(state.call.path?.absolute).toBe(`${workspace}/src/math.ts`);
    } finally {
      chat.free();
      handler.free();
    }
  });

  it("runs a task: results reach the model, hostile paths are refused, a secret asks and its rejection's reason is sent", async () => {
    upstream.script("TASK-LOOP", [
      {
        text: "I will list the files and read the code.",
        toolCalls: [
          { id: "call_list", name: "list_files", arguments: { path: ".", recursive: true } },
          { id: "call_math", name: "read_file", arguments: { path: "src/math.ts" } },
        ],
      },
      {
        toolCalls: [
          { id: "call_outside", name: "read_file", arguments: { path: "../outside.txt" } },
          { id: "call_passwd", name: "read_file", arguments: { path: "/etc/passwd" } },
          { id: "call_ignored", name: "read_file", arguments: { path: "private/plan.md" } },
          { id: "call_home", name: "read_file", arguments: { path: "~/.ssh/id_rsa" } },
          { id: "call_encoded", name: "read_file", arguments: { path: "src/%2e%2e/%2e%2e/outside.txt" } },
          { id: "call_git", name: "list_files", arguments: { path: ".git" } },
          { id: "call_link", name: "read_file", arguments: { path: "src/link.txt" } },
          { id: "call_env", name: "read_file", arguments: { path: ".env" } },
        ],
      },
      { hold: true, text: "Done.", toolCalls: [{ id: "call_done", name: "attempt_completion", arguments: { result: "Explained src/math.ts." } }] },
    ]);
    const handler = await discoveredHandler();
    const chat = startTask(handler, "loop-chat", "TASK-LOOP Explain the code.", "code");
    try {
      const first = await streamReply(handler, chat, "r1");
      expect(callsOf(first.reply).map((call) => call.name)).toEqual(["list_files", "read_file"]);

      // Step 1: both reads run without asking; the shell performs them and hands back what they returned.
      const listState = step(chat, "r1");
      expect(listState).toMatchObject({ kind: "performing", call: { id: "call_list", approval: "autoApproved" } });
      // As the shell does: list with fs, read with fs, and let the core shape what the model gets.
      const entries = await readdir(workspace, { recursive: true, withFileTypes: true });
      const listed = entries.map((entry) => ({
        path: join(entry.parentPath, entry.name).slice(workspace.length + 1),
        isDir: entry.isDirectory(),
      }));
      chat.recordToolOutcome("r1", "call_list", backend.listFilesOutcome(listed, stepInput.rooignore), Date.now());
      const readState = step(chat, "r1");
      expect(readState).toMatchObject({ kind: "performing", call: { id: "call_math", approval: "autoApproved" } });
      const text = await readFile(join(workspace, "src", "math.ts"), "utf8");
      chat.recordToolOutcome("r1", "call_math", backend.readFileOutcome(text, null, null), Date.now());
      expect(step(chat, "r1")).toEqual({ kind: "awaitingModel" });

      // The next request carries the assistant's calls and one `tool` message per call.
      const second = await nextStep(handler, chat, "r2");
      const assistant = second.request.messages.filter((message) => message.role === "assistant").at(-1);
      expect(assistant?.tool_calls?.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments) as unknown])).toEqual([
        ["call_list", "list_files", { path: ".", recursive: true }],
        ["call_math", "read_file", { path: "src/math.ts" }],
      ]);
      const firstResults = toolResults(second.request);
      expect(firstResults.get("call_list")).toContain("src/math.ts");
      // The .rooignored folder is left out of the listing the model sees.
      expect(firstResults.get("call_list")).not.toContain("private");
      expect(firstResults.get("call_math")).toContain("2 |   return a + b;");
      expect(second.request.messages.at(-1)?.role).toBe("tool");

      // Step 2: the hostile paths are refused by the core as written. The symlink looks like a
      // workspace file, so it is to be performed: the shell resolves it and the core refuses where it leads.
      const linkState = step(chat, "r2");
      expect(linkState).toMatchObject({ kind: "performing", call: { id: "call_link", path: { relative: "src/link.txt" } } });
      if (linkState.kind !== "performing" || linkState.call.path === null) throw new Error("expected the symlink read");
      const refusedLink = backend.checkResolvedPath(await realpath(linkState.call.path.absolute), await realpath(workspace), stepInput.rooignore, "file");
      expect(refusedLink).toContain("outside the workspace");
      chat.recordToolOutcome("r2", "call_link", { kind: "failure", text: refusedLink ?? "" }, Date.now());
      // The .env read asks even with reads auto-approved.
      const envState = step(chat, "r2");
      expect(envState).toMatchObject({
        kind: "awaitingApproval",
        call: { id: "call_env", approval: "askSecretRead", path: { relative: ".env", looksSecret: true } },
      });
      const refusal = (id: string): string => {
        const status = statusOf(chat, "r2", id);
        expect(status?.kind, `${id}: ${JSON.stringify(status)}`).toBe("refused");
        return status?.kind === "refused" ? status.text : "";
      };
      expect(refusal("call_outside")).toContain("outside the workspace");
      expect(refusal("call_passwd")).toMatch(/^Refused:/);
      expect(refusal("call_ignored")).toContain(".rooignore");
      expect(refusal("call_home")).toContain("home folder");
      expect(refusal("call_encoded")).toContain("percent-encoded");
      expect(refusal("call_git")).toContain(".git");
      // A success for a call that was never approved is refused.
      expect(() => chat.recordToolOutcome("r2", "call_env", { kind: "success", text: ENV_SECRET }, Date.now())).toThrow(/not been approved/);
      chat.decideToolCall("r2", "call_env", { kind: "reject", reason: "Secrets stay out of the chat." }, Date.now());
      expect(statusOf(chat, "r2", "call_env")).toEqual({ kind: "rejected", reason: "Secrets stay out of the chat." });
      expect(step(chat, "r2")).toEqual({ kind: "awaitingModel" });

      // Step 3 is held mid-stream by the upstream: the loop refuses to step a reply still streaming.
      chat.beginReply("r3", SCRIPTED_AGENT_MODEL, Date.now());
      const before = upstream.chatRequests().length;
      const streaming = (async () => {
        const stream = handler.createReply(chat, SYSTEM_PROMPT, undefined);
        try {
          for (;;) {
            const batch = await stream.next();
            if (batch === undefined) break;
            chat.applyChunks("r3", batch, Date.now());
          }
        } finally {
          stream.free();
        }
      })();
      await waitFor(() => upstream.heldCount() === 1);
      expect(() => step(chat, "r3")).toThrow(/still streaming/);
      upstream.release();
      await streaming;
      chat.finishReply("r3", Date.now(), undefined);

      const third = upstream.chatRequests()[before];
      if (third === undefined) throw new Error("the third request did not reach the upstream");
      const results = toolResults(third);
      expect(results.get("call_outside")).toContain("outside the workspace");
      expect(results.get("call_ignored")).toContain(".rooignore");
      expect(results.get("call_home")).toContain("home folder");
      expect(results.get("call_link")).toContain("outside the workspace");
      expect(results.get("call_env")).toContain("Secrets stay out of the chat.");
      expect(results.get("call_env")).toContain("rejected");
      // No refused file's content reached the model, in this request or any other.
      const everything = JSON.stringify(upstream.chatRequests());
      for (const secret of [OUTSIDE_CONTENT, ENV_SECRET, PRIVATE_CONTENT, "root:x:0:0"]) {
        expect(everything).not.toContain(secret);
      }

      // attempt_completion ends the task with its result.
      expect(step(chat, "r3")).toEqual({ kind: "finished", end: { kind: "completed", result: "Explained src/math.ts." } });
      expect(statusOf(chat, "r3", "call_done")?.kind).toBe("succeeded");
    } finally {
      chat.free();
      handler.free();
    }
  });

  it("answers every open call as not run on Stop, and the next request says so", async () => {
    upstream.script("TASK-STOP", [
      {
        toolCalls: [
          { id: "call_cmd", name: "execute_command", arguments: { command: "sleep 60" } },
          { id: "call_after", name: "read_file", arguments: { path: "src/math.ts" } },
        ],
      },
      { text: "Understood, stopping." },
    ]);
    const handler = await discoveredHandler();
    const chat = startTask(handler, "stop-chat", "TASK-STOP Wait a minute.", "code");
    try {
      await streamReply(handler, chat, "r1");
      const state = step(chat, "r1");
      expect(state).toMatchObject({ kind: "awaitingApproval", call: { id: "call_cmd", approval: "askCommand" } });
      chat.decideToolCall("r1", "call_cmd", { kind: "approve" }, Date.now());
      // The command "runs"; the user presses Stop.
      chat.stopToolCalls("r1", Date.now());
      expect(statusOf(chat, "r1", "call_cmd")?.kind).toBe("notRun");
      expect(statusOf(chat, "r1", "call_after")?.kind).toBe("notRun");
      // Every call has its answer, so a later message can go on from here.
      const { request } = await nextStep(handler, chat, "r2");
      const results = toolResults(request);
      expect(results.get("call_cmd")).toContain("stopped");
      expect(results.get("call_after")).toContain("stopped");
    } finally {
      chat.free();
      handler.free();
    }
  });
});

/** The tool-call deltas of a streamed request sent straight to the proxy, as they arrived. */
async function rawToolCallDeltas(task: string): Promise<{ index: number; arguments: string }[]> {
  const response = await fetch(`${proxy.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${MASTER_KEY}` },
    body: JSON.stringify({ model: SCRIPTED_AGENT_MODEL, stream: true, messages: [{ role: "user", content: task }] }),
  });
  expect(response.status).toBe(200);
  const deltas: { index: number; arguments: string }[] = [];
  for (const line of (await response.text()).split("\n")) {
    if (!line.startsWith("data: {")) continue;
    const chunk = JSON.parse(line.slice("data: ".length)) as {
      choices?: { delta?: { tool_calls?: { index: number; function?: { arguments?: string } }[] } }[];
    };
    for (const call of chunk.choices?.[0]?.delta?.tool_calls ?? []) {
      deltas.push({ index: call.index, arguments: call.function?.arguments ?? "" });
    }
  }
  return deltas;
}

async function waitFor(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the upstream");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
