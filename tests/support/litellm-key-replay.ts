// A local server that REPLAYS what a LiteLLM proxy answers a non-admin virtual key. Virtual keys,
// budgets and `/key/info` need the proxy's database, which cannot run offline here, so the shapes
// are LiteLLM's documented ones: the `/key/info` body, the `x-litellm-key-*` and
// `x-ratelimit-remaining-*` response headers, and the `budget_exceeded` error. Used by the shell
// test of a spent budget and by the code-server screenshots of the budget.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** What the server answers; change it between requests. */
export interface KeyReplayAnswers {
  /** The `/key/info` answer. */
  keyInfo: { status: number; type: string; body: string };
  /** Headers on a streamed reply (the key's spend and limits as LiteLLM sends them). */
  chatHeaders: Record<string, string>;
  /** A 400 body for every chat request instead of a reply (a spent budget), or `null`. */
  chatError: string | null;
}

export interface KeyReplayServer {
  readonly url: string;
  answers: KeyReplayAnswers;
  /** Every request's path and headers, in order. */
  readonly seen: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** The model the server lists and answers as. */
export const REPLAY_MODEL = "claude";

/** The text of every streamed reply. */
export const REPLAY_REPLY_TEXT = "Hi from the replayed proxy.";

/** `/key/info` for a key with a $10 monthly budget, $7 spent (LiteLLM's documented fields). */
export const KEY_INFO_BODY = JSON.stringify({
  key: "sk-...abcd",
  info: {
    key_name: "sk-...abcd",
    spend: 7.0,
    max_budget: 10.0,
    budget_duration: "30d",
    budget_reset_at: "2026-12-01T00:00:00Z",
    expires: "2027-01-01T00:00:00Z",
    models: [REPLAY_MODEL],
    tpm_limit: null,
    rpm_limit: 60,
    team_id: "team-1",
  },
});

/** LiteLLM's answer to a request past the key's budget. */
export const BUDGET_EXCEEDED_BODY =
  '{"error":{"message":"Budget has been exceeded! Current cost: 10.0213, Max budget: 10.0","type":"budget_exceeded","param":null,"code":"400"}}';

/** `/v1/model/info` listing the one model, shaped as litellm 1.106.2 answers it. */
const MODEL_INFO_BODY = JSON.stringify({
  data: [
    {
      model_name: REPLAY_MODEL,
      litellm_params: { model: "anthropic/claude-sonnet-4-5" },
      model_info: { max_input_tokens: 200000, max_output_tokens: 8192, input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5 },
    },
  ],
});

function stream(): string {
  return [
    { choices: [{ index: 0, delta: { role: "assistant", content: REPLAY_REPLY_TEXT } }] },
    { choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
    { choices: [{ index: 0, delta: {} }], usage: { prompt_tokens: 50, completion_tokens: 7, cost: 0.000255 } },
  ]
    .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
    .join("")
    .concat("data: [DONE]\n\n");
}

export async function startKeyReplayServer(answers: KeyReplayAnswers): Promise<KeyReplayServer> {
  const seen: KeyReplayServer["seen"] = [];
  const state = { answers };
  const server = createServer((request, response) => {
    const path = request.url ?? "";
    seen.push({ path, headers: request.headers });
    request.resume();
    request.on("end", () => {
      const current = state.answers;
      if (path === "/key/info") {
        response.writeHead(current.keyInfo.status, { "content-type": current.keyInfo.type });
        response.end(current.keyInfo.body);
      } else if (path === "/v1/model/info") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(MODEL_INFO_BODY);
      } else if (path === "/v1/chat/completions" && current.chatError !== null) {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(current.chatError);
      } else if (path === "/v1/chat/completions") {
        response.writeHead(200, { "content-type": "text/event-stream", ...current.chatHeaders });
        response.end(stream());
      } else {
        response.writeHead(404, { "content-type": "application/json" });
        response.end('{"error":{"message":"Not Found"}}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    url,
    seen,
    get answers() {
      return state.answers;
    },
    set answers(next: KeyReplayAnswers) {
      state.answers = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
