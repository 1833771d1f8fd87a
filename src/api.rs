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

/// The edits `nianbao fix` makes, in text order, non-overlapping: every computed 总计 and, with
/// `narrative`, the narrative fixes (sentences' numbers set to the tables', blank cells a
/// sentence states filled) as found on the text with its totals filled, so that a sentence is
/// set to a corrected total and never to a wrong one.
pub fn fix_edits(text: &str, opts: &CheckOptions, narrative: bool) -> Vec<Edit> {
    let totals = fill_totals(text, opts);
    if !narrative {
        return totals;
    }
    let filled = apply_edits(text, &totals);
    let mut more: Vec<Edit> = check_text(&filled, opts).findings.into_iter().filter(|f| f.fix_kind == crate::finding::FixKind::Narrative).filter_map(|f| f.fix).collect();
    more.sort_by_key(|e| (e.range.start, e.range.end));
    rebase(totals, more)
}

/// `text` with sorted, non-overlapping `edits` applied (the caller validated them: the CLI's
/// `splice` checks them before it writes anything).
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `first` (edits of a text) and `then` (sorted edits of the text after `first`) as one list of
/// edits of the original text. An edit of `then` that touches what `first` wrote is dropped
/// (the first pass wins).
fn rebase(first: Vec<Edit>, then: Vec<Edit>) -> Vec<Edit> {
    let mut out = first.clone();
    // (start, end) of each first edit's new text in the edited text, with the shift after it.
    let mut spans = Vec::with_capacity(first.len());
    let mut shift: isize = 0;
    for e in &first {
        let start = (e.range.start as isize + shift) as usize;
        let end = start + e.new_text.len();
        shift += e.new_text.len() as isize - e.range.len() as isize;
        spans.push((start, end, shift));
    }
    for e in then {
        let touches = spans.iter().any(|&(s, end, _)| e.range.start <= end && s <= e.range.end);
        if touches {
            continue;
        }
        // The shift of the last first edit before this one.
        let before = spans.iter().take_while(|&&(_, end, _)| end <= e.range.start).last().map_or(0, |x| x.2);
        let map = |i: usize| (i as isize - before) as usize;
        out.push(Edit { range: map(e.range.start)..map(e.range.end), new_text: e.new_text });
    }
    out.sort_by_key(|e| (e.range.start, e.range.end));
    out
}

/// A one-line description of a rule, for SARIF rule metadata and `--help`-style listings.
pub fn rule_description(id: &str, locale: crate::finding::Locale) -> Option<&'static str> {
    crate::rules::catalog::description(id, locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(a: usize, b: usize, t: &str) -> Edit {
        Edit { range: a..b, new_text: t.to_string() }
    }

    #[test]
    fn second_pass_edits_map_back_onto_the_original() {
        let text = "a 1 b 22 c 3";
        let first = vec![e(2, 3, "100"), e(6, 8, "2")];
        let once = apply_edits(text, &first);
        assert_eq!(once, "a 100 b 2 c 3");
        // `c 3` → `c 4` in the edited text; the `100` written by the first pass is not touched.
        let then = vec![e(3, 4, "9"), e(12, 13, "4")];
        let all = rebase(first, then);
        assert_eq!(all, vec![e(2, 3, "100"), e(6, 8, "2"), e(11, 12, "4")]);
        assert_eq!(apply_edits(text, &all), "a 100 b 2 c 4");
    }

    /// 010 states 17 applications received where table 3 has 95: `--narrative` sets the
    /// sentence, and the text checks clean of `n4_received` afterwards.
    #[test]
    fn narrative_fixes_are_opt_in() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/010_hongze_2024.txt")).expect("fixture");
        let opts = CheckOptions::default();
        assert_eq!(fix_edits(&text, &opts, false), fill_totals(&text, &opts));
        let all = fix_edits(&text, &opts, true);
        let fixed = apply_edits(&text, &all);
        assert!(fixed.contains("受理政府信息公开申请 95 件"), "the sentence now states the table's 95");
        assert!(check_text(&fixed, &opts).findings.iter().all(|f| f.rule != "n4_received"));
    }
}
