#!/usr/bin/env bash
# Build the release binaries for every platform our users have, and the per-platform VS Code
# packages, into dist/ with SHA256SUMS:
#   nianbao-VERSION-x86_64-unknown-linux-gnu          native build
#   nianbao-VERSION-x86_64-pc-windows-gnu.exe         Windows (MinGW-w64 linker)
#   nianbao-VERSION-aarch64-unknown-linux-gnu         信创 ARM64 (鲲鹏, 飞腾): Debian's aarch64 cross gcc
#   nianbao-VERSION-loongarch64-unknown-linux-gnu     龙芯 LoongArch, only when its Rust target can
#                                                     be installed (see README, "Platforms")
#   nianbao-VERSION-{win32-x64,linux-x64,linux-arm64}.vsix   each bundling its own binary
# Installs what is missing when run as root: the Rust targets (rustup target add) and Debian's
# cross compilers (gcc-mingw-w64-x86-64, gcc-aarch64-linux-gnu), which also compile mimalloc's C.
#   --binaries   build the binaries only (no .vsix)
#   --cross      build the cross-compiled binaries only (no native build, no .vsix)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
vsix=1 native=1
for a in "$@"; do
  case "$a" in
    --binaries) vsix=0 ;;
    --cross) vsix=0 native=0 ;;
    *) echo "usage: scripts/release.sh [--binaries | --cross]" >&2; exit 2 ;;
  esac
done

need_apt=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need_apt+=(gcc-mingw-w64-x86-64)
command -v aarch64-linux-gnu-gcc >/dev/null || need_apt+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
if [ "${#need_apt[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "release: install ${need_apt[*]} (Debian) first" >&2; exit 1; }
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

have_target() { rustup target list --installed | grep -qx "$1"; }
for t in x86_64-pc-windows-gnu aarch64-unknown-linux-gnu; do
  have_target "$t" || rustup target add "$t"
done
# LoongArch: Rust ships the target (tier 2), but its standard library could not be downloaded
# on our machines (rustup answers 404) and Debian bookworm has no loongarch64 cross gcc; build it
# when both are there.
loong=0
if command -v loongarch64-linux-gnu-gcc >/dev/null &&
   { have_target loongarch64-unknown-linux-gnu || rustup target add loongarch64-unknown-linux-gnu; }; then
  loong=1
else
  echo "release: skipping loongarch64-unknown-linux-gnu (no loongarch64-linux-gnu-gcc, or its Rust standard library does not install)" >&2
fi

mkdir -p dist
# A full release starts from an empty dist/; a partial one replaces only what it builds.
[ "$vsix" = 0 ] || rm -f dist/nianbao-* dist/SHA256SUMS

# cargo build for one target; the C compiler (mimalloc) and linker are the target's cross gcc.
build() {
  local triple="$1" gcc="$2" upper
  upper="$(echo "$triple" | tr 'a-z-' 'A-Z_')"
  echo "== cargo build --release --target $triple"
  env "CARGO_TARGET_${upper}_LINKER=$gcc" "CC_${triple//-/_}=$gcc" "AR_${triple//-/_}=${gcc%gcc}ar" \
    cargo build --release --locked --target "$triple"
}

if [ "$native" = 1 ]; then
  echo "== cargo build --release (native x86_64-unknown-linux-gnu)"
  cargo build --release --locked
  cp target/release/nianbao "dist/nianbao-$version-x86_64-unknown-linux-gnu"
fi
build x86_64-pc-windows-gnu x86_64-w64-mingw32-gcc
cp target/x86_64-pc-windows-gnu/release/nianbao.exe "dist/nianbao-$version-x86_64-pc-windows-gnu.exe"
build aarch64-unknown-linux-gnu aarch64-linux-gnu-gcc
cp target/aarch64-unknown-linux-gnu/release/nianbao "dist/nianbao-$version-aarch64-unknown-linux-gnu"
if [ "$loong" = 1 ]; then
  build loongarch64-unknown-linux-gnu loongarch64-linux-gnu-gcc
  cp target/loongarch64-unknown-linux-gnu/release/nianbao "dist/nianbao-$version-loongarch64-unknown-linux-gnu"
fi

if [ "$vsix" = 1 ]; then
  cd editors/vscode
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
  trap 'rm -rf "$repo/editors/vscode/server"' EXIT
  for pair in win32-x64:x86_64-pc-windows-gnu.exe linux-x64:x86_64-unknown-linux-gnu linux-arm64:aarch64-unknown-linux-gnu; do
    target="${pair%%:*}"
    echo "== vsce package --target $target"
    NIANBAO_BIN="$repo/dist/nianbao-$version-${pair#*:}" node scripts/bundle-server.mjs --target "$target"
    npx vsce package --no-dependencies --target "$target" -o "$repo/dist/nianbao-$version-$target.vsix"
  done
  cd "$repo"
fi

(cd dist && sha256sum nianbao-* > SHA256SUMS)
echo "== dist/"
ls -l dist
