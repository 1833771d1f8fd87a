//! Formatting tables (`table_layout`) on every fixture in every shape of
//! `tests/support/shapes.rs`, in both layouts: formatting is idempotent (fmt(fmt(x)) == fmt(x)),
//! the findings are the same before and after (rule, severity, stated, expected, and the cell
//! they point at by its table, row and column labels — or, outside the cells, the text at the
//! span without layout characters), and the tables really are rewritten where nothing was lost.
//! A proptest adds random padding (spaces, NBSP, U+3000) around cells and checks the same.

#[path = "support/shapes.rs"]
mod shapes;

use nianbao::explain::cell_place;
use nianbao::table_layout::{apply, table_edits, Layout};
use nianbao::{api::check_text_keeping_models, CheckOptions};
use shapes::*;

type Said = (&'static str, String, Option<String>, Option<String>, Option<(u8, String, String)>, String);

/// Every finding of `text`: what it says and where, by the cell's labels.
fn said(text: &str) -> Vec<Said> {
    let (res, models) = check_text_keeping_models(text, &CheckOptions::default());
    let mut out: Vec<Said> = res
        .findings
        .iter()
        .map(|f| {
            let s = f.span.start;
            let place = models.iter().rev().find(|(off, _)| *off <= s).and_then(|(off, r)| cell_place(r, s - off)).map(|(p, _)| (p.table, p.row, p.column));
            let at = text.get(f.span.clone()).unwrap_or("");
            let at = if place.is_some() { nianbao::text::norm_label(at) } else { at.chars().filter(|&c| !nianbao::text::is_space(c) && !matches!(c, '|' | '-' | ':')).collect() };
            (f.rule, format!("{:?}", f.severity), f.stated.map(|n| n.to_string()), f.expected.map(|n| n.to_string()), place, at)
        })
        .collect();
    out.sort();
    out
}

/// The first line where `a` and `b` differ, with its neighbours (for failure messages).
fn diff(a: &str, b: &str) -> String {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let i = la.iter().zip(&lb).position(|(x, y)| x != y).unwrap_or(la.len().min(lb.len()));
    let near = |l: &[&str]| l[i.saturating_sub(2)..(i + 3).min(l.len())].iter().map(|x| format!("{x:?}")).collect::<Vec<_>>().join("\n");
    format!("line {}:\n{}\n---\n{}", i + 1, near(&la), near(&lb))
}

fn fmt(text: &str, layout: Layout) -> String {
    apply(text, &table_edits(text, &CheckOptions::default(), layout))
}

fn fixtures() -> Vec<(String, String)> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir).expect("fixtures").filter_map(|e| e.ok()?.file_name().into_string().ok()).filter(|n| n.ends_with(".txt")).collect();
    names.sort();
    names.into_iter().map(|n| (std::fs::read_to_string(format!("{dir}/{n}")).expect("fixture"), n)).collect()
}

/// Every shape of a fixture: (name, text, whether its blank cells are all still there).
fn shapes_of(text: &str) -> Vec<(&'static str, String, bool)> {
    let rows = to_rows(text);
    let kept = !has_blank_values(text);
    vec![
        ("original", text.to_string(), true),
        ("rows (layout B)", rows.clone(), true),
        ("pipes without a leading pipe", to_pipes(&rows), true),
        ("markdown", to_markdown(&rows), true),
        ("full-width digits and brackets, NBSP/U+3000 padding", to_wide(text), true),
        ("table-3 header repeated", repeat_t3_header(text), true),
        ("pipes with the header repeated", to_pipes(&repeat_t3_header(&rows)), true),
        ("TAB → four spaces", text.replace('\t', "    "), kept),
        ("rows padded with spaces", rows.replace('\t', "    "), kept),
        ("rows padded with U+3000", rows.replace('\t', "\u{3000}\u{3000}"), kept),
        ("one cell per line, no TAB", to_lone(&rows, ""), kept),
        ("one cell per line, led by spaces", to_lone(&rows, "    "), kept),
        ("space-padded with the header repeated", repeat_t3_header(&rows).replace('\t', "   "), kept),
    ]
}

/// fmt is idempotent and keeps every finding; returns the formatted text.
fn holds(text: &str, layout: Layout, what: &str) -> String {
    let once = fmt(text, layout);
    let twice = fmt(&once, layout);
    assert!(once == twice, "{what}: not idempotent: {}", diff(&once, &twice));
    assert_eq!(said(&once), said(text), "{what}: findings changed");
    once
}

/// The table lines of a text in the layout the formatter writes: TAB rows (text) or pipe rows.
fn pipe_rows(text: &str) -> usize {
    text.lines().filter(|l| l.starts_with("| ") && l.ends_with(" |")).count()
}

#[test]
fn every_shape_of_every_fixture_formats_idempotently_with_the_same_findings() {
    for (text, name) in fixtures() {
        for (shape, shaped, complete) in shapes_of(&text) {
            let tabs = holds(&shaped, Layout::Tabs, &format!("{name}: {shape} (text)"));
            let md = holds(&shaped, Layout::Markdown, &format!("{name}: {shape} (Markdown)"));
            if complete {
                // Nothing was lost, so every table is rewritten: no pipe row is left in text,
                // and in Markdown the table rows are pipe rows, none TAB-separated.
                let left = |t: &str, p: fn(&str) -> bool| t.lines().find(|l| p(l)).map(str::to_string);
                assert_eq!(left(&tabs, |l| l.starts_with('|') || l.ends_with(" |")), None, "{name}: {shape}: pipes left");
                assert_eq!(left(&md, |l| l.contains('\t')), None, "{name}: {shape}: TABs left in Markdown");
                assert!(pipe_rows(&md) > 20, "{name}: {shape}");
            }
            // Markdown written for a text document, and back.
            assert_eq!(said(&fmt(&md, Layout::Tabs)), said(&shaped), "{name}: {shape}: Markdown → text");
        }
    }
}

#[test]
fn rows_and_github_pipe_rows_format_to_the_same_text() {
    // The TAB rows and the GitHub pipe rows of one report are the same table: formatted, they
    // are the same text. (Pipes without a leading pipe lose a row's empty first cell, so they
    // are a different table.)
    for (text, name) in fixtures() {
        let rows = to_rows(&text);
        for layout in [Layout::Tabs, Layout::Markdown] {
            let (a, b) = (fmt(&to_markdown(&rows), layout), fmt(&rows, layout));
            assert!(a == b, "{name}: {layout:?}: {}", diff(&a, &b));
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Random padding around the cells of random table lines (spaces, NBSP, U+3000): the
    /// formatter takes it away, idempotently, and the findings stay.
    #[test]
    fn random_padding_is_taken_away(fixture in 0usize..64, pads in proptest::collection::vec(proptest::sample::select(vec!["", " ", "  ", "\u{a0}", "\u{3000}", " \u{3000} "]), 1..16)) {
        let all = fixtures();
        let (text, name) = &all[fixture % all.len()];
        let rows = to_rows(text);
        let mut n = 0;
        let padded: String = rows
            .lines()
            .map(|l| {
                if !l.contains('\t') {
                    return format!("{l}\n");
                }
                let cells: Vec<String> = l.split('\t').map(|c| {
                    n += 1;
                    let p = pads[n % pads.len()];
                    format!("{p}{c}{}", pads[(n * 7 + 3) % pads.len()])
                }).collect();
                format!("{}\n", cells.join("\t"))
            })
            .collect();
        let once = holds(&padded, Layout::Tabs, name);
        let want = fmt(&rows, Layout::Tabs);
        proptest::prop_assert!(once == want, "{}", diff(&once, &want));
    }
}
