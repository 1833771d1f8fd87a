#!/usr/bin/env bash
# Test `nianbao dashboard` in headless Chromium (dashboard/test/): the page built from the
# fixtures opened from file://, charts drawn (a screenshot), no request leaving the page,
# clicking an agency, English, a region's printable assessment. Installs what is missing: the
# npm packages (npm ci: playwright-core, and echarts for scripts/update-echarts.sh) and
# Debian's chromium and fonts-noto-cjk.
#   NIANBAO_BIN  the binary (default <repo>/target/debug/nianbao, built when missing)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
export NIANBAO_BIN="${NIANBAO_BIN:-$repo/target/debug/nianbao}"
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk
fi
cd "$here"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
test -x "$NIANBAO_BIN" || (cd "$repo" && cargo build --locked)
echo "== dashboard: headless Chromium"
node --test test/
