//! `nianbao new --from LAST`, running the real binary on the real fixtures: next year's report
//! has the new year in last year's title, the six headings, 二、上年结转 equal to last year's
//! 四、结转下年度继续办理 per column, and `check` of it gives `t_unfilled` information and no
//! error; what an empty report must get besides is one `value_blank` warning where last year's
//! carry-out itself had blank cells (012), since those cells are carried as blanks. The files
//! are written in last year's encoding, not over an existing file, and a pair of the skeleton
//! and last year's passes the cross-year carry-over rule.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("run nianbao")
}

/// `check --format json` of `paths`: the file objects.
fn check(paths: &[&Path]) -> Vec<Value> {
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let out = run(&args);
    serde_json::from_slice::<Value>(&out.stdout).expect("json").as_array().cloned().unwrap_or_default()
}

/// Last year's 四、结转下年度继续办理 per column as the arithmetic reads it (a table that writes
/// 0 as a blank: its blanks are 0s).
fn carry_out(text: &str) -> Vec<Option<i64>> {
    let a = nianbao::analysis::analyze_report(text, &nianbao::CheckOptions::default());
    let t3 = a.report.t3.expect("table 3");
    let zero_blanks = nianbao::rules::blank_zero::writes_zero_as_blank(&t3);
    let t3 = if zero_blanks { nianbao::rules::blank_zero::effective(&t3) } else { t3 };
    t3.row("carry_out").expect("结转下年度").cells.iter().map(|c| c.as_ref().and_then(|c| c.value.int())).collect()
}

fn carry_in(text: &str) -> Vec<Option<i64>> {
    let a = nianbao::analysis::analyze_report(text, &nianbao::CheckOptions::default());
    a.report.t3.expect("table 3").row("carry_in").expect("上年结转").cells.iter().map(|c| c.as_ref().and_then(|c| c.value.int())).collect()
}

#[test]
fn hongze_2023_gives_the_2024_skeleton() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hongze_2024.txt");
    let r = run(&["new", "--from", fixture_path("009_hongze_2023.txt").to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(stderr.contains("2024") && stderr.contains("布局 A"), "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    let last = std::fs::read_to_string(fixture_path("009_hongze_2023.txt")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("洪泽区人民政府"));
    assert_eq!(lines.next(), Some("2024 年政府信息公开工作年度报告"));
    for h in ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"] {
        assert_eq!(text.lines().filter(|l| *l == h).count(), 1, "{h}");
    }
    assert_eq!(carry_in(&text), carry_out(&last));
    // Checked: only information and no error; the year and template of 2024.
    let files = check(&[&out]);
    let f = &files[0];
    assert_eq!((f["year"].as_i64(), f["template"].as_str()), (Some(2024), Some("2021")));
    let findings = f["findings"].as_array().unwrap();
    let not_info: Vec<&Value> = findings.iter().filter(|x| x["severity"] != "info").collect();
    assert!(not_info.is_empty(), "{not_info:#?}");
    let unfilled = findings.iter().filter(|x| x["rule"] == "t_unfilled").count();
    // 24 table-3 rows, 6 table-2 rows, table 4, sections 一, 五, 六.
    assert_eq!(unfilled, 24 + 6 + 1 + 3, "{findings:#?}");
    // Refused over an existing file, written with --force.
    let again = run(&["new", "--from", fixture_path("009_hongze_2023.txt").to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = run(&["new", "--from", fixture_path("009_hongze_2023.txt").to_str().unwrap(), "-o", out.to_str().unwrap(), "--force"]);
    assert_eq!(forced.status.code(), Some(0));
}

#[test]
fn every_fixture_gives_a_skeleton_without_errors_that_carries_its_carry_out() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture_path("")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".txt") {
            continue;
        }
        // Without -o: standard output.
        let r = run(&["new", "--from", entry.path().to_str().unwrap()]);
        assert_eq!(r.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&r.stderr));
        let text = String::from_utf8(r.stdout).unwrap();
        let last = std::fs::read_to_string(entry.path()).unwrap();
        assert_eq!(carry_in(&text), carry_out(&last), "{name}");
        let new = dir.path().join(format!("new_{name}"));
        std::fs::write(&new, &text).unwrap();
        let files = check(&[&new]);
        let findings = files[0]["findings"].as_array().unwrap();
        let errors: Vec<&Value> = findings.iter().filter(|x| x["severity"] == "error").collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        // A warning only where last year's carry-out had blank (missing) cells: they stay blank.
        let warnings: Vec<&str> = findings.iter().filter(|x| x["severity"] == "warning").map(|x| x["rule"].as_str().unwrap()).collect();
        let blank_carry = carry_out(&last).iter().any(Option::is_none);
        assert_eq!(warnings, if blank_carry { vec!["value_blank"] } else { vec![] }, "{name}");
        // Next to last year's report (a copy), the pair passes the carry-over rule.
        let pair = dir.path().join(format!("pair_{name}"));
        std::fs::create_dir_all(&pair).unwrap();
        std::fs::write(pair.join("last.txt"), &last).unwrap();
        std::fs::write(pair.join("new.txt"), &text).unwrap();
        let files = check(&[&pair]);
        let xy: Vec<&Value> = files.iter().flat_map(|f| f["findings"].as_array().unwrap()).filter(|x| x["rule"].as_str().unwrap().starts_with("xy_")).collect();
        assert!(xy.is_empty(), "{name}: {xy:#?}");
    }
}

#[test]
fn encodings_years_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    let last = std::fs::read_to_string(fixture_path("014_shanghai_bgt_2025.txt")).unwrap();
    // GB18030 with CRLF stays GB18030 with CRLF.
    let gbk = dir.path().join("2025.txt");
    let crlf = last.replace('\n', "\r\n");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&crlf);
    std::fs::write(&gbk, &bytes).unwrap();
    let out = dir.path().join("2026.txt");
    let r = run(&["new", "--from", gbk.to_str().unwrap(), "-o", out.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(String::from_utf8_lossy(&r.stderr).contains("GB18030"));
    let written = std::fs::read(&out).unwrap();
    assert!(std::str::from_utf8(&written).is_err(), "not UTF-8");
    let (text, _, bad) = encoding_rs::GB18030.decode(&written);
    assert!(!bad);
    assert!(text.contains("2026") && text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
    assert_eq!(carry_in(&text), carry_out(&last));
    // --year: the new report's year; figures are carried only into the next year.
    let r = run(&["new", "--from", gbk.to_str().unwrap(), "--year", "2027"]);
    let (text, _, _) = encoding_rs::GB18030.decode(&r.stdout);
    assert!(text.contains("2027"));
    assert!(carry_in(&text).iter().all(Option::is_none));
    let r = run(&["new", "--from", gbk.to_str().unwrap(), "--year", "2024"]);
    assert_eq!(r.status.code(), Some(2), "a year before last year's is refused");
    // A page gives a text skeleton (and says so); a .docx output is refused.
    let page = dir.path().join("2025.html");
    let mut body = String::new();
    let mut in_table = false;
    for l in last.lines() {
        let row = l.contains('\t');
        if row != in_table {
            body.push_str(if row { "<table>\n" } else { "</table>\n" });
            in_table = row;
        }
        if row {
            body.push_str(&format!("<tr><td>{}</td></tr>\n", l.split('\t').collect::<Vec<_>>().join("</td><td>")));
        } else {
            body.push_str(&format!("<p>{l}</p>\n"));
        }
    }
    std::fs::write(&page, format!("<html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>")).unwrap();
    let r = run(&["new", "--from", page.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(String::from_utf8_lossy(&r.stderr).contains("不是文本文件"));
    let text = String::from_utf8(r.stdout).unwrap();
    assert!(text.contains("2026"));
    let r = run(&["new", "--from", gbk.to_str().unwrap(), "-o", dir.path().join("x.docx").to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2));
    // Not a report.
    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, "购物清单\n苹果\n").unwrap();
    assert_eq!(run(&["new", "--from", junk.to_str().unwrap()]).status.code(), Some(2));
}
