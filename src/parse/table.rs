//! Table blocks: turn a block's lines into rows of cells, recognise each row by its label
//! (never by position), and read its values with their exact spans. Works for layout A (one
//! cell per TAB-led line, blank line ends a row), layout B (TAB-separated rows, header repeated
//! after page breaks, misaligned rows), pipe tables, and the space-padded and one-cell-a-line
//! shapes the recogniser marks (where a row with fewer values than columns is kept without
//! cells and listed as unreadable, never guessed at). Every cell is parsed once into
//! one vector of the block; rows of tables 2, 3 and 4 name runs of it. Positions are relative to
//! the block (line index, byte range in the line) so an unchanged block can be reused anywhere.

use super::labels::{lookup_text, Match, Norm, Target};
use super::Line;
use std::borrow::Cow;
use crate::template::{ITEM_NUMERALS, MARKERS_2019, MARKERS_2021, T3_TOT};
use crate::text::lines::{each_cell, each_spaced_cell, LineKind};
use crate::text::{norm_label, parse_cell_of, parse_trimmed_cell, trim_bounds, CellValue};

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

/// A span inside a block: line index relative to the block, byte range inside that line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RelSpan {
    pub line: u32,
    pub start: u32,
    pub end: u32,
}

/// One cell of a block: where it is and what it holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RelCell {
    pub at: RelSpan,
    pub value: CellValue,
}

/// Cells `start..end` of [`TableParse::cells`] (see [`TableParse::run`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CellRun {
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct T2RowFrag {
    pub label: &'static str,
    pub at: RelSpan,
    /// The row's value cells, in column order.
    pub cells: CellRun,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct T2Frag {
    pub item: u8,
    pub caption: RelSpan,
    /// Normalised column headers (the template's own text borrowed).
    pub columns: Vec<(Cow<'static, str>, RelSpan)>,
    pub rows: Vec<T2RowFrag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct T3RowFrag {
    pub key: &'static str,
    pub at: RelSpan,
    /// 自然人 … 总计 in column order; a row with fewer cells than columns lacks the last ones.
    pub cells: CellRun,
}

/// What a table block holds. A block may hold rows of several tables when a heading is
/// missing between them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TableParse {
    /// Every cell of the block, in reading order; the fragments name runs of it.
    pub cells: Vec<RelCell>,
    pub t2: Vec<T2Frag>,
    pub t3: Vec<T3RowFrag>,
    pub t3_header: bool,
    /// Table 4's 15 cells in order (fewer when the row is short).
    pub t4: Option<CellRun>,
    pub t4_header: bool,
    pub label_issues: Vec<(RelSpan, String, &'static str)>,
    pub markers_2019: Vec<RelSpan>,
    pub markers_2021: Vec<RelSpan>,
    /// Rows whose cells cannot be given their columns without guessing: (table, where) — a
    /// row of a space-padded or one-cell-per-line table with fewer values than columns (blank
    /// cells vanish in those shapes). Such a row is kept without cells.
    pub unreadable: Vec<(u8, RelSpan)>,
}

impl TableParse {
    /// The cells of a run (empty for a run this parse did not make).
    pub fn run(&self, r: CellRun) -> &[RelCell] {
        self.cells.get(r.start as usize..r.end as usize).unwrap_or_default()
    }

    /// Start a table-2 block (a 第二十条 item); its index in `t2`.
    fn open_t2(&mut self, item: u8, caption: RelSpan, columns: Vec<(Cow<'static, str>, RelSpan)>) -> usize {
        if self.t2.is_empty() {
            // A report has 4 to 8 of them.
            self.t2.reserve(8);
        }
        self.t2.push(T2Frag { item, caption, columns, rows: Vec::new() });
        self.t2.len() - 1
    }
}

/// A run of `cells` from index `start` to `end` (both relative to the row starting at `row`).
fn run(row: usize, start: usize, end: usize) -> CellRun {
    CellRun { start: (row + start) as u32, end: (row + end) as u32 }
}

/// The rows of a block's cells (which [`rows`] puts in one vector), and the text of cells that
/// continue on later lines.
struct Grid {
    /// The rows as ranges of the cells, with their [`RowShape`].
    rows: Vec<(usize, usize, RowShape)>,
    /// The whole text of each cell continued on later lines (labels split over lines), by
    /// ascending cell index.
    joined: Vec<(usize, String)>,
}

/// How a row was written, which tells how far its cells' order can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RowShape {
    /// One line is the row (TAB-separated, pipes, space-padded), as opposed to a cell a line.
    multi: bool,
    /// Its blank cells may have vanished (space-padded, or one cell a line without TABs): a
    /// row with fewer values than columns cannot be read.
    lossy: bool,
}

/// The text of a span of a block's lines.
fn span_text<'a>(lines: &[Line<'a>], at: RelSpan) -> &'a str {
    lines.get(at.line as usize).and_then(|l| l.text.get(at.start as usize..at.end as usize)).unwrap_or("")
}

impl Grid {
    /// The text of cell `i` (trimmed; with its continuation lines when it has some).
    fn text<'s>(&'s self, lines: &[Line<'s>], cells: &[RelCell], i: usize) -> &'s str {
        if !self.joined.is_empty() {
            if let Ok(k) = self.joined.binary_search_by_key(&i, |j| j.0) {
                return &self.joined[k].1;
            }
        }
        cells.get(i).map_or("", |c| span_text(lines, c.at))
    }

    /// Append `more` to the text of cell `k` (the last one) and parse the whole again.
    fn join(&mut self, lines: &[Line<'_>], cells: &mut [RelCell], k: usize, more: &str) {
        let Some(cell) = cells.get_mut(k) else { return };
        if !matches!(self.joined.last(), Some((j, _)) if *j == k) {
            self.joined.push((k, span_text(lines, cell.at).to_string()));
        }
        if let Some((_, text)) = self.joined.last_mut() {
            text.push_str(more);
            cell.value = parse_trimmed_cell(text);
        }
    }
}

/// Parse the cell at `r` of line `line` (whose text is `text`) onto `cells`.
#[inline(always)]
fn push_cell(cells: &mut Vec<RelCell>, line: u32, text: &str, r: std::ops::Range<usize>) {
    let at = RelSpan { line, start: r.start as u32, end: r.end as u32 };
    let value = parse_cell_of(text, r);
    cells.push(RelCell { at, value });
}

/// Rows of cells: a layout-B, pipe or space-padded line is a row; layout-A cell lines (TAB-led,
/// or `Lone` lines without TAB) up to a blank line are a row; a short TAB-less line continues
/// the previous cell's text (labels split over lines) or, after a blank line, starts the next
/// row (a group label split by a blank line). The cells, parsed, go to `cells`.
fn rows(lines: &[Line<'_>], kinds: &[LineKind], cells: &mut Vec<RelCell>) -> Grid {
    let mut out = Grid { rows: Vec::with_capacity(lines.len() / 4 + 1), joined: Vec::new() };
    // The pending layout-A row is `cells[pending..]`; `lone` when a line of it had no TAB.
    let mut pending = 0usize;
    let mut lone = false;
    let mut after_blank = false;
    let stacked = |lone: bool| RowShape { multi: false, lossy: lone };
    for (i, (line, kind)) in lines.iter().zip(kinds).enumerate() {
        let i = i as u32;
        match kind {
            LineKind::Cells | LineKind::Spaced => {
                let text = line.text;
                let start = cells.len();
                // A space-padded row may have lost its blank cells (see `RowShape::lossy`).
                let spaced = *kind == LineKind::Spaced;
                // Inlined: a call per cell would cost as much as parsing a number.
                let single = if spaced {
                    each_spaced_cell(text, #[inline(always)] |r| push_cell(cells, i, text, r));
                    false
                } else {
                    each_cell(text, #[inline(always)] |r| push_cell(cells, i, text, r))
                };
                if !single {
                    // A TAB-separated, pipe or space-padded line is a row of its own. Expect
                    // as many cells on each line left (growing the vectors would copy them).
                    cells.reserve(((cells.len() - start) * (lines.len() - i as usize)).min(4096));
                    out.rows.reserve(lines.len() - i as usize + 1);
                    if pending < start {
                        out.rows.push((pending, start, stacked(lone)));
                    }
                    out.rows.push((start, cells.len(), RowShape { multi: true, lossy: spaced }));
                    pending = cells.len();
                    lone = false;
                }
                after_blank = false;
            }
            LineKind::Lone => {
                let (a, b) = trim_bounds(line.text);
                push_cell(cells, i, line.text, a..b);
                lone = true;
                after_blank = false;
            }
            LineKind::Short | LineKind::Text => {
                let (a, b) = trim_bounds(line.text);
                let t = &line.text[a..b];
                if !after_blank && pending < cells.len() {
                    let last = cells.len() - 1;
                    out.join(lines, cells, last, t);
                } else {
                    cells.push(RelCell { at: RelSpan { line: i, start: a as u32, end: b as u32 }, value: parse_trimmed_cell(t) });
                }
                after_blank = false;
            }
            _ => {
                if pending < cells.len() {
                    out.rows.push((pending, cells.len(), stacked(lone)));
                }
                pending = cells.len();
                lone = false;
                after_blank = true;
            }
        }
    }
    if pending < cells.len() {
        out.rows.push((pending, cells.len(), stacked(lone)));
    }
    out
}

/// One row of a table block as [`parse`] groups its cells, for writing it back in another
/// layout (`table_layout`): each cell's trimmed text (a cell continued on later lines joined,
/// as it is looked up), the block line it starts on, and whether the whole row is that line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockRow<'a> {
    pub cells: Vec<Cow<'a, str>>,
    pub line: u32,
    pub one_line: bool,
}

/// The rows of a table block (`kinds` as [`parse`] takes them), grouped exactly as [`parse`]
/// groups them.
pub fn block_rows<'a>(lines: &[Line<'a>], kinds: &[LineKind]) -> Vec<BlockRow<'a>> {
    let mut cells = Vec::with_capacity(lines.len() + 8);
    let grid = rows(lines, kinds, &mut cells);
    let joined = |i: usize| grid.joined.binary_search_by_key(&i, |j| j.0).ok();
    grid.rows
        .iter()
        .map(|&(a, b, _)| {
            let line = cells[a].at.line;
            let texts = (a..b).map(|i| joined(i).map_or_else(|| Cow::Borrowed(span_text(lines, cells[i].at)), |k| Cow::Owned(grid.joined[k].1.clone()))).collect();
            let one_line = (a..b).all(|i| cells[i].at.line == line && joined(i).is_none());
            BlockRow { cells: texts, line, one_line }
        })
        .collect()
}

/// A value cell (a number, '/', '—'), as opposed to label text or an empty cell.
fn is_value(v: &CellValue) -> bool {
    !matches!(v, CellValue::Invalid | CellValue::Blank)
}

/// Where the `n` value cells after a label start in `rest` (the cells after it): they are
/// `rest[from..from + n]`, as far as `rest` reaches. `multi` rows come from one TAB-separated
/// line and may carry empty cells for merged columns; `np_col` is the column of 自然人 in the
/// last table-3 header, used when blanks make the row ambiguous.
fn align(rest: &[RelCell], n: usize, multi: bool, label_col: usize, np_col: Option<usize>) -> usize {
    if !multi {
        return 0;
    }
    let filled = |c: &RelCell| !matches!(c.value, CellValue::Blank);
    let (Some(first), Some(last)) = (rest.iter().position(filled), rest.iter().rposition(filled)) else {
        return 0;
    };
    let len = last + 1;
    if len - first == n {
        return first;
    }
    if len - first > n {
        return len - n;
    }
    if let Some(c) = np_col {
        if c > label_col {
            let from = c - label_col - 1;
            if from <= first && from + n >= len {
                return from;
            }
        }
    }
    first
}

/// The template markers, normalised once.
fn markers() -> &'static (Vec<String>, Vec<String>) {
    static M: std::sync::OnceLock<(Vec<String>, Vec<String>)> = std::sync::OnceLock::new();
    M.get_or_init(|| (MARKERS_2019.iter().map(|m| norm_label(m)).collect(), MARKERS_2021.iter().map(|m| norm_label(m)).collect()))
}

/// Item number of a `第二十条第（X）项` caption.
pub(super) fn caption_item(norm: &str) -> Option<u8> {
    let rest = norm.strip_prefix("第二十条第(")?;
    let c = rest.chars().next()?;
    let n = ITEM_NUMERALS.iter().position(|&d| d == c)? as u8 + 1;
    rest[c.len_utf8()..].starts_with(")项").then_some(n)
}

/// Parse one table block; `kinds` are its lines' kinds (`classify`).
pub fn parse(lines: &[Line<'_>], kinds: &[LineKind]) -> TableParse {
    let mut out = TableParse::default();
    let mut np_col: Option<usize> = None;
    let mut t2_cur: Option<usize> = None;
    // (column, normalised text, what it names) of the current row's text cells.
    let mut labels: Vec<(usize, Norm, Option<Match>)> = Vec::with_capacity(8);
    // A layout-A line holds a cell at most; TAB-separated lines make room for more as they come
    // (see `rows`): the vector is not grown cell by cell (each growth copies it) nor kept much
    // larger than needed (a cached parse keeps it).
    let mut cells = Vec::with_capacity(lines.len() + 8);
    let grid = rows(lines, kinds, &mut cells);
    for &(a, b, RowShape { multi, lossy }) in &grid.rows {
        let row = &cells[a..b];
        // Only text cells can be labels: numbers are never normalised or looked up. Most labels
        // are written exactly as the template does: those skip normalisation.
        labels.clear();
        // What the row's text cells say, noted on the way: a 第二十条 caption, the header
        // cells of tables 2, 3 and 4.
        let (mut caption, mut t2_header, mut t3_header, mut t4_header) = (None, None, false, false);
        for (i, c) in row.iter().enumerate() {
            if !matches!(c.value, CellValue::Invalid) {
                continue;
            }
            let (n, m) = lookup_text(grid.text(lines, &cells, a + i));
            if n.is_empty() {
                continue;
            }
            caption = caption.or_else(|| caption_item(&n).map(|item| (i, item)));
            match m.map(|m| m.target) {
                Some(Target::T2Header) => t2_header = t2_header.or(Some(i)),
                Some(Target::T3Header) => t3_header = true,
                Some(Target::T4Header) => t4_header = true,
                _ => {}
            }
            labels.push((i, n, m));
        }
        // 第二十条 caption.
        if let Some((i, item)) = caption {
            t2_cur = Some(out.open_t2(item, row[i].at, Vec::new()));
            continue;
        }
        // Table-2 header row: 信息内容 then the column headers.
        if let Some(i) = t2_header {
            let cols: Vec<(Cow<'static, str>, RelSpan)> = labels.iter().filter(|l| l.0 > i).map(|(j, n, _)| (n.to_cow(), row[*j].at)).collect();
            if out.markers_2019.is_empty() && out.markers_2021.is_empty() {
                // A header row holds up to 5 markers and a report has 5 to 8 of them.
                out.markers_2019.reserve(16);
                out.markers_2021.reserve(16);
            }
            for (n, at) in &cols {
                let (m19, m21) = markers();
                if m19.iter().any(|m| m == n) {
                    out.markers_2019.push(*at);
                }
                if m21.iter().any(|m| m == n) {
                    out.markers_2021.push(*at);
                }
            }
            match t2_cur {
                Some(k) if out.t2[k].columns.is_empty() => out.t2[k].columns = cols,
                _ => t2_cur = Some(out.open_t2(0, row[i].at, cols)),
            }
            continue;
        }
        // Header rows of tables 3 and 4.
        if t3_header {
            out.t3_header = true;
            if multi {
                if let Some(l) = labels.iter().find(|l| &*l.1 == "自然人") {
                    np_col = Some(l.0);
                } else if let Some(l) = labels.iter().find(|l| &*l.1 == "商业企业") {
                    np_col = Some(l.0.saturating_sub(1));
                }
            }
            continue;
        }
        if t4_header {
            out.t4_header = true;
            continue;
        }
        // Data row: the label is the last recognised label before the first number.
        let first_num = row.iter().position(|c| is_value(&c.value)).unwrap_or(row.len());
        let label = labels.iter().rev().filter(|l| l.0 < first_num).find_map(|l| l.2.map(|m| (l.0, m)));
        match label {
            Some((i, m)) => {
                let target = match m.target {
                    // 2021 reports that print （六）其他处理 as a single row.
                    Target::T3Group("（六）其他处理") if first_num < row.len() => Target::T3Row("other"),
                    t => t,
                };
                if let Some(canonical) = m.canonical {
                    out.label_issues.push((row[i].at, grid.text(lines, &cells, a + i).to_string(), canonical));
                }
                match target {
                    Target::T3Row(key) => {
                        let from = (i + 1 + align(&row[i + 1..], T3_TOT + 1, multi, i, np_col)).min(row.len());
                        if out.t3.is_empty() {
                            out.t3.reserve(crate::template::T3_ROWS.len());
                        }
                        let mut cells = run(a, from, (from + T3_TOT + 1).min(row.len()));
                        if lossy && row.len() - from < T3_TOT + 1 {
                            out.unreadable.push((3, row[i].at));
                            cells = run(a, from, from);
                        }
                        out.t3.push(T3RowFrag { key, at: row[i].at, cells });
                    }
                    Target::T2Row(label) => {
                        let k = match t2_cur {
                            Some(k) => k,
                            None => out.open_t2(0, row[i].at, Vec::new()),
                        };
                        t2_cur = Some(k);
                        let ncols = out.t2[k].columns.len();
                        let rest = &row[i + 1..];
                        let n = if ncols > 0 { ncols } else { rest.iter().rposition(|c| !matches!(c.value, CellValue::Blank)).map_or(0, |p| p + 1) };
                        let mut cells = run(a + i + 1, 0, n.min(rest.len()));
                        if lossy && rest.len() < n {
                            out.unreadable.push((2, row[i].at));
                            cells = run(a + i + 1, 0, 0);
                        }
                        out.t2[k].rows.push(T2RowFrag { label, at: row[i].at, cells });
                    }
                    _ => {}
                }
            }
            None if out.t4_header && out.t4.is_none() && first_num < row.len() => {
                let numeric = row.iter().filter(|c| is_value(&c.value)).count();
                if numeric >= 5 && lossy && numeric < 15 {
                    out.unreadable.push((4, row[first_num].at));
                } else if numeric >= 5 {
                    let len = row.iter().rposition(|c| !matches!(c.value, CellValue::Blank)).map_or(0, |p| p + 1);
                    let from = len.saturating_sub(15);
                    out.t4 = Some(run(a, from, (from + 15).min(row.len())));
                }
            }
            // A table 4 not filled in yet (as `nianbao new` writes it): its fifteen cells, all
            // empty, on a row of their own after its header.
            None if out.t4_header && out.t4.is_none() && !lossy && row.len() == 15 && row.iter().all(|c| matches!(c.value, CellValue::Blank)) => {
                out.t4 = Some(run(a, 0, 15));
            }
            None => {}
        }
    }
    out.cells = cells;
    out
}

