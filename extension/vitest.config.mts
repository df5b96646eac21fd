import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The real `vscode` module exists only inside VS Code's extension host; unit tests get an
    // in-memory stand-in for the configuration API (see test/fakes/vscode.ts).
    alias: { vscode: fileURLToPath(new URL("./test/fakes/vscode.ts", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
  },
});
