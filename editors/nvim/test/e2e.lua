-- Headless end-to-end test against the real server (Neovim >= 0.11, utf-8 positions):
--   nvim --headless --clean -l editors/nvim/test/e2e.lua <mode> <nianbao-binary> <dir-with-009>
-- mode "enable": the plain setup, lsp/nianbao.lua + vim.lsp.enable('nianbao'). Opens a real
--   report, waits for diagnostics, checks byte columns on Chinese lines, edits a cell and sees
--   the diagnostics follow, hovers a 总计, applies the preferred quick fix, runs :NianbaoFillTotals,
--   pastes a report into a new buffer and into an empty text file (detection on change/write),
--   and starts next year's report with :NianbaoNew (carried cells equal 009's carry-out).
-- mode "setup": require('nianbao').setup{}: filetype and content detection, settings (English).
-- mode "writing": the narrative quick fix, gd from a narrative number to its table cell, and
--   completion of a missing row label, on 010; formatting a space-padded pasted table.
-- mode "crossyear": last year's report (from 009) next to 010: xy_carry_over with a related
--   location in last year's file, the 上年结转 hover, and the diagnostic cleared by correcting
--   last year's buffer.
-- Prints "ok - <step>" per step; exits non-zero with "FAIL: <reason>" on the first failure.
-- Every wait is bounded.
local mode, bin, dir = arg[1], arg[2], arg[3]
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
vim.opt.runtimepath:prepend(vim.fn.fnamemodify(here .. '..', ':p'))
-- Plugins on a runtimepath added after startup are not sourced automatically.
vim.cmd('runtime! plugin/nianbao.lua')

local WAIT = 15000
local passed = 0

local function fail(msg)
  io.stderr:write('FAIL: [' .. tostring(mode) .. '] ' .. msg .. '\n')
  io.stdout:write(('nvim e2e (%s): %d passed, 1 failed\n'):format(tostring(mode), passed))
  os.exit(1)
end
local function check(cond, msg)
  if not cond then
    fail(msg)
  end
  return cond
end
local function ok(step)
  passed = passed + 1
  io.stdout:write('ok - ' .. step .. '\n')
end

check(vim.fn.has('nvim-0.11') == 1, 'needs Neovim >= 0.11, this is ' .. tostring(vim.version()))
check(bin and vim.fn.executable(bin) == 1, 'nianbao binary not executable: ' .. tostring(bin))
check(dir and vim.fn.filereadable(dir .. '/009_hongze_2023.txt') == 1, 'fixture not found in ' .. tostring(dir))
local ok_run, err = pcall(function()
  local function client_of(buf)
    return vim.lsp.get_clients({ bufnr = buf, name = 'nianbao' })[1]
  end
  local function attach(buf)
    local client
    check(vim.wait(WAIT, function()
      client = client_of(buf)
      return client ~= nil and client.initialized
    end, 20), 'the nianbao client did not attach to ' .. vim.api.nvim_buf_get_name(buf))
    return client
  end
  local function totals(buf)
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 't4_total' then
        table.insert(out, d)
      end
    end
    table.sort(out, function(a, b)
      return a.lnum < b.lnum
    end)
    return out
  end
  local function line(buf, n)
    return vim.api.nvim_buf_get_lines(buf, n, n + 1, false)[1]
  end
  local function diagnostic_on(buf, code, lnum)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == code and d.lnum == lnum then
        return d
      end
    end
  end
  local function request(buf, method, params)
    local res, e = vim.lsp.buf_request_sync(buf, method, params, WAIT)
    check(res ~= nil, method .. ' failed: ' .. tostring(e))
    for _, r in pairs(res) do
      check(r.err == nil, method .. ' error: ' .. vim.inspect(r.err))
      return r.result
    end
  end

  if mode == 'enable' then
    -- The three-line setup of the README: plugin on the runtimepath, cmd, enable.
    vim.lsp.config('nianbao', { cmd = { bin, 'lsp' } })
    vim.lsp.enable('nianbao')

    vim.cmd.edit(vim.fn.fnameescape(dir .. '/009_hongze_2023.txt'))
    local buf = vim.api.nvim_get_current_buf()
    local client = attach(buf)
    check(client.offset_encoding == 'utf-8', 'expected utf-8 position encoding, got ' .. tostring(client.offset_encoding))
    ok('attached to 009 with utf-8 positions')

    check(vim.wait(WAIT, function()
      return #totals(buf) == 2
    end, 20), 'expected two t4_total diagnostics, got ' .. vim.inspect(totals(buf)))
    local t = totals(buf)
    check(t[1].lnum == 353 and t[1].col == 1 and t[1].end_col == 2, 'first total diagnostic at ' .. vim.inspect(t[1]))
    check(t[2].lnum == 363 and t[2].col == 1, 'second total diagnostic at ' .. vim.inspect(t[2]))
    check(t[1].message:find('应为 11', 1, true), 'first total message: ' .. t[1].message)
    check(t[2].message:find('应为 5', 1, true), 'second total message: ' .. t[2].message)
    check(t[1].severity == vim.diagnostic.severity.ERROR and t[1].source == 'nianbao', 'severity/source: ' .. vim.inspect(t[1]))
    ok('two t4_total errors (lines 354 and 364)')

    -- utf-8: columns on Chinese lines are byte offsets, on the wire and in the buffer.
    local label = '2.其他法律行政止公开'
    local d = check(diagnostic_on(buf, 'label_variant', 127), 'no label_variant diagnostic on line 128')
    local raw = d.user_data and d.user_data.lsp and d.user_data.lsp.range
    check(raw and raw['end'].character == 1 + #label, 'raw LSP range is not in utf-8 bytes: ' .. vim.inspect(raw))
    check(line(buf, 127):sub(d.col + 1, d.end_col) == label, 'range covers ' .. vim.inspect(line(buf, 127):sub(d.col + 1, d.end_col)))
    -- A 4-byte character in the label: the range grows by 4 bytes.
    vim.api.nvim_buf_set_text(buf, 127, 3, 127, 3, { '𠮷' })
    check(vim.wait(WAIT, function()
      local g = diagnostic_on(buf, 'label_variant', 127)
      return g ~= nil and g.end_col == 1 + #label + 4
    end, 20), 'range after inserting 𠮷: ' .. vim.inspect(diagnostic_on(buf, 'label_variant', 127)))
    vim.api.nvim_buf_set_text(buf, 127, 3, 127, 7, { '' })
    check(line(buf, 127) == '\t' .. label, 'line 128 restored')
    check(vim.wait(WAIT, function()
      local g = diagnostic_on(buf, 'label_variant', 127)
      return g ~= nil and g.end_col == 1 + #label
    end, 20), 'range after removing 𠮷: ' .. vim.inspect(diagnostic_on(buf, 'label_variant', 127)))
    ok('utf-8 byte ranges on a Chinese line, also with a 4-byte character')

    -- Edit line 350: "\t10" -> "\t12".
    check(line(buf, 349) == '\t10', 'line 350 is ' .. vim.inspect(line(buf, 349)))
    vim.api.nvim_buf_set_text(buf, 349, 1, 349, 3, { '12' })
    check(vim.wait(WAIT, function()
      local x = totals(buf)[1]
      return x ~= nil and x.lnum == 353 and x.message:find('13', 1, true) ~= nil
    end, 20), 'diagnostics did not follow the edit: ' .. vim.inspect(totals(buf)))
    ok('diagnostic on line 354 follows the edit (now 13)')

    local hover = request(buf, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = 353, character = 1 },
    })
    local text = hover and hover.contents and hover.contents.value
    check(text and text:find('应为 13', 1, true) and text:find('✗', 1, true), 'hover text: ' .. vim.inspect(hover))
    ok('hover on the 总计 shows 应为 13 … ✗')

    local hints = request(buf, 'textDocument/inlayHint', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = { start = { line = 340, character = 0 }, ['end'] = { line = 366, character = 0 } },
    })
    local hint_on_total = false
    for _, h in ipairs(hints or {}) do
      hint_on_total = hint_on_total or h.position.line == 353
    end
    check(hint_on_total, 'no inlay hint on line 354: ' .. vim.inspect(hints))
    ok('inlay hint on the 总计')

    -- The preferred quick fix for the diagnostic, applied as Neovim applies code actions.
    local first = totals(buf)[1]
    local actions = request(buf, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = first.user_data.lsp.range,
      context = { diagnostics = { first.user_data.lsp }, only = { 'quickfix' } },
    })
    local fix
    for _, a in ipairs(actions or {}) do
      if a.isPreferred and a.kind == 'quickfix' then
        fix = a
      end
    end
    check(fix and fix.title == '将总计改为 13', 'preferred quick fix: ' .. vim.inspect(actions))
    vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
    check(line(buf, 353) == '\t13', 'line 354 after the fix: ' .. vim.inspect(line(buf, 353)))
    check(vim.wait(WAIT, function()
      local x = totals(buf)
      return #x == 1 and x[1].lnum == 363
    end, 20), 'after the fix: ' .. vim.inspect(totals(buf)))
    ok('quick fix 将总计改为 13 applied; its diagnostic is gone')

    vim.cmd('NianbaoFillTotals')
    check(vim.wait(WAIT, function()
      return line(buf, 363) == '\t5'
    end, 20), ':NianbaoFillTotals did not fill line 364: ' .. vim.inspect(line(buf, 363)))
    check(vim.wait(WAIT, function()
      return #totals(buf) == 0
    end, 20), 'totals left after fill-all: ' .. vim.inspect(totals(buf)))
    ok(':NianbaoFillTotals filled line 364; no total errors left')

    -- A report pasted into a new file (`:edit new.txt`, not on disk yet): detected on the change.
    -- (TextChanged fires from Neovim's main loop, which a `-l` script never reaches: sent here
    -- as the main loop would.)
    local report = vim.fn.readfile(dir .. '/009_hongze_2023.txt')
    vim.cmd.edit(vim.fn.fnameescape(dir .. '/new-report.txt'))
    local new = vim.api.nvim_get_current_buf()
    check(vim.bo[new].filetype == 'text' and client_of(new) == nil, 'new-report.txt: text, no client yet')
    vim.api.nvim_paste(table.concat(report, '\n'), false, -1)
    vim.api.nvim_exec_autocmds('TextChanged', { buffer = new })
    attach(new)
    check(vim.bo[new].filetype == 'text', 'new-report.txt filetype changed to ' .. vim.bo[new].filetype)
    check(vim.wait(WAIT, function()
      return #totals(new) == 2
    end, 20), 'pasted report diagnostics: ' .. vim.inspect(totals(new)))
    ok('a report pasted into a new text file gets the client on TextChanged')

    -- Pasted into `:enew` (no name: Neovim's LSP cannot place diagnostics there), then written:
    -- BufWritePost attaches.
    vim.cmd.enew()
    local pasted = vim.api.nvim_get_current_buf()
    vim.api.nvim_paste(table.concat(report, '\n'), false, -1)
    vim.api.nvim_exec_autocmds('TextChanged', { buffer = pasted })
    check(client_of(pasted) == nil, 'attached to a buffer without a name')
    vim.cmd.write(vim.fn.fnameescape(dir .. '/pasted.txt'))
    attach(pasted)
    check(vim.wait(WAIT, function()
      return #totals(pasted) == 2
    end, 20), 'written report diagnostics: ' .. vim.inspect(totals(pasted)))
    ok('a report pasted into :enew gets the client once written (BufWritePost)')

    -- :NianbaoNew from 009 (2023): 009_hongze_2024.txt created beside it and shown, its
    -- 二、上年结转 cells equal to 009's 四、结转下年度继续办理, its blanks information only.
    vim.api.nvim_set_current_buf(buf)
    local last = vim.fn.readfile(dir .. '/009_hongze_2023.txt')
    local function cells_after(lines, label)
      for i, l in ipairs(lines) do
        if l == '\t' .. label then
          return table.concat(vim.list_slice(lines, i + 1, i + 7), '|')
        end
      end
    end
    vim.cmd('NianbaoNew')
    local newname = dir .. '/009_hongze_2024.txt'
    check(vim.wait(WAIT, function()
      return vim.api.nvim_buf_get_name(0) == newname
    end, 20), ':NianbaoNew did not show ' .. newname .. ' (current: ' .. vim.api.nvim_buf_get_name(0) .. ')')
    local made = vim.api.nvim_get_current_buf()
    local lines = vim.api.nvim_buf_get_lines(made, 0, -1, false)
    check(lines[2] == '2024 年政府信息公开工作年度报告', 'title of the new report: ' .. vim.inspect(lines[2]))
    local carried, want = cells_after(lines, '二、上年结转政府信息公开申请数量'), cells_after(last, '四、结转下年度继续办理')
    check(carried ~= nil and carried == want, '上年结转 ' .. vim.inspect(carried) .. ' vs 结转下年度 ' .. vim.inspect(want))
    ok(':NianbaoNew created 009_hongze_2024.txt; 上年结转 = 2023\'s 结转下年度 (' .. carried .. ')')
    attach(made)
    local function unfilled()
      local n = 0
      for _, x in ipairs(vim.diagnostic.get(made)) do
        if x.code ~= 't_unfilled' or x.severity ~= vim.diagnostic.severity.INFO then
          return -1
        end
        n = n + 1
      end
      return n
    end
    check(vim.wait(WAIT, function()
      return unfilled() > 30
    end, 20), 'diagnostics of the new report: ' .. vim.inspect(vim.diagnostic.get(made)))
    ok('the new report has only t_unfilled information diagnostics (' .. unfilled() .. ')')
    vim.lsp.stop_client(client.id)
  elseif mode == 'setup' then
    require('nianbao').setup({ cmd = { bin, 'lsp' }, settings = { nianbao = { locale = 'en' } } })

    -- A text file that is not a report: no client.
    vim.fn.writefile({ '会议纪要', '今天讨论了总计 12 项。' }, dir .. '/notes.txt')
    vim.cmd.edit(vim.fn.fnameescape(dir .. '/notes.txt'))
    local notes = vim.api.nvim_get_current_buf()
    check(vim.bo[notes].filetype == 'text', 'notes.txt filetype ' .. vim.bo[notes].filetype)
    vim.wait(500, function()
      return client_of(notes) ~= nil
    end, 20)
    check(client_of(notes) == nil, 'nianbao attached to a text file that is not a report')
    ok('no client for a plain text file')

    -- *.nianbao.txt has its own filetype and is a report whatever it says.
    vim.fn.writefile(vim.fn.readfile(dir .. '/009_hongze_2023.txt'), dir .. '/copy.nianbao.txt')
    vim.cmd.edit(vim.fn.fnameescape(dir .. '/copy.nianbao.txt'))
    local buf = vim.api.nvim_get_current_buf()
    check(vim.bo[buf].filetype == 'nianbao', 'copy.nianbao.txt filetype ' .. vim.bo[buf].filetype)
    attach(buf)
    ok('*.nianbao.txt: filetype nianbao, client attached')

    -- settings reach the server: English messages.
    check(vim.wait(WAIT, function()
      return #totals(buf) == 2
    end, 20), 'expected two t4_total diagnostics, got ' .. vim.inspect(totals(buf)))
    local msg = totals(buf)[1].message
    check(not msg:find('应为', 1, true) and msg:find('11', 1, true), 'expected an English message, got ' .. msg)
    ok('settings passed: English diagnostics')

    -- An HTML report page: content detection attaches the client; ranges are in the page.
    vim.fn.writefile({
      '<html><head><script>var a = 1;</script></head><body><nav><a href="/">首页</a></nav>',
      '<h1>2023年政府信息公开工作年度报告</h1>',
      '<p>四、政府信息公开行政复议、行政诉讼情况</p>',
      '<table><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>',
      '<tr><td rowspan=2>结果维持</td><td rowspan=2>结果纠正</td><td rowspan=2>其他结果</td><td rowspan=2>尚未审结</td><td rowspan=2>总计</td><td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>',
      '<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>',
      '<tr><td>1</td><td>1</td><td>0</td><td>0</td><td><span>7</span></td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table></body></html>',
    }, dir .. '/report.html')
    vim.cmd.edit(vim.fn.fnameescape(dir .. '/report.html'))
    local page = vim.api.nvim_get_current_buf()
    check(vim.bo[page].filetype == 'html', 'report.html filetype ' .. vim.bo[page].filetype)
    attach(page)
    check(vim.wait(WAIT, function()
      return #totals(page) == 1
    end, 20), 'expected one t4_total diagnostic in the page, got ' .. vim.inspect(totals(page)))
    local d = totals(page)[1]
    local cell = line(page, d.lnum):sub(d.col + 1, d.end_col)
    check(d.lnum == 6 and cell == '7', 'diagnostic not on the total in the page: ' .. vim.inspect(d))
    ok('HTML report page: client attached, t4_total on the page source')
  elseif mode == 'crossyear' then
    -- Last year's report on disk next to this year's: 009 (2023) with 2 natural persons carried
    -- over, against 010 (2024), which carried 0 in.
    local last = vim.fn.readfile(dir .. '/009_hongze_2023.txt')
    local out_at
    for i, l in ipairs(last) do
      if not out_at and l:find('四、结转下年度继续办理', 1, true) then
        out_at = i + 1
      end
    end
    check(out_at and last[out_at] == '\t0', 'carry-out cell of 009: ' .. vim.inspect(out_at and last[out_at]))
    last[out_at] = '\t2'
    vim.fn.writefile(last, dir .. '/2023.txt')
    os.remove(dir .. '/009_hongze_2023.txt') -- two reports of 2023 would make pairing ambiguous
    vim.lsp.config('nianbao', { cmd = { bin, 'lsp' } })
    vim.lsp.enable('nianbao')

    vim.cmd.edit(vim.fn.fnameescape(dir .. '/010_hongze_2024.txt'))
    local buf = vim.api.nvim_get_current_buf()
    attach(buf)
    check(line(buf, 32):find('^二、上年结转'), 'line 33 of 010: ' .. vim.inspect(line(buf, 32)))
    local d
    check(vim.wait(WAIT, function()
      d = diagnostic_on(buf, 'xy_carry_over', 32)
      return d ~= nil
    end, 20), 'no xy_carry_over diagnostic on line 33: ' .. vim.inspect(vim.diagnostic.get(buf)))
    local _, tabs = line(buf, 32):find('^[^\t]*\t\t\t')
    check(d.col == tabs and d.severity == vim.diagnostic.severity.ERROR, 'xy_carry_over not on the 自然人 cell: ' .. vim.inspect(d))
    local rel = d.user_data.lsp.relatedInformation and d.user_data.lsp.relatedInformation[1]
    check(rel and rel.location.uri == vim.uri_from_fname(dir .. '/2023.txt'), 'related location: ' .. vim.inspect(rel))
    check(rel.location.range.start.line == out_at - 1 and rel.location.range.start.character == 1, 'related range: ' .. vim.inspect(rel.location.range))
    ok('xy_carry_over on 上年结转 · 自然人, related location in last year\'s file (line ' .. out_at .. ')')

    local hover = request(buf, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = 32, character = tabs },
    })
    local text = hover and hover.contents and hover.contents.value or ''
    check(text:find('结转下年度', 1, true) and text:find('2', 1, true) and text:find('2023.txt', 1, true), 'hover on 上年结转: ' .. vim.inspect(hover))
    ok('hover on 上年结转 shows last year\'s 结转下年度 value and its file')

    -- Last year's report opened and corrected in the editor: this year's diagnostic goes away.
    vim.cmd.edit(vim.fn.fnameescape(dir .. '/2023.txt'))
    local lastbuf = vim.api.nvim_get_current_buf()
    attach(lastbuf)
    vim.api.nvim_buf_set_text(lastbuf, out_at - 1, 1, out_at - 1, 2, { '0' })
    check(vim.wait(WAIT, function()
      return diagnostic_on(buf, 'xy_carry_over', 32) == nil
    end, 20), 'xy_carry_over still there after correcting last year: ' .. vim.inspect(diagnostic_on(buf, 'xy_carry_over', 32)))
    ok('correcting last year\'s buffer clears this year\'s xy_carry_over')
  elseif mode == 'writing' then
    -- Writing features on 010 (2024), which says 「受理政府信息公开申请 17 件」 where table 3
    -- has 95: the narrative quick fix, gd from a narrative number to its cell, completion of a
    -- missing row label.
    vim.lsp.config('nianbao', { cmd = { bin, 'lsp' } })
    vim.lsp.enable('nianbao')
    vim.cmd.edit(vim.fn.fnameescape(dir .. '/010_hongze_2024.txt'))
    local buf = vim.api.nvim_get_current_buf()
    attach(buf)
    local n4
    check(vim.wait(WAIT, function()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if d.code == 'n4_received' then
          n4 = d
        end
      end
      return n4 ~= nil
    end, 20), 'no n4_received diagnostic: ' .. vim.inspect(vim.diagnostic.get(buf)))
    check(line(buf, n4.lnum):sub(n4.col + 1, n4.end_col) == '17', 'n4_received not on the 17: ' .. vim.inspect(n4))
    ok('n4_received on the narrative 17 (table 3 says 95)')

    -- gd on the number: the cursor lands on table 3's 一、本年新收 · 总计 (the row's last cell).
    vim.api.nvim_win_set_cursor(0, { n4.lnum + 1, n4.col })
    vim.lsp.buf.definition()
    check(vim.wait(WAIT, function()
      return vim.api.nvim_win_get_cursor(0)[1] ~= n4.lnum + 1
    end, 20), 'gd did not move the cursor')
    local row, col = unpack(vim.api.nvim_win_get_cursor(0))
    local target = line(buf, row - 1)
    check(target:find('^一、本年新收') and target:sub(col + 1) == '95', 'gd landed on ' .. vim.inspect({ row, col, target }))
    ok('gd on the narrative 17 lands on 表三 一、本年新收 · 总计 (95)')

    -- The quick fix, through vim.lsp.buf.code_action as a user picks it.
    vim.api.nvim_win_set_cursor(0, { n4.lnum + 1, n4.col })
    vim.lsp.buf.code_action({
      filter = function(a)
        return a.title == '将正文数字改为统计表的 95'
      end,
      apply = true,
    })
    check(vim.wait(WAIT, function()
      return line(buf, n4.lnum):find('受理政府信息公开申请 95 件', 1, true) ~= nil
    end, 20), 'the sentence was not fixed: ' .. line(buf, n4.lnum))
    check(vim.wait(WAIT, function()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if d.code == 'n4_received' then
          return false
        end
      end
      return true
    end, 20), 'n4_received still there after the quick fix')
    ok('the narrative quick fix writes 95 into the sentence; n4_received gone')

    -- Completion at a row whose label is half typed: the template's label for the missing row.
    local at
    for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      if not at and l:find('2.重复申请', 1, true) then
        at = i - 1
      end
    end
    check(at, 'no 2.重复申请 row in 010')
    -- 010's row is 「\t\t2.重复申请\t0\t…」: the label after the group's empty cells.
    vim.api.nvim_buf_set_lines(buf, at, at + 1, false, { '\t\t2.重' })
    local items
    check(vim.wait(WAIT, function()
      local res = vim.lsp.buf_request_sync(buf, 'textDocument/completion', {
        textDocument = { uri = vim.uri_from_bufnr(buf) },
        position = { line = at, character = #'\t\t2.重' },
      }, WAIT)
      for _, r in pairs(res or {}) do
        items = r.result and (r.result.items or r.result)
      end
      return items ~= nil and #items > 0
    end, 200), 'no completion items at the half-typed row')
    check(items[1].label == '2.重复申请' and items[1].textEdit.range.start.character == 2, 'completion items: ' .. vim.inspect(items))
    vim.lsp.util.apply_text_edits({ items[1].textEdit }, buf, 'utf-8')
    check(line(buf, at) == '\t\t2.重复申请', 'line after completing: ' .. line(buf, at))
    ok('completion offers the missing row label 2.重复申请 and inserts it')

    -- Formatting: table 4 pasted from a PDF, space-padded, becomes TAB rows; same findings.
    vim.cmd.edit(vim.fn.fnameescape(dir .. '/pasted_t4.txt'))
    local pasted = vim.api.nvim_get_current_buf()
    attach(pasted)
    local function codes(b)
      local out = {}
      for _, d in ipairs(vim.diagnostic.get(b)) do
        table.insert(out, d.code .. '@' .. d.lnum)
      end
      table.sort(out)
      return table.concat(out, ' ')
    end
    check(vim.wait(WAIT, function()
      return codes(pasted):find('t4_total', 1, true) ~= nil
    end, 20), 't4_total not reported on the pasted table: ' .. codes(pasted))
    local before = codes(pasted)
    vim.lsp.buf.format({ bufnr = pasted, async = false, timeout_ms = WAIT })
    local want = vim.fn.readfile(dir .. '/pasted_t4.formatted.txt')
    local got = vim.api.nvim_buf_get_lines(pasted, 0, -1, false)
    check(vim.deep_equal(got, want), 'formatted buffer: ' .. vim.inspect(got))
    check(vim.wait(WAIT, function()
      return codes(pasted) == before
    end, 20), 'findings changed by formatting: ' .. before .. ' → ' .. codes(pasted))
    ok('formatting writes the pasted table as TAB rows; the same findings')
  else
    fail('unknown mode ' .. tostring(mode))
  end
end)
if not ok_run then
  fail(tostring(err))
end
io.stdout:write(('nvim e2e (%s): %d passed, 0 failed\n'):format(mode, passed))
os.exit(0)
