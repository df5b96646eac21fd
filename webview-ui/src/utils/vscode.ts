/**
 * The webview's side of the message protocol (`@shared/protocol`): requests that resolve with
 * their typed response, notices that nothing answers, and a subscription to the extension's
 * events. Components receive a `Messenger`, so tests hand them one over an in-memory channel and
 * no component ever touches `acquireVsCodeApi` or correlates ids itself.
 */
import type {
  ExtensionToWebview,
  RequestKind,
  RequestOf,
  ResponseMessage,
  Responses,
  WebviewToExtension,
} from "@shared/protocol";

/** What the webview posts without expecting an answer. */
export type WebviewNotice = Exclude<WebviewToExtension, { type: "request" }>;

/** What the extension posts on its own: everything but the answers to requests. */
export type ExtensionEvent = Exclude<ExtensionToWebview, ResponseMessage>;

export interface Messenger {
  /** Posts a request with a fresh id and resolves with the response that repeats the id. */
  request<Kind extends RequestKind>(request: RequestOf<Kind>): Promise<Responses[Kind]>;
  notify(notice: WebviewNotice): void;
  /** Subscribes to the extension's events; returns the unsubscribe function. */
  subscribe(listener: (event: ExtensionEvent) => void): () => void;
}

/** The raw two-way channel under a messenger: the webview host in the app, memory in tests. */
export interface Channel {
  post(message: WebviewToExtension): void;
  /** Starts delivering the extension's messages to `receive`. */
  listen(receive: (message: ExtensionToWebview) => void): void;
}

/** The requests waiting for an answer, by kind and then by id, each with what resolves it. */
type Waiting = { [Kind in RequestKind]: Map<string, (response: Responses[Kind]) => void> };

/**
 * Resolves the request a response answers. The map for the response's own kind is searched, so a
 * response can only ever resolve a request of its kind, whatever ids arrive.
 */
function settle<Kind extends RequestKind>(waiting: Waiting, kind: Kind, id: string, response: Responses[Kind]): void {
  const waiter: Waiting[Kind] = waiting[kind];
  const resolve = waiter.get(id);
  if (resolve !== undefined) {
    waiter.delete(id);
    resolve(response);
  }
}

function isResponse(message: ExtensionToWebview): message is ResponseMessage {
  return message.type === "response";
}

/**
 * A messenger over a channel. Ids come from `newId`; they must not repeat within a page, nor
 * across reloads of it, or a late answer meant for the previous page could resolve a new request.
 */
export function createMessenger(channel: Channel, newId: () => string): Messenger {
  const waiting: Waiting = {
    saveSettings: new Map(),
    setApiKey: new Map(),
    clearApiKey: new Map(),
    validateApiUrl: new Map(),
    refreshModels: new Map(),
    sendMessage: new Map(),
    retryReply: new Map(),
    condenseChat: new Map(),
    searchMentions: new Map(),
    mentionsForUris: new Map(),
    getTeamSettings: new Map(),
    saveTeamSettings: new Map(),
    setChatMode: new Map(),
    decideToolCall: new Map(),
    answerQuestion: new Map(),
    continueTask: new Map(),
    undoEdit: new Map(),
    revertAllEdits: new Map(),
    showEditDiff: new Map(),
  };
  const listeners = new Set<(event: ExtensionEvent) => void>();

  channel.listen((message) => {
    if (isResponse(message)) {
      // An answer to a request this page did not make (or made before a reload) resolves nothing.
      settle(waiting, message.kind, message.id, message.response);
      return;
    }
    listeners.forEach((listener) => {
      listener(message);
    });
  });

  return {
    request: (request) =>
      new Promise((resolve) => {
        const id = newId();
        waiting[request.kind].set(id, resolve);
        channel.post({ type: "request", id, request });
      }),
    notify: (notice) => {
      channel.post(notice);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The messenger backed by the real webview host. `acquireVsCodeApi` may be called only once. */
export function createVsCodeMessenger(): Messenger {
  const api = acquireVsCodeApi();
  const channel: Channel = {
    post: (message) => {
      api.postMessage(message);
    },
    listen: (receive) => {
      // Only the extension host posts into the webview's window; the protocol types its data.
      window.addEventListener("message", (event: MessageEvent<ExtensionToWebview>) => {
        receive(event.data);
      });
    },
  };
  return createMessenger(channel, () => crypto.randomUUID());
}
