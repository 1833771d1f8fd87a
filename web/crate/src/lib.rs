//! nianbao in the browser: the checker compiled to WebAssembly, driven by the page's worker
//! (web/src/worker.js). `Checker` holds one text, or one file's read-only rendering (see
//! `session`); every answer is a JSON string and every position a zero-based (line, UTF-16
//! column). A panic aborts the instance (wasm has no unwinding): the worker then starts a new
//! one, and `last_panic` tells what happened.

mod session;

use nianbao::position::LineCol;
use session::Session;
use std::sync::Mutex;
use wasm_bindgen::prelude::*;

static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// The message of the panic that aborted the previous instance's call, if any (read from the
/// same instance's memory before it is dropped).
#[wasm_bindgen]
pub fn last_panic() -> String {
    LAST_PANIC.lock().map(|s| s.clone()).unwrap_or_default()
}

fn pos(line: u32, col: u32) -> LineCol {
    LineCol { line, col }
}

#[wasm_bindgen]
pub struct Checker(Session);

#[wasm_bindgen]
impl Checker {
    /// `lang`: `zh` or `en`; `template`: `auto`, `2019` or `2021`.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str, lang: &str, template: &str) -> Checker {
        std::panic::set_hook(Box::new(|info| {
            if let Ok(mut s) = LAST_PANIC.lock() {
                *s = info.to_string();
            }
        }));
        Checker(Session::new(text, lang, template))
    }
    /// A `.pdf`, `.doc`/`.wps`, `.docx` or `.html`/`.htm` file by name and bytes, read as the
    /// command line reads it; its rendering is the (read-only) text. Throws the reader's
    /// message when it cannot be read (a scanned or encrypted PDF, a damaged file).
    pub fn from_file(name: &str, bytes: &[u8], lang: &str, template: &str) -> Result<Checker, JsError> {
        let mut c = Checker::new("", lang, template);
        c.0 = Session::from_file(name, bytes, lang, template).map_err(|e| JsError::new(&e))?;
        Ok(c)
    }
    /// Whether the text is a file's read-only rendering.
    pub fn read_only(&self) -> bool {
        self.0.read_only()
    }
    pub fn set_options(&mut self, lang: &str, template: &str) {
        self.0.set_options(lang, template)
    }
    pub fn set_text(&mut self, text: &str) {
        self.0.set_text(text)
    }
    pub fn text(&self) -> String {
        self.0.text()
    }
    /// Replace the text between two positions (an editor change event).
    pub fn edit(&mut self, start_line: u32, start_col: u32, end_line: u32, end_col: u32, text: &str) {
        self.0.edit(pos(start_line, start_col), pos(end_line, end_col), text)
    }
    /// `{isReport, template, year, reports, errors, warnings, infos, diagnostics}`.
    pub fn diagnostics(&mut self) -> String {
        self.0.diagnostics().to_string()
    }
    /// The next answer for the page (see `Session::update`): a new text's next batch of
    /// reports, or the analysis after the edits; `{done, start, diagnostics, ...}`, where
    /// `diagnostics` replaces the previous answers' list from index `start` on.
    pub fn update(&mut self) -> String {
        self.0.update().to_string()
    }
    /// `{markdown, range}` or `null`.
    pub fn hover(&mut self, line: u32, col: u32) -> String {
        self.0.hover(pos(line, col)).to_string()
    }
    /// Quick fixes for a range, then fill-all.
    pub fn actions(&mut self, start_line: u32, start_col: u32, end_line: u32, end_col: u32) -> String {
        self.0.actions(pos(start_line, start_col), pos(end_line, end_col)).to_string()
    }
    /// `{title, kind, edits}` filling every computed 总计.
    pub fn fill_all(&mut self) -> String {
        self.0.fill_all().to_string()
    }
}

#[cfg(test)]
mod tests {
    use nianbao::document::Document;
    use nianbao::CheckOptions;

    /// Without the `parallel` feature the batch path (`check_text`: line index in 1 MiB chunks,
    /// reports mapped one by one) runs on plain iterators; it must find what the incremental
    /// document finds, on a text with several chunks and many reports.
    #[test]
    fn batch_check_without_rayon_equals_the_document() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
        let mut names: Vec<_> = std::fs::read_dir(dir).expect("fixtures").filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        names.sort();
        let texts: Vec<String> = names.iter().map(|p| std::fs::read_to_string(p).expect("fixture")).collect();
        let mut text = String::new();
        for t in texts.iter().cycle() {
            if text.len() > 5 << 19 {
                break;
            }
            text.push_str(t);
            text.push('\n');
        }
        let opts = CheckOptions::default();
        let batch = nianbao::check_text(&text, &opts);
        let doc = Document::new(&text, opts);
        assert!(doc.reports().count() > 100);
        assert_eq!(batch.findings, doc.findings());
    }
}
