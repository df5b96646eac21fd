/**
 * The company CA: a fetch for the wasm backend that trusts the CA bundle named in
 * `rooCodePlus.litellm.caBundlePath` (PEM), beside the system's roots and `NODE_EXTRA_CA_CERTS`.
 * Node's own fetch takes no CA option, so this one is built on `node:https` and answers with a
 * standard `Response` whose body streams. It is installed as `globalThis.rooCodePlusFetch`, which
 * only the backend reads (`crates/api-wasm/src/fetch.rs`): other extensions in the same host keep
 * the host's fetch. Without a bundle nothing is installed, and Node's fetch already honours
 * `NODE_EXTRA_CA_CERTS`.
 */
import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import tls from "node:tls";

/** The name the backend looks for. */
export const FETCH_OVERRIDE = "rooCodePlusFetch";

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a CA bundle, or the sentence saying why the file cannot be used. */
export type CaBundle = { ok: true; certificates: string[] } | { ok: false; message: string };

/** Reads and checks a PEM bundle: the file must exist and hold at least one readable certificate. */
export async function loadCaBundle(path: string): Promise<CaBundle> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder, not a file" : `cannot be read (${code})`;
    return { ok: false, message: `The CA bundle ${path} ${reason}. Set rooCodePlus.litellm.caBundlePath to your company CA's PEM file.` };
  }
  const certificates = text.match(PEM_CERTIFICATE) ?? [];
  if (certificates.length === 0) {
    return {
      ok: false,
      message: `The CA bundle ${path} holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block). Export the company CA as PEM (Base64), not DER, and point rooCodePlus.litellm.caBundlePath at it.`,
    };
  }
  for (const [index, pem] of certificates.entries()) {
    try {
      new X509Certificate(pem);
    } catch {
      return { ok: false, message: `Certificate ${String(index + 1)} in the CA bundle ${path} cannot be read. Export the company CA again as PEM.` };
    }
  }
  return { ok: true, certificates };
}

/** The extra CAs of `NODE_EXTRA_CA_CERTS`, which an explicit `ca` would otherwise drop. */
async function extraCaFromEnvironment(): Promise<string[]> {
  const path = process.env.NODE_EXTRA_CA_CERTS;
  if (path === undefined || path === "") return [];
  const bundle = await loadCaBundle(path);
  return bundle.ok ? bundle.certificates : [];
}

/** A fetch that trusts the system's roots, `NODE_EXTRA_CA_CERTS` and `certificates`. */
export async function fetchTrusting(certificates: readonly string[]): Promise<typeof fetch> {
  const ca = [...tls.rootCertificates, ...(await extraCaFromEnvironment()), ...certificates];
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers = new Headers(init?.headers);
      const body = typeof init?.body === "string" ? init.body : undefined;
      const options: https.RequestOptions = {
        method: init?.method ?? "GET",
        headers: Object.fromEntries(headers.entries()),
        ...(init?.signal ? { signal: init.signal } : {}),
        ...(url.protocol === "https:" ? { ca } : {}),
      };
      const client = url.protocol === "https:" ? https : http;
      const request = client.request(url, options, (incoming) => {
        const answer = new Headers();
        for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
          answer.append(incoming.rawHeaders[index] ?? "", incoming.rawHeaders[index + 1] ?? "");
        }
        const status = incoming.statusCode ?? 502;
        const noBody = status === 204 || status === 304 || options.method === "HEAD";
        // Node's web stream and the DOM's differ only in their type declarations.
        const stream = noBody ? null : (Readable.toWeb(incoming) as unknown as ReadableStream<Uint8Array>);
        resolve(new Response(stream, { status, statusText: incoming.statusMessage ?? "", headers: answer }));
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        // Shaped like Node's fetch failure, so the backend reads the code (a certificate's, say).
        reject(new TypeError(`fetch failed (${url.host})`, { cause: error }));
      });
      if (body !== undefined) request.write(body);
      request.end();
    });
}

/**
 * Installs the fetch for a CA bundle path, or removes it for an empty one. Returns the sentence
 * for the user when the bundle cannot be used (the host's fetch stays then).
 */
export async function useCaBundle(path: string, target: Record<string, unknown> = globalThis): Promise<string | null> {
  const trimmed = path.trim();
  if (trimmed === "") {
    Reflect.deleteProperty(target, FETCH_OVERRIDE);
    return null;
  }
  const bundle = await loadCaBundle(trimmed);
  if (!bundle.ok) {
    Reflect.deleteProperty(target, FETCH_OVERRIDE);
    return bundle.message;
  }
  target[FETCH_OVERRIDE] = await fetchTrusting(bundle.certificates);
  return null;
}
