//! `nianbao.newReport` over stdio, as an editor runs it: next year's report created beside last
//! year's by a `workspace/applyEdit` (a `CreateFile` and the text), its carried cells equal to
//! last year's carry-out, its blanks `t_unfilled` information once opened; the text returned
//! instead when the client cannot create files; a taken name not overwritten.

mod support;

use serde_json::{json, Value};
use support::lsp_client::{fixture, Client};

fn file_uri(p: &std::path::Path) -> String {
    format!("file://{}", p.display())
}

fn create_capabilities() -> Value {
    json!({"general": {"positionEncodings": ["utf-16"]}, "workspace": {"configuration": true, "applyEdit": true, "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}})
}

/// Table 3's row `key` of `text`, per column.
fn t3_row(text: &str, key: &str) -> Vec<Option<i64>> {
    let a = nianbao::analysis::analyze_report(text, &nianbao::CheckOptions::default());
    a.report.t3.expect("table 3").row(key).expect("row").cells.iter().map(|c| c.as_ref().and_then(|c| c.value.int())).collect()
}

#[test]
fn new_report_is_created_beside_last_years_and_carries_its_carry_out() {
    let dir = tempfile::tempdir().unwrap();
    // 014's carry-out is not all 0: 290, 3, 0, 0, 0, 0, 293.
    let last_text = fixture("014_shanghai_bgt_2025.txt");
    let last = dir.path().join("shanghai_2025.txt");
    std::fs::write(&last, &last_text).unwrap();
    let mut c = Client::start();
    let init = c.initialize_with(create_capabilities());
    let commands = &init["result"]["capabilities"]["executeCommandProvider"]["commands"];
    assert_eq!(commands, &json!(["nianbao.fillAllTotals", "nianbao.newReport"]));

    // Last year's report not open: read from disk.
    let r = c.request("workspace/executeCommand", json!({"command": "nianbao.newReport", "arguments": [file_uri(&last)]}));
    let res = &r["result"];
    let want_uri = file_uri(&dir.path().join("shanghai_2026.txt"));
    assert_eq!(res["uri"], want_uri.as_str(), "{r}");
    assert_eq!(res["year"], 2026);
    assert_eq!(res["template"], "2021");
    assert_eq!(res["layout"], "B");
    assert!(res.get("text").is_none(), "created, not returned");
    let apply = c.wait_for("applyEdit", |v| v["method"] == "workspace/applyEdit");
    let changes = apply["params"]["edit"]["documentChanges"].as_array().expect("documentChanges");
    assert_eq!(changes[0]["kind"], "create");
    assert_eq!(changes[0]["uri"], want_uri.as_str());
    assert_eq!(changes[0]["options"]["overwrite"], false);
    assert_eq!(changes[1]["textDocument"]["uri"], want_uri.as_str());
    let edit = &changes[1]["edits"][0];
    assert_eq!(edit["range"], json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}));
    let text = edit["newText"].as_str().unwrap().to_string();
    assert_eq!(t3_row(&text, "carry_in"), t3_row(&last_text, "carry_out"));
    assert_eq!(t3_row(&text, "carry_in"), [Some(290), Some(3), Some(0), Some(0), Some(0), Some(0), Some(293)]);
    assert!(text.lines().next().unwrap().contains("2026"), "{}", &text[..200]);

    // The client created it: opened, it has information diagnostics and no error.
    std::fs::write(dir.path().join("shanghai_2026.txt"), &text).unwrap();
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": want_uri, "languageId": "plaintext", "version": 1, "text": text}}));
    let d = c.diagnostics(&want_uri, 1);
    assert!(d.iter().all(|x| x["severity"] == 3), "{d:#?}");
    assert!(d.iter().filter(|x| x["code"] == "t_unfilled").count() >= 30, "{d:#?}");

    // Again, from the open buffer of last year's with a year given: the name is taken, so -2.
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": file_uri(&last), "languageId": "plaintext", "version": 1, "text": last_text}}));
    let r = c.request("workspace/executeCommand", json!({"command": "nianbao.newReport", "arguments": [{"uri": file_uri(&last), "year": 2026}]}));
    assert_eq!(r["result"]["uri"], file_uri(&dir.path().join("shanghai_2026-2.txt")).as_str(), "{r}");

    // Bad arguments and a year before last year's are errors, and the server lives on.
    let r = c.request("workspace/executeCommand", json!({"command": "nianbao.newReport", "arguments": [42]}));
    assert!(r.get("error").is_some(), "{r}");
    let r = c.request("workspace/executeCommand", json!({"command": "nianbao.newReport", "arguments": [file_uri(&last), 2020]}));
    assert!(r["error"]["message"].as_str().unwrap().contains("2020"), "{r}");
    let r = c.request("workspace/executeCommand", json!({"command": "nianbao.newReport", "arguments": [file_uri(&dir.path().join("missing.txt"))]}));
    assert!(r.get("error").is_some(), "{r}");
    assert!(c.shutdown().success());
}

#[test]
fn a_client_that_cannot_create_files_gets_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let last_text = fixture("009_hongze_2023.txt");
    let last = dir.path().join("009_hongze_2023.txt");
    std::fs::write(&last, &last_text).unwrap();
    let mut c = Client::start();
    // applyEdit, but no resource operations.
    c.initialize(&["utf-16"]);
    let r = c.request("workspace/executeCommand", json!({"command": "nianbao.newReport", "arguments": [file_uri(&last)]}));
    let res = &r["result"];
    assert_eq!(res["uri"], file_uri(&dir.path().join("009_hongze_2024.txt")).as_str(), "{r}");
    assert_eq!(res["layout"], "A");
    let text = res["text"].as_str().expect("the text is returned");
    assert!(text.starts_with("洪泽区人民政府\n2024 年政府信息公开工作年度报告\n"));
    assert_eq!(t3_row(text, "carry_in"), t3_row(&last_text, "carry_out"));
    // Said to the user, and no edit was asked for.
    c.wait_for("showMessage", |v| v["method"] == "window/showMessage");
    let r = c.request("nianbao/reportInfo", json!({"textDocument": {"uri": file_uri(&last)}}));
    assert!(r.get("error").is_none());
    assert!(c.inbox.iter().all(|v| v["method"] != "workspace/applyEdit"), "{:?}", c.inbox);
    assert!(c.shutdown().success());
}
