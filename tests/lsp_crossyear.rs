//! Cross-year checks in the editor, over stdio with the real binary: this year's report open,
//! last year's report of the same agency on disk beside it (fixtures 009 and 010: 洪泽区
//! 2023 and 2024), a mismatch in one column of 四、结转下年度继续办理 → 二、上年结转. Last
//! year's report may be a PDF (printed by Chromium) or a Word 97–2003 `.doc` (LibreOffice):
//! locations into it name the page and cell, never a line it does not have.

mod support;

// (The shared generator trips a clippy lint that is not this test's business.)
#[allow(clippy::manual_is_multiple_of)]
#[path = "support/formats_gen.rs"]
mod formats_gen;
#[path = "support/office.rs"]
mod office;

use serde_json::{json, Value};
use std::path::Path;
use support::lsp_client::{fixture, Client};

/// Line (0-based) of 2023's 四、结转下年度继续办理 自然人 cell ("\t0", layout A).
const CARRY_OUT_LINE: usize = 311;
/// 2024's 二、上年结转 row (layout B); its 自然人 cell starts after the label and three TABs.
const CARRY_IN_LINE: u64 = 32;
const CARRY_IN_CHAR: u64 = 19;

/// 2023's report with 结转下年度 自然人 = `n`.
fn last_year(n: u32) -> String {
    let text = fixture("009_hongze_2023.txt");
    let mut lines: Vec<&str> = text.split('\n').collect();
    assert_eq!(lines[CARRY_OUT_LINE - 1].trim(), "四、结转下年度继续办理");
    assert_eq!(lines[CARRY_OUT_LINE], "\t0");
    let cell = format!("\t{n}");
    lines[CARRY_OUT_LINE] = &cell;
    lines.join("\n")
}

fn uri_of(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn open(c: &mut Client, uri: &str, text: &str) {
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}));
}

fn xy<'a>(diags: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == rule).collect()
}

/// The text a UTF-16 range covers.
fn text_at(text: &str, r: &Value) -> String {
    let at = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split('\n').take(line).map(|l| l.len() + 1).sum();
        let mut units = p["character"].as_u64().unwrap() as usize;
        let mut b = start;
        for ch in text[start..].chars() {
            if units == 0 {
                break;
            }
            units -= ch.len_utf16();
            b += ch.len_utf8();
        }
        b
    };
    text[at(&r["start"])..at(&r["end"])].to_string()
}

fn capabilities() -> Value {
    json!({"general": {"positionEncodings": ["utf-16"]}, "workspace": {"configuration": true, "applyEdit": true, "didChangeWatchedFiles": {"dynamicRegistration": true}}})
}

fn hover(c: &mut Client, uri: &str) -> String {
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": CARRY_IN_LINE, "character": CARRY_IN_CHAR}}));
    h["result"]["contents"]["value"].as_str().unwrap_or_default().to_string()
}

/// The one xy_carry_over diagnostic: on 2024's 上年结转 自然人 cell, related to 2023's cell.
fn check_carry_over(diags: &[Value], last_uri: &str, last_text: &str, then: u32) {
    let found = xy(diags, "xy_carry_over");
    assert_eq!(found.len(), 1, "{diags:#?}");
    let d = found[0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["range"], json!({"start": {"line": CARRY_IN_LINE, "character": CARRY_IN_CHAR}, "end": {"line": CARRY_IN_LINE, "character": CARRY_IN_CHAR + 1}}));
    assert!(d["message"].as_str().unwrap().contains(&format!("为 {then}")), "{d:#}");
    let rel = &d["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], last_uri);
    assert_eq!(text_at(last_text, &rel["location"]["range"]), then.to_string(), "{rel:#}");
}

#[test]
fn carry_over_from_last_years_file_watched_and_hovered() {
    let dir = tempfile::tempdir().unwrap();
    let last_path = dir.path().join("hongze_2023.txt");
    let last = last_year(3);
    std::fs::write(&last_path, &last).unwrap();
    let this_path = dir.path().join("hongze_2024.txt");
    let this = fixture("010_hongze_2024.txt");
    std::fs::write(&this_path, &this).unwrap();
    let (last_uri, this_uri) = (uri_of(&last_path), uri_of(&this_path));

    let mut c = Client::start();
    c.initialize_with(capabilities());
    let reg = c.wait_for("registerCapability", |v| v["method"] == "client/registerCapability");
    let r = &reg["params"]["registrations"][0];
    assert_eq!(r["method"], "workspace/didChangeWatchedFiles");
    let glob = r["registerOptions"]["watchers"][0]["globPattern"].as_str().unwrap();
    for ext in ["txt", "md", "html", "htm", "docx", "doc", "wps", "pdf"] {
        assert!(glob.contains(ext), "{glob}");
    }

    open(&mut c, &this_uri, &this);
    let d = c.diagnostics(&this_uri, 1);
    check_carry_over(&d, &last_uri, &last, 3);
    // The exact cell in last year's file: line 312, the "3" after the TAB.
    let rel = &xy(&d, "xy_carry_over")[0]["relatedInformation"][0]["location"]["range"];
    assert_eq!(rel, &json!({"start": {"line": CARRY_OUT_LINE, "character": 1}, "end": {"line": CARRY_OUT_LINE, "character": 2}}));

    let md = hover(&mut c, &this_uri);
    assert!(md.contains("上年报告“四、结转下年度继续办理”为 3 ✗（本年填 0）"), "{md}");
    assert!(md.contains("hongze_2023.txt") && md.contains(&last_uri), "{md}");

    // Last year's file fixed on disk: the watcher's notification re-checks this year's report.
    std::fs::write(&last_path, last_year(0)).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": last_uri, "type": 2}]}));
    c.wait_for("diagnostics without xy_carry_over", |v| {
        v["method"] == "textDocument/publishDiagnostics"
            && v["params"]["uri"] == this_uri.as_str()
            && v["params"]["version"] == 1
            && v["params"]["diagnostics"].as_array().is_some_and(|d| d.iter().all(|d| d["code"] != "xy_carry_over"))
    });
    let md = hover(&mut c, &this_uri);
    assert!(md.contains("为 0 ✓"), "{md}");

    // Last year's report opened in the editor: its buffer counts, and its edits re-check.
    open(&mut c, &last_uri, &last_year(0));
    let edit = json!({"textDocument": {"uri": last_uri, "version": 2}, "contentChanges": [{"range": {"start": {"line": CARRY_OUT_LINE, "character": 1}, "end": {"line": CARRY_OUT_LINE, "character": 2}}, "text": "5"}]});
    c.notify("textDocument/didChange", edit);
    let v = c.wait_for("diagnostics with xy_carry_over from the buffer", |v| {
        v["method"] == "textDocument/publishDiagnostics"
            && v["params"]["uri"] == this_uri.as_str()
            && v["params"]["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == "xy_carry_over"))
    });
    check_carry_over(v["params"]["diagnostics"].as_array().unwrap(), &last_uri, &last_year(5), 5);
    // Closed again: back to the file on disk, which agrees.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": last_uri}}));
    c.wait_for("diagnostics from the file on disk again", |v| {
        v["method"] == "textDocument/publishDiagnostics"
            && v["params"]["uri"] == this_uri.as_str()
            && v["params"]["diagnostics"].as_array().is_some_and(|d| d.iter().all(|d| d["code"] != "xy_carry_over"))
    });
    assert!(c.shutdown().success());
}

#[test]
fn gbk_and_html_last_year_files() {
    for kind in ["gbk", "html"] {
        let dir = tempfile::tempdir().unwrap();
        let last = last_year(4);
        let (name, bytes, shown) = match kind {
            "gbk" => ("洪泽_2023.txt", encoding_rs::GB18030.encode(&last).0.into_owned(), last.clone()),
            _ => {
                // The agency stays on its own line above the title, as in the text.
                let page = formats_gen::html(&last, "utf-8");
                ("hongze_2023.html", page.clone().into_bytes(), page)
            }
        };
        let last_path = dir.path().join(name);
        std::fs::write(&last_path, bytes).unwrap();
        let this_path = dir.path().join("hongze_2024.md");
        let this = fixture("010_hongze_2024.txt");
        let this_uri = uri_of(&this_path);
        let mut c = Client::start();
        c.initialize_with(capabilities());
        open(&mut c, &this_uri, &this);
        let d = c.diagnostics(&this_uri, 1);
        let found = xy(&d, "xy_carry_over");
        assert_eq!(found.len(), 1, "{kind}: {d:#?}");
        let loc = &found[0]["relatedInformation"][0]["location"];
        let got_uri = loc["uri"].as_str().unwrap();
        assert!(got_uri.ends_with(if kind == "gbk" { ".txt" } else { ".html" }) && got_uri.starts_with("file:///"), "{got_uri}");
        assert_eq!(text_at(&shown, &loc["range"]), "4", "{kind}: {loc:#}");
        assert!(c.shutdown().success());
    }
}

#[test]
fn setting_off_means_no_cross_year_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hongze_2023.txt"), last_year(2)).unwrap();
    let this_uri = uri_of(&dir.path().join("hongze_2024.txt"));
    let this = fixture("010_hongze_2024.txt");
    let mut c = Client::start();
    // No workspace/configuration: the settings are what the client sends.
    c.initialize_with(json!({"general": {"positionEncodings": ["utf-16"]}}));
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"nianbao": {"crossYear": false}}}));
    open(&mut c, &this_uri, &this);
    let d = c.diagnostics(&this_uri, 1);
    assert!(d.iter().all(|d| !d["code"].as_str().unwrap().starts_with("xy_")), "{d:#?}");
    assert!(!hover(&mut c, &this_uri).contains("上年报告"));
    // On again (and in English): the finding comes back for the same version.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"nianbao": {"crossYear": true, "locale": "en"}}}));
    let v = c.wait_for("xy_carry_over after the setting", |v| {
        v["method"] == "textDocument/publishDiagnostics" && v["params"]["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == "xy_carry_over"))
    });
    assert_eq!(v["params"]["version"], 1);
    let md = hover(&mut c, &this_uri);
    assert!(md.contains("last year's report carried over 2") && md.contains("hongze_2023.txt"), "{md}");
    assert!(c.shutdown().success());
}

#[test]
fn this_year_as_an_html_page_gets_the_diagnostic_and_the_hover() {
    let dir = tempfile::tempdir().unwrap();
    let last_path = dir.path().join("hongze_2023.txt");
    std::fs::write(&last_path, last_year(3)).unwrap();
    let page = formats_gen::html(&fixture("010_hongze_2024.txt"), "utf-8");
    let this_path = dir.path().join("hongze_2024.html");
    std::fs::write(&this_path, &page).unwrap();
    let this_uri = uri_of(&this_path);

    let mut c = Client::start();
    c.initialize_with(capabilities());
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": this_uri, "languageId": "html", "version": 1, "text": page}}));
    let d = c.diagnostics(&this_uri, 1);
    let found = xy(&d, "xy_carry_over");
    assert_eq!(found.len(), 1, "{d:#?}");
    assert_eq!(text_at(&page, &found[0]["range"]), "0");
    assert_eq!(found[0]["relatedInformation"][0]["location"]["uri"], uri_of(&last_path));
    // The hover on that cell of the page names last year's value.
    let at = &found[0]["range"]["start"];
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": this_uri}, "position": at}));
    let md = h["result"]["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.contains("上年报告“四、结转下年度继续办理”为 3 ✗（本年填 0）"), "{md}");
    assert!(c.shutdown().success());
}

#[test]
fn last_years_pdf_and_doc_made_by_real_producers() {
    let dir = tempfile::tempdir().unwrap();
    // Last year's report as published: printed to PDF by Chromium from its page, and saved as
    // Word 97–2003 by LibreOffice from its .docx.
    let text = formats_gen::word_tables(&last_year(6));
    let page = dir.path().join("page.html");
    std::fs::write(&page, formats_gen::html(&text, "utf-8")).unwrap();
    let pdf = dir.path().join("pdf").join("hongze_2023.pdf");
    std::fs::create_dir(pdf.parent().unwrap()).unwrap();
    if office::chromium_pdf(&page, &pdf).is_none() {
        return;
    }
    let docx = dir.path().join("hongze_2023.docx");
    std::fs::write(&docx, formats_gen::docx(&text)).unwrap();
    let Some(docs) = office::soffice(&[docx], "doc", &dir.path().join("doc")) else { return };
    for last_path in [pdf, docs[0].clone()] {
        let folder = last_path.parent().unwrap();
        let this_path = folder.join("hongze_2024.txt");
        let this = fixture("010_hongze_2024.txt");
        std::fs::write(&this_path, &this).unwrap();
        let (last_uri, this_uri) = (uri_of(&last_path), uri_of(&this_path));
        let is_pdf = last_path.extension().is_some_and(|e| e == "pdf");

        let mut c = Client::start();
        c.initialize_with(capabilities());
        open(&mut c, &this_uri, &this);
        let d = c.diagnostics(&this_uri, 1);
        let found = xy(&d, "xy_carry_over");
        assert_eq!(found.len(), 1, "{}: {d:#?}", last_path.display());
        assert!(found[0]["message"].as_str().unwrap().contains("为 6"), "{:#}", found[0]);
        // The related location is the file itself (it has no lines), its message the place.
        let rel = &found[0]["relatedInformation"][0];
        assert_eq!(rel["location"]["uri"], last_uri.as_str());
        assert_eq!(rel["location"]["range"], json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}));
        let msg = rel["message"].as_str().unwrap();
        assert!(msg.contains("表3 · 四、结转下年度继续办理 · ") && msg.contains("自然人"), "{msg}");
        assert_eq!(msg.contains("第 ") && msg.contains(" 页 · 表3"), is_pdf, "pages in a PDF only: {msg}");

        let md = hover(&mut c, &this_uri);
        assert!(md.contains("上年报告“四、结转下年度继续办理”为 6 ✗（本年填 0）"), "{md}");
        let name = last_path.file_name().unwrap().to_string_lossy().to_string();
        assert!(md.contains(&name) && md.contains(&last_uri) && md.contains("表3 · 四、结转下年度继续办理"), "{md}");

        // The file replaced on disk by this year's agreeing report: the watcher's notification
        // re-reads it (the PDF is read again, not kept).
        let fixed = formats_gen::word_tables(&last_year(0));
        if is_pdf {
            std::fs::write(&page, formats_gen::html(&fixed, "utf-8")).unwrap();
            office::chromium_pdf(&page, &last_path).unwrap();
        } else {
            let docx = dir.path().join("fixed").join("hongze_2023.docx");
            std::fs::create_dir_all(docx.parent().unwrap()).unwrap();
            std::fs::write(&docx, formats_gen::docx(&fixed)).unwrap();
            office::soffice(&[docx], "doc", folder).unwrap();
        }
        c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": last_uri, "type": 2}]}));
        c.wait_for("diagnostics without xy_carry_over", |v| {
            v["method"] == "textDocument/publishDiagnostics"
                && v["params"]["uri"] == this_uri.as_str()
                && v["params"]["diagnostics"].as_array().is_some_and(|d| d.iter().all(|d| d["code"] != "xy_carry_over"))
        });
        assert!(c.shutdown().success());
    }
}
