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
    let mut out = CheckResult::default();
    for (off, a) in crate::analysis::analyze_document(text, opts) {
        if a.report.is_report && !out.is_report {
            out.is_report = true;
            out.template = a.report.template;
            out.year = a.report.year.as_ref().map(|y| y.0);
        }
        out.findings.extend(a.findings.into_iter().map(|f| f.shifted(off)));
    }
    out
}

/// The edits that fill every computed 总计 cell, in text order, non-overlapping.
pub fn fill_totals(text: &str, opts: &CheckOptions) -> Vec<Edit> {
    let mut out = Vec::new();
    for (off, a) in crate::analysis::analyze_document(text, opts) {
        out.extend(a.fill_edits().into_iter().map(|e| Edit { range: e.range.start + off..e.range.end + off, new_text: e.new_text }));
    }
    out
}

/// A one-line description of a rule, for SARIF rule metadata and `--help`-style listings.
pub fn rule_description(id: &str, locale: crate::finding::Locale) -> Option<&'static str> {
    crate::rules::catalog::description(id, locale)
}
