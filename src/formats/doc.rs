//! Word 97–2003 `.doc` and WPS `.wps` files → the plain-text rendering the checker reads. Both
//! are OLE compound files (opened with the `cfb` crate) holding a `WordDocument` stream; its FIB
//! says which table stream (`0Table`/`1Table`) holds the piece table (CLX) and the paragraph
//! properties (`doc/papx.rs`). The main text (CPs `0..ccpText`) is read piece by piece — 8-bit
//! (cp1252) or UTF-16 — with field codes dropped and field results kept. Paragraph marks (`\r`)
//! and cell marks (`\x07`) end paragraphs; a paragraph's properties say whether it is in a table
//! and whether its mark ends a row (fTtp), and the row-end's table definition gives the cells'
//! widths and merges, so rows become grid rows (`grid`) as the `.docx` reader makes them.
//! Read-only: there is no source text to write into (`fix` asks for a .docx). Encrypted files,
//! Word 95 and older, and files without the streams are refused with a clear message.

mod papx;

use super::grid::InCell;
use super::sourcemap::Mapped;
use super::{assemble, Part, Rendering};
use papx::{ParaProps, Papx, RowDef};
use std::io::{Cursor, Read};

/// Streams larger than this are refused (a `.doc` report is a few hundred KB).
const MAX_STREAM: u64 = 128 << 20;

fn malformed(e: impl std::fmt::Display) -> String {
    format!("DOC 文件损坏或不是 Word/WPS 文档（{e}）/ malformed file or not a Word/WPS document ({e})")
}

/// The refusal for `fix` on these files.
pub const READ_ONLY: &str = "旧版 Word/WPS 文件（.doc/.wps）只能检查，不能修复：请另存为 .docx 后再修复 / old Word/WPS files (.doc/.wps) are checked but not fixed: save as .docx to fix";

pub(crate) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

pub(crate) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// What the FIB says: where the text and the tables are.
struct Fib {
    table_stream: &'static str,
    ccp_text: u32,
    clx: (u32, u32),
    bte_papx: (u32, u32),
}

fn fib(wd: &[u8]) -> Result<Fib, String> {
    let short = || malformed("FIB");
    if u16_at(wd, 0) != Some(0xA5EC) {
        return Err(malformed("WordDocument 流标识不符 / bad WordDocument signature"));
    }
    let nfib = u16_at(wd, 2).ok_or_else(short)?;
    let flags = u16_at(wd, 0x0A).ok_or_else(short)?;
    if flags & 0x0100 != 0 {
        return Err("DOC 文件已加密，请先解除密码 / the document is encrypted (password protected)".into());
    }
    if nfib < 0x00C1 {
        return Err("Word 95 或更早版本的文件无法读取，请另存为 .docx / Word 95 or older file: please save as .docx".into());
    }
    let table_stream = if flags & 0x0200 != 0 { "1Table" } else { "0Table" };
    // FibBase (32 bytes), csw + FibRgW97, cslw + FibRgLw97, cbRgFcLcb + FibRgFcLcb.
    let csw = u16_at(wd, 32).ok_or_else(short)? as usize;
    let lw = 34 + csw * 2;
    let cslw = u16_at(wd, lw).ok_or_else(short)? as usize;
    let ccp_text = u32_at(wd, lw + 2 + 3 * 4).ok_or_else(short)?;
    let fc = lw + 2 + cslw * 4;
    let cb_fclcb = u16_at(wd, fc).ok_or_else(short)? as usize;
    let pair = |i: usize| -> Result<(u32, u32), String> {
        if i >= cb_fclcb {
            return Err(short());
        }
        let at = fc + 2 + i * 8;
        Ok((u32_at(wd, at).ok_or_else(short)?, u32_at(wd, at + 4).ok_or_else(short)?))
    };
    Ok(Fib { table_stream, ccp_text, clx: pair(33)?, bte_papx: pair(13)? })
}

/// A run of text: CPs `cp..cp + len` at file offset `fc`, 8-bit or UTF-16.
#[derive(Clone, Copy, Debug)]
struct Piece {
    cp: u32,
    len: u32,
    fc: u32,
    compressed: bool,
}

impl Piece {
    /// The file offset of the character at `cp`.
    fn fc_of(&self, cp: u32) -> u32 {
        let i = cp - self.cp;
        if self.compressed {
            self.fc + i
        } else {
            self.fc + 2 * i
        }
    }
}

/// The piece table: the Pcdt of the CLX (Prc entries skipped).
fn pieces(table: &[u8], clx: (u32, u32)) -> Result<Vec<Piece>, String> {
    let bad = || malformed("piece table");
    let end = (clx.0 as usize).checked_add(clx.1 as usize).ok_or_else(bad)?;
    let b = table.get(clx.0 as usize..end).ok_or_else(bad)?;
    let mut at = 0;
    while b.get(at) == Some(&0x01) {
        at += 3 + u16_at(b, at + 1).ok_or_else(bad)? as usize;
    }
    if b.get(at) != Some(&0x02) {
        return Err(bad());
    }
    let lcb = u32_at(b, at + 1).ok_or_else(bad)? as usize;
    let plc = b.get(at + 5..at + 5 + lcb).ok_or_else(bad)?;
    if lcb < 4 || !(lcb - 4).is_multiple_of(12) {
        return Err(bad());
    }
    let n = (lcb - 4) / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (cp, next) = (u32_at(plc, i * 4).ok_or_else(bad)?, u32_at(plc, i * 4 + 4).ok_or_else(bad)?);
        let pcd = 4 * (n + 1) + i * 8;
        let raw = u32_at(plc, pcd + 2).ok_or_else(bad)?;
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        if next > cp {
            out.push(Piece { cp, len: next - cp, fc: if compressed { fc / 2 } else { fc }, compressed });
        }
    }
    Ok(out)
}

/// One character of the main text and the file offset of its bytes.
struct Char {
    c: char,
    fc: u32,
}

/// The main document's characters (CPs `0..ccp_text`), in order.
fn characters(wd: &[u8], pieces: &[Piece], ccp_text: u32) -> Result<Vec<Char>, String> {
    let mut out = Vec::new();
    let mut units: Vec<u16> = Vec::new();
    for p in pieces {
        if p.cp >= ccp_text {
            break;
        }
        let len = p.len.min(ccp_text - p.cp);
        let bytes = if p.compressed { len as usize } else { 2 * len as usize };
        let start = p.fc as usize;
        let b = wd.get(start..start.saturating_add(bytes)).ok_or_else(|| malformed("text piece outside the stream"))?;
        if p.compressed {
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(b);
            for (i, c) in s.chars().enumerate() {
                out.push(Char { c, fc: p.fc_of(p.cp + i as u32) });
            }
        } else {
            units.clear();
            units.extend(b.chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]])));
            let mut i = 0u32;
            for r in char::decode_utf16(units.iter().copied()) {
                let c = r.unwrap_or('\u{FFFD}');
                out.push(Char { c, fc: p.fc_of(p.cp + i) });
                i += c.len_utf16() as u32;
            }
        }
    }
    Ok(out)
}

/// A cell or row being read.
#[derive(Default)]
struct CellText {
    m: Mapped,
    space: bool,
}

impl CellText {
    fn push(&mut self, c: char) {
        if c.is_whitespace() && c != '\u{3000}' {
            self.space = true;
            return;
        }
        if self.space && !self.m.text.is_empty() {
            self.m.push_synthetic(" ");
        }
        self.space = false;
        self.m.push_synthetic(c.encode_utf8(&mut [0; 4]));
    }
}

enum Block {
    Para(Mapped),
    Table(Vec<Vec<InCell>>),
}

/// A table being read: finished rows (cells and the row's definition) and the row being read.
#[derive(Default)]
struct TableRead {
    rows: Vec<(Vec<Mapped>, Option<RowDef>)>,
    cells: Vec<Mapped>,
}

/// Read a `.doc`/`.wps` file into a rendering.
pub fn read(bytes: &[u8]) -> Result<Rendering, String> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| malformed(format!("不是 OLE 复合文档 / not an OLE compound file: {e}")))?;
    if cf.is_stream("EncryptedPackage") {
        return Err("加密的文档，请先解除密码并另存为 .docx / the document is encrypted: remove the password and save as .docx".into());
    }
    let has_data = cf.is_stream("Data");
    let mut stream = |name: &str| -> Result<Vec<u8>, String> {
        let s = cf.open_stream(name).map_err(|_| malformed(format!("缺少 {name} 流 / no {name} stream")))?;
        let mut v = Vec::new();
        s.take(MAX_STREAM + 1).read_to_end(&mut v).map_err(malformed)?;
        if v.len() as u64 > MAX_STREAM {
            return Err(malformed(format!("{name} 流过大 / {name} stream too large")));
        }
        Ok(v)
    };
    let wd = stream("WordDocument")?;
    let f = fib(&wd)?;
    let table = stream(f.table_stream)?;
    // The Data stream holds property lists too large for their page; files may lack it.
    let data = if has_data { stream("Data")? } else { Vec::new() };
    render(&wd, &table, &data, &f)
}

fn render(wd: &[u8], table: &[u8], data: &[u8], f: &Fib) -> Result<Rendering, String> {
    let pieces = pieces(table, f.clx)?;
    let chars = characters(wd, &pieces, f.ccp_text)?;
    let papx = Papx::read(wd, table, data, f.bte_papx);
    let mut blocks: Vec<Block> = Vec::new();
    let mut cur = CellText::default();
    let mut tbl: Option<TableRead> = None;
    // Field nesting: for each open field, whether its result (after \x14) is being read.
    let mut fields: Vec<bool> = Vec::new();
    let close_table = |tbl: &mut Option<TableRead>, blocks: &mut Vec<Block>| {
        if let Some(mut t) = tbl.take() {
            if !t.cells.is_empty() {
                t.rows.push((std::mem::take(&mut t.cells), None));
            }
            let rows = papx::to_grid(t.rows);
            if rows.iter().any(|r| !r.is_empty()) {
                blocks.push(Block::Table(rows));
            }
        }
    };
    // Whether the last character read was a cell mark (the row-end fallback without PAPX).
    let mut after_cell_mark = false;
    for ch in &chars {
        match ch.c {
            '\u{13}' => {
                fields.push(false);
                continue;
            }
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    *f = true;
                }
                continue;
            }
            '\u{15}' => {
                fields.pop();
                continue;
            }
            _ => {}
        }
        if fields.iter().any(|&result| !result) {
            continue; // a field's code
        }
        let cell_mark = ch.c == '\u{7}';
        match ch.c {
            '\r' => {
                if papx.props(ch.fc).in_table {
                    cur.space = true; // a paragraph inside a cell
                } else {
                    close_table(&mut tbl, &mut blocks);
                    let mut m = std::mem::take(&mut cur).m;
                    m.trim_end();
                    if !m.text.is_empty() {
                        blocks.push(Block::Para(m));
                    }
                }
            }
            '\u{7}' => {
                let props: ParaProps = papx.props(ch.fc);
                let row_end = if papx.is_empty() { after_cell_mark && cur.m.text.is_empty() } else { props.ttp };
                let t = tbl.get_or_insert_with(TableRead::default);
                let mut m = std::mem::take(&mut cur).m;
                if row_end {
                    t.rows.push((std::mem::take(&mut t.cells), props.row));
                } else {
                    m.trim_end();
                    t.cells.push(m);
                }
            }
            '\t' | '\u{0B}' | '\u{0C}' | '\u{A0}' => cur.push(' '),
            '\u{1E}' => cur.push('-'),
            c if (c as u32) < 0x20 || c == '\u{1F}' || ('\u{F000}'..='\u{F0FF}').contains(&c) => {}
            c => cur.push(c),
        }
        after_cell_mark = cell_mark;
    }
    let mut m = cur.m;
    m.trim_end();
    if !m.text.is_empty() {
        match tbl.as_mut() {
            Some(t) => t.cells.push(m),
            None => blocks.push(Block::Para(m)),
        }
    }
    close_table(&mut tbl, &mut blocks);
    Ok(assemble(blocks.iter().map(|b| match b {
        Block::Para(m) => Part::Para(m),
        Block::Table(rows) => Part::Table(rows),
    })))
}

#[cfg(test)]
mod tests;
