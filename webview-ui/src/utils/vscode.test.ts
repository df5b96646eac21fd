import { describe, expect, it } from "vitest";
import type { ExtensionToWebview, WebviewToExtension } from "@shared/protocol";
import { DEFAULT_AGENT_SETTINGS, DEFAULT_CONTEXT_SETTINGS } from "../testing/fakeMessenger";
import { createMessenger, type ExtensionEvent } from "./vscode";

/** A messenger over a channel the test holds both ends of. */
function setup() {
  const posted: WebviewToExtension[] = [];
  let receive: (message: ExtensionToWebview) => void = () => undefined;
  let lastId = 0;
  const messenger = createMessenger(
    {
      post: (message) => posted.push(message),
      listen: (receiver) => {
        receive = receiver;
      },
    },
    () => `id-${String(++lastId)}`,
  );
  return { messenger, posted, receive: (message: ExtensionToWebview) => receive(message) };
}

/** Whether a promise has settled, after the microtasks queued so far have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

describe("createMessenger", () => {
  it("posts a request with a fresh id and resolves with the response that repeats it", async () => {
    const { messenger, posted, receive } = setup();
    const first = messenger.request({ kind: "validateApiUrl", apiUrl: "ftp://a" });
    const second = messenger.request({ kind: "validateApiUrl", apiUrl: "http://b" });
    expect(posted).toEqual([
      { type: "request", id: "id-1", request: { kind: "validateApiUrl", apiUrl: "ftp://a" } },
      { type: "request", id: "id-2", request: { kind: "validateApiUrl", apiUrl: "http://b" } },
    ]);

    receive({ type: "response", id: "id-2", kind: "validateApiUrl", response: { error: null } });
    receive({ type: "response", id: "id-1", kind: "validateApiUrl", response: { error: "Use http." } });
    expect(await second).toEqual({ error: null });
    expect(await first).toEqual({ error: "Use http." });
  });

  it("resolves nothing with an unknown id, or with another kind's answer under the right id", async () => {
    const { messenger, receive } = setup();
    const save = messenger.request({ kind: "sendMessage", text: "hi", mentions: [], images: [] });
    receive({ type: "response", id: "id-9", kind: "sendMessage", response: { ok: true } });
    receive({ type: "response", id: "id-1", kind: "retryReply", response: { ok: true } });
    expect(await settled(save)).toBe(false);

    receive({ type: "response", id: "id-1", kind: "sendMessage", response: { ok: true } });
    expect(await settled(save)).toBe(true);
  });

  it("resolves a request once, ignoring a repeated answer", async () => {
    const { messenger, receive } = setup();
    const first = messenger.request({ kind: "clearApiKey" });
    const answer = (apiKeySet: boolean): ExtensionToWebview => ({
      type: "response",
      id: "id-1",
      kind: "clearApiKey",
      response: { settings: { apiProvider: "litellm", litellmApiUrl: "", litellmModelId: "", litellmModelInfo: null, apiKeySet, rules: { report: { sources: [] }, customInstructions: "", promptTokens: 0 }, context: DEFAULT_CONTEXT_SETTINGS, agent: DEFAULT_AGENT_SETTINGS } },
    });
    receive(answer(false));
    receive(answer(true));
    expect((await first).settings.apiKeySet).toBe(false);
  });

  it("posts notices as they are, and passes events but not responses to subscribers", () => {
    const { messenger, posted, receive } = setup();
    messenger.notify({ type: "stopReply", conversationId: "c1" });
    expect(posted).toEqual([{ type: "stopReply", conversationId: "c1" }]);

    const events: ExtensionEvent[] = [];
    const unsubscribe = messenger.subscribe((event) => events.push(event));
    receive({ type: "showTab", tab: "settings" });
    receive({ type: "response", id: "id-1", kind: "retryReply", response: { ok: true } });
    unsubscribe();
    receive({ type: "showTab", tab: "chat" });
    expect(events).toEqual([{ type: "showTab", tab: "settings" }]);
  });
});
