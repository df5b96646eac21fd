// The shared harness's backend must hand its request policy to every export that takes one, in
// the shape that export reads: `listModels` reads it from `options.policy`, so a policy spread
// into the options would leave discovery on its default 15-second timeout.
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { loadBackend, type Backend } from "../src/api/backend";
import { backendWith } from "./controllerHarness";

describe("backendWith", () => {
  it("hands listModels its policy under options.policy, beside the caller's own", async () => {
    const real = loadBackend();
    const seen: unknown[] = [];
    const recording: Backend = {
      ...real,
      listModels: (settings, options) => {
        seen.push(options);
        return Promise.resolve([]);
      },
    };
    const signal = new AbortController().signal;
    await backendWith({ discoveryTimeoutMs: 300, maxRetries: 0 }, recording).listModels({}, { signal, policy: { maxRetries: 2 } });
    expect(seen).toEqual([{ signal, policy: { discoveryTimeoutMs: 300, maxRetries: 2 } }]);
  });

  it("applies its discovery timeout to listModels", async () => {
    // A proxy that accepts the connection and never answers: only the timeout ends discovery.
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // With the policy ignored, discovery would wait its default 15 s and the test time out.
      await expect(
        backendWith({ discoveryTimeoutMs: 300 }).listModels({ litellmApiUrl: `http://127.0.0.1:${port}` }, undefined),
      ).rejects.toMatchObject({ name: "RooApiError", kind: "timeout" });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
