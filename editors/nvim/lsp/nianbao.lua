-- For `vim.lsp.enable('nianbao')` with this plugin on the runtimepath (Neovim >= 0.11).
return require('nianbao').config()
