//! Which rows an export writes, against what the database holds (`State`): `Planner` admits
//! the run's files one by one (new path, new version of all a file's reports, unchanged,
//! repeated), hands out report, slot and finding ids, and turns each file's reports into rows
//! of `reports`, `cells`, `findings`, `report_metrics` and `pairs` — re-pairing the reports of
//! unchanged files whose predecessor got a new version; `plan` runs it over files in memory.

use super::{record, Batch, SlotKey, State, Summary, Val, CELLS, FINDINGS, PAIRS, REPORTS, REPORT_METRICS, SLOTS};
use std::collections::HashMap;

/// A report the export writes: its id, its file's version and its place in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Admitted {
    pub id: i64,
    pub version: i64,
    /// 1, 2, … in the file's order.
    pub ordinal: i64,
}

/// What `Planner::admit` makes of a file of the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Admission {
    /// Its path was met before in this run: left out.
    Repeated,
    /// Same content as the current version: not written (but maybe re-paired: `pair`).
    Unchanged,
    /// Written: a report id for each of its reports (one for a file that could not be read).
    Written(Vec<Admitted>),
}

impl Admission {
    pub fn written(&self) -> Option<&[Admitted]> {
        match self {
            Admission::Written(a) => Some(a),
            _ => None,
        }
    }
}

/// `plan` in steps, for an export that writes each file's cells as soon as the file is checked
/// and the rest once the run is paired: ids are handed out as `plan` hands them out, so both
/// write the same rows. Files are `admit`ted in the run's order (a report id and a first row
/// for each of its reports, so that the rows referring to them can follow at once; the `cells`
/// of those admitted, slot ids in the same order); then, in the same order, each file's
/// `reports` (whole rows, findings and metric inputs; finding ids) and `pair`.
pub struct Planner<'a> {
    state: &'a State,
    now: &'a str,
    slot_ids: HashMap<SlotKey, i64>,
    next_slot: i64,
    next_report: i64,
    next_finding: i64,
    /// Each path's current report ids (in the file's order) after this export.
    ids: HashMap<String, Vec<i64>>,
    pub summary: Summary,
}

impl<'a> Planner<'a> {
    pub fn new(state: &'a State, now: &'a str) -> Planner<'a> {
        let slot_ids = state.slots.clone();
        let next_slot = slot_ids.values().copied().max().unwrap_or(0);
        Planner { state, now, slot_ids, next_slot, next_report: state.max_report_id, next_finding: state.max_finding_id, ids: HashMap::new(), summary: Summary::default() }
    }

    /// The next file of the run, holding `reports` reports: left out when its path was met
    /// before in this run; unchanged when its content hash and read error are the current
    /// version's (and the database holds as many reports of it: a file exported by a
    /// nianbao that wrote only a file's first report is written again); else written: an id
    /// for each report, all of one new version, the version it replaces retired, and each
    /// one's first row (the whole row of a file that could not be read; a report's path,
    /// ordinal, version, hash and format, the rest `reports`').
    pub fn admit(&mut self, path: &str, hash: Option<&str>, format: &'static str, error: Option<&str>, reports: usize, b: &mut Batch) -> Admission {
        if self.ids.contains_key(path) {
            return Admission::Repeated;
        }
        let n = if error.is_some() { 1 } else { reports.max(1) };
        let cur = self.state.current.get(path);
        if let Some(c) = cur.filter(|c| c.hash.as_deref() == hash && c.error.as_deref() == error && c.ids.len() == n) {
            self.ids.insert(path.to_string(), c.ids.clone());
            self.summary.unchanged += 1;
            return Admission::Unchanged;
        }
        match cur {
            Some(c) => {
                b.retire.extend(&c.ids);
                self.summary.versions += 1;
            }
            None => self.summary.new += 1,
        }
        let version = cur.map_or(1, |c| c.version + 1);
        let mut out = Vec::with_capacity(n);
        for ordinal in 1..=n as i64 {
            self.next_report += 1;
            let a = Admitted { id: self.next_report, version, ordinal };
            let row = self.row(a, path, hash, format, error.map(|e| Val::Text(e.to_string())));
            b.tables[REPORTS].push(row);
            out.push(a);
        }
        self.summary.reports += n;
        self.ids.insert(path.to_string(), out.iter().map(|a| a.id).collect());
        Admission::Written(out)
    }

    /// A `reports` row with what is known before pairing; `error` is NULL for a report.
    fn row(&self, a: Admitted, path: &str, hash: Option<&str>, format: &'static str, error: Option<Val>) -> [Val; 21] {
        let null = || Val::Null;
        [
            Val::Int(a.id),
            Val::Text(path.to_string()),
            Val::Int(a.version),
            Val::Int(1),
            Val::opt_text(hash),
            Val::Str(format),
            null(),
            null(),
            null(),
            null(),
            null(),
            null(),
            null(),
            null(),
            null(),
            null(),
            null(),
            error.unwrap_or(Val::Null),
            Val::Text(self.now.into()),
            Val::Str(record::VERSION),
            Val::Int(a.ordinal),
        ]
    }

    /// An admitted report's cells (in the order of the table's key), and the slots met first.
    pub fn cells(&mut self, id: i64, cells: &[record::Cell], b: &mut Batch) {
        let mut keyed: Vec<(i64, &record::Cell)> = Vec::with_capacity(cells.len());
        for c in cells {
            let key: SlotKey = (c.table, c.item, c.row.to_string(), c.column.to_string());
            let next_slot = &mut self.next_slot;
            let slots = &mut b.tables[SLOTS];
            let slot = *self.slot_ids.entry(key).or_insert_with(|| {
                *next_slot += 1;
                slots.push([Val::Int(*next_slot), Val::Int(c.table.into()), Val::Int(c.item.into()), Val::Str(c.row), Val::Str(c.column)]);
                *next_slot
            });
            keyed.push((slot, c));
        }
        keyed.sort_by_key(|k| k.0);
        for (slot, c) in keyed {
            b.tables[CELLS].push([Val::Int(id), Val::Int(slot), Val::Text(c.raw.clone()), Val::opt_num(c.value), Val::Str(c.semantic), Val::opt_text(c.unit), Val::count(c.line), Val::count(c.col)]);
        }
    }

    /// An admitted file's reports: each one's whole row, its findings and metric inputs.
    pub fn reports(&mut self, admitted: &[Admitted], f: &record::File, b: &mut Batch) {
        let rs = match &f.body {
            record::Body::Error(_) => {
                // Its row is whole already.
                self.summary.unreadable += 1;
                return;
            }
            record::Body::Reports(rs) => rs,
        };
        for (&a, r) in admitted.iter().zip(rs) {
            let mut row = self.row(a, &f.path, f.hash.as_deref(), f.format, None);
            let counts = counts(r);
            let rest = [
                Val::Text(r.title.clone()),
                Val::opt_text(r.agency.as_deref()),
                Val::opt_text(r.agency_name.as_deref()),
                Val::opt_text(r.region.as_deref()),
                Val::opt_text(r.level),
                Val::opt_text(r.kind),
                Val::opt_int(r.year.map(i64::from)),
                Val::opt_text(r.template),
                Val::Int(counts[0]),
                Val::Int(counts[1]),
                Val::Int(counts[2]),
            ];
            for (to, v) in row[6..17].iter_mut().zip(rest) {
                *to = v;
            }
            b.complete.push(row);
            self.findings(a.id, r.findings.iter(), b);
            metric_rows_of(a.id, r, b);
        }
    }

    fn findings<'f>(&mut self, id: i64, findings: impl Iterator<Item = &'f record::Finding>, b: &mut Batch) {
        for x in findings {
            self.next_finding += 1;
            let (t, row, col) = match &x.cell {
                Some((t, row, col)) => (Val::count(*t), Val::Text(row.clone()), Val::Text(col.clone())),
                None => (Val::Null, Val::Null, Val::Null),
            };
            b.tables[FINDINGS].push([
                Val::Int(self.next_finding),
                Val::Int(id),
                Val::Str(x.rule),
                Val::Str(x.severity.as_str()),
                Val::Text(x.zh.clone()),
                Val::Text(x.en.clone()),
                Val::opt_num(x.stated),
                Val::opt_num(x.expected),
                t,
                row,
                col,
                Val::count(x.line),
                Val::count(x.col),
            ]);
        }
    }

    /// Whether `pair` would re-pair a report of the unchanged file at `path`, whose reports'
    /// predecessors in the run are `previous` (so that the reports of other unchanged files
    /// need not be built).
    pub fn repairs(&self, path: &str, previous: &[Option<(String, usize)>]) -> bool {
        let Some(ids) = self.ids.get(path) else { return false };
        ids.iter().zip(previous).any(|(id, p)| match p.as_ref().and_then(|(p, k)| self.ids.get(p)?.get(*k)) {
            Some(prev) => self.state.pairs.get(id) != Some(prev),
            None => false,
        })
    }

    /// A file's reports and their predecessors, when the run holds them (after every file is
    /// admitted): a pair for each report written; for each report of an unchanged file that
    /// the run pairs otherwise than the database does (last year's report has a new version,
    /// or is in the run for the first time), the pair, its cross-year findings, finding counts
    /// and metric inputs anew. A new predecessor's version does not make a new version of the
    /// report: its content is the same.
    pub fn pair(&mut self, admission: &Admission, f: &record::File, b: &mut Batch) {
        let record::Body::Reports(rs) = &f.body else { return };
        let ids = match admission {
            Admission::Repeated => return,
            Admission::Written(a) => a.iter().map(|a| a.id).collect(),
            Admission::Unchanged => self.ids.get(&f.path).cloned().unwrap_or_default(),
        };
        for (r, &id) in rs.iter().zip(&ids) {
            let Some(prev) = r.previous.as_ref().and_then(|(p, k)| self.ids.get(p)?.get(*k)).copied() else { continue };
            let xy = || r.findings.iter().filter(|x| is_cross_year(x.rule));
            if matches!(admission, Admission::Unchanged) {
                if self.state.pairs.get(&id) == Some(&prev) {
                    continue;
                }
                self.summary.repaired += 1;
                b.unpair.push(id);
                b.recount.push((id, counts(r)));
                self.findings(id, xy(), b);
                metric_rows_of(id, r, b);
            }
            b.tables[PAIRS].push([Val::Int(id), Val::Int(prev), Val::count(xy().count())]);
        }
    }
}

/// Whether a rule is a cross-year rule (its findings belong to the pair).
pub fn is_cross_year(rule: &str) -> bool {
    rule.starts_with("xy_")
}

/// A report's errors, warnings and infos.
fn counts(r: &record::Report) -> [i64; 3] {
    use crate::finding::Severity::*;
    let n = |sev| i64::try_from(r.findings.iter().filter(|x| x.severity == sev).count()).unwrap_or(i64::MAX);
    [n(Error), n(Warning), n(Info)]
}

fn metric_rows_of(id: i64, r: &record::Report, b: &mut Batch) {
    for m in &r.metrics {
        b.tables[REPORT_METRICS].push([Val::Int(id), Val::Str(m.metric), Val::opt_num(m.numerator), Val::opt_num(m.denominator)]);
    }
}

/// Turn the run's files into rows against `state`: new paths and changed files get a version
/// (the previous one retired) with a row for each report, unchanged ones are skipped (and
/// re-paired when their predecessor changed). `now` is the time stamped on the rows
/// (`checked_at`).
pub fn plan(state: &State, files: &[record::File], now: &str) -> (Batch, Summary) {
    let mut p = Planner::new(state, now);
    let mut b = Batch::new();
    let mut admitted = Vec::with_capacity(files.len());
    for f in files {
        let a = p.admit(&f.path, f.hash.as_deref(), f.format, f.error(), f.reports().len(), &mut b);
        if let (Some(a), record::Body::Reports(rs)) = (a.written(), &f.body) {
            for (a, r) in a.iter().zip(rs) {
                p.cells(a.id, &r.cells, &mut b);
            }
        }
        admitted.push(a);
    }
    for (a, f) in admitted.iter().zip(files) {
        if let Some(w) = a.written() {
            p.reports(w, f, &mut b);
        }
        p.pair(a, f, &mut b);
    }
    b.settle();
    (b, p.summary)
}

