-- :NianbaoFillTotals fills every computed 总计 in the current buffer.
vim.api.nvim_create_user_command('NianbaoFillTotals', function()
  require('nianbao').fill_totals(0)
end, { desc = 'nianbao: 填写全部总计' })
