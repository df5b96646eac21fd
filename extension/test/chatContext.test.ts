// Workspace context in a chat, through the whole shell with the real wasm backend and the local
// fault server as the upstream: a message with a file attachment and an image, the refusals
// that leave the history as it was, trimming a long chat with its notice, and Condense.
import { describe, expect, it } from "vitest";
import { testing } from "./fakes/vscode";
import { loadBackend } from "../src/api/backend";
import type { Attachment, ChatMessage } from "../src/shared/generated/types";
import type { ExtensionToWebview, ImageInput } from "../src/shared/protocol";
import { harness, MemoryOpenChatId, openMessages, shellTestBed, type Harness } from "./controllerHarness";

const KEY = "sk-context-test-key-123456";
const bed = shellTestBed("roo-context-");

const IMAGE: ImageInput = { name: "error.png", mediaType: "image/png", data: "iVBORw0KGgo=", width: 64, height: 32 };

/** The model's info override: its window, a 500-token output limit, and vision when asked. */
function useModel(contextWindow: number, supportsImages: boolean): void {
  testing.set("rooCodePlus.litellmModelInfo", { contextWindow, maxTokens: 500, supportsImages });
}

function fileAttachment(): Attachment {
  const bytes = new TextEncoder().encode("export function add(a: number, b: number) {\n  return a + b;\n}\n");
  return loadBackend().resolveAttachment({ kind: "file", path: "src/math.ts", bytes, sizeOnDisk: bytes.length }, undefined);
}

interface SentMessage {
  role: string;
  content: string | { type: string; text?: string; image_url?: { url: string } }[];
}

/** The messages of every chat request the upstream received, oldest first. */
function chatRequests(): SentMessage[][] {
  return bed.server.requests
    .filter((recorded) => recorded.path.endsWith("/chat/completions"))
    .map((recorded) => (recorded.body as { messages: SentMessage[] }).messages);
}

function posted<T extends ExtensionToWebview["type"]>(h: Harness, type: T): Extract<ExtensionToWebview, { type: T }>[] {
  return h.posted.filter((message): message is Extract<ExtensionToWebview, { type: T }> => message.type === type);
}

/** Sends through the session as the router does after resolving the mentions, and waits for the reply. */
async function send(h: Harness, text: string, attachments: Attachment[] = [], images: ImageInput[] = []) {
  const outcome = await h.shell.chats.session.send(text, attachments, images);
  await h.settled();
  return outcome;
}

async function condense(h: Harness) {
  const outcome = await h.shell.chats.session.condense();
  await h.settled();
  return outcome;
}

function textOf(message: SentMessage): string {
  return typeof message.content === "string" ? message.content : message.content.map((part) => part.text ?? "").join("");
}

describe("workspace context in a chat", () => {
  it("sends a file's text with its path and line numbers and an image as an image_url, and keeps both", async () => {
    useModel(128_000, true);
    const window = new MemoryOpenChatId();
    const h = await harness(bed.folder, { key: KEY, openChatId: window });
    expect(await send(h, "Why does this fail?", [fileAttachment()], [IMAGE])).toEqual({ ok: true });

    const [request] = chatRequests().slice(-1);
    const user = request?.find((message) => message.role === "user");
    expect(user?.content).toEqual([
      { type: "text", text: "Why does this fail?" },
      { type: "text", text: "File: src/math.ts\n```\n1 | export function add(a: number, b: number) {\n2 |   return a + b;\n3 | }\n```" },
      { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
    ]);
    const started = posted(h, "replyStarted").at(-1);
    expect(started?.userMessage?.attachments.map((attachment) => attachment.label)).toEqual(["src/math.ts"]);
    expect(started?.userMessage?.images).toEqual([IMAGE]);
    expect(started?.reply.contextNotice).toBeNull();
    h.dispose();

    // After a reload the message still has its attachment and image.
    const reloaded = await harness(bed.folder, { key: KEY, openChatId: window });
    const [question] = await openMessages(reloaded);
    expect(question?.attachments[0]?.text).toContain("1 | export function add");
    expect(question?.images).toEqual([IMAGE]);
    reloaded.dispose();
  });

  it("allows a message of attachments alone", async () => {
    useModel(128_000, true);
    const h = await harness(bed.folder, { key: KEY });
    expect(await send(h, "", [], [IMAGE])).toEqual({ ok: true });
    const user = chatRequests().at(-1)?.find((message) => message.role === "user");
    expect(user?.content).toEqual([{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }]);
    expect(h.shell.chats.session.conversation().title).toBe("error.png");
    h.dispose();
  });

  it("refuses an image the model cannot take, and a message too large for the window, leaving the history unchanged", async () => {
    useModel(2_000, false);
    const h = await harness(bed.folder, { key: KEY });
    expect(await send(h, "first question")).toEqual({ ok: true });
    const before = await openMessages(h);
    const requestsBefore = chatRequests().length;
    const startedBefore = posted(h, "replyStarted").length;

    const blind = await send(h, "look at this", [], [IMAGE]);
    expect(blind.ok).toBe(false);
    if (!blind.ok) {
      expect(blind.error.kind).toBe("badRequest");
      expect(blind.error.message).toContain("The model echo does not take images");
    }
    const tooLarge = await send(h, "word ".repeat(3_000));
    expect(tooLarge.ok).toBe(false);
    if (!tooLarge.ok) {
      expect(tooLarge.error.message).toContain("more than the");
      expect(tooLarge.error.message).toContain("start a new chat");
    }
    expect(await openMessages(h)).toEqual(before);
    expect(chatRequests().length).toBe(requestsBefore);
    expect(posted(h, "replyStarted").length).toBe(startedBefore);
    // The chat still works.
    expect(await send(h, "second question")).toEqual({ ok: true });
    expect((await openMessages(h)).length).toBe(before.length + 2);
    h.dispose();
  });

  it("trims a long chat into the window, shows the notice on the reply, and keeps the whole history", async () => {
    useModel(3_000, false);
    const window = new MemoryOpenChatId();
    const h = await harness(bed.folder, { key: KEY, openChatId: window });
    for (let n = 1; n <= 12; n += 1) {
      expect(await send(h, `question ${String(n)}: ${"lorem ipsum ".repeat(60)}`)).toEqual({ ok: true });
    }
    const last = chatRequests().at(-1) ?? [];
    const messages = await openMessages(h);
    expect(messages.length).toBe(24);
    // The request left the oldest turns out but kept the first question and the latest.
    expect(last.length - 1).toBeLessThan(messages.length);
    expect(textOf(last[1] as SentMessage)).toContain("question 1:");
    expect(textOf(last.at(-1) as SentMessage)).toContain("question 12:");
    const started = posted(h, "replyStarted").at(-1);
    expect(started?.reply.contextNotice).toMatch(/^To fit the model's context window, this request leaves out \d+ earlier messages\.$/);
    const finished = posted(h, "replyFinished").at(-1);
    expect(finished?.message.contextNotice).toBe(started?.reply.contextNotice);
    // The meter shows the planned request, within the window.
    expect(finished?.context?.inputTokens).toBeLessThan(3_000);
    h.dispose();

    const reloaded = await harness(bed.folder, { key: KEY, openChatId: window });
    const reply = (await openMessages(reloaded)).at(-1);
    expect(reply?.contextNotice).toBe(started?.reply.contextNotice);
    reloaded.dispose();
  });

  it("condenses the older turns into a summary the next requests send instead, with its cost counted", async () => {
    // The lowest threshold the settings allow, in a window small enough to pass it in a few turns.
    useModel(800, false);
    testing.set("rooCodePlus.context.condenseThresholdPercent", 10);
    const h = await harness(bed.folder, { key: KEY });
    const short = await condense(h);
    expect(short.ok).toBe(false);
    for (let n = 1; n <= 4; n += 1) {
      expect(await send(h, `question ${String(n)}`)).toEqual({ ok: true });
      if (n === 1) {
        // Past the threshold, but nothing to condense yet: not offered.
        expect(posted(h, "replyFinished").at(-1)?.offerCondense).toBe(false);
      }
    }
    // Past the (lowered) threshold, with something to condense: offered.
    expect(posted(h, "replyFinished").at(-1)?.offerCondense).toBe(true);
    expect((await h.state()).chat.offerCondense).toBe(true);
    const totalsBefore = posted(h, "replyFinished").at(-1)?.totals;

    expect(await condense(h)).toEqual({ ok: true });
    const started = posted(h, "replyStarted").at(-1);
    expect(started?.userMessage).toBeNull();
    expect(started?.replacedMessageIds).toEqual([]);
    expect(started?.reply.summaryOf?.length).toBe(5);
    // The summarising request: the turns up to the latest exchange, then the instruction.
    const summarising = chatRequests().at(-1) ?? [];
    expect(summarising.map((message) => message.role)).toEqual(["system", "user", "assistant", "user", "assistant", "user", "assistant", "user"]);
    expect(textOf(summarising.at(-1) as SentMessage)).toMatch(/^Summarize our conversation so far/);
    const summary = posted(h, "replyFinished").at(-1)?.message as ChatMessage;
    expect(summary.state).toBe("complete");
    expect(summary.text).toMatch(/^Summarize our conversation/); // the echo model repeats it
    expect(summary.usage?.outputTokens).toBeGreaterThan(0);
    expect(posted(h, "replyFinished").at(-1)?.totals.outputTokens).toBe(
      (totalsBefore?.outputTokens ?? 0) + (summary.usage?.outputTokens ?? 0),
    );

    expect(await send(h, "question 5")).toEqual({ ok: true });
    const next = chatRequests().at(-1) ?? [];
    expect(next.map((message) => textOf(message).slice(0, 10))).toEqual([
      expect.any(String) as string,
      "question 1",
      summary.text.slice(0, 10),
      "question 4",
      "question 4",
      "question 5",
    ]);
    // Nothing left the history.
    expect((await openMessages(h)).length).toBe(11);
    h.dispose();
  });

  it("stops a summary, which then replaces nothing, and refuses Condense while a reply streams", async () => {
    useModel(128_000, false);
    const h = await harness(bed.folder, { key: KEY });
    for (let n = 1; n <= 3; n += 1) {
      await send(h, `question ${String(n)}`);
    }
    const before = chatRequests().at(-1)?.length ?? 0;
    testing.set("rooCodePlus.litellmModelId", "stall-mid-stream");
    h.shell.settings.changed();
    expect(await h.shell.chats.session.condense()).toEqual({ ok: true });
    const busy = await h.shell.chats.session.condense();
    expect(busy.ok).toBe(false);
    if (!busy.ok) expect(busy.error.message).toContain("still streaming");
    h.shell.chats.stopReply(h.shell.chats.session.id);
    await h.settled();
    expect(posted(h, "replyFinished").at(-1)?.message.state).toBe("stopped");

    testing.set("rooCodePlus.litellmModelId", "echo");
    h.shell.settings.changed();
    await send(h, "question 4");
    // Everything is still sent: the stopped summary hid nothing.
    expect(chatRequests().at(-1)?.length).toBe(before + 2);
    h.dispose();
  });
});
