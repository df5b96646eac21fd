// Vitest for the end-to-end tests: a real VS Code (code-server) in Chromium, driven by Playwright,
// against the real LiteLLM proxy. One file, its steps in order; starting everything takes a while.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // Each step builds on the one before: the first failure stops the rest.
    bail: 1,
  },
});
