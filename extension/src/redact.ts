/**
 * Redaction for everything the extension writes to its log: the stored key itself and anything
 * shaped like a bearer token, so a pasted error or a proxy message cannot leak a key.
 */

const SK_TOKEN = /\bsk-[A-Za-z0-9_-]{6,}/g;
const BEARER = /\b(Bearer\s+)\S+/gi;

export function redact(text: string, secret: string | undefined): string {
  let result = text;
  if (secret !== undefined && secret.length >= 4) {
    result = result.split(secret).join("[redacted]");
  }
  return result.replace(SK_TOKEN, "[redacted]").replace(BEARER, "$1[redacted]");
}
