//! The language server (`nianbao lsp`): LSP over stdio on tower-lsp-server (the maintained
//! community fork of tower-lsp; 0.20 is frozen and does not exit on `exit`). `server` holds
//! the protocol handlers; `convert` the position/encoding conversions; `hover`, `actions`
//! and `outline` build answers from the analysis; `config` reads client settings; `html`
//! answers for HTML report pages through their rendering.

pub mod actions;
pub mod config;
pub mod convert;
pub mod hover;
pub mod html;
pub mod outline;
pub mod server;

use std::time::Duration;
use tower_lsp_server::{LspService, Server};

/// The service with every method registered (stdio and in-process tests use the same one).
pub fn service() -> (LspService<server::Backend>, tower_lsp_server::ClientSocket) {
    LspService::build(server::Backend::new).custom_method("nianbao/reportInfo", server::Backend::report_info).finish()
}

/// Serve LSP over stdio until the client sends `exit`; returns the process exit code.
pub fn run_stdio() -> i32 {
    let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("nianbao lsp: cannot start the runtime: {e}");
            return 2;
        }
    };
    rt.block_on(async {
        let (service, socket) = service();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket).serve(service).await;
    });
    rt.shutdown_timeout(Duration::from_millis(200));
    0
}
