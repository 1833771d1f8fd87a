#!/usr/bin/env bash
# Smoke tests of the cross-built release binaries, really run: the Windows nianbao.exe under
# Wine (Debian's wine64), the ARM64 (and LoongArch, when built) binaries under qemu-user. Each
# runs the same commands on the same files as the native binary — `check` (JSON in Chinese and
# English, human, SARIF, a folder), `fix` and `fix --dry-run` on copies of the real reports plus
# CRLF and GB18030 variants — and its output, exit code and fixed files must be identical to the
# native ones; so must a short LSP session over stdio (scripts/lsp-smoke.py: diagnostics,
# hover and quick fix on a real report, shutdown and exit). Builds the binaries with
# `scripts/release.sh --binaries` (a no-op when they are up to date) and installs what is
# missing (apt: wine64, gcc-mingw-w64-x86-64, qemu-user, libc6-arm64-cross).
#   NIANBAO_SKIP_BUILD=1   use the binaries already in dist/
#   NIANBAO_NATIVE=PATH    compare with this native build (e.g. target/debug/nianbao, which
#                          scripts/test-all.sh has just built) instead of building the native
#                          release binary; .ci/run does this to save a release build
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
start=$SECONDS

need_apt=()
[ -x /usr/lib/wine/wine64 ] || need_apt+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null || need_apt+=(gcc-mingw-w64-x86-64)
command -v qemu-aarch64 >/dev/null || need_apt+=(qemu-user)
[ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ] || need_apt+=(libc6-arm64-cross)
if [ "${#need_apt[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "test-platforms: install ${need_apt[*]} (Debian) first" >&2; exit 1; }
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

if [ "${NIANBAO_SKIP_BUILD:-}" != 1 ]; then
  if [ -n "${NIANBAO_NATIVE:-}" ]; then bash scripts/release.sh --cross; else bash scripts/release.sh --binaries; fi
fi
echo "== binaries built ($((SECONDS - start)) s so far)"

dist="$repo/dist"
native="$(realpath "${NIANBAO_NATIVE:-$dist/nianbao-$version-x86_64-unknown-linux-gnu}")"
echo "== native reference: $native"
test -x "$native" || { echo "FAIL: $native missing" >&2; exit 1; }

# A Wine prefix of our own, kept between runs (creating one takes a while); no Mono/Gecko
# installer dialogs, no debug chatter.
export WINEPREFIX="${WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/nianbao-wine}"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree=;mshtml=" WINEARCH=win64
mkdir -p "$WINEPREFIX"

tmp="$(mktemp -d)"
trap '/usr/lib/wine/wineserver -k 2>/dev/null || true; rm -rf "$tmp"' EXIT

# nianbao.exe as the extension bundles it, with a ProcessPrng shim for Wine 8 beside it (see
# scripts/wine/bcryptprimitives.c); a persistent wineserver saves its start on every run.
mkdir -p "$tmp/win"
cp "$dist/nianbao-$version-x86_64-pc-windows-gnu.exe" "$tmp/win/nianbao.exe"
x86_64-w64-mingw32-gcc -O2 -shared -o "$tmp/win/bcryptprimitives.dll" scripts/wine/bcryptprimitives.c -ladvapi32
/usr/lib/wine/wineserver -p 2>/dev/null || true
t=$SECONDS
/usr/lib/wine/wine64 "$tmp/win/nianbao.exe" --version
echo "== Wine ready ($((SECONDS - t)) s)"

platforms=("windows:/usr/lib/wine/wine64 $tmp/win/nianbao.exe")
platforms+=("aarch64:qemu-aarch64 -L /usr/aarch64-linux-gnu $dist/nianbao-$version-aarch64-unknown-linux-gnu")
loong="$dist/nianbao-$version-loongarch64-unknown-linux-gnu"
if [ -x "$loong" ]; then
  platforms+=("loongarch64:qemu-loongarch64 -L /usr/loongarch64-linux-gnu $loong")
else
  echo "(no loongarch64 binary in dist/: not tested)"
fi

# The inputs: the real reports, one as CRLF, one as GB18030 (how Windows users save them).
mkdir -p "$tmp/in/sub"
cp tests/fixtures/*.txt "$tmp/in/"
python3 - "$tmp/in" <<'EOF'
import sys, pathlib
d = pathlib.Path(sys.argv[1])
src = (d / "009_hongze_2023.txt").read_text("utf-8")
(d / "sub" / "hongze_crlf.txt").write_bytes(src.replace("\n", "\r\n").encode("utf-8"))
(d / "sub" / "hongze_gb18030.txt").write_bytes(src.encode("gb18030"))
EOF

# Run the command set with one binary ($2…) into $tmp/$1: each command's stdout and exit code,
# and the files `fix` rewrote.
run_all() {
  local name="$1"; shift
  local out="$tmp/$name"
  mkdir -p "$out"
  cp -r "$tmp/in" "$out/work"
  (
    cd "$out/work"
    files=(*.txt sub/*.txt)
    set +e
    "$@" check --format json "${files[@]}" >"$out/check.json" 2>"$out/check.err"; echo "exit $?" >>"$out/check.json"
    "$@" check --format json --lang en "${files[@]}" >"$out/check-en.json" 2>/dev/null; echo "exit $?" >>"$out/check-en.json"
    "$@" check "${files[@]}" >"$out/check.txt" 2>/dev/null; echo "exit $?" >>"$out/check.txt"
    "$@" check --format sarif "${files[@]}" >"$out/check.sarif" 2>/dev/null; echo "exit $?" >>"$out/check.sarif"
    "$@" check --format json sub >"$out/check-dir.json" 2>/dev/null; echo "exit $?" >>"$out/check-dir.json"
    "$@" fix --dry-run "${files[@]}" >"$out/fix-dry.txt" 2>/dev/null; echo "exit $?" >>"$out/fix-dry.txt"
    "$@" fix "${files[@]}" >"$out/fix.txt" 2>/dev/null; echo "exit $?" >>"$out/fix.txt"
    "$@" check --format json "${files[@]}" >"$out/after-fix.json" 2>/dev/null; echo "exit $?" >>"$out/after-fix.json"
    python3 "$repo/scripts/lsp-smoke.py" "$tmp/in/009_hongze_2023.txt" "$@" >"$out/lsp.json"; echo "exit $?" >>"$out/lsp.json"
  )
}

t=$SECONDS
run_all native "$native"
echo "== native: $((SECONDS - t)) s"
# The native run must itself say something: findings before the fix, fewer after it.
grep -q '"t4_total"' "$tmp/native/check.json" || { echo "FAIL: native check found no t4_total" >&2; exit 1; }
grep -q '将总计改为 11' "$tmp/native/lsp.json" || { echo "FAIL: native LSP session offered no quick fix" >&2; exit 1; }
cmp -s "$tmp/native/check.json" "$tmp/native/after-fix.json" && { echo "FAIL: fix changed nothing" >&2; exit 1; }

passed=0 failed=0
for p in "${platforms[@]}"; do
  name="${p%%:*}"
  read -r -a cmd <<<"${p#*:}"
  t=$SECONDS
  run_all "$name" "${cmd[@]}"
  # A folder walk on Windows names files with its own separator (sub\x.txt), as it should.
  [ "$name" != windows ] || sed -i '/"file":/s#\\\\#/#g' "$tmp/$name/check-dir.json"
  for f in check.json check-en.json check.txt check.sarif check-dir.json fix-dry.txt fix.txt after-fix.json lsp.json; do
    if cmp -s "$tmp/native/$f" "$tmp/$name/$f"; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAIL: $name $f differs from native:"
      diff "$tmp/native/$f" "$tmp/$name/$f" | head -20 || true
      head -5 "$tmp/$name/check.err" 2>/dev/null || true
    fi
  done
  if diff -r "$tmp/native/work" "$tmp/$name/work" >/dev/null; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name: the files fix wrote differ from native"
    diff -rq "$tmp/native/work" "$tmp/$name/work" | head || true
  fi
  echo "== $name: $((SECONDS - t)) s"
done

echo "test-platforms: $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
