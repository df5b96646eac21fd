#!/usr/bin/env bash
# Builds the wasm package, the webview and the extension bundle into extension/dist.
# Usage: build.sh [--release]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

profile=--dev
minify=
if [ "${1:-}" = "--release" ]; then
  profile=--release
  minify=--minify
fi

# wasm-opt comes from npm's `binaryen` (version 132). Debian bookworm's binaryen 108 is too old:
# it turns wasm-bindgen's externref table into a funcref table and the module then fails to
# instantiate ("WebAssembly.Table.set(): Argument 1 is invalid"), so npm's goes first on PATH.
export PATH="$ROOT/node_modules/.bin:$PATH"

step "Building the wasm package ($profile)"
# `--mode no-install` makes wasm-pack use the wasm-bindgen and wasm-opt on PATH and download
# nothing; without it, it fetches them from outside the registries and fails here.
wasm-pack --quiet build crates/api-wasm $profile --target nodejs --mode no-install \
  --out-dir ../../extension/wasm --out-name roo_api_wasm --no-pack

step "Building the webview"
npm run --silent --workspace webview-ui build -- --logLevel warn

step "Bundling the extension"
mkdir -p extension/dist
npx esbuild extension/src/extension.ts --bundle --platform=node --format=cjs --target=node20 \
  --external:vscode --outfile=extension/dist/extension.js --sourcemap=linked $minify --log-level=warning
cp extension/wasm/roo_api_wasm_bg.wasm extension/dist/
