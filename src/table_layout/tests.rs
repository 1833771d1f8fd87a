use super::guard::said;
use super::*;

fn opts() -> CheckOptions {
    CheckOptions::default()
}

fn fmt(text: &str, layout: Layout) -> String {
    apply(text, &table_edits(text, &opts(), layout))
}

fn fixture(prefix: &str) -> String {
    crate::fixture_texts().into_iter().find(|(p, _)| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix))).expect("fixture").1
}

/// The lines of `text` that are prose or headings (not table lines), in order.
fn prose(text: &str) -> Vec<String> {
    let ls = crate::parse::lines(text);
    let kinds = crate::parse::kinds(&ls);
    let kinds = crate::parse::recognise::recognise(&ls, &kinds).unwrap_or(kinds);
    ls.iter().zip(&kinds).filter(|(_, k)| matches!(k, LineKind::Text | LineKind::Heading { .. })).map(|(l, _)| l.text.to_string()).collect()
}

#[test]
fn layout_a_becomes_a_row_a_line() {
    // 洪泽区 2023 writes a cell a line (layout A).
    let text = fixture("009");
    let out = fmt(&text, Layout::Tabs);
    assert_ne!(out, text);
    assert!(out.contains("\n规章\t0\t0\t0\n"), "{out}");
    assert!(out.lines().count() < text.lines().count() / 2);
    assert_eq!(prose(&out), prose(&text), "no line outside the tables changes");
    assert_eq!(said(&out, &opts()), said(&text, &opts()));
    assert_eq!(fmt(&out, Layout::Tabs), out, "idempotent");
}

#[test]
fn tab_rows_only_lose_their_padding() {
    for (p, text) in crate::fixture_texts() {
        let out = fmt(&text, Layout::Tabs);
        let squeeze = |s: &str| s.chars().filter(|&c| !crate::text::is_space(c) || c == '\t' || c == '\n').collect::<String>();
        if !text.lines().any(|l| l.starts_with('\t') && !l[1..].contains('\t')) {
            // Layout B already: at most spaces around cells go.
            assert_eq!(squeeze(&out), squeeze(&text), "{}", p.display());
        }
        assert_eq!(fmt(&out, Layout::Tabs), out, "{}", p.display());
    }
}

/// A report whose table 4 was pasted from a PDF viewer: cells padded with runs of spaces.
const PASTED: &str = "某某县人民政府办公室2023年政府信息公开工作年度报告\n一、总体情况\n本机关认真做好政府信息公开工作。\n四、政府信息公开行政复议、行政诉讼情况\n行政复议    行政诉讼\n结果维持  结果纠正  其他结果  尚未审结  总计  未经复议直接起诉  复议后起诉\n结果维持  结果纠正  其他结果  尚未审结  总计  结果维持  结果纠正  其他结果  尚未审结  总计\n1  0  0  0  2  0  0  0  0  0  0  0  0  0  0\n五、政府信息公开工作存在的主要问题及改进情况\n无。\n";

#[test]
fn a_space_padded_table_becomes_tab_rows() {
    let out = fmt(PASTED, Layout::Tabs);
    let want = PASTED
        .replace("行政复议    行政诉讼", "行政复议\t行政诉讼")
        .replace("结果维持  结果纠正  其他结果  尚未审结  总计  未经复议直接起诉  复议后起诉", "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉")
        .replace("结果维持  结果纠正  其他结果  尚未审结  总计  结果维持", "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持")
        .replace("  ", "\t");
    assert_eq!(out, want);
    let before = said(PASTED, &opts());
    assert!(before.iter().any(|s| s.0 == "t4_total"), "{before:?}");
    assert_eq!(said(&out, &opts()), before);
    // CRLF line endings stay CRLF.
    let crlf = PASTED.replace('\n', "\r\n");
    assert_eq!(fmt(&crlf, Layout::Tabs), want.replace('\n', "\r\n"));
}

#[test]
fn markdown_tables_are_aligned_pipe_tables() {
    let out = fmt(PASTED, Layout::Markdown);
    assert!(out.contains("| 行政复议 | 行政诉讼 |"), "{out}");
    let table: Vec<&str> = out.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 5, "four rows and the separator: {out}");
    assert!(table[1].starts_with("| --------"), "{out}");
    // Every row's pipes stand where the widest row's do (rows keep their own cell counts).
    let pipes = |l: &str| l.char_indices().filter(|(_, c)| *c == '|').map(|(i, _)| unicode_width::UnicodeWidthStr::width(&l[..i])).collect::<Vec<_>>();
    let widest = table.iter().map(|l| pipes(l)).max_by_key(Vec::len).unwrap_or_default();
    for l in &table {
        assert!(widest.starts_with(&pipes(l)), "{l}\n{out}");
    }
    assert_eq!(said(&out, &opts()), said(PASTED, &opts()));
    assert_eq!(fmt(&out, Layout::Markdown), out);
    // The header row has as many cells as the separator (a pipe table needs it).
    assert_eq!(pipes(table[0]).len(), pipes(table[1]).len(), "{out}");
    // And back: Markdown formatted for a text document is TAB rows again (the header row
    // keeps the empty cells Markdown gave it).
    let back = fmt(PASTED, Layout::Tabs).replace("行政复议\t行政诉讼", &format!("行政复议\t行政诉讼{}", "\t".repeat(13)));
    assert_eq!(fmt(&out, Layout::Tabs), back);
}

#[test]
fn a_table_that_lost_blank_cells_is_left_alone() {
    // 沭阳县发改局 2023 leaves its 法人 columns blank: padded with spaces, table 3's rows cannot
    // be read; table 3 stays exactly as it was written.
    let text = fixture("012").replace('\t', "    ");
    let out = fmt(&text, Layout::Tabs);
    for l in text.lines().filter(|l| l.contains("本年新收政府信息公开申请数量") || l.contains("（七）总计")) {
        assert!(out.lines().any(|o| o == l), "{l}");
    }
    assert_eq!(said(&out, &opts()), said(&text, &opts()));
}

#[test]
fn range_formatting_touches_only_the_tables_in_range() {
    let text = fixture("009");
    let all = table_edits(&text, &opts(), Layout::Tabs);
    assert!(all.len() >= 3, "{}", all.len());
    let at = text.rfind("\t结果维持").expect("table 4");
    let some = table_edits_in(&text, &opts(), Layout::Tabs, at..at);
    assert_eq!(some.len(), 1);
    assert!(some[0].range.contains(&at));
    assert!(all.contains(&some[0]));
    // Prose only: nothing.
    let p = text.find("一、总体情况").expect("heading");
    assert!(table_edits_in(&text, &opts(), Layout::Tabs, p..p + 3).is_empty());
}

#[test]
fn edits_are_sorted_disjoint_and_whole_lines() {
    let text = fixture("009").replace('\n', "\r\n");
    let edits = table_edits(&text, &opts(), Layout::Markdown);
    let mut at = 0;
    for e in &edits {
        assert!(e.range.start >= at);
        assert!(e.range.start == 0 || text[..e.range.start].ends_with('\n'));
        assert!(text[e.range.end..].starts_with("\r\n"));
        assert!(!e.new_text.contains('\n') || e.new_text.contains("\r\n"));
        at = e.range.end;
    }
}

