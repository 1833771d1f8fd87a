//! The writer's features over the protocol, driving the real `nianbao lsp` binary: narrative
//! quick fixes and `source.fixAll.nianbao.narrative`, go to definition from a narrative number
//! to its table cell, document highlights of a 总计's addends, references of a cell, and
//! completion of row labels, headings and whole tables.

mod support;

use serde_json::{json, Value};
use support::lsp_client::{fixture, Client};

/// The LSP position (UTF-16) of byte `b` of `text`.
fn pos(text: &str, b: usize) -> Value {
    let line = text[..b].matches('\n').count();
    let start = text[..b].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[start..b].encode_utf16().count()})
}

/// The byte offset of an LSP position (UTF-16) in `text`.
fn byte(text: &str, p: &Value) -> usize {
    let line = p["line"].as_u64().unwrap() as usize;
    let ch = p["character"].as_u64().unwrap() as usize;
    let start = text.split_inclusive('\n').take(line).map(str::len).sum::<usize>();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= ch {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

fn start(uri: &str, text: &str) -> Client {
    let mut c = Client::start();
    c.initialize(&["utf-16"]);
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}));
    c.diagnostics(uri, 1);
    c
}

fn at(uri: &str, p: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": p})
}

/// Apply the edits of a `WorkspaceEdit` (one document) to `text`, as a client would.
fn apply(text: &str, edit: &Value) -> String {
    let mut edits: Vec<(usize, usize, String)> = edit["documentChanges"][0]["edits"]
        .as_array()
        .expect("edits")
        .iter()
        .map(|e| (byte(text, &e["range"]["start"]), byte(text, &e["range"]["end"]), e["newText"].as_str().unwrap().to_string()))
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (a, b, t) in edits {
        out.replace_range(a..b, &t);
    }
    out
}

const URI_010: &str = "file:///tmp/010_hongze_2024.txt";

/// 010 says 「受理政府信息公开申请 17 件」; table 3 says 95.
#[test]
fn a_narrative_mismatch_is_fixed_by_its_quick_fix_or_the_narrative_fix_all() {
    let text = fixture("010_hongze_2024.txt");
    let mut c = start(URI_010, &text);
    let b = text.find("申请 17 件").unwrap() + "申请 ".len();
    let range = json!({"start": pos(&text, b), "end": pos(&text, b + 2)});
    let r = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI_010}, "range": range, "context": {"diagnostics": [], "only": ["quickfix"]}}));
    let list = r["result"].as_array().expect("actions");
    let fix = list.iter().find(|a| a["diagnostics"][0]["code"] == "n4_received").expect("narrative quick fix");
    assert_eq!(fix["title"], "将正文数字改为统计表的 95");
    assert_eq!(fix["isPreferred"], false);
    let fixed = apply(&text, &fix["edit"]);
    assert!(fixed.contains("受理政府信息公开申请 95 件"));

    // Totals only: exactly source.fixAll.nianbao gives no narrative action.
    let whole = json!({"start": {"line": 0, "character": 0}, "end": pos(&text, text.len())});
    let r = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI_010}, "range": whole, "context": {"diagnostics": [], "only": ["source.fixAll.nianbao"]}}));
    let kinds: Vec<&str> = r["result"].as_array().map(|l| l.iter().filter_map(|a| a["kind"].as_str()).collect()).unwrap_or_default();
    assert!(!kinds.contains(&"source.fixAll.nianbao.narrative"), "{kinds:?}");
    let r = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI_010}, "range": whole, "context": {"diagnostics": [], "only": ["source.fixAll.nianbao.narrative"]}}));
    let all = r["result"].as_array().expect("actions").iter().find(|a| a["kind"] == "source.fixAll.nianbao.narrative").expect("narrative fix-all").clone();
    assert_eq!(all["title"], "按统计表修正本文件正文中的全部数字");
    let fixed = apply(&text, &all["edit"]);
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI_010, "version": 2}, "contentChanges": [{"text": fixed}]}));
    let d = c.diagnostics(URI_010, 2);
    assert!(d.iter().all(|x| x["code"] != "n4_received"), "{d:#?}");
    c.shutdown();
}

/// F12 on 010's narrative 17 lands on table 3's 一、本年新收 · 总计 (95); highlights on 009's
/// 行政复议 总计 mark it and its four parts; references on 001's 本年新收 · 总计 list the rules
/// that read it, the narrative's 「本年新收41件」 among them.
#[test]
fn definition_highlights_and_references() {
    let text = fixture("010_hongze_2024.txt");
    let mut c = start(URI_010, &text);
    let b = text.find("申请 17 件").unwrap() + "申请 ".len() + 1;
    let r = c.request("textDocument/definition", at(URI_010, pos(&text, b)));
    let loc = &r["result"];
    assert_eq!(loc["uri"], URI_010, "{r}");
    let cell = byte(&text, &loc["range"]["start"])..byte(&text, &loc["range"]["end"]);
    assert_eq!(&text[cell.clone()], "95");
    // 010's row is 「一、本年新收政府信息公开申请数量\t\t\t95\t0…\t95」: the last cell is 总计.
    let line = text[..cell.start].rfind('\n').map_or(0, |i| i + 1);
    assert!(text[line..].starts_with("一、本年新收政府信息公开申请数量"), "in the 本年新收 row");
    assert_eq!(text.as_bytes()[cell.end], b'\n', "the row's last cell, 总计");
    // Not on prose no rule compares.
    let r = c.request("textDocument/definition", at(URI_010, json!({"line": 0, "character": 1})));
    assert!(r["result"].is_null(), "{r}");
    c.shutdown();

    let uri = "file:///tmp/009_hongze_2023.txt";
    let text = fixture("009_hongze_2023.txt");
    let mut c = start(uri, &text);
    // 009's 行政复议 总计 is line 354 (0-based 353), the cell after its TAB.
    let r = c.request("textDocument/documentHighlight", at(uri, json!({"line": 353, "character": 1})));
    let hs = r["result"].as_array().expect("highlights");
    assert_eq!(hs.len(), 5, "{r}");
    assert_eq!(hs.iter().filter(|h| h["kind"] == 3).count(), 1, "one written total");
    assert_eq!(hs.iter().filter(|h| h["kind"] == 2).count(), 4, "four read parts");
    c.shutdown();

    let uri = "file:///tmp/001.txt";
    let text = fixture("001_7e3cf29f5d278207.txt");
    let mut c = start(uri, &text);
    let row = text.find("\t一、本年新收政府信息公开申请数量\n").unwrap();
    let total = row + text[row..].find("\t41\n").unwrap() + 1;
    let r = c.request("textDocument/references", json!({"textDocument": {"uri": uri}, "position": pos(&text, total), "context": {"includeDeclaration": true}}));
    let locs = r["result"].as_array().expect("references");
    assert_eq!(byte(&text, &locs[0]["range"]["start"]), total, "the cell itself first");
    let spans: Vec<&str> = locs.iter().map(|l| &text[byte(&text, &l["range"]["start"])..byte(&text, &l["range"]["end"])]).collect();
    let claim = text.find("本年新收41件").unwrap() + "本年新收".len();
    assert!(locs.iter().any(|l| byte(&text, &l["range"]["start"]) == claim), "the narrative's 41: {spans:?}");
    assert!(locs.len() >= 4, "row total, column balance and two narrative numbers: {spans:?}");
    c.shutdown();
}

/// 010 without its 「2.重复申请」 row and its section 五 heading: completion at the start of the
/// emptied row offers that label (template wording, replacing what is typed), and on an empty
/// line before 六 the heading 五; English descriptions with `nianbao.locale` = en.
#[test]
fn completion_offers_missing_rows_and_the_next_heading() {
    let text = fixture("010_hongze_2024.txt");
    // 010's row is 「\t\t2.重复申请\t0\t…」: the label after the group's empty cells.
    let row = text.lines().find(|l| l.contains("2.重复申请")).unwrap().to_string();
    let five = text.lines().find(|l| l.starts_with("五、")).unwrap().to_string();
    let six = text.lines().find(|l| l.starts_with("六、")).unwrap().to_string();
    let cut = text.replacen(&format!("{row}\n"), "\t\t2.重\n", 1).replacen(&format!("{five}\n"), "", 1).replacen(&format!("{six}\n"), &format!("\n{six}\n"), 1);
    let mut c = start(URI_010, &cut);
    let typed = cut.find("\n\t\t2.重\n").unwrap() + 3;
    let r = c.request("textDocument/completion", at(URI_010, pos(&cut, typed + "2.重".len())));
    let items = r["result"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{r}");
    assert_eq!(items[0]["label"], "2.重复申请");
    assert_eq!(items[0]["textEdit"]["newText"], "2.重复申请");
    assert_eq!(byte(&cut, &items[0]["textEdit"]["range"]["start"]), typed, "what is typed is replaced");
    assert!(items[0]["detail"].as_str().unwrap().contains("表三"), "{}", items[0]);

    let empty = cut.find(&format!("\n{six}")).unwrap();
    let r = c.request("textDocument/completion", at(URI_010, pos(&cut, empty)));
    let labels: Vec<&str> = r["result"].as_array().expect("items").iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels, ["五、存在的主要问题及改进情况"]);

    c.notify("workspace/didChangeConfiguration", json!({"settings": {"nianbao": {"locale": "en"}}}));
    let r = c.request("textDocument/completion", at(URI_010, pos(&cut, typed + "2.重".len())));
    assert!(r["result"][0]["detail"].as_str().unwrap().starts_with("Table 3, row"), "{r}");
    // Inside prose no rule covers: nothing.
    let r = c.request("textDocument/completion", at(URI_010, json!({"line": 4, "character": 3})));
    assert!(r["result"].is_null(), "{r}");
    c.shutdown();
}

/// 010 with section 四 emptied: completion on its empty line offers table 4 whole, by name, as
/// a snippet whose text is the table in 010's layout.
#[test]
fn completion_offers_a_missing_table_whole() {
    let text = fixture("010_hongze_2024.txt");
    let four = text.find("\n四、政府信息公开行政复议").unwrap() + 1;
    let body = four + text[four..].find('\n').unwrap() + 1;
    let five = text.find("\n五、").unwrap() + 1;
    let cut = format!("{}\n{}", &text[..body], &text[five..]);
    let mut c = start(URI_010, &cut);
    let r = c.request("textDocument/completion", at(URI_010, pos(&cut, body)));
    let items = r["result"].as_array().expect("items");
    let table = items.iter().find(|i| i["kind"] == 15).unwrap_or_else(|| panic!("no snippet: {r}"));
    assert_eq!(table["label"], "表四（空表，2021 年模板）");
    let new_text = table["textEdit"]["newText"].as_str().unwrap();
    assert!(new_text.starts_with("行政复议\t") && new_text.contains("结果维持\t结果纠正\t其他结果\t尚未审结\t总计"), "{new_text}");
    c.shutdown();
}
