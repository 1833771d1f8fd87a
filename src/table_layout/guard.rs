//! What formatting must keep: every finding's rule, severity, stated and expected values, and
//! the cell it points at by its table, row and column (`explain::cell_place`) — or, for a
//! finding outside the cells, the text at its span without spaces, pipes and separator dashes
//! (the characters a layout adds). `keep_safe` checks the formatted text and keeps only edits
//! under which all of it stays the same.

use super::apply;
use crate::api::check_text_keeping_models;
use crate::finding::Edit;
use crate::vocab::CheckOptions;

/// One finding as formatting must keep it: rule, severity, stated, expected, place.
pub type Said = (&'static str, String, Option<String>, Option<String>, String);

/// At most this many single edits are tried one by one when the whole set changes a finding.
const MAX_TRIES: usize = 32;

/// The findings of `text`, sorted, as [`Said`].
pub fn said(text: &str, opts: &CheckOptions) -> Vec<Said> {
    let (res, models) = check_text_keeping_models(text, opts);
    let mut out: Vec<Said> = res
        .findings
        .iter()
        .map(|f| {
            let start = f.span.start;
            let cell = models.iter().rev().find(|(off, _)| *off <= start).and_then(|(off, r)| crate::explain::cell_place(r, start - off));
            let place = match cell {
                Some((p, _)) => format!("{}|{}|{}", p.table, p.row, p.column),
                None => text.get(f.span.clone()).unwrap_or_default().chars().filter(|&c| !crate::text::is_space(c) && !matches!(c, '|' | '-' | ':')).collect(),
            };
            (f.rule, format!("{:?}", f.severity), f.stated.map(|n| n.to_string()), f.expected.map(|n| n.to_string()), place)
        })
        .collect();
    out.sort();
    out
}

/// The `candidates` (sorted, disjoint) that keep every finding of `text`: all of them when
/// together they do, else those that do added one at a time (the first [`MAX_TRIES`]).
pub fn keep_safe(text: &str, opts: &CheckOptions, candidates: Vec<Edit>) -> Vec<Edit> {
    if candidates.is_empty() {
        return candidates;
    }
    let want = said(text, opts);
    let same = |edits: &[Edit]| said(&apply(text, edits), opts) == want;
    if same(&candidates) {
        return candidates;
    }
    let mut kept: Vec<Edit> = Vec::new();
    for e in candidates.into_iter().take(MAX_TRIES) {
        kept.push(e);
        if !same(&kept) {
            kept.pop();
        }
    }
    kept
}
