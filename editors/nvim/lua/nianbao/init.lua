-- nianbao for Neovim: starts `nianbao lsp` for 政府信息公开工作年度报告 files.
-- Neovim >= 0.11: vim.lsp.config + vim.lsp.enable; 0.10: a vim.lsp.start fallback.
local M = {}

M.defaults = {
  cmd = { 'nianbao', 'lsp' },
  filetypes = { 'nianbao', 'text', 'markdown', 'html' },
  settings = { nianbao = { locale = 'zh', template = 'auto', rules = vim.empty_dict() } },
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

--- Configure and enable the server. `opts` overrides M.defaults (e.g. cmd, settings).
function M.setup(opts)
  vim.filetype.add({ pattern = { ['.*%.nianbao%.txt'] = 'nianbao' } })
  local cfg = M.config(opts)
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('nianbao', cfg)
    vim.lsp.enable('nianbao')
  else
    -- Neovim 0.10: start per buffer.
    vim.api.nvim_create_autocmd('FileType', {
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
