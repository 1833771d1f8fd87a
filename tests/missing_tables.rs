//! Missing versus unreadable: `structure_missing_table` (an error) only when nothing of the
//! table is in its section; a table whose header, labels or cells are there but cannot be
//! read is a `table_unreadable` warning at the place it starts.

use nianbao::{check_text, CheckOptions};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn table_findings(text: &str) -> Vec<(&'static str, String)> {
    check_text(text, &CheckOptions::default()).findings.iter().filter(|f| f.rule.contains("table")).map(|f| (f.rule, format!("{:?}", f.severity))).collect()
}

/// 010's lines with those from the one holding `from` to the one before the one holding `to`
/// passed through `f`.
fn edit_lines(text: &str, from: &str, to: &str, f: impl Fn(&str) -> Option<String>) -> String {
    let mut inside = false;
    let mut out = Vec::new();
    for l in text.lines() {
        if l.contains(from) {
            inside = true;
        } else if l.contains(to) {
            inside = false;
        }
        if inside {
            out.extend(f(l));
        } else {
            out.push(l.to_string());
        }
    }
    out.join("\n")
}

#[test]
fn a_deleted_table_is_missing() {
    let text = edit_lines(&fixture("010_hongze_2024.txt"), "本列数据", "四、政府信息公开行政复议", |_| None);
    assert_eq!(table_findings(&text), vec![("structure_missing_table", "Error".to_string())]);
}

#[test]
fn a_table_with_unknown_labels_is_unreadable() {
    // Every label of table 3 garbled (as an OCR might): the table is there, not missing.
    let text = edit_lines(&fixture("010_hongze_2024.txt"), "本列数据", "四、政府信息公开行政复议", |l| Some(l.split('\t').map(|c| if c.chars().any(|ch| ch > '\u{2fff}') { "□□□" } else { c }).collect::<Vec<_>>().join("\t")));
    assert_eq!(table_findings(&text), vec![("table_unreadable", "Warning".to_string())]);
}

#[test]
fn a_header_without_its_data_row_is_unreadable() {
    let text = fixture("010_hongze_2024.txt");
    let data = text.lines().find(|l| l.starts_with("1\t1\t0\t0\t2")).expect("table-4 data row");
    let text = text.replace(data, "");
    assert_eq!(table_findings(&text), vec![("table_unreadable", "Warning".to_string())]);
}
