// Vitest for the repo-level tests (the LiteLLM/fault-server harness and what builds on it). The
// real proxy takes up to two minutes to start on a slow machine, hence the long timeouts.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
