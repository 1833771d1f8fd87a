//! Word/WPS `.docx` packages → the plain-text rendering the checker reads, and totals written
//! back. The package is opened with the `zip` crate (refused when it is an encrypted or OLE
//! file, malformed, holds too many entries or declares too much data, or its document part
//! inflates past a limit); `word/document.xml` is streamed with quick-xml (no DOM): paragraphs
//! become lines, `w:tbl`/`w:tr`/`w:tc` become rows with `w:gridSpan` and `w:vMerge` expanded
//! (`grid`), and text split across runs is joined. Deleted text, field codes and the fallback
//! copies of text boxes are left out. The source map points into the XML part; each table cell
//! remembers its `w:t` texts and its first paragraph, so `write_totals` can put a total into
//! the cell's first run (keeping its formatting) or create a run (with the paragraph's run
//! properties) and rebuild the package with every other entry copied raw, byte for byte.

use super::grid::InCell;
use super::sourcemap::Mapped;
use super::{assemble, escape_html, Part, Rendering};
use crate::finding::Edit;
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read, Write};
use std::ops::Range;

/// The document part is inflated at most this far (a zip bomb stops here).
pub const MAX_XML: u64 = 64 << 20;
/// Packages declaring more uncompressed data than this, or more entries, are refused.
pub const MAX_TOTAL: u64 = 1 << 30;
pub const MAX_ENTRIES: usize = 10_000;
const DOCUMENT: &str = "word/document.xml";

/// Where a cell's value lives in the XML part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CellSource {
    /// Content ranges of the cell's `w:t` elements, in order.
    pub texts: Vec<Range<usize>>,
    /// The cell's first paragraph: its whole element when it is empty (`<w:p/>`), else the
    /// place of its end tag; and the paragraph's run properties (`w:pPr/w:rPr`), if any.
    pub para_empty: Option<Range<usize>>,
    pub para_end: Option<usize>,
    pub rpr: Option<Range<usize>>,
}

/// A read package: the rendering and, per table, each input cell's source.
#[derive(Clone, Debug, Default)]
pub struct Docx {
    pub rendering: Rendering,
    pub cells: Vec<Vec<CellSource>>,
}

fn malformed(e: impl std::fmt::Display) -> String {
    format!("DOCX 文件损坏或不是 Word 文档（{e}）/ malformed package or not a Word document ({e})")
}

/// Open the package, refusing what must not be read.
fn open(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, String> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err("加密的文档或旧版二进制 Word 文件：请另存为未加密的 .docx / encrypted or old binary Word file: please save as an unencrypted .docx".into());
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(malformed)?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!("DOCX 条目过多（{}）/ too many entries in the package", zip.len()));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(malformed)?;
        if f.encrypted() {
            return Err("DOCX 已加密，请先解除密码 / the package is encrypted".into());
        }
        total = total.saturating_add(f.size());
    }
    if total > MAX_TOTAL {
        return Err(format!("DOCX 解压后过大（{total} 字节）/ package too large when uncompressed (zip bomb?)"));
    }
    Ok(zip)
}

/// The document part, inflated with a bound.
fn document_xml(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<Vec<u8>, String> {
    inflate(zip, MAX_XML)
}

/// The document part, inflated at most `limit` bytes (whatever its header declares).
fn inflate(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, limit: u64) -> Result<Vec<u8>, String> {
    let f = zip.by_name(DOCUMENT).map_err(|_| malformed("no word/document.xml"))?;
    let mut xml = Vec::new();
    f.take(limit + 1).read_to_end(&mut xml).map_err(malformed)?;
    if xml.len() as u64 > limit {
        return Err(format!("DOCX 正文过大（超过 {limit} 字节）/ document part too large (zip bomb?)"));
    }
    Ok(xml)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum VMerge {
    No,
    Restart,
    Continue,
}

struct CellRead {
    m: Mapped,
    space: bool,
    colspan: usize,
    vmerge: VMerge,
    src: CellSource,
    paras: usize,
    in_ppr: bool,
    rpr_start: Option<usize>,
}

#[derive(Default)]
struct TableRead {
    rows: Vec<Vec<CellRead>>,
    cell: Option<CellRead>,
}

enum Block {
    Para(Mapped),
    Table(Vec<Vec<InCell>>, Vec<CellSource>),
}

/// Text accumulated with a pending separator space.
fn push_text(m: &mut Mapped, space: &mut bool, s: &str, at: usize) {
    for (i, c) in s.char_indices() {
        if c.is_whitespace() && c != '\u{3000}' {
            *space = true;
            continue;
        }
        if *space && !m.text.is_empty() {
            m.push_synthetic(" ");
        }
        *space = false;
        m.push_linear(&s[i..i + c.len_utf8()], at + i);
    }
}

fn local(name: &[u8]) -> &[u8] {
    name.iter().rposition(|&b| b == b':').map_or(name, |i| &name[i + 1..])
}

fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| local(a.key.as_ref()) == key).map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// vMerge continuations become the rowspan of the cell they continue, as in HTML.
fn to_grid(rows: Vec<Vec<CellRead>>) -> (Vec<Vec<InCell>>, Vec<CellSource>) {
    let mut out: Vec<Vec<InCell>> = Vec::with_capacity(rows.len());
    let mut srcs = Vec::new();
    // Grid column → (row, index in the output row) of the cell a continuation extends.
    let mut open: std::collections::HashMap<usize, (usize, usize)> = Default::default();
    for (r, row) in rows.into_iter().enumerate() {
        let mut line = Vec::new();
        let mut col = 0;
        for c in row {
            let span = c.colspan.max(1);
            if c.vmerge == VMerge::Continue {
                if let Some(&(or, oi)) = open.get(&col) {
                    let o: &mut InCell = &mut out[or][oi];
                    o.rowspan += 1;
                    col += span;
                    continue;
                }
            }
            if c.vmerge == VMerge::Restart {
                open.insert(col, (r, line.len()));
            } else {
                open.remove(&col);
            }
            let mut m = c.m;
            m.trim_end();
            line.push(InCell { content: m, rowspan: 1, colspan: span });
            srcs.push(c.src);
            col += span;
        }
        out.push(line);
    }
    // `srcs` is row-major over the output cells, which is how `grid` numbers origins.
    (out, srcs)
}

/// Read a package: its rendering and cell sources.
pub fn read(bytes: &[u8]) -> Result<Docx, String> {
    let mut zip = open(bytes)?;
    let xml = document_xml(&mut zip)?;
    render(&xml)
}

/// Render the document part.
pub fn render(xml: &[u8]) -> Result<Docx, String> {
    std::str::from_utf8(xml).map_err(|e| malformed(format!("document.xml is not UTF-8: {e}")))?;
    let mut r = quick_xml::Reader::from_reader(xml);
    r.config_mut().trim_text(false);
    let mut blocks: Vec<Block> = Vec::new();
    let mut tables: Vec<TableRead> = Vec::new();
    let mut para = Mapped::default();
    let mut para_space = false;
    let mut skip = 0usize;
    let mut in_t = false;
    loop {
        let before = r.buffer_position() as usize;
        let ev = r.read_event().map_err(|e| malformed(format!("XML at byte {}: {e}", r.error_position())))?;
        let after = r.buffer_position() as usize;
        if skip > 0 {
            match ev {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        // The cell being read, when inside the innermost table's cell.
        let depth = tables.len();
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.name();
                match local(name.as_ref()) {
                    b"del" | b"delText" | b"instrText" | b"Fallback" if !empty => skip = 1,
                    b"tbl" if !empty => {
                        if depth == 0 {
                            let m = std::mem::take(&mut para);
                            if !m.text.is_empty() {
                                blocks.push(Block::Para(m));
                            }
                        }
                        tables.push(TableRead::default());
                    }
                    b"tr" if depth == 1 => tables[0].rows.push(Vec::new()),
                    b"tc" if depth == 1 => {
                        tables[0].cell = Some(CellRead { m: Mapped::default(), space: false, colspan: 1, vmerge: VMerge::No, src: CellSource::default(), paras: 0, in_ppr: false, rpr_start: None });
                    }
                    b"gridSpan" if depth == 1 => {
                        if let Some(c) = tables[0].cell.as_mut() {
                            c.colspan = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    b"vMerge" if depth == 1 => {
                        if let Some(c) = tables[0].cell.as_mut() {
                            c.vmerge = if attr(e, b"val").as_deref() == Some("restart") { VMerge::Restart } else { VMerge::Continue };
                        }
                    }
                    b"p" => {
                        if let Some(c) = tables.first_mut().and_then(|t| t.cell.as_mut()) {
                            c.paras += 1;
                            c.space = true;
                            if c.paras == 1 && depth == 1 && empty {
                                c.src.para_empty = Some(before..after);
                            }
                        } else if depth == 0 {
                            para_space = false;
                        }
                    }
                    b"pPr" if !empty => {
                        if let Some(c) = tables.first_mut().and_then(|t| t.cell.as_mut()).filter(|c| c.paras == 1) {
                            c.in_ppr = true;
                        }
                    }
                    b"rPr" => {
                        if let Some(c) = tables.first_mut().and_then(|t| t.cell.as_mut()).filter(|c| c.paras == 1 && c.in_ppr && depth == 1) {
                            if empty {
                                c.src.rpr = Some(before..after);
                            } else {
                                c.rpr_start = Some(before);
                            }
                        }
                    }
                    b"t" if !empty => in_t = true,
                    b"tab" | b"br" | b"cr" => match tables.first_mut().and_then(|t| t.cell.as_mut()) {
                        Some(c) => c.space = true,
                        None => para_space = true,
                    },
                    b"tr" | b"tc" => {
                        // A nested table: its rows and cells are spaces in the outer cell.
                        if let Some(c) = tables.first_mut().and_then(|t| t.cell.as_mut()) {
                            c.space = true;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                let name = e.name();
                match local(name.as_ref()) {
                    b"t" => in_t = false,
                    b"pPr" => {
                        if let Some(c) = tables.first_mut().and_then(|t| t.cell.as_mut()) {
                            c.in_ppr = false;
                        }
                    }
                    b"rPr" => {
                        if let Some(c) = tables.first_mut().and_then(|t| t.cell.as_mut()).filter(|c| c.in_ppr && depth == 1) {
                            if let Some(s) = c.rpr_start.take() {
                                c.src.rpr = Some(s..after);
                            }
                        }
                    }
                    b"p" => {
                        if let Some(c) = tables.first_mut().and_then(|t| t.cell.as_mut()) {
                            if c.paras == 1 && depth == 1 && c.src.para_end.is_none() {
                                c.src.para_end = Some(before);
                            }
                        } else if depth == 0 {
                            let mut m = std::mem::take(&mut para);
                            m.trim_end();
                            if !m.text.is_empty() {
                                blocks.push(Block::Para(m));
                            }
                        }
                    }
                    b"tc" if depth == 1 => {
                        let t = &mut tables[0];
                        if let Some(c) = t.cell.take() {
                            if t.rows.is_empty() {
                                t.rows.push(Vec::new());
                            }
                            if let Some(row) = t.rows.last_mut() {
                                row.push(c);
                            }
                        }
                    }
                    b"tbl" => {
                        if let Some(t) = tables.pop() {
                            if tables.is_empty() {
                                let (rows, srcs) = to_grid(t.rows);
                                if rows.iter().any(|r| !r.is_empty()) {
                                    blocks.push(Block::Table(rows, srcs));
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) if in_t => {
                let s = std::str::from_utf8(t.as_ref()).map_err(malformed)?;
                match tables.first_mut().and_then(|t| t.cell.as_mut()) {
                    Some(c) => {
                        if depth == 1 {
                            c.src.texts.push(before..after);
                        }
                        push_text(&mut c.m, &mut c.space, s, before);
                    }
                    None if depth == 0 => push_text(&mut para, &mut para_space, s, before),
                    None => {}
                }
            }
            Event::GeneralRef(ref g) if in_t => {
                let ch = match g.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => quick_xml::escape::resolve_predefined_entity(&String::from_utf8_lossy(g.as_ref())).and_then(|s| s.chars().next()),
                };
                let Some(ch) = ch else { continue };
                let target = match tables.first_mut().and_then(|t| t.cell.as_mut()) {
                    Some(c) => {
                        if depth == 1 {
                            c.src.texts.push(before..after);
                        }
                        Some((&mut c.m, &mut c.space))
                    }
                    None if depth == 0 => Some((&mut para, &mut para_space)),
                    None => None,
                };
                if let Some((m, space)) = target {
                    if ch.is_whitespace() {
                        *space = true;
                    } else {
                        if *space && !m.text.is_empty() {
                            m.push_synthetic(" ");
                        }
                        *space = false;
                        m.push_atomic(ch.encode_utf8(&mut [0; 4]), before..after);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !para.text.is_empty() {
        blocks.push(Block::Para(para));
    }
    let parts = blocks.iter().map(|b| match b {
        Block::Para(m) => Part::Para(m),
        Block::Table(rows, _) => Part::Table(rows),
    });
    let rendering = assemble(parts);
    let cells = blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(_, s) => Some(s),
            Block::Para(_) => None,
        })
        .collect();
    Ok(Docx { rendering, cells })
}

/// The XML edits that write `new_text` as a cell's whole text: into its first `w:t` (the
/// others emptied), or as a new run in its first paragraph.
fn cell_edits(xml: &[u8], src: &CellSource, new_text: &str) -> Result<Vec<Edit>, String> {
    let text = escape_html(new_text);
    if let Some(first) = src.texts.first() {
        let mut edits = vec![Edit { range: first.clone(), new_text: text }];
        // A text split over runs (`1` `2`) is now all in the first run.
        let mut last = first.end;
        for r in &src.texts[1..] {
            if r.start >= last {
                edits.push(Edit { range: r.clone(), new_text: String::new() });
                last = r.end;
            }
        }
        return Ok(edits);
    }
    let rpr = src.rpr.as_ref().map(|r| String::from_utf8_lossy(&xml[r.clone()]).into_owned()).unwrap_or_default();
    let run = format!("<w:r>{rpr}<w:t>{text}</w:t></w:r>");
    if let Some(at) = src.para_end {
        return Ok(vec![Edit { range: at..at, new_text: run }]);
    }
    if let Some(p) = &src.para_empty {
        let tag = String::from_utf8_lossy(&xml[p.clone()]);
        let open = tag.trim_end().strip_suffix("/>").ok_or_else(|| malformed("empty paragraph"))?.trim_end();
        return Ok(vec![Edit { range: p.clone(), new_text: format!("{open}>{run}</w:p>") }]);
    }
    Err(malformed("a table cell without a paragraph"))
}

/// The package with each fill edit of the rendering written into its cell.
pub fn write_totals(bytes: &[u8], doc: &Docx, fills: &[Edit]) -> Result<Vec<u8>, String> {
    let mut zip = open(bytes)?;
    let xml = document_xml(&mut zip)?;
    let mut edits: Vec<Edit> = Vec::new();
    for f in fills {
        let place = doc.rendering.tables.iter().enumerate().find_map(|(ti, t)| {
            t.rows.iter().find_map(|r| r.cells.iter().zip(&r.origin).find(|((c, _), _)| c.start <= f.range.start && f.range.end <= c.end).map(|((c, s), o)| (ti, c.clone(), s.clone(), *o)))
        });
        let Some((ti, range, old, Some(id))) = place else {
            return Err("内部错误：总计单元格不在表格中，未修改 / internal error: a total is not in a table cell; not changed".into());
        };
        let src = doc.cells.get(ti).and_then(|c| c.get(id)).ok_or_else(|| malformed("cell index"))?;
        let rel = f.range.start - range.start..f.range.end - range.start;
        let new_text = format!("{}{}{}", &old[..rel.start], f.new_text, &old[rel.end..]);
        edits.extend(cell_edits(&xml, src, &new_text)?);
    }
    edits.sort_by_key(|e| e.range.start);
    let mut new_xml = Vec::with_capacity(xml.len() + 64);
    let mut at = 0;
    for e in &edits {
        if e.range.start < at {
            return Err("内部错误：单元格编辑重叠，未修改 / internal error: overlapping cell edits; not changed".into());
        }
        new_xml.extend_from_slice(&xml[at..e.range.start]);
        new_xml.extend_from_slice(e.new_text.as_bytes());
        at = e.range.end;
    }
    new_xml.extend_from_slice(&xml[at..]);
    rebuild(&mut zip, &new_xml)
}

/// The same package with a new document part; every other entry is copied raw (its
/// compressed bytes, CRC and times unchanged).
fn rebuild(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, new_xml: &[u8]) -> Result<Vec<u8>, String> {
    let io = |e: zip::result::ZipError| format!("DOCX 写入失败 / cannot write the package: {e}");
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(malformed)?;
        let is_document = f.name().map_err(malformed)? == DOCUMENT;
        if is_document {
            let mut opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            if let Some(t) = f.last_modified() {
                opts = opts.last_modified_time(t);
            }
            drop(f);
            w.start_file(DOCUMENT, opts).map_err(io)?;
            w.write_all(new_xml).map_err(|e| format!("DOCX 写入失败 / cannot write the package: {e}"))?;
        } else {
            w.raw_copy_file(f).map_err(io)?;
        }
    }
    Ok(w.finish().map_err(io)?.into_inner())
}

#[cfg(test)]
mod tests;
