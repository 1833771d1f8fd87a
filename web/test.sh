#!/usr/bin/env bash
# Build the offline page (web/dist/index.html) and test it in headless Chromium. Installs what
# is missing: the wasm32-unknown-unknown target, wasm-bindgen-cli at exactly the wasm-bindgen
# version of web/crate/Cargo.lock, the npm packages (npm ci) and Debian's chromium,
# fonts-noto-cjk and libreoffice-writer-nogui. Runs the wasm crate's unit tests on the host first.
#   NIANBAO_BIN  the native binary the page's findings are compared with
#                (default <repo>/target/debug/nianbao, built when missing)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH" # where cargo install puts wasm-bindgen
export NIANBAO_BIN="${NIANBAO_BIN:-$repo/target/debug/nianbao}"

echo "== web: tools"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print }' "$here/crate/Cargo.lock")"
test -n "$want" || { echo "FAIL: no wasm-bindgen in web/crate/Cargo.lock" >&2; exit 1; }
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')" != "$want" ]; then
  # Not --locked: the CLI's own lock names dependency versions the registry may not serve yet.
  cargo install wasm-bindgen-cli --version "$want"
fi
if ! command -v chromium >/dev/null || ! command -v soffice >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  # soffice makes the .doc and .docx the page's format tests open (web/test/producers.mjs).
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk libreoffice-writer-nogui
fi
cd "$here"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

echo "== web: wasm crate (host unit tests, then wasm32 release build)"
cargo test --locked --manifest-path "$here/crate/Cargo.toml"
cargo build --locked --release --target wasm32-unknown-unknown --manifest-path "$here/crate/Cargo.toml"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir "$here/build" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/nianbao_web.wasm"

echo "== web: page"
node build.mjs
test -x "$NIANBAO_BIN" || (cd "$repo" && cargo build --locked)
node --test test/
