// Shared by the controller-level tests (here and in tests/): the real wasm backend with a chosen
// request policy, an in-memory key store, and a controller wired to a history folder, a log and a
// list of posted webview messages.
import { loadBackend, type Backend } from "../src/api/backend";
import { ChatController, type ControllerLog } from "../src/ChatController";
import { HistoryStore } from "../src/historyStore";
import type { ApiKeyStore } from "../src/secrets";
import type { RequestPolicy } from "../src/shared/generated/types";
import type { ExtensionToWebview } from "../src/shared/protocol";

/** Short timeouts and no retries, so a stall fails in under a second instead of two minutes. */
export const FAST_POLICY: Partial<RequestPolicy> = {
  maxRetries: 0,
  headersTimeoutMs: 800,
  idleTimeoutMs: 800,
  discoveryTimeoutMs: 800,
};

/** The real backend, with the policy a host would pass, overridable per call. */
export function backendWith(policy: Partial<RequestPolicy>): Backend {
  const real = loadBackend();
  return {
    ...real,
    buildApiHandler: (settings, given) => real.buildApiHandler(settings, { ...policy, ...(given ?? {}) }),
    listModels: (settings, given) => real.listModels(settings, { ...policy, ...(given ?? {}) }),
  };
}

/** SecretStorage's behaviour for the key, in memory. */
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

export interface Harness {
  chat: ChatController;
  posted: ExtensionToWebview[];
  logs: string[];
  keys: MemoryKeys;
  last<T extends ExtensionToWebview["type"]>(type: T): Extract<ExtensionToWebview, { type: T }> | undefined;
}

/** The last message of `type` the controller posted. */
export function lastPosted<T extends ExtensionToWebview["type"]>(
  posted: readonly ExtensionToWebview[],
  type: T,
): Extract<ExtensionToWebview, { type: T }> | undefined {
  return posted.filter((message): message is Extract<ExtensionToWebview, { type: T }> => message.type === type).at(-1);
}

/**
 * A controller over `folder`. `posted` and `logs` collect into the given arrays, so several
 * controllers (one before a reload, one after) can share them; by default each gets its own.
 */
export function harness(
  folder: string,
  options: {
    key?: string | undefined;
    policy?: Partial<RequestPolicy>;
    log?: (line: string) => string;
    posted?: ExtensionToWebview[];
    logs?: string[];
  } = {},
): Harness {
  const posted = options.posted ?? [];
  const logs = options.logs ?? [];
  const keys = new MemoryKeys("key" in options ? options.key : undefined);
  const write = (line: string): void => {
    logs.push(options.log ? options.log(line) : line);
  };
  const log: ControllerLog = { info: write, warn: write, error: write };
  const chat = new ChatController(
    backendWith(options.policy ?? FAST_POLICY),
    keys as unknown as ApiKeyStore,
    new HistoryStore(folder),
    log,
    (message) => posted.push(message),
  );
  const last = <T extends ExtensionToWebview["type"]>(type: T) => lastPosted(posted, type);
  return { chat, posted, logs, keys, last };
}
