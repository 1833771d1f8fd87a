-- nianbao: *.nianbao.txt files are reports; :NianbaoFillTotals fills every computed 总计.
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
