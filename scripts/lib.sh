# Shared helpers for the project's scripts: logging, and the pinned tool versions in one place.
# Sourced, not run.

# The wasm-bindgen CLI must equal the `wasm-bindgen` crate pinned in Cargo.toml; read it from
# there so the two can never drift.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"$/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../Cargo.toml")
WASM_PACK_VERSION=0.15.1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }
