// A small server that speaks Anthropic's Messages API (`POST /v1/messages`, streamed as
// `message_start` ... `message_stop`) for tests that put an `anthropic/...` model behind the real
// LiteLLM proxy: it records what LiteLLM sent (so a test sees the `cache_control` marks on
// Anthropic's `system` and message parts) and reports the cache usage a test chooses.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface AnthropicUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
}

export interface AnthropicRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface AnthropicUpstream {
  url: string;
  requests: AnthropicRequest[];
  close(): Promise<void>;
}

export const ANTHROPIC_REPLY = "Hello from the cache.";

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Starts the server on 127.0.0.1; every reply streams `ANTHROPIC_REPLY` and reports `usage`. */
export async function startAnthropicUpstream(usage: AnthropicUsage): Promise<AnthropicUpstream> {
  const requests: AnthropicRequest[] = [];
  const server = createServer((request, response) => {
    const pieces: Buffer[] = [];
    request.on("data", (piece: Buffer) => pieces.push(piece));
    request.on("end", () => {
      const text = Buffer.concat(pieces).toString("utf8");
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text for the test to see.
      }
      requests.push({ path: request.url ?? "", headers: request.headers, body });
      if (!(request.url ?? "").endsWith("/messages")) {
        response.writeHead(404, { "content-type": "application/json" });
        response.end(JSON.stringify({ type: "error", error: { type: "not_found_error", message: "no such route" } }));
        return;
      }
      const model = typeof body === "object" && body !== null ? (body as { model?: unknown }).model : undefined;
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(
        event("message_start", {
          type: "message_start",
          message: {
            id: "msg_test_1",
            type: "message",
            role: "assistant",
            model: typeof model === "string" ? model : "claude",
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...usage, output_tokens: 1 },
          },
        }),
      );
      response.write(event("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }));
      response.write(
        event("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: ANTHROPIC_REPLY } }),
      );
      response.write(event("content_block_stop", { type: "content_block_stop", index: 0 }));
      response.write(
        event("message_delta", {
          type: "message_delta",
          delta: { stop_reason: "end_turn", stop_sequence: null },
          usage: { output_tokens: usage.output_tokens },
        }),
      );
      response.end(event("message_stop", { type: "message_stop" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
