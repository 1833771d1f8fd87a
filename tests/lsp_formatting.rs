//! Formatting over the protocol, driving the real `nianbao lsp` over stdio: a table 4 pasted
//! from a PDF viewer (cells padded with runs of spaces and U+3000, `tests/fmt/pasted_t4.txt`)
//! is formatted by `textDocument/formatting` into TAB rows (`pasted_t4.formatted.txt`), or in
//! a Markdown document into an aligned pipe table (`pasted_t4.formatted.md`); the diagnostics
//! after the edit are the same ones, on the same cells; `rangeFormatting` formats only the
//! tables the range touches; an HTML page is not formatted.

mod support;

use serde_json::{json, Value};
use support::lsp_client::Client;

fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fmt/{name}", env!("CARGO_MANIFEST_DIR"))).expect("tests/fmt file")
}

fn open(c: &mut Client, uri: &str, text: &str) {
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}));
}

/// The byte offset of an LSP position (UTF-16 columns) in `text`.
fn offset(text: &str, p: &Value) -> usize {
    let (line, col) = (p["line"].as_u64().unwrap() as usize, p["character"].as_u64().unwrap() as usize);
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, ch) in text[start..].char_indices() {
        if units >= col || ch == '\n' {
            return start + i;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// `edits` applied to `text` as a client applies them (all ranges refer to the text before).
fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits.iter().map(|e| (offset(text, &e["range"]["start"]), offset(text, &e["range"]["end"]), e["newText"].as_str().unwrap())).collect();
    spans.sort();
    let mut out = text.to_string();
    for (a, b, t) in spans.into_iter().rev() {
        out.replace_range(a..b, t);
    }
    out
}

/// What each diagnostic says and the text it marks.
fn said(text: &str, diags: &[Value]) -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = diags
        .iter()
        .map(|d| {
            let (a, b) = (offset(text, &d["range"]["start"]), offset(text, &d["range"]["end"]));
            (d["code"].as_str().unwrap_or("").to_string(), d["message"].as_str().unwrap_or("").to_string(), text[a..b].chars().filter(|c| !c.is_whitespace() && *c != '|' && *c != '-').collect())
        })
        .collect();
    v.sort();
    v
}

const OPTIONS: &str = r#"{"tabSize": 4, "insertSpaces": true}"#;

fn format(c: &mut Client, uri: &str) -> Vec<Value> {
    let r = c.request("textDocument/formatting", json!({"textDocument": {"uri": uri}, "options": serde_json::from_str::<Value>(OPTIONS).unwrap()}));
    r["result"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_pasted_table_is_formatted_and_the_diagnostics_stay() {
    let text = data("pasted_t4.txt");
    let mut c = Client::start();
    let init = c.initialize(&["utf-16"]);
    assert_eq!(init["result"]["capabilities"]["documentFormattingProvider"], true);
    assert_eq!(init["result"]["capabilities"]["documentRangeFormattingProvider"], true);
    for (uri, want) in [("file:///tmp/pasted.txt", data("pasted_t4.formatted.txt")), ("file:///tmp/pasted.md", data("pasted_t4.formatted.md"))] {
        open(&mut c, uri, &text);
        let before = c.diagnostics(uri, 1);
        assert!(before.iter().any(|d| d["code"] == "t4_total"), "{before:#?}");
        let edits = format(&mut c, uri);
        assert!(!edits.is_empty());
        let formatted = apply(&text, &edits);
        assert_eq!(formatted, want, "{uri}");
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": formatted}]}));
        let after = c.diagnostics(uri, 2);
        assert_eq!(said(&formatted, &after), said(&text, &before), "{uri}: the same diagnostics on the same cells");
        assert!(format(&mut c, uri).is_empty(), "{uri}: formatted once is formatted");
    }
    // An HTML page is not formatted.
    let page = "file:///tmp/pasted.html";
    open(&mut c, page, &format!("<html><body><pre>{text}</pre></body></html>"));
    assert!(format(&mut c, page).is_empty());
    assert!(c.shutdown().success());
}

#[test]
fn range_formatting_formats_the_tables_the_range_touches() {
    let text = data("pasted_t4.txt");
    let uri = "file:///tmp/range.txt";
    let mut c = Client::start();
    c.initialize(&["utf-16"]);
    open(&mut c, uri, &text);
    let range = |line: u32| json!({"textDocument": {"uri": uri}, "options": serde_json::from_str::<Value>(OPTIONS).unwrap(), "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 3}}});
    // Line 3 (0-based 2) is prose: nothing.
    let r = c.request("textDocument/rangeFormatting", range(2));
    assert_eq!(r["result"].as_array().map(Vec::len), Some(0), "{r}");
    // Line 8 (0-based 7) is the table's row of figures: the whole table.
    let r = c.request("textDocument/rangeFormatting", range(7));
    let edits = r["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(apply(&text, &edits), data("pasted_t4.formatted.txt"));
    assert!(c.shutdown().success());
}
