//! The table parser as it was before cells were parsed once into one vector (each row's
//! values parsed into a buffer, fragments holding copies of their cells): kept only so tests can
//! check that [`super::parse`] reads every block the same way.

use super::{RelCell, RelSpan};
use crate::parse::labels::{lookup_text, Norm, Target};
use crate::parse::Line;
use crate::template::{MARKERS_2019, MARKERS_2021, T3_TOT};
use crate::text::lines::{each_cell, LineKind};
use crate::text::{norm_label, parse_trimmed_cell, CellValue};
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct T2RowFrag {
    pub label: &'static str,
    pub at: RelSpan,
    pub cells: Vec<RelCell>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct T2Frag {
    pub item: u8,
    pub caption: RelSpan,
    pub columns: Vec<(String, RelSpan)>,
    pub rows: Vec<T2RowFrag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct T3RowFrag {
    pub key: &'static str,
    pub at: RelSpan,
    pub cells: [Option<RelCell>; 7],
}

/// What a table block holds. A block may hold rows of several tables when a heading is
/// missing between them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OldTableParse {
    pub t2: Vec<T2Frag>,
    pub t3: Vec<T3RowFrag>,
    pub t3_header: bool,
    pub t4: Option<Box<[Option<RelCell>; 15]>>,
    pub t4_header: bool,
    pub label_issues: Vec<(RelSpan, String, &'static str)>,
    pub markers_2019: Vec<RelSpan>,
    pub markers_2021: Vec<RelSpan>,
}

#[derive(Clone, Debug)]
struct RawCell<'a> {
    at: RelSpan,
    text: std::borrow::Cow<'a, str>,
}

/// All cells of a block in one vector, and the rows as ranges of it (start, end, is one
/// TAB-separated/Markdown line).
struct Rows<'a> {
    cells: Vec<RawCell<'a>>,
    rows: Vec<(usize, usize, bool)>,
}

/// Rows of cells: a layout-B/Markdown line is a row; layout-A cell lines up to a blank line
/// are a row; a short TAB-less line continues the previous cell's text (labels split over
/// lines) or, after a blank line, starts the next row (a group label split by a blank line).
fn rows<'a>(lines: &[Line<'a>], kinds: &[LineKind]) -> Rows<'a> {
    let mut out = Rows { cells: Vec::with_capacity(lines.len() + lines.len() / 2), rows: Vec::with_capacity(lines.len() / 4 + 1) };
    // The pending layout-A row is `out.cells[pending..]`.
    let mut pending = 0usize;
    let mut after_blank = false;
    let flush = |out: &mut Rows<'a>, pending: &mut usize| {
        if *pending < out.cells.len() {
            out.rows.push((*pending, out.cells.len(), false));
        }
        *pending = out.cells.len();
    };
    for (i, (line, kind)) in lines.iter().zip(kinds).enumerate() {
        let i = i as u32;
        match kind {
            LineKind::Cells => {
                let text: &'a str = line.text;
                let start = out.cells.len();
                let cells = &mut out.cells;
                let single = each_cell(text, |r| cells.push(RawCell { at: RelSpan { line: i, start: r.start as u32, end: r.end as u32 }, text: Cow::Borrowed(&text[r]) }));
                if !single {
                    // A TAB-separated or Markdown line is a row of its own.
                    if pending < start {
                        out.rows.push((pending, start, false));
                    }
                    out.rows.push((start, out.cells.len(), true));
                    pending = out.cells.len();
                }
                after_blank = false;
            }
            LineKind::Short | LineKind::Text => {
                let text: &'a str = line.text;
                let t = text.trim_matches(crate::text::is_space);
                let start = text.len() - text.trim_start_matches(crate::text::is_space).len();
                let has_pending = pending < out.cells.len();
                match out.cells.last_mut() {
                    Some(last) if !after_blank && has_pending => last.text.to_mut().push_str(t),
                    _ => out.cells.push(RawCell { at: RelSpan { line: i, start: start as u32, end: (start + t.len()) as u32 }, text: Cow::Borrowed(t) }),
                }
                after_blank = false;
            }
            _ => {
                flush(&mut out, &mut pending);
                after_blank = true;
            }
        }
    }
    flush(&mut out, &mut pending);
    out
}

fn rel_cell(c: &RawCell<'_>, v: &CellValue) -> RelCell {
    RelCell { at: c.at, value: *v }
}

/// A value cell (a number, '/', '—'), as opposed to label text or an empty cell.
fn is_value(v: &CellValue) -> bool {
    !matches!(v, CellValue::Invalid | CellValue::Blank)
}

/// Where the `n` value cells after a label start in `rest` (the cells after it): they are
/// `rest[from..from + n]`, as far as `rest` reaches. `multi` rows come from one TAB-separated
/// line and may carry empty cells for merged columns; `np_col` is the column of 自然人 in the
/// last table-3 header, used when blanks make the row ambiguous.
fn align(rest: &[CellValue], n: usize, multi: bool, label_col: usize, np_col: Option<usize>) -> usize {
    if !multi {
        return 0;
    }
    let filled = |v: &CellValue| !matches!(v, CellValue::Blank);
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
fn caption_item(norm: &str) -> Option<u8> {
    let rest = norm.strip_prefix("第二十条第(")?;
    let c = rest.chars().next()?;
    let n = "一二三四五六七八九十".chars().position(|d| d == c)? as u8 + 1;
    rest[c.len_utf8()..].starts_with(")项").then_some(n)
}

/// The old [`super::parse`].
pub fn parse(lines: &[Line<'_>], kinds: &[LineKind]) -> OldTableParse {
    let mut out = OldTableParse::default();
    let mut np_col: Option<usize> = None;
    let mut t2_cur: Option<usize> = None;
    // Buffers reused from row to row.
    let mut values: Vec<CellValue> = Vec::with_capacity(16);
    let mut labels: Vec<(usize, Norm, Option<crate::parse::labels::Match>)> = Vec::with_capacity(8);
    let all = rows(lines, kinds);
    for &(a, b, multi) in &all.rows {
        let row = &all.cells[a..b];
        values.clear();
        values.extend(row.iter().map(|c| parse_trimmed_cell(&c.text)));
        // Only text cells can be labels: numbers are never normalised or looked up. Most labels
        // are written exactly as the template does: those skip normalisation. `labels` holds
        // (column, normalised text, what it names) of the row's text cells.
        labels.clear();
        // What the row's text cells say, noted on the way: a 第二十条 caption, the header
        // cells of tables 2, 3 and 4.
        let (mut caption, mut t2_header, mut t3_header, mut t4_header) = (None, None, false, false);
        for (i, (c, v)) in row.iter().zip(&values).enumerate() {
            if !matches!(v, CellValue::Invalid) {
                continue;
            }
            let (n, m) = lookup_text(&c.text);
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
            out.t2.push(T2Frag { item, caption: row[i].at, columns: Vec::new(), rows: Vec::new() });
            t2_cur = Some(out.t2.len() - 1);
            continue;
        }
        // Table-2 header row: 信息内容 then the column headers.
        if let Some(i) = t2_header {
            let cols: Vec<(String, RelSpan)> = labels.iter().filter(|l| l.0 > i).map(|(j, n, _)| (n.to_string(), row[*j].at)).collect();
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
                _ => {
                    out.t2.push(T2Frag { item: 0, caption: row[i].at, columns: cols, rows: Vec::new() });
                    t2_cur = Some(out.t2.len() - 1);
                }
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
        let first_num = values.iter().position(is_value).unwrap_or(row.len());
        let label = labels.iter().rev().filter(|l| l.0 < first_num).find_map(|l| l.2.map(|m| (l.0, m)));
        match label {
            Some((i, m)) => {
                let target = match m.target {
                    // 2021 reports that print （六）其他处理 as a single row.
                    Target::T3Group("（六）其他处理") if first_num < row.len() => Target::T3Row("other"),
                    t => t,
                };
                if let Some(canonical) = m.canonical {
                    out.label_issues.push((row[i].at, row[i].text.to_string(), canonical));
                }
                match target {
                    Target::T3Row(key) => {
                        let from = i + 1 + align(&values[i + 1..], 7, multi, i, np_col);
                        let mut cells: [Option<RelCell>; 7] = Default::default();
                        for (k, cell) in cells.iter_mut().enumerate().take(T3_TOT + 1) {
                            *cell = row.get(from + k).map(|c| rel_cell(c, &values[from + k]));
                        }
                        if out.t3.is_empty() {
                            out.t3.reserve(crate::template::T3_ROWS.len());
                        }
                        out.t3.push(T3RowFrag { key, at: row[i].at, cells });
                    }
                    Target::T2Row(label) => {
                        let k = match t2_cur {
                            Some(k) => k,
                            None => {
                                out.t2.push(T2Frag { item: 0, caption: row[i].at, columns: Vec::new(), rows: Vec::new() });
                                out.t2.len() - 1
                            }
                        };
                        t2_cur = Some(k);
                        let ncols = out.t2[k].columns.len();
                        let rest = &row[i + 1..];
                        let rvals = &values[i + 1..];
                        let n = if ncols > 0 { ncols } else { rvals.iter().rposition(|v| !matches!(v, CellValue::Blank)).map_or(0, |p| p + 1) };
                        let cells = (0..n.min(rest.len())).map(|j| rel_cell(&rest[j], &rvals[j])).collect();
                        out.t2[k].rows.push(T2RowFrag { label, at: row[i].at, cells });
                    }
                    _ => {}
                }
            }
            None if out.t4_header && out.t4.is_none() && first_num < row.len() => {
                let numeric = values.iter().filter(|v| is_value(v)).count();
                if numeric >= 5 {
                    let len = values.iter().rposition(|v| !matches!(v, CellValue::Blank)).map_or(0, |p| p + 1);
                    let from = len.saturating_sub(15);
                    let mut cells: Box<[Option<RelCell>; 15]> = Box::default();
                    for (k, c) in row[from..].iter().take(15).enumerate() {
                        cells[k] = Some(rel_cell(c, &values[from + k]));
                    }
                    out.t4 = Some(cells);
                }
            }
            None => {}
        }
    }
    out
}

