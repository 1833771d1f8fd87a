//! PDF files with a text layer → the plain-text rendering the checker reads. The file is parsed
//! by `lopdf` (objects, xref streams, compressed object streams, filters, and decryption with
//! the empty user password that "copy-protected" files use); each page's content is run by
//! `content` into positioned glyphs (fonts decoded by `fonts`: ToUnicode CMaps, Identity-H,
//! CJK radicals mapped to ordinary ideographs) and table rules, which `layout` turns into
//! paragraphs and grid tables. Across pages, running headers and footers and page numbers are
//! dropped and a table continued on the next page is joined to its first part (its repeated
//! header rows are skipped by the recogniser, as in text); a printed web page's navigation
//! before the title and its site footer are left out. A PDF without text (a scan) and one
//! that needs a password are refused with their own messages; a table holding glyphs without a
//! Unicode meaning is listed in `Rendering::unreadable` (reported as `table_unreadable`, never
//! read as numbers). Read-only: `fix` names the source document to fix instead.

mod content;
mod fonts;
mod layout;
mod radicals;

use super::grid::InCell;
use super::sourcemap::Mapped;
use super::{assemble, Part, Rendering};
use layout::{line_text, Block};

/// The refusal for scans.
pub const SCANNED: &str = "扫描件，没有文字层：请用原始 Word/WPS 文件或 OCR 后再检查 / a scanned PDF without a text layer: check the original Word/WPS file, or the PDF after OCR";
/// The refusal for `fix`.
pub const READ_ONLY: &str = "PDF 只能检查，不能修复：请修复生成它的 Word/WPS 原文件（.docx/.doc）后重新导出 PDF / a PDF is checked but not fixed: fix the Word/WPS document it was made from (.docx/.doc) and export the PDF again";

fn malformed(e: impl std::fmt::Display) -> String {
    format!("PDF 文件损坏或无法解析（{e}）/ malformed PDF ({e})")
}

/// A page's blocks and its height.
struct PageBlocks {
    blocks: Vec<Block>,
    height: f32,
}

/// Read a PDF into a rendering (with `pages` and `unreadable` filled in).
pub fn read(bytes: &[u8]) -> Result<Rendering, String> {
    if !bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Err(malformed("没有 %PDF- 文件头 / no %PDF- header"));
    }
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => encrypted(),
        e => malformed(e),
    })?;
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(encrypted());
    }
    let mut fonts = content::Fonts::default();
    let mut pages: Vec<PageBlocks> = Vec::new();
    let (mut chars, mut images) = (0usize, 0usize);
    for (_, id) in doc.get_pages() {
        let page = content::run_page(&doc, id, &mut fonts).unwrap_or_default();
        chars += page.glyphs.iter().filter(|g| g.text.as_deref().is_some_and(|t| !t.trim().is_empty()) || g.text.is_none()).count();
        images += page.images;
        let height = page_height(&doc, id);
        pages.push(PageBlocks { blocks: layout::blocks(page), height });
    }
    if pages.is_empty() {
        return Err(malformed("没有页面 / no pages"));
    }
    drop_running_lines(&mut pages);
    // A scan: next to no text once a printer's header and footer are dropped.
    let left: usize = pages.iter().flat_map(|p| &p.blocks).map(|b| match b {
        Block::Para { lines, .. } => lines.iter().map(|l| l.glyphs.len()).sum::<usize>(),
        Block::Table { rows, .. } => rows.iter().flatten().map(|c| c.content.text.chars().count()).sum(),
    }).sum();
    if chars < 20 || left < 20 || (images > 0 && left < 20 * pages.len()) {
        return Err(SCANNED.to_string());
    }
    Ok(render(pages))
}

fn encrypted() -> String {
    "PDF 已加密，需要密码才能打开：请用未加密的 PDF 或原始 Word/WPS 文件 / the PDF is encrypted and needs a password: use an unencrypted PDF or the original Word/WPS file".into()
}

fn page_height(doc: &lopdf::Document, id: lopdf::ObjectId) -> f32 {
    let mut cur = Some(id);
    for _ in 0..32 {
        let Some(d) = cur.and_then(|i| doc.get_dictionary(i).ok()) else { break };
        if let Ok(lopdf::Object::Array(b)) = d.get(b"MediaBox").and_then(|o| doc.dereference(o).map(|x| x.1)) {
            let n: Vec<f32> = b.iter().filter_map(|o| o.as_float().ok().or_else(|| o.as_i64().ok().map(|i| i as f32))).collect();
            if n.len() == 4 {
                return (n[3] - n[1]).abs();
            }
        }
        cur = d.get(b"Parent").and_then(lopdf::Object::as_reference).ok();
    }
    842.0
}

/// The text of a paragraph block's lines, joined as wrapped lines.
fn para_text(lines: &[layout::Line]) -> String {
    let mut s = String::new();
    for l in lines {
        layout::join_wrapped(&mut s, &line_text(l));
    }
    s
}

/// A line of cells: its pieces joined by four spaces (the space-padded shape).
fn cells_text(l: &layout::Line) -> String {
    layout::cells(l).join("    ")
}

/// Whether a line is only a page number (`3`, `- 3 -`, `第3页`, `第 3 页 共 30 页`, `3/30`).
fn page_number(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty() && t.chars().any(|c| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_digit() || "-—–/第页共·.PpageOf".contains(c))
}

/// Drop running headers and footers: lines at the top or bottom of a page that repeat on other
/// pages (digits aside), lone page numbers there, and small print there (a browser's date,
/// title, address and page count).
fn drop_running_lines(pages: &mut [PageBlocks]) {
    let key = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).map(|c| if c.is_ascii_digit() { '#' } else { c }).collect() };
    let mut sizes: Vec<f32> = pages.iter().flat_map(|p| &p.blocks).flat_map(|b| match b {
        Block::Para { lines, .. } => lines.iter().map(|l| l.size).collect::<Vec<_>>(),
        Block::Table { .. } => Vec::new(),
    }).collect();
    sizes.sort_by(f32::total_cmp);
    let body = sizes.get(sizes.len() / 2).copied().unwrap_or(12.0);
    // Margin lines of each page: (page, block index, key, small).
    let mut margin: Vec<(usize, usize, String, bool)> = Vec::new();
    for (pi, p) in pages.iter().enumerate() {
        for (bi, b) in p.blocks.iter().enumerate() {
            let Block::Para { lines, .. } = b else { continue };
            let (top, bottom) = (lines[0].y + lines[0].size, lines[lines.len() - 1].y);
            let zone = 0.08 * p.height;
            if lines.len() <= 2 && (top > p.height - zone || bottom < zone) {
                let text: String = lines.iter().map(line_text).collect::<Vec<_>>().join(" ");
                let small = lines.iter().all(|l| l.size < 0.85 * body);
                margin.push((pi, bi, key(&text), small || page_number(&text)));
            }
        }
    }
    let mut drop: Vec<(usize, usize)> = Vec::new();
    for (pi, bi, k, alone) in &margin {
        let pages_with = margin.iter().filter(|m| &m.2 == k).map(|m| m.0).collect::<std::collections::BTreeSet<_>>().len();
        if *alone || (pages_with >= 2 && pages_with * 2 >= pages.len().min(4)) {
            drop.push((*pi, *bi));
        }
    }
    for (pi, bi) in drop.into_iter().rev() {
        pages[pi].blocks.remove(bi);
    }
}

/// A block of the document: a paragraph, or a table made of one or more pages' parts.
enum DocBlock {
    Para(Mapped, usize),
    /// Rows, the page of each row, and whether it has unmapped glyphs; each row's cells' x
    /// ranges (the last row's, for a row continued on the next page).
    Table(Vec<Vec<InCell>>, Vec<usize>, bool, Vec<Vec<(f32, f32)>>),
}

/// Whether the first row of a table part on a new page finishes the last row of the part
/// before (a row broken across the page): it holds no number, only text under cells of that
/// row that hold text, and fewer of them.
fn continues(last: &[InCell], last_xs: &[(f32, f32)], first: &[InCell], first_xs: &[(f32, f32)]) -> Option<Vec<(usize, usize)>> {
    let filled: Vec<usize> = (0..first.len()).filter(|&i| !first[i].content.text.is_empty()).collect();
    if filled.is_empty() || filled.iter().any(|&i| !super::grid::is_label(&first[i].content.text)) {
        return None;
    }
    let mut pairs = Vec::new();
    for &i in &filled {
        let (a, b) = first_xs[i];
        let j = last_xs.iter().position(|&(c, d)| (c - a).abs() < 3.0 && (d - b).abs() < 3.0)?;
        if !super::grid::is_label(&last[j].content.text) {
            return None;
        }
        pairs.push((i, j));
    }
    (pairs.len() < last.iter().filter(|c| !c.content.text.is_empty()).count()).then_some(pairs)
}

fn mapped(s: &str) -> Mapped {
    let mut m = Mapped::default();
    m.push_synthetic(s);
    m
}

/// The blocks that make the report, as for a printed web page: from its title (and the agency
/// line right above it) to its last table or 六、 section, then up to a site footer.
fn select(blocks: &mut Vec<DocBlock>) {
    let text = |b: &DocBlock| match b {
        DocBlock::Para(m, _) => Some(m.text.clone()),
        DocBlock::Table(..) => None,
    };
    let short = |i: usize, w: &str| blocks.get(i).and_then(text).is_some_and(|t| t.contains(w) && t.chars().count() <= 120);
    // A title names its year (a breadcrumb or a link list naming the page does not, or is a path).
    let year = |i: usize| blocks.get(i).and_then(text).is_some_and(|t| !t.contains('>') && t.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)));
    // The whole title in one block, or its first line and the rest (not a link naming the
    // section, 「政府信息公开指南」, right above a whole title).
    let whole = |i: usize| short(i, "政府信息公开") && !short(i, ">") && short(i, "年度报告") && (year(i) || year(i.wrapping_sub(1)));
    let titled = |i: usize| whole(i) || short(i, "政府信息公开") && !short(i, ">") && short(i + 1, "年度报告") && (year(i) || year(i + 1)) && !whole(i + 1);
    let Some(mut t) = (0..blocks.len()).find(|&i| titled(i)) else { return };
    if t > 0 && blocks.get(t - 1).and_then(text).is_some_and(|n| n.trim().chars().count() <= 30 && crate::agency::looks_like_agency(n.trim())) {
        t -= 1;
    }
    let last = (t..blocks.len()).rev().find(|&i| text(&blocks[i]).is_none_or(|s| s.starts_with("六、"))).unwrap_or(t);
    let end = (last + 1..blocks.len()).find(|&i| text(&blocks[i]).is_some_and(|s| super::html::FOOTER_MARKS.iter().any(|m| s.contains(m)))).unwrap_or(blocks.len());
    blocks.truncate(end);
    blocks.drain(..t);
}

/// The pages' blocks as one rendering; a table that ends a page and one that starts the next
/// are one table.
fn render(pages: Vec<PageBlocks>) -> Rendering {
    let mut blocks: Vec<DocBlock> = Vec::new();
    for (pi, p) in pages.into_iter().enumerate() {
        let page = pi + 1;
        for (bi, b) in p.blocks.into_iter().enumerate() {
            match b {
                Block::Para { lines, cells } => {
                    let text = if cells { cells_text(&lines[0]) } else { para_text(&lines) };
                    if !text.trim().is_empty() {
                        blocks.push(DocBlock::Para(mapped(&text), page));
                    }
                }
                Block::Table { mut rows, mut xs, unmapped, .. } => {
                    if let (0, Some(DocBlock::Table(prev, pages, u, prev_xs))) = (bi, blocks.last_mut()) {
                        if pages.last().is_some_and(|&p| p + 1 == page) {
                            // An empty slice of a row pushed to the next page is no row (nor
                            // are its cells' x ranges: the row above it is the one continued).
                            if prev.last().is_some_and(|r| r.iter().all(|c| c.content.text.is_empty())) {
                                prev.pop();
                                pages.pop();
                                prev_xs.pop();
                            }
                            if rows.first().is_some_and(|r| r.iter().all(|c| c.content.text.is_empty())) {
                                rows.remove(0);
                                xs.remove(0);
                            }
                            // A row broken by the page: its rest joins its cells' text.
                            if let (Some(last), Some(last_xs), Some(first)) = (prev.last_mut(), prev_xs.last(), rows.first()) {
                                if let Some(pairs) = continues(last, last_xs, first, &xs[0]) {
                                    for (i, j) in pairs {
                                        let mut t = last[j].content.text.clone();
                                        layout::join_wrapped(&mut t, &first[i].content.text);
                                        last[j].content = mapped(&t);
                                    }
                                    rows.remove(0);
                                    xs.remove(0);
                                }
                            }
                            pages.extend(std::iter::repeat_n(page, rows.len()));
                            prev.extend(rows);
                            prev_xs.extend(xs);
                            *u |= unmapped;
                            continue;
                        }
                    }
                    let n = rows.len();
                    blocks.push(DocBlock::Table(rows, vec![page; n], unmapped, xs));
                }
            }
        }
    }
    select(&mut blocks);
    let mut r = assemble(blocks.iter().map(|b| match b {
        DocBlock::Para(m, _) => Part::Para(m),
        DocBlock::Table(rows, ..) => Part::Table(rows),
    }));
    // Where each page starts, and the tables that cannot be read.
    let (mut para, mut table) = (0, 0);
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for b in &blocks {
        match b {
            DocBlock::Para(_, page) => {
                if let Some(p) = r.paragraphs.get(para) {
                    starts.push((*page, p.start));
                }
                para += 1;
            }
            DocBlock::Table(_, pages, unmapped, _) => {
                if let Some(t) = r.tables.get(table) {
                    for (row, page) in t.rows.iter().zip(pages) {
                        starts.push((*page, row.line.start));
                    }
                    if *unmapped {
                        if let (Some(a), Some(z)) = (t.rows.first(), t.rows.last()) {
                            r.unreadable.push(a.line.start..z.line.end);
                        }
                    }
                }
                table += 1;
            }
        }
    }
    let last = starts.iter().map(|s| s.0).max().unwrap_or(0);
    r.pages = (1..=last).map(|p| starts.iter().find(|s| s.0 >= p).map_or(r.text.len(), |s| s.1)).collect();
    r
}

#[cfg(test)]
mod tests;
