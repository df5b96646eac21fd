/**
 * Turns the wasm `MessageStream` into async iterables. The wasm side hands over one batch per
 * network read; `iterateBatches` keeps the batches (the chat applies a batch at a time) and
 * `createMessage` flattens them into chunks. When a loop ends for any reason (done, `break`, an
 * exception) the request is cancelled and the wasm object freed.
 */
import type { ApiStreamChunk, MessageParam } from "../shared/generated/types";
import type { ApiHandler, MessageStream } from "../../wasm/roo_api_wasm";

export async function* iterateBatches(stream: MessageStream): AsyncGenerator<ApiStreamChunk[], void, undefined> {
  try {
    for (;;) {
      const batch = await stream.next();
      if (batch === undefined) {
        return;
      }
      yield batch;
    }
  } finally {
    stream.cancel();
    stream.free();
  }
}

export async function* iterateStream(stream: MessageStream): AsyncGenerator<ApiStreamChunk, void, undefined> {
  for await (const batch of iterateBatches(stream)) {
    yield* batch;
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
