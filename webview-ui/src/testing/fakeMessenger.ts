/**
 * Shared test helpers for the webview: a real messenger over an in-memory channel, so components
 * are tested through the same id correlation the app uses. A test reads what was posted, answers
 * a request with a typed response, and emits the extension's events. Also the sane-defaults
 * model info every fixture starts from.
 */
import { act } from "@testing-library/react";
import type { ChatMessage, EffectiveMode, ModelInfo } from "@shared/generated/types";
import type { AgentActivity, AgentSettingsView, ContextSettings, ExtensionToWebview, RequestKind, RequestOf, Responses, WebviewToExtension } from "@shared/protocol";
import { createMessenger, type ExtensionEvent, type Messenger, type WebviewNotice } from "../utils/vscode";

/** One request as it went out: the id the messenger gave it and what it asked. */
export interface SentRequest<Kind extends RequestKind> {
  id: string;
  request: RequestOf<Kind>;
}

type PostedRequest = Extract<WebviewToExtension, { type: "request" }>;

/** An answer as a test writes it: a request kind and the response typed for that kind. */
export type Answer = { [Kind in RequestKind]: { kind: Kind; response: Responses[Kind] } }[RequestKind];

function isRequestOf<Kind extends RequestKind>(kind: Kind) {
  return (message: WebviewToExtension): message is PostedRequest & { request: RequestOf<Kind> } =>
    message.type === "request" && message.request.kind === kind;
}

export function fakeMessenger() {
  /** Everything the component posted, requests and notices, oldest first. */
  const posted: WebviewToExtension[] = [];
  let receive: (message: ExtensionToWebview) => void = () => undefined;
  let lastId = 0;
  const core = createMessenger(
    {
      post: (message) => posted.push(message),
      listen: (receiver) => {
        receive = receiver;
      },
    },
    () => `request-${String(++lastId)}`,
  );

  /** The event listeners subscribed now, so a test can see a component unsubscribe. */
  const listeners = new Set<(event: ExtensionEvent) => void>();
  const messenger: Messenger = {
    request: (request) => core.request(request),
    notify: (notice) => {
      core.notify(notice);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      const unsubscribe = core.subscribe(listener);
      return () => {
        listeners.delete(listener);
        unsubscribe();
      };
    },
  };

  /** The requests of one kind that went out, oldest first. */
  const requestsOf = <Kind extends RequestKind>(kind: Kind): SentRequest<Kind>[] =>
    posted.filter(isRequestOf(kind)).map((message) => ({ id: message.id, request: message.request }));

  /** The latest request of one kind; fails the test when there is none. */
  const lastRequest = <Kind extends RequestKind>(kind: Kind): SentRequest<Kind> => {
    const found = requestsOf(kind).at(-1);
    if (found === undefined) {
      throw new Error(`no ${kind} request was posted; posted: ${JSON.stringify(posted)}`);
    }
    return found;
  };

  /** The notices of one type that were posted, oldest first. */
  const noticesOf = <Type extends WebviewNotice["type"]>(type: Type) =>
    posted.filter((message): message is Extract<WebviewNotice, { type: Type }> => message.type === type);

  /** Delivers a message from the extension (an event, or a response with a hand-made id). */
  const deliver = (message: ExtensionToWebview) => {
    act(() => {
      receive(message);
    });
  };

  /**
   * Answers a request (by default the latest of its kind; any id may be given, to check that a
   * stray answer is ignored) and lets the awaiting code and React's updates run before returning.
   */
  const respond = async (answer: Answer, sent: { id: string } = lastRequest(answer.kind)): Promise<void> => {
    const message: ExtensionToWebview = { type: "response", id: sent.id, ...answer };
    await act(async () => {
      receive(message);
      await Promise.resolve();
    });
  };

  return { messenger, posted, listeners, deliver, respond, requestsOf, lastRequest, noticesOf };
}

/** The core's sane defaults, as the extension sends them. */
export const SANE_MODEL_INFO: ModelInfo = {
  maxTokens: 4096,
  contextWindow: 16385,
  supportsImages: false,
  supportsPromptCache: false,
  supportsReasoning: false,
  supportsFunctionCalling: null,
  inputPrice: null,
  outputPrice: null,
  cacheWritesPrice: null,
  cacheReadsPrice: null,
  description: null,
};

/** The workspace-context fields of a message that has none: no attachments, images, notice or summary. */
export const NO_MESSAGE_CONTEXT = { attachments: [], images: [], contextNotice: null, summaryOf: null, toolCalls: [] } as const satisfies Pick<
  ChatMessage,
  "attachments" | "images" | "contextNotice" | "summaryOf" | "toolCalls"
>;

/** The context settings' defaults, as the extension sends them. */
export const DEFAULT_CONTEXT_SETTINGS: ContextSettings = { maxFileBytes: 1_000_000, condenseThresholdPercent: 80 };

/** Code mode's settings' defaults, as the extension sends them: nothing auto-approved, no allow-list. */
export const DEFAULT_AGENT_SETTINGS: AgentSettingsView = {
  autoApproveReads: false,
  commandAllowList: [],
  stepLimit: 25,
  commandTimeoutSeconds: 300,
  modeInstructions: { ask: "Answer questions; change nothing.", code: "Make the change the user asks for." },
};

/** A chat in Ask mode with nothing to say about it. */
export const ASK_MODE: EffectiveMode = { mode: "ask", notice: null };

/** No task runs. */
export const IDLE: AgentActivity = { kind: "idle" };
