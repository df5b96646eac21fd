// Reading a reply's stream to its end in the proxy-harness tests: every batch of chunks, then the
// stream and whatever else the test made for it (the handler, an open chat) freed, even when
// reading throws, so a failing test leaks no wasm memory into the next.
import type { ApiStreamChunk } from "../../extension/src/shared/generated/types";

/** What a stream and the objects made for it have in common: wasm memory to free. */
interface Freeable {
  free(): void;
}

interface ChunkStream extends Freeable {
  next(): Promise<ApiStreamChunk[] | undefined>;
}

/** Every chunk of `stream`, in order; frees it and `alsoFree` afterwards. */
export async function drainStream(stream: ChunkStream, ...alsoFree: Freeable[]): Promise<ApiStreamChunk[]> {
  const chunks: ApiStreamChunk[] = [];
  try {
    for (;;) {
      const batch = await stream.next();
      if (batch === undefined) break;
      chunks.push(...batch);
    }
  } finally {
    stream.free();
    for (const object of alsoFree) object.free();
  }
  return chunks;
}
