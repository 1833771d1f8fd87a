//! Integration tests that drive the real `nianbao lsp` binary over stdio as a client would.

mod support;

use serde_json::{json, Value};
use support::lsp_client::{fixture, Client};

const URI: &str = "file:///tmp/009_hongze_2023.txt";

fn open(c: &mut Client, uri: &str, text: &str) {
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}));
}

fn t4(diags: &[Value]) -> Vec<&Value> {
    diags.iter().filter(|d| d["code"] == "t4_total").collect()
}

#[test]
fn diagnostics_edit_hover_quickfix_and_exit() {
    let text = fixture("009_hongze_2023.txt");
    let mut c = Client::start();
    let init = c.initialize(&["utf-16"]);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["capabilities"]["textDocumentSync"]["change"], 2);
    open(&mut c, URI, &text);
    let d = c.diagnostics(URI, 1);
    let totals = t4(&d);
    assert_eq!(totals.len(), 2, "{d:#?}");
    assert_eq!(totals[0]["range"]["start"], json!({"line": 353, "character": 1}));
    assert_eq!(totals[0]["source"], "nianbao");
    assert!(totals[0]["message"].as_str().unwrap().contains("应为 11"));
    assert!(totals[0]["relatedInformation"].as_array().unwrap().len() == 4);

    // Edit line 350 (0-based 349) "\t10" -> "\t12" incrementally.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": {"line": 349, "character": 1}, "end": {"line": 349, "character": 3}}, "text": "12"}]}),
    );
    let d = c.diagnostics(URI, 2);
    assert!(t4(&d)[0]["message"].as_str().unwrap().contains("应为 13"), "{d:#?}");

    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 353, "character": 1}}));
    let md = h["result"]["contents"]["value"].as_str().unwrap().to_string();
    assert!(md.contains("总计 应为 13 = 结果维持 12 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 ✗"), "{md}");

    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 353, "character": 1}, "end": {"line": 353, "character": 2}}, "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    let list = actions["result"].as_array().expect("actions");
    let fix = list.iter().find(|a| a["isPreferred"] == true).expect("preferred fix");
    assert_eq!(fix["title"], "将总计改为 13");
    let doc_edit = &fix["edit"]["documentChanges"][0];
    assert_eq!(doc_edit["textDocument"]["version"], 2);
    let te = &doc_edit["edits"][0];
    assert_eq!(te["newText"], "13");
    // Apply it as the client would.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"range": te["range"], "text": "13"}]}));
    let d = c.diagnostics(URI, 3);
    assert_eq!(t4(&d).len(), 1, "the fixed total no longer has a diagnostic: {d:#?}");

    let status = c.shutdown();
    assert!(status.success(), "{status:?}");
}

#[test]
fn utf8_positions_fix_all_and_report_info() {
    let text = fixture("009_hongze_2023.txt");
    let mut c = Client::start();
    let init = c.initialize(&["utf-16", "utf-8"]);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    open(&mut c, URI, &text);
    let d = c.diagnostics(URI, 1);
    assert_eq!(t4(&d).len(), 2);
    // A narrative diagnostic-free line with Chinese text: hover positions count bytes now.
    let info = c.request("nianbao/reportInfo", json!({"textDocument": {"uri": URI}}));
    assert_eq!(info["result"]["isReport"], true);
    assert_eq!(info["result"]["template"], "2021");
    assert_eq!(info["result"]["year"], 2023);
    assert_eq!(info["result"]["errors"], 2);

    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll.nianbao"]}}),
    );
    let all = &actions["result"][0];
    assert_eq!(all["title"], "填写本文件全部总计");
    assert_eq!(all["kind"], "source.fixAll.nianbao");
    let edits = all["edit"]["documentChanges"][0]["edits"].as_array().unwrap();
    let texts: Vec<&str> = edits.iter().map(|e| e["newText"].as_str().unwrap()).collect();
    assert_eq!(texts, vec!["11", "5"]);

    // The command asks the client to apply the same edits.
    let r = c.request("workspace/executeCommand", json!({"command": "nianbao.fillAllTotals", "arguments": [URI]}));
    assert!(r.get("error").is_none(), "{r}");
    let apply = c.wait_for("applyEdit", |v| v["method"] == "workspace/applyEdit");
    assert_eq!(apply["params"]["edit"]["documentChanges"][0]["edits"].as_array().unwrap().len(), 2);

    // Inlay hints, symbols and folding answer.
    let hints = c.request("textDocument/inlayHint", json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 340, "character": 0}, "end": {"line": 370, "character": 0}}}));
    let labels: Vec<String> = hints["result"].as_array().unwrap().iter().map(|h| h["label"].as_str().unwrap().to_string()).collect();
    assert!(labels.contains(&"= 11 ✗".to_string()), "{labels:?}");
    // Layout A: the column label before each number of table 4.
    assert!(labels.contains(&"行政复议·结果维持:".to_string()), "{labels:?}");
    let syms = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    assert_eq!(syms["result"][0]["children"].as_array().unwrap().len(), 6);
    let folds = c.request("textDocument/foldingRange", json!({"textDocument": {"uri": URI}}));
    assert!(folds["result"].as_array().unwrap().len() >= 6);
    assert!(c.shutdown().success());
}

#[test]
fn survives_bad_input_and_closes_cleanly() {
    let mut c = Client::start();
    c.initialize(&[]);
    // Not a report: nothing is published beyond an empty list.
    open(&mut c, "file:///tmp/notes.txt", "购物清单\n苹果 3 个\n");
    let d = c.diagnostics("file:///tmp/notes.txt", 1);
    assert!(d.is_empty());
    // Invalid ranges: reversed, past the end, huge columns.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///tmp/notes.txt", "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 1, "character": 5}, "end": {"line": 0, "character": 1}}, "text": "x"},
            {"range": {"start": {"line": 999, "character": 0}, "end": {"line": 1000, "character": 99}}, "text": "\n尾"},
            {"range": {"start": {"line": 0, "character": 4000000000u32}, "end": {"line": 0, "character": 4000000000u32}}, "text": "😀"}
        ]}),
    );
    // Unknown document, garbage params, unknown method: errors, not crashes.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///nope", "version": 2}, "contentChanges": [{"text": "x"}]}));
    let r = c.request("textDocument/hover", json!({"bogus": true}));
    assert!(r.get("error").is_some());
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///nope"}, "position": {"line": 0, "character": 0}}));
    assert!(r["result"].is_null());
    let r = c.request("nianbao/unknown", json!({}));
    assert!(r.get("error").is_some());
    // Still alive and consistent.
    let text = fixture("001_7e3cf29f5d278207.txt");
    open(&mut c, "file:///tmp/001.txt", &text);
    let d = c.diagnostics("file:///tmp/001.txt", 1);
    assert!(d.iter().any(|x| x["code"] == "year_future"));
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": "file:///tmp/001.txt"}}));
    let v = c.wait_for("cleared diagnostics", |v| v["method"] == "textDocument/publishDiagnostics" && v["params"]["uri"] == "file:///tmp/001.txt" && v["params"]["diagnostics"] == json!([]));
    assert!(v["params"]["diagnostics"].as_array().unwrap().is_empty());
    assert!(c.shutdown().success());
}

#[test]
fn columns_follow_the_negotiated_encoding() {
    let text = fixture("001_7e3cf29f5d278207.txt");
    let line = text.lines().nth(6).unwrap();
    let before = &line[..line.find("2022年").unwrap()];
    for (enc, want) in [("utf-16", before.encode_utf16().count()), ("utf-8", before.len()), ("utf-32", before.chars().count())] {
        let mut c = Client::start();
        let init = c.initialize(&[enc]);
        assert_eq!(init["result"]["capabilities"]["positionEncoding"], enc);
        open(&mut c, "file:///tmp/001.txt", &text);
        let d = c.diagnostics("file:///tmp/001.txt", 1);
        let y = d.iter().find(|x| x["code"] == "year_future").expect("year finding");
        assert_eq!(y["range"]["start"], json!({"line": 6, "character": want}), "{enc}");
        assert_eq!(y["range"]["end"]["character"].as_u64().unwrap() as usize, want + 4);
        assert!(c.shutdown().success());
    }
}

#[test]
fn crlf_bom_and_astral_characters() {
    // 001 with CRLF line endings, a BOM, and an emoji (two UTF-16 units) early on line 7.
    let text = fixture("001_7e3cf29f5d278207.txt");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[6] = format!("😀{}", lines[6]);
    let crlf = format!("\u{feff}{}", lines.join("\r\n"));
    let line = &lines[6];
    let before = &line[..line.find("2022年").unwrap()];
    let mut c = Client::start();
    c.initialize(&["utf-16"]);
    open(&mut c, "file:///tmp/crlf.txt", &crlf);
    let d = c.diagnostics("file:///tmp/crlf.txt", 1);
    let y = d.iter().find(|x| x["code"] == "year_future").expect("year finding");
    assert_eq!(y["range"]["start"], json!({"line": 6, "character": before.encode_utf16().count()}));
    // An edit right after the emoji, in UTF-16 units, lands after it (not inside it).
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///tmp/crlf.txt", "version": 2}, "contentChanges": [{"range": {"start": {"line": 6, "character": 2}, "end": {"line": 6, "character": 2}}, "text": "甲"}]}),
    );
    let d = c.diagnostics("file:///tmp/crlf.txt", 2);
    let y = d.iter().find(|x| x["code"] == "year_future").expect("year finding");
    assert_eq!(y["range"]["start"], json!({"line": 6, "character": before.encode_utf16().count() + 1}));
    let info = c.request("nianbao/reportInfo", json!({"textDocument": {"uri": "file:///tmp/crlf.txt"}}));
    assert_eq!(info["result"]["year"], 2020);
    assert!(c.shutdown().success());
}

#[test]
fn cell_label_hints_follow_the_setting() {
    let text = fixture("009_hongze_2023.txt");
    let mut c = Client::start();
    c.initialize_with(json!({"general": {"positionEncodings": ["utf-16"]}, "workspace": {"inlayHint": {"refreshSupport": true}}}));
    open(&mut c, URI, &text);
    c.diagnostics(URI, 1);
    let hints = |c: &mut Client| -> Vec<(u64, String)> {
        let r = c.request("textDocument/inlayHint", json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 400, "character": 0}}}));
        r["result"].as_array().unwrap().iter().map(|h| (h["position"]["line"].as_u64().unwrap(), h["label"].as_str().unwrap().to_string())).collect()
    };
    let on = hints(&mut c);
    // Table 4's first number (line 350) and a table-3 row's first cell with its row label.
    assert!(on.contains(&(349, "行政复议·结果维持:".to_string())), "{on:?}");
    assert!(on.iter().any(|(_, l)| l.starts_with("（一）予以公开 › 自然人")), "{on:?}");
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"nianbao": {"inlayHints": {"cellLabels": false}}}}));
    // The client is asked to fetch the hints again.
    c.wait_for("inlay hint refresh", |v| v["method"] == "workspace/inlayHint/refresh");
    let off = hints(&mut c);
    assert!(off.iter().all(|(_, l)| !l.ends_with(':')), "{off:?}");
    assert!(off.iter().any(|(_, l)| l.starts_with("= ")), "the totals' hints stay: {off:?}");
    assert!(c.shutdown().success());
}
