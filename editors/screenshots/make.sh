#!/usr/bin/env bash
# Make the README screenshot: headless-ish Neovim 0.11 in tmux with nianbao on a real report
# (009, whose table 4 has two wrong totals), captured with `tmux capture-pane -e` and rendered
# to PNG (Pillow + WenQuanYi font: `apt-get install fonts-wqy-microhei`, `pip install pillow`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
nvim="${NVIM:-$repo/.venv/bin/nvim}"
bin="${NIANBAO_BIN:-$repo/target/debug/nianbao}"
py="${PYTHON:-$repo/.venv/bin/python}"
work="$(mktemp -d)"
cp "$repo/tests/fixtures/009_hongze_2023.txt" "$work/report.txt"
chmod u+w "$work/report.txt"
cat > "$work/init.lua" <<LUA
vim.opt.runtimepath:prepend('$repo/editors/nvim')
vim.cmd('runtime! plugin/nianbao.lua')
vim.o.termguicolors = false
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.diagnostic.config({ virtual_text = { spacing = 2 }, signs = true, underline = true })
require('nianbao').setup({ cmd = { '$bin', 'lsp' } })
LUA
tmux kill-session -t nb 2>/dev/null || true
tmux new-session -d -s nb -x 110 -y 30 "HOME=$work $nvim --clean -u $work/init.lua +344 $work/report.txt"
sleep 3
tmux send-keys -t nb 'zt' ''
sleep 0.5
tmux send-keys -t nb ':lua vim.lsp.inlay_hint.enable(true)' Enter
sleep 0.5
tmux send-keys -t nb ':call cursor(354, 2)' Enter
sleep 0.5
tmux send-keys -t nb ':lua vim.lsp.buf.hover()' Enter
sleep 1.5
tmux capture-pane -t nb -e -p > "$work/capture.txt"
tmux kill-session -t nb
"$py" "$here/render.py" "$work/capture.txt" "$here/nvim-diagnostics.png"
rm -rf "$work"
echo "wrote $here/nvim-diagnostics.png"
