-- Headless end-to-end test: nvim --headless -l editors/nvim/test/e2e.lua <nianbao-binary> <fixture>
-- Opens a real report, waits for diagnostics, edits a cell, sees them change, hovers a 总计,
-- applies the quick fix and checks the buffer. Exits non-zero with a reason on failure.
local bin, fixture = arg[1], arg[2]
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
vim.opt.runtimepath:prepend(here .. '..')
-- Plugins on a runtimepath added after startup are not sourced automatically.
vim.cmd('runtime! plugin/nianbao.lua')

local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  os.exit(1)
end
local function check(cond, msg)
  if not cond then
    fail(msg)
  end
end

require('nianbao').setup({ cmd = { bin, 'lsp' } })
vim.cmd('edit ' .. vim.fn.fnameescape(fixture))
local buf = vim.api.nvim_get_current_buf()

local client
check(vim.wait(10000, function()
  client = (vim.lsp.get_clients({ bufnr = buf, name = 'nianbao' }))[1]
  return client ~= nil and client.initialized
end, 50), 'the nianbao client did not attach')
check(client.offset_encoding == 'utf-8', 'expected utf-8 position encoding, got ' .. tostring(client.offset_encoding))

local function totals()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 't4_total' then
      table.insert(out, d)
    end
  end
  table.sort(out, function(a, b) return a.lnum < b.lnum end)
  return out
end

check(vim.wait(10000, function() return #totals() == 2 end, 50), 'expected two t4_total diagnostics, got ' .. #totals())
check(totals()[1].lnum == 353 and totals()[1].message:find('应为 11', 1, true), 'first total diagnostic: ' .. vim.inspect(totals()[1]))

-- Edit line 350: "\t10" -> "\t12".
vim.api.nvim_buf_set_text(buf, 349, 1, 349, 3, { '12' })
check(vim.wait(10000, function()
  local t = totals()
  return t[1] ~= nil and t[1].message:find('应为 13', 1, true) ~= nil
end, 50), 'diagnostics did not follow the edit: ' .. vim.inspect(totals()))

-- Hover the 总计 cell.
local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 353, character = 1 },
}, 5000)
local hover
for _, r in pairs(res or {}) do
  if r.result then
    hover = r.result.contents.value
  end
end
check(hover and hover:find('应为 13', 1, true), 'hover text: ' .. tostring(hover))

-- The preferred quick fix.
local d = totals()[1]
local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
  context = { diagnostics = {}, only = { 'quickfix' } },
}, 5000)
local fix
for _, r in pairs(actions or {}) do
  for _, a in ipairs(r.result or {}) do
    if a.isPreferred then
      fix = a
    end
  end
end
check(fix and fix.title == '将总计改为 13', 'quick fix: ' .. vim.inspect(fix))
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
local line = vim.api.nvim_buf_get_lines(buf, 353, 354, false)[1]
check(line == '\t13', 'buffer line after the fix: ' .. vim.inspect(line))
check(vim.wait(10000, function() return #totals() == 1 end, 50), 'the fixed total still has a diagnostic')

-- The user command fills the remaining total through the server.
vim.cmd('NianbaoFillTotals')
check(vim.wait(10000, function() return vim.api.nvim_buf_get_lines(buf, 363, 364, false)[1] == '\t5' end, 50), ':NianbaoFillTotals did not fill line 364')

io.stdout:write('PASS: nvim e2e (diagnostics, edit, hover, quick fix, fill-all)\n')
io.stdout:write('nvim: 1 passed, 0 failed\n')
vim.lsp.stop_client(client.id)
os.exit(0)
