//! Cell-label inlay hints (`nianbao.inlayHints.cellLabels`): in layout A, where every cell
//! sits on a line of its own and a column of numbers does not say which cell is which, a hint
//! before each table number names its column (`自然人`, `商业企业`, …) and, at a row's first
//! cell, its row. Rows laid out on one line (layout B, Markdown) get none: their header is
//! right above them.

use super::convert::position;
use crate::document::Document;
use crate::model::{Cell, Report};
use crate::position::Encoding;
use crate::template::{t3_row, T3_COLS, T4_COLS, T4_GROUPS};
use ropey::Rope;
use std::ops::Range;
use tower_lsp_server::ls_types::*;

/// Longest row label shown (in characters); longer ones are cut with `…`.
const MAX_ROW_LABEL: usize = 10;

fn short(label: &str) -> String {
    if label.chars().count() <= MAX_ROW_LABEL {
        return label.to_string();
    }
    let mut s: String = label.chars().take(MAX_ROW_LABEL - 1).collect();
    s.push('…');
    s
}

/// One row: its label (if any), its cells with their column labels.
struct Row<'a> {
    label: Option<(String, Range<usize>)>,
    cells: Vec<(&'a Cell, String)>,
}

fn rows(r: &Report) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    for b in &r.t2 {
        for row in &b.rows {
            let cells = row.cells.iter().zip(&b.columns).map(|(c, (name, _))| (c, name.to_string())).collect();
            out.push(Row { label: Some((row.label.to_string(), row.label_span.clone())), cells });
        }
    }
    if let Some(t3) = &r.t3 {
        for row in &t3.rows {
            let label = t3_row(row.key).map_or(row.key, |d| d.label).to_string();
            let cells = row.cells.iter().zip(T3_COLS).filter_map(|(c, name)| Some((c.as_ref()?, name.to_string()))).collect();
            out.push(Row { label: Some((label, row.label_span.clone())), cells });
        }
    }
    if let Some(t4) = &r.t4 {
        let cells = t4.cells.iter().enumerate().filter_map(|(i, c)| Some((c.as_ref()?, format!("{}·{}", T4_GROUPS[i / 5], T4_COLS[i % 5])))).collect();
        out.push(Row { label: None, cells });
    }
    out
}

/// Is this row laid out one cell per line (layout A)?
fn one_cell_per_line(rope: &Rope, off: usize, row: &Row) -> bool {
    let line = |b: usize| rope.byte_to_line((off + b).min(rope.len_bytes()));
    let mut lines = row.cells.iter().map(|(c, _)| line(c.span.start));
    let Some(first) = lines.next() else { return false };
    let label_apart = row.label.as_ref().is_some_and(|(_, s)| line(s.end) != first);
    label_apart || lines.any(|l| l != first)
}

/// Cell-label hints for the layout-A table cells inside the byte range `within`.
pub fn cell_label_hints(doc: &Document, within: Range<usize>, enc: Encoding) -> Vec<InlayHint> {
    let rope = doc.rope();
    let mut out = Vec::new();
    for (off, a) in doc.reports() {
        if !a.report.is_report {
            continue;
        }
        for row in rows(&a.report) {
            if !one_cell_per_line(rope, off, &row) {
                continue;
            }
            for (i, (cell, col)) in row.cells.iter().enumerate() {
                let at = off + cell.number_range().start;
                if at < within.start || at > within.end {
                    continue;
                }
                let label = match (&row.label, i) {
                    (Some((r, _)), 0) => format!("{} › {col}", short(r)),
                    _ => col.clone(),
                };
                out.push(InlayHint {
                    position: position(rope, at, enc),
                    label: InlayHintLabel::String(format!("{label}:")),
                    kind: None,
                    text_edits: None,
                    tooltip: None,
                    padding_left: None,
                    padding_right: Some(true),
                    data: None,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CheckOptions;

    fn labels(text: &str) -> Vec<(u32, String)> {
        let doc = Document::new(text, CheckOptions::default());
        let hints = cell_label_hints(&doc, 0..text.len(), Encoding::Utf16);
        hints
            .into_iter()
            .map(|h| {
                let InlayHintLabel::String(s) = h.label else { panic!() };
                (h.position.line, s)
            })
            .collect()
    }

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn layout_a_cells_are_labelled() {
        let text = fixture("009_hongze_2023.txt");
        let l = labels(&text);
        // Table 4's first cell (line 350, 0-based 349) and the corner total.
        assert!(l.contains(&(349, "行政复议·结果维持:".to_string())), "{l:?}");
        assert!(l.iter().any(|(_, s)| s == "复议后起诉·总计:"));
        // Table 3: the row label at the first cell, then the columns.
        assert!(l.iter().any(|(_, s)| s.starts_with("一、本年新收政府信… › 自然人")), "{l:?}");
        assert!(l.iter().any(|(_, s)| s == "法律服务机构:"));
    }

    #[test]
    fn rows_on_one_line_get_none() {
        // 010 writes its tables as TAB-separated rows (layout B).
        let text = fixture("010_hongze_2024.txt");
        assert!(crate::check_text(&text, &CheckOptions::default()).findings.iter().all(|f| f.rule != "structure_missing_table"));
        assert_eq!(labels(&text), vec![]);
    }
}
