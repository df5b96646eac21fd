#!/usr/bin/env bash
# Installs the real LiteLLM proxy (pinned) into a cached venv for the test harness. Idempotent:
# quiet and quick when the venv already holds the pinned version.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# Pinned: newer releases need a helper package the registry mirror here lacks. `prisma` makes
# auth failures proper JSON errors instead of a plain-text 500.
LITELLM_VERSION=1.106.2
PRISMA_SPEC='prisma>=0.11,<1'
venv="${ROO_CACHE_DIR:-$HOME/.cache/roo-code-plus}/litellm-venv"

installed_version() {
  "$venv/bin/python" -c 'import importlib.metadata as m; m.version("prisma"); print(m.version("litellm"))' \
    2>/dev/null || true
}

if [ -x "$venv/bin/litellm" ] && [ "$(installed_version)" = "$LITELLM_VERSION" ]; then
  exit 0
fi

command -v python3 >/dev/null || die "python3 is missing: the LiteLLM proxy needs Python 3.9 or newer."
step "Installing litellm[proxy]==$LITELLM_VERSION into $venv (about a minute)"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "litellm[proxy]==$LITELLM_VERSION" "$PRISMA_SPEC"
[ "$(installed_version)" = "$LITELLM_VERSION" ] || die "litellm $LITELLM_VERSION did not install into $venv"
