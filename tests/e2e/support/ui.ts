// The steps every end-to-end file takes in the sidebar: opening it, its tabs, the settings, sending a
// message, reading a reply, and screenshots. Each test file makes one `SidebarUi` for its page, so
// the files share these steps instead of each writing them again.
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Browser, type Frame, type FrameLocator, type Locator, type Page } from "playwright-core";
import { EXTENSION_ID, ROOT } from "./codeServer";

export const ARTIFACTS = join(ROOT, "artifacts", "e2e");
export const LONG = 60_000;
const CHROMIUM = process.env.ROO_CHROMIUM ?? "/usr/bin/chromium";
const OUTER_WEBVIEW = `iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`;

/** Headless Chromium with the flags this machine's closed network needs (no background calls out). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** A small TypeScript file the end-to-end workspaces hold as `src/math.ts`. */
export const MATH_TS = [
  "export function add(a: number, b: number): number {",
  "  return a + b;",
  "}",
  "",
  "export function twice(n: number): number {",
  "  return add(n, n);",
  "}",
  "",
].join("\n");

/** The server or process a `beforeAll` started, or a clear failure naming what did not start. */
export function started<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} did not start`);
  return value;
}

/** Polls `check` until it returns true. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = LONG): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// The little of the DOM the in-page functions below use (the tests compile without the DOM library).
export interface DomElement {
  readonly children: ArrayLike<DomElement>;
  readonly textContent: string | null;
  readonly classList: { contains(name: string): boolean };
  matches(selector: string): boolean;
}

interface ActivityElement {
  closest(selector: string): ActivityElement | null;
  readonly classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
}

/** Empties the screenshots folder of one test file (`prefix` names its screenshots). */
export async function freshArtifacts(prefix: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  for (const name of await readdir(ARTIFACTS)) {
    if (name.startsWith(`${prefix}-`)) await rm(join(ARTIFACTS, name), { force: true });
  }
}

/** The sidebar of one page, and the steps a user takes in it. */
export class SidebarUi {
  private shots = 0;
  private readonly started = Date.now();

  /** `prefix` starts every screenshot's name, so the files' screenshots do not overwrite each other. */
  constructor(
    readonly page: Page,
    private readonly prefix: string,
  ) {}

  /** The React app inside the sidebar's webview (two iframes deep). */
  webview(): FrameLocator {
    return this.page.frameLocator(OUTER_WEBVIEW).frameLocator("iframe#active-frame");
  }

  lastReply(): Locator {
    return this.webview().locator("article.chat-message-assistant").last();
  }

  userMessage(text: string): Locator {
    return this.webview().locator("article.chat-message-user").filter({ hasText: text });
  }

  mark(what: string): void {
    console.log(`[e2e ${this.prefix} +${((Date.now() - this.started) / 1000).toFixed(1)} s] ${what}`);
  }

  async shot(name: string): Promise<void> {
    this.shots += 1;
    this.mark(`screenshot ${name}`);
    const file = `${this.prefix}-${String(this.shots).padStart(2, "0")}-${name}.png`;
    await this.page.screenshot({ path: join(ARTIFACTS, file) });
  }

  /** The webview's inner frame, for the few checks Playwright's locators cannot make (a DOM observer). */
  async frame(): Promise<Frame> {
    const outer = await this.page.locator(OUTER_WEBVIEW).elementHandle({ timeout: LONG });
    const outerFrame = await outer.contentFrame();
    if (outerFrame === null) throw new Error("the webview's outer frame is not there");
    const inner = await outerFrame.locator("iframe#active-frame").elementHandle({ timeout: LONG });
    const frame = await inner.contentFrame();
    if (frame === null) throw new Error("the webview's frame is not there");
    return frame;
  }

  /** Opens the Roo Code Plus sidebar unless it is already open (clicking an active icon closes it). */
  async openSidebar(): Promise<void> {
    await this.page.locator(".activitybar").waitFor({ timeout: 120_000 });
    const icon = this.page.locator('.activitybar [aria-label*="Roo Code Plus"]').first();
    await icon.waitFor({ timeout: LONG });
    const chatTab = this.webview().getByRole("tab", { name: "Chat" });
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

  async openTab(name: "Chat" | "Settings"): Promise<void> {
    const tab = this.webview().getByRole("tab", { name });
    await tab.click();
    await waitUntil(`the ${name} tab`, async () => (await tab.getAttribute("aria-selected")) === "true", 10_000);
  }

  async saveSettings(): Promise<void> {
    this.mark("save settings");
    await this.webview().getByRole("button", { name: /^save$/i }).click();
    await this.webview().getByText("Saved", { exact: true }).waitFor({ timeout: 20_000 });
  }

  async setKey(key: string): Promise<void> {
    const replace = this.webview().getByRole("button", { name: "Replace" });
    if (await replace.isVisible()) await replace.click();
    const input = this.webview().locator('input[type="password"]');
    await input.fill(key);
    await this.webview().getByRole("button", { name: "Save key" }).click();
    await this.webview().getByText("A key is stored").waitFor({ timeout: 20_000 });
  }

  async setModel(modelId: string): Promise<void> {
    const model = this.webview().getByRole("combobox", { name: /model/i });
    await model.fill(modelId);
    await this.page.keyboard.press("Escape");
    if ((await model.inputValue()) !== modelId) throw new Error(`the model field did not take ${modelId}`);
  }

  async setUrl(url: string): Promise<void> {
    await this.webview().getByLabel("API URL").fill(url);
  }

  /** Stores the key, the proxy's URL and a model, as a user does in Settings first. */
  async configure(key: string, url: string, modelId: string): Promise<void> {
    await this.openTab("Settings");
    await this.setKey(key);
    await this.setUrl(url);
    await this.setModel(modelId);
    await this.saveSettings();
  }

  /** Runs a command from the Command Palette by its full title ("Roo Code Plus: New Chat"). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press("F1");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: 20_000 });
    await input.fill(`>${title}`);
    await this.page.locator(".quick-input-list .monaco-list-row").filter({ hasText: title }).first().waitFor({ timeout: 20_000 });
    await input.press("Enter");
  }

  /** Opens a workspace file in the editor through Quick Open. */
  async openFile(path: string): Promise<void> {
    const name = path.split("/").pop() ?? path;
    await this.page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } });
    await this.page.keyboard.press("Control+P");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: 20_000 });
    await input.fill(path);
    await this.page.locator(".quick-input-list .monaco-list-row").filter({ hasText: name }).first().waitFor({ timeout: 20_000 });
    await input.press("Enter");
    await this.page.locator(".tabs-container .tab.active").filter({ hasText: name }).waitFor({ timeout: 20_000 });
  }

  /** The chat's text box. */
  composer(): Locator {
    return this.webview().locator("textarea");
  }

  /** Types into the chat box and sends with Enter. */
  async send(text: string): Promise<void> {
    await this.openTab("Chat");
    const box = this.composer();
    await box.fill(text);
    await box.press("Enter");
    await this.userMessage(text).waitFor({ timeout: 20_000 });
  }

  /** A reply's own text: without the author line, typing dots and usage. */
  async replyText(reply: Locator): Promise<string> {
    return reply.evaluate((article: DomElement) =>
      Array.from(article.children)
        .filter((child) => !child.matches(".chat-message-author, .chat-usage, .chat-typing"))
        .map((child) => child.textContent)
        .join("")
        .trim(),
    );
  }

  async replyCount(): Promise<number> {
    return this.webview().locator("article.chat-message-assistant").count();
  }
}
