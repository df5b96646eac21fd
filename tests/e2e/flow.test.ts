// The whole product, end to end: the packaged extension in a real VS Code (code-server), driven in
// Chromium by Playwright, against the real LiteLLM proxy (with a master key) and the local fault
// server behind it. One code-server and one proxy for the file; the steps run in order and build on
// each other. Each step saves screenshots into artifacts/e2e/.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Browser, type Frame, type FrameLocator, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PACED_TEXT, startFaultServer, type FaultServer } from "../support/fault-server";
import { MOCK_RESPONSE, startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";
import { freePort } from "../support/processes";
import { EXTENSION_ID, ROOT, startCodeServer, type CodeServer } from "./support/codeServer";

const ARTIFACTS = join(ROOT, "artifacts", "e2e");
const CHROMIUM = process.env.ROO_CHROMIUM ?? "/usr/bin/chromium";
const OUTER_WEBVIEW = `iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`;
const KEY = `sk-e2e-${randomBytes(12).toString("hex")}`;
const LONG = 60_000;

let fault: FaultServer | undefined;
let proxy: LiteLlmProxy | undefined;
let server: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page;
let shotCount = 0;

/** The React app inside the sidebar's webview (two iframes deep). */
const webview = (): FrameLocator => page.frameLocator(OUTER_WEBVIEW).frameLocator("iframe#active-frame");
const lastReply = (): Locator => webview().locator("article.chat-message-assistant").last();
const userMessage = (text: string): Locator =>
  webview().locator("article.chat-message-user").filter({ hasText: text });

const started = Date.now();
function mark(what: string): void {
  console.log(`[e2e +${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
}

async function shot(name: string): Promise<void> {
  shotCount += 1;
  mark(`screenshot ${name}`);
  await page.screenshot({ path: join(ARTIFACTS, `${String(shotCount).padStart(2, "0")}-${name}.png`) });
}

/** Polls `check` until it returns true (or a value other than false/undefined). */
async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = LONG): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The webview's inner frame, for the few checks Playwright's locators cannot make (a DOM observer). */
async function webviewFrame(): Promise<Frame> {
  const outer = await page.locator(OUTER_WEBVIEW).elementHandle({ timeout: LONG });
  const outerFrame = await outer.contentFrame();
  if (outerFrame === null) throw new Error("the webview's outer frame is not there");
  const inner = await outerFrame.locator("iframe#active-frame").elementHandle({ timeout: LONG });
  const frame = await inner.contentFrame();
  if (frame === null) throw new Error("the webview's frame is not there");
  return frame;
}

interface ActivityElement {
  closest(selector: string): ActivityElement | null;
  readonly classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
}

/** Opens the Roo Code Plus sidebar unless it is already open (clicking an active icon closes it). */
async function openSidebar(): Promise<void> {
  await page.locator(".activitybar").waitFor({ timeout: 120_000 });
  const icon = page.locator('.activitybar [aria-label*="Roo Code Plus"]').first();
  await icon.waitFor({ timeout: LONG });
  const chatTab = webview().getByRole("tab", { name: "Chat" });
  await waitUntil(
    "the Roo Code Plus sidebar",
    async () => {
      if (await chatTab.isVisible()) return true;
      // Whether the icon's activity-bar entry is the active one (then the sidebar is opening).
      const active = await icon.evaluate((element: ActivityElement) => {
        const entry = element.closest("li.action-item") ?? element;
        return entry.classList.contains("checked") || entry.getAttribute("aria-selected") === "true";
      });
      if (!active) await icon.click();
      await chatTab.waitFor({ timeout: 10_000 }).catch(() => undefined);
      return chatTab.isVisible();
    },
    120_000,
  );
}

async function openTab(name: "Chat" | "Settings"): Promise<void> {
  const tab = webview().getByRole("tab", { name });
  await tab.click();
  await waitUntil(`the ${name} tab`, async () => (await tab.getAttribute("aria-selected")) === "true", 10_000);
}

async function saveSettings(): Promise<void> {
  mark("save settings");
  await webview().getByRole("button", { name: /^save$/i }).click();
  await webview().getByText("Saved", { exact: true }).waitFor({ timeout: 20_000 });
}

async function setKey(key: string): Promise<void> {
  const replace = webview().getByRole("button", { name: "Replace" });
  if (await replace.isVisible()) await replace.click();
  const input = webview().locator('input[type="password"]');
  await input.fill(key);
  await webview().getByRole("button", { name: "Save key" }).click();
  await webview().getByText("A key is stored").waitFor({ timeout: 20_000 });
}

async function setModel(modelId: string): Promise<void> {
  const model = webview().getByRole("combobox", { name: /model/i });
  await model.fill(modelId);
  await page.keyboard.press("Escape");
  expect(await model.inputValue()).toBe(modelId);
}

async function setUrl(url: string): Promise<void> {
  await webview().getByLabel("API URL").fill(url);
}

/** Types into the chat box and sends with Enter. */
async function send(text: string): Promise<void> {
  await openTab("Chat");
  const box = webview().locator("textarea");
  await box.fill(text);
  await box.press("Enter");
  await userMessage(text).waitFor({ timeout: 20_000 });
}

// The little of the DOM the in-page functions below use (the tests compile without the DOM library).
interface DomElement {
  readonly children: ArrayLike<DomElement>;
  readonly textContent: string | null;
  readonly classList: { contains(name: string): boolean };
  matches(selector: string): boolean;
}
interface DomGlobal {
  document: { body: unknown; querySelectorAll(selector: string): ArrayLike<DomElement> };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
  __partials?: string[];
}

/** The reply's own text: without the author line, typing dots and usage. */
async function replyText(reply: Locator): Promise<string> {
  return reply.evaluate((article: DomElement) =>
    Array.from(article.children)
      .filter((child) => !child.matches(".chat-message-author, .chat-usage, .chat-typing"))
      .map((child) => child.textContent)
      .join("")
      .trim(),
  );
}

async function replyCount(): Promise<number> {
  return webview().locator("article.chat-message-assistant").count();
}

/** Asserts the last reply failed with a plain-words error and Retry, and the user's text is kept. */
async function expectFailure(text: string, name: string): Promise<string> {
  await send(text);
  const alert = lastReply().getByRole("alert");
  await alert.waitFor({ timeout: 90_000 });
  await alert.getByRole("button", { name: "Retry" }).waitFor({ timeout: 10_000 });
  await userMessage(text).waitFor({ timeout: 5000 });
  const message = (await alert.innerText()).trim();
  expect(message.length).toBeGreaterThan(10);
  await shot(name);
  return message;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe("Roo Code Plus in a real VS Code", () => {
  beforeAll(async () => {
    await rm(ARTIFACTS, { recursive: true, force: true });
    await mkdir(ARTIFACTS, { recursive: true });
    fault = await startFaultServer();
    const upstreamUrl = fault.url;
    [proxy, server] = await Promise.all([startLiteLlmProxy({ upstreamUrl, masterKey: KEY }), startCodeServer()]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(30_000);
    await page.goto(server.workspaceUrl, { timeout: 120_000 });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await page.screenshot({ path: join(ARTIFACTS, `failed-${context.task.name.replace(/\W+/g, "-")}.png`) });
    }
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await Promise.allSettled([server?.stop(), proxy?.stop(), fault?.close()]);
  });

  it("1. stores the key, lists the proxy's models and saves mock-gpt", async () => {
    if (proxy === undefined) throw new Error("no proxy");
    mark("code-server, proxy and browser are up");
    await openSidebar();
    await shot("sidebar");
    await openTab("Settings");
    await setKey(KEY);
    await setUrl(proxy.url);
    await saveSettings();
    mark("refresh models");
    await webview().getByRole("button", { name: /refresh/i }).first().click();
    await webview().getByText(/\d+ models on the proxy/).waitFor({ timeout: LONG });
    await setModel("mock-gpt");
    await saveSettings();
    // The capabilities of a listed model come from the proxy.
    await webview().getByText(/Capabilities of mock-gpt/).waitFor({ timeout: 20_000 });
    await shot("settings-saved");
  });

  it("2. streams a reply, then shows its tokens and cost", async () => {
    // LiteLLM's own mock can arrive in a single network read; a paced upstream makes the reply
    // visibly grow on every machine.
    await openTab("Settings");
    await setModel("fault-paced");
    await saveSettings();
    await openTab("Chat");
    const before = await replyCount();
    // Record every distinct text the new reply shows while it streams, from inside the page.
    const frame = await webviewFrame();
    await frame.evaluate((baseline) => {
      const g = globalThis as unknown as DomGlobal;
      const seen: string[] = [];
      g.__partials = seen;
      const record = (): void => {
        const articles = g.document.querySelectorAll("article.chat-message-assistant");
        const article = articles[articles.length - 1];
        if (articles.length <= baseline || article === undefined) return;
        if (!article.classList.contains("chat-message-streaming")) return;
        const text = Array.from(article.children)
          .filter((child) => !child.matches(".chat-message-author, .chat-usage, .chat-typing"))
          .map((child) => child.textContent)
          .join("")
          .trim();
        if (text !== "" && seen[seen.length - 1] !== text) seen.push(text);
      };
      new g.MutationObserver(record).observe(g.document.body, { subtree: true, childList: true, characterData: true });
    }, before);

    await send("Say hello, please.");
    await page.waitForTimeout(150);
    await shot("reply-streaming");
    const usage = lastReply().getByTestId("usage");
    await usage.waitFor({ timeout: LONG });
    const finalText = await replyText(lastReply());
    expect(finalText).toBe(PACED_TEXT);
    expect(await lastReply().innerText()).toContain("fault-paced");
    expect(await usage.innerText()).toMatch(/↑ \d[\d,]* ↓ \d[\d,]* · \$\d+\.\d+/);
    const partials = await frame.evaluate(() => (globalThis as unknown as DomGlobal).__partials ?? []);
    // The reply grew on screen: at least two different texts while it streamed, the first a strict
    // prefix of the final reply.
    const seen = `partial texts seen while streaming: ${JSON.stringify(partials)}`;
    expect(new Set(partials).size, seen).toBeGreaterThanOrEqual(2);
    expect(partials[0] !== finalText && finalText.startsWith(partials[0] ?? "?"), seen).toBe(true);
    await shot("reply-with-usage");
  });

  it("3. Stop keeps the partial reply of a long stream and marks it stopped", async () => {
    await openTab("Settings");
    await setModel("fault-long");
    await saveSettings();
    await send("Tell me a very long story.");
    const reply = lastReply();
    await waitUntil("some of the long reply", async () => (await replyText(reply)).length > 80, LONG);
    await shot("long-reply-streaming");
    await webview().getByRole("button", { name: "Stop" }).click();
    await reply.locator(".chat-stopped").waitFor({ timeout: 20_000 });
    const stoppedText = await replyText(reply);
    expect(stoppedText.length).toBeGreaterThan(80);
    // 400 words would follow: the reply stopped midway, and stays as it was.
    await page.waitForTimeout(1500);
    expect(await replyText(reply)).toBe(stoppedText);
    expect(stoppedText.split(/\s+/).length).toBeLessThan(400);
    // The proxy reports no usage for a stopped stream: the tokens spent are our estimate.
    const stoppedUsage = reply.getByTestId("usage");
    await stoppedUsage.waitFor({ timeout: 20_000 });
    expect(await stoppedUsage.innerText()).toMatch(/^≈ ↑ \d[\d,]* ↓ \d[\d,]* · /);
    await shot("long-reply-stopped");
  });

  it("4. a wrong key, an unknown model and a proxy that is down each fail with Retry, keeping the message", async () => {
    if (proxy === undefined) throw new Error("no proxy");
    // A wrong key.
    await openTab("Settings");
    await setKey(`sk-wrong-${randomBytes(6).toString("hex")}`);
    await setModel("mock-gpt");
    await saveSettings();
    await expectFailure("This one goes out with the wrong key.", "error-wrong-key");
    await openTab("Settings");
    await setKey(KEY);

    // An unknown model.
    await setModel("no-such-model-e2e");
    await saveSettings();
    await expectFailure("This one asks for a model the proxy lacks.", "error-unknown-model");
    await openTab("Settings");
    await setModel("mock-gpt");
    await saveSettings();

    // A proxy that is down: nothing listens on a port that was free a moment ago.
    const closedPort = await freePort();
    await openTab("Settings");
    await setUrl(`http://127.0.0.1:${closedPort}`);
    await saveSettings();
    const text = "This one finds the proxy down.";
    await expectFailure(text, "error-proxy-down");

    // Back up: Retry sends the same message again and it gets its reply.
    await openTab("Settings");
    await setUrl(proxy.url);
    await saveSettings();
    await openTab("Chat");
    await lastReply().getByRole("button", { name: "Retry" }).click();
    await waitUntil("the retried reply", async () => (await replyText(lastReply())).includes(MOCK_RESPONSE.slice(0, 20)));
    await lastReply().getByTestId("usage").waitFor({ timeout: LONG });
    expect(await userMessage(text).count()).toBeGreaterThanOrEqual(1);
    await shot("retry-after-proxy-back");
  });

  it("5. after a reload the chat and the key are still there, and the key is in no file", async () => {
    if (server === undefined) throw new Error("no code-server");
    const repliesBefore = await replyCount();
    await page.reload({ timeout: 120_000 });
    await openSidebar();
    await openTab("Chat");
    await userMessage("Say hello, please.").waitFor({ timeout: LONG });
    await waitUntil("every reply to come back", async () => (await replyCount()) === repliesBefore, 30_000);
    await webview().locator(".chat-stopped").first().waitFor({ timeout: 10_000 });
    await shot("reload-chat-kept");
    await openTab("Settings");
    await webview().getByText("A key is stored").waitFor({ timeout: 20_000 });
    await shot("reload-key-stored");

    const settings = await readFile(join(server.userDataDir, "User", "settings.json"), "utf8");
    expect(settings).toContain("rooCodePlus");
    expect(settings).not.toContain(KEY);
    const files = [
      ...(await filesUnder(server.userDataDir)),
      ...(await filesUnder(server.extensionsDir)),
      ...(await filesUnder(join(server.dir, "home"))),
    ];
    expect(files.length).toBeGreaterThan(10);
    const leaks: string[] = [];
    for (const file of files) {
      const bytes = await readFile(file).catch(() => Buffer.alloc(0));
      if (bytes.includes(KEY) || bytes.includes(Buffer.from(KEY, "utf16le"))) leaks.push(file);
    }
    expect(leaks).toEqual([]);
  });
});
