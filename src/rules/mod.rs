//! Rules: everything that turns a report model into findings. Each submodule owns one family
//! (arithmetic 勾稽关系, cell values, structure, table-2 plausibility, years, narrative↔table); `catalog` lists every
//! rule id with its severity and description. `check` runs them all and drops disabled rules.

pub mod arithmetic;
pub mod catalog;
pub mod narrative;
pub mod structure;
pub mod table2;
pub mod values;
pub mod years;

use crate::api::CheckOptions;
use crate::finding::Finding;
use crate::model::Report;

/// All findings for one report, sorted by position. `text` is the report's own text.
pub fn check(report: &Report, text: &str, opts: &CheckOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    if !report.is_report {
        return out;
    }
    if !arithmetic::quick_clean(report) {
        let eqs = arithmetic::equations(report);
        arithmetic::findings(report, &eqs, &mut out);
    }
    values::check(report, &mut out);
    structure::check(report, &mut out);
    table2::check(report, &mut out);
    years::check(report, &mut out);
    narrative::check(report, text, &mut out);
    out.retain(|f| !opts.disabled_rules.contains(f.rule));
    out.sort_by(|a, b| (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule)));
    out
}
