//! The language server (`nianbao lsp`). Placeholder until the server lands.

/// Serve LSP over stdio; returns the process exit code.
pub fn run_stdio() -> i32 {
    eprintln!("nianbao lsp: not implemented yet");
    2
}
