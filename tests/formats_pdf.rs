//! PDFs made by real producers give the same findings as the text of the same report — rule,
//! stated, expected and the text of the cell they point at: LibreOffice exporting the `.docx`
//! package of every fixture (bordered tables, merged cells, table 3 broken across pages) and
//! Chromium printing every fixture's HTML page (with its header and footer: date, title,
//! address, page x/y), a 1-page and a 30-page report. Findings name their page. A scan, a
//! PDF that needs a password, and garbage are refused by name with exit 2 (a PDF with only an
//! owner password is read); `fix` refuses PDFs; truncated and garbled files never panic.
//! Needs `soffice`, `chromium` and `qpdf` (skipped outside CI without them).

#[path = "support/formats_gen.rs"]
mod formats_gen;
#[path = "support/office.rs"]
mod office;
#[path = "support/said.rs"]
mod said;

use said::{fixtures, run, said};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every fixture as a `.docx` and an HTML page in `dir` (tables as a word processor holds them).
fn sources(dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut docx = Vec::new();
    let mut html = Vec::new();
    for f in fixtures() {
        let text = formats_gen::word_tables(&std::fs::read_to_string(&f).unwrap());
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        let d = dir.join(format!("{stem}.docx"));
        std::fs::write(&d, formats_gen::docx(&text)).unwrap();
        docx.push(d);
        let h = dir.join(format!("{stem}.html"));
        std::fs::write(&h, formats_gen::html(&text, "utf-8")).unwrap();
        html.push(h);
    }
    (docx, html)
}

/// LibreOffice's PDFs of every fixture.
fn office_pdfs(dir: &Path) -> Option<Vec<PathBuf>> {
    let (docx, _) = sources(dir);
    office::soffice(&docx, "pdf", &dir.join("lo"))
}

#[test]
fn libreoffice_pdfs_give_the_same_findings_as_their_text() {
    let d = tempfile::tempdir().unwrap();
    let Some(pdfs) = office_pdfs(d.path()) else { return };
    let want = said(&fixtures());
    let got = said(&pdfs);
    for ((w, g), p) in want.iter().zip(&got).zip(&pdfs) {
        assert_eq!(w, g, "{}", p.display());
    }
    assert!(want.iter().flatten().any(|f| f.0 == "t3_row_total" || f.0 == "t4_total"), "some fixture has arithmetic errors");
    // 010's table 3 runs over a page break, with a row broken by it: one table, the row whole.
    let shown = String::from_utf8(run(&["check", "--print-text", pdfs[6].to_str().unwrap()]).stdout).unwrap();
    let (a, z) = (shown.find("一、本年新收政府信息公开申请数量").unwrap(), shown.find("四、结转下年度继续办理").unwrap());
    assert!(!shown[a..z].contains("\n\n"), "table 3 is one table:\n{}", &shown[a..z]);
    assert!(shown.contains("3.危及“三安全一稳定”\t1\t0\t0\t0\t0\t0\t1"), "{shown}");
    // Findings name their page.
    let out = run(&["check", "--format", "json", pdfs[5].to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let t4 = v[0]["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "t4_total").expect("009 has t4_total");
    assert_eq!((t4["location"]["table"].as_u64(), t4["location"]["column"].as_str()), (Some(4), Some("总计")), "{t4}");
    assert!(t4["location"]["page"].as_u64().is_some_and(|p| p >= 2), "{t4}");
    let human = String::from_utf8(run(&["check", pdfs[5].to_str().unwrap()]).stdout).unwrap();
    assert!(human.contains(&format!("位置：第 {} 页 · 表4", t4["location"]["page"])), "{human}");
    let out = run(&["check", "--format", "sarif", pdfs[5].to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["runs"][0]["results"].as_array().unwrap().iter().any(|r| r["properties"]["location"]["page"].is_u64()));
}

#[test]
fn chromium_pdfs_give_the_same_findings_as_their_text() {
    let d = tempfile::tempdir().unwrap();
    let (_, pages) = sources(d.path());
    let mut pdfs = Vec::new();
    for p in &pages {
        let out = p.with_extension("pdf");
        if office::chromium_pdf(p, &out).is_none() {
            return;
        }
        pdfs.push(out);
    }
    let want = said(&fixtures());
    let got = said(&pdfs);
    for ((w, g), p) in want.iter().zip(&got).zip(&pdfs) {
        assert_eq!(w, g, "{}", p.display());
    }
    // The browser's header and footer (date, title, address, page x/y) are not read.
    let shown = String::from_utf8(run(&["check", "--print-text", pdfs[6].to_str().unwrap()]).stdout).unwrap();
    assert!(!shown.contains("file://") && !shown.contains("1/"), "{shown}");
    assert!(shown.starts_with("淮安市洪泽区人民政府\n2024 年政府信息公开工作年度报告"), "the page's navigation is left out: {shown}");
}

/// A report of `pages` pages or so: fixture 010 with prose added to section 一 (same text in
/// both shapes).
fn long_report(pages: usize) -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/010_hongze_2024.txt")).unwrap();
    let filler = "本机关持续深化政务公开标准化规范化建设，完善公开制度机制，加强政策解读和回应关切，推动公开工作与业务工作同部署同落实。\n".repeat(21 * pages.saturating_sub(5));
    text.replacen("（一）主动公开情况", &format!("{filler}（一）主动公开情况"), 1)
}

#[test]
fn one_page_and_thirty_page_reports() {
    let d = tempfile::tempdir().unwrap();
    let long = long_report(30);
    let txt = d.path().join("long.txt");
    std::fs::write(&txt, &long).unwrap();
    let docx = d.path().join("long.docx");
    std::fs::write(&docx, formats_gen::docx(&formats_gen::word_tables(&long))).unwrap();
    // One page: the page printed small.
    let short = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/010_hongze_2024.txt")).unwrap();
    let short_txt = d.path().join("short.txt");
    std::fs::write(&short_txt, &short).unwrap();
    let page = d.path().join("short.html");
    std::fs::write(&page, formats_gen::html(&formats_gen::word_tables(&short), "utf-8").replace("</head>", "<style>body, td { font-size: 4px; line-height: 1.1 }</style></head>")).unwrap();
    let Some(pdfs) = office::soffice(&[docx], "pdf", &d.path().join("lo")) else { return };
    let one = d.path().join("short.pdf");
    if office::chromium_pdf(&page, &one).is_none() {
        return;
    }
    let info = |p: &Path| std::fs::read(p).unwrap().windows(10).filter(|w| w == b"/Type /Page" || w == b"/Type/Page").count();
    assert!(info(&pdfs[0]) >= 28, "{} pages", info(&pdfs[0]));
    let want = said(&[txt, short_txt]);
    let got = said(&[pdfs[0].clone(), one]);
    assert_eq!(want[0], got[0], "30 pages");
    assert_eq!(want[1], got[1], "1 page");
}

#[test]
fn scans_encrypted_and_broken_pdfs_are_refused_by_name() {
    let d = tempfile::tempdir().unwrap();
    let Some(pdfs) = office_pdfs(d.path()) else { return };
    // A scan: a page that only holds a picture of the report.
    let shot = d.path().join("shot.png");
    if office::chromium_png(&d.path().join("010_hongze_2024.html"), &shot).is_none() {
        return;
    }
    let holder = d.path().join("scan.html");
    std::fs::write(&holder, "<html><body style=\"margin:0\"><img src=\"shot.png\" style=\"width:100%\"></body></html>").unwrap();
    let scan = d.path().join("scan.pdf");
    office::chromium_pdf(&holder, &scan).unwrap();
    let locked = d.path().join("locked.pdf");
    let Some(()) = office::qpdf_encrypt(&pdfs[6], &locked, "user-secret") else { return };
    let garbage = d.path().join("garbage.pdf");
    std::fs::write(&garbage, b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF").unwrap();
    let html = d.path().join("not.pdf");
    std::fs::write(&html, "<html>这不是 PDF</html>").unwrap();
    for (p, says) in [(&scan, "扫描件，没有文字层：请用原始 Word/WPS 文件或 OCR 后再检查"), (&locked, "加密"), (&garbage, "PDF"), (&html, "%PDF")] {
        let out = run(&["check", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", p.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(p.file_name().unwrap().to_str().unwrap()) && err.contains(says), "{}: {err}", p.display());
        assert!(!err.contains("panicked") && !err.contains("内部错误"), "{err}");
    }
    let out = run(&["check", "--format", "json", "--lang", "en", scan.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v[0]["error"].as_str().unwrap().contains("scanned PDF without a text layer"), "{v}");
    let out = run(&["check", "--format", "sarif", scan.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].as_str().unwrap().contains("扫描件"));
    // An owner password alone (copying restricted) does not keep the text from being read.
    let owner = d.path().join("owner.pdf");
    office::qpdf_encrypt(&pdfs[6], &owner, "").unwrap();
    let got = said(&[pdfs[6].clone(), owner]);
    assert_eq!(got[0], got[1]);
}

#[test]
fn fix_refuses_pdfs_and_names_the_source_to_fix() {
    let d = tempfile::tempdir().unwrap();
    let Some(pdfs) = office_pdfs(d.path()) else { return };
    let before = std::fs::read(&pdfs[6]).unwrap();
    let out = run(&["fix", pdfs[6].to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Word/WPS 原文件") && err.contains("fix the Word/WPS document"), "{err}");
    assert_eq!(std::fs::read(&pdfs[6]).unwrap(), before);
}

#[test]
fn truncated_and_garbled_pdfs_never_panic() {
    let d = tempfile::tempdir().unwrap();
    let Some(pdfs) = office_pdfs(d.path()) else { return };
    let real = std::fs::read(&pdfs[6]).unwrap();
    office::never_panics_on_damaged(&real, 300, |b| {
        let _ = nianbao::formats::pdf::read(b);
    });
}
