#!/usr/bin/env bash
# Everything, end to end: set-up, build, linters, Rust tests, wasm tests under Node, and the
# TypeScript tests. Fails on the first failure, and ends with one line counting every test run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

bash scripts/setup.sh
bash scripts/setup-litellm.sh
# The release build is what ships, so the TypeScript tests below load the optimised wasm.
bash scripts/build.sh --release
bash scripts/lint.sh

# `pipefail` (set above) makes a failing test runner fail its `| tee` pipeline, and so this script.
step "cargo test (the core and the boundary, natively)"
cargo test --workspace 2>&1 | tee "$results/cargo.log"

step "wasm-pack test --node (the boundary, compiled to wasm, under Node)"
wasm-pack test --node --mode no-install crates/api-wasm 2>&1 | tee "$results/wasm.log"

step "Extension tests (Vitest, with the built wasm package)"
npx vitest run --root extension --reporter=default --reporter=json --outputFile="$results/extension.json"
step "Webview tests (Vitest + Testing Library)"
npx vitest run --root webview-ui --reporter=default --reporter=json --outputFile="$results/webview.json"

step "Proxy harness tests (the real LiteLLM proxy and the local fault server)"
npx vitest run --root tests --reporter=default --reporter=json --outputFile="$results/harness.json"

step "Fuzzing (cargo-fuzz/libFuzzer, 15 s per target; npm run fuzz runs longer)"
bash scripts/fuzz.sh 15

step "End-to-end tests (the packaged extension in code-server, driven in Chromium, against LiteLLM)"
bash scripts/setup-e2e.sh
# Set-up and the release build ran above; package only.
bash scripts/package.sh --no-build
npx vitest run --root tests/e2e --reporter=default --reporter=json --outputFile="$results/e2e.json"

node scripts/test-summary.mjs "$results"
echo "Screenshots: artifacts/e2e/"
