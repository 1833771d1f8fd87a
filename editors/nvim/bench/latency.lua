-- Edit → diagnostics latency in the real Neovim (headless), as a user feels it:
--   nvim --headless --clean -l latency.lua <nianbao-binary> <report-file> <debounce-ms> [edits]
-- Opens the file with the nianbao client (`flags.debounce_text_changes` = <debounce-ms>;
-- Neovim's default is 150), then changes one digit of a table cell in the middle of the file,
-- <edits> times (default 100), and takes the time from the buffer change to the
-- `DiagnosticChanged` autocmd of that buffer; 30 ms pause between edits. Prints p50/p95/max.
local bin, file, debounce, edits = arg[1], arg[2], tonumber(arg[3] or '150'), tonumber(arg[4] or '100')
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
vim.opt.runtimepath:prepend(vim.fn.fnamemodify(here .. '..', ':p'))
vim.cmd('runtime! plugin/nianbao.lua')
local function die(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  os.exit(1)
end

vim.lsp.config('nianbao', { cmd = { bin, 'lsp' }, flags = { debounce_text_changes = debounce } })
vim.lsp.enable('nianbao')
vim.cmd.edit(vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
if not vim.wait(60000, function()
  return #vim.diagnostic.get(buf) > 0
end, 10) then
  die('no diagnostics for ' .. file)
end

-- 009's table-4 data row ("\t10", "\t1", "\t0", …) nearest the middle of the file.
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local site
for i = math.floor(#lines / 2), #lines - 4 do
  if lines[i] == '\t10' and lines[i + 1] == '\t1' and lines[i + 2] == '\t0' and lines[i + 3] == '\t0' then
    site = i - 1
    break
  end
end
if not site then
  die('no edit site (009 table 4) in the second half of ' .. file)
end

local started, times = nil, {}
vim.api.nvim_create_autocmd('DiagnosticChanged', {
  buffer = buf,
  callback = function()
    if started then
      table.insert(times, (vim.uv.hrtime() - started) / 1e6)
      started = nil
    end
  end,
})
for i = 1, edits do
  started = vim.uv.hrtime()
  vim.api.nvim_buf_set_text(buf, site, 1, site, 2, { i % 2 == 1 and '2' or '1' })
  if not vim.wait(10000, function()
    return started == nil
  end, 1) then
    die('no diagnostics after edit ' .. i)
  end
  vim.wait(30, function()
    return false
  end, 5)
end
table.sort(times)
local function pct(p)
  return times[math.max(1, math.ceil(#times * p))]
end
io.stdout:write(('neovim %s, debounce_text_changes %d ms, %d edits on %.1f MB: edit → DiagnosticChanged p50 %.1f ms, p95 %.1f ms, max %.1f ms\n'):format(
  tostring(vim.version()), debounce, #times, vim.fn.getfsize(file) / 1e6, pct(0.5), pct(0.95), times[#times]))
for _, c in ipairs(vim.lsp.get_clients({ name = 'nianbao' })) do
  c:stop()
end
os.exit(0)
