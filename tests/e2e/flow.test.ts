// The whole product, end to end: the packaged extension in a real VS Code (code-server), driven in
// Chromium by Playwright, against the real LiteLLM proxy (with a master key) and the local fault
// server behind it. One code-server and one proxy for the file; the steps run in order and build on
// each other. Each step saves screenshots into artifacts/e2e/.
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PACED_TEXT, startFaultServer, type FaultServer } from "../support/fault-server";
import { MOCK_RESPONSE, startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";
import { freePort } from "../support/processes";
import { startCodeServer, type CodeServer } from "./support/codeServer";
import { ARTIFACTS, freshArtifacts, launchChromium, LONG, SidebarUi, waitUntil, type DomElement } from "./support/ui";

const KEY = `sk-e2e-${randomBytes(12).toString("hex")}`;

let fault: FaultServer | undefined;
let proxy: LiteLlmProxy | undefined;
let server: CodeServer | undefined;
let browser: Browser | undefined;
let ui: SidebarUi;

interface DomGlobal {
  document: { body: unknown; querySelectorAll(selector: string): ArrayLike<DomElement> };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
  __partials?: string[];
}

/** Asserts the last reply failed with a plain-words error and Retry, and the user's text is kept. */
async function expectFailure(text: string, name: string): Promise<string> {
  await ui.send(text);
  const alert = ui.lastReply().getByRole("alert");
  await alert.waitFor({ timeout: 90_000 });
  await alert.getByRole("button", { name: "Retry" }).waitFor({ timeout: 10_000 });
  await ui.userMessage(text).waitFor({ timeout: 5000 });
  const message = (await alert.innerText()).trim();
  expect(message.length).toBeGreaterThan(10);
  await ui.shot(name);
  return message;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe("Roo Code Plus in a real VS Code", () => {
  beforeAll(async () => {
    await freshArtifacts("flow");
    fault = await startFaultServer();
    const upstreamUrl = fault.url;
    [proxy, server] = await Promise.all([startLiteLlmProxy({ upstreamUrl, masterKey: KEY }), startCodeServer()]);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(30_000);
    ui = new SidebarUi(page, "flow");
    await page.goto(server.workspaceUrl, { timeout: 120_000 });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await ui.page.screenshot({ path: join(ARTIFACTS, `failed-${context.task.name.replace(/\W+/g, "-")}.png`) });
    }
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await Promise.allSettled([server?.stop(), proxy?.stop(), fault?.close()]);
  });

  it("1. stores the key, lists the proxy's models and saves mock-gpt", async () => {
    if (proxy === undefined) throw new Error("no proxy");
    ui.mark("code-server, proxy and browser are up");
    await ui.openSidebar();
    await ui.shot("sidebar");
    await ui.openTab("Settings");
    await ui.setKey(KEY);
    await ui.setUrl(proxy.url);
    await ui.saveSettings();
    ui.mark("refresh models");
    await ui.webview().getByRole("button", { name: /refresh/i }).first().click();
    await ui.webview().getByText(/\d+ models on the proxy/).waitFor({ timeout: LONG });
    await ui.setModel("mock-gpt");
    await ui.saveSettings();
    // The capabilities of a listed model come from the proxy.
    await ui.webview().getByText(/Capabilities of mock-gpt/).waitFor({ timeout: 20_000 });
    await ui.shot("settings-saved");
  });

  it("2. streams a reply, then shows its tokens and cost", async () => {
    // LiteLLM's own mock can arrive in a single network read; a paced upstream makes the reply
    // visibly grow on every machine.
    await ui.openTab("Settings");
    await ui.setModel("fault-paced");
    await ui.saveSettings();
    await ui.openTab("Chat");
    const before = await ui.replyCount();
    // Record every distinct text the new reply shows while it streams, from inside the page.
    const frame = await ui.frame();
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

    await ui.send("Say hello, please.");
    await ui.page.waitForTimeout(150);
    await ui.shot("reply-streaming");
    const usage = ui.lastReply().getByTestId("usage");
    await usage.waitFor({ timeout: LONG });
    const finalText = await ui.replyText(ui.lastReply());
    expect(finalText).toBe(PACED_TEXT);
    expect(await ui.lastReply().innerText()).toContain("fault-paced");
    expect(await usage.innerText()).toMatch(/↑ \d[\d,]* ↓ \d[\d,]* · \$\d+\.\d+/);
    const partials = await frame.evaluate(() => (globalThis as unknown as DomGlobal).__partials ?? []);
    // The reply grew on screen: at least two different texts while it streamed, the first a strict
    // prefix of the final reply.
    const seen = `partial texts seen while streaming: ${JSON.stringify(partials)}`;
    expect(new Set(partials).size, seen).toBeGreaterThanOrEqual(2);
    expect(partials[0] !== finalText && finalText.startsWith(partials[0] ?? "?"), seen).toBe(true);
    await ui.shot("reply-with-usage");
  });

  it("3. Stop keeps the partial reply of a long stream and marks it stopped", async () => {
    await ui.openTab("Settings");
    await ui.setModel("fault-long");
    await ui.saveSettings();
    await ui.send("Tell me a very long story.");
    const reply = ui.lastReply();
    await waitUntil("some of the long reply", async () => (await ui.replyText(reply)).length > 80, LONG);
    await ui.shot("long-reply-streaming");
    await ui.webview().getByRole("button", { name: "Stop" }).click();
    await reply.locator(".chat-stopped").waitFor({ timeout: 20_000 });
    const stoppedText = await ui.replyText(reply);
    expect(stoppedText.length).toBeGreaterThan(80);
    // 400 words would follow: the reply stopped midway, and stays as it was.
    await ui.page.waitForTimeout(1500);
    expect(await ui.replyText(reply)).toBe(stoppedText);
    expect(stoppedText.split(/\s+/).length).toBeLessThan(400);
    // The proxy reports no usage for a stopped stream: the tokens spent are our estimate.
    const stoppedUsage = reply.getByTestId("usage");
    await stoppedUsage.waitFor({ timeout: 20_000 });
    expect(await stoppedUsage.innerText()).toMatch(/^≈ ↑ \d[\d,]* ↓ \d[\d,]* · /);
    await ui.shot("long-reply-stopped");
  });

  it("4. a wrong key, an unknown model and a proxy that is down each fail with Retry, keeping the message", async () => {
    if (proxy === undefined) throw new Error("no proxy");
    // A wrong key.
    await ui.openTab("Settings");
    await ui.setKey(`sk-wrong-${randomBytes(6).toString("hex")}`);
    await ui.setModel("mock-gpt");
    await ui.saveSettings();
    await expectFailure("This one goes out with the wrong key.", "error-wrong-key");
    await ui.openTab("Settings");
    await ui.setKey(KEY);

    // An unknown model.
    await ui.setModel("no-such-model-e2e");
    await ui.saveSettings();
    await expectFailure("This one asks for a model the proxy lacks.", "error-unknown-model");
    await ui.openTab("Settings");
    await ui.setModel("mock-gpt");
    await ui.saveSettings();

    // A proxy that is down: nothing listens on a port that was free a moment ago.
    const closedPort = await freePort();
    await ui.openTab("Settings");
    await ui.setUrl(`http://127.0.0.1:${closedPort}`);
    await ui.saveSettings();
    const text = "This one finds the proxy down.";
    await expectFailure(text, "error-proxy-down");

    // Back up: Retry sends the same message again and it gets its reply.
    await ui.openTab("Settings");
    await ui.setUrl(proxy.url);
    await ui.saveSettings();
    await ui.openTab("Chat");
    await ui.lastReply().getByRole("button", { name: "Retry" }).click();
    await waitUntil("the retried reply", async () => (await ui.replyText(ui.lastReply())).includes(MOCK_RESPONSE.slice(0, 20)));
    await ui.lastReply().getByTestId("usage").waitFor({ timeout: LONG });
    expect(await ui.userMessage(text).count()).toBeGreaterThanOrEqual(1);
    await ui.shot("retry-after-proxy-back");
  });

  it("5. after a reload the chat and the key are still there, and the key is in no file", async () => {
    if (server === undefined) throw new Error("no code-server");
    const repliesBefore = await ui.replyCount();
    await ui.page.reload({ timeout: 120_000 });
    await ui.openSidebar();
    await ui.openTab("Chat");
    await ui.userMessage("Say hello, please.").waitFor({ timeout: LONG });
    await waitUntil("every reply to come back", async () => (await ui.replyCount()) === repliesBefore, 30_000);
    await ui.webview().locator(".chat-stopped").first().waitFor({ timeout: 10_000 });
    await ui.shot("reload-chat-kept");
    await ui.openTab("Settings");
    await ui.webview().getByText("A key is stored").waitFor({ timeout: 20_000 });
    await ui.shot("reload-key-stored");

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
