#!/usr/bin/env bash
# Makes a fresh machine ready to build and test, using only the package registries. Idempotent:
# each tool is installed only when missing or at the wrong version, so a second run is quick.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

command -v cargo >/dev/null || die "cargo is missing: this project needs the Rust toolchain (rustup)."
command -v node >/dev/null || die "node is missing: install Node.js 20.19 or newer."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  step "Installing wasm-pack $WASM_PACK_VERSION from crates.io"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi

# Not `--locked`: the CLI's lock file names a crate version this registry mirror lacks.
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (matches Cargo.toml)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# `npm ci` only when the lock file changed since the last install: it takes half a minute.
stamp="node_modules/.roo-setup-stamp"
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  step "Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > "$stamp"
fi
