//! Paragraph properties of a `.doc` file, as far as tables need them: the PlcBtePapx (in the
//! table stream) points at 512-byte PAPX FKP pages (in the WordDocument stream) whose runs of
//! file offsets carry a property list (sprms) each. Read are sprmPFInTable, sprmPItap (in a
//! table), sprmPFTtp (the mark ends a row) and, on a row's end, sprmTDefTable (the cells'
//! boundaries and merge flags) and sprmTVertMerge; a property list too large for its page
//! (sprmPHugePapx) is read from the `Data` stream. `to_grid` lays a table's rows out on the
//! grid of all its rows' cell boundaries, so a wide (merged) cell spans the columns it covers
//! and a vertically merged cell becomes a rowspan, as the `.docx` reader does.

use super::{u16_at, u32_at};
use crate::formats::grid::InCell;
use crate::formats::sourcemap::Mapped;

/// A row's definition (sprmTDefTable): cell boundaries in twips (one more than cells) and each
/// cell's merge flags (horizontal: 0 none, 1 first, 2–3 merged into the previous; vertical:
/// 0 none, 1 continues the cell above, 3 first of a vertical merge).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowDef {
    pub bounds: Vec<i16>,
    pub merges: Vec<(u8, u8)>,
}

/// What a paragraph mark's properties say about tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParaProps {
    pub in_table: bool,
    /// The mark ends a table row.
    pub ttp: bool,
    pub row: Option<RowDef>,
}

/// Runs of file offsets and their properties, sorted.
#[derive(Default)]
pub struct Papx {
    runs: Vec<(u32, u32, ParaProps)>,
}

const SPRM_P_FIN_TABLE: u16 = 0x2416;
const SPRM_P_FTTP: u16 = 0x2417;
const SPRM_P_ITAP: u16 = 0x6649;
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_T_VERT_MERGE: u16 = 0xD62B;
const SPRM_P_CHG_TABS: u16 = 0xC615;
const SPRM_P_HUGE_PAPX: u16 = 0x6646;

impl Papx {
    /// Read every FKP the PlcBtePapx names; what cannot be read is left out (paragraphs there
    /// then have no table properties).
    pub fn read(wd: &[u8], table: &[u8], data: &[u8], plc: (u32, u32)) -> Papx {
        let mut runs = Vec::new();
        let (at, len) = (plc.0 as usize, plc.1 as usize);
        let Some(b) = table.get(at..at.saturating_add(len)) else { return Papx::default() };
        if len < 4 || !(len - 4).is_multiple_of(8) {
            return Papx::default();
        }
        let n = (len - 4) / 8;
        for i in 0..n {
            let Some(pn) = u32_at(b, 4 * (n + 1) + 4 * i) else { break };
            let page = (pn & 0x3F_FFFF) as usize * 512;
            if let Some(fkp) = wd.get(page..page + 512) {
                read_fkp(fkp, data, &mut runs);
            }
        }
        runs.sort_by_key(|r| r.0);
        Papx { runs }
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// The properties of the paragraph whose mark is at file offset `fc`.
    pub fn props(&self, fc: u32) -> ParaProps {
        let i = self.runs.partition_point(|r| r.0 <= fc);
        match i.checked_sub(1).map(|j| &self.runs[j]) {
            Some((_, end, p)) if fc < *end => p.clone(),
            _ => ParaProps::default(),
        }
    }
}

/// One PAPX FKP page: `crun` runs of file offsets, each with its property list.
fn read_fkp(fkp: &[u8], data: &[u8], runs: &mut Vec<(u32, u32, ParaProps)>) {
    let crun = fkp[511] as usize;
    for i in 0..crun {
        let (Some(start), Some(end)) = (u32_at(fkp, 4 * i), u32_at(fkp, 4 * i + 4)) else { return };
        let Some(&b_offset) = fkp.get(4 * (crun + 1) + 13 * i) else { return };
        let props = if b_offset == 0 { ParaProps::default() } else { papx_in_fkp(fkp, data, 2 * b_offset as usize).unwrap_or_default() };
        if end > start {
            runs.push((start, end, props));
        }
    }
}

/// A PapxInFkp: its size, the style index, then the sprms.
fn papx_in_fkp(fkp: &[u8], data: &[u8], at: usize) -> Option<ParaProps> {
    let cb = *fkp.get(at)? as usize;
    let (start, len) = if cb == 0 { (at + 2, 2 * *fkp.get(at + 1)? as usize) } else { (at + 1, 2 * cb - 1) };
    let grpprl = fkp.get(start + 2..(start + len).min(fkp.len()))?;
    let mut p = ParaProps::default();
    sprms(grpprl, data, &mut p);
    Some(p)
}

/// The table properties among a property list's sprms, added to `p`; sprmPHugePapx points
/// at more of them in the Data stream (read once: no deeper).
fn sprms(b: &[u8], data: &[u8], p: &mut ParaProps) {
    let mut vert: Vec<(usize, u8)> = Vec::new();
    let mut at = 0;
    while let Some(sprm) = u16_at(b, at) {
        at += 2;
        let len = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match sprm {
                SPRM_T_DEF_TABLE => {
                    let Some(cb) = u16_at(b, at) else { break };
                    // The size counts itself plus one.
                    let body = b.get(at + 2..(at + 1 + cb as usize).min(b.len())).unwrap_or_default();
                    p.row = Some(tdef(body));
                    at += 1 + cb as usize;
                    continue;
                }
                SPRM_P_CHG_TABS => {
                    let Some(&cb) = b.get(at) else { break };
                    1 + cb as usize
                }
                _ => {
                    let Some(&cb) = b.get(at) else { break };
                    1 + cb as usize
                }
            },
        };
        let op = b.get(at..at + len).unwrap_or_default();
        match sprm {
            SPRM_P_FIN_TABLE => p.in_table |= op.first().is_some_and(|&v| v != 0),
            SPRM_P_FTTP => p.ttp |= op.first().is_some_and(|&v| v != 0),
            SPRM_P_ITAP => p.in_table |= u32_at(op, 0).is_some_and(|v| v > 0),
            SPRM_P_HUGE_PAPX if !data.is_empty() => {
                let at = u32_at(op, 0).unwrap_or(u32::MAX) as usize;
                if let Some(cb) = u16_at(data, at) {
                    if let Some(more) = data.get(at + 2..(at + 2).saturating_add(cb as usize)) {
                        sprms(more, &[], p);
                    }
                }
            }
            SPRM_T_VERT_MERGE => {
                if let (Some(&itc), Some(&flag)) = (op.get(1), op.get(2)) {
                    vert.push((itc as usize, flag));
                }
            }
            _ => {}
        }
        at += len;
    }
    if let Some(r) = p.row.as_mut() {
        for (itc, flag) in vert {
            if let Some(m) = r.merges.get_mut(itc) {
                m.1 = flag;
            }
        }
    }
}

/// A TDefTableOperand after its size: the number of cells, their boundaries, their TC80s.
fn tdef(b: &[u8]) -> RowDef {
    let n = b.first().copied().unwrap_or(0) as usize;
    let bounds: Vec<i16> = (0..=n).map_while(|i| u16_at(b, 1 + 2 * i).map(|v| v as i16)).collect();
    let tcs = 1 + 2 * (n + 1);
    let merges = (0..n)
        .map(|i| {
            let grf = u16_at(b, tcs + 20 * i).unwrap_or(0);
            ((grf & 3) as u8, ((grf >> 5) & 3) as u8)
        })
        .collect();
    RowDef { bounds, merges }
}

/// Boundaries closer than this (twips) are the same grid line.
const SNAP: i32 = 20;

/// A table's rows (cells and the row's definition) on one grid: the union of the rows' cell
/// boundaries gives the columns; a cell spans the columns between its boundaries; a cell merged
/// into the previous one widens it; a cell continuing a vertical merge extends the cell above.
/// A row's last cell spans one column: drawn wider to the table's edge, it adds no column.
pub fn to_grid(rows: Vec<(Vec<Mapped>, Option<RowDef>)>) -> Vec<Vec<InCell>> {
    let mut lines: Vec<i32> = rows.iter().filter_map(|r| r.1.as_ref()).flat_map(|d| d.bounds.iter().map(|&v| v as i32)).collect();
    lines.sort_unstable();
    lines.dedup_by(|a, b| (*a - *b).abs() < SNAP);
    let col_of = |x: i16| lines.partition_point(|&l| l + SNAP <= x as i32);
    let mut out: Vec<Vec<InCell>> = Vec::with_capacity(rows.len());
    // Grid column → (row, index in that row) of the cell a vertical merge continues.
    let mut open: std::collections::HashMap<usize, (usize, usize)> = Default::default();
    for (r, (cells, def)) in rows.into_iter().enumerate() {
        let mut line: Vec<InCell> = Vec::with_capacity(cells.len());
        let mut col = 0;
        for (i, content) in cells.into_iter().enumerate() {
            let d = def.as_ref().filter(|d| i + 1 < d.bounds.len());
            let (start, span) = match d {
                Some(d) => {
                    let (a, b) = (col_of(d.bounds[i]), col_of(d.bounds[i + 1]));
                    (a, b.saturating_sub(a).max(1))
                }
                None => (col, 1),
            };
            let (horz, vert) = d.and_then(|d| d.merges.get(i).copied()).unwrap_or((0, 0));
            if horz >= 2 && content.text.is_empty() {
                if let Some(prev) = line.last_mut() {
                    prev.colspan += span;
                    col = start + span;
                    continue;
                }
            }
            if vert == 1 && content.text.is_empty() {
                if let Some(&(or, oi)) = open.get(&start) {
                    if let Some(o) = out.get_mut(or).and_then(|l: &mut Vec<InCell>| l.get_mut(oi)) {
                        o.rowspan += 1;
                        col = start + span;
                        continue;
                    }
                }
            }
            if vert == 3 {
                open.insert(start, (r, line.len()));
            } else {
                open.remove(&start);
            }
            // Columns skipped by a row that starts further right stay free.
            let gap = start.saturating_sub(col).min(64);
            for _ in 0..gap {
                line.push(InCell { content: Mapped::default(), rowspan: 1, colspan: 1 });
            }
            line.push(InCell { content, rowspan: 1, colspan: span });
            col = start + span;
        }
        // A row's last cell drawn out to the table's edge spans nothing the row needs: it is
        // one cell (a wide value or header repeated would read as blank or extra columns).
        if let Some(last) = line.last_mut() {
            last.colspan = 1;
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> Mapped {
        let mut m = Mapped::default();
        m.push_synthetic(s);
        m
    }

    #[test]
    fn wide_and_vertically_merged_cells_span_the_grid() {
        let def = |b: &[i16], m: &[(u8, u8)]| Some(RowDef { bounds: b.to_vec(), merges: m.to_vec() });
        let rows = vec![
            (vec![cell("a"), cell("头")], def(&[0, 100, 300], &[(0, 3), (0, 0)])),
            (vec![cell(""), cell("x"), cell("y")], def(&[0, 100, 200, 300], &[(0, 1), (0, 0), (0, 0)])),
        ];
        let g = to_grid(rows);
        assert_eq!(g[0].len(), 2);
        assert_eq!((g[0][0].rowspan, g[0][1].colspan), (2, 1), "the last cell spans one column");
        assert_eq!(g[1].len(), 2, "the continuation is folded into the cell above");
    }

    #[test]
    fn property_lists_are_read_and_bounded() {
        // sprmPFInTable 1, sprmPFTtp 1, sprmTDefTable with 1 cell (cb = 1 + 1 + 4 + 20).
        let mut b = vec![0x16, 0x24, 1, 0x17, 0x24, 1, 0x08, 0xD6];
        b.extend_from_slice(&26u16.to_le_bytes());
        b.push(1);
        b.extend_from_slice(&0i16.to_le_bytes());
        b.extend_from_slice(&500i16.to_le_bytes());
        b.extend_from_slice(&[0x60, 0, 0, 0]);
        b.extend_from_slice(&[0; 16]);
        let mut p = ParaProps::default();
        sprms(&b, &[], &mut p);
        assert!(p.in_table && p.ttp);
        assert_eq!(p.row, Some(RowDef { bounds: vec![0, 500], merges: vec![(0, 3)] }));
        // The same list kept in the Data stream and pointed at by sprmPHugePapx.
        let mut data = vec![0xAA; 3];
        data.extend_from_slice(&(b.len() as u16).to_le_bytes());
        data.extend_from_slice(&b);
        let mut q = ParaProps::default();
        sprms(&[0x46, 0x66, 3, 0, 0, 0], &data, &mut q);
        assert_eq!(p, q);
        for cut in 0..b.len() {
            sprms(&b[..cut], &data[..cut], &mut ParaProps::default());
        }
    }
}
