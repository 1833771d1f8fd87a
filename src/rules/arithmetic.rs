//! The hard 勾稽关系 of tables 3 and 4 as equations: every sum the template defines, with the
//! cells on each side. Findings are the equations that fail; hovers show the equations a cell
//! takes part in; fixes write the computed side into the 总计 cell.

use crate::finding::{Edit, Finding, Msg, Num, Related, Severity};
use crate::model::{Cell, Report, T3Row, Table3};
use crate::rules::{blank_zero, T3Rows};
use std::borrow::Cow;
use crate::template::{t3_row, T3_COLS, T3_TOT, T4_COLS, T4_GROUP_LABELS};
use crate::text::CellValue;

/// A label in both languages, from the template tables (no allocation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Label {
    pub fn get(self, en: bool) -> &'static str {
        if en {
            self.en
        } else {
            self.zh
        }
    }
}

/// One term of an equation: a labelled cell (possibly missing from the table).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub label: Label,
    pub cell: Option<Cell>,
}

impl Term {
    pub fn value(&self) -> Option<i64> {
        self.cell.as_ref().and_then(|c| c.value.int())
    }
    fn is_blank(&self) -> bool {
        matches!(self.cell.as_ref().map(|c| &c.value), Some(CellValue::Blank | CellValue::Placeholder))
    }
}

/// Where an equation lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A table-3 row's own total (row key).
    T3Row(&'static str),
    /// The （七）总计 row, column c.
    T3TotalCol(usize),
    /// The balance of table-3 column c.
    T3Balance(usize),
    /// Table-4 group g.
    T4(usize),
}

use crate::template::{T3_COLS_EN as COLS_EN, T4_GROUPS_EN as T4_EN};

impl Place {
    /// For messages: e.g. 表三 · 一、本年新收…
    pub fn msg(self) -> Msg {
        match self {
            Place::T3Row(key) => {
                let label = t3_label(key);
                Msg::new(format!("表三 · {label}"), format!("Table 3 · {label}"))
            }
            Place::T3TotalCol(c) => Msg::new(format!("表三 · （七）总计 · {}", T3_COLS[c]), format!("Table 3 · (七) total · {}", COLS_EN[c])),
            Place::T3Balance(c) => Msg::new(format!("表三 · {}列", T3_COLS[c]), format!("Table 3 · column {}", COLS_EN[c])),
            Place::T4(g) => Msg::new(format!("表四 · {}", T4_GROUP_LABELS[g]), format!("Table 4 · {}", T4_EN[g])),
        }
    }
}

/// `Σ left = Σ right`. For a total, `left` is the single 总计 cell and `fill` is true: the
/// total may be rewritten as the sum of `right`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Equation {
    pub rule: &'static str,
    pub place: Place,
    pub left: Vec<Term>,
    pub right: Vec<Term>,
    pub fill: bool,
}

fn sum(ts: &[Term]) -> Option<i64> {
    cells_sum(ts.iter().map(|t| t.cell.as_ref()))
}

/// Σ of cells when every one is present and a whole number (overflow counts as undecidable).
fn cells_sum<'a>(cells: impl IntoIterator<Item = Option<&'a Cell>>) -> Option<i64> {
    cells.into_iter().try_fold(0i64, |a, c| c?.value.int().and_then(|v| a.checked_add(v)))
}

impl Equation {
    pub fn right_sum(&self) -> Option<i64> {
        sum(&self.right)
    }
    pub fn left_sum(&self) -> Option<i64> {
        sum(&self.left)
    }
    /// `Some(true)` holds, `Some(false)` fails, `None` cannot be decided (a term is missing).
    pub fn holds(&self) -> Option<bool> {
        Some(self.left_sum()? == self.right_sum()?)
    }
    /// The total is blank while every part is filled: a "missing total".
    pub fn missing_total(&self) -> bool {
        self.fill && self.left.len() == 1 && self.left[0].is_blank() && self.right_sum().is_some()
    }
    /// Does this equation involve the cell starting at `pos`?
    pub fn involves(&self, pos: usize) -> bool {
        self.left.iter().chain(&self.right).any(|t| t.cell.as_ref().is_some_and(|c| c.span.start <= pos && pos <= c.span.end))
    }
    /// The 总计 cell a total equation computes (`None` for the table-3 balance).
    pub fn total_cell(&self) -> Option<&Cell> {
        if !self.fill {
            return None;
        }
        self.left.first()?.cell.as_ref()
    }
    /// The edit that makes a total equation hold (or fills a blank total).
    pub fn fill_edit(&self) -> Option<Edit> {
        let cell = self.total_cell()?;
        let want = self.right_sum()?;
        if cell.value.int() == Some(want) {
            return None;
        }
        Some(Edit { range: cell.number_range(), new_text: want.to_string() })
    }
}

fn t3_label(key: &str) -> &'static str {
    t3_row(key).map_or("", |r| r.label)
}

fn col_label(c: usize) -> Label {
    Label { zh: T3_COLS[c], en: COLS_EN[c] }
}

fn term(row: &T3Row, c: usize, label: Label) -> Term {
    Term { label, cell: row.cells[c].clone() }
}

/// The keys of the leaf rows a table-3 report has, if it has all of them (either （六） form
/// counts; see [`T3Rows::leaves`]).
pub fn t3_leaves(t3: &Table3) -> Option<Vec<&'static str>> {
    Some(T3Rows::new(t3).leaves()?.map(|(def, _)| def.key).collect())
}

/// The report as the arithmetic reads it: when its table 3 writes 0 as a blank (see
/// [`blank_zero`]), a copy whose table 3 has those blanks as 0; otherwise the report itself.
pub fn arithmetic_view(r: &Report) -> Cow<'_, Report> {
    match &r.t3 {
        Some(t3) if blank_zero::writes_zero_as_blank(t3) => Cow::Owned(Report { t3: Some(blank_zero::effective(t3)), ..r.clone() }),
        _ => Cow::Borrowed(r),
    }
}

/// Every equation of tables 3 and 4 in the report (as [`arithmetic_view`] reads it).
pub fn equations(r: &Report) -> Vec<Equation> {
    let view = arithmetic_view(r);
    let r = &*view;
    let mut out = Vec::new();
    if let Some(t3) = &r.t3 {
        let by_key = T3Rows::new(t3);
        // R3.ROW: every data row.
        for row in &t3.rows {
            out.push(Equation {
                rule: "t3_row_total",
                place: Place::T3Row(row.key),
                left: vec![Term { label: col_label(T3_TOT), cell: row.cells[T3_TOT].clone() }],
                right: (0..T3_TOT).map(|c| Term { label: col_label(c), cell: row.cells[c].clone() }).collect(),
                fill: true,
            });
        }
        // R3.LEAF: （七）总计 = Σ leaves, per column.
        if let (Some(leaves), Some(total)) = (by_key.leaves(), by_key.get(T3Rows::TOTAL)) {
            let rows: Vec<(&T3Row, &'static str)> = leaves.map(|(def, r)| (r, def.label)).collect();
            for c in 0..=T3_TOT {
                out.push(Equation {
                    rule: "t3_total_vs_leaves",
                    place: Place::T3TotalCol(c),
                    left: vec![Term { label: Label { zh: "（七）总计", en: "(七) total" }, cell: total.cells[c].clone() }],
                    right: rows.iter().map(|(r, l)| Term { label: Label { zh: l, en: l }, cell: r.cells[c].clone() }).collect(),
                    fill: true,
                });
            }
        }
        // R3.BAL: 一 + 二 = （七） + 四, per column.
        if let (Some(new), Some(carry_in), Some(total), Some(carry_out)) = (by_key.get(T3Rows::NEW), by_key.get(T3Rows::CARRY_IN), by_key.get(T3Rows::TOTAL), by_key.get(T3Rows::CARRY_OUT)) {
            for c in 0..=T3_TOT {
                out.push(Equation {
                    rule: "t3_column_balance",
                    place: Place::T3Balance(c),
                    left: vec![term(new, c, Label { zh: "一、本年新收", en: "new" }), term(carry_in, c, Label { zh: "二、上年结转", en: "carried in" })],
                    right: vec![term(total, c, Label { zh: "（七）总计", en: "(七) total" }), term(carry_out, c, Label { zh: "四、结转下年度", en: "carried over" })],
                    fill: false,
                });
            }
        }
    }
    if let Some(t4) = &r.t4 {
        let en_cols = ["upheld", "corrected", "other", "pending", "total"];
        for g in 0..3 {
            let cell = |k: usize| t4.cells[g * 5 + k].clone();
            out.push(Equation {
                rule: "t4_total",
                place: Place::T4(g),
                left: vec![Term { label: Label { zh: T4_COLS[4], en: en_cols[4] }, cell: cell(4) }],
                right: (0..4).map(|k| Term { label: Label { zh: T4_COLS[k], en: en_cols[k] }, cell: cell(k) }).collect(),
                fill: true,
            });
        }
    }
    out
}

fn show(v: Option<i64>) -> String {
    v.map_or_else(|| "?".to_string(), |v| v.to_string())
}

/// `自然人 36 + 商业企业 5 + …` in one language.
pub fn terms_text(ts: &[Term], en: bool) -> String {
    ts.iter().map(|t| format!("{} {}", t.label.get(en), show(t.value()))).collect::<Vec<_>>().join(" + ")
}

/// True when every leaf row's own total is consistent, so Σ leaf totals can be trusted for the
/// corner cell (spec §2.1 step 3).
fn leaf_rows_consistent(eqs: &[Equation], r: &Report) -> bool {
    let Some(t3) = &r.t3 else { return true };
    let Some(leaves) = t3_leaves(t3) else { return true };
    // `equations` lists the row totals first, in the order of `t3.rows`.
    eqs.iter().filter(|e| e.rule == "t3_row_total").zip(&t3.rows).all(|(e, row)| !leaves.contains(&row.key) || e.holds() != Some(false))
}

/// True when no equation of the report fails and no total is blank with all its parts filled:
/// the common case, decided without building `Equation`s (checking is on the batch hot path).
/// Must agree with `equations` + `findings`; the rule tests break every equation kind. `rows`
/// are the rows of the report's table 3.
pub fn quick_clean(r: &Report, rows: &T3Rows<'_>) -> bool {
    fn int(c: &Option<Cell>) -> Option<i64> {
        c.as_ref()?.value.int()
    }
    fn blank(c: &Option<Cell>) -> bool {
        matches!(c.as_ref().map(|c| &c.value), Some(CellValue::Blank | CellValue::Placeholder))
    }
    /// Σ of the parts (`Err` when they are all whole numbers but the sum is past `i64`,
    /// which is reported as `value_overflow`; `Ok(None)` when some part is not a number).
    fn sum<'a>(parts: impl Iterator<Item = &'a Option<Cell>> + Clone) -> Result<Option<i64>, ()> {
        match cells_sum(parts.clone().map(Option::as_ref)) {
            Some(s) => Ok(Some(s)),
            None if parts.into_iter().all(|c| int(c).is_some()) => Err(()),
            None => Ok(None),
        }
    }
    /// A total equation is fine if it holds, or cannot be decided without being a blank total
    /// or a sum too large to compute (`sum` is the sum of its parts).
    fn total_ok(total: &Option<Cell>, sum: Result<Option<i64>, ()>) -> bool {
        match (sum, int(total)) {
            (Err(()), _) => false,
            (Ok(Some(s)), Some(t)) => s == t,
            (Ok(Some(_)), None) => !blank(total),
            _ => true,
        }
    }
    if let Some(t3) = &r.t3 {
        // Blanks read as 0: decide on the table as the arithmetic reads it (which has 0s, so
        // this does not recurse again).
        if blank_zero::writes_zero_as_blank(t3) {
            let view = arithmetic_view(r);
            return quick_clean(&view, &T3Rows::of(&view));
        }
        if !t3.rows.iter().all(|row| total_ok(&row.cells[T3_TOT], sum(row.cells[..T3_TOT].iter()))) {
            return false;
        }
        if let (Some(leaves), Some(total)) = (rows.leaves(), rows.get(T3Rows::TOTAL)) {
            // Every column's sum in one pass over the leaves (in their order, as `cells_sum`);
            // a column whose sum overflowed is told apart from one with a blank afterwards.
            let mut sums = [Some(0i64); T3_TOT + 1];
            let mut numbers = [true; T3_TOT + 1];
            for (_, leaf) in leaves {
                for ((s, n), cell) in sums.iter_mut().zip(&mut numbers).zip(&leaf.cells) {
                    let v = int(cell);
                    *n &= v.is_some();
                    *s = s.and_then(|s| s.checked_add(v?));
                }
            }
            let sums = sums.into_iter().zip(numbers).map(|(s, n)| if s.is_none() && n { Err(()) } else { Ok(s) });
            if !total.cells.iter().zip(sums).all(|(t, s)| total_ok(t, s)) {
                return false;
            }
        }
        if let (Some(n), Some(i), Some(t), Some(o)) = (rows.get(T3Rows::NEW), rows.get(T3Rows::CARRY_IN), rows.get(T3Rows::TOTAL), rows.get(T3Rows::CARRY_OUT)) {
            for c in 0..=T3_TOT {
                match (sum([&n.cells[c], &i.cells[c]].into_iter()), sum([&t.cells[c], &o.cells[c]].into_iter())) {
                    (Err(()), _) | (_, Err(())) => return false,
                    (Ok(Some(a)), Ok(Some(b))) if a != b => return false,
                    _ => {}
                }
            }
        }
    }
    if let Some(t4) = &r.t4 {
        if !(0..3).all(|g| total_ok(&t4.cells[g * 5 + 4], sum(t4.cells[g * 5..g * 5 + 4].iter()))) {
            return false;
        }
    }
    true
}

/// Σ of the （七）总计 row's six part columns, when all are numbers.
fn corner_row_sum(r: &Report) -> Option<i64> {
    let total = r.t3.as_ref()?.row("total")?;
    cells_sum(total.cells[..T3_TOT].iter().map(Option::as_ref))
}

/// Whether every term is a whole number but their sum is past what 64 bits hold.
fn overflows(ts: &[Term]) -> bool {
    ts.iter().try_fold(0i128, |a, t| Some(a + i128::from(t.value()?))).is_some_and(|s| i64::try_from(s).is_err())
}

/// An equation that cannot be checked because a side's sum is too large: `value_overflow` on
/// its total (or first) cell, so the row is never skipped in silence.
fn overflow_finding(e: &Equation) -> Option<Finding> {
    let cell = e.left.iter().chain(&e.right).find_map(|t| t.cell.as_ref())?;
    let place = e.place.msg();
    let side = if overflows(&e.left) { &e.left } else { &e.right };
    let mut f = Finding::new(
        "value_overflow",
        Severity::Error,
        cell.span.clone(),
        Msg::new(format!("{}：各项之和过大，无法核对（{}）", place.zh, terms_text(side, false)), format!("{}: the sum is too large to check ({})", place.en, terms_text(side, true))),
    );
    f.related = related(side);
    Some(f)
}

/// Findings for the equations that fail or whose total is blank, and for those whose sums are
/// too large to compute. `r` is the report the equations were built from.
pub fn findings(r: &Report, eqs: &[Equation], out: &mut Vec<Finding>) {
    let view = arithmetic_view(r);
    let r = &*view;
    let leaves_ok = leaf_rows_consistent(eqs, r);
    for e in eqs {
        if e.holds().is_none() && (overflows(&e.left) || overflows(&e.right)) {
            out.extend(overflow_finding(e));
            continue;
        }
        let missing = e.missing_total();
        if e.holds() != Some(false) && !missing {
            continue;
        }
        let place = e.place.msg();
        let (Some(l), Some(rs)) = (e.left_sum(), e.right_sum()) else {
            if !missing {
                continue;
            }
            // Blank total with filled parts.
            let want = e.right_sum().unwrap_or(0);
            let Some(cell) = e.left[0].cell.as_ref() else { continue };
            let mut f = Finding::new(
                e.rule,
                Severity::Error,
                cell.span.clone(),
                Msg::new(
                    format!("{}：{}未填写，应为 {want}（{}）", place.zh, e.left[0].label.zh, terms_text(&e.right, false)),
                    format!("{}: {} is blank; it should be {want} ({})", place.en, e.left[0].label.en, terms_text(&e.right, true)),
                ),
            );
            f.expected = Some(Num::Int(want));
            f.related = related(&e.right);
            f.fix = e.fill_edit();
            f.fix_kind = crate::finding::FixKind::Total;
            out.push(f);
            continue;
        };
        if e.fill {
            let cell = e.left[0].cell.as_ref().expect("a decided equation has its cells");
            let corner = e.place == Place::T3TotalCol(T3_TOT);
            let mut f = Finding::new(
                e.rule,
                Severity::Error,
                cell.span.clone(),
                Msg::new(
                    format!("{}：{}应为 {rs}（{}），表中填写 {l}", place.zh, e.left[0].label.zh, terms_text(&e.right, false)),
                    format!("{}: {} should be {rs} ({}), the table says {l}", place.en, e.left[0].label.en, terms_text(&e.right, true)),
                ),
            );
            f.stated = Some(Num::Int(l));
            f.expected = Some(Num::Int(rs));
            f.related = related(&e.right);
            // The corner is fixed only where its row and its column agree (as `fill_all` does).
            let row_agrees = !corner || corner_row_sum(r) == Some(rs);
            if (!corner || leaves_ok) && row_agrees {
                f.fix = e.fill_edit();
                f.fix_kind = crate::finding::FixKind::Total;
            } else if corner && leaves_ok {
                f.message.zh.push_str("；（七）总计行的各列之和与此不符，请先更正该行");
                f.message.en.push_str("; the (七) row's columns do not add up to this either: fix that row first");
            } else {
                f.message.zh.push_str("；明细行的总计本身有误，请先更正明细行");
                f.message.en.push_str("; some outcome rows' own totals are wrong: fix those first");
            }
            out.push(f);
        } else {
            // Balance: report on 四、结转下年度, suggest a value for it.
            let carry_out = e.right[1].cell.as_ref().expect("decided");
            let mut f = Finding::new(
                e.rule,
                Severity::Error,
                carry_out.span.clone(),
                Msg::new(
                    format!("{}：一+二 = {} = {l}，（七）总计+四 = {} = {rs}，两者应相等", place.zh, terms_text(&e.left, false), terms_text(&e.right, false)),
                    format!("{}: new + carried in = {} = {l}, but total + carried over = {} = {rs}; they must be equal", place.en, terms_text(&e.left, true), terms_text(&e.right, true)),
                ),
            );
            f.stated = Some(Num::Int(rs));
            f.expected = Some(Num::Int(l));
            f.related = related(&e.left).into_iter().chain(related(&e.right[..1])).collect();
            if let Some(total) = e.right[0].value() {
                let suggest = l - total;
                if suggest >= 0 && carry_out.value.int() != Some(suggest) {
                    f.fix = Some(Edit { range: carry_out.number_range(), new_text: suggest.to_string() });
                }
            }
            out.push(f);
        }
    }
}

fn related(ts: &[Term]) -> Vec<Related> {
    ts.iter().filter_map(|t| t.cell.as_ref().map(|c| Related::here(c.span.clone(), Msg::new(format!("{} {}", t.label.zh, show(t.value())), format!("{} {}", t.label.en, show(t.value())))))).collect()
}

/// The edits that fill every computed total, cascading as spec §2.1 prescribes: row totals,
/// then the （七）总计 row, then the corner (only when row and column sums agree), then table 4.
pub fn fill_all(r: &Report) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut model = arithmetic_view(r).into_owned();
    let set = |cell: &mut Cell, v: i64, edits: &mut Vec<Edit>| {
        if cell.value.int() != Some(v) {
            edits.push(Edit { range: cell.number_range(), new_text: v.to_string() });
            let len = v.to_string().len();
            cell.value = CellValue::Number { value: Num::Int(v), unit: None, range: crate::text::CellRange { start: 0, end: len as u32 }, decimal: false, negative: v < 0 };
        }
    };
    if let Some(t3) = model.t3.as_mut() {
        // 1. Row totals of every row but （七）.
        for row in t3.rows.iter_mut().filter(|r| r.key != "total") {
            let parts = cells_sum(row.cells[..T3_TOT].iter().map(Option::as_ref));
            if let (Some(s), Some(cell)) = (parts, row.cells[T3_TOT].as_mut()) {
                set(cell, s, &mut edits);
            }
        }
        // 2. The （七）总计 row, per column; 3. the corner.
        if let Some(leaves) = t3_leaves(t3).map(|v| v.into_iter().collect::<Vec<_>>()) {
            let col_sum = |t3: &Table3, c: usize| cells_sum(leaves.iter().map(|k| t3.row(k).and_then(|r| r.cells[c].as_ref())));
            let sums: Vec<Option<i64>> = (0..=T3_TOT).map(|c| col_sum(t3, c)).collect();
            if let Some(total) = t3.rows.iter_mut().find(|r| r.key == "total") {
                for (c, sum) in sums.iter().enumerate().take(T3_TOT) {
                    if let (Some(s), Some(cell)) = (*sum, total.cells[c].as_mut()) {
                        set(cell, s, &mut edits);
                    }
                }
                let row_sum = cells_sum(total.cells[..T3_TOT].iter().map(Option::as_ref));
                if let (Some(rs), Some(cs), Some(cell)) = (row_sum, sums[T3_TOT], total.cells[T3_TOT].as_mut()) {
                    if rs == cs {
                        set(cell, rs, &mut edits);
                    }
                }
            }
        }
    }
    if let Some(t4) = model.t4.as_mut() {
        for g in 0..3 {
            let s = cells_sum(t4.cells[g * 5..g * 5 + 4].iter().map(Option::as_ref));
            if let (Some(s), Some(cell)) = (s, t4.cells[g * 5 + 4].as_mut()) {
                set(cell, s, &mut edits);
            }
        }
    }
    edits.sort_by_key(|e| e.range.start);
    edits
}

#[cfg(test)]
mod tests;
