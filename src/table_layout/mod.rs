//! Table layout: the edits that rewrite every recognised table of a document (tables 2, 3 and
//! 4, found by the template's labels as the parser finds them) in the document's canonical
//! layout — a row a line with cells TAB-separated in text, pipe tables aligned by display width
//! in Markdown (`render`) — whatever shape it was written in: layout A (a cell a line), TAB
//! rows, pipes, space-padded rows and one cell a line (from PDF viewers, WPS, Word). Each
//! table's rows are the rows the parser reads (`parse::table::block_rows`), and each cell is
//! written with exactly the text it had, trimmed: a number keeps its digits (full-width digits
//! stay full-width — the value is the same either way, and text the user typed is not
//! rewritten), a label its wording (a label split over lines is joined), and no line outside a
//! table changes. A table with a row the readers cannot give its columns (a space-padded row
//! that lost its blank cells) is left as it is: writing it would mean guessing. Last, the
//! `guard` re-checks the formatted text and keeps only edits under which every finding stays
//! the same (rule, severity, stated, expected, and the cell by its table, row and column).

pub mod guard;
pub mod render;

pub use render::Layout;

use crate::finding::Edit;
use crate::parse::blocks::{split_kinds, BlockKind};
use crate::parse::table::{block_rows, parse};
use crate::parse::Line;
use crate::text::lines::LineKind;
use crate::vocab::CheckOptions;
use render::{render, Row};
use std::borrow::Cow;
use std::ops::Range;

/// The edits that write every recognised table of `text` in `layout`, in text order, disjoint;
/// none when every table is already so written.
pub fn table_edits(text: &str, opts: &CheckOptions, layout: Layout) -> Vec<Edit> {
    guard::keep_safe(text, opts, candidates(text, layout))
}

/// [`table_edits`] for the tables that `range` (bytes of `text`) touches.
pub fn table_edits_in(text: &str, opts: &CheckOptions, layout: Layout, range: Range<usize>) -> Vec<Edit> {
    let touched = candidates(text, layout).into_iter().filter(|e| e.range.start <= range.end && range.start <= e.range.end).collect();
    guard::keep_safe(text, opts, touched)
}

/// Every table's edit before the guard: the reports of `text` as the analysis splits them, their
/// lines' kinds as the recogniser marks them, their table blocks.
fn candidates(text: &str, layout: Layout) -> Vec<Edit> {
    let mut out = Vec::new();
    crate::parse::segment::each_report(text, |off, seg, ls, kinds| {
        let recognised = crate::parse::recognise::recognise(ls, kinds);
        let kinds = recognised.as_deref().unwrap_or(kinds);
        for b in split_kinds(kinds).iter().filter(|b| b.kind == BlockKind::Table) {
            if let Some(e) = block_edit(seg, &ls[b.start..b.end], &kinds[b.start..b.end], layout) {
                out.push(Edit { range: e.range.start + off..e.range.end + off, new_text: e.new_text });
            }
        }
    });
    out
}

/// The edit that writes one table block in `layout` (offsets in `seg`, the report's text), from
/// its first line's start to its last non-blank line's end; `None` when the block holds no
/// table of the template, has a row that cannot be read, or is written so already.
fn block_edit(seg: &str, lines: &[Line<'_>], kinds: &[LineKind], layout: Layout) -> Option<Edit> {
    let parsed = parse(lines, kinds);
    let recognised = !parsed.t2.is_empty() || !parsed.t3.is_empty() || parsed.t3_header || parsed.t4.is_some() || parsed.t4_header;
    if !recognised || !parsed.unreadable.is_empty() {
        return None;
    }
    let last = kinds.iter().rposition(|k| *k != LineKind::Blank)?;
    let read = block_rows(&lines[..=last], &kinds[..=last]);
    let kind_in = |from: usize, to: usize, k: LineKind| kinds.get(from..to).is_some_and(|ks| ks.contains(&k));
    let next_line = |i: usize| read.get(i + 1).map_or(last + 1, |n| n.line as usize);
    // A row written on lines of text without a TAB (a note under the table, a label's end
    // that the row before did not take) is kept line for line, exactly as it was.
    let verbatim: Vec<bool> = (0..read.len()).map(|i| kinds[read[i].line as usize..next_line(i)].iter().all(|k| matches!(k, LineKind::Short | LineKind::Text | LineKind::Blank))).collect();
    let rows: Vec<Row<'_>> = read
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let line = r.line as usize;
            let next = next_line(i);
            Row {
                cells: if verbatim[i] { lines[line..next].iter().zip(&kinds[line..next]).filter(|(_, k)| **k != LineKind::Blank).map(|(l, _)| Cow::Borrowed(l.text)).collect() } else { one_cell(&r.cells) },
                // A blank line between two rows written a line each is kept (one), so that
                // tables the user set apart stay apart; layout A's blank lines end rows only.
                blank_before: i > 0 && (verbatim[i] || verbatim[i - 1] || (read[i - 1].one_line && r.one_line)) && kind_in(read[i - 1].line as usize + 1, line, LineKind::Blank),
                sep_after: kind_in(line + 1, next, LineKind::MdSeparator),
                verbatim: verbatim[i],
            }
        })
        .collect();
    let start = lines[0].start;
    let end = lines[last].start + lines[last].text.len();
    let after_first = &seg[lines[0].start + lines[0].text.len()..];
    let eol = if after_first.starts_with("\r\n") {
        "\r\n"
    } else if after_first.starts_with('\r') {
        "\r"
    } else {
        "\n"
    };
    let new_text = render(&rows, layout, eol);
    (seg.get(start..end) != Some(new_text.as_str())).then_some(Edit { range: start..end, new_text })
}

/// A row's cells as written: an empty cell before a single one (a merged cell's place, or
/// layout A's `\tX` read as TAB rows) is that one cell, written `\tX` as layout A writes a
/// cell (the guard keeps the table as it was if that changed a finding).
fn one_cell<'a>(cells: &[Cow<'a, str>]) -> Vec<Cow<'a, str>> {
    match cells {
        [first, second] if first.is_empty() => vec![second.clone()],
        _ => cells.to_vec(),
    }
}

/// `edits` (sorted, disjoint) applied to `text`.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut at = 0;
    for e in edits {
        out.push_str(text.get(at..e.range.start).unwrap_or_default());
        out.push_str(&e.new_text);
        at = e.range.end.max(at);
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests;
