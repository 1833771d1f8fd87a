//! Cross-year checks: a report against the same agency's report of the year before. `agency`
//! reads who a report is from off its title, `pairing` finds each report's predecessor in a
//! run, `rules` compares a pair, and `compare` lays two years' statistics side by side. The
//! surfaces (the CLI's `check` and `compare`, the language server) hand in the models of the
//! reports they read; nothing here reads files.

pub mod agency;
pub mod compare;
pub mod pairing;
pub mod rules;

pub use agency::{identity, Identity};
pub use pairing::{pair, Unpaired};
pub use rules::Side;

use crate::finding::Finding;
use crate::model::Report;
use std::collections::HashSet;
use std::sync::Arc;

/// One report of a run: its file's name, where it starts in the file's text, and its model.
pub struct Unit {
    pub file: Arc<str>,
    pub offset: usize,
    pub report: Report,
}

/// The rows of table 3 the cross-year rules read: carried in and out (`xy_carry_over`), new
/// applications and the total (`xy_jump`).
const XY_T3_ROWS: &[&str] = &["new", "carry_in", "carry_out", "total"];

/// The items of table 2 the cross-year rules read (`xy_t2_stock`): (一) in the 2021 template,
/// (五), (六) and (八) in the 2019 one.
const XY_T2_ITEMS: &[u8] = &[1, 5, 6, 8];

/// Drop what the cross-year rules and pairing never read from a report's model (prose,
/// claims, headings, the table rows and items no cross-year rule reads, …), so that a run
/// over thousands of reports holds only a few cells, the title and the year of each until
/// every pair is checked.
pub fn slim(r: &mut Report) {
    slim_keeping_tables(r);
    if let Some(t3) = &mut r.t3 {
        t3.rows.retain(|row| XY_T3_ROWS.contains(&row.key));
        t3.rows.shrink_to_fit();
    }
    r.t2.retain(|b| XY_T2_ITEMS.contains(&b.item));
    r.t2.shrink_to_fit();
}

/// `slim`, keeping tables 2, 3 and 4 whole (for `export`, which stores every cell).
pub fn slim_keeping_tables(r: &mut Report) {
    let Report { headings, paragraphs, claims, breakdowns, years, label_issues, unreadable, unknown_tables, table_places, markers_2019, markers_2021, .. } = r;
    *headings = Vec::new();
    *paragraphs = Vec::new();
    *claims = Vec::new();
    *breakdowns = Vec::new();
    *years = Vec::new();
    *label_issues = Vec::new();
    *unreadable = Vec::new();
    *unknown_tables = Vec::new();
    *table_places = Vec::new();
    // `xy_template` points at the first marker of each template.
    markers_2019.truncate(1);
    markers_2021.truncate(1);
    markers_2019.shrink_to_fit();
    markers_2021.shrink_to_fit();
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
    let ids: Vec<Option<Identity>> = units.par_iter().map(|u| identity(&u.report)).collect();
    let pairs = pair(&ids);
    let findings = units
        .par_iter()
        .zip(&pairs)
        .map(|(u, p)| match p {
            Ok(prev) => {
                let prev = &units[*prev];
                let mut f = rules::check(Side { report: &prev.report, offset: prev.offset, file: &prev.file }, Side { report: &u.report, offset: u.offset, file: &u.file });
                f.retain(|f| !disabled.contains(f.rule));
                f
            }
            Err(_) => Vec::new(),
        })
        .collect();
    Run { ids, pairs, findings }
}
