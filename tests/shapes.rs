//! One report, every shape: every fixture re-shaped the ways reports reach users (rows joined
//! by ` | `, cells padded with spaces, one cell per line without TAB or led by spaces, full-
//! width digits and brackets with NBSP/U+3000 padding, table 3's header repeated after a page
//! break) must give the same findings as the TAB original — rule, severity, stated, expected
//! and the text of the cell they point at. Shapes that lose blank cells (space padding, one
//! cell per line) may instead warn `table_row_unreadable` on the rows that had blank values,
//! but never report a table as missing.

#[path = "support/shapes.rs"]
mod shapes;

use nianbao::{check_text, CheckOptions};
use shapes::*;

/// What a finding says, independent of where the shape put the cell: rule, severity, stated,
/// expected, and the normalised text at its span.
type Said = (&'static str, String, Option<String>, Option<String>, String);

fn said(text: &str) -> Vec<Said> {
    said_of(text, &check_text(text, &CheckOptions::default()).findings)
}

/// [`said`] of findings of `text`, sorted.
fn said_of(text: &str, findings: &[nianbao::finding::Finding]) -> Vec<Said> {
    let mut out: Vec<Said> = findings
        .iter()
        .map(|f| (f.rule, format!("{:?}", f.severity), f.stated.map(|n| n.to_string()), f.expected.map(|n| n.to_string()), nianbao::text::norm_label(text.get(f.span.clone()).unwrap_or(""))))
        .collect();
    out.sort();
    out
}

fn fixtures() -> Vec<(String, String)> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir).expect("fixtures").filter_map(|e| e.ok()?.file_name().into_string().ok()).filter(|n| n.ends_with(".txt")).collect();
    names.sort();
    names.into_iter().map(|n| (std::fs::read_to_string(format!("{dir}/{n}")).expect("fixture"), n)).collect()
}

/// Lossless shapes: exactly the original's findings.
#[test]
fn lossless_shapes_give_the_same_findings() {
    for (text, name) in fixtures() {
        let want = said(&text);
        let rows = to_rows(&text);
        let shapes: Vec<(&str, String)> = vec![
            ("rows (layout B)", rows.clone()),
            ("pipes without a leading pipe", to_pipes(&rows)),
            ("markdown", to_markdown(&rows)),
            ("full-width digits and brackets, NBSP/U+3000 padding", to_wide(&text)),
            ("table-3 header repeated", repeat_t3_header(&text)),
            ("pipes with the header repeated", to_pipes(&repeat_t3_header(&rows))),
        ];
        for (shape, shaped) in shapes {
            assert_eq!(said(&shaped), want, "{name}: {shape}");
        }
    }
}

/// Every fixture inside a dump of all of them (the way a crawler's dump or a year's export
/// arrives) gives the findings it gives alone: a report's agency on a line above its title
/// goes with it, not with the report before. Checked on one thread (reports found as the text
/// is read), on several (the line index), and by the editor's document. The dump's cross-year
/// findings (`xy_*`: two years of one agency side by side) are left out: alone, a report has
/// no last year's beside it.
#[test]
fn a_report_in_a_dump_gives_the_findings_it_gives_alone() {
    let alone = |s: Vec<Said>| s.into_iter().filter(|s| !s.0.starts_with("xy_")).collect::<Vec<_>>();
    let fixtures = fixtures();
    let mut dump = String::new();
    let mut want = Vec::new();
    for (text, _) in &fixtures {
        want.extend(said(text));
        dump.push_str(text);
        if !text.ends_with('\n') {
            dump.push('\n');
        }
    }
    want.sort();
    for threads in [1, 3] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let got = alone(pool.install(|| said(&dump)));
        assert_eq!(got, want, "{threads} thread(s)");
    }
    let doc = nianbao::document::Document::new(&dump, CheckOptions::default());
    assert_eq!(alone(said_of(&dump, &doc.findings())), want, "the editor's document");
}

/// Shapes that may lose blank cells: the same findings where no blank value cell was lost;
/// where one was, its row is `table_row_unreadable` and everything else is still found.
#[test]
fn lossy_shapes_give_the_same_findings_or_say_which_rows_they_cannot_read() {
    for (text, name) in fixtures() {
        let want = said(&text);
        let rows = to_rows(&text);
        let lost = has_blank_values(&text);
        let shapes: Vec<(&str, String)> = vec![
            ("TAB → four spaces", text.replace('\t', "    ")),
            ("rows padded with spaces", rows.replace('\t', "    ")),
            ("rows padded with U+3000", rows.replace('\t', "\u{3000}\u{3000}")),
            ("one cell per line, no TAB", to_lone(&rows, "")),
            ("one cell per line, led by spaces", to_lone(&rows, "    ")),
            ("space-padded with the header repeated", repeat_t3_header(&rows).replace('\t', "   ")),
        ];
        for (shape, shaped) in shapes {
            let got = said(&shaped);
            if !lost {
                assert_eq!(got, want, "{name}: {shape}");
                continue;
            }
            assert!(got.iter().any(|s| s.0 == "table_row_unreadable"), "{name}: {shape}: lost blanks must be said");
            for s in &got {
                assert!(!matches!(s.0, "structure_missing_table" | "table_unreadable"), "{name}: {shape}: {s:?}");
            }
            // Everything found outside the unreadable rows is still found.
            for w in want.iter().filter(|w| !w.0.starts_with("t3_") && !w.0.starts_with("value_")) {
                assert!(got.contains(w), "{name}: {shape}: lost {w:?}");
            }
        }
    }
}

#[test]
fn the_issue_example_finds_the_real_errors() {
    // `sed 's/\t/    /g'` and `sed 's/^\t//'` on 洪泽区 2023 (layout A): the two wrong 表四 totals.
    let text = fixtures().into_iter().find(|f| f.1.starts_with("009")).expect("009").0;
    for shaped in [text.replace('\t', "    "), text.lines().map(|l| l.strip_prefix('\t').unwrap_or(l)).collect::<Vec<_>>().join("\n")] {
        let got = said(&shaped);
        assert_eq!(got.iter().filter(|s| s.0 == "t4_total").count(), 2);
        assert!(!got.iter().any(|s| s.0 == "structure_missing_table"));
        let fill = nianbao::fill_totals(&shaped, &CheckOptions::default());
        assert_eq!(fill.len(), 2, "fix fills both totals");
    }
}

#[test]
fn a_lost_blank_is_unreadable_not_a_guess() {
    // 沭阳县发改局 2023 leaves its 法人 columns blank: padded with spaces, each table-3 row has
    // two numbers for seven columns.
    let text = fixtures().into_iter().find(|f| f.1.starts_with("012")).expect("012").0;
    let got = said(&text.replace('\t', "    "));
    let unreadable = got.iter().filter(|s| s.0 == "table_row_unreadable").count();
    assert_eq!(unreadable, 25, "{got:?}");
    assert!(!got.iter().any(|s| s.0.starts_with("t3_")), "nothing guessed: {got:?}");
}
