/**
 * Redaction for everything the extension writes to its log: the stored key itself and anything
 * shaped like a bearer token, so a pasted error or a proxy message cannot leak a key.
 *
 * The rules are the core's (`classify::redact_secrets` in crates/api), and both are pinned by one
 * table, `crates/api/tests/fixtures/redaction_vectors.json`. A secret is never shown, so they err
 * towards redacting: the key is redacted whatever its length (a three-character key is still the
 * key; hiding a few ordinary letters costs nothing), trimmed as it is sent; an `sk-` token is
 * redacted wherever it starts a word, including after a hyphen (`x-sk-...`).
 */

const REDACTED = "[redacted]";
// `sk-` not preceded by an ASCII letter, digit or underscore, then six or more token characters.
const SK_TOKEN = /(?<![A-Za-z0-9_])sk-[A-Za-z0-9_-]{6,}/g;
// `Bearer` (any case) starting a word, spaces, tabs or line breaks, then the token up to the next
// whitespace, quote or comma, so the JSON or header around it survives.
const BEARER = /(?<![A-Za-z0-9_])(bearer[ \t\r\n]+)[^ \t\r\n"',]+/gi;

export function redact(text: string, secret: string | undefined): string {
  let result = text;
  const key = secret?.trim() ?? "";
  if (key !== "") {
    result = result.split(key).join(REDACTED);
  }
  return result.replace(SK_TOKEN, REDACTED).replace(BEARER, `$1${REDACTED}`);
}
