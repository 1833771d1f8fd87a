//! Blank means 0 where the agency writes no 0. Some agencies print every 0 of table 3 as an
//! empty cell. Such a table is recognised by `writes_zero_as_blank` (no cell holds 0, some cell
//! holds a number, and at least `MIN_BLANKS` applicant cells outside （七）总计 are blank), and
//! `effective` gives the table as the arithmetic reads it: every blank cell is 0, except a blank
//! 总计 whose parts do not add up to 0, which stays blank — a missing total, reported with its
//! sum and filled by the fix. A table that writes 0 anywhere keeps its blanks as "missing".

use crate::finding::Num;
use crate::model::{Cell, Table3};
use crate::rules::T3Rows;
use crate::template::T3_TOT;
use crate::text::CellValue;

/// How many blank applicant cells (the six columns before 总计, outside the （七）总计 row) a
/// table with no 0 needs before its blanks are read as 0. `fix` fills only 总计 cells and the
/// （七）总计 row, so filling never changes this count: a fixed table is still read the same way.
pub const MIN_BLANKS: usize = 10;

fn is_blank(c: &Option<Cell>) -> bool {
    matches!(c.as_ref().map(|c| &c.value), Some(CellValue::Blank))
}

/// Whether table 3 writes 0 as a blank: none of its cells holds 0 (in any spelling: `0`, `０`,
/// `0件`, `0.0`), at least one holds a number, and at least `MIN_BLANKS` of the cells of the
/// six applicant columns outside the （七）总计 row are blank. Stops at the first 0, which in a
/// table that writes 0s comes within its first row or two.
pub fn writes_zero_as_blank(t3: &Table3) -> bool {
    let mut blanks = 0;
    let mut numbers = false;
    for row in &t3.rows {
        for (c, cell) in row.cells.iter().enumerate() {
            match cell.as_ref().map(|c| &c.value) {
                Some(CellValue::Number { value: Num::Int(0), .. }) => return false,
                Some(CellValue::Number { .. }) => numbers = true,
                Some(CellValue::Blank) if c < T3_TOT && row.key != "total" => blanks += 1,
                _ => {}
            }
        }
    }
    numbers && blanks >= MIN_BLANKS
}

/// A 0 where `cell` is: zero-width, at the blank's insertion point (a fix writing there inserts).
fn zero(cell: &Cell) -> Cell {
    Cell { span: cell.span.clone(), value: CellValue::Number { value: Num::Int(0), unit: None, range: Default::default(), decimal: false, negative: false } }
}

/// Σ of cells when every one is present and a whole number.
fn sum<'a>(cells: impl IntoIterator<Item = &'a Option<Cell>>) -> Option<i64> {
    cells.into_iter().try_fold(0i64, |a, c| a.checked_add(c.as_ref()?.value.int()?))
}

/// Table 3 as the arithmetic reads it when it writes 0 as a blank: blank applicant cells are
/// 0; a blank 总计 is 0 when every sum that defines it is known and 0 (a row total: its row's
/// parts; a （七）总计 cell: its column's outcome rows; the corner: both), and stays blank
/// otherwise (a missing total).
pub fn effective(t3: &Table3) -> Table3 {
    let mut out = t3.clone();
    for row in out.rows.iter_mut().filter(|r| r.key != "total") {
        for cell in row.cells[..T3_TOT].iter_mut().filter(|c| is_blank(c)).flatten() {
            *cell = zero(cell);
        }
        if is_blank(&row.cells[T3_TOT]) && sum(&row.cells[..T3_TOT]) == Some(0) {
            row.cells[T3_TOT] = row.cells[T3_TOT].as_ref().map(zero);
        }
    }
    // The outcome rows' column sums, from the rows just made effective.
    let col_sums: Option<Vec<Option<i64>>> = T3Rows::new(&out).leaves().map(|leaves| {
        let leaves: Vec<_> = leaves.map(|(_, r)| r).collect();
        (0..=T3_TOT).map(|c| sum(leaves.iter().map(|r| &r.cells[c]))).collect()
    });
    let Some(col_sums) = col_sums else { return out };
    if let Some(total) = out.rows.iter_mut().find(|r| r.key == "total") {
        for (cell, sum) in total.cells[..T3_TOT].iter_mut().zip(&col_sums) {
            if is_blank(cell) && *sum == Some(0) {
                *cell = cell.as_ref().map(zero);
            }
        }
        if is_blank(&total.cells[T3_TOT]) && col_sums[T3_TOT] == Some(0) && sum(&total.cells[..T3_TOT]) == Some(0) {
            total.cells[T3_TOT] = total.cells[T3_TOT].as_ref().map(zero);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::T3Row;
    use crate::template::T3_ROWS;

    fn cell(at: usize, text: &str) -> Option<Cell> {
        Some(Cell { span: at..at + text.len(), value: crate::text::parse_cell(text) })
    }

    /// A 2019-shaped table (every template row but the three （六） parts), each row's
    /// cells given by `f(row key, column)`.
    fn table(f: impl Fn(&str, usize) -> &'static str) -> Table3 {
        let rows = T3_ROWS
            .iter()
            .filter(|d| d.in_2019)
            .enumerate()
            .map(|(i, d)| T3Row { key: d.key, label_span: i * 100..i * 100 + 1, cells: std::array::from_fn(|c| cell(i * 100 + 10 * c + 2, f(d.key, c))) })
            .collect();
        Table3 { span: 0..10_000, rows }
    }

    #[test]
    fn a_table_with_a_zero_is_not_blank_for_zero() {
        let t = table(|key, c| match (key, c) {
            ("new", 0) => "3",
            ("new", 1) => "0",
            _ => "",
        });
        assert!(!writes_zero_as_blank(&t));
        assert!(!writes_zero_as_blank(&table(|_, _| "")), "an unfilled table stays unfilled");
        let t = table(|key, c| match (key, c) {
            ("new" | "total", 0 | 6) => "3",
            _ => "",
        });
        assert!(writes_zero_as_blank(&t));
        let t = table(|key, c| match (key, c) {
            ("new" | "total", 0 | 6) => "3",
            ("new", 1) => "０",
            _ => "",
        });
        assert!(!writes_zero_as_blank(&t), "a full-width 0 is a 0");
    }

    #[test]
    fn blank_totals_with_parts_stay_missing() {
        let t = table(|key, c| match (key, c) {
            ("new" | "open", 0) => "3",
            ("total", 0) => "3",
            _ => "",
        });
        assert!(writes_zero_as_blank(&t));
        let e = effective(&t);
        let get = |key: &str, c: usize| e.row(key).unwrap().cells[c].as_ref().unwrap().value.int();
        assert_eq!(get("new", 1), Some(0));
        assert_eq!(get("new", T3_TOT), None, "3 + 0 + … is not 0: missing");
        assert_eq!(get("carry_in", T3_TOT), Some(0));
        assert_eq!(get("total", 1), Some(0));
        assert_eq!(get("total", T3_TOT), None, "the corner's column has a missing total");
    }
}
