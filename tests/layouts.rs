//! The same report written in layout B (TAB rows), as a Markdown pipe table, with CRLF line
//! endings and a BOM: the same findings, at the same lines and columns.

use nianbao::{check_text, CheckOptions};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn rules(text: &str) -> Vec<(&'static str, Option<String>, Option<String>)> {
    check_text(text, &CheckOptions::default()).findings.iter().map(|f| (f.rule, f.stated.map(|n| n.to_string()), f.expected.map(|n| n.to_string()))).collect()
}

/// TAB rows → `| a | b |`, headings → `## 一、…`.
fn to_markdown(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.contains('\t') {
                format!("| {} |", l.split('\t').collect::<Vec<_>>().join(" | "))
            } else if nianbao::text::lines::heading(l).is_some() {
                format!("## {l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn markdown_tables_give_the_same_findings() {
    for name in ["010_hongze_2024.txt", "014_shanghai_bgt_2025.txt", "003_e4e4e77264e12983.txt"] {
        let t = fixture(name);
        let md = to_markdown(&t);
        assert_eq!(rules(&md), rules(&t), "{name}");
    }
    // A broken total is found in Markdown too.
    let t = fixture("010_hongze_2024.txt");
    let md = to_markdown(&t.replacen("\t95\n二、", "\t96\n二、", 1));
    assert!(rules(&md).iter().any(|r| r.0 == "t3_row_total"));
}

#[test]
fn crlf_and_bom_give_the_same_lines_and_columns() {
    for name in ["001_7e3cf29f5d278207.txt", "009_hongze_2023.txt", "003_e4e4e77264e12983.txt"] {
        let t = fixture(name);
        let crlf = format!("\u{feff}{}", t.replace('\n', "\r\n"));
        let pos = |text: &str| {
            let rope = ropey::Rope::from_str(text);
            check_text(text, &CheckOptions::default()).findings.iter().map(|f| (f.rule, nianbao::position::byte_to_cli(&rope, f.span.start))).collect::<Vec<_>>()
        };
        let mut a = pos(&t);
        let b = pos(&crlf);
        // The BOM is one character at the start of line 1.
        for (_, (l, c)) in a.iter_mut() {
            if *l == 1 {
                *c += 1;
            }
        }
        assert_eq!(a, b, "{name}");
    }
}

#[test]
fn both_layouts_and_templates_are_parsed() {
    let cases = [("000_17fa4905ce5d6912.txt", "2019", 23), ("003_e4e4e77264e12983.txt", "2019", 23), ("009_hongze_2023.txt", "2021", 23), ("010_hongze_2024.txt", "2021", 23), ("012_shuyang_fgj_2023.txt", "2021", 25), ("014_shanghai_bgt_2025.txt", "2021", 25)];
    for (name, template, rows) in cases {
        let a = nianbao::analysis::analyze_report(&fixture(name), &CheckOptions::default());
        assert_eq!(a.report.template.map(|t| t.as_str()), Some(template), "{name}");
        assert_eq!(a.report.t3.as_ref().map(|t| t.rows.len()), Some(rows), "{name}: table-3 rows");
        assert!(a.report.t4.as_ref().is_some_and(|t| t.cells.iter().all(Option::is_some)), "{name}: table 4");
        assert!(!a.report.t2.is_empty(), "{name}: table 2");
    }
}
