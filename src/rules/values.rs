//! Cell-value rules: every statistics cell must hold a number of the right kind — a
//! non-negative whole number for counts, a possibly negative one for 本年增/减, a non-negative
//! amount (with a sensible unit) for money. Blank and '/' cells are warned about once per table;
//! the blanks of rows with no figure at all are `unfilled`'s (information), not counted here.

use crate::finding::{Finding, Msg, Severity};
use crate::model::{Cell, Report};
use crate::rules::{blank_zero, unfilled};
use crate::template::{t2_block, t3_row, NumKind, T2_BLOCKS, T3_COLS, T4_COLS, T4_GROUP_LABELS};
use crate::text::{CellValue, Unit};
use crate::vocab::TemplateId;

/// Check one cell; `place` names it and is only formatted when there is something to say.
/// Returns whether the cell is blank or '/' (for [`Blanks`]).
fn one(cell: &Cell, kind: NumKind, place: impl Fn() -> String, out: &mut Vec<Finding>) -> bool {
    match cell.value {
        CellValue::Blank | CellValue::Placeholder => return true,
        CellValue::Number { decimal: false, negative: false, unit: None, .. } => return false,
        _ => {}
    }
    let place = place();
    let place = place.as_str();
    let f = |rule, sev, zh: String, en: String| Finding::new(rule, sev, cell.span.clone(), Msg::new(zh, en));
    match &cell.value {
        CellValue::Invalid => out.push(f("value_invalid", Severity::Error, format!("{place}：单元格内容不是数字"), format!("{place}: the cell is not a number"))),
        CellValue::Overflow => out.push(f("value_overflow", Severity::Error, format!("{place}：数值过大，无法计算"), format!("{place}: number too large to compute with"))),
        CellValue::Number { decimal, negative, unit, value, .. } => {
            let counts = matches!(kind, NumKind::Count | NumKind::SignedCount);
            if *negative && kind != NumKind::SignedCount {
                let mut x = f("value_negative", Severity::Error, format!("{place}：不能为负数"), format!("{place}: must not be negative"));
                x.stated = Some(*value);
                out.push(x);
            }
            if *decimal && counts {
                let mut x = f("value_decimal", Severity::Error, format!("{place}：件数应为整数"), format!("{place}: a count must be a whole number"));
                x.stated = Some(*value);
                out.push(x);
            }
            match (kind, unit) {
                (NumKind::AmountWan, Some(Unit::Yuan)) => out.push(f("value_unit", Severity::Warning, format!("{place}：表头单位为万元，单元格却写“元”，可能差一万倍"), format!("{place}: the header unit is 万元 but the cell says 元 (a 10,000× error?)"))),
                (NumKind::Count | NumKind::SignedCount, Some(Unit::Yuan | Unit::Wan | Unit::WanYuan | Unit::YiYuan)) => out.push(f("value_unit", Severity::Warning, format!("{place}：件数单元格带有金额单位"), format!("{place}: a count cell carries a money unit"))),
                // `2笔`, `3件`, `5 项`: the number is used; the table asks for the number alone.
                (NumKind::Count | NumKind::SignedCount, Some(Unit::Count)) => {
                    let mut x = f("value_unit", Severity::Warning, format!("{place}：件数单元格带有单位，已按 {value} 计算；请只填数字"), format!("{place}: a count cell carries a unit; read as {value}, write the number alone"));
                    x.stated = Some(*value);
                    out.push(x);
                }
                _ => {}
            }
        }
        CellValue::Blank | CellValue::Placeholder => {}
    }
    false
}

/// Counts blank and '/' cells of one table; reported once per table, at the first row that
/// has any, so a table left blank by design does not drown the report in warnings.
#[derive(Default)]
struct Blanks {
    cells: usize,
    rows: usize,
    at: Option<std::ops::Range<usize>>,
}

impl Blanks {
    /// A row with `n` blank or '/' cells, at `at`.
    fn row(&mut self, n: usize, at: std::ops::Range<usize>) {
        if n > 0 {
            self.cells += n;
            self.rows += 1;
            self.at.get_or_insert(at);
        }
    }
    fn report(self, table_zh: &str, table_en: &str, out: &mut Vec<Finding>) {
        let (Some(at), n, rows) = (self.at, self.cells, self.rows) else { return };
        out.push(Finding::new(
            "value_blank",
            Severity::Warning,
            at,
            Msg::new(
                format!("{table_zh}有 {n} 个单元格空白或填写“/”（涉及 {rows} 行），计算时视为缺失；没有数据请填 0"),
                format!("{table_en} has {n} blank or '/' cell(s) in {rows} row(s), treated as missing; write 0 for none"),
            ),
        ));
    }
}

/// The cell-value findings of a report.
pub fn check(r: &Report, out: &mut Vec<Finding>) {
    let mut b3 = Blanks::default();
    if let Some(t3) = &r.t3 {
        // A table that writes 0 as a blank: its blanks are 0s (said once), its '/' still missing.
        let zero_blanks = blank_zero::writes_zero_as_blank(t3);
        let mut first_blank = None;
        for row in &t3.rows {
            let label = || t3_row(row.key).map_or("", |d| d.label);
            let mut blank = 0;
            for (c, cell) in row.cells.iter().enumerate() {
                if let Some(cell) = cell {
                    if zero_blanks && cell.value == CellValue::Blank {
                        first_blank.get_or_insert_with(|| row.label_span.clone());
                        continue;
                    }
                    blank += usize::from(one(cell, NumKind::Count, || format!("表三 · {} · {}", label(), T3_COLS[c]), out));
                }
            }
            // An unfilled row's blanks are `t_unfilled`'s.
            if !unfilled::t3_row(row, zero_blanks) {
                b3.row(blank, row.label_span.clone());
            }
        }
        if let Some(at) = first_blank {
            out.push(Finding::new(
                "t3_blank_as_zero",
                Severity::Info,
                at,
                Msg::new(
                    "本表以空白表示 0：表三没有填 0 的单元格，空白单元格按 0 计算；空白的总计若其各项之和不为 0，按未填写报告",
                    "This table writes 0 as a blank: table 3 has no cell with 0, so blank cells count as 0; a blank total whose parts do not add up to 0 is reported as missing",
                ),
            ));
        }
    }
    b3.report("表三", "Table 3", out);
    if let Some(t4) = &r.t4 {
        let mut blank = 0;
        for (k, cell) in t4.cells.iter().enumerate() {
            if let Some(cell) = cell {
                blank += usize::from(one(cell, NumKind::Count, || format!("表四 · {} · {}", T4_GROUP_LABELS[k / 5], T4_COLS[k % 5]), out));
            }
        }
        let at = t4.cells.iter().flatten().find(|c| matches!(c.value, CellValue::Blank | CellValue::Placeholder)).map_or(t4.span.clone(), |c| c.span.clone());
        let mut b4 = Blanks::default();
        if !unfilled::t4(t4) {
            b4.row(blank, at);
        }
        b4.report("表四", "Table 4", out);
    }
    let template = r.template.unwrap_or(TemplateId::T2021);
    let mut b2 = Blanks::default();
    for b in &r.t2 {
        let def = t2_block(template, b.item).or_else(|| T2_BLOCKS.iter().find(|d| d.item == b.item));
        for row in &b.rows {
            let mut blank = 0;
            for (k, cell) in row.cells.iter().enumerate() {
                let kind = def.and_then(|d| d.columns.get(k)).map_or(NumKind::Count, |c| c.1);
                // The header may fix the unit (seed 003: 采购总金额（万元）).
                let kind = match (kind, b.columns.get(k)) {
                    (NumKind::Amount, Some((h, _))) if h.contains("万元") => NumKind::AmountWan,
                    (k, _) => k,
                };
                let col = || b.columns.get(k).map_or(String::new(), |c| format!(" · {}", c.0));
                blank += usize::from(one(cell, kind, || format!("表二 · {}{}", row.label, col()), out));
            }
            if !unfilled::t2_row(b, row) {
                b2.row(blank, row.label_span.clone());
            }
        }
    }
    b2.report("表二", "Table 2", out);
}
