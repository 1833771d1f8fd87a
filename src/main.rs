fn main() {
    // Temporary entry point until the CLI lands: `nianbao lsp`.
    if std::env::args().nth(1).as_deref() == Some("lsp") {
        std::process::exit(nianbao::lsp::run_stdio());
    }
    eprintln!("usage: nianbao lsp");
    std::process::exit(2);
}
