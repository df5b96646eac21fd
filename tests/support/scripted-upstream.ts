// A FAKE model upstream for the Code-mode tests: a local OpenAI-compatible `/chat/completions`
// server that plays a script instead of thinking. The model is the one thing that cannot run on
// this machine; everything around it (the real LiteLLM proxy, the wasm backend, VS Code) is real.
//
// A script is a list of turns registered under a marker. A chat request plays the script whose
// marker appears in its last `user` message that mentions one (the task; tool results come back
// as `tool` messages after it), and its turn number is how many `assistant` messages follow that
// user message. So the turn is chosen from the request alone: a retried request gets the same
// turn, and several chats can each run their own script against one server.
//
// Each turn streams its text, then its tool calls the way litellm 1.106.2 passes them through
// (BRIEF section 7): a call's first delta holds `index`, `id`, `type`, `function.name` and empty
// arguments; later deltas hold only `index` and a piece of the arguments, cut at awkward places
// (inside keys and values); parallel calls interleave by index; then a chunk with
// `finish_reason: "tool_calls"`, the usage chunk (when asked for) and `[DONE]`. Every request body
// is recorded, so a test can read exactly what the model was told: the tool results, a
// rejection's reason, or that a secret never arrived. A turn can be held until the test releases
// it, for checks made while a reply is still streaming.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseBody, readBody } from "./fault-server";

/** One tool call a turn makes. `arguments` is sent as JSON text (an object is stringified). */
export interface ScriptedToolCall {
  /** Defaults to `call_<turn>_<position>` of the script's marker. */
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

/** One reply of the fake model. */
export interface ScriptedTurn {
  /** Text before the tool calls (streamed in a few pieces). */
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** Stream the role chunk and the text, then wait for `release()` before the tool calls and the end. */
  hold?: boolean;
}

/** A chat request the upstream received, with the turn it played (if any). */
export interface ScriptedRequest {
  method: string;
  path: string;
  /** The parsed JSON body (the raw text when it was not JSON). */
  body: unknown;
  /** The script that answered, or undefined when none matched. */
  marker: string | undefined;
  turn: number;
}

/** The parts of an OpenAI chat request these tests read. */
export interface ChatBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  tool_choice?: unknown;
  messages: ChatBodyMessage[];
}

export interface ChatBodyMessage {
  role: string;
  content?: unknown;
  tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface ScriptedUpstream {
  /** The base URL, without `/v1`. */
  url: string;
  /** Every request, in arrival order (LiteLLM's `GET /v1/models` probes included). */
  requests: ScriptedRequest[];
  /** The chat completion requests only, as their bodies. */
  chatRequests(): ChatBody[];
  /** Registers (or replaces) the script played for requests whose task mentions `marker`. */
  script(marker: string, turns: ScriptedTurn[]): void;
  /** How many held turns are waiting for `release()`. */
  heldCount(): number;
  /** Lets every held turn go on. */
  release(): void;
  close(): Promise<void>;
}

/** What a request that matches no script is answered with, so a test failing there says why. */
export const NO_SCRIPT_REPLY = "The scripted upstream has no script for this request.";
/** What a request past the end of its script is answered with (a plain answer ends the loop). */
export const SCRIPT_OVER_REPLY = "The script is over.";

// Piece lengths for cutting arguments: small, uneven and repeating, so a cut falls inside a key,
// inside a value and next to an escape sooner or later.
const PIECE_LENGTHS = [3, 1, 6, 2, 9, 4, 13, 5];

export async function startScriptedUpstream(): Promise<ScriptedUpstream> {
  const requests: ScriptedRequest[] = [];
  const scripts = new Map<string, ScriptedTurn[]>();
  const waiting = new Set<() => void>();

  const server = createServer((req, res) => {
    void readBody(req)
      .then(async (text) => {
        const body = parseBody(text);
        const path = (req.url ?? "").split("?")[0] ?? "";
        if (req.method === "GET" && (path === "/v1/models" || path === "/models")) {
          requests.push({ method: "GET", path, body, marker: undefined, turn: 0 });
          sendJson(res, 200, { object: "list", data: [{ id: "scripted-agent", object: "model", created: 1700000000, owned_by: "scripted" }] });
          return;
        }
        if (req.method !== "POST" || !path.endsWith("/chat/completions")) {
          requests.push({ method: req.method ?? "", path, body, marker: undefined, turn: 0 });
          sendJson(res, 404, { error: { message: `Unknown route ${req.method ?? ""} ${path}`, type: "invalid_request_error", param: null, code: null } });
          return;
        }
        const chat = (typeof body === "object" && body !== null ? body : { messages: [] }) as ChatBody;
        const { marker, turn } = pickTurn(scripts, chat);
        requests.push({ method: "POST", path, body, marker, turn });
        const scripted = marker === undefined ? { text: NO_SCRIPT_REPLY } : (scripts.get(marker)?.[turn] ?? { text: SCRIPT_OVER_REPLY });
        const calls = (scripted.toolCalls ?? []).map((call, position) => ({
          id: call.id ?? `call_${marker ?? "none"}_${turn}_${position}`,
          name: call.name,
          arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
        }));
        const hold = scripted.hold === true ? () => holdUntilReleased(waiting, res) : () => Promise.resolve();
        await answer(res, chat, scripted.text ?? "", calls, hold);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
        else res.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  const release = (): void => {
    for (const go of [...waiting]) go();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    chatRequests: () =>
      requests.filter((request) => request.path.endsWith("/chat/completions")).map((request) => request.body as ChatBody),
    script: (marker, turns) => {
      scripts.set(marker, turns);
    },
    heldCount: () => waiting.size,
    release,
    close: () =>
      new Promise<void>((resolve) => {
        release();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The script of the last user message that mentions a marker (the longest marker, if it mentions
 * several), and the turn: how many assistant messages follow that message. Later user messages
 * without a marker (context the shell adds) do not start a new script.
 */
function pickTurn(scripts: Map<string, ScriptedTurn[]>, body: ChatBody): { marker: string | undefined; turn: number } {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const byLength = [...scripts.keys()].sort((a, b) => b.length - a.length);
  for (let position = messages.length - 1; position >= 0; position -= 1) {
    const message = messages[position];
    if (message?.role !== "user") continue;
    const task = textOf(message.content);
    const marker = byLength.find((key) => task.includes(key));
    if (marker === undefined) continue;
    const turn = messages.slice(position + 1).filter((later) => later.role === "assistant").length;
    return { marker, turn };
  }
  return { marker: undefined, turn: 0 };
}

/** A message's text: string content, or the text parts of a content array joined. */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return (content as { type?: unknown; text?: unknown }[])
    .map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : ""))
    .join("\n");
}

/** Waits for `release()` or for the client to go away (Stop), whichever comes first. */
function holdUntilReleased(waiting: Set<() => void>, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const go = (): void => {
      waiting.delete(go);
      res.off("close", go);
      resolve();
    };
    waiting.add(go);
    res.once("close", go);
  });
}

interface WireCall {
  id: string;
  name: string;
  arguments: string;
}

/** Cuts `text` into pieces of the repeating uneven lengths, never inside a character. */
export function cutAwkwardly(text: string, offset = 0): string[] {
  const characters = Array.from(text);
  const pieces: string[] = [];
  let at = 0;
  let which = offset;
  while (at < characters.length) {
    const length = PIECE_LENGTHS[which % PIECE_LENGTHS.length] ?? 1;
    pieces.push(characters.slice(at, at + length).join(""));
    at += length;
    which += 1;
  }
  return pieces;
}

async function answer(res: ServerResponse, body: ChatBody, text: string, calls: WireCall[], hold: () => Promise<void>): Promise<void> {
  const id = `chatcmpl-scripted-${Math.random().toString(36).slice(2, 10)}`;
  const created = Math.floor(Date.now() / 1000);
  const model = body.model ?? "scripted-agent";
  const envelope = { id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_scripted" };
  const completionChars = text.length + calls.reduce((sum, call) => sum + call.name.length + call.arguments.length, 0);
  const usage = {
    prompt_tokens: Math.max(1, Math.ceil(JSON.stringify(body.messages).length / 4)),
    completion_tokens: Math.max(1, Math.ceil(completionChars / 4)),
    total_tokens: 0,
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const finishReason = calls.length > 0 ? "tool_calls" : "stop";

  if (body.stream !== true) {
    const message: Record<string, unknown> = { role: "assistant", content: text === "" ? null : text };
    if (calls.length > 0) {
      message.tool_calls = calls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } }));
    }
    await hold();
    sendJson(res, 200, { ...envelope, object: "chat.completion", choices: [{ index: 0, message, finish_reason: finishReason }], usage });
    return;
  }

  const includeUsage = body.stream_options?.include_usage === true;
  const write = (value: unknown): boolean => {
    if (res.destroyed || res.writableEnded) return false;
    res.write(`data: ${JSON.stringify(value)}\n\n`);
    return true;
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): boolean =>
    write({ ...envelope, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}) });

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  chunk({ role: "assistant", content: "" });
  for (const piece of text === "" ? [] : cutAwkwardly(text, 4)) chunk({ content: piece });
  await hold();
  // Each call's opening delta, then the argument pieces of all calls in turn, interleaved by index.
  calls.forEach((call, index) => {
    chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] });
  });
  const pieces = calls.map((call, index) => cutAwkwardly(call.arguments, index));
  const longest = Math.max(0, ...pieces.map((list) => list.length));
  for (let round = 0; round < longest; round += 1) {
    pieces.forEach((list, index) => {
      const piece = list[round];
      if (piece !== undefined) chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
    });
  }
  chunk({}, finishReason);
  if (includeUsage) write({ ...envelope, choices: [], usage });
  if (!res.destroyed && !res.writableEnded) res.end("data: [DONE]\n\n");
}


function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
