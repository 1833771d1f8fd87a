//! Reports in the files they really live in: published HTML pages, Word/WPS `.docx` drafts and
//! old Word 97–2003 / WPS `.doc`/`.wps` files. A format reader (`html`, `docx`, `doc`) turns the file into a plain-text *rendering* in the
//! checker's layout B (a line per paragraph or heading, a line per table row with cells joined
//! by TAB and merged cells expanded by `grid`) and a *source map* (`sourcemap`) from rendering
//! bytes back to the source. The checker runs unchanged on the rendering; this module maps its
//! findings back (HTML: to the page's text, so positions are lines and columns of the page) and
//! names their place in the report's tables (表三 · row · column) for formats without lines.

pub mod doc;
pub mod docx;
pub mod encoding;
pub mod grid;
pub mod html;
pub mod pdf;
pub mod sourcemap;

use crate::api::check_text;
use crate::finding::{Edit, Finding};
use crate::vocab::{CheckOptions, CheckResult};
use grid::{is_label, TableInfo};
use sourcemap::SourceMap;
use std::ops::Range;
use std::path::Path;

/// A cross-year finding with its spans in the texts people see: its own span (and related
/// spans in its own text) through `here`, related spans in the other file through `there` —
/// each the map of an HTML page, `None` where the checked text is the shown text.
pub fn map_across(mut f: Finding, here: Option<&SourceMap>, there: Option<&SourceMap>) -> Finding {
    if let Some(m) = here {
        f.span = m.span(&f.span);
    }
    for r in &mut f.related {
        if let Some(m) = if r.file.is_some() { there } else { here } {
            r.span = m.span(&r.span);
        }
    }
    f
}

/// What kind of file a path is, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Html,
    Docx,
    /// Word 97–2003 and WPS binary files (`.doc`, `.wps`, `.dot`, `.wpt`): read, not fixed.
    Doc,
    /// PDF with a text layer: read, not fixed.
    Pdf,
}

pub fn kind(path: &Path) -> Kind {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => Kind::Html,
        Some("docx") => Kind::Docx,
        Some("doc" | "wps" | "dot" | "wpt") => Kind::Doc,
        Some("pdf") => Kind::Pdf,
        _ => Kind::Text,
    }
}

/// The kind of a word-processor file by its content, whatever its name says: a `.wps` or `.doc`
/// that is really a `.docx` package (ZIP), a `.docx` that is really an old binary file (OLE), a
/// `.doc` that is an HTML page (as "save as web page" writes), a PDF named `.doc`. A `.pdf`
/// that is no PDF stays a PDF (and is refused as one); other kinds are kept.
pub fn sniff(kind: Kind, bytes: &[u8]) -> Kind {
    let head = &bytes[..bytes.len().min(512)];
    if matches!(kind, Kind::Docx | Kind::Doc | Kind::Pdf) && head.windows(5).any(|w| w == b"%PDF-") {
        return Kind::Pdf;
    }
    if !matches!(kind, Kind::Docx | Kind::Doc) {
        return kind;
    }
    if head.starts_with(b"PK\x03\x04") {
        return Kind::Docx;
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        // An encrypted .docx is an OLE file too; `doc::read` says it is encrypted.
        return Kind::Doc;
    }
    let text = String::from_utf8_lossy(head).trim_start_matches('\u{FEFF}').trim_start().to_ascii_lowercase();
    if ["<!doctype html", "<html", "<?xml version"].iter().any(|p| text.starts_with(p)) && text.contains("html") {
        return Kind::Html;
    }
    kind
}

/// A report file's bytes decoded into what the checker reads, without the command line: the
/// language server reads last year's report from disk with it.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text positions refer to: a text file's decoded text, an HTML page's decoded source,
    /// a `.docx` package's rendering.
    pub source: String,
    /// For HTML pages, the rendering that is checked, with its way back to `source`.
    pub rendering: Option<Rendering>,
}

impl Decoded {
    /// The text to check.
    pub fn checked(&self) -> &str {
        self.rendering.as_ref().map_or(&self.source, |r| &r.text)
    }
}

/// Decode a report file of `kind` as `check` reads it: text in UTF-8 (with or without BOM),
/// UTF-16 with a BOM or GB18030/GBK (`encoding::decode`), HTML pages by their charset and
/// rendered, `.docx` packages rendered. Errors are messages without the file's name.
pub fn decode_file(kind: Kind, bytes: &[u8]) -> Result<Decoded, String> {
    match sniff(kind, bytes) {
        Kind::Text => Ok(Decoded { source: encoding::decode(bytes)?.0, rendering: None }),
        Kind::Html => {
            let (page, _) = html::decode(bytes)?;
            let rendering = html::render(&page)?;
            Ok(Decoded { source: page, rendering: Some(rendering) })
        }
        kind => Ok(Decoded { source: render_file(kind, bytes)?.text, rendering: None }),
    }
}

/// Read a file without lines of its own (`.docx`, `.doc`/`.wps`, PDF; told apart by content
/// as `sniff` does) or an HTML page into its rendering: what `check --print-text` prints and
/// the checker reads. A text file has no rendering (an error). Errors are messages without the
/// file's name.
pub fn render_file(kind: Kind, bytes: &[u8]) -> Result<Rendering, String> {
    match sniff(kind, bytes) {
        Kind::Text => Err("纯文本文件没有渲染 / a text file has no rendering".to_string()),
        Kind::Html => html::render(&html::decode(bytes)?.0),
        Kind::Docx => Ok(docx::read(bytes)?.rendering),
        Kind::Doc => doc::read(bytes),
        Kind::Pdf => pdf::read(bytes),
    }
}

/// A report file read into the checker's text, with the way back to the source.
#[derive(Clone, Debug, Default)]
pub struct Rendering {
    pub text: String,
    pub map: SourceMap,
    pub tables: Vec<TableInfo>,
    /// Byte ranges of the paragraph lines (without their newline), in document order.
    pub paragraphs: Vec<Range<usize>>,
    /// PDF: where each page starts in the rendering (page `i + 1` at `pages[i]`).
    pub pages: Vec<usize>,
    /// PDF: tables holding glyphs without a Unicode meaning (their rows' range).
    pub unreadable: Vec<Range<usize>>,
}

/// Where a finding sits in the report, for formats without useful lines; `page` is the PDF
/// page (1-based) it is printed on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// `table` is the report's table number (2, 3, 4) when its section heading says so, else
    /// the table's index in the document (1-based).
    Cell { page: Option<usize>, table: usize, row: String, column: String },
    /// 1-based index of the paragraph.
    Paragraph { page: Option<usize>, index: usize },
}

impl Location {
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = match self {
            Location::Cell { table, row, column, .. } => serde_json::json!({"table": table, "row": row, "column": column}),
            Location::Paragraph { index, .. } => serde_json::json!({"paragraph": index}),
        };
        if let (Some(p), Some(o)) = (self.page(), v.as_object_mut()) {
            o.insert("page".into(), p.into());
        }
        v
    }

    pub fn page(&self) -> Option<usize> {
        match self {
            Location::Cell { page, .. } | Location::Paragraph { page, .. } => *page,
        }
    }

    /// The place in words: `第 3 页 · 表3 · （七）总计 · 总计`, `page 3 · paragraph 4`
    /// (control characters of the labels shown as spaces).
    pub fn describe(&self, locale: crate::finding::Locale) -> String {
        use crate::finding::Locale;
        let clean = |s: &str| -> String { s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect() };
        let page = match (self.page(), locale) {
            (Some(p), Locale::Zh) => format!("第 {p} 页 · "),
            (Some(p), Locale::En) => format!("page {p} · "),
            (None, _) => String::new(),
        };
        match (self, locale) {
            (Location::Cell { table, row, column, .. }, Locale::Zh) => format!("{page}表{table} · {} · {}", clean(row), clean(column)),
            (Location::Cell { table, row, column, .. }, Locale::En) => format!("{page}table {table} · {} · {}", clean(row), clean(column)),
            (Location::Paragraph { index, .. }, Locale::Zh) => format!("{page}第 {index} 段"),
            (Location::Paragraph { index, .. }, Locale::En) => format!("{page}paragraph {index}"),
        }
    }
}

/// The report table number a section heading line announces (二、 → 2, 三、 → 3, 四、 → 4).
fn section_table(line: &str) -> Option<usize> {
    let t = line.trim_start();
    ["二、", "三、", "四、"].iter().position(|p| t.starts_with(p)).map(|i| i + 2)
}

impl Rendering {
    /// The PDF page a rendering offset is on.
    pub fn page(&self, o: usize) -> Option<usize> {
        (!self.pages.is_empty()).then(|| self.pages.partition_point(|&s| s <= o).max(1))
    }

    /// The place of a rendering offset: a table cell (by row and column labels) or a paragraph.
    pub fn locate(&self, o: usize) -> Option<Location> {
        let page = self.page(o);
        for t in &self.tables {
            let Some(ri) = t.rows.iter().position(|r| r.line.start <= o && o <= r.line.end) else { continue };
            let row = &t.rows[ri];
            let ci = row.cells.iter().position(|(c, _)| o <= c.end).unwrap_or(row.cells.len().saturating_sub(1));
            let row_label = row.cells.iter().take(ci + 1).rev().map(|(_, s)| s).find(|s| is_label(s)).cloned().unwrap_or_default();
            let mut heads: Vec<&str> = Vec::new();
            for r in &t.rows[..ri] {
                if r.cells.iter().any(|(_, s)| !s.is_empty() && !is_label(s)) {
                    continue; // a data row, not a header
                }
                if let Some((_, s)) = r.cells.get(ci).filter(|(_, s)| is_label(s)) {
                    if heads.last() != Some(&s.as_str()) {
                        heads.push(s);
                    }
                }
            }
            let start = t.rows.first().map_or(0, |r| r.line.start);
            let number = self.paragraphs.iter().rev().filter(|p| p.end <= start).find_map(|p| section_table(&self.text[p.clone()])).unwrap_or(t.index);
            return Some(Location::Cell { page, table: number, row: row_label, column: heads.join(" · ") });
        }
        self.paragraphs.iter().position(|p| p.start <= o && o <= p.end).map(|i| Location::Paragraph { page, index: i + 1 })
    }

    /// A finding of the rendering with its spans mapped to the source; a fix survives only
    /// when its range is exactly source text (otherwise it is dropped rather than guessed).
    pub fn map_finding(&self, mut f: Finding) -> Finding {
        f.span = self.map.span(&f.span);
        for r in f.related.iter_mut().filter(|r| r.file.is_none()) {
            r.span = self.map.span(&r.span);
        }
        if let Some(e) = f.fix.take() {
            f.fix = self.map_edit(&e);
            if f.fix.is_none() {
                f.fix_kind = crate::finding::FixKind::Other;
            }
        }
        f
    }

    /// An edit of the rendering as an edit of the source, when it maps exactly.
    pub fn map_edit(&self, e: &Edit) -> Option<Edit> {
        let range = self.map.exact(&e.range)?;
        Some(Edit { range, new_text: escape_html(&e.new_text) })
    }

    /// Check the rendering; findings keep rendering positions.
    pub fn check(&self, opts: &CheckOptions) -> CheckResult {
        let mut r = check_text(&self.text, opts);
        self.unreadable_tables(&mut r.findings, opts);
        r
    }

    /// `check`, keeping what `keep` takes of each report's model, with the report's offset in
    /// the rendering (for cross-year checks; see `api::check_text_keeping`).
    pub fn check_keeping<M: Send>(&self, opts: &CheckOptions, keep: impl Fn(crate::model::Report, &[crate::finding::Finding]) -> Option<M> + Sync) -> (CheckResult, Vec<(usize, M)>) {
        let (mut r, kept) = crate::api::check_text_keeping(&self.text, opts, keep);
        self.unreadable_tables(&mut r.findings, opts);
        (r, kept)
    }

    /// Tables a PDF's glyphs could not all be read in: what was found in them (or points into
    /// them) is dropped, since their numbers are not what the file shows, and each is said to
    /// be unreadable (`table_unreadable`) instead. `check` does it; a caller that checks the
    /// rendering by other means (the browser page's incremental document) calls it itself.
    pub fn unreadable_tables(&self, findings: &mut Vec<Finding>, opts: &CheckOptions) {
        if self.unreadable.is_empty() {
            return;
        }
        let hit = |r: &Range<usize>| self.unreadable.iter().any(|u| u.start <= r.start && r.start <= u.end);
        findings.retain(|f| !hit(&f.span) && !f.related.iter().any(|r| r.file.is_none() && hit(&r.span)));
        if opts.disabled_rules.contains("table_unreadable") {
            return;
        }
        for u in &self.unreadable {
            let n = match self.locate(u.start) {
                Some(Location::Cell { table, .. }) => table,
                _ => 0,
            };
            let msg = crate::finding::Msg::new(
                format!("表{n}中有 PDF 字体未给出文字的字形（无 Unicode 映射），无法读取，表{n}未核对"),
                format!("Table {n} holds glyphs whose PDF font gives no text (no Unicode mapping); table {n} is not checked"),
            );
            findings.push(Finding::new("table_unreadable", crate::finding::Severity::Warning, u.start..u.start, msg));
        }
        findings.sort_by_key(|f| f.span.start);
    }
}

/// A block of a document, for `assemble`.
pub(crate) enum Part<'a> {
    Para(&'a sourcemap::Mapped),
    Table(&'a [Vec<grid::InCell>]),
}

/// Blocks as one rendering: a line per paragraph, a blank line around each table.
pub(crate) fn assemble<'a>(parts: impl IntoIterator<Item = Part<'a>>) -> Rendering {
    let mut b = sourcemap::Builder::default();
    let mut tables = Vec::new();
    let mut paragraphs = Vec::new();
    for part in parts {
        match part {
            Part::Para(m) => {
                let at = b.out.text.len();
                b.out.append(m, true);
                paragraphs.push(at..b.out.text.len());
                b.out.push_synthetic("\n");
            }
            Part::Table(rows) => {
                if !b.out.text.is_empty() && !b.out.text.ends_with("\n\n") {
                    b.out.push_synthetic("\n");
                }
                let rows = grid::render(rows, &mut b.out);
                tables.push(TableInfo { index: tables.len() + 1, rows });
                b.out.push_synthetic("\n");
            }
        }
    }
    let (text, map) = b.finish();
    Rendering { text, map, tables, paragraphs, ..Default::default() }
}

/// Text safe to put into HTML or XML content.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(kind(Path::new("a/报告.HTM")), Kind::Html);
        assert_eq!(kind(Path::new("r.docx")), Kind::Docx);
        assert_eq!(kind(Path::new("r.doc")), Kind::Doc);
        assert_eq!(kind(Path::new("r.WPS")), Kind::Doc);
        assert_eq!(kind(Path::new("r.txt")), Kind::Text);
    }

    #[test]
    fn tables_with_unmapped_glyphs_are_unreadable_not_checked() {
        let text = "2023年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n\n行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n1\t1\t0\t0\t9\n";
        let mut r = Rendering { text: text.to_string(), ..Default::default() };
        let before = r.check(&CheckOptions::default());
        assert!(before.findings.iter().any(|f| f.rule == "t4_total"));
        let start = text.find("行政复议\t").unwrap();
        r.unreadable.push(start..text.len());
        let after = r.check(&CheckOptions::default());
        assert!(after.findings.iter().all(|f| f.rule != "t4_total"), "{:?}", after.findings);
        assert_eq!(after.findings.iter().filter(|f| f.rule == "table_unreadable").count(), 1);
    }

    #[test]
    fn kinds_by_content() {
        assert_eq!(sniff(Kind::Doc, b"PK\x03\x04...."), Kind::Docx);
        assert_eq!(sniff(Kind::Docx, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1...."), Kind::Doc);
        assert_eq!(sniff(Kind::Doc, b"<html><body>"), Kind::Html);
        assert_eq!(sniff(Kind::Doc, b"junk"), Kind::Doc);
        assert_eq!(sniff(Kind::Text, b"PK\x03\x04"), Kind::Text);
        assert_eq!(sniff(Kind::Doc, b"%PDF-1.7"), Kind::Pdf);
        assert_eq!(sniff(Kind::Pdf, b"<html>"), Kind::Pdf);
    }

    #[test]
    fn locates_cells_by_labels() {
        let r = html::render(
            "<p>三、收到和处理政府信息公开申请情况</p><table><tr><td></td><td>申请人情况</td></tr><tr><td></td><td>自然人</td><td>总计</td></tr>\
             <tr><td>一、本年新收</td><td>5</td><td>6</td></tr></table>",
        )
        .unwrap();
        let o = r.text.find('6').unwrap();
        assert_eq!(r.locate(o), Some(Location::Cell { page: None, table: 3, row: "一、本年新收".into(), column: "总计".into() }));
        let o = r.text.find('5').unwrap();
        assert_eq!(r.locate(o), Some(Location::Cell { page: None, table: 3, row: "一、本年新收".into(), column: "申请人情况 · 自然人".into() }));
        assert_eq!(r.locate(1), Some(Location::Paragraph { page: None, index: 1 }));
        assert_eq!(Location::Paragraph { page: Some(2), index: 1 }.to_json(), serde_json::json!({"paragraph": 1, "page": 2}));
    }
}
