//! `nianbao fmt` as a user runs it, on copies of real reports: `--check` lists the files that
//! would change and exits 1 (0 when none would), writing nothing; the rewrite in place keeps
//! the file's BOM, CRLF line endings and GB18030 encoding, gives TAB rows in text and aligned
//! pipe tables in Markdown, and leaves every finding as it was; errors name the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("run nianbao")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).expect("fixture")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// What `check --format json` says of a file: (rule, stated, expected) of every finding.
fn findings(p: &Path) -> Vec<String> {
    let out = run(&["check", "--format", "json", s(p)]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut f: Vec<String> = v[0]["findings"].as_array().expect("findings").iter().map(|f| format!("{} {} {}", f["rule"], f["stated"], f["expected"])).collect();
    f.sort();
    f
}

#[test]
fn check_lists_what_would_change_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    // 014 is written in TAB rows already; 009 a cell a line (layout A).
    let done = write(d.path(), "a_014.txt", &fixture("014_shanghai_bgt_2025.txt"));
    let todo = write(d.path(), "b_009.txt", &fixture("009_hongze_2023.txt"));
    let out = run(&["fmt", "--check", s(d.path())]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), s(&todo));
    assert_eq!(std::fs::read(&todo).unwrap(), fixture("009_hongze_2023.txt"), "--check writes nothing");
    let out = run(&["fmt", "--check", s(&done)]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn rewrite_keeps_bom_crlf_and_findings() {
    let d = tempfile::tempdir().unwrap();
    let text = String::from_utf8(fixture("009_hongze_2023.txt")).unwrap().replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let p = write(d.path(), "r.txt", &bytes);
    let before = findings(&p);
    assert!(before.iter().filter(|f| f.starts_with("\"t4_total\"")).count() == 2, "{before:?}");
    let out = run(&["fmt", "--lang", "en", s(&p)]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("formatted 3 table(s)"), "{}", String::from_utf8_lossy(&out.stderr));
    let after = std::fs::read(&p).unwrap();
    assert!(after.starts_with(b"\xEF\xBB\xBF"), "BOM kept");
    let t = String::from_utf8(after[3..].to_vec()).unwrap();
    assert!(!t.replace("\r\n", "").contains('\n'), "every line break is CRLF");
    assert!(t.contains("\r\n规章\t0\t0\t0\r\n"), "TAB rows");
    assert!(t.lines().count() < text.lines().count() / 2);
    assert_eq!(findings(&p), before);
    assert_eq!(run(&["fmt", "--check", s(&p)]).status.code(), Some(0), "formatted once is formatted");
}

#[test]
fn gb18030_stays_gb18030() {
    let d = tempfile::tempdir().unwrap();
    let utf8 = write(d.path(), "u.txt", &fixture("009_hongze_2023.txt"));
    let text = String::from_utf8(fixture("009_hongze_2023.txt")).unwrap();
    let (gb, _, bad) = encoding_rs::GB18030.encode(&text);
    assert!(!bad);
    let p = write(d.path(), "g.txt", &gb);
    let out = run(&["fmt", s(&p), s(&utf8)]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let after = std::fs::read(&p).unwrap();
    assert!(std::str::from_utf8(&after).is_err(), "still GB18030, not UTF-8");
    let (decoded, bad) = encoding_rs::GB18030.decode_without_bom_handling(&after);
    assert!(!bad);
    assert_eq!(decoded, std::fs::read_to_string(&utf8).unwrap(), "the same text as the UTF-8 copy formatted");
}

#[test]
fn markdown_gets_aligned_pipe_tables() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "r.md", &fixture("014_shanghai_bgt_2025.txt"));
    let before = findings(&p);
    let out = run(&["fmt", s(&p)]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.lines().any(|l| l.starts_with("| 行政许可 ")), "{t}");
    assert!(t.lines().any(|l| l.starts_with("| ---")));
    assert!(!t.lines().any(|l| l.starts_with('|') && l.contains('\t')));
    assert_eq!(findings(&p), before);
}

#[test]
fn errors_name_the_file_and_pages_are_not_formatted() {
    let d = tempfile::tempdir().unwrap();
    let missing = d.path().join("没有.txt");
    let out = run(&["fmt", s(&missing)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有.txt"));
    let page = write(d.path(), "p.html", b"<html><body><p>x</p></body></html>");
    let out = run(&["fmt", "--lang", "en", s(&page)]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not formatted"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&page).unwrap(), b"<html><body><p>x</p></body></html>");
}
