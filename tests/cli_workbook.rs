//! `nianbao check --format xlsx|csv` and `-o`, driving the real binary on the fixtures: the
//! workbook is read back with calamine (and its sheets' XML for the frozen header and the
//! filter) and compared cell by cell with the JSON output of the same run; the CSV is parsed
//! back and must hold the workbook's findings rows.

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("run nianbao")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A sheet's rows, header first.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open workbook");
    let range = wb.worksheet_range(name).expect("sheet");
    assert_eq!(range.start(), Some((0, 0)), "the sheet starts at A1");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).expect("open workbook");
    wb.sheet_names()
}

/// A part of the xlsx package, as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).expect("zip");
    let mut out = String::new();
    zip.by_name(name).expect("part").read_to_string(&mut out).unwrap();
    out
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => panic!("unexpected cell {other:?}"),
    }
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn strs(row: &[Data]) -> Vec<String> {
    row.iter().map(text).collect()
}

const REPORT_HEADERS_ZH: [&str; 9] = ["文件", "机关", "年度", "模板", "错误", "警告", "提示", "与上年报告对照", "读取错误"];
const FINDING_HEADERS_ZH: [&str; 11] = ["文件", "表", "表格行", "表格列", "行号", "列号", "规则", "级别", "问题说明", "填写值", "应为"];

fn json_findings(file: &Path) -> Vec<Value> {
    let out = run(&["check", "--format", "json", s(file)]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v[0]["findings"].as_array().unwrap().clone()
}

#[test]
fn workbook_of_009_cell_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("审阅.xlsx");
    let file = fixture("009_hongze_2023.txt");
    let out = run(&["check", "--format", "xlsx", "-o", s(&xlsx), s(&file)]);
    assert_eq!(out.status.code(), Some(1), "009 has errors: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "nothing on stdout");
    assert_eq!(sheet_names(&xlsx), ["报告", "问题"]);
    let expected = json_findings(&file);
    let count = |sev: &str| expected.iter().filter(|f| f["severity"] == sev).count() as f64;

    let reports = sheet(&xlsx, "报告");
    assert_eq!(strs(&reports[0]), REPORT_HEADERS_ZH);
    assert_eq!(reports.len(), 2, "one row per report");
    let r = &reports[1];
    assert_eq!(r[0], Data::String(s(&file).to_string()));
    assert_eq!((num(&r[2]), &r[3]), (2023.0, &Data::String("2021".into())));
    assert_eq!((num(&r[4]), num(&r[5]), num(&r[6])), (count("error"), count("warning"), count("info")));
    assert!(count("error") >= 2.0);
    assert_eq!(r[7], Data::String("否".into()), "009 is the earliest year: not paired");
    assert_eq!(r[8], Data::Empty);

    let findings = sheet(&xlsx, "问题");
    assert_eq!(strs(&findings[0]), FINDING_HEADERS_ZH);
    assert_eq!(findings.len(), expected.len() + 1, "one row per finding");
    for (row, f) in findings[1..].iter().zip(&expected) {
        assert_eq!(row[0], Data::String(s(&file).to_string()));
        assert_eq!((num(&row[4]), num(&row[5])), (f["line"].as_f64().unwrap(), f["column"].as_f64().unwrap()));
        assert_eq!(row[6], Data::String(f["rule"].as_str().unwrap().to_string()));
        let sev = match f["severity"].as_str().unwrap() {
            "error" => "错误",
            "warning" => "警告",
            _ => "提示",
        };
        assert_eq!(row[7], Data::String(sev.into()));
        assert_eq!(row[8], Data::String(f["message"].as_str().unwrap().to_string()));
        for (cell, key) in [(&row[9], "stated"), (&row[10], "expected")] {
            match f[key].as_f64() {
                Some(v) => assert_eq!(num(cell), v, "{key} is a number"),
                None => assert_eq!(cell, &Data::Empty, "{key} blank when none"),
            }
        }
    }
    let totals: Vec<&Vec<Data>> = findings.iter().filter(|r| r[6] == Data::String("t4_total".into())).collect();
    assert_eq!(totals.len(), 2);
    let place = |r: &Vec<Data>| (num(&r[1]), text(&r[2]), text(&r[3]), num(&r[4]), num(&r[9]), num(&r[10]));
    assert_eq!(place(totals[0]), (4.0, "行政复议".into(), "总计".into(), 354.0, 0.0, 11.0));
    assert_eq!(place(totals[1]), (4.0, "行政诉讼/复议后起诉".into(), "总计".into(), 364.0, 0.0, 5.0));

    // Frozen header row and a filter over every column of both sheets.
    for (i, (last_col, rows)) in [("I", reports.len()), ("K", findings.len())].iter().enumerate() {
        let xml = part(&xlsx, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#), "frozen header: {xml}");
        assert!(xml.contains(&format!(r#"<autoFilter ref="A1:{last_col}{rows}""#)), "autofilter: {xml}");
        assert!(xml.contains("<cols>"), "column widths are set");
    }
    let names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["审阅.xlsx"], "no temporary file left");
}

#[test]
fn english_headers_and_failed_files() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.doc");
    std::fs::write(&old, b"\xD0\xCF\x11\xE0").unwrap();
    let missing = dir.path().join("missing.txt");
    let xlsx = dir.path().join("out.xlsx");
    let out = run(&["check", "--lang", "en", "--format", "xlsx", "-o", s(&xlsx), s(&fixture("000_17fa4905ce5d6912.txt")), s(&old), s(&missing)]);
    assert_eq!(out.status.code(), Some(2), "a file failed");
    assert_eq!(sheet_names(&xlsx), ["Reports", "Findings"]);
    let reports = sheet(&xlsx, "Reports");
    assert_eq!(strs(&reports[0]), ["File", "Agency", "Year", "Template", "Errors", "Warnings", "Infos", "Paired with last year", "Read error"]);
    assert_eq!(reports.len(), 4, "one report and two failures");
    assert_eq!(num(&reports[1][4]), 0.0);
    assert_eq!(reports[1][7], Data::String("no".into()));
    let failed: Vec<(String, String)> = reports[2..].iter().map(|r| (text(&r[0]), text(&r[8]))).collect();
    assert!(failed.iter().any(|(f, e)| f.ends_with("old.doc") && e.contains("Word/WPS")), "{failed:?}");
    assert!(failed.iter().any(|(f, e)| f.ends_with("missing.txt") && !e.is_empty()), "{failed:?}");
    assert!(reports[2][1..8].iter().all(|d| *d == Data::Empty));
    let findings = sheet(&xlsx, "Findings");
    assert_eq!(strs(&findings[0]), ["File", "Table", "Row", "Column", "Line", "Column no.", "Rule", "Severity", "Message", "Stated", "Expected"]);
}

#[test]
fn xlsx_needs_an_output_file() {
    let out = run(&["check", "--format", "xlsx", s(&fixture("009_hongze_2023.txt"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no binary on stdout");
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o"), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("no/such/folder/f.xlsx");
    let out = run(&["check", "--format", "xlsx", "-o", s(&nowhere), s(&fixture("009_hongze_2023.txt"))]);
    assert_eq!(out.status.code(), Some(2), "a file that cannot be written");
    assert!(String::from_utf8_lossy(&out.stderr).contains("f.xlsx"));
}

#[test]
fn csv_has_a_bom_and_the_findings_rows() {
    let file = fixture("009_hongze_2023.txt");
    let out = run(&["check", "--format", "csv", s(&file)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&out.stdout[3..]);
    let rows: Vec<Vec<String>> = r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect();

    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("f.xlsx");
    run(&["check", "--format", "xlsx", "-o", s(&xlsx), s(&file)]);
    let sheet_rows: Vec<Vec<String>> = sheet(&xlsx, "问题").iter().map(|r| strs(r)).collect();
    assert_eq!(rows, sheet_rows, "the CSV is the findings sheet");
    assert!(rows.iter().any(|r| r[6] == "t4_total" && r[1] == "4" && r[9] == "0" && r[10] == "11"));

    // -o writes the same bytes to a file and nothing to stdout.
    let to = dir.path().join("f.csv");
    let out2 = run(&["check", "--format", "csv", "-o", s(&to), s(&file)]);
    assert_eq!(out2.status.code(), Some(1));
    assert!(out2.stdout.is_empty());
    assert_eq!(std::fs::read(&to).unwrap(), out.stdout);
}

#[test]
fn other_formats_go_to_a_file_with_o() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("009_hongze_2023.txt");
    for (format, check) in [("json", "\"t4_total\""), ("sarif", "2.1.0"), ("human", "t4_total")] {
        let to = dir.path().join(format!("out.{format}"));
        std::fs::write(&to, "old content").unwrap();
        let out = run(&["check", "--color", "auto", "--format", format, "-o", s(&to), s(&file)]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stdout.is_empty(), "{format}");
        let written = std::fs::read_to_string(&to).unwrap();
        assert!(written.contains(check) && !written.contains('\x1b'), "{format}: {written}");
    }
    let json = std::fs::read_to_string(dir.path().join("out.json")).unwrap();
    let stdout = run(&["check", "--format", "json", s(&file)]).stdout;
    assert_eq!(json.as_bytes(), stdout, "the same bytes as on stdout");
}

/// Agency and pairing come from the cross-year pairing in `check::run` (cli/cross_year.rs);
/// cross-year findings join the findings sheet in text order with the other findings.
#[test]
fn agency_and_pairing_of_009_and_010() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("f.xlsx");
    // Last year's 四、结转下年度继续办理 says 2 natural persons: an xy_carry_over in 2024.
    let old = std::fs::read_to_string(fixture("009_hongze_2023.txt")).unwrap();
    let lines: Vec<&str> = old.split('\n').collect();
    let at = lines.iter().position(|l| l.trim_start().starts_with("四、结转下年度继续办理")).unwrap() + 1;
    let old = lines.iter().enumerate().map(|(i, l)| if i == at { "\t2" } else { l }).collect::<Vec<_>>().join("\n");
    let (a, b) = (dir.path().join("2023.txt"), dir.path().join("2024.txt"));
    std::fs::write(&a, old).unwrap();
    std::fs::copy(fixture("010_hongze_2024.txt"), &b).unwrap();
    run(&["check", "--format", "xlsx", "-o", s(&xlsx), s(&a), s(&b)]);
    let reports = sheet(&xlsx, "报告");
    assert_eq!(reports.len(), 3);
    assert_eq!((text(&reports[1][0]), text(&reports[1][1]), text(&reports[1][7])), (s(&a).to_string(), "洪泽区人民政府".into(), "否".into()));
    assert_eq!((text(&reports[2][0]), text(&reports[2][1]), text(&reports[2][7])), (s(&b).to_string(), "淮安市洪泽区人民政府".into(), s(&a).to_string()));

    let out = run(&["check", "--format", "json", s(&a), s(&b)]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let expected: Vec<(String, String, f64)> = v
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().iter().map(move |x| (f["file"].as_str().unwrap().to_string(), x["rule"].as_str().unwrap().to_string(), x["line"].as_f64().unwrap())))
        .collect();
    let findings = sheet(&xlsx, "问题");
    let got: Vec<(String, String, f64)> = findings[1..].iter().map(|r| (text(&r[0]), text(&r[6]), num(&r[4]))).collect();
    assert_eq!(got, expected, "the same findings, cross-year ones included, in the same order");
    let carry = findings.iter().find(|r| text(&r[0]) == s(&b) && text(&r[6]) == "xy_carry_over").expect("xy_carry_over row");
    assert_eq!((num(&carry[1]), text(&carry[2]), text(&carry[3])), (3.0, "二、上年结转政府信息公开申请数量".into(), "自然人".into()), "{carry:?}");
    for r in findings[1..].iter().filter(|r| text(&r[6]) == "t4_total") {
        assert_eq!(num(&r[1]), 4.0, "table cells stay with their findings: {r:?}");
    }
}
