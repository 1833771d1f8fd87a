//! Rules: everything that turns a report model into findings. Each submodule owns one family
//! (arithmetic 勾稽关系 — with `blank_zero` for tables that write 0 as a blank —, cell values, structure, table-2 plausibility, years, narrative↔table, rows not filled in yet); `catalog` lists every
//! rule id with its severity and description. `check` runs them all and drops disabled rules;
//! `T3Rows` finds table 3's rows once for the rules that look them up.

pub mod arithmetic;
pub mod blank_zero;
pub mod catalog;
pub mod narrative;
pub mod structure;
pub mod table2;
pub mod unfilled;
pub mod values;
pub mod years;

use crate::finding::Finding;
use crate::model::{Report, T3Row, Table3};
use crate::template::{T3Role, T3RowDef, T3_ROWS};
use crate::vocab::CheckOptions;

/// All findings for one report, sorted by position. `text` is the report's own text.
pub fn check(report: &Report, text: &str, opts: &CheckOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    if !report.is_report {
        return out;
    }
    let rows = T3Rows::of(report);
    if !arithmetic::quick_clean(report, &rows) {
        let eqs = arithmetic::equations(report);
        arithmetic::findings(report, &eqs, &mut out);
    }
    values::check(report, &mut out);
    unfilled::check(report, text, &mut out);
    structure::check(report, &rows, &mut out);
    table2::check(report, &mut out);
    years::check(report, &mut out);
    narrative::check(report, text, &mut out);
    out.retain(|f| !opts.disabled_rules.contains(f.rule));
    out.sort_by(|a, b| (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule)));
    out
}

/// The index in `T3_ROWS` of the row `key` (evaluated at compile time).
const fn def_index(key: &str) -> usize {
    let mut i = 0;
    while i < T3_ROWS.len() {
        if crate::text::same_str(T3_ROWS[i].key, key) {
            return i;
        }
        i += 1;
    }
    panic!("not a table-3 row key")
}

/// Table 3's rows by template row, found in one pass over the table: `get(i)` is
/// `t3.row(T3_ROWS[i].key)` (which compares keys row by row, and the rules look rows up
/// dozens of times a report).
pub struct T3Rows<'a>([Option<&'a T3Row>; T3_ROWS.len()]);

impl<'a> T3Rows<'a> {
    pub const NEW: usize = def_index("new");
    pub const CARRY_IN: usize = def_index("carry_in");
    /// （六）其他处理 as one row (2019).
    pub const OTHER: usize = def_index("other");
    /// （六）其他处理 as three rows (2021).
    pub const OTHER_PARTS: [usize; 3] = [def_index("other_overdue"), def_index("other_unpaid"), def_index("other_rest")];
    pub const TOTAL: usize = def_index("total");
    pub const CARRY_OUT: usize = def_index("carry_out");

    /// The rows of the report's table 3 (none when it has none).
    pub fn of(r: &'a Report) -> T3Rows<'a> {
        r.t3.as_ref().map_or(T3Rows([None; T3_ROWS.len()]), T3Rows::new)
    }

    pub fn new(t3: &'a Table3) -> T3Rows<'a> {
        let mut rows = [None; T3_ROWS.len()];
        // Rows come in template order: look for each key from the one after the last found.
        let mut next = 0;
        for row in &t3.rows {
            if let Some(i) = (next..T3_ROWS.len()).chain(0..next).find(|&i| T3_ROWS[i].key == row.key) {
                // The first row of a key, as `Table3::row` finds it.
                rows[i].get_or_insert(row);
                next = i + 1;
            }
        }
        T3Rows(rows)
    }

    /// The row of template row `T3_ROWS[i]`.
    pub fn get(&self, i: usize) -> Option<&'a T3Row> {
        self.0[i]
    }

    /// Every template row with the table's row for it, in template order.
    pub fn by_def(&self) -> impl Iterator<Item = (&'static T3RowDef, Option<&'a T3Row>)> + '_ {
        T3_ROWS.iter().zip(self.0.iter().copied())
    }

    /// The leaf rows in template order, if the table has all of them: every leaf outside
    /// （六）, and （六） as one row or else as its three sub-rows.
    pub fn leaves(&self) -> Option<impl Iterator<Item = (&'static T3RowDef, &'a T3Row)> + '_> {
        let whole_six = self.0[Self::OTHER].is_some();
        let wanted = move |i: usize| {
            T3_ROWS[i].role == T3Role::Leaf
                && match i {
                    Self::OTHER => whole_six,
                    _ if Self::OTHER_PARTS.contains(&i) => !whole_six,
                    _ => true,
                }
        };
        if (0..T3_ROWS.len()).any(|i| wanted(i) && self.0[i].is_none()) {
            return None;
        }
        Some((0..T3_ROWS.len()).filter(move |&i| wanted(i)).filter_map(move |i| Some((&T3_ROWS[i], self.0[i]?))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `t3_leaves` as first written, looking every row up with `Table3::row`.
    fn reference_leaves(t3: &Table3) -> Option<Vec<&'static str>> {
        let mut keys = Vec::new();
        for def in T3_ROWS.iter().filter(|r| r.role == T3Role::Leaf) {
            let six = def.key == "other" || def.key.starts_with("other_");
            if !six && t3.row(def.key).is_none() {
                return None;
            }
            if !six {
                keys.push(def.key);
            }
        }
        if t3.row("other").is_some() {
            keys.push("other");
        } else if ["other_overdue", "other_unpaid", "other_rest"].iter().all(|k| t3.row(k).is_some()) {
            keys.extend(["other_overdue", "other_unpaid", "other_rest"]);
        } else {
            return None;
        }
        Some(keys)
    }

    proptest::proptest! {
        /// Tables with any rows in any order (repeats too), and runs of the whole template
        /// with or without one row.
        #[test]
        fn rows_are_found_as_table3_row_finds_them(picks in proptest::collection::vec((0..2 * T3_ROWS.len(), proptest::bool::ANY), 0..12)) {
            let mut rows = Vec::new();
            for (n, (i, keep)) in picks.into_iter().enumerate() {
                // Indices past the end stand for a run of the whole template, skipping one row.
                let keys: Vec<usize> = if i < T3_ROWS.len() { vec![i] } else { (0..T3_ROWS.len()).filter(|&k| keep || k != i - T3_ROWS.len()).collect() };
                for k in keys {
                    rows.push(T3Row { key: T3_ROWS[k].key, label_span: n..k, cells: Default::default() });
                }
            }
            let t3 = Table3 { span: 0..0, rows };
            let by_def = T3Rows::new(&t3);
            for (i, def) in T3_ROWS.iter().enumerate() {
                proptest::prop_assert!(std::ptr::eq(by_def.get(i).map_or(std::ptr::null(), |r| r), t3.row(def.key).map_or(std::ptr::null(), |r| r)));
            }
            proptest::prop_assert_eq!(arithmetic::t3_leaves(&t3), reference_leaves(&t3));
        }
    }
}
