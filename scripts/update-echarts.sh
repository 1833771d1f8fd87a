#!/usr/bin/env bash
# Refresh the Apache ECharts that `nianbao dashboard` inlines into its page
# (assets/echarts/echarts.min.js, with its LICENSE and NOTICE; include_str! in src/dashboard/page.rs)
# from the version pinned in dashboard/package-lock.json. To move to another version:
#   (cd dashboard && npm install --save-exact echarts@X.Y.Z) && bash scripts/update-echarts.sh
# The copy is committed so that `cargo build` needs no npm and the page works offline.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo/dashboard"
npm ci --no-audit --no-fund
version="$(node -p "require('./node_modules/echarts/package.json').version")"
mkdir -p "$repo/assets/echarts"
cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE node_modules/echarts/NOTICE "$repo/assets/echarts/"
echo "$version" > "$repo/assets/echarts/VERSION"
if grep -qi '</script' "$repo/assets/echarts/echarts.min.js"; then
  echo "FAIL: echarts.min.js contains </script, which would end the inline script" >&2
  exit 1
fi
echo "assets/echarts: ECharts $version"
