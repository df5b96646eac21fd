// The Code-mode task tests' bed: the whole shell (real wasm, real ToolRunner over the fake VS
// Code) over a temporary storage folder, a temporary workspace folder with real files, and the
// scripted fake model as the "proxy". The scripted upstream speaks the OpenAI API the way
// litellm 1.106.2 passes tool calls through; the real LiteLLM proxy in front of it is covered by
// tests/agent/ and the e2e test, so here the settings point straight at the fake model.
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { startScriptedUpstream, textOf, type ChatBody, type ScriptedUpstream } from "../../tests/support/scripted-upstream";
import { harness, type Harness, type HarnessOptions } from "./controllerHarness";
import { testing } from "./fakes/vscode";
import type { ChatMessage, ChatToolCall, ModelInfo } from "../src/shared/generated/types";
import type { AgentActivity, ExtensionToWebview } from "../src/shared/protocol";

export const AGENT_KEY = "sk-agent-task-key-0123456789";
export const AGENT_MODEL = "scripted-agent";

/** A model that calls tools (or not, with `supportsFunctionCalling: false`). */
export function modelInfo(supportsFunctionCalling: boolean | null): ModelInfo {
  return {
    maxTokens: 4096,
    contextWindow: 128000,
    supportsImages: false,
    supportsPromptCache: false,
    supportsReasoning: false,
    supportsFunctionCalling,
    inputPrice: 1,
    outputPrice: 2,
    cacheWritesPrice: null,
    cacheReadsPrice: null,
    description: null,
  };
}

/** What a test file's bed gives its tests: read the fields inside tests, not at load time. */
export interface AgentBed {
  readonly upstream: ScriptedUpstream;
  /** The storage folder (chats) of this test. */
  readonly storage: string;
  /** The workspace folder of this test (its real path). */
  readonly root: string;
  /** A shell over this test's storage (disposed after the test). */
  open(options?: HarnessOptions): Promise<Harness>;
  write(path: string, content: string): Promise<void>;
  read(path: string): Promise<string>;
}

/**
 * Registers the hooks: one scripted upstream per file; per test a fresh storage and workspace
 * folder, settings pointing at the upstream with a tool-calling model, and every shell opened
 * disposed afterwards (the tool runner registers the diff editor's commands once per shell).
 */
export function agentBed(prefix: string): AgentBed {
  let upstream: ScriptedUpstream | undefined;
  let storage: string | undefined;
  let root: string | undefined;
  const opened: Harness[] = [];
  beforeAll(async () => {
    upstream = await startScriptedUpstream();
  });
  afterAll(async () => {
    await upstream?.close();
  });
  beforeEach(async () => {
    testing.reset();
    storage = await mkdtemp(join(tmpdir(), `${prefix}storage-`));
    root = await realpath(await mkdtemp(join(tmpdir(), `${prefix}workspace-`)));
    testing.setWorkspaceFolders([root]);
    testing.set("rooCodePlus.litellmApiUrl", required(upstream, "upstream").url);
    testing.set("rooCodePlus.litellmModelId", AGENT_MODEL);
    testing.set("rooCodePlus.litellmModelInfo", modelInfo(true));
  });
  afterEach(async () => {
    for (const h of opened.splice(0)) {
      h.shell.chats.stopAll();
      await h.settled();
      h.dispose();
    }
    for (const folder of [storage, root]) {
      if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    }
    storage = undefined;
    root = undefined;
  });
  const bed: AgentBed = {
    get upstream() {
      return required(upstream, "upstream");
    },
    get storage() {
      return required(storage, "storage");
    },
    get root() {
      return required(root, "root");
    },
    async open(options = {}) {
      const h = await harness(bed.storage, { key: AGENT_KEY, ...options });
      // A test may close a window itself (to reopen the chat); closing it twice would free twice.
      const dispose = h.dispose;
      let disposed = false;
      h.dispose = () => {
        if (!disposed) dispose();
        disposed = true;
      };
      opened.push(h);
      return h;
    },
    async write(path, content) {
      const absolute = join(bed.root, path);
      await mkdir(dirname(absolute), { recursive: true });
      await writeFile(absolute, content);
    },
    read(path) {
      return readFile(join(bed.root, path), "utf8");
    },
  };
  return bed;
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`the agent bed's ${name} is read outside a test`);
  return value;
}

/**
 * Waits until `found` returns something (checked after each turn of the event loop and every few
 * milliseconds); fails with `what` after 10 s, so a missing event fails instead of hanging.
 */
export async function waitFor<T>(what: string, found: () => T | undefined, limitMs = 10_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = found();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The activities posted so far. */
export function activities(h: Harness): AgentActivity[] {
  return h.posted.flatMap((message) => (message.type === "agentActivity" ? [message.activity] : []));
}

/** Waits for the `index`-th (0-based) activity of `kind` posted, counting from the start. */
export function waitActivity<K extends AgentActivity["kind"]>(h: Harness, kind: K, index = 0): Promise<Extract<AgentActivity, { kind: K }>> {
  return waitFor(`activity ${kind} #${String(index)}`, () =>
    activities(h).filter((activity): activity is Extract<AgentActivity, { kind: K }> => activity.kind === kind)[index],
  );
}

/** Starts a task (sends the message) without waiting for it to end; the answer must be ok. */
export async function startTask(h: Harness, text: string): Promise<void> {
  const outcome = await h.request({ kind: "sendMessage", text, mentions: [], images: [] });
  if (!outcome.ok) throw new Error(`the task did not start: ${JSON.stringify(outcome)}`);
}

/** The open chat's id. */
export async function chatId(h: Harness): Promise<string> {
  return (await h.state()).chat.conversation.id;
}

/** The last `messageChanged` (or `replyFinished`) posting of the call `callId`. */
export function lastCall(h: Harness, callId: string): ChatToolCall | undefined {
  const messages = h.posted.flatMap((message: ExtensionToWebview): ChatMessage[] =>
    message.type === "messageChanged" || message.type === "replyFinished" ? [message.message] : [],
  );
  for (const message of messages.reverse()) {
    const call = message.toolCalls.find((candidate) => candidate.id === callId);
    if (call !== undefined) return call;
  }
  return undefined;
}

/** Waits until the call `callId` was posted with a status of `kind`. */
export function waitCallStatus(h: Harness, callId: string, kind: ChatToolCall["status"]["kind"]): Promise<ChatToolCall> {
  return waitFor(`call ${callId} ${kind}`, () => {
    const call = lastCall(h, callId);
    return call?.status.kind === kind ? call : undefined;
  });
}

/** The `tool` messages of a request, by the id of the call they answer. */
export function toolResults(body: ChatBody | undefined): Map<string, string> {
  const results = new Map<string, string>();
  for (const message of body?.messages ?? []) {
    if (message.role === "tool") results.set(message.tool_call_id ?? "", textOf(message.content));
  }
  return results;
}

/** The chat requests whose task mentions `marker`. */
export function requestsFor(upstream: ScriptedUpstream, marker: string): ChatBody[] {
  return upstream.chatRequests().filter((body) => body.messages.some((message) => message.role === "user" && textOf(message.content).includes(marker)));
}

/** The system message's text of a request. */
export function systemText(body: ChatBody | undefined): string {
  return textOf(body?.messages.find((message) => message.role === "system")?.content);
}

/** A search/replace diff as apply_diff takes it. */
export function searchReplace(search: string, replace: string): string {
  return `<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE`;
}
