//! HTML pages and DOCX packages made from the real TAB fixtures give the same findings as the
//! TAB originals; `fix` on them is exact; what cannot be read is refused clearly. Runs the
//! real binary. The pages and packages are generated from the fixtures by
//! `support/formats_gen.rs`.

#[path = "support/formats_gen.rs"]
mod formats_gen;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("run nianbao")
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    v.sort();
    v
}

/// (rule, stated, expected) of every finding, sorted, per file in argument order.
fn findings(paths: &[&Path]) -> Vec<Vec<(String, Value, Value)>> {
    let mut args = vec!["check", "--format", "json"];
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let out = run(&args);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert!(f.get("error").is_none(), "{f}");
            let mut x: Vec<(String, Value, Value)> = f["findings"].as_array().unwrap().iter().map(|g| (g["rule"].as_str().unwrap().to_string(), g["stated"].clone(), g["expected"].clone())).collect();
            x.sort_by_key(|a| format!("{a:?}"));
            x
        })
        .collect()
}

#[test]
fn html_pages_give_the_same_findings_as_their_text() {
    let d = tempfile::tempdir().unwrap();
    let texts = fixtures();
    // Each page with the index of the fixture it was made from.
    let mut pages: Vec<(PathBuf, usize)> = Vec::new();
    for (i, f) in texts.iter().enumerate() {
        let text = std::fs::read_to_string(f).unwrap();
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        let page = d.path().join(format!("{stem}.html"));
        std::fs::write(&page, formats_gen::html(&text, "utf-8")).unwrap();
        pages.push((page, i));
        // GBK-encoded variant where the text is GBK-encodable.
        let gbk_page = formats_gen::html(&text, "gbk");
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(&gbk_page);
        if !unmappable {
            let p = d.path().join(format!("{stem}.gbk.htm"));
            std::fs::write(&p, &gbk).unwrap();
            pages.push((p, i));
        }
    }
    let want = findings(&texts.iter().map(PathBuf::as_path).collect::<Vec<_>>());
    let got = findings(&pages.iter().map(|p| p.0.as_path()).collect::<Vec<_>>());
    assert!(pages.len() > texts.len(), "some GBK pages");
    for (g, (p, i)) in got.iter().zip(&pages) {
        assert_eq!(&want[*i], g, "{}", p.display());
    }
    assert!(want.iter().any(|w| w.iter().any(|f| f.0 == "t3_row_total" || f.0 == "t4_total")), "some fixture has arithmetic errors");
}

/// A finding in a page points at the cell's text in the page source.
#[test]
fn html_positions_are_in_the_page() {
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/009_hongze_2023.txt")).unwrap();
    let page = formats_gen::html(&text, "utf-8");
    let p = d.path().join("r.html");
    std::fs::write(&p, &page).unwrap();
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<&str> = page.lines().collect();
    let mut seen = 0;
    for f in v[0]["findings"].as_array().unwrap() {
        let (l, c, ec) = (f["line"].as_u64().unwrap() as usize, f["column"].as_u64().unwrap() as usize, f["end_column"].as_u64().unwrap() as usize);
        let line: Vec<char> = lines[l - 1].chars().collect();
        if let (Some(n), true) = (f["stated"].as_i64(), f["rule"] == "t3_row_total" || f["rule"] == "t4_total") {
            let cell: String = line[c - 1..ec - 1].iter().collect();
            assert_eq!(cell, n.to_string(), "{f}");
            assert!(lines[l - 1].contains("<span"), "inside the cell's markup: {}", lines[l - 1]);
            assert!(f["location"]["table"] == 3 || f["location"]["table"] == 4, "{f}");
            seen += 1;
        }
    }
    assert!(seen > 0);
}

/// Every change `fix` made is digits inside a cell: the rest of the file is byte-identical.
fn only_digits_changed(old: &[u8], new: &[u8]) {
    let (a, b) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
    let diff = similar::TextDiff::from_chars(a.as_ref(), b.as_ref());
    for op in diff.ops() {
        for ch in diff.iter_changes(op) {
            if ch.tag() != similar::ChangeTag::Equal {
                assert!(ch.value().chars().all(|c| c.is_ascii_digit()), "changed {:?}", ch.value());
            }
        }
    }
}

/// A real layout-B report with a blank row total (fix creates a run / fills an empty cell) and a
/// wrong two-digit one (split over two runs in the DOCX).
fn broken_report() -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/010_hongze_2024.txt")).unwrap();
    let blank = "一、本年新收政府信息公开申请数量\t\t\t95\t0\t0\t0\t0\t0\t95";
    let wrong = "（一）予以公开\t\t50\t0\t0\t0\t0\t0\t50";
    assert!(text.contains(blank) && text.contains(wrong));
    text.replace(blank, blank.strip_suffix("95").unwrap()).replace(wrong, &wrong.replace("\t50", "\t49").replacen("\t49", "\t50", 1))
}

#[test]
fn html_fix_round_trips_in_utf8_and_gbk() {
    let d = tempfile::tempdir().unwrap();
    let text = broken_report();
    let txt = d.path().join("r.txt");
    std::fs::write(&txt, &text).unwrap();
    let utf8 = d.path().join("r.html");
    std::fs::write(&utf8, formats_gen::html(&text, "utf-8")).unwrap();
    let gbk = d.path().join("r-gbk.html");
    std::fs::write(&gbk, encoding_rs::GBK.encode(&formats_gen::html(&text, "gb2312")).0).unwrap();
    let before: Vec<Vec<u8>> = [&utf8, &gbk].iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert_eq!(findings(&[&utf8])[0].iter().filter(|f| f.0 == "t3_row_total").count(), 2);
    let out = run(&["fix", txt.to_str().unwrap(), utf8.to_str().unwrap(), gbk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    let counts: Vec<&str> = err.lines().filter(|l| l.contains("已填写")).collect();
    assert_eq!(counts.len(), 3, "{err}");
    let after: Vec<Vec<u8>> = [&utf8, &gbk].iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert_ne!(before[0], after[0], "something was filled");
    only_digits_changed(&before[0], &after[0]);
    let (b, _, _) = encoding_rs::GBK.decode(&before[1]);
    let (a, _, _) = encoding_rs::GBK.decode(&after[1]);
    only_digits_changed(b.as_bytes(), a.as_bytes());
    // After fixing, the pages have the findings of the fixed text.
    let f = findings(&[&txt, &utf8, &gbk]);
    assert_eq!(f[0], f[1]);
    assert_eq!(f[0], f[2]);
    assert!(f[1].iter().all(|f| f.0 != "t3_row_total"), "{:?}", f[1]);
}

#[test]
fn folders_of_nothing_readable_are_exit_2() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.xls"), b"\xD0\xCF\x11\xE0").unwrap();
    std::fs::write(d.path().join("b.rtf"), b"{\\rtf1}").unwrap();
    let out = run(&["check", d.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("未找到"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&["fix", d.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    // A folder of only a broken PDF: the PDF is read, and its error said.
    std::fs::write(d.path().join("c.pdf"), b"%PDF-1.4").unwrap();
    let out = run(&["check", d.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("c.pdf: PDF"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn unreadable_files_are_in_json_and_sarif() {
    let d = tempfile::tempdir().unwrap();
    let doc = d.path().join("old.doc");
    std::fs::write(&doc, b"\xD0\xCF\x11\xE0").unwrap();
    let out = run(&["check", "--format", "json", doc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["file"], doc.to_str().unwrap());
    assert!(v[0]["error"].as_str().unwrap().contains("不是 Word/WPS 文档"), "{v}");
    let out = run(&["check", "--format", "sarif", "--lang", "en", doc.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = &v["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert!(n["message"]["text"].as_str().unwrap().contains("not a Word/WPS document"), "{n}");
}

#[test]
fn print_text_shows_the_rendering() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("r.html");
    std::fs::write(&p, "<p>2023年政府信息公开工作年度报告</p><table><tr><td rowspan=2>三、结果</td><td>（一）</td><td>1</td></tr><tr><td>（二）</td><td>2</td></tr></table><p>六、其他需要报告的事项</p>").unwrap();
    let out = run(&["check", "--print-text", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2023年政府信息公开工作年度报告\n\n三、结果\t（一）\t1\n三、结果\t（二）\t2\n\n六、其他需要报告的事项\n");
}

#[test]
fn docx_packages_give_the_same_findings_as_their_text() {
    let d = tempfile::tempdir().unwrap();
    let texts = fixtures();
    let mut docs = Vec::new();
    for f in &texts {
        let p = d.path().join(format!("{}.docx", f.file_stem().unwrap().to_string_lossy()));
        std::fs::write(&p, formats_gen::docx(&std::fs::read_to_string(f).unwrap())).unwrap();
        docs.push(p);
    }
    let want = findings(&texts.iter().map(PathBuf::as_path).collect::<Vec<_>>());
    let got = findings(&docs.iter().map(PathBuf::as_path).collect::<Vec<_>>());
    for ((w, g), p) in want.iter().zip(&got).zip(&docs) {
        assert_eq!(w, g, "{}", p.display());
    }
}

/// DOCX findings name their place: table, row and column labels; line/column are those of
/// the rendering that `--print-text` prints.
#[test]
fn docx_locations_and_print_text_agree() {
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/009_hongze_2023.txt")).unwrap();
    let p = d.path().join("r.docx");
    std::fs::write(&p, formats_gen::docx(&text)).unwrap();
    let rendering = String::from_utf8(run(&["check", "--print-text", p.to_str().unwrap()]).stdout).unwrap();
    let lines: Vec<&str> = rendering.lines().collect();
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut seen = 0;
    for f in v[0]["findings"].as_array().unwrap() {
        assert!(f["location"].is_object(), "{f}");
        if let Some(n) = f["stated"].as_i64() {
            let (l, c, ec) = (f["line"].as_u64().unwrap() as usize, f["column"].as_u64().unwrap() as usize, f["end_column"].as_u64().unwrap() as usize);
            let cell: String = lines[l - 1].chars().skip(c - 1).take(ec - c).collect();
            assert_eq!(cell, n.to_string(), "{f}");
            seen += 1;
        }
    }
    assert!(seen > 0);
}

#[test]
fn docx_fix_round_trips() {
    let d = tempfile::tempdir().unwrap();
    let text = broken_report();
    let txt = d.path().join("r.txt");
    std::fs::write(&txt, &text).unwrap();
    let p = d.path().join("r.docx");
    let before = formats_gen::docx(&text);
    std::fs::write(&p, &before).unwrap();
    assert_eq!(findings(&[&p])[0].iter().filter(|f| f.0 == "t3_row_total").count(), 2);
    let out = run(&["fix", txt.to_str().unwrap(), p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let after = std::fs::read(&p).unwrap();
    assert_ne!(before, after);
    let f = findings(&[&txt, &p]);
    assert_eq!(f[0], f[1], "the fixed package checks like the fixed text");
    assert!(f[1].iter().all(|f| f.0 != "t3_row_total"), "{:?}", f[1]);
    let (mut a, mut b) = (zip::ZipArchive::new(std::io::Cursor::new(&before[..])).unwrap(), zip::ZipArchive::new(std::io::Cursor::new(&after[..])).unwrap());
    for i in 0..a.len() {
        let (x, y) = (a.by_index_raw(i).unwrap(), b.by_index_raw(i).unwrap());
        assert_eq!(x.name().unwrap(), y.name().unwrap());
        if x.name().unwrap() != "word/document.xml" {
            assert_eq!((x.crc32(), x.compressed_size()), (y.crc32(), y.compressed_size()), "{} untouched", x.name().unwrap());
        }
    }
}

#[test]
fn docx_refusals_exit_2() {
    let d = tempfile::tempdir().unwrap();
    let enc = d.path().join("encrypted.docx");
    std::fs::write(&enc, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap();
    let bad = d.path().join("bad.docx");
    std::fs::write(&bad, b"PK\x03\x04garbage").unwrap();
    for p in [&enc, &bad] {
        let before = std::fs::read(p).unwrap();
        for cmd in ["check", "fix"] {
            let out = run(&[cmd, p.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(2), "{cmd} {}", p.display());
            assert!(String::from_utf8_lossy(&out.stderr).contains(p.file_name().unwrap().to_str().unwrap()));
        }
        assert_eq!(std::fs::read(p).unwrap(), before);
    }
}
