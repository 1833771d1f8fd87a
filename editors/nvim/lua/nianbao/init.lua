-- nianbao for Neovim: starts `nianbao lsp` for 政府信息公开工作年度报告 files.
-- Neovim >= 0.11: vim.lsp.config + vim.lsp.enable; 0.10: a vim.lsp.start fallback.
local M = {}

M.defaults = {
  cmd = { 'nianbao', 'lsp' },
  filetypes = { 'nianbao', 'text', 'markdown', 'html' },
  settings = { nianbao = { locale = 'zh', template = 'auto', rules = vim.empty_dict(), inlayHints = { cellLabels = true } } },
}

--- Does this buffer look like an annual report? (title lines name 政府信息公开 and 年度报告; for
--- an HTML page, the text of its first 64 KB with tags removed)
function M.looks_like_report(bufnr)
  bufnr = bufnr or 0
  if vim.bo[bufnr].filetype == 'nianbao' then
    return true
  end
  local head
  if vim.bo[bufnr].filetype == 'html' then
    head = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, 2000, false), '\n'):sub(1, 65536):gsub('<[^>]*>', ' ')
  else
    head = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, 30, false), '\n')
  end
  return head:find('政府信息公开', 1, true) ~= nil and (head:find('年度报告', 1, true) ~= nil or head:find('年报', 1, true) ~= nil)
end

--- The client config (also usable as `lsp/nianbao.lua`).
function M.config(opts)
  local cfg = vim.tbl_deep_extend('force', {}, M.defaults, opts or {})
  cfg.init_options = cfg.settings.nianbao
  -- Attach only to report-like buffers: text and Markdown files are often not reports.
  cfg.root_dir = function(bufnr, on_dir)
    if M.looks_like_report(bufnr) then
      on_dir(vim.fs.root(bufnr, { '.git' }) or vim.fn.getcwd())
    end
  end
  return cfg
end

--- Fill every computed 总计 of the buffer (the server's `nianbao.fillAllTotals`: it answers with
--- a workspace/applyEdit that Neovim applies).
function M.fill_totals(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  local client = get_clients({ bufnr = bufnr, name = 'nianbao' })[1]
  if not client then
    vim.notify('nianbao: 本缓冲区没有运行 nianbao 语言服务', vim.log.levels.WARN)
    return
  end
  local params = { command = 'nianbao.fillAllTotals', arguments = { vim.uri_from_bufnr(bufnr) } }
  local function done(err)
    if err then
      vim.notify('nianbao: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
  end
  if vim.fn.has('nvim-0.11') == 1 then
    client:request('workspace/executeCommand', params, done, bufnr)
  else
    client.request('workspace/executeCommand', params, done, bufnr)
  end
end

--- Start next year's report from the buffer's (last year's) report: the server's
--- `nianbao.newReport` creates it beside it (named with the year replaced) by a
--- workspace/applyEdit; the new buffer is then shown (not yet written: `:w` saves it). `year`
--- (optional) is the new report's year. When the server returns the text instead (it cannot
--- create the file), a new buffer holds it, named as the server proposed.
function M.new_report(bufnr, year)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  local client = get_clients({ bufnr = bufnr, name = 'nianbao' })[1]
  if not client then
    vim.notify('nianbao: 本缓冲区没有运行 nianbao 语言服务', vim.log.levels.WARN)
    return
  end
  local args = { vim.uri_from_bufnr(bufnr) }
  if year then
    args[2] = tonumber(year)
  end
  local function show(b)
    vim.api.nvim_set_current_buf(b)
    M.recheck(b) -- the file was empty when it was loaded: detect the report now
  end
  local function when_created(fname, tries)
    local b = vim.fn.bufnr(fname)
    if b > 0 and vim.api.nvim_buf_is_loaded(b) and (vim.api.nvim_buf_get_lines(b, 0, 1, false)[1] or '') ~= '' then
      return show(b)
    end
    if tries <= 0 then
      return vim.notify('nianbao: 新报告未创建：' .. fname, vim.log.levels.WARN)
    end
    vim.defer_fn(function()
      when_created(fname, tries - 1)
    end, 50)
  end
  local function done(err, result)
    if err then
      return vim.notify('nianbao: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    if type(result) ~= 'table' then
      return
    end
    local fname = type(result.uri) == 'string' and vim.uri_to_fname(result.uri) or nil
    if type(result.text) == 'string' then
      local b = vim.api.nvim_create_buf(true, false)
      vim.api.nvim_buf_set_lines(b, 0, -1, false, vim.split(result.text:gsub('\r?\n$', ''), '\r?\n'))
      if fname then
        vim.api.nvim_buf_set_name(b, fname)
      end
      return show(b)
    end
    if fname then
      when_created(fname, 200)
    end
  end
  local params = { command = 'nianbao.newReport', arguments = args }
  if vim.fn.has('nvim-0.11') == 1 then
    client:request('workspace/executeCommand', params, done, bufnr)
  else
    client.request('workspace/executeCommand', params, done, bufnr)
  end
end

--- Is the nianbao server enabled (vim.lsp.enable('nianbao') or M.setup())?
function M.enabled()
  return M._setup_done == true or (vim.lsp.is_enabled ~= nil and vim.lsp.is_enabled('nianbao'))
end

--- Detection runs when a buffer is read; a report pasted into a new or empty buffer is seen
--- later, on an edit or a write (plugin/nianbao.lua calls this on TextChanged(I)/BufWritePost):
--- once the buffer holds a report title and has no client, start one. A buffer without a
--- filetype becomes `nianbao`; text and Markdown buffers keep theirs. A buffer without a name
--- (`:enew`) waits until it is written: Neovim cannot place diagnostics in it.
function M.recheck(bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' or not M.enabled() then
    return
  end
  if vim.api.nvim_buf_get_name(bufnr) == '' then
    return
  end
  local ft = vim.bo[bufnr].filetype
  if ft ~= '' and not vim.tbl_contains(M.defaults.filetypes, ft) then
    return
  end
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  if #get_clients({ bufnr = bufnr, name = 'nianbao' }) > 0 or not M.looks_like_report(bufnr) then
    return
  end
  if ft == '' then
    vim.bo[bufnr].filetype = 'nianbao' -- FileType starts the client
    return
  end
  -- Run only the handlers that start clients: vim.lsp.enable's and M.setup's (Neovim 0.10).
  for _, group in ipairs({ 'nvim.lsp.enable', 'nianbao.start' }) do
    pcall(vim.api.nvim_exec_autocmds, 'FileType', { group = group, buffer = bufnr, modeline = false })
  end
end

--- Configure and enable the server. `opts` overrides M.defaults (e.g. cmd, settings).
function M.setup(opts)
  M._setup_done = true
  vim.filetype.add({ pattern = { ['.*%.nianbao%.txt'] = 'nianbao' } })
  local cfg = M.config(opts)
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('nianbao', cfg)
    vim.lsp.enable('nianbao')
  else
    -- Neovim 0.10: start per buffer.
    vim.api.nvim_create_autocmd('FileType', {
      group = vim.api.nvim_create_augroup('nianbao.start', { clear = true }),
      pattern = cfg.filetypes,
      callback = function(ev)
        if M.looks_like_report(ev.buf) then
          vim.lsp.start({ name = 'nianbao', cmd = cfg.cmd, init_options = cfg.init_options, settings = cfg.settings, root_dir = vim.fn.getcwd() }, { bufnr = ev.buf })
        end
      end,
    })
  end
end

return M
