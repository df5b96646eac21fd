// The team settings and the key's budget in the shell, over the real wasm backend: secret header
// values kept in SecretStorage (never settings.json), a bad header refused with its field named
// and nothing stored, and `/key/info` read from a local server that replays LiteLLM's documented
// shape (virtual keys need the proxy's database, which the offline tests cannot run).
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BUDGET_EXCEEDED_BODY, KEY_INFO_BODY, REPLAY_MODEL, startKeyReplayServer } from "../../tests/support/litellm-key-replay";
import { harness as shellHarness, MemoryOpenChatId, openMessages } from "./controllerHarness";
import { testing } from "./fakes/vscode";
import { loadBackend } from "../src/api/backend";
import type { KeyBudget } from "../src/shared/generated/types";
import type { TeamUpdate } from "../src/shared/protocol";
import { TeamService } from "../src/teams/teamService";
import { headerSecretKey, type TeamSecrets } from "../src/teams/teamSettings";

const backend = loadBackend();
let keyInfoAnswer: { status: number; type: string; body: string } = { status: 200, type: "application/json", body: "{}" };
let seenKeyInfoUrls: string[] = [];
let server: Server;
let proxyUrl = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.startsWith("/key/info") === true) {
      seenKeyInfoUrls.push(request.url);
      response.writeHead(keyInfoAnswer.status, { "content-type": keyInfoAnswer.type });
      response.end(keyInfoAnswer.body);
      return;
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

class MemorySecrets implements TeamSecrets {
  readonly values = new Map<string, string>();
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }
}

interface Harness {
  team: TeamService;
  secrets: MemorySecrets;
  budgets: (KeyBudget | null)[];
  changes: number;
}

function harness(): Harness {
  const secrets = new MemorySecrets();
  const result: Harness = { team: undefined as unknown as TeamService, secrets, budgets: [], changes: 0 };
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  result.team = new TeamService({
    backend,
    secrets,
    log,
    currentSettings: async () => (await result.team.merge({ litellmApiUrl: proxyUrl, litellmApiKey: "sk-user-key" })),
    changed: () => {
      result.changes += 1;
    },
    postBudget: (budget) => {
      result.budgets.push(budget);
    },
  });
  return result;
}

function update(overrides: Partial<TeamUpdate> = {}): TeamUpdate {
  return {
    promptCaching: true,
    reasoningEffort: "default",
    customHeaders: [],
    keyHeader: "authorization",
    caBundlePath: "",
    ...overrides,
  };
}

beforeEach(() => {
  testing.reset();
  seenKeyInfoUrls = [];
  keyInfoAnswer = { status: 403, type: "application/json", body: '{"error":{"message":"forbidden"}}' };
});

describe("team settings", () => {
  it("keeps a secret-looking header value in SecretStorage and only its name in settings.json", async () => {
    const { team, secrets } = harness();
    const outcome = await team.save(
      update({
        customHeaders: [
          { name: "x-gateway-token", value: "tok-0123456789abcdef0123" },
          { name: "x-team-id", value: "platform" },
        ],
        reasoningEffort: "high",
        promptCaching: false,
      }),
    );
    expect(outcome.ok).toBe(true);
    const stored = JSON.stringify(testing.all());
    expect(stored).not.toContain("tok-0123456789abcdef0123");
    expect(stored).toContain("platform");
    expect(secrets.values.get(headerSecretKey("x-gateway-token"))).toBe("tok-0123456789abcdef0123");
    if (!outcome.ok) return;
    expect(outcome.state.team.customHeaders).toEqual([
      { name: "x-gateway-token", secret: true, value: "", valueSet: true },
      { name: "x-team-id", secret: false, value: "platform", valueSet: true },
    ]);
    expect(outcome.state.team.reasoningEffort).toBe("high");
    expect(outcome.state.team.promptCaching).toBe(false);
    // What the core receives has the value back.
    const merged = await team.merge({});
    expect(merged.litellmCustomHeaders).toEqual([
      { name: "x-gateway-token", value: "tok-0123456789abcdef0123" },
      { name: "x-team-id", value: "platform" },
    ]);
  });

  it("keeps the stored secret when the panel saves the row without a value, and deletes it with the row", async () => {
    const { team, secrets } = harness();
    await team.save(update({ customHeaders: [{ name: "Authorization", value: "Bearer gateway-0123456789" }], keyHeader: "x-litellm-api-key" }));
    const kept = await team.save(update({ customHeaders: [{ name: "Authorization", value: null }], keyHeader: "x-litellm-api-key" }));
    expect(kept.ok).toBe(true);
    expect(secrets.values.get(headerSecretKey("Authorization"))).toBe("Bearer gateway-0123456789");
    await team.save(update({ customHeaders: [] }));
    expect(secrets.values.size).toBe(0);
  });

  it("refuses a header name with a space, naming the field, and stores nothing", async () => {
    const { team, secrets, changes } = harness();
    const outcome = await team.save(update({ customHeaders: [{ name: "x team", value: "a" }] }));
    expect(outcome).toEqual({ ok: false, error: { field: "litellmCustomHeaders[0].name", message: expect.stringContaining('"x team"') as string } });
    expect(testing.all()).toEqual({});
    expect(secrets.values.size).toBe(0);
    expect(changes).toBe(0);
  });
});

describe("the key's budget", () => {
  it("asks /key/info without ?key= and shows spend against budget with a warning level", async () => {
    keyInfoAnswer = {
      status: 200,
      type: "application/json",
      // The shape LiteLLM documents for GET /key/info (replayed: virtual keys need a database).
      body: JSON.stringify({
        key: "sk-...-key",
        info: { spend: 8.5, max_budget: 10, budget_reset_at: "2026-12-01T00:00:00Z", expires: null, models: ["claude"], team_id: null },
      }),
    };
    const { team, budgets } = harness();
    const state = await team.state();
    expect(seenKeyInfoUrls).toEqual(["/key/info"]);
    expect(state.budget).toMatchObject({ spendUsd: 8.5, maxBudgetUsd: 10, level: "runningOut", budgetResetAt: "2026-12-01T00:00:00Z" });
    expect(budgets.at(-1)?.remainingUsd).toBeCloseTo(1.5, 9);
    const info = { id: "x", underlyingModel: null, info: backend.providerDefaults().litellmModelInfo };
    const filtered = team.allowedModels({ ok: true, models: [{ ...info, id: "claude" }, { ...info, id: "gpt-4o" }] });
    expect(filtered.ok && filtered.models.map((model) => model.id)).toEqual(["claude"]);
    expect(team.resetAt()).toBe("2026-12-01T00:00:00Z");
  });

  it("quietly hides the budget when /key/info answers 403 or an HTML page", async () => {
    for (const answer of [
      { status: 403, type: "application/json", body: '{"error":{"message":"forbidden"}}' },
      { status: 200, type: "text/html", body: "<html><body>Sign in</body></html>" },
    ]) {
      keyInfoAnswer = answer;
      const { team } = harness();
      const state = await team.state();
      expect(state.budget).toBeNull();
      expect(team.allowedModels({ ok: true, models: [] })).toEqual({ ok: true, models: [] });
    }
  });
});

describe("a spent budget in the chat", () => {
  // The whole shell over a server replaying LiteLLM's documented answers for a virtual key whose
  // budget is spent (`/key/info` and `budget_exceeded`; they need the proxy's database).
  it("keeps the reset time in the saved chat, so the error still says it after reopening", async () => {
    const replay = await startKeyReplayServer({
      keyInfo: { status: 200, type: "application/json", body: KEY_INFO_BODY },
      chatHeaders: {},
      chatError: BUDGET_EXCEEDED_BODY,
    });
    const folder = await mkdtemp(join(tmpdir(), "roo-teams-budget-"));
    try {
      testing.set("rooCodePlus.litellmApiUrl", replay.url);
      testing.set("rooCodePlus.litellmModelId", REPLAY_MODEL);
      const openChatId = new MemoryOpenChatId();
      const first = await shellHarness(folder, { key: "sk-virtual-key", openChatId });
      // The Settings tab asks /key/info, which says when the budget resets.
      expect((await first.request({ kind: "getTeamSettings" })).budget?.budgetResetAt).toBe("2026-12-01T00:00:00Z");
      expect(await first.send("Hello")).toEqual({ ok: true });
      const shown = first.last("replyFinished")?.message.error?.message ?? "";
      expect(shown).toContain("$10.02 spent of $10.00");
      expect(shown).toContain("It resets at 2026-12-01T00:00:00Z");
      // /key/info said $7 of $10 was spent, but the proxy has just refused for a spent budget:
      // the footer shows nothing left rather than the older $3.
      expect(first.last("keyBudget")?.budget).toMatchObject({ level: "exhausted", remainingUsd: 0, maxBudgetUsd: 10 });
      first.dispose();

      // Reopened by a new window that has not asked /key/info: the saved error still says it.
      replay.answers = { ...replay.answers, keyInfo: { status: 403, type: "application/json", body: '{"error":{"message":"forbidden"}}' } };
      const reopened = await shellHarness(folder, { key: "sk-virtual-key", openChatId });
      const messages = await openMessages(reopened);
      expect(messages.at(-1)?.state).toBe("failed");
      expect(messages.at(-1)?.error?.message).toBe(shown);
      reopened.dispose();
    } finally {
      await replay.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
