#!/usr/bin/env bash
# Install VS Code for the browser (code-server, pinned in package-lock.json; 4.100.x is the last
# release for Node 20) and playwright-core into node_modules/, without downloading anything but
# npm packages. code-server's own install script would fetch ripgrep from outside, so this does
# its steps by hand: npm installs with --ignore-scripts (VS Code's dependencies pinned by its
# npm-shrinkwrap.json), the symlinks its postinstall makes, Debian's rg where @vscode/ripgrep
# looks for its binary, and the native modules rebuilt with node-gyp against Debian's Node
# headers (npm_config_nodedir=/usr). A stamp keeps the result until package-lock.json changes.
# Needs: node 20, npm, g++, make, python3, ripgrep (apt).
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.nianbao-setup
want="$(sha256sum package-lock.json | cut -d' ' -f1) $(node --version)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
command -v rg >/dev/null || { echo "setup: ripgrep (apt) is missing" >&2; exit 1; }
[ -f /usr/include/node/node.h ] || { echo "setup: Node headers (/usr/include/node) are missing" >&2; exit 1; }

# Run a build quietly; show its output only when it fails.
quiet() {
  local log
  log="$(mktemp)"
  "$@" >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; return 1; }
  rm -f "$log"
}

echo "== code-server: npm ci --ignore-scripts"
npm ci --ignore-scripts --no-audit --no-fund
# code-server's own native module (password hashing; loaded at start even with --auth none),
# built from source: node-pre-gyp's `install` would first try a download from outside.
(cd node_modules/argon2 && export npm_config_nodedir=/usr && quiet node ../@mapbox/node-pre-gyp/bin/node-pre-gyp rebuild)

vscode=node_modules/code-server/lib/vscode
echo "== code-server: VS Code's dependencies"
(cd "$vscode" && npm install --omit=dev --ignore-scripts --no-audit --no-fund)
(cd "$vscode/extensions" && npm install --omit=dev --ignore-scripts --no-audit --no-fund)
# What code-server's postinstall.sh does besides installing.
ln -sfn node_modules "$vscode/node_modules.asar"
ln -sfn code-linux.sh "$vscode/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$vscode/bin/helpers/browser.sh"
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
ln -sfn "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"

# node-gyp itself as npm bundles it (their install scripts would `npx` another one). Not
# rebuilt: kerberos (proxy authentication; needs krb5 headers), the Windows-only modules, and
# @parcel/watcher, which comes prebuilt for linux-x64 as an npm package.
echo "== code-server: native modules (node-gyp, Debian's Node headers)"
gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
for m in @vscode/spdlog native-watchdog node-pty; do
  echo "   $m"
  (cd "$vscode/node_modules/$m" && export npm_config_nodedir=/usr && quiet node "$gyp" rebuild)
done
echo "$want" >"$stamp"
