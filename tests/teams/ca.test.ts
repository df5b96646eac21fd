// A company CA in front of the real LiteLLM proxy: an HTTPS endpoint whose certificate is signed
// by a CA generated here (openssl CLI), forwarding to the proxy. Without the CA the backend's
// error names the host and the settings to set; with `rooCodePlus.litellm.caBundlePath`'s fetch
// installed the chat and discovery work over HTTPS; a missing or non-PEM bundle is a clear
// sentence and the host's fetch stays.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBackend } from "../../extension/src/api/backend";
import type { ApiStreamChunk, ProviderSettings } from "../../extension/src/shared/generated/types";
import { FETCH_OVERRIDE, loadCaBundle, useCaBundle } from "../../extension/src/teams/caFetch";
import { drainStream } from "../support/streams";
import { startFaultServer, type FaultServer } from "../support/fault-server";
import { MOCK_RESPONSE, startLiteLlmProxy, type LiteLlmProxy } from "../support/litellm-proxy";

const backend = loadBackend();
const MASTER_KEY = "sk-test-master-key-0123456789";
let dir = "";
let faults: FaultServer;
let proxy: LiteLlmProxy;
let front: https.Server;
let httpsUrl = "";

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "roo-ca-"));
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Roo Test Company CA");
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  await writeFile(join(dir, "ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf");
  await writeFile(join(dir, "not-pem.txt"), "this is not a certificate\n");

  faults = await startFaultServer();
  proxy = await startLiteLlmProxy({ upstreamUrl: faults.url, masterKey: MASTER_KEY });
  const { readFileSync } = await import("node:fs");
  front = https.createServer({ key: readFileSync(join(dir, "server.key")), cert: readFileSync(join(dir, "server.pem")) }, (request, response) => {
    const forwarded = http.request(
      `${proxy.url}${request.url ?? "/"}`,
      { method: request.method, headers: { ...request.headers, host: `127.0.0.1:${String(proxy.port)}` } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on("error", () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  httpsUrl = `https://127.0.0.1:${String((front.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  Reflect.deleteProperty(globalThis, FETCH_OVERRIDE);
  front.closeAllConnections();
  await new Promise<void>((resolve) => front.close(() => resolve()));
  await proxy.stop();
  await faults.close();
  await rm(dir, { recursive: true, force: true });
});

function settings(url: string): ProviderSettings {
  return { apiProvider: "litellm", litellmApiUrl: url, litellmApiKey: MASTER_KEY, litellmModelId: "mock-gpt" };
}

async function reply(url: string): Promise<ApiStreamChunk[]> {
  const handler = backend.buildApiHandler(settings(url), { maxRetries: 0 });
  const stream = handler.createMessage("", [{ role: "user", content: "Hi" }], undefined);
  const chunks = await drainStream(stream, handler);
  return chunks;
}

const textOf = (chunks: ApiStreamChunk[]) => chunks.flatMap((chunk) => (chunk.type === "text" ? [chunk.text] : [])).join("");

describe("a company CA in front of the real proxy", () => {
  it("without the CA, the error names the host and what to set", async () => {
    Reflect.deleteProperty(globalThis, FETCH_OVERRIDE);
    const chunks = await reply(httpsUrl);
    const error = chunks.find((chunk) => chunk.type === "error");
    expect(error?.type).toBe("error");
    if (error?.type !== "error") return;
    expect(error.error.kind).toBe("proxyUnreachable");
    expect(error.error.message).toContain(httpsUrl.replace("https://", ""));
    expect(error.error.message).toContain("rooCodePlus.litellm.caBundlePath");
    expect(error.error.message).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("with the CA bundle, chat and discovery work over HTTPS", async () => {
    expect(await useCaBundle(join(dir, "ca.pem"))).toBeNull();
    expect(textOf(await reply(httpsUrl))).toBe(MOCK_RESPONSE);
    const models = await backend.listModels(settings(httpsUrl), undefined);
    expect(models.map((model) => model.id)).toContain("mock-gpt");
    // Plain HTTP to the proxy still goes through the installed fetch and works.
    expect(textOf(await reply(proxy.url))).toBe(MOCK_RESPONSE);
  });

  it("a missing or non-PEM bundle is a clear sentence and the host's fetch stays", async () => {
    const missing = await useCaBundle(join(dir, "nowhere.pem"));
    expect(missing).toContain("does not exist");
    expect(missing).toContain("rooCodePlus.litellm.caBundlePath");
    expect(Reflect.has(globalThis, FETCH_OVERRIDE)).toBe(false);
    const notPem = await loadCaBundle(join(dir, "not-pem.txt"));
    expect(notPem.ok ? "" : notPem.message).toContain("holds no PEM certificate");
    // The chat still works over plain HTTP.
    expect(textOf(await reply(proxy.url))).toBe(MOCK_RESPONSE);
  });
});
