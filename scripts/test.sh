#!/usr/bin/env bash
# Everything, end to end: set-up, build, linters, Rust tests, wasm tests under Node, and the
# TypeScript tests. Fails on the first failure.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

bash scripts/setup.sh
bash scripts/build.sh
bash scripts/lint.sh

step "cargo test (the core and the boundary, natively)"
cargo test --workspace --quiet

step "wasm-pack test --node (the boundary, compiled to wasm, under Node)"
wasm-pack test --node --mode no-install crates/api-wasm

step "Extension tests (Vitest, with the built wasm package)"
npm run --silent --workspace extension test
step "Webview tests (Vitest + Testing Library)"
npm run --silent --workspace webview-ui test

step "All tests passed"
