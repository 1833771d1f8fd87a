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
    assert_eq!(keys, ["file", "template", "year", "agency", "previous", "findings"]);
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
    copy_fixture(fixture("000_17fa4905ce5d6912.txt"), d.path().join("sub/a.txt")).unwrap();
    copy_fixture(fixture("009_hongze_2023.txt"), d.path().join("sub/.hidden/b.txt")).unwrap();
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

/// The fix invariant, for whatever edits `fill_totals` returns: on every fixture, in UTF-8,
/// UTF-8 with BOM and CRLF, and GBK with CRLF, the file after `fix` is exactly the original with
/// the edited cells replaced — every other byte identical.
#[test]
fn fix_changes_only_the_cells_fill_totals_names() {
    let d = tmpdir();
    let mut names: Vec<String> = std::fs::read_dir(fixture(""))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    for name in &names {
        let lf = std::fs::read_to_string(fixture(name)).unwrap();
        let crlf = lf.replace('\n', "\r\n");
        for (variant, text, bytes) in [
            ("utf8", &lf, lf.clone().into_bytes()),
            ("bom-crlf", &crlf, [b"\xEF\xBB\xBF".as_slice(), crlf.as_bytes()].concat()),
            ("gbk-crlf", &crlf, encoding_rs_gbk(&crlf)),
        ] {
            let edits = nianbao::fill_totals(text, &nianbao::CheckOptions::default());
            let mut want = String::new();
            let mut at = 0;
            for e in &edits {
                want.push_str(&text[at..e.range.start]);
                want.push_str(&e.new_text);
                at = e.range.end;
            }
            want.push_str(&text[at..]);
            let want = match variant {
                "utf8" => want.into_bytes(),
                "bom-crlf" => [b"\xEF\xBB\xBF".as_slice(), want.as_bytes()].concat(),
                _ => encoding_rs_gbk(&want),
            };
            let p = d.path().join(format!("{variant}-{name}"));
            std::fs::write(&p, &bytes).unwrap();
            let out = run(&["fix", p.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(0), "{variant} {name}: {}", String::from_utf8_lossy(&out.stderr));
            assert!(std::fs::read(&p).unwrap() == want, "{variant} {name}: bytes outside the filled cells changed");
            if edits.is_empty() {
                assert!(want == bytes, "{variant} {name}: nothing to fill, nothing changed");
            }
        }
    }
}

/// The two table-4 totals of 009 (行政复议 and 行政诉讼/复议后起诉) become 11 and 5.
/// Passes now that the core computes the fills (it was to be un-ignored by the lead).
#[test]
fn fix_fills_009_totals() {
    let d = tmpdir();
    let p = d.path().join("009.txt");
    copy_fixture(fixture("009_hongze_2023.txt"), &p).unwrap();
    let before = run(&["check", "--format", "json", p.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&before.stdout).unwrap();
    let cells: Vec<(u64, i64, i64)> = v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "t4_total")
        .map(|f| (f["line"].as_u64().unwrap(), f["stated"].as_i64().unwrap(), f["expected"].as_i64().unwrap()))
        .collect();
    assert_eq!(cells.iter().map(|c| (c.1, c.2)).collect::<Vec<_>>(), [(0, 11), (0, 5)]);
    let out = run(&["fix", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已填写 2 个总计单元格"), "{}", String::from_utf8_lossy(&out.stderr));
    let fixed = std::fs::read_to_string(&p).unwrap();
    let lines: Vec<&str> = fixed.split('\n').collect();
    for (line, _, want) in cells {
        assert_eq!(lines[line as usize - 1].trim(), want.to_string());
    }
}

#[test]
fn fix_refuses_gbk_that_does_not_round_trip_and_leaves_it() {
    let d = tmpdir();
    let text = std::fs::read_to_string(fixture("009_hongze_2023.txt")).unwrap();
    // 0x80 decodes to € but € encodes back as A2 E3: rewriting would change that byte.
    let mut bytes = encoding_rs_gbk(&text);
    let nl = bytes.iter().position(|b| *b == b'\n').unwrap();
    bytes.insert(nl, 0x80);
    let p = d.path().join("euro.txt");
    std::fs::write(&p, &bytes).unwrap();
    let out = run(&["fix", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("euro.txt") && err.contains("逐字节还原"), "{err}");
    assert_eq!(std::fs::read(&p).unwrap(), bytes);
    // Checking it is fine.
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn fix_goes_on_past_a_bad_file_and_reports_it() {
    let d = tmpdir();
    copy_fixture(fixture("009_hongze_2023.txt"), d.path().join("a.txt")).unwrap();
    std::fs::write(d.path().join("b.txt"), b"\0\0").unwrap();
    let out = run(&["fix", "--lang", "en", d.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("b.txt:1:1:") && err.contains("filled 2 total cell(s) in 1 file(s); 1 failed"), "{err}");
    assert_ne!(std::fs::read(d.path().join("a.txt")).unwrap(), std::fs::read(fixture("009_hongze_2023.txt")).unwrap());
}

#[cfg(unix)]
#[test]
fn fix_refuses_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmpdir();
    let p = d.path().join("ro.txt");
    copy_fixture(fixture("009_hongze_2023.txt"), &p).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(&["fix", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&p).unwrap(), std::fs::read(fixture("009_hongze_2023.txt")).unwrap());
    let dry = run(&["fix", "--dry-run", p.to_str().unwrap()]);
    assert_eq!(dry.status.code(), Some(0), "a dry run only reads");
    let diff = String::from_utf8_lossy(&dry.stdout);
    assert!(diff.contains("-\t0\n+\t11\n") && diff.contains("+\t5\n"), "{diff}");
}

#[test]
fn decoding_errors_name_file_line_and_column() {
    let d = tmpdir();
    let mut bytes = encoding_rs_gbk("2023年度报告\n总计");
    bytes.push(0xFF);
    let p = d.path().join("bad.txt");
    std::fs::write(&p, &bytes).unwrap();
    let out = run(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.txt:2:3:"), "{err}");
}

#[test]
fn utf16_with_bom_is_read() {
    let d = tmpdir();
    let text = std::fs::read_to_string(fixture("001_7e3cf29f5d278207.txt")).unwrap();
    let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let p = d.path().join("u16.txt");
    std::fs::write(&p, bytes).unwrap();
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v[0]["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "year_future" && f["line"] == 7 && f["column"] == 178), "{v}");
}

#[test]
fn disable_validates_ids_and_silences_rules() {
    let out = run(&["check", "--disable", "no_such_rule", fixture("009_hongze_2023.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no_such_rule") && err.contains("t4_total"), "{err}");
    let out = run(&["check", "--format", "json", "--disable", "t4_total", fixture("009_hongze_2023.txt").to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v[0]["findings"].as_array().unwrap().iter().all(|f| f["rule"] != "t4_total"));
}

#[test]
fn missing_path_does_not_hide_the_others() {
    let d = tmpdir();
    let out = run(&["check", "--format", "json", d.path().join("gone.txt").to_str().unwrap(), fixture("009_hongze_2023.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gone.txt"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2, "the readable file is still checked, the missing one listed");
    assert!(v[0]["findings"].is_array());
    assert!(v[1]["file"].as_str().unwrap().ends_with("gone.txt") && v[1]["error"].is_string(), "{v}");
}

#[test]
fn json_and_human_agree_on_order_over_many_files() {
    let d = tmpdir();
    let names: Vec<String> = (0..30).map(|i| format!("r{i:02}.txt")).collect();
    for (i, n) in names.iter().enumerate() {
        let src = if i % 2 == 0 { "009_hongze_2023.txt" } else { "000_17fa4905ce5d6912.txt" };
        copy_fixture(fixture(src), d.path().join(n)).unwrap();
    }
    let out = run(&["check", "--format", "json", "--no-progress", d.path().to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<String> = v.as_array().unwrap().iter().map(|f| Path::new(f["file"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(files, names);
    let human = run(&["check", d.path().to_str().unwrap()]);
    let s = String::from_utf8_lossy(&human.stdout);
    assert!(s.trim_end().lines().last().unwrap().starts_with("检查了 30 个文件："), "{s}");
    assert!(!s.contains('\x1b'), "no colour when stdout is not a terminal");
}

#[test]
fn help_is_there() {
    let out = run(&["check", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("--format") && s.contains("sarif") && s.contains("--no-progress"), "{s}");
}

/// Copy a fixture's bytes into a new (writable) file, whatever the fixture's own permissions.
fn copy_fixture(src: PathBuf, dst: impl AsRef<Path>) -> std::io::Result<u64> {
    let bytes = std::fs::read(src)?;
    std::fs::write(dst, &bytes)?;
    Ok(bytes.len() as u64)
}
