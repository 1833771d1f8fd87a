//! What a batch run keeps of a report for the cross-year step, once the report is checked: its
//! title, year, template and identity, where its first template marker sits, and the
//! whole-number cells the cross-year rules read (table 3's 新收/结转/总计 rows, table 4's totals, table 2's stock
//! columns), each with its span. A run over thousands of reports holds this until every pair
//! is checked: a few hundred bytes a report, where even a slimmed model took kilobytes. The
//! rules read models, so a pair's two models are rebuilt from their records (`Record::model`)
//! while the pair is checked, with exactly the cells, spans and values the rules read.

use super::agency::{identity_or_lack_of, Identity, Lacks};
use crate::explain::CellPlace;
use crate::finding::Num;
use crate::model::{Cell, Report, T2Block, T2Row, T3Row, Table3, Table4};
use crate::template::{T2_ROW_LABELS, T3_COLS, T4_COLS, T4_GROUP_LABELS};
use crate::text::{CellRange, CellValue};
use crate::vocab::TemplateId;
use std::ops::Range;

/// The rows of table 3 the cross-year rules read: carried in and out (`xy_carry_over`), new
/// applications and the total (`xy_jump`).
pub(super) const XY_T3_ROWS: [&str; 4] = ["new", "carry_in", "carry_out", "total"];

/// The items of table 2 the cross-year rules read (`xy_t2_stock`): (一) in the 2021 template,
/// (五), (六) and (八) in the 2019 one.
pub(super) const XY_T2_ITEMS: [u8; 4] = [1, 5, 6, 8];

/// The table-2 columns those items' rules read.
const XY_T2_COLUMNS: [&str; 5] = ["现行有效件数", "本年制发件数", "本年废止件数", "上一年项目数量", "本年增/减"];

/// Which cell a kept value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    /// Table 3: the row's index in `XY_T3_ROWS`, the column's in `T3_COLS`.
    T3 { row: u8, col: u8 },
    /// Table 4: the cell's index (group × 5 + column).
    T4(u8),
    /// Table 2: the item, the row's label as the model has it (its index in
    /// `T2_ROW_LABELS`), the column's index in `XY_T2_COLUMNS`.
    T2 { item: u8, row: u8, col: u8 },
}

/// One whole-number cell: which, where (report-relative: a file, and so a report, is under
/// 4 GiB), and its value. 24 bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Kept {
    key: Key,
    start: u32,
    end: u32,
    value: i64,
}

impl Kept {
    fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A report as the cross-year step keeps it (see the module comment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub title: Box<str>,
    pub title_span: Option<Range<usize>>,
    pub year: Option<i32>,
    pub template: Option<TemplateId>,
    /// Who the report is from and its year (for pairing), or what its title lacks: read once,
    /// while the report is checked on any core, not in the run's serial cross-year step.
    pub identity: Result<Identity, Lacks>,
    /// The first 2019 and the first 2021 template marker (`xy_template` points at them).
    marker_2019: Option<Range<usize>>,
    marker_2021: Option<Range<usize>>,
    cells: Box<[Kept]>,
}

impl Record {
    /// The record of a checked report's model.
    pub fn of(r: &Report) -> Record {
        let mut cells = Vec::new();
        let mut keep = |key: Key, c: &Cell| {
            if let (Some(value), Ok(start), Ok(end)) = (c.value.int(), u32::try_from(c.span.start), u32::try_from(c.span.end)) {
                cells.push(Kept { key, start, end, value });
            }
        };
        if let Some(t3) = &r.t3 {
            for (n, row) in t3.rows.iter().enumerate() {
                // A repeated row: `Table3::row` finds the first one only.
                let Some(k) = XY_T3_ROWS.iter().position(|&x| x == row.key).filter(|_| !t3.rows[..n].iter().any(|r| r.key == row.key)) else { continue };
                // 新收 and 总计: only their 总计 column (`xy_jump`); 结转: every column.
                let every = row.key.starts_with("carry");
                for (c, cell) in row.cells.iter().enumerate().filter(|&(c, _)| every || c == crate::template::T3_TOT) {
                    if let Some(cell) = cell {
                        keep(Key::T3 { row: k as u8, col: c as u8 }, cell);
                    }
                }
            }
        }
        if let Some(t4) = &r.t4 {
            // Each group's 总计 (`xy_jump`).
            for k in (T4_COLS.len() - 1..t4.cells.len()).step_by(T4_COLS.len()) {
                if let Some(cell) = &t4.cells[k] {
                    keep(Key::T4(k as u8), cell);
                }
            }
        }
        for b in r.t2.iter().filter(|b| XY_T2_ITEMS.contains(&b.item)) {
            for (n, row) in b.rows.iter().enumerate() {
                // A repeated label: `T2Block::row` finds the first row of it only.
                let Some(label) = T2_ROW_LABELS.iter().position(|&l| l == row.label).filter(|_| !b.rows[..n].iter().any(|r| r.label == row.label)) else { continue };
                for (k, (name, _)) in b.columns.iter().enumerate() {
                    // A repeated column: `T2Block::int_at` reads the first one only.
                    if b.columns[..k].iter().any(|(c, _)| c == name) {
                        continue;
                    }
                    let (Some(col), Some(cell)) = (XY_T2_COLUMNS.iter().position(|&x| x == name), row.cells.get(k)) else { continue };
                    keep(Key::T2 { item: b.item, row: label as u8, col: col as u8 }, cell);
                }
            }
        }
        Record {
            title: r.title.as_str().into(),
            title_span: r.title_span.clone(),
            year: r.year.as_ref().map(|y| y.0),
            template: r.template,
            identity: identity_or_lack_of(r),
            marker_2019: r.markers_2019.first().cloned(),
            marker_2021: r.markers_2021.first().cloned(),
            cells: cells.into_boxed_slice(),
        }
    }

    /// A model holding what the record keeps, as the cross-year rules and pairing read it: the
    /// title, year, template and first markers, and the kept cells in their tables, rows and
    /// columns (table 2's rows in their first appearance's order, a column the row lacks blank
    /// at no place in the text). Other spans are empty.
    pub fn model(&self) -> Report {
        let cell = |k: &Kept| Cell { span: k.span(), value: int_value(k.value) };
        let mut t3_rows: Vec<T3Row> = Vec::new();
        let mut t4 = None::<Table4>;
        let mut t2: Vec<T2Block> = Vec::new();
        for k in self.cells.iter() {
            match k.key {
                Key::T3 { row, col } => {
                    let key = XY_T3_ROWS[row as usize];
                    let i = match t3_rows.iter().position(|r| r.key == key) {
                        Some(i) => i,
                        None => {
                            t3_rows.push(T3Row { key, label_span: 0..0, cells: Default::default() });
                            t3_rows.len() - 1
                        }
                    };
                    t3_rows[i].cells[col as usize] = Some(cell(k));
                }
                Key::T4(i) => t4.get_or_insert_with(|| Table4 { span: 0..0, cells: Default::default() }).cells[i as usize] = Some(cell(k)),
                Key::T2 { item, row, col } => {
                    let row = T2_ROW_LABELS[row as usize];
                    let b = match t2.iter().position(|b| b.item == item) {
                        Some(b) => b,
                        None => {
                            let columns = XY_T2_COLUMNS.iter().map(|&c| (std::borrow::Cow::Borrowed(c), 0..0)).collect();
                            t2.push(T2Block { item, caption_span: 0..0, columns, rows: Vec::new() });
                            t2.len() - 1
                        }
                    };
                    let rows = &mut t2[b].rows;
                    let r = match rows.iter().position(|r| r.label == row) {
                        Some(r) => r,
                        None => {
                            // A column the row lacks: blank, at no place in the text.
                            let nowhere = Cell { span: usize::MAX..usize::MAX, value: CellValue::Blank };
                            rows.push(T2Row { label: row, label_span: 0..0, cells: vec![nowhere; XY_T2_COLUMNS.len()] });
                            rows.len() - 1
                        }
                    };
                    rows[r].cells[col as usize] = cell(k);
                }
            }
        }
        Report {
            title_span: self.title_span.clone(),
            title: self.title.to_string(),
            year: self.year.map(|y| (y, 0..0)),
            t2,
            t3: (!t3_rows.is_empty()).then_some(Table3 { span: 0..0, rows: t3_rows }),
            t4,
            markers_2019: self.marker_2019.iter().cloned().collect(),
            markers_2021: self.marker_2021.iter().cloned().collect(),
            template: self.template,
            is_report: true,
            ..Default::default()
        }
    }

    /// The kept cell at report-relative byte `pos` and its place (table, row and column
    /// labels), as `explain::cell_place` names it from the whole model.
    pub fn cell_place(&self, pos: usize) -> Option<CellPlace> {
        let k = self.cells.iter().find(|k| k.start as usize <= pos && pos <= k.end as usize)?;
        let (table, row, column) = match k.key {
            Key::T3 { row, col } => (3, crate::template::t3_row(XY_T3_ROWS[row as usize]).map_or("", |d| d.label), T3_COLS[col as usize]),
            Key::T4(i) => (4, T4_GROUP_LABELS[i as usize / T4_COLS.len()], T4_COLS[i as usize % T4_COLS.len()]),
            Key::T2 { row, col, .. } => (2, T2_ROW_LABELS[row as usize], XY_T2_COLUMNS[col as usize]),
        };
        Some(CellPlace { table, row: row.to_string(), column: column.to_string() })
    }
}

/// A whole number as a cell holds it (what `CellValue::int` reads back).
fn int_value(v: i64) -> CellValue {
    CellValue::Number { value: Num::Int(v), unit: None, range: CellRange { start: 0, end: 0 }, decimal: false, negative: v < 0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crossyear::rules::{self, Side};
    use std::sync::Arc;

    /// Every report model of the bundled fixtures.
    fn models() -> Vec<Report> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        paths.sort();
        let opts = crate::vocab::CheckOptions::default();
        paths.iter().flat_map(|p| crate::api::check_text_keeping_models(&std::fs::read_to_string(p).unwrap(), &opts).1).map(|(_, r)| r).collect()
    }

    #[test]
    fn rules_read_the_same_from_a_record_as_from_the_whole_model() {
        let all = models();
        assert!(all.len() >= 10);
        let file: Arc<str> = "f".into();
        let mut compared = 0;
        for prev in &all {
            for this in &all {
                let side = |r| Side { report: r, offset: 7, file: &file };
                let whole = rules::check(side(prev), side(this));
                let (p, t) = (Record::of(prev).model(), Record::of(this).model());
                assert_eq!(rules::check(side(&p), side(&t)), whole, "{} / {}", prev.title, this.title);
                compared += whole.len();
            }
        }
        assert!(compared > 50, "the fixtures' pairs give cross-year findings to compare ({compared})");
    }

    #[test]
    fn a_kept_cell_is_named_as_the_whole_model_names_it() {
        for r in models() {
            let rec = Record::of(&r);
            assert_eq!(rec.title.as_ref(), r.title);
            assert_eq!(crate::crossyear::agency::identity_of(&rec.title, rec.year), crate::crossyear::identity(&r));
            assert_eq!(rec.identity.as_ref().ok(), crate::crossyear::identity(&r).as_ref());
            assert!(!rec.cells.is_empty() || r.t3.is_none());
            for k in rec.cells.iter() {
                let (place, cell) = crate::explain::cell_place(&r, k.start as usize).unwrap();
                assert_eq!(rec.cell_place(k.start as usize), Some(place));
                assert_eq!((cell.span.clone(), cell.value.int()), (k.span(), Some(k.value)));
            }
        }
    }
}
