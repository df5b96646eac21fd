// LiteLLM for teams end to end: the packaged extension in code-server, driven in Chromium.
// 1. Prompt caching through the REAL LiteLLM proxy, whose `claude-cached` model is an
//    `anthropic/...` model served by a local Anthropic-shaped upstream reporting 1,200 tokens
//    written to the cache and 3,000 read from it: the reply's usage line shows them, and its
//    tooltip says what caching saved. The chat's session id is shown on demand.
// 2. The key's budget. Virtual keys, budgets and `/key/info` need LiteLLM's database, which cannot
//    run here, so the extension is pointed at a local server that REPLAYS LiteLLM's documented
//    answers for a non-admin key (`tests/support/litellm-key-replay.ts`, as `tests/teams` uses):
//    the `/key/info` body, the `x-litellm-key-*` headers on each reply and `budget_exceeded`.
//    Settings shows spend against budget, the chat footer "budget left", and a spent budget's
//    error names when it resets, also after the chat is reopened.
// Screenshots go to artifacts/e2e/ (prefix `teams`).
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startAnthropicUpstream, type AnthropicUpstream } from "../support/anthropic-upstream";
import { startFaultServer, type FaultServer } from "../support/fault-server";
import {
  BUDGET_EXCEEDED_BODY,
  KEY_INFO_BODY,
  REPLAY_MODEL,
  REPLAY_REPLY_TEXT,
  startKeyReplayServer,
  type KeyReplayServer,
} from "../support/litellm-key-replay";
import { startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";
import { startCodeServer, type CodeServer } from "./support/codeServer";
import { ARTIFACTS, freshArtifacts, launchChromium, LONG, SidebarUi, started, waitUntil } from "./support/ui";

const KEY = `sk-e2e-${randomBytes(12).toString("hex")}`;
const CACHED_MODEL = "claude-cached";
// Claude Sonnet's prices per token: $3 in, $15 out, $3.75 cache writes, $0.30 cache reads per million.
const CLAUDE_PRICES = {
  input_cost_per_token: 3e-6,
  output_cost_per_token: 1.5e-5,
  cache_creation_input_token_cost: 3.75e-6,
  cache_read_input_token_cost: 3e-7,
};
// The numbers (litellm 1.106.2): 10 uncached, 1,200 written to the cache, 3,000 read from it.
const CACHE_USAGE = { input_tokens: 10, cache_creation_input_tokens: 1200, cache_read_input_tokens: 3000, output_tokens: 7 };

let faults: FaultServer | undefined;
let anthropic: AnthropicUpstream | undefined;
let proxy: LiteLlmProxy | undefined;
let replay: KeyReplayServer | undefined;
let server: CodeServer | undefined;
let browser: Browser | undefined;
let ui: SidebarUi;

/** Waits until the last reply has finished (its usage line is shown) and returns the line. */
async function lastUsageLine() {
  const line = ui.lastReply().getByTestId("usage");
  await line.waitFor({ timeout: LONG });
  return line;
}

describe("LiteLLM for teams in a real VS Code", () => {
  beforeAll(async () => {
    await freshArtifacts("teams");
    faults = await startFaultServer();
    anthropic = await startAnthropicUpstream(CACHE_USAGE);
    replay = await startKeyReplayServer({
      keyInfo: { status: 200, type: "application/json", body: KEY_INFO_BODY },
      chatHeaders: {},
      chatError: null,
    });
    [proxy, server] = await Promise.all([
      startLiteLlmProxy({
        upstreamUrl: faults.url,
        masterKey: KEY,
        extraModels: [
          {
            model_name: CACHED_MODEL,
            litellm_params: { model: "anthropic/claude-sonnet-4-5", api_base: anthropic.url, api_key: "fake-anthropic-key", ...CLAUDE_PRICES },
            model_info: { ...CLAUDE_PRICES, supports_prompt_caching: true, max_input_tokens: 200000, max_output_tokens: 8192 },
          },
        ],
      }),
      startCodeServer(),
    ]);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(30_000);
    ui = new SidebarUi(page, "teams");
    await page.goto(server.workspaceUrl, { timeout: 120_000 });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      const name = `teams-failed-${context.task.name.replace(/\W+/g, "-")}.png`;
      await ui.page.screenshot({ path: join(ARTIFACTS, name) });
    }
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await Promise.allSettled([server?.stop(), proxy?.stop(), anthropic?.close(), faults?.close(), replay?.close()]);
  });

  it("1. a cached reply's usage line shows the cache reads and writes, and its tooltip what caching saved", async () => {
    await ui.openSidebar();
    await ui.configure(KEY, started(proxy, "the proxy").url, CACHED_MODEL);
    // The savings are priced with the model's prices, which discovery reads from the proxy: the
    // first message waits until Settings shows them (a reply before that has only the proxy's cost).
    const capabilities = ui.webview().getByRole("region", { name: `Capabilities of ${CACHED_MODEL}` });
    await waitUntil("the model's cache prices", async () => (await capabilities.innerText()).includes("$3.75"));
    await ui.send("Summarise the design document");
    const line = await lastUsageLine();
    // litellm 1.106.2 folds the cache counts into the prompt: 10 + 1,200 + 3,000 = 4,210.
    expect(await line.innerText()).toMatch(/↑ 4,210 ↓ 7 · cache 3,000 read, 1,200 written · \$0\.00/);
    // 4,210 tokens at $3/M uncached ($0.01263) against 10 at $3, 1,200 at $3.75 and 3,000 at $0.30 ($0.00543).
    const title = (await line.getAttribute("title")) ?? "";
    expect(title).toContain("3,000 read from cache, 1,200 written to cache");
    expect(title).toContain("Prompt caching saved $0.0072: the input cost $0.00543 instead of $0.0126 uncached");
    // The marks reached Anthropic's system prompt through the proxy.
    const sent = started(anthropic, "the upstream").requests.filter((request) => request.path.endsWith("/messages")).at(-1);
    expect(JSON.stringify(sent?.body)).toContain('"cache_control":{"type":"ephemeral"}');
    await line.hover();
    await ui.shot("cached-usage-line");
  });

  it("2. the chat shows its session id, the litellm_session_id its requests send", async () => {
    const toggle = ui.webview().getByRole("button", { name: "Session", exact: true });
    await toggle.click();
    const panel = ui.webview().getByRole("region", { name: "Session id" });
    await panel.waitFor({ timeout: 10_000 });
    const id = (await panel.locator("code").innerText()).trim();
    expect(id).toMatch(/^[\w.-]{8,}$/);
    expect(await panel.innerText()).toContain("litellm_session_id");
    await ui.shot("session-id");
    await toggle.click();
    await panel.waitFor({ state: "detached", timeout: 10_000 });
  });

  it("3. Settings shows the key's spend against its budget (replayed /key/info)", async () => {
    const keyReplay = started(replay, "the replay server");
    await ui.openTab("Settings");
    await ui.setUrl(keyReplay.url);
    await ui.setModel(REPLAY_MODEL);
    await ui.saveSettings();
    // The key is asked about itself: GET /key/info with no ?key=.
    await waitUntil("the extension to ask /key/info", () => Promise.resolve(keyReplay.seen.some((request) => request.path === "/key/info")));
    const budget = ui.webview().getByRole("group", { name: "Key budget" });
    await budget.waitFor({ timeout: LONG });
    await waitUntil("the budget to show", async () => (await budget.innerText()).includes("$7.00 spent of $10.00"));
    const text = await budget.innerText();
    expect(text).toContain("$3.00 left");
    expect(text).toContain("Resets 2026-12-01T00:00:00Z");
    await budget.scrollIntoViewIfNeeded();
    await ui.shot("settings-key-budget");
  });

  it("4. the chat footer shows the budget left, updated from a reply's x-litellm-key-* headers", async () => {
    const keyReplay = started(replay, "the replay server");
    // LiteLLM's headers on a reply for a key with a budget: $8.40 spent of $10, past the 80% warning.
    keyReplay.answers = {
      ...keyReplay.answers,
      chatHeaders: { "x-litellm-key-spend": "8.4", "x-litellm-key-max-budget": "10.0", "x-ratelimit-remaining-requests": "59" },
    };
    await ui.openTab("Chat");
    await ui.webview().getByRole("button", { name: "New chat" }).click();
    const footer = ui.webview().getByTestId("budget-left");
    await footer.waitFor({ timeout: LONG });
    expect(await footer.innerText()).toBe("Budget: $3.00 left");
    await ui.shot("footer-budget-left");

    await ui.send("How much is left?");
    await lastUsageLine();
    expect(await ui.replyText(ui.lastReply())).toContain(REPLAY_REPLY_TEXT);
    await waitUntil("the footer to follow the reply's headers", async () => (await footer.innerText()) === "Budget: $1.60 left");
    expect(await footer.getAttribute("class")).toContain("chat-budget-warning");
    expect(await footer.getAttribute("title")).toContain("Over 80% of the key's budget is spent.");
    await ui.shot("footer-budget-running-out");
  });

  it("5. a spent budget's error names when it resets, and still does after the chat is reopened", async () => {
    const keyReplay = started(replay, "the replay server");
    keyReplay.answers = { ...keyReplay.answers, chatHeaders: {}, chatError: BUDGET_EXCEEDED_BODY };
    await ui.send("One more question");
    const alert = ui.lastReply().getByRole("alert");
    await alert.waitFor({ timeout: LONG });
    const shown = await alert.innerText();
    expect(shown).toContain("This API key's budget on the LiteLLM proxy is used up ($10.02 spent of $10.00).");
    expect(shown).toContain("It resets at 2026-12-01T00:00:00Z");
    // The footer no longer shows the $1.60 the last headers left: the proxy says it is spent.
    await waitUntil(
      "the footer to show the budget spent",
      async () => (await ui.webview().getByTestId("budget-left").innerText()) === "Budget: $0.00 left",
      20_000,
    );
    await ui.shot("budget-spent-error");

    // Another chat, then back to this one from the history: the saved error keeps the sentence.
    await ui.openTab("Chat");
    await ui.webview().getByRole("button", { name: "New chat" }).click();
    await ui.webview().getByRole("button", { name: "History" }).click();
    await ui.webview().getByRole("button", { name: /^One more question|^How much is left\?/ }).first().click();
    const reopened = ui.lastReply().getByRole("alert");
    await reopened.waitFor({ timeout: LONG });
    expect(await reopened.innerText()).toContain("It resets at 2026-12-01T00:00:00Z");
    await ui.shot("budget-spent-error-reopened");
  });
});
