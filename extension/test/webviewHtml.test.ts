import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, renderWebviewHtml } from "../src/webviewHtml";

describe("webview HTML", () => {
  const assets = {
    cspSource: "https://file+.vscode-resource.vscode-cdn.net",
    scriptUri: "https://file+.vscode-resource.vscode-cdn.net/dist/webview/index.js",
    styleUri: "https://file+.vscode-resource.vscode-cdn.net/dist/webview/index.css",
  };

  it("allows scripts only with the document's nonce and never eval or inline", () => {
    const csp = contentSecurityPolicy(assets.cspSource, "abc123");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'nonce-abc123'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("puts the nonce on the one script tag and loads the built assets", () => {
    const html = renderWebviewHtml(assets, "n0nce");
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain('nonce="n0nce"');
    expect(scripts[0]).toContain(assets.scriptUri);
    expect(html).toContain(assets.styleUri);
  });

  it("makes a different, unguessable nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}$/);
    }
  });
});
