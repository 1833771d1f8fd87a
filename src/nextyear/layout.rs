//! The text layouts a table is written in, and which one a report uses: one TAB-led cell a line
//! with a blank line after each row (layout A), a TAB-separated row a line (layout B), or
//! Markdown pipe rows. Shapes that cannot hold an empty cell (cells padded with spaces, one
//! cell a line without a TAB) are written as layout B: the readers would lose the blank cells
//! a skeleton is made of.

use crate::model::Report;

/// How a report's tables are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Layout A: one TAB-led cell a line, a blank line after each row.
    CellLines,
    /// Layout B: one row a line, cells separated by TAB.
    Rows,
    /// Markdown pipe rows (`| 规章 | 0 |`), a separator row under each table's first row.
    Markdown,
}

impl Layout {
    /// The layout's name in notes: `A`, `B`, `Markdown`.
    pub fn name(self) -> &'static str {
        match self {
            Layout::CellLines => "A",
            Layout::Rows => "B",
            Layout::Markdown => "Markdown",
        }
    }
}

/// The layout of `report`'s tables in `text` (the report's own text): what most non-blank
/// lines of its tables look like. Layout B when the report has no table.
pub fn detect(text: &str, report: &Report) -> Layout {
    let (mut pipes, mut rows, mut cells) = (0usize, 0usize, 0usize);
    for (_, _, span) in &report.table_places {
        for line in text.get(span.clone()).unwrap_or("").lines() {
            let line = line.trim_end_matches('\r');
            let t = line.trim_matches(crate::text::is_space);
            if t.is_empty() && !line.starts_with('\t') {
                continue;
            }
            if t.starts_with('|') {
                pipes += 1;
            } else if line.trim_start_matches('\t').contains('\t') {
                rows += 1;
            } else if line.starts_with('\t') {
                cells += 1;
            }
        }
    }
    if pipes > rows.max(cells) {
        Layout::Markdown
    } else if cells > rows {
        Layout::CellLines
    } else {
        Layout::Rows
    }
}

/// One table row: its cells, the first `labels` of them label cells (the rest values).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<String>,
    pub labels: usize,
}

impl Row {
    /// A row of label cells only (captions, headers).
    pub fn header(cells: Vec<String>) -> Row {
        let labels = cells.len();
        Row { cells, labels }
    }
}

/// Append one table to `out` in `layout`, every line ended by `nl`. Layout B and Markdown pad
/// the rows to the table's width, so every value keeps its column; layout A leaves out the
/// empty label cells after a row's last label (a reader would take them for values) and keeps
/// every value cell.
pub fn write(layout: Layout, rows: &[Row], nl: &str, out: &mut String) {
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    for (i, row) in rows.iter().enumerate() {
        let cells = &row.cells;
        match layout {
            Layout::CellLines => {
                let labels = row.labels.min(cells.len());
                let used = cells[..labels].iter().rposition(|c| !c.is_empty()).map_or(0, |p| p + 1);
                for cell in cells[..used].iter().chain(&cells[labels..]) {
                    out.push('\t');
                    out.push_str(cell);
                    out.push_str(nl);
                }
                out.push_str(nl);
            }
            Layout::Rows => {
                out.push_str(&cells.join("\t"));
                out.push_str(&"\t".repeat(width - cells.len()));
                out.push_str(nl);
            }
            Layout::Markdown => {
                out.push('|');
                for k in 0..width {
                    match cells.get(k).map_or("", String::as_str) {
                        "" => out.push_str("  |"),
                        cell => {
                            out.push(' ');
                            out.push_str(cell);
                            out.push_str(" |");
                        }
                    }
                }
                out.push_str(nl);
                if i == 0 {
                    out.push('|');
                    out.push_str(&"---|".repeat(width));
                    out.push_str(nl);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Row> {
        vec![Row::header(vec!["信息内容".into(), "本年处理决定数量".into(), String::new()]), Row { cells: vec!["行政许可".into(), String::new(), String::new()], labels: 2 }]
    }

    #[test]
    fn each_layout_writes_empty_cells_it_can_read_back() {
        let mut a = String::new();
        write(Layout::CellLines, &rows(), "\n", &mut a);
        assert_eq!(a, "\t信息内容\n\t本年处理决定数量\n\n\t行政许可\n\t\n\n", "no empty label cell after the last label");
        let mut b = String::new();
        write(Layout::Rows, &rows(), "\r\n", &mut b);
        assert_eq!(b, "信息内容\t本年处理决定数量\t\r\n行政许可\t\t\r\n");
        let mut m = String::new();
        write(Layout::Markdown, &rows(), "\n", &mut m);
        assert_eq!(m, "| 信息内容 | 本年处理决定数量 |  |\n|---|---|---|\n| 行政许可 |  |  |\n");
    }

    #[test]
    fn the_fixtures_layouts_are_detected() {
        for (path, text) in crate::fixture_texts() {
            let a = crate::analysis::analyze_report(&text, &crate::vocab::CheckOptions::default());
            let want = if text.lines().any(|l| l.trim_start_matches('\t').contains('\t')) { Layout::Rows } else { Layout::CellLines };
            assert_eq!(detect(&text, &a.report), want, "{}", path.display());
        }
    }
}
