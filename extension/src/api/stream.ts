/**
 * Turns the wasm `MessageStream` into an async iterable of chunks. The wasm side hands over one
 * batch per network read; this flattens the batches, and when the loop ends for any reason
 * (done, `break`, an exception) it cancels the request and frees the wasm object.
 */
import type { ApiStreamChunk, MessageParam } from "../shared/generated/types";
import type { ApiHandler, MessageStream } from "../../wasm/roo_api_wasm";

export async function* iterateStream(stream: MessageStream): AsyncGenerator<ApiStreamChunk, void, undefined> {
  try {
    for (;;) {
      const batch = await stream.next();
      if (batch === undefined) {
        return;
      }
      yield* batch;
    }
  } finally {
    stream.cancel();
    stream.free();
  }
}

/** Streams a reply to the conversation; aborting `signal` stops it at once. */
export function createMessage(
  handler: ApiHandler,
  systemPrompt: string,
  messages: MessageParam[],
  signal?: AbortSignal,
): AsyncGenerator<ApiStreamChunk, void, undefined> {
  return iterateStream(handler.createMessage(systemPrompt, messages, signal === undefined ? undefined : { signal }));
}
