//! The library's front door for batch use: check a whole text, or compute the edits that fill
//! its totals. The CLI uses only this; the language server uses the incremental `document`.
//! The words it speaks (`CheckOptions`, `CheckResult`, `TemplateId`) live in `vocab`, at the
//! bottom, and are re-exported here for users of the library.

use crate::finding::Edit;
pub use crate::vocab::{CheckOptions, CheckResult, TemplateId};

/// Check a whole text (one report, or several concatenated).
pub fn check_text(text: &str, opts: &CheckOptions) -> CheckResult {
    check_reports(text, opts, |_, _| None::<()>).0
}

/// `check_text`, keeping the model of every report in the text with its byte offset (for
/// cross-year checks, which compare models of different files).
pub fn check_text_keeping_models(text: &str, opts: &CheckOptions) -> (CheckResult, Vec<(usize, crate::model::Report)>) {
    check_reports(text, opts, |r, _| Some(r))
}

/// `check_text`, handing each report's model and findings (spans relative to the report) to
/// `keep` as soon as the report is checked, which says what to keep of them: the CLI keeps a
/// slimmed model and the table cells of the findings, not every model whole.
pub fn check_text_keeping<M: Send>(text: &str, opts: &CheckOptions, keep: impl Fn(crate::model::Report, &[crate::finding::Finding]) -> Option<M> + Sync) -> (CheckResult, Vec<(usize, M)>) {
    check_reports(text, opts, keep)
}

/// Check every report of `text`; `keep` says what to keep of each report's model (the batch
/// path keeps nothing, so each model is dropped as soon as its findings are taken).
fn check_reports<M: Send>(text: &str, opts: &CheckOptions, keep: impl Fn(crate::model::Report, &[crate::finding::Finding]) -> Option<M> + Sync) -> (CheckResult, Vec<(usize, M)>) {
    let per_report = crate::analysis::map_reports(text, opts, |off, a| {
        let meta = a.report.is_report.then(|| (a.report.template, a.report.year.as_ref().map(|y| y.0)));
        let kept = if a.report.is_report { keep(a.report, &a.findings) } else { None };
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
