//! The language server (`nianbao lsp`): LSP over stdio on tower-lsp-server's `LspService` (the
//! maintained community fork of tower-lsp; 0.20 is frozen and does not exit on `exit`), fed by
//! our own transport. `frame` reads the base protocol's frames leniently and `transport` drives
//! the service with them; `server` holds the protocol handlers, `store` the open documents,
//! `locks` the mutex locking that survives a panic, `publish` the debounced, versioned
//! publishing of diagnostics; `convert` the position/encoding conversions; `actions`, `outline`,
//! `cell_labels`, `navigate` (definition, highlights, references) and `completion` build answers
//! from the analysis (hover text and fix titles come from the library's `explain`); `formatting`
//! rewrites tables in their canonical layout; `config` reads client settings; `html` answers for HTML report pages
//! through their rendering; `lastyear` finds last year's report beside an open one for the
//! cross-year checks; `newreport` writes next year's report from last year's.

pub mod actions;
pub mod cell_labels;
pub mod config;
pub mod completion;
pub mod formatting;
pub mod convert;
pub mod frame;
pub mod html;
pub mod lastyear;
pub mod locks;
pub mod navigate;
pub mod newreport;
pub mod outline;
pub mod publish;
pub mod server;
pub mod store;
pub mod transport;

use std::time::Duration;
use tower_lsp_server::LspService;

/// The service with every method registered (stdio and in-process tests use the same one).
pub fn service() -> (LspService<server::Backend>, tower_lsp_server::ClientSocket) {
    LspService::build(server::Backend::new).custom_method("nianbao/reportInfo", server::Backend::report_info).finish()
}

/// Serve LSP over stdio until the client sends `exit` or closes the input; returns the process
/// exit code (0 after `shutdown`, 1 without).
pub fn run_stdio() -> i32 {
    let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("nianbao lsp: cannot start the runtime: {e}");
            return 2;
        }
    };
    let code = rt.block_on(async {
        let (service, socket) = service();
        transport::serve(tokio::io::stdin(), std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()), service, socket).await
    });
    rt.shutdown_timeout(Duration::from_millis(200));
    code
}
