//! The cross-year rules: what this year's report must (or should) agree on with the same
//! agency's report of the year before. `xy_carry_over` is arithmetic (error): 二、上年结转
//! equals last year's 四、结转下年度继续办理, per column. The others are heuristics:
//! `xy_t2_stock` (warning; table 2 stocks carried from year to year), `xy_template` (warning;
//! back from the 2021 template to the 2019 one) and `xy_jump` (info; a total that changed more
//! than fivefold). Findings point at this year's cell; their related span is in last year's
//! file.

use crate::finding::{Finding, Msg, Num, Related, Severity};
use crate::model::{Cell, Report};
use crate::template::{T3_COLS, T3_COLS_EN, T4_COLS, T4_GROUPS_EN, T4_GROUP_LABELS};
use crate::vocab::TemplateId;
use std::sync::Arc;

/// One year's report as the rules see it: its model, where it starts in its file's text,
/// and the file's name (for related locations).
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub report: &'a Report,
    pub offset: usize,
    pub file: &'a Arc<str>,
}

impl Side<'_> {
    fn span(&self, c: &Cell) -> std::ops::Range<usize> {
        c.span.start + self.offset..c.span.end + self.offset
    }
    /// A related location in this side's file.
    fn related(&self, c: &Cell, zh: String, en: String) -> Related {
        Related { span: self.span(c), label: Msg::new(zh, en), file: Some(self.file.clone()) }
    }
}

/// A finding on this year's `cell`, which states `now`, with its related cell in last year's
/// file (`expected`: the value the rule computed, when it has one).
fn on_cell(rule: &'static str, severity: Severity, this: Side<'_>, cell: &Cell, message: Msg, (now, expected): (i64, Option<i64>), related: Related) -> Finding {
    let mut f = Finding::new(rule, severity, this.span(cell), message);
    f.stated = Some(Num::Int(now));
    f.expected = expected.map(Num::Int);
    f.related = vec![related];
    f
}

/// Every cross-year finding for `this` given last year's `prev`, with spans absolute in this
/// side's text (related spans absolute in `prev`'s).
pub fn check(prev: Side<'_>, this: Side<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    carry_over(prev, this, &mut out);
    t2_stock(prev, this, &mut out);
    template(prev, this, &mut out);
    jumps(prev, this, &mut out);
    out.sort_by(|a, b| (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule)));
    out
}

/// The integer cell `c` of table 3's row `key`.
fn t3_cell<'a>(r: &'a Report, key: &str, c: usize) -> Option<(i64, &'a Cell)> {
    let cell = r.t3.as_ref()?.row(key)?.cells[c].as_ref()?;
    Some((cell.value.int()?, cell))
}

/// `xy_carry_over`: this year's 上年结转 = last year's 结转下年度, per column both fill.
fn carry_over(prev: Side<'_>, this: Side<'_>, out: &mut Vec<Finding>) {
    for (c, (col, col_en)) in T3_COLS.iter().zip(T3_COLS_EN).enumerate() {
        let (Some((now, cell)), Some((then, pcell))) = (t3_cell(this.report, "carry_in", c), t3_cell(prev.report, "carry_out", c)) else { continue };
        if now == then {
            continue;
        }
        let message = Msg::new(
            format!("表三 · 二、上年结转 · {col}：本年填 {now}，但上年报告“四、结转下年度继续办理”为 {then}，两者应相等"),
            format!("Table 3 · carried in · {col_en}: {now} here, but last year's report carried over {then}; they must be equal"),
        );
        let related = prev.related(pcell, format!("上年报告 · 四、结转下年度继续办理 · {col} {then}"), format!("last year's report · carried over · {col_en} {then}"));
        out.push(on_cell("xy_carry_over", Severity::Error, this, cell, message, (now, Some(then)), related));
    }
}

/// `xy_t2_stock`: stocks of table 2 carried from one year to the next. 2021 template (一):
/// 现行有效件数(Y) = 现行有效件数(Y−1) + 本年制发件数(Y) − 本年废止件数(Y). 2019 template
/// (五)(六)(八): 上一年项目数量(Y) = 上一年项目数量(Y−1) + 本年增/减(Y−1).
fn t2_stock(prev: Side<'_>, this: Side<'_>, out: &mut Vec<Finding>) {
    match (prev.report.template, this.report.template) {
        (Some(TemplateId::T2021), Some(TemplateId::T2021)) => {
            let (Some(pb), Some(tb)) = (prev.report.t2_block(1), this.report.t2_block(1)) else { return };
            for row in ["规章", "行政规范性文件"] {
                let (Some((was, pcell)), Some((made, _)), Some((gone, _)), Some((valid, vcell))) =
                    (pb.int_at(row, "现行有效件数"), tb.int_at(row, "本年制发件数"), tb.int_at(row, "本年废止件数"), tb.int_at(row, "现行有效件数"))
                else {
                    continue;
                };
                let Some(expected) = was.checked_add(made).and_then(|v| v.checked_sub(gone)) else { continue };
                if valid == expected {
                    continue;
                }
                let message = Msg::new(
                    format!("表二 · {row} · 现行有效件数：本年填 {valid}，按上年现行有效 {was} + 本年制发 {made} − 本年废止 {gone} 应为 {expected}（修订、清理可能使其合理不符，请核实）"),
                    format!("Table 2 · {row} · currently valid: {valid} here, but last year's {was} + made {made} − abolished {gone} = {expected} (revisions and clean-ups may explain it; please check)"),
                );
                let related = prev.related(pcell, format!("上年报告 · {row} · 现行有效件数 {was}"), format!("last year's report · {row} · currently valid {was}"));
                out.push(on_cell("xy_t2_stock", Severity::Warning, this, vcell, message, (valid, Some(expected)), related));
            }
        }
        (Some(TemplateId::T2019), Some(TemplateId::T2019)) => {
            for item in [5, 6, 8] {
                let (Some(pb), Some(tb)) = (prev.report.t2_block(item), this.report.t2_block(item)) else { continue };
                for r in &tb.rows {
                    let (Some((was, pcell)), Some((delta, _)), Some((now, ncell))) =
                        (pb.int_at(r.label, "上一年项目数量"), pb.int_at(r.label, "本年增/减"), tb.int_at(r.label, "上一年项目数量"))
                    else {
                        continue;
                    };
                    let Some(expected) = was.checked_add(delta) else { continue };
                    if now == expected {
                        continue;
                    }
                    let row = r.label;
                    let message = Msg::new(
                        format!("表二 · {row} · 上一年项目数量：本年填 {now}，按上年报告的上一年项目数量 {was} + 本年增/减 {delta} 应为 {expected}"),
                        format!("Table 2 · {row} · items last year: {now} here, but last year's report gives {was} + change {delta} = {expected}"),
                    );
                    let related = prev.related(pcell, format!("上年报告 · {row} · 上一年项目数量 {was}"), format!("last year's report · {row} · items the year before {was}"));
                    out.push(on_cell("xy_t2_stock", Severity::Warning, this, ncell, message, (now, Some(expected)), related));
                }
            }
        }
        _ => {}
    }
}

/// `xy_template`: last year's report used the 2021 template, this one the 2019 one.
fn template(prev: Side<'_>, this: Side<'_>, out: &mut Vec<Finding>) {
    if (prev.report.template, this.report.template) != (Some(TemplateId::T2021), Some(TemplateId::T2019)) {
        return;
    }
    let at = this.report.markers_2019.first().or(this.report.title_span.as_ref()).cloned().unwrap_or(0..0);
    let mut f = Finding::new(
        "xy_template",
        Severity::Warning,
        at.start + this.offset..at.end + this.offset,
        Msg::new("上年报告已使用 2021 年修订模板，本年报告却使用 2019 年试行模板", "Last year's report used the 2021 revised template, this one the 2019 trial template"),
    );
    if let Some(t) = prev.report.markers_2021.first().or(prev.report.title_span.as_ref()) {
        f.related = vec![Related { span: t.start + prev.offset..t.end + prev.offset, label: Msg::new("上年报告（2021 年模板）", "last year's report (2021 template)"), file: Some(prev.file.clone()) }];
    }
    out.push(f);
}

/// The totals `xy_jump` compares: (zh name, en name, cell) for each side.
fn totals(r: &Report) -> Vec<(String, String, &Cell)> {
    let mut v = Vec::new();
    if let Some(t3) = &r.t3 {
        for (key, zh, en) in [("new", "表三 · 一、本年新收 · 总计", "Table 3 · new applications · total"), ("total", "表三 · （七）总计 · 总计", "Table 3 · (七) total · total")] {
            if let Some(c) = t3.row(key).and_then(|row| row.cells[crate::template::T3_TOT].as_ref()) {
                v.push((zh.to_string(), en.to_string(), c));
            }
        }
    }
    if let Some(t4) = &r.t4 {
        for (g, label) in T4_GROUP_LABELS.iter().enumerate() {
            if let Some(c) = &t4.cells[g * T4_COLS.len() + T4_COLS.len() - 1] {
                v.push((format!("表四 · {label} · 总计"), format!("Table 4 · {} · total", T4_GROUPS_EN[g]), c));
            }
        }
    }
    v
}

/// `xy_jump`: a total that grew more than fivefold or fell below a fifth (both ≥ 10).
fn jumps(prev: Side<'_>, this: Side<'_>, out: &mut Vec<Finding>) {
    let before = totals(prev.report);
    for (zh, en, cell) in totals(this.report) {
        let Some((_, _, pcell)) = before.iter().find(|(z, _, _)| *z == zh) else { continue };
        let (Some(now), Some(then)) = (cell.value.int(), pcell.value.int()) else { continue };
        if now < 10 || then < 10 || (now <= then.saturating_mul(5) && now.saturating_mul(5) >= then) {
            continue;
        }
        let message = Msg::new(format!("{zh}：本年 {now}，上年 {then}，变化超过五倍，请核实"), format!("{en}: {now} this year against {then} last year, a change of more than five times; please check"));
        let related = prev.related(pcell, format!("上年报告 · {zh} {then}"), format!("last year's report · {en} {then}"));
        out.push(on_cell("xy_jump", Severity::Info, this, cell, message, (now, None), related));
    }
}

/// Last year's 结转下年度 value for this year's 上年结转 column `c` (for hovers).
pub fn carried_over_last_year(prev: &Report, c: usize) -> Option<&Cell> {
    prev.t3.as_ref()?.row("carry_out")?.cells.get(c)?.as_ref()
}
