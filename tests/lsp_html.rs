//! The language server on an HTML report page, over stdio: diagnostics and quick fixes with
//! ranges in the page's source, and the fixed page checks clean of that total.

mod support;

use serde_json::{json, Value};
use support::lsp_client::{fixture, Client};

#[path = "support/formats_gen.rs"]
mod formats_gen;

const URI: &str = "file:///tmp/009_hongze_2023.html";

#[test]
fn html_page_diagnostics_and_fix_are_in_page_positions() {
    let page = formats_gen::html(&fixture("009_hongze_2023.txt"), "utf-8");
    let mut c = Client::start();
    c.initialize(&["utf-16"]);
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": URI, "languageId": "html", "version": 1, "text": page}}));
    let d = c.diagnostics(URI, 1);
    let totals: Vec<&Value> = d.iter().filter(|d| d["code"] == "t4_total").collect();
    assert_eq!(totals.len(), 2, "{d:#?}");
    let lines: Vec<&str> = page.lines().collect();
    let r = &totals[0]["range"];
    let (l, s, e) = (r["start"]["line"].as_u64().unwrap() as usize, r["start"]["character"].as_u64().unwrap() as usize, r["end"]["character"].as_u64().unwrap() as usize);
    let units: Vec<u16> = lines[l].encode_utf16().collect();
    assert_eq!(String::from_utf16_lossy(&units[s..e]), "0", "the stated total in the page: {}", lines[l]);
    let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": r, "context": {"diagnostics": [], "only": ["quickfix"]}}));
    let fix = actions["result"].as_array().expect("actions").iter().find(|a| a["isPreferred"] == true).cloned().expect("preferred fix");
    assert_eq!(fix["title"], "将总计改为 11");
    let te = &fix["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(te["range"], *r);
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": te["range"], "text": te["newText"]}]}));
    let d = c.diagnostics(URI, 2);
    assert_eq!(d.iter().filter(|d| d["code"] == "t4_total").count(), 1, "{d:#?}");
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": r["start"]}));
    assert!(h["result"]["contents"]["value"].as_str().unwrap_or("").contains("11"), "{h}");
    assert!(c.shutdown().success());
}
