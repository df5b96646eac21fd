#!/usr/bin/env bash
# Builds everything in release mode and writes roo-code-plus-<version>.vsix at the top level.
# Usage: package.sh [--no-build]   (--no-build: the caller already ran set-up and the release build)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

if [ "${1:-}" != "--no-build" ]; then
  bash scripts/setup.sh
  bash scripts/build.sh --release
fi
[ -f extension/dist/roo_api_wasm_bg.wasm ] || die "no release build in extension/dist: run scripts/build.sh --release first"
# Source maps help debugging but are not shipped (the allow-list leaves them out anyway).
rm -f extension/dist/extension.js.map

version=$(node -p 'require("./extension/package.json").version')
vsix="$ROOT/roo-code-plus-$version.vsix"
step "Packaging $vsix"
(cd extension && npx vsce package --no-dependencies --allow-missing-repository --out "$vsix" >/dev/null)

wasm_bytes=$(stat -c %s extension/dist/roo_api_wasm_bg.wasm)
vsix_bytes=$(stat -c %s "$vsix")
printf '\nwasm module: %s bytes (%s KiB)\n.vsix:       %s bytes (%s KiB)  %s\n' \
  "$wasm_bytes" $((wasm_bytes / 1024)) "$vsix_bytes" $((vsix_bytes / 1024)) "$vsix"
