#!/usr/bin/env bash
# Fuzzes the core's untrusted-input readers with cargo-fuzz (libFuzzer): the SSE decoder, the
# LiteLLM stream decoder, the message transform and the model-info parsers, each for the given
# number of seconds (default 300; `npm test` runs a short bounded pass). Exits non-zero when a
# target crashes; the input that crashed is in fuzz/artifacts/<target>/. Minimise it with
# `RUSTC_BOOTSTRAP=1 cargo fuzz tmin --fuzz-dir fuzz <target> <file>`, fix the core, and copy the
# minimised input into fuzz/regressions/<target>/: `cargo test` replays every file there (and the
# seeds in fuzz/seeds/<target>/) through crates/api/tests/fuzz_regressions.rs.
#
# Why RUSTC_BOOTSTRAP=1: cargo-fuzz builds with `-Zsanitizer=address` and other `-Z` flags, which
# rustc accepts only on nightly. These machines have the stable toolchain only and no nightly can
# be installed; RUSTC_BOOTSTRAP=1 tells the stable compiler to accept the unstable flags. It only
# affects this fuzz build (its own target directory under fuzz/), never the shipped code.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

SECONDS_PER_TARGET=${1:-300}
TARGETS=(sse_decoder litellm_stream message_transform model_info tool_call_assembly)
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  step "Installing cargo-fuzz (once)"
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

step "Building the fuzz targets"
cargo fuzz build --fuzz-dir fuzz -O

for target in "${TARGETS[@]}"; do
  step "Fuzzing $target for ${SECONDS_PER_TARGET}s"
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  # Seeds checked in beside the targets start each run from realistic input.
  seeds=()
  for dir in "fuzz/seeds/$target" "fuzz/regressions/$target"; do
    if [ -d "$dir" ]; then seeds+=("$dir"); fi
  done
  log="fuzz/target/$target.log"
  mkdir -p fuzz/target
  if ! cargo fuzz run --fuzz-dir fuzz -O "$target" "$corpus" "${seeds[@]}" -- \
      -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
      -print_final_stats=1 >"$log" 2>&1; then
    tail -60 "$log"
    die "fuzz target $target failed: see fuzz/artifacts/$target/"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  printf '%s: %s executions in %ss, no crash\n' "$target" "${runs:-?}" "$SECONDS_PER_TARGET"
done
