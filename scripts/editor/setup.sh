#!/usr/bin/env bash
# Provision what the real-editor test stage needs, offline except for the npm registry and Debian apt.
# Idempotent and cached: the first run takes a few minutes, later runs take about a second and print nothing
# on stderr.
#
#   * a Chromium/Chrome binary: $CHROMIUM_PATH, else one on PATH, else (as root, with apt) Debian's `chromium`
#   * code-server (VS Code server + web workbench), installed from npm into a cache dir outside the repo
#
# stdout: KEY=VALUE lines for the caller (test/editor/run.mjs):
#   CHROMIUM_PATH=/usr/bin/chromium
#   CODE_SERVER_DIR=/root/.cache/k8s-failure-stories/code-server-4.100.3
#   CODE_SERVER_ENTRY=<CODE_SERVER_DIR>/node_modules/code-server/out/node/entry.js
# stderr: progress.
# Exit codes: 0 ok, 3 no browser could be found or installed, other = provisioning failed.
#
# Env:
#   K8SFS_EDITOR_CACHE   cache root        (default ${XDG_CACHE_HOME:-$HOME/.cache}/k8s-failure-stories)
#   CODE_SERVER_VERSION  code-server version (default 4.100.3: the last one whose engines.node is 20)
#   CODE_SERVER_DIR      install dir        (default $K8SFS_EDITOR_CACHE/code-server-$CODE_SERVER_VERSION)
#   CHROMIUM_PATH        browser executable to use (skips browser detection/installation)
#   K8SFS_NO_APT=1       never call apt-get
set -euo pipefail

CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.100.3}
K8SFS_EDITOR_CACHE=${K8SFS_EDITOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/k8s-failure-stories}
CODE_SERVER_DIR=${CODE_SERVER_DIR:-$K8SFS_EDITOR_CACHE/code-server-$CODE_SERVER_VERSION}
STAMP="$CODE_SERVER_DIR/.k8sfs-install-complete"
ENTRY="$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"

say() { printf '[editor-setup] %s\n' "$*" >&2; }
die() { say "ERROR: $1"; exit "${2:-1}"; }

mkdir -p "$K8SFS_EDITOR_CACHE"
# Serialise concurrent runs (e.g. a background warm-up and a test run) on the same cache.
exec 9>"$K8SFS_EDITOR_CACHE/.setup.lock"
if command -v flock >/dev/null; then
  flock -w 1800 9 || die "could not take $K8SFS_EDITOR_CACHE/.setup.lock within 30 min"
fi

is_root() { [[ $(id -u) == 0 ]]; }
can_apt() { is_root && [[ ${K8SFS_NO_APT:-} != 1 ]] && command -v apt-get >/dev/null; }
apt_updated=
apt_install() {
  can_apt || return 1
  local log="$K8SFS_EDITOR_CACHE/apt.log"
  if [[ -z $apt_updated ]]; then
    say "apt-get update"
    apt-get update -qq >>"$log" 2>&1 || { tail -n 20 "$log" >&2; return 1; }
    apt_updated=1
  fi
  say "apt-get install $* (log: $log)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; return 1; }
}

find_browser() {
  if [[ -n ${CHROMIUM_PATH:-} ]]; then
    [[ -x $CHROMIUM_PATH ]] && { echo "$CHROMIUM_PATH"; return 0; }
    say "CHROMIUM_PATH=$CHROMIUM_PATH is not executable"; return 1
  fi
  local c p
  for c in chromium chromium-browser google-chrome-stable google-chrome chrome; do
    if p=$(command -v "$c" 2>/dev/null); then
      # Ubuntu's /usr/bin/chromium-browser can be a snap shim that only prints a message; require a real binary.
      if "$p" --version >/dev/null 2>&1; then echo "$p"; return 0; fi
    fi
  done
  return 1
}

# 1. browser ------------------------------------------------------------------------------------------------
browser=$(find_browser || true)
if [[ -z $browser && -z ${CHROMIUM_PATH:-} ]]; then
  if can_apt; then
    apt_install chromium || say "apt-get install chromium failed"
    browser=$(find_browser || true)
  fi
fi
[[ -n $browser ]] || die "no Chromium/Chrome found (set CHROMIUM_PATH, or run as root on Debian/Ubuntu so apt can install chromium)" 3

# 2. code-server ---------------------------------------------------------------------------------------------
if [[ ! -f $STAMP || ! -f $ENTRY ]]; then
  t0=$(date +%s)
  say "installing code-server@$CODE_SERVER_VERSION into $CODE_SERVER_DIR (first run only; about 2 minutes)"
  # Native modules (argon2, node-pty, spdlog, kerberos, @parcel/watcher) are built by node-gyp; kerberos needs
  # krb5 headers. ripgrep is used to seed @vscode/ripgrep's download cache (below).
  need=()
  command -v rg >/dev/null || need+=(ripgrep)
  command -v make >/dev/null && command -v g++ >/dev/null || need+=(build-essential)
  command -v python3 >/dev/null || need+=(python3)
  command -v pkg-config >/dev/null || need+=(pkg-config)
  if command -v dpkg >/dev/null; then dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev); fi
  if ((${#need[@]})); then
    apt_install "${need[@]}" || say "could not apt-get install ${need[*]}; trying anyway"
  fi
  command -v rg >/dev/null || die "ripgrep (rg) is required to install code-server offline"

  # A half-finished install (interrupted earlier) is thrown away.
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR"
  npm_tmp="$CODE_SERVER_DIR/.tmp"; mkdir -p "$npm_tmp"
  # @vscode/ripgrep's postinstall downloads ripgrep from GitHub unless os.tmpdir()/vscode-ripgrep-cache-<pkg
  # version>/<asset> exists. Seed it with Debian's rg (the binary is only used for workspace text search).
  RG_PKG_VERSION=${RG_PKG_VERSION:-1.15.11}
  RG_ASSET=${RG_ASSET:-ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz}
  rgd=$(mktemp -d); cp "$(command -v rg)" "$rgd/rg"
  mkdir -p "$npm_tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"
  tar czf "$npm_tmp/vscode-ripgrep-cache-$RG_PKG_VERSION/$RG_ASSET" -C "$rgd" rg; rm -rf "$rgd"

  echo '{"name":"k8sfs-code-server-host","private":true}' > "$CODE_SERVER_DIR/package.json"
  # --unsafe-perm: code-server's postinstall refuses to run as root without it (npm 11 warns "Unknown cli
  # config" but still exports npm_config_unsafe_perm=true). npm_config_yes: node-pty runs `npx node-gyp`.
  log="$K8SFS_EDITOR_CACHE/code-server-install.log"
  if ! (cd "$CODE_SERVER_DIR" && TMPDIR="$npm_tmp" npm_config_yes=true \
        npm install "code-server@$CODE_SERVER_VERSION" --unsafe-perm --foreground-scripts \
        --no-audit --no-fund --no-save --loglevel=warn >"$log" 2>&1); then
    tail -n 40 "$log" >&2
    die "npm install code-server@$CODE_SERVER_VERSION failed (full log: $log)"
  fi
  # postinstall creates lib/vscode/node_modules.asar at its very end
  [[ -e "$CODE_SERVER_DIR/node_modules/code-server/lib/vscode/node_modules.asar" && -f $ENTRY ]] \
    || { tail -n 40 "$log" >&2; die "code-server postinstall did not complete (log: $log)"; }
  rm -rf "$npm_tmp"
  date -u +%FT%TZ > "$STAMP"
  say "code-server installed in $(( $(date +%s) - t0 )) s"
fi

echo "CHROMIUM_PATH=$browser"
echo "CODE_SERVER_DIR=$CODE_SERVER_DIR"
echo "CODE_SERVER_ENTRY=$ENTRY"
