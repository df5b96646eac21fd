// Workspace context end to end: the packaged extension in code-server, driven in Chromium, against
// the real LiteLLM proxy, whose upstream is the local fault server's echo scenario (so the test
// reads, from the requests the upstream received, exactly what the extension sent). A workspace
// with a few real files: an @-mention picked from the picker, the selection through the editor's
// context menu, a pasted image, and a chat that outgrows a small window and is trimmed with a
// notice. Screenshots of each step go to artifacts/e2e/ (prefix `context`).
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFaultServer, type FaultServer, type RecordedRequest } from "../support/fault-server";
import { startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";
import { startCodeServer, type CodeServer } from "./support/codeServer";
import { ARTIFACTS, freshArtifacts, launchChromium, LONG, MATH_TS, SidebarUi, waitUntil } from "./support/ui";

const KEY = `sk-e2e-${randomBytes(12).toString("hex")}`;
/** The vision model with a 4,096-token window that `litellm-proxy.ts` maps to the echo upstream. */
const MODEL = "echo-vision-small";

// About 900 tokens. The echo upstream repeats each message, attachment and all, so three turns
// that attach these notes, with their replies, outgrow the 4,096-token window.
const BIG_NOTES = Array.from({ length: 70 }, (_, i) => `Note ${i + 1}: the quarterly figures moved again.`).join("\n");
// A 4x4 red PNG.
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==";

let fault: FaultServer | undefined;
let proxy: LiteLlmProxy | undefined;
let server: CodeServer | undefined;
let browser: Browser | undefined;
let ui: SidebarUi;

interface SentMessage {
  role: string;
  content: unknown;
}

/** The chat requests the upstream received (LiteLLM also sends its own probes, left out here). */
function chatRequests(): { messages: SentMessage[] }[] {
  return (fault?.requests ?? [])
    .filter((request: RecordedRequest) => request.path.endsWith("/chat/completions"))
    .map((request) => request.body as { messages: SentMessage[] });
}

/** The text parts of a message's content, joined. */
function textOf(message: SentMessage | undefined): string {
  if (message === undefined) return "";
  if (typeof message.content === "string") return message.content;
  return (message.content as { type: string; text?: string }[])
    .map((part) => (part.type === "text" ? (part.text ?? "") : ""))
    .join("\n");
}

/** Waits for the next chat request to reach the upstream, and returns it. */
async function nextRequest(before: number): Promise<{ messages: SentMessage[] }> {
  await waitUntil("the request to reach the upstream", () => Promise.resolve(chatRequests().length > before), LONG);
  const request = chatRequests()[before];
  if (request === undefined) throw new Error("no request");
  return request;
}

/** Waits until the last reply has finished (its usage line is shown). */
async function replyFinished(): Promise<void> {
  await ui.lastReply().getByTestId("usage").waitFor({ timeout: LONG });
}

/** Types `@query` in the composer and picks `label` from the picker with the keyboard. */
async function mention(query: string, label: string): Promise<void> {
  const box = ui.composer();
  await box.pressSequentially(`@${query}`, { delay: 30 });
  const option = ui.webview().getByRole("option").filter({ hasText: label }).first();
  await option.waitFor({ timeout: 20_000 });
  for (let step = 0; step < 20 && (await option.getAttribute("aria-selected")) !== "true"; step += 1) {
    await box.press("ArrowDown");
  }
  expect(await option.getAttribute("aria-selected")).toBe("true");
  await box.press("Enter");
  await ui.webview().getByRole("button", { name: `Remove ${label}` }).waitFor({ timeout: 10_000 });
}

describe("Workspace context in a real VS Code", () => {
  beforeAll(async () => {
    await freshArtifacts("context");
    fault = await startFaultServer();
    [proxy, server] = await Promise.all([
      startLiteLlmProxy({ upstreamUrl: fault.url, masterKey: KEY }),
      startCodeServer({
        workspaceFiles: {
          "src/math.ts": MATH_TS,
          "notes/big.md": BIG_NOTES,
          ".rooignore": "private/\n",
          "private/plan.md": "Not for the model.\n",
        },
      }),
    ]);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(30_000);
    ui = new SidebarUi(page, "context");
    await page.goto(server.workspaceUrl, { timeout: 120_000 });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      const name = `context-failed-${context.task.name.replace(/\W+/g, "-")}.png`;
      await ui.page.screenshot({ path: join(ARTIFACTS, name) });
    }
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await Promise.allSettled([server?.stop(), proxy?.stop(), fault?.close()]);
  });

  it("1. an @-mentioned file reaches the model with its path and line numbers", async () => {
    if (proxy === undefined) throw new Error("no proxy");
    await ui.openSidebar();
    await ui.configure(KEY, proxy.url, MODEL);
    await ui.openTab("Chat");
    await ui.composer().fill("Explain ");
    await mention("math", "src/math.ts");
    // The ignored folder is not offered.
    await ui.composer().pressSequentially(" @plan", { delay: 30 });
    await ui.webview().getByText("Nothing matches.").waitFor({ timeout: 20_000 });
    await ui.shot("picker-ignored-file-not-offered");
    await ui.composer().press("Escape");
    for (let i = 0; i < "@plan".length; i += 1) await ui.composer().press("Backspace");
    await ui.shot("file-chip");

    const before = chatRequests().length;
    await ui.composer().press("Enter");
    const request = await nextRequest(before);
    const sent = textOf(request.messages.at(-1));
    expect(sent).toContain("Explain");
    expect(sent).toContain("File: src/math.ts");
    expect(sent).toMatch(/1 \| export function add\(a: number, b: number\): number \{/);
    expect(sent).toMatch(/6 \|\s+return add\(n, n\);/);
    expect(sent).not.toContain("Not for the model");
    await replyFinished();
    // The chat shows what was attached, collapsed, with its token count.
    const attachment = ui.userMessage("Explain").locator("details").filter({ hasText: "src/math.ts" });
    await attachment.waitFor({ timeout: 10_000 });
    expect(await attachment.getAttribute("open")).toBeNull();
    expect(await attachment.innerText()).toMatch(/\d+ tokens/);
    await ui.shot("file-attached");
  });

  it("2. the editor's selection goes into the chat through the context menu", async () => {
    const page = ui.page;
    await ui.openFile("src/math.ts");
    const editor = page.locator(".monaco-editor .view-lines").first();
    await editor.waitFor({ timeout: LONG });
    await editor.click();
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("Shift+ArrowDown");
    await page.keyboard.press("Shift+End");
    await page.locator(".monaco-editor .view-line").first().click({ button: "right" });
    const item = page.locator(".monaco-menu .action-label").filter({ hasText: "Add to Roo Code Plus chat" });
    await item.waitFor({ timeout: 20_000 });
    await ui.shot("editor-context-menu");
    await item.click();
    await ui.webview().getByRole("button", { name: "Remove src/math.ts:1-2" }).waitFor({ timeout: 20_000 });
    await ui.shot("selection-chip");

    const before = chatRequests().length;
    await ui.composer().fill("What does this do?");
    await ui.composer().press("Enter");
    const sent = textOf((await nextRequest(before)).messages.at(-1));
    expect(sent).toContain("src/math.ts");
    expect(sent).toContain("return a + b;");
    expect(sent).not.toContain("twice");
    await replyFinished();
    await ui.shot("selection-sent");
  });

  it("3. a pasted image reaches the model as an image_url", async () => {
    await ui.openTab("Chat");
    const frame = await ui.frame();
    await frame.evaluate((base64) => {
      const g = globalThis as unknown as {
        atob(data: string): string;
        document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean; focus(): void } | null };
        File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
        DataTransfer: new () => { items: { add(file: unknown): void } };
        ClipboardEvent: new (type: string, init: { clipboardData: unknown; bubbles: boolean; cancelable: boolean }) => unknown;
      };
      const bytes = Uint8Array.from(g.atob(base64), (character) => character.charCodeAt(0));
      const transfer = new g.DataTransfer();
      transfer.items.add(new g.File([bytes], "red.png", { type: "image/png" }));
      const box = g.document.querySelector("textarea");
      box?.focus();
      box?.dispatchEvent(new g.ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, PNG_BASE64);
    await ui.webview().getByRole("button", { name: /Remove image/ }).waitFor({ timeout: 20_000 });
    await ui.shot("image-pasted");

    const before = chatRequests().length;
    await ui.composer().fill("What colour is this?");
    await ui.composer().press("Enter");
    const last = (await nextRequest(before)).messages.at(-1);
    const parts = Array.isArray(last?.content) ? (last.content as { type: string; image_url?: { url: string } }[]) : [];
    const image = parts.find((part) => part.type === "image_url");
    expect(image?.image_url?.url).toMatch(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/);
    await replyFinished();
    await ui.userMessage("What colour is this?").locator("img").first().waitFor({ timeout: 10_000 });
    await ui.shot("image-sent");
  });

  it("4. a chat that outgrows the window is trimmed with a notice, and nothing is deleted", async () => {
    await ui.openTab("Chat");
    await ui.runCommand("Roo Code Plus: New Chat");
    await waitUntil("an empty chat", async () => (await ui.replyCount()) === 0, 20_000);
    await ui.send("Hello there.");
    await replyFinished();
    const questions = ["First look at these notes.", "Second look at these notes.", "Third look at these notes."];
    let request: { messages: SentMessage[] } | undefined;
    for (const question of questions) {
      const before = chatRequests().length;
      await ui.composer().fill(`${question} `);
      await mention("big", "notes/big.md");
      await ui.composer().press("Enter");
      await ui.userMessage(question).waitFor({ timeout: 20_000 });
      request = await nextRequest(before);
      await replyFinished();
    }
    // The third request did not fit whole: the earlier messages' notes went as short notes.
    const notice = ui.lastReply().getByText(/To fit the model's context window, this request leaves out/);
    await notice.waitFor({ timeout: LONG });
    const sent = request?.messages ?? [];
    const userTexts = sent.filter((message) => message.role === "user").map(textOf);
    expect(userTexts.at(-1)).toContain("Note 70:");
    expect(userTexts.slice(0, -1).some((text) => text.includes("Note 70:"))).toBe(false);
    expect(userTexts.slice(0, -1).join("\n")).toContain("notes/big.md");
    // Nothing was deleted: every message is still in the chat, its notes attached.
    for (const question of questions) {
      expect(await ui.userMessage(question).count()).toBe(1);
      expect(await ui.userMessage(question).locator("details").filter({ hasText: "notes/big.md" }).count()).toBe(1);
    }
    await ui.shot("trimmed-with-notice");
  });
});
