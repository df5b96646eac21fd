#!/usr/bin/env bash
# Every linter and type checker, failing on the first finding. Needs a built wasm package, whose
# generated `.d.ts` the extension's type check reads.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy (native and wasm32, warnings are errors)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p roo-api-wasm --all-targets --target wasm32-unknown-unknown --quiet -- -D warnings
step "tsc --noEmit (extension, webview, test harness)"
npx tsc --noEmit -p extension
npx tsc --noEmit -p webview-ui
npx tsc --noEmit -p tests
step "ESLint"
npx eslint --max-warnings 0 .
