#!/usr/bin/env bash
# The packaged extension in a real VS Code: installs the .vsix into code-server and walks
# through it in Debian's Chromium (test/vscode.test.mjs). Installs what is missing: Debian's
# chromium, fonts-noto-cjk (so Chinese renders) and ripgrep when run as root, and code-server
# with playwright-core from npm (setup.sh; kept in node_modules/ between runs).
#   NIANBAO_VSIX  the package to test (default: package editors/vscode now, bundling NIANBAO_BIN)
#   NIANBAO_BIN   the binary bundled when packaging here, and used for the expected fixed file
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export NIANBAO_BIN="${NIANBAO_BIN:-$repo/target/debug/nianbao}"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
compgen -G "/usr/share/fonts/opentype/noto/NotoSansCJK*" >/dev/null || need_apt+=(fonts-noto-cjk)
command -v rg >/dev/null || need_apt+=(ripgrep)
for tool in make g++ python3; do command -v "$tool" >/dev/null || need_apt+=(build-essential python3); done
if [ "${#need_apt[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "vscode-e2e: install ${need_apt[*]} (Debian) first" >&2; exit 1; }
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

bash "$here/setup.sh"

if [ -z "${NIANBAO_VSIX:-}" ]; then
  (cd "$repo/editors/vscode" &&
    { [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ] || npm ci --no-audit --no-fund; } &&
    npm run package)
  trap 'rm -rf "$repo/editors/vscode/server" "$repo"/editors/vscode/*.vsix' EXIT
  NIANBAO_VSIX="$(ls "$repo"/editors/vscode/nianbao-*.vsix | head -1)"
fi
export NIANBAO_VSIX

cd "$here"
node --test --test-concurrency=1 test/
