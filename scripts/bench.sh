#!/usr/bin/env bash
# `npm run bench`: builds the release wasm, then measures streaming, token counting and activation
# against the incumbents (bench/run.mjs), the chat history's save, open and memory at 10 to 5,000
# chats (bench/history.mjs), the @-picker's cold index and warm first results on a 100,000-file
# workspace (bench/picker.mjs), the Code-mode loop's overhead per step from a reply's end to the next
# request on the wire (bench/agent-loop.mjs), and the webview's cost per streamed update in Chromium
# (bench/render.mjs). Not part of `npm test`. Results go to artifacts/bench/{results,history,picker,agent-loop,render}.json. BENCH_ROUNDS (default 5) and BENCH_SIZES (default 10000,100000)
# tune it; BENCH_SKIP_BUILD=1 reuses the current extension/wasm.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
  bash scripts/build.sh --release
fi

# Other jobs (npm test, a debug build) rewrite extension/wasm; the benchmark loads a snapshot of
# the release package taken right after the build, so it measures what was just built.
snapshot=artifacts/bench/wasm
rm -rf "$snapshot"
mkdir -p "$snapshot"
cp extension/wasm/roo_api_wasm.js extension/wasm/roo_api_wasm_bg.wasm "$snapshot/"
export BENCH_WASM="$ROOT/$snapshot/roo_api_wasm"

# The .vsix size: package only when no .vsix is newer than the wasm just built.
wasm=extension/dist/roo_api_wasm_bg.wasm
if [ -z "$(find . -maxdepth 1 -name '*.vsix' -newer "$wasm" -print -quit)" ]; then
  step "Packaging the extension for its size"
  npm run --silent package
fi

step "Benchmarking (Node $(node --version))"
node bench/run.mjs

step "Chat history: save, open and memory at 10 to 5,000 chats"
node bench/history.mjs

step "The @-picker: cold index and warm first results on a 100,000-file workspace"
node bench/picker.mjs

step "Code mode: the agent loop's overhead per step (reply end to the next request)"
node bench/agent-loop.mjs

step "Webview: the cost of one streamed update in Chromium"
node bench/render.mjs
