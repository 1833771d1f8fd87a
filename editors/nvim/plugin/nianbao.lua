-- nianbao: *.nianbao.txt files are reports; :NianbaoFillTotals fills every computed 总计;
-- :NianbaoNew [year] starts next year's report from the buffer's; a report pasted into a new
-- buffer is detected on the next edit or write.
-- The server itself is configured by lsp/nianbao.lua (vim.lsp.enable('nianbao')) or by
-- require('nianbao').setup().
if vim.g.loaded_nianbao then
  return
end
vim.g.loaded_nianbao = true

vim.filetype.add({ pattern = { ['.*%.nianbao%.txt'] = 'nianbao' } })

vim.api.nvim_create_user_command('NianbaoFillTotals', function()
  require('nianbao').fill_totals(0)
end, { desc = 'nianbao: 填写全部总计' })

vim.api.nvim_create_user_command('NianbaoNew', function(opts)
  require('nianbao').new_report(0, opts.args ~= '' and opts.args or nil)
end, { nargs = '?', desc = 'nianbao: 新建下一年度报告' })

vim.api.nvim_create_autocmd({ 'TextChanged', 'TextChangedI', 'BufWritePost' }, {
  group = vim.api.nvim_create_augroup('nianbao.detect', { clear = true }),
  callback = function(ev)
    require('nianbao').recheck(ev.buf)
  end,
})
