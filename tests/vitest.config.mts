// Vitest for the repo-level tests (the LiteLLM/fault-server harness and what builds on it). The
// real proxy takes up to two minutes to start on a slow machine, hence the long timeouts.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The chat controller reads its settings through `vscode`, which exists only in VS Code's
    // extension host: the controller-level tests here use the extension's in-memory stand-in.
    alias: { vscode: fileURLToPath(new URL("../extension/test/fakes/vscode.ts", import.meta.url)) },
  },
  test: {
    include: ["**/*.test.ts"],
    // The end-to-end tests have their own config (tests/e2e/vitest.config.mts) and stage.
    exclude: ["**/node_modules/**", "e2e/**"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
