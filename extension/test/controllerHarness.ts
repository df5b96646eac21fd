// Shared by the shell-level tests (here and in tests/): the real wasm backend with a chosen
// request policy, an in-memory key store, and a whole shell (settings, catalogue, chat store,
// open chat, router) over a storage folder, driven through the router as the webview drives it,
// with the posted webview messages, the log lines and the user warnings collected.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { startFaultServer, type FaultServer } from "../../tests/support/fault-server";
import { testing } from "./fakes/vscode";
import { loadBackend, type Backend } from "../src/api/backend";
import type { OpenChatIdStore } from "../src/chat/activeChat";
import type { LockOptions } from "../src/chat/folderLock";
import type { StorageFileSystem } from "../src/chat/storageFiles";
import { createShell } from "../src/shell";
import type { RequestPolicy } from "../src/shared/generated/types";
import type {
  AgentSettingsView,
  ExtensionToWebview,
  RequestKind,
  RequestOf,
  Responses,
  SendOutcome,
  WebviewState,
  WebviewToExtension,
} from "../src/shared/protocol";

/** Short timeouts and no retries, so a stall fails in under a second instead of two minutes. */
export const FAST_POLICY: Partial<RequestPolicy> = {
  maxRetries: 0,
  headersTimeoutMs: 800,
  idleTimeoutMs: 800,
  discoveryTimeoutMs: 800,
};

/** The real backend, with the policy a host would pass, overridable per call. */
export function backendWith(policy: Partial<RequestPolicy>, real: Backend = loadBackend()): Backend {
  return {
    ...real,
    buildApiHandler: (settings, given) => real.buildApiHandler(settings, { ...policy, ...(given ?? {}) }),
    // listModels takes the policy under `options.policy` (beside `signal`), not spread into the
    // options as buildApiHandler's second argument is.
    listModels: (settings, given) =>
      real.listModels(settings, { ...(given ?? {}), policy: { ...policy, ...(given?.policy ?? {}) } }),
  };
}

/** SecretStorage's behaviour for the key, in memory. */
/** Code mode's settings at their defaults, as a settings save carries them. */
export function defaultAgentView(backend: Backend = loadBackend()): AgentSettingsView {
  return { ...backend.defaultAgentSettings(), modeInstructions: backend.defaultModeInstructions() };
}

export class MemoryKeys {
  constructor(public value: string | undefined) {}
  get(): Promise<string | undefined> {
    return Promise.resolve(this.value);
  }
  isSet(): Promise<boolean> {
    return Promise.resolve(this.value !== undefined && this.value.trim() !== "");
  }
  set(key: string): Promise<void> {
    this.value = key.trim() === "" ? undefined : key.trim();
    return Promise.resolve();
  }
  clear(): Promise<void> {
    this.value = undefined;
    return Promise.resolve();
  }
}

/** A window's workspace state for the open chat's id, in memory (share one to "reload" a window). */
export class MemoryOpenChatId implements OpenChatIdStore {
  value: string | undefined;
  read(): string | undefined {
    return this.value;
  }
  write(id: string): Promise<void> {
    this.value = id;
    return Promise.resolve();
  }
}

/** The last message of `type` among `posted`. */
export function lastPosted<T extends ExtensionToWebview["type"]>(
  posted: readonly ExtensionToWebview[],
  type: T,
): Extract<ExtensionToWebview, { type: T }> | undefined {
  return posted.filter((message): message is Extract<ExtensionToWebview, { type: T }> => message.type === type).at(-1);
}

export interface HarnessOptions {
  key?: string | undefined;
  policy?: Partial<RequestPolicy>;
  log?: (line: string) => string;
  posted?: ExtensionToWebview[];
  logs?: string[];
  openChatId?: MemoryOpenChatId;
  fs?: StorageFileSystem;
  lock?: LockOptions;
  /**
   * Whether to wait for the history list to be read before returning (the shell posts it after
   * the open chat); on by default, so `state()` has the list.
   */
  waitForHistory?: boolean;
}

/** One window's shell and what it sent, as the tests drive it (see `harness`). */
export type Harness = Awaited<ReturnType<typeof harness>>;

let requestCounter = 0;

/**
 * A shell over `folder`, as one window. `posted` and `logs` collect into the given arrays, so
 * several windows (or one before a reload and one after) can share them; by default each gets
 * its own.
 */
// The return type is inferred (and named `Harness` above), so it cannot drift from this object.
export async function harness(folder: string, options: HarnessOptions = {}) {
  const posted = options.posted ?? [];
  const logs = options.logs ?? [];
  const warnings: string[] = [];
  const keys = new MemoryKeys("key" in options ? options.key : undefined);
  const openChatId = options.openChatId ?? new MemoryOpenChatId();
  const write = (line: string): void => {
    logs.push(options.log ? options.log(line) : line);
  };
  const backend = backendWith(options.policy ?? FAST_POLICY);
  const shell = await createShell({
    backend,
    apiKeys: keys,
    storageFolder: folder,
    openChatId,
    log: { info: write, warn: write, error: write },
    warnings: { warn: (message) => warnings.push(message) },
    post: (message) => posted.push(message),
    backendInfo: () => ({ type: "backendInfo", info: backend.backendInfo() }),
    newId: randomUUID,
    ...(options.fs === undefined ? {} : { fs: options.fs }),
    ...(options.lock === undefined ? {} : { lock: options.lock }),
  });
  if (options.waitForHistory ?? true) {
    await shell.chats.historyLoaded();
  }
  /** Sends a request through the router and returns its typed answer. */
  const request = async <Kind extends RequestKind>(body: { kind: Kind } & RequestOf<Kind>): Promise<Responses[Kind]> => {
    requestCounter += 1;
    const id = `request-${String(requestCounter)}`;
    await shell.router.handle({ type: "request", id, request: body });
    const answer = posted.find((message) => message.type === "response" && message.id === id);
    if (answer?.type !== "response" || answer.kind !== body.kind) {
      throw new Error(`no answer to ${body.kind}`);
    }
    return answer.response as Responses[Kind];
  };
  const settled = async (): Promise<void> => {
    await shell.chats.settled();
    await shell.router.settled();
  };
  return {
    shell,
    posted,
    logs,
    /** What the user was shown as warnings. */
    warnings,
    keys,
    openChatId,
    last: <T extends ExtensionToWebview["type"]>(type: T) => lastPosted(posted, type),
    request,
    /** Sends a notice (or any message) through the router. */
    notice: (message: WebviewToExtension) => shell.router.handle(message),
    /** Sends a message and waits for its reply to end (complete, failed or stopped). */
    send: async (text: string): Promise<SendOutcome> => {
      const outcome = await request({ kind: "sendMessage", text, mentions: [], images: [] });
      await settled();
      return outcome;
    },
    /** Retries the last reply and waits for it to end. */
    retry: async (): Promise<SendOutcome> => {
      const outcome = await request({ kind: "retryReply" });
      await settled();
      return outcome;
    },
    /** Waits for every reply and every queued state post. */
    settled,
    state: (): Promise<WebviewState> => shell.router.state(),
    dispose: () => {
      shell.dispose();
    },
  };
}

/** The messages of the chat a window shows now. */
export async function openMessages(h: Harness): Promise<WebviewState["chat"]["conversation"]["messages"]> {
  return (await h.state()).chat.conversation.messages;
}

/** What `shellTestBed` gives a test file: read its fields inside tests, not at load time. */
export interface ShellTestBed {
  /** The file's local fault server. */
  readonly server: FaultServer;
  /** This test's fresh, empty storage folder. */
  readonly folder: string;
}

/**
 * The fixture most shell tests share: one local fault server per test file, and for each test a
 * fresh storage folder (removed afterwards) and settings that point at the server's `echo` model.
 * It registers the hooks itself, so call it at the top level of a test file.
 */
export function shellTestBed(folderPrefix: string): ShellTestBed {
  let server: FaultServer | undefined;
  let folder: string | undefined;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), folderPrefix));
    testing.reset();
    testing.set("rooCodePlus.litellmApiUrl", started(server, "server").url);
    testing.set("rooCodePlus.litellmModelId", "echo");
  });
  afterEach(async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    folder = undefined;
  });
  return {
    get server() {
      return started(server, "server");
    },
    get folder() {
      return started(folder, "folder");
    },
  };
}

function started<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`the test bed's ${name} is read outside a test`);
  return value;
}
