#!/usr/bin/env bash
# Edit → diagnostics latency in headless Neovim 0.11 on a 1 MB document (concatenated fixtures),
# with Neovim's default 150 ms change debounce and with none. See latency.lua.
#   NIANBAO_BIN  the server (default <repo>/target/release/nianbao: build with cargo build --release)
#   NVIM         Neovim >= 0.11 (default <repo>/.venv/bin/nvim, as installed by editors/test-all.sh)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
bin="${NIANBAO_BIN:-$repo/target/release/nianbao}"
nvim="${NVIM:-$repo/.venv/bin/nvim}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
doc="$work/big.txt"
while [ "$(stat -c %s "$doc" 2>/dev/null || echo 0)" -lt 1048576 ]; do
  for f in "$repo"/tests/fixtures/*.txt; do cat "$f" >> "$doc"; echo >> "$doc"; done
done
for debounce in 150 0; do
  (cd "$work" && HOME="$work" XDG_CONFIG_HOME="$work/.config" XDG_DATA_HOME="$work/.local/share" XDG_STATE_HOME="$work/.local/state" \
    timeout 300 "$nvim" --headless --clean -l "$repo/editors/nvim/bench/latency.lua" "$bin" "$doc" "$debounce" 100) </dev/null
done
