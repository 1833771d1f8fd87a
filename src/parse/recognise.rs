//! The recogniser: find the template's tables in lines that no TAB or pipe marks as table
//! lines — rows padded with runs of spaces (copied from a PDF viewer, WPS or Word) and one
//! cell per line (PDF-to-text, or led by spaces instead of a TAB) — by the template's labels,
//! and mark those lines [`LineKind::Spaced`] or [`LineKind::Lone`] so that blocks and table
//! parsing read them like the TAB layouts. A table starts at a line that is (or holds, between
//! runs of spaces) a label of table 2, 3 or 4 and runs on over cell-like lines up to a heading,
//! a sentence or a TAB table. Lines already read as table lines, and the short lines that
//! continue a TAB table's labels, are left as they are, and prose is never read as a table: a
//! report in the TAB layouts keeps exactly the kinds `classify` gave.

use super::labels::lookup_text;
use super::Line;
use crate::text::lines::{each_spaced_cell, LineKind};
use crate::text::trimmed;

/// Longest line (bytes, trimmed) that can be a single label cell: the template's longest
/// label (2021 table 3, `1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请`)
/// with room for spaces and variants.
const MAX_LABEL: usize = 200;
/// A report with more table lines marked by TABs or pipes than this has its tables in those
/// shapes (the smallest table 3 alone has 28 rows).
const TAB_TABLE_LINES: usize = 24;

/// Longest line (bytes, trimmed) that can be a space-padded table row.
const MAX_ROW: usize = 1200;

/// The kinds of a report's lines with the tables that only their labels reveal marked (see
/// the module docs), or `None` when there are none (the kinds stand as they are).
pub fn recognise(lines: &[Line<'_>], kinds: &[LineKind]) -> Option<Vec<LineKind>> {
    // In a report whose tables TABs or pipes mark (tens of table lines) only a line right
    // before such a table can belong to it (a caption row without TAB): labels are looked for
    // there alone, not in every line of prose.
    let tabbed = kinds.iter().filter(|k| matches!(k, LineKind::Cells)).nth(TAB_TABLE_LINES).is_some();
    let mut out: Option<Vec<LineKind>> = None;
    // Blank lines since the last TAB table line; whether a short line now continues it (the
    // rule `blocks::split_kinds` joins them by).
    let mut tab_table = false;
    let mut blanks = 0usize;
    let mut i = 0;
    while i < lines.len() {
        match kinds[i] {
            LineKind::Cells | LineKind::MdSeparator => {
                tab_table = true;
                blanks = 0;
                // The rest of the TAB table's lines and blank lines in a tighter loop (layout A
                // has hundreds): only the line after them matters.
                i += 1;
                while let Some(k) = kinds.get(i) {
                    match k {
                        LineKind::Cells | LineKind::MdSeparator => blanks = 0,
                        LineKind::Blank => blanks += 1,
                        _ => break,
                    }
                    i += 1;
                }
                continue;
            }
            LineKind::Blank => blanks += 1,
            LineKind::Short if tab_table && blanks <= 1 => blanks = 0,
            LineKind::Short | LineKind::Text if (!tabbed || before_tab_table(kinds, i)) && anchor(lines[i].text) => {
                let end = region_end(lines, kinds, i);
                let kinds = out.get_or_insert_with(|| kinds.to_vec());
                for k in i..end {
                    if kinds[k] == LineKind::Blank {
                        continue;
                    }
                    kinds[k] = if spaced_parts(lines[k].text) >= 2 {
                        LineKind::Spaced
                    } else if k > i && kinds[k - 1] == LineKind::Lone && continues(lines[k - 1].text, lines[k].text) {
                        // A label split over two lines (`本年新` ⏎ `制作数量`): table parsing
                        // joins a short line to the cell before it.
                        LineKind::Short
                    } else {
                        LineKind::Lone
                    };
                }
                i = end;
                tab_table = false;
                continue;
            }
            _ => tab_table = false,
        }
        i += 1;
    }
    out
}

/// Whether a TAB table starts right after line `i` (at most one blank line between).
fn before_tab_table(kinds: &[LineKind], i: usize) -> bool {
    let next = |k: usize| kinds.get(k).copied();
    match next(i + 1) {
        Some(LineKind::Cells | LineKind::MdSeparator) => true,
        Some(LineKind::Blank) => matches!(next(i + 2), Some(LineKind::Cells | LineKind::MdSeparator)),
        _ => false,
    }
}

/// The end (exclusive) of the table region that the anchor at `start` opens: after its last
/// cell-like line before a heading, a TAB table, or a sentence.
fn region_end(lines: &[Line<'_>], kinds: &[LineKind], start: usize) -> usize {
    let mut last = start;
    for k in start + 1..lines.len() {
        match kinds[k] {
            LineKind::Blank => continue,
            LineKind::Short => {}
            LineKind::Text if cell_like(lines[k].text) => {}
            _ => break,
        }
        last = k;
    }
    last + 1
}

/// Whether `next` continues the label `prev` began: neither is a label or a number, and the
/// two together are a label.
fn continues(prev: &str, next: &str) -> bool {
    let (p, n) = (trimmed(prev), trimmed(next));
    if n.len() > MAX_LABEL || p.len() > MAX_LABEL || crate::text::parse_trimmed_cell(n).is_number() || is_label(p) || is_label(n) {
        return false;
    }
    is_label(&format!("{p}{n}"))
}

/// The number of cells of a line split at runs of spaces.
fn spaced_parts(line: &str) -> usize {
    each_spaced_cell(line, |_| {})
}

/// Whether a line is a label of the templates' tables, or a row holding one between runs of
/// spaces.
fn anchor(line: &str) -> bool {
    let t = trimmed(line);
    if t.len() > MAX_ROW || sentence_end(t) {
        return false;
    }
    if t.len() <= MAX_LABEL && is_label(t) {
        return true;
    }
    let mut found = false;
    if may_be_spaced(t) && spaced_parts(t) >= 2 {
        each_spaced_cell(t, |r| found = found || (r.len() <= MAX_LABEL && is_label(&t[r])));
    }
    found
}

/// A cell or row of a table rather than a sentence: no sentence-final punctuation at its
/// end, and short enough for a row of cells.
fn cell_like(line: &str) -> bool {
    let t = trimmed(line);
    t.len() <= MAX_ROW && !sentence_end(t) && (t.len() <= MAX_LABEL || spaced_parts(t) >= 2)
}

fn sentence_end(t: &str) -> bool {
    t.ends_with(['。', '；', '！', '？', ';', '!', '?'])
}

/// Whether a line may hold a run of spaces between cells (two ASCII spaces, an NBSP or a
/// U+3000): a quick test that spares splitting the prose lines that cannot.
fn may_be_spaced(t: &str) -> bool {
    use memchr::memmem::find;
    let b = t.as_bytes();
    find(b, b"  ").is_some() || find(b, "\u{3000}".as_bytes()).is_some() || find(b, "\u{a0}".as_bytes()).is_some()
}

/// A label, caption or header of tables 2, 3 or 4.
fn is_label(text: &str) -> bool {
    let (n, m) = lookup_text(text);
    m.is_some() || super::table::caption_item(&n).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{kinds, lines};

    fn kinds_of(text: &str) -> Vec<LineKind> {
        let ls = lines(text);
        let k = kinds(&ls);
        recognise(&ls, &k).unwrap_or(k)
    }

    #[test]
    fn space_padded_rows_become_table_rows() {
        let text = "三、收到和处理政府信息公开申请情况\n    申请人情况\n    自然人    法人或其他组织    总计\n一、本年新收政府信息公开申请数量    21    0    0    0    0    0    21\n\n注：本表数据含上年度结转。\n";
        use LineKind::*;
        let k = kinds_of(text);
        assert_eq!(&k[1..5], &[Lone, Spaced, Spaced, Blank]);
        assert_eq!(k[5], Text);
    }

    #[test]
    fn one_cell_per_line() {
        let text = "（三）不予公开\n1.属于国家秘密\n1\n0\n0\n\n2.其他法律行政法规禁止公开\n0\n";
        assert!(kinds_of(text).iter().all(|k| matches!(k, LineKind::Lone | LineKind::Blank)));
        // A label split over two lines continues.
        let text = "信息内容\n本年新\n制作数量\n本年新\n公开数量\n";
        use LineKind::*;
        assert_eq!(kinds_of(text), vec![Lone, Lone, Short, Lone, Short, Blank]);
    }

    #[test]
    fn tab_fixtures_have_no_regions() {
        for (p, text) in crate::fixture_texts() {
            let ls = lines(&text);
            let k = kinds(&ls);
            if let Some(r) = recognise(&ls, &k) {
                for (i, (a, b)) in k.iter().zip(&r).enumerate() {
                    if a != b {
                        eprintln!("{}:{}: {:?} -> {:?} {}", p.display(), i + 1, a, b, ls[i].text);
                    }
                }
                panic!("{}", p.display());
            }
        }
    }

    #[test]
    fn a_caption_without_tab_before_a_tab_table_joins_it() {
        // Enough TAB rows for a report whose tables TABs mark; the caption row lost its TABs.
        let rows = "规章\t0\t0\t0\n".repeat(30);
        let text = format!("二、主动公开政府信息情况\n第二十条第（一）项\n\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n{rows}2023年，本机关办理行政许可。\n行政许可\n以上为全部情况。\n");
        let k = kinds_of(&text);
        assert_eq!(k[1], LineKind::Lone);
        // A label in prose far from a table is not looked at in such a report.
        assert_eq!(k[k.len() - 3], LineKind::Short);
    }

    #[test]
    fn prose_and_tab_tables_are_left_alone() {
        let text = "一、总体情况\n2023年，本机关共收到申请21件。\n（一）主动公开情况\n规章制度建设稳步推进\n";
        let ls = lines(text);
        let k0 = kinds(&ls);
        assert_eq!(kinds_of(text), k0);
        // A short line continuing a TAB table's label stays a continuation.
        let text = "\t本年新\n制作数量\n\t0\n";
        assert_eq!(kinds_of(text), kinds(&lines(text)));
    }
}
