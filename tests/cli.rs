//! Integration tests of `nianbao check` and `nianbao fix`, running the real binary.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run nianbao")
}

fn tmpdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn json_has_the_documented_shape_and_exit_code() {
    let out = run(&["check", "--format", "json", fixture("009_hongze_2023.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "009 has arithmetic errors");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let file = &v[0];
    let keys: Vec<&str> = file.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["file", "template", "year", "findings"]);
    assert_eq!(file["template"], "2021");
    assert_eq!(file["year"], 2023);
    let totals: Vec<&Value> = file["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "t4_total").collect();
    assert_eq!(totals.len(), 2);
    let f = totals[0];
    let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["rule", "severity", "message", "line", "column", "end_line", "end_column", "stated", "expected"]);
    assert_eq!((f["line"].as_u64(), f["column"].as_u64(), f["stated"].as_i64(), f["expected"].as_i64()), (Some(354), Some(2), Some(0), Some(11)));
}

#[test]
fn clean_report_exits_zero_and_english_works() {
    let out = run(&["check", "--lang", "en", fixture("000_17fa4905ce5d6912.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("checked 1 file(s): 0 error(s)"));
}

#[test]
fn sarif_is_2_1_0() {
    let out = run(&["check", "--format", "sarif", fixture("001_7e3cf29f5d278207.txt").to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("sarif json");
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    let y = results.iter().find(|r| r["ruleId"] == "year_future").expect("year finding");
    assert_eq!(y["level"], "error");
    assert_eq!(y["locations"][0]["physicalLocation"]["region"]["startLine"], 7);
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "year_future" && r["shortDescription"]["text"].as_str().is_some()));
}

#[test]
fn human_output_names_file_line_and_column() {
    let out = run(&["check", fixture("001_7e3cf29f5d278207.txt").to_str().unwrap()]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("error[year_future]"), "{s}");
    assert!(s.contains("001_7e3cf29f5d278207.txt:7:178"), "{s}");
    assert!(s.contains("^^^^ 2022 → 2020"), "{s}");
}

#[test]
fn bad_inputs_are_reported_not_panics() {
    let d = tmpdir();
    let missing = d.path().join("missing.txt");
    let out = run(&["check", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));

    let binary = d.path().join("binary.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    let out = run(&["check", binary.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("binary.txt:3:1:") && err.contains("NUL"), "{err}");

    let empty = d.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let out = run(&["check", "--format", "json", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["findings"][0]["rule"], "not_a_report");

    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(2), "usage error");
}

#[test]
fn folders_are_searched_and_non_reports_skipped() {
    let d = tmpdir();
    std::fs::create_dir_all(d.path().join("sub/.hidden")).unwrap();
    std::fs::copy(fixture("000_17fa4905ce5d6912.txt"), d.path().join("sub/a.txt")).unwrap();
    std::fs::copy(fixture("009_hongze_2023.txt"), d.path().join("sub/.hidden/b.txt")).unwrap();
    std::fs::write(d.path().join("notes.md"), "购物清单\n").unwrap();
    let out = run(&["check", "--format", "json", d.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "only the report is listed: {v}");
}

#[test]
fn gbk_and_crlf_files_are_read() {
    let d = tmpdir();
    let text = std::fs::read_to_string(fixture("001_7e3cf29f5d278207.txt")).unwrap();
    let gbk = d.path().join("gbk.txt");
    std::fs::write(&gbk, encoding_rs_gbk(&text)).unwrap();
    let crlf = d.path().join("crlf.txt");
    std::fs::write(&crlf, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    for p in [&gbk, &crlf] {
        let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        let y = v[0]["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "year_future").cloned().expect("year finding");
        assert_eq!((y["line"].as_u64(), y["column"].as_u64()), (Some(7), Some(178)), "{}", p.display());
    }
}

fn encoding_rs_gbk(s: &str) -> Vec<u8> {
    // GB18030 is a superset of GBK; these reports only use GBK characters.
    let (b, _, bad) = encoding_rs::GB18030.encode(s);
    assert!(!bad);
    b.into_owned()
}

/// After `fix`, only the computed cells changed and `check` reports no total findings.
fn fix_round_trip(original: &[u8], name: &str) -> Vec<u8> {
    let d = tmpdir();
    let p = d.path().join(name);
    std::fs::write(&p, original).unwrap();
    let dry = run(&["fix", "--dry-run", p.to_str().unwrap()]);
    assert_eq!(dry.status.code(), Some(0));
    assert_eq!(std::fs::read(&p).unwrap(), original, "--dry-run writes nothing");
    let out = run(&["fix", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let fixed = std::fs::read(&p).unwrap();
    let check = run(&["check", "--format", "json", p.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&check.stdout).unwrap();
    let totals = v[0]["findings"].as_array().unwrap().iter().filter(|f| ["t3_row_total", "t3_total_vs_leaves", "t4_total"].contains(&f["rule"].as_str().unwrap())).count();
    assert_eq!(totals, 0, "{v}");
    fixed
}

#[test]
fn fix_fills_009_totals_and_keeps_every_other_byte() {
    let original = std::fs::read(fixture("009_hongze_2023.txt")).unwrap();
    let fixed = fix_round_trip(&original, "009.txt");
    let a: Vec<&[u8]> = original.split(|b| *b == b'\n').collect();
    let b: Vec<&[u8]> = fixed.split(|b| *b == b'\n').collect();
    assert_eq!(a.len(), b.len());
    let changed: Vec<(usize, String)> = a.iter().zip(&b).enumerate().filter(|(_, (x, y))| x != y).map(|(i, (_, y))| (i + 1, String::from_utf8_lossy(y).into_owned())).collect();
    assert_eq!(changed, vec![(354, "\t11".to_string()), (364, "\t5".to_string())]);
}

#[test]
fn fix_keeps_gbk_crlf_and_bom() {
    let text = std::fs::read_to_string(fixture("009_hongze_2023.txt")).unwrap().replace('\n', "\r\n");
    let gbk = encoding_rs_gbk(&text);
    let fixed = fix_round_trip(&gbk, "gbk.txt");
    let (decoded, _, bad) = encoding_rs::GB18030.decode(&fixed);
    assert!(!bad);
    assert_eq!(decoded, text.replace("\r\n\t10\r\n\t1\r\n\t0\r\n\t0\r\n\t0\r\n", "\r\n\t10\r\n\t1\r\n\t0\r\n\t0\r\n\t11\r\n").replacen("\t5\r\n\t0\r\n\t0\r\n\t0\r\n\t0\r\n", "\t5\r\n\t0\r\n\t0\r\n\t0\r\n\t5\r\n", 1));
    let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let fixed = fix_round_trip(&bom, "bom.txt");
    assert!(fixed.starts_with(b"\xEF\xBB\xBF\xE6\xB4\xAA"), "BOM kept");
    assert_eq!(fixed.len(), bom.len() + 1, "0→11 adds a byte, 0→5 none");
}

#[test]
fn fix_leaves_clean_files_byte_identical() {
    for name in ["000_17fa4905ce5d6912.txt", "003_e4e4e77264e12983.txt", "014_shanghai_bgt_2025.txt"] {
        let original = std::fs::read(fixture(name)).unwrap();
        let fixed = fix_round_trip(&original, name);
        assert!(fixed == original, "{name} changed");
    }
}
