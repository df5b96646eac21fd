#!/usr/bin/env bash
# The main job: builds everything and packages the extension. (Launching a real VS Code against a
# local LiteLLM proxy from here arrives with the end-to-end work.)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

bash scripts/package.sh
version=$(node -p 'require("./extension/package.json").version')
printf '\nInstall it into VS Code with:\n  code --install-extension %s\n' "$ROOT/roo-code-plus-$version.vsix"
