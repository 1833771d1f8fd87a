//! Tables of HTML pages and DOCX packages as rows of the checker's layout B: merged cells
//! (`rowspan`/`colspan`, `w:vMerge`/`w:gridSpan`) are expanded onto the grid they cover, so every
//! row has every column. A merged *label* is repeated in each cell it covers (the checker finds
//! rows by their labels); a merged *value* is written once, at its first cell, and the cells it
//! covers stay empty. Each row becomes one line, cells joined by TAB, with its source pieces.

use super::sourcemap::Mapped;
use std::ops::Range;

/// Limits on spans, so a hostile `rowspan="100000000"` cannot allocate a huge grid.
const MAX_COLSPAN: usize = 64;
const MAX_ROWSPAN: usize = 512;

/// One cell as read from the source.
#[derive(Clone, Debug, Default)]
pub struct InCell {
    pub content: Mapped,
    pub rowspan: usize,
    pub colspan: usize,
}

/// A row of a rendered table: its line in the rendering and each cell's range and text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowInfo {
    pub line: Range<usize>,
    pub cells: Vec<(Range<usize>, String)>,
    /// For each cell, the input cell written there first (row-major index over the input),
    /// `None` where a merged cell is only repeated or left empty.
    pub origin: Vec<Option<usize>>,
}

/// A rendered table (for locations: 表 · row label · column label).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableInfo {
    /// 1-based index of the table in the document.
    pub index: usize,
    pub rows: Vec<RowInfo>,
}

/// Text that names something rather than counts it: repeated when merged.
pub fn is_label(text: &str) -> bool {
    text.chars().any(|c| !(c.is_ascii_digit() || c.is_whitespace() || ".,-+%/，、—－".contains(c)))
}

#[derive(Clone, Copy)]
enum Slot {
    Free,
    Origin(usize),
    /// Covered by a merged cell (the index of its origin).
    Covered(usize),
}

/// Lay the cells out on a grid: each cell takes the first free column of its row and marks the
/// slots its spans cover.
fn layout(rows: &[Vec<InCell>]) -> (Vec<Vec<Slot>>, Vec<&InCell>) {
    let mut grid: Vec<Vec<Slot>> = vec![Vec::new(); rows.len()];
    let mut cells = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        for cell in row {
            while matches!(grid[r].get(col), Some(Slot::Origin(_) | Slot::Covered(_))) {
                col += 1;
            }
            let id = cells.len();
            cells.push(cell);
            let rs = cell.rowspan.clamp(1, MAX_ROWSPAN).min(rows.len() - r);
            let cs = cell.colspan.clamp(1, MAX_COLSPAN);
            for (dr, line) in grid[r..r + rs].iter_mut().enumerate() {
                if line.len() < col + cs {
                    line.resize(col + cs, Slot::Free);
                }
                for (dc, slot) in line[col..col + cs].iter_mut().enumerate() {
                    if matches!(slot, Slot::Free) {
                        *slot = if dr == 0 && dc == 0 { Slot::Origin(id) } else { Slot::Covered(id) };
                    }
                }
            }
            col += cs;
        }
    }
    (grid, cells)
}

/// Render the rows of one table into `out`, one line each (ending in `\n`). Returns each row's
/// line and cells.
pub fn render(rows: &[Vec<InCell>], out: &mut Mapped) -> Vec<RowInfo> {
    let (grid, cells) = layout(rows);
    let mut infos = Vec::with_capacity(grid.len());
    for line in grid {
        let end = line.iter().rposition(|s| !matches!(s, Slot::Free)).map_or(0, |i| i + 1);
        if end == 0 {
            continue;
        }
        let start = out.text.len();
        let mut info = RowInfo::default();
        for (i, slot) in line[..end].iter().enumerate() {
            if i > 0 {
                out.push_synthetic("\t");
            }
            let at = out.text.len();
            match *slot {
                Slot::Origin(id) => {
                    info.origin.push(Some(id));
                    let c = &cells[id].content;
                    out.append(c, true);
                    if c.text.is_empty() {
                        if let Some(a) = c.anchor {
                            out.push_anchor(a);
                        }
                    }
                }
                Slot::Covered(id) if is_label(&cells[id].content.text) => {
                    info.origin.push(None);
                    out.append(&cells[id].content, false)
                }
                _ => info.origin.push(None),
            }
            info.cells.push((at..out.text.len(), out.text[at..].to_string()));
        }
        info.line = start..out.text.len();
        out.push_synthetic("\n");
        infos.push(info);
    }
    infos
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, src: usize, rowspan: usize, colspan: usize) -> InCell {
        let mut content = Mapped::default();
        if text.is_empty() {
            content.anchor = Some(src);
        } else {
            content.push_linear(text, src);
        }
        InCell { content, rowspan, colspan }
    }

    #[test]
    fn expands_rowspan_and_colspan() {
        // | 三、结果 (rowspan 2) | （一）公开 | 5 |
        // |                      | （二）部分 (colspan 2)  |
        // | 总计 | (blank) | 9 (rowspan 2: a merged value) |
        // | 四、结转 | 1 |
        let rows = vec![
            vec![cell("三、结果", 0, 2, 1), cell("（一）公开", 100, 1, 1), cell("5", 200, 1, 1)],
            vec![cell("（二）部分", 300, 1, 2)],
            vec![cell("总计", 400, 1, 1), cell("", 500, 1, 1), cell("9", 600, 2, 1)],
            vec![cell("四、结转", 700, 1, 1), cell("1", 800, 1, 1)],
        ];
        let mut out = Mapped::default();
        let infos = render(&rows, &mut out);
        assert_eq!(out.text, "三、结果\t（一）公开\t5\n三、结果\t（二）部分\t（二）部分\n总计\t\t9\n四、结转\t1\t\n");
        assert_eq!(infos.len(), 4);
        assert_eq!(infos[1].cells[0].1, "三、结果");
        // The repeated label maps back to its one source cell, atomically.
        let rep = out.pieces.iter().find(|p| p.out.start == infos[1].line.start).unwrap();
        assert_eq!((rep.src.start, rep.linear), (0, false));
        // The blank cell has an anchor at its source place; the merged value is not repeated.
        let blank = infos[2].cells[1].0.start;
        assert!(out.pieces.iter().any(|p| p.out == (blank..blank) && p.src == (500..500)));
        assert_eq!(infos[3].cells[2].1, "");
        assert_eq!(infos[1].origin, [None, Some(3), None]);
    }

    #[test]
    fn hostile_spans_are_bounded() {
        let rows = vec![vec![cell("a", 0, 1_000_000, 1_000_000)], vec![cell("b", 1, 1, 1)]];
        let mut out = Mapped::default();
        render(&rows, &mut out);
        assert!(out.text.len() < 1000);
    }

    #[test]
    fn labels_and_values() {
        assert!(is_label("（一）予以公开"));
        assert!(!is_label("1,234"));
        assert!(!is_label("/"));
        assert!(!is_label(""));
    }
}
