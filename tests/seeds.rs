//! The bundled real reports with their known findings: the five seeds (spec §4) and the six
//! 2021-template reports whose arithmetic findings were checked by hand (`expected.json`).
//! Clean reports must give no false alarms; every finding list is also snapshotted.

use nianbao::{check_text, CheckOptions, Finding, Num, Severity};
use serde_json::Value;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn line_of(text: &str, f: &Finding) -> usize {
    text[..f.span.start].matches('\n').count() + 1
}

/// (rule, line) of every error and warning.
fn found(name: &str) -> Vec<(&'static str, usize)> {
    let text = fixture(name);
    let r = check_text(&text, &CheckOptions::default());
    r.findings.iter().filter(|f| f.severity != Severity::Info).map(|f| (f.rule, line_of(&text, f))).collect()
}

#[test]
fn seed_000_is_clean() {
    assert_eq!(found("000_17fa4905ce5d6912.txt"), vec![]);
}

#[test]
fn seed_001_wrong_year_and_litigation_mismatch() {
    let text = fixture("001_7e3cf29f5d278207.txt");
    let r = check_text(&text, &CheckOptions::default());
    assert_eq!(found("001_7e3cf29f5d278207.txt"), vec![("year_future", 7), ("n7_litigation", 7)]);
    let y = &r.findings[0];
    assert_eq!(&text[y.span.clone()], "2022");
    assert_eq!(y.severity, Severity::Error);
    let n7 = &r.findings[1];
    assert_eq!(&text[n7.span.clone()], "0");
    assert_eq!((n7.stated, n7.expected), (Some(Num::Int(0)), Some(Num::Int(1))));
    assert!(text[..n7.span.start].ends_with("提起行政诉讼"));
}

#[test]
fn seed_002_is_clean() {
    assert_eq!(found("002_d67b1e978b819952.txt"), vec![]);
}

#[test]
fn seed_003_breakdown_225_vs_220_and_label_variant() {
    let text = fixture("003_e4e4e77264e12983.txt");
    let r = check_text(&text, &CheckOptions::default());
    assert_eq!(found("003_e4e4e77264e12983.txt"), vec![("n12_breakdown_sum", 9), ("label_variant", 63)]);
    let b = &r.findings[0];
    assert_eq!(&text[b.span.clone()], "225");
    assert_eq!((b.stated, b.expected), (Some(Num::Int(225)), Some(Num::Int(220))));
    assert!(r.findings[1].message.zh.contains("2.没有现成信息需要另行制作"));
}

#[test]
fn seed_004_heading_without_numeral() {
    assert_eq!(found("004_bce8275da3ca3d23.txt"), vec![("structure_heading_numeral", 11)]);
}

#[test]
fn seeds_have_no_errors_except_001_and_use_the_2019_template() {
    for name in ["000_17fa4905ce5d6912.txt", "001_7e3cf29f5d278207.txt", "002_d67b1e978b819952.txt", "003_e4e4e77264e12983.txt", "004_bce8275da3ca3d23.txt"] {
        let r = check_text(&fixture(name), &CheckOptions::default());
        assert_eq!(r.template.map(|t| t.as_str()), Some("2019"), "{name}");
        assert_eq!(r.year, Some(2020), "{name}");
        let errors = r.findings.iter().filter(|f| f.severity == Severity::Error).count();
        assert_eq!(errors, usize::from(name.starts_with("001")), "{name}");
    }
}

#[test]
fn real_reports_match_the_hand_checked_arithmetic() {
    let expected: Value = serde_json::from_str(&fixture("expected.json")).expect("expected.json");
    for case in expected.as_array().expect("array") {
        let name = case["file"].as_str().unwrap();
        let r = check_text(&fixture(name), &CheckOptions::default());
        assert_eq!(r.template.map(|t| t.as_str()), case["template"].as_str(), "{name}");
        assert_eq!(r.year.map(i64::from), case["year"].as_i64(), "{name}");
        let arithmetic = ["t3_row_total", "t3_total_vs_leaves", "t3_column_balance", "t4_total"];
        let mut got: Vec<(String, Option<i64>, Option<i64>)> = r
            .findings
            .iter()
            .filter(|f| arithmetic.contains(&f.rule))
            .map(|f| (f.rule.to_string(), f.stated.map(|n| n.to_json().as_i64().unwrap()), f.expected.map(|n| n.to_json().as_i64().unwrap())))
            .collect();
        let mut want: Vec<(String, Option<i64>, Option<i64>)> = case["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["rule"].as_str().unwrap().to_string(), f["stated"].as_i64(), f["expected"].as_i64()))
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn snapshot_of_every_finding() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".txt")).collect();
    names.sort();
    let mut out = String::new();
    for name in names {
        let text = fixture(&name);
        let r = check_text(&text, &CheckOptions::default());
        out.push_str(&format!("== {name} template={} year={}\n", r.template.map_or("-", |t| t.as_str()), r.year.map_or("-".into(), |y| y.to_string())));
        for f in &r.findings {
            let line = line_of(&text, f);
            let col = text[..f.span.start].rsplit('\n').next().unwrap_or("").chars().count() + 1;
            let sv = |n: Option<Num>| n.map_or("-".to_string(), |n| n.to_string());
            out.push_str(&format!("{line}:{col} {} {} {}→{} {}\n", f.rule, f.severity.as_str(), sv(f.stated), sv(f.expected), f.message.zh));
        }
    }
    insta::assert_snapshot!(out);
}
