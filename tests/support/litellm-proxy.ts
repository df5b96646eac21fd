// Starts the real LiteLLM proxy (from the venv `scripts/setup-litellm.sh` makes) on 127.0.0.1 for
// tests: mock models that need no upstream, one `fault-<scenario>` model per fault-server scenario, and
// `scripted-agent` (the fake tool-calling model of `scripted-upstream.ts`) when its URL is given.
// The proxy runs in its own process group and `stop()` ends the whole group.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { FAULT_SCENARIOS } from "./fault-server";
import { freePort, startGroup } from "./processes";

export interface LiteLlmProxy {
  url: string;
  port: number;
  masterKey: string | undefined;
  stop(): Promise<void>;
  logs(): string;
}

export interface LiteLlmProxyOptions {
  /** The fault server's base URL (without `/v1`). */
  upstreamUrl: string;
  masterKey?: string;
  port?: number;
  /** More `model_list` entries, for tests with their own upstreams (an Anthropic-shaped one). */
  extraModels?: Record<string, unknown>[];
  /** The scripted (fake model) upstream's base URL (without `/v1`): adds the `scripted-agent` model. */
  scriptedUpstreamUrl?: string;
}

export const MOCK_RESPONSE = "Hello from the mock model! This reply streams in small pieces.";
export const MOCK_PRICES = { input_cost_per_token: 0.00000015, output_cost_per_token: 0.0000006 };
export const FAULT_PRICES = { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 };
/** The Code-mode model: the scripted upstream (`scripted-upstream.ts`) behind the proxy, able to call tools. */
export const SCRIPTED_AGENT_MODEL = "scripted-agent";

/** The `scripted-agent` entry: an OpenAI-style model that says it supports function calling. */
export function scriptedAgentModel(scriptedUpstreamUrl: string): Record<string, unknown> {
  return {
    model_name: SCRIPTED_AGENT_MODEL,
    litellm_params: {
      model: `openai/${SCRIPTED_AGENT_MODEL}`,
      api_base: `${scriptedUpstreamUrl.replace(/\/+$/, "")}/v1`,
      api_key: "fake-upstream-key",
      ...FAULT_PRICES,
    },
    model_info: {
      ...FAULT_PRICES,
      max_input_tokens: 128000,
      max_output_tokens: 4096,
      supports_function_calling: true,
      supports_tool_choice: true,
    },
  };
}

const READY_TIMEOUT_MS = 120_000;

export function liteLlmVenv(): string {
  const cache = process.env.ROO_CACHE_DIR ?? join(homedir(), ".cache", "roo-code-plus");
  return process.env.ROO_LITELLM_VENV ?? join(cache, "litellm-venv");
}

/** The proxy's config. YAML is a superset of JSON, so the file is written as JSON. */
export function liteLlmConfig(
  upstreamUrl: string,
  masterKey?: string,
  extraModels: Record<string, unknown>[] = [],
): Record<string, unknown> {
  const mockModel = (name: string, mockResponse: string): Record<string, unknown> => ({
    model_name: name,
    litellm_params: { model: "openai/gpt-4o-mini", mock_response: mockResponse, ...MOCK_PRICES },
    model_info: {
      ...MOCK_PRICES,
      max_tokens: 16384,
      max_input_tokens: 128000,
      max_output_tokens: 16384,
      supports_vision: true,
    },
  });
  const faultModels = FAULT_SCENARIOS.map((scenario) => ({
    model_name: `fault-${scenario}`,
    litellm_params: {
      model: `openai/${scenario}`,
      api_base: `${upstreamUrl.replace(/\/+$/, "")}/v1`,
      api_key: "fake-upstream-key",
      ...FAULT_PRICES,
    },
    model_info: { ...FAULT_PRICES, max_input_tokens: 8192, max_output_tokens: 1024 },
  }));
  return {
    model_list: [
      mockModel("mock-gpt", MOCK_RESPONSE),
      ...faultModels,
      mockModel("mock-rate-limit", "litellm.RateLimitError"),
      mockModel("mock-server-error", "litellm.InternalServerError"),
      mockModel("mock-context-window", "litellm.ContextWindowExceededError"),
      {
        // The echo upstream as a vision model with a small window: the workspace-context tests
        // send it images, and a long chat outgrows its window within a few turns.
        model_name: "echo-vision-small",
        litellm_params: {
          model: "openai/echo",
          api_base: `${upstreamUrl.replace(/\/+$/, "")}/v1`,
          api_key: "fake-upstream-key",
          ...FAULT_PRICES,
        },
        model_info: { ...FAULT_PRICES, max_input_tokens: 4096, max_output_tokens: 512, supports_vision: true },
      },
      {
        // Nothing listens on the discard port of the loopback address, so the proxy's call to
        // this model's provider is refused: the "upstream is down" case.
        model_name: "dead-upstream",
        litellm_params: { model: "openai/dead", api_base: "http://127.0.0.1:9/v1", api_key: "fake-upstream-key" },
      },
      ...extraModels,
    ],
    // No retries and a bounded timeout: otherwise each failing request is retried and takes seconds.
    litellm_settings: { num_retries: 0, request_timeout: 30, drop_params: true },
    // 1.106.2 refuses to start without a master key unless told this is deliberate (a keyless
    // proxy is a real set-up users have, so tests need it).
    general_settings:
      masterKey === undefined ? { dangerously_permit_weak_or_unset_master_key: true } : { master_key: masterKey },
  };
}

/** The environment for the proxy: no proxies, no outer LiteLLM settings or database, no price download. */
function proxyEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(https?_proxy|all_proxy|no_proxy|litellm_.*|database_url)$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_PROXY: "*", no_proxy: "*", LITELLM_LOCAL_MODEL_COST_MAP: "True", PYTHONUNBUFFERED: "1" };
}

export async function startLiteLlmProxy(options: LiteLlmProxyOptions): Promise<LiteLlmProxy> {
  const litellm = join(liteLlmVenv(), "bin", "litellm");
  if (!existsSync(litellm)) {
    throw new Error(`LiteLLM is not installed at ${litellm}: run \`bash scripts/setup-litellm.sh\` first.`);
  }
  const dir = await mkdtemp(join(tmpdir(), "roo-litellm-"));
  const configPath = join(dir, "config.yaml");
  const extraModels = [
    ...(options.scriptedUpstreamUrl === undefined ? [] : [scriptedAgentModel(options.scriptedUpstreamUrl)]),
    ...(options.extraModels ?? []),
  ];
  await writeFile(configPath, JSON.stringify(liteLlmConfig(options.upstreamUrl, options.masterKey, extraModels), null, 2));
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;

  const child = startGroup(litellm, ["--config", configPath, "--host", "127.0.0.1", "--port", String(port)], {
    env: proxyEnv(),
    cwd: dir,
  });
  const stop = async (): Promise<void> => {
    await child.stop(10_000);
    await rm(dir, { recursive: true, force: true });
  };
  const proxy: LiteLlmProxy = { url, port, masterKey: options.masterKey, stop, logs: () => child.logs() };

  try {
    await waitUntilReady(url, child.exited);
    await warmUp(proxy);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    // The tail of the logs is where the reason is (a failed start prints a very long traceback).
    const logs = child.logs().slice(-12_000);
    throw new Error(`LiteLLM proxy did not start: ${reason}\n--- proxy logs (tail) ---\n${logs}`);
  }
  return proxy;
}

async function waitUntilReady(url: string, exited: Promise<number | string>): Promise<void> {
  let exitStatus: number | string | undefined;
  void exited.then((status) => (exitStatus = status));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exitStatus !== undefined) throw new Error(`the process exited (${String(exitStatus)})`);
    try {
      const response = await fetch(`${url}/health/readiness`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      await response.body?.cancel();
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s`);
}

// The first request after start is slow (LiteLLM sets up its router lazily): pay for it here.
async function warmUp(proxy: LiteLlmProxy): Promise<void> {
  const response = await fetch(`${proxy.url}/v1/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(proxy.masterKey === undefined ? {} : { authorization: `Bearer ${proxy.masterKey}` }),
    },
    body: JSON.stringify({ model: "mock-gpt", messages: [{ role: "user", content: "warm up" }] }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`warm-up request answered ${response.status}: ${text}`);
}
