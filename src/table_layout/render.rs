//! Rows written in a canonical layout: in a text document one row a line with its cells
//! TAB-separated (a one-cell row led by a TAB, as layout A writes a cell); in a Markdown
//! document GitHub pipe rows with every column padded to its widest cell by display width
//! (a CJK character is two columns), a `---` separator after each table's first row. A cell's
//! text is written exactly as it was read (trimmed): nothing in it is rewritten.

use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// How a document writes its tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Plain text: a row a line, cells TAB-separated.
    Tabs,
    /// Markdown: pipe tables aligned by display width.
    Markdown,
}

impl Layout {
    /// The layout of a file by its name: Markdown for `.md`/`.markdown`, TABs for other text;
    /// `None` for HTML pages, word-processor files and PDFs, which are not formatted (their
    /// tables are not text the user edits).
    pub fn for_name(name: &str) -> Option<Layout> {
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "md" | "markdown" => Some(Layout::Markdown),
            "html" | "htm" | "docx" | "doc" | "wps" | "pdf" => None,
            _ => Some(Layout::Tabs),
        }
    }
}

/// A row to write: its cells, whether a blank line goes before it, whether a Markdown
/// separator row goes after it, and whether it is lines of text kept as they are (short lines
/// without a TAB that the table's block took in, such as `单位：件`): then `cells` are those
/// lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row<'a> {
    pub cells: Vec<Cow<'a, str>>,
    pub blank_before: bool,
    pub sep_after: bool,
    pub verbatim: bool,
}

/// The rows written in `layout`, lines joined by `eol` (no break after the last).
pub fn render(rows: &[Row<'_>], layout: Layout, eol: &str) -> String {
    match layout {
        Layout::Tabs => tabs(rows).join(eol),
        Layout::Markdown => markdown(rows).join(eol),
    }
}

fn tabs(rows: &[Row<'_>]) -> Vec<String> {
    let mut out = Vec::with_capacity(rows.len());
    let single = |r: &Row<'_>| r.cells.len() == 1 && !r.verbatim;
    for (i, r) in rows.iter().enumerate() {
        // Two one-cell rows in a row would read as one row of layout A: a blank line ends the
        // first.
        if i > 0 && (r.blank_before || (single(r) && single(&rows[i - 1]))) {
            out.push(String::new());
        }
        if r.verbatim {
            out.extend(r.cells.iter().map(|l| l.to_string()));
        } else {
            out.push(tab_row(r));
        }
    }
    out
}

fn tab_row(r: &Row<'_>) -> String {
    match r.cells.as_slice() {
        [one] => format!("\t{one}"),
        cells => cells.join("\t"),
    }
}

fn markdown(rows: &[Row<'_>]) -> Vec<String> {
    // A row of empty cells would read as a separator row (`|  |  |`): it is left out.
    let rows: Vec<&Row<'_>> = rows.iter().filter(|r| r.cells.iter().any(|c| !c.is_empty())).collect();
    let mut out = Vec::with_capacity(rows.len() + 2);
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || rows[i].blank_before {
            if start > 0 {
                out.push(String::new());
            }
            pipe_table(&rows[start..i], &mut out);
            start = i;
        }
    }
    out
}

/// One pipe table (rows not separated by a blank line).
fn pipe_table(rows: &[&Row<'_>], out: &mut Vec<String>) {
    let ncols = rows.iter().filter(|r| !r.verbatim).map(|r| r.cells.len()).max().unwrap_or(0);
    let mut widths = vec![3; ncols];
    for r in rows.iter().filter(|r| !r.verbatim) {
        for (w, c) in widths.iter_mut().zip(&r.cells) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    let mut first = true;
    for r in rows {
        if r.verbatim {
            out.extend(r.cells.iter().map(|l| l.to_string()));
            continue;
        }
        // A pipe table's header row has as many cells as its separator row (or it is no
        // table): the first row gets empty cells up to the widest row's count.
        let n = if first { ncols } else { r.cells.len() };
        out.push(line(widths[..n].iter().enumerate().map(|(k, &w)| {
            let c = r.cells.get(k).map_or("", |c| c.as_ref());
            format!("{c}{}", " ".repeat(w.saturating_sub(c.width())))
        }).collect()));
        if std::mem::take(&mut first) || r.sep_after {
            out.push(line(widths.iter().map(|&w| "-".repeat(w)).collect()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&'static str]) -> Row<'static> {
        Row { cells: cells.iter().map(|c| Cow::Borrowed(*c)).collect(), blank_before: false, sep_after: false, verbatim: false }
    }

    #[test]
    fn tab_rows() {
        let rows = vec![row(&["第二十条第（一）项"]), row(&["信息内容", "本年制发件数"]), row(&["0", "1"]), row(&["A"]), row(&["B"])];
        assert_eq!(render(&rows, Layout::Tabs, "\n"), "\t第二十条第（一）项\n信息内容\t本年制发件数\n0\t1\n\tA\n\n\tB");
    }

    #[test]
    fn markdown_columns_align_by_display_width() {
        let rows = vec![row(&["信息内容", "本年制发件数"]), row(&["规章", "１２"]), row(&["规范性文件", "0"])];
        let got = render(&rows, Layout::Markdown, "\n");
        assert_eq!(got, "| 信息内容   | 本年制发件数 |\n| ---------- | ------------ |\n| 规章       | １２         |\n| 规范性文件 | 0            |");
        let widths: Vec<usize> = got.lines().map(UnicodeWidthStr::width).collect();
        assert!(widths.iter().all(|&w| w == widths[0]), "{widths:?}");
    }

    #[test]
    fn layouts_by_name() {
        assert_eq!(Layout::for_name("a/2024.MD"), Some(Layout::Markdown));
        assert_eq!(Layout::for_name("2024.markdown"), Some(Layout::Markdown));
        assert_eq!(Layout::for_name("2024.txt"), Some(Layout::Tabs));
        assert_eq!(Layout::for_name("2024.docx"), None);
        assert_eq!(Layout::for_name("file:///r/2024.html"), None);
    }
}
