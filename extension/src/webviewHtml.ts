/**
 * The sidebar webview's HTML document. Kept free of the `vscode` module so the security-relevant
 * parts (the Content-Security-Policy and the nonce) are unit-tested directly.
 */
import { randomBytes } from "node:crypto";

/** Where the webview's built assets are, as URIs the webview may load. */
export interface WebviewAssets {
  /** The webview's `cspSource`: the origin that serves files from `localResourceRoots`. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
}

/** A fresh nonce for one HTML document: 128 random bits, base64 without padding. */
export function createNonce(): string {
  return randomBytes(16).toString("base64").replace(/=+$/, "");
}

/**
 * The Content-Security-Policy for the webview: nothing by default, scripts only with this
 * document's nonce (so no inline or injected script runs, and no eval), styles and fonts only
 * from the extension's own files.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join("; ");
}

/** Builds the HTML document that boots the React app inside the webview. */
export function renderWebviewHtml(assets: WebviewAssets, nonce: string): string {
  const csp = contentSecurityPolicy(assets.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${assets.styleUri}" nonce="${nonce}">
<title>Roo Code Plus</title>
</head>
<body>
<div id="root"></div>
<script type="module" nonce="${nonce}" src="${assets.scriptUri}"></script>
</body>
</html>`;
}
