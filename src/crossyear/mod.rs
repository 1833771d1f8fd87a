//! Cross-year checks: a report against the same agency's report of the year before. `agency`
//! reads who a report is from off its title, `pairing` finds each report's predecessor in a
//! run, `record` is what a batch run keeps of each report until its pair is checked, `rules`
//! compares a pair, and `compare` lays two years' statistics side by side. The
//! surfaces (the CLI's `check` and `compare`, the language server) hand in the models of the
//! reports they read; nothing here reads files.

pub mod agency;
pub mod compare;
pub mod pairing;
pub mod record;
pub mod rules;

pub use agency::{identity, Identity, Lacks};
pub use pairing::{pair, Unpaired};
pub use record::Record;
pub use rules::Side;

use crate::finding::Finding;
use std::collections::HashSet;
use std::sync::Arc;

/// One report of a run: its file's name, where it starts in the file's text, and what the
/// run keeps of it.
pub struct Unit {
    pub file: Arc<str>,
    pub offset: usize,
    pub report: Record,
}

/// What cross-year checking made of a run.
pub struct Run {
    /// Each unit's identity (agency and year), when its title names both.
    pub ids: Vec<Option<Identity>>,
    /// Each unit's predecessor (an index into the units) or why there is none.
    pub pairs: Vec<Result<usize, Unpaired>>,
    /// Each unit's cross-year findings, spans absolute in its own file's text.
    pub findings: Vec<Vec<Finding>>,
}

/// Pair every unit with its predecessor and run the cross-year rules on each pair, leaving
/// out the rules in `disabled`.
pub fn check_run(units: &[Unit], disabled: &HashSet<String>) -> Run {
    use crate::par::*;
    let ids: Vec<Option<Identity>> = units.par_iter().map(|u| u.report.identity.as_ref().ok().cloned()).collect();
    let pairs = pair(&ids);
    let findings = units
        .par_iter()
        .zip(&pairs)
        .map(|(u, p)| match p {
            Ok(prev) => {
                let prev = &units[*prev];
                let (then, now) = (prev.report.model(), u.report.model());
                let mut f = rules::check(Side { report: &then, offset: prev.offset, file: &prev.file }, Side { report: &now, offset: u.offset, file: &u.file });
                f.retain(|f| !disabled.contains(f.rule));
                f
            }
            Err(_) => Vec::new(),
        })
        .collect();
    Run { ids, pairs, findings }
}
