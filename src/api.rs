//! The library's front door for batch use: check a whole text, or compute the edits that fill
//! its totals. The CLI uses only this; the language server uses the incremental `document`.

use crate::finding::{Edit, Finding};
use std::collections::HashSet;

/// Which national template a report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TemplateId {
    /// 国办公开办函〔2019〕60号 trial template (reports for 2019 and 2020).
    T2019,
    /// 国办公开办函〔2021〕30号 revised template (reports for 2021 onward).
    T2021,
}

impl TemplateId {
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateId::T2019 => "2019",
            TemplateId::T2021 => "2021",
        }
    }
    pub fn parse(s: &str) -> Option<TemplateId> {
        match s.trim() {
            "2019" => Some(TemplateId::T2019),
            "2021" => Some(TemplateId::T2021),
            _ => None,
        }
    }
}

/// Options shared by every surface.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Force a template instead of detecting it.
    pub template: Option<TemplateId>,
    /// Rule ids that are switched off.
    pub disabled_rules: HashSet<String>,
}

/// The result of checking one text.
#[derive(Clone, Debug, Default)]
pub struct CheckResult {
    /// False when the text does not look like an annual report (no title, no tables).
    pub is_report: bool,
    pub template: Option<TemplateId>,
    pub year: Option<i32>,
    /// Sorted by span start.
    pub findings: Vec<Finding>,
}

/// Check a whole text (one report, or several concatenated).
pub fn check_text(text: &str, opts: &CheckOptions) -> CheckResult {
    check_reports(text, opts, |_| None::<()>).0
}

/// `check_text`, keeping the model of every report in the text with its byte offset (for
/// cross-year checks, which compare models of different files).
pub fn check_text_keeping_models(text: &str, opts: &CheckOptions) -> (CheckResult, Vec<(usize, crate::model::Report)>) {
    check_reports(text, opts, Some)
}

/// Check every report of `text`; `keep` says what to keep of each report's model (the batch
/// path keeps nothing, so each model is dropped as soon as its findings are taken).
fn check_reports<M: Send>(text: &str, opts: &CheckOptions, keep: impl Fn(crate::model::Report) -> Option<M> + Sync) -> (CheckResult, Vec<(usize, M)>) {
    let per_report = crate::analysis::map_reports(text, opts, |off, a| {
        let meta = a.report.is_report.then(|| (a.report.template, a.report.year.as_ref().map(|y| y.0)));
        let kept = if a.report.is_report { keep(a.report) } else { None };
        (off, meta, kept, a.findings.into_iter().map(|f| f.shifted(off)).collect::<Vec<_>>())
    });
    let mut out = CheckResult::default();
    let mut kept_all = Vec::new();
    out.findings.reserve(per_report.iter().map(|r| r.3.len()).sum());
    for (off, meta, kept, findings) in per_report {
        if let (Some((template, year)), false) = (meta, out.is_report) {
            out.is_report = true;
            out.template = template;
            out.year = year;
        }
        kept_all.extend(kept.map(|m| (off, m)));
        out.findings.extend(findings);
    }
    (out, kept_all)
}

/// The edits that fill every computed 总计 cell, in text order, non-overlapping.
pub fn fill_totals(text: &str, opts: &CheckOptions) -> Vec<Edit> {
    let per_report = crate::analysis::map_reports(text, opts, |off, a| {
        a.fill_edits().into_iter().map(|e| Edit { range: e.range.start + off..e.range.end + off, new_text: e.new_text }).collect::<Vec<_>>()
    });
    per_report.into_iter().flatten().collect()
}

/// A one-line description of a rule, for SARIF rule metadata and `--help`-style listings.
pub fn rule_description(id: &str, locale: crate::finding::Locale) -> Option<&'static str> {
    crate::rules::catalog::description(id, locale)
}
