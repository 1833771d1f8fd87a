#!/usr/bin/env bash
# Make the README screenshot, editors/screenshots/nvim-diagnostics.png: Neovim 0.11 in a tmux
# pane with nianbao on a real report (009, whose table 4 has two wrong totals), captured three
# times with `tmux capture-pane -e` (error marks + inlay hints + hover; the code-action menu;
# after the quick fix) and rendered to one PNG by render.py.
# Needs: tmux, Pillow (in <repo>/.venv, or PYTHON=…), Debian's fonts-wqy-microhei and
# fonts-dejavu-core; Neovim from editors/nvim/test/run.sh's venv (or NVIM=…).
#   NIANBAO_BIN  the server binary (default <repo>/target/debug/nianbao)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
nvim="${NVIM:-$repo/.venv/bin/nvim}"
bin="${NIANBAO_BIN:-$repo/target/debug/nianbao}"
py="${PYTHON:-$repo/.venv/bin/python}"
cols=104
rows=24
"$py" -c 'import PIL' 2>/dev/null || "$py" -m pip install --quiet pillow
work="$(mktemp -d)"
session="nianbao-shot-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT
cp "$repo/tests/fixtures/009_hongze_2023.txt" "$work/report.txt"
chmod u+w "$work/report.txt"
cat > "$work/init.lua" <<LUA
vim.opt.runtimepath:prepend('$repo/editors/nvim')
vim.cmd('runtime! plugin/nianbao.lua')
vim.o.termguicolors = false
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.winborder = 'rounded'
vim.o.shortmess = vim.o.shortmess .. 'I'
vim.diagnostic.config({ virtual_text = { spacing = 2, prefix = '■' }, signs = true, underline = true, severity_sort = true })
vim.api.nvim_set_hl(0, 'LspInlayHint', { ctermfg = 109, italic = true })
vim.api.nvim_set_hl(0, 'DiagnosticUnderlineError', { underline = true, ctermfg = 203 })
vim.api.nvim_create_autocmd('LspAttach', { callback = function(ev) vim.lsp.inlay_hint.enable(true, { bufnr = ev.buf }) end })
vim.lsp.config('nianbao', { cmd = { '$bin', 'lsp' } })
vim.lsp.enable('nianbao')
LUA

capture() { tmux capture-pane -t "$session" -e -p > "$work/$1.txt"; }
keys() { tmux send-keys -t "$session" "$@"; }
# Wait (bounded) until the pane shows $1.
wait_for() {
  for _ in $(seq 1 100); do
    tmux capture-pane -t "$session" -p | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  echo "make.sh: the pane never showed '$1'" >&2
  tmux capture-pane -t "$session" -p >&2
  exit 1
}

tmux new-session -d -s "$session" -x "$cols" -y "$rows" \
  "cd $work && HOME=$work TERM=tmux-256color $nvim --clean -u $work/init.lua report.txt"
wait_for 'report.txt'
keys '344Gzt354G0l'
wait_for '应为 11'
sleep 0.5
keys 'K'
wait_for '结果维持 10 + 结果纠正 1'
sleep 0.3
capture hover
keys 'h'
sleep 0.3
keys 'l'
sleep 0.3
keys 'gra'
wait_for '将总计改为 11'
capture menu
keys '1' Enter
wait_for '11 = 11'
sleep 0.5
capture fixed
keys Escape ':qa!' Enter

"$py" "$here/render.py" "$here/nvim-diagnostics.png" "$cols" \
  "① 打开 009：表四两个总计标红，行尾提示应为多少；K 悬停显示算式" "$work/hover.txt" \
  "② gra：快速修复「将总计改为 11」" "$work/menu.txt" \
  "③ 修复后：354 行改为 11，错误消失（364 行仍待修复，:NianbaoFillTotals 可一次填完）" "$work/fixed.txt"
echo "wrote $here/nvim-diagnostics.png"
