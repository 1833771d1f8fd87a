//! The reviewer's data center: every cell of every report, its findings, cross-year pairs and
//! metric inputs written to a database — an SQLite file (embedded) or a PostgreSQL server
//! (`postgres://…`) — with one schema (`schema`), a metric dictionary (`metrics`) and views
//! per agency-year and region-year. The CLI reads and checks the files and hands each in as a
//! `record::File`; `plan` decides, against what the database already holds (`State`), which
//! files are new, which are new versions of a known path (the old version is kept and no
//! longer current) and which are unchanged (same content hash: skipped), and turns them into
//! rows (`Batch`); a `Store` writes them in one transaction. Nothing here reads files or parses.

pub mod metrics;
pub mod postgres;
pub mod record;
pub mod schema;
pub mod sqlite;

use crate::finding::Num;
use schema::Table;
use std::collections::HashMap;

/// A value in a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Int(i64),
    /// A number as written (a decimal keeps every digit where the database can).
    Num(Num),
    Text(String),
    Str(&'static str),
}

impl Val {
    fn opt_text(s: Option<&str>) -> Val {
        s.map_or(Val::Null, |s| Val::Text(s.to_string()))
    }
    fn opt_int(i: Option<i64>) -> Val {
        i.map_or(Val::Null, Val::Int)
    }
    fn opt_num(n: Option<Num>) -> Val {
        n.map_or(Val::Null, Val::Num)
    }
    fn count(n: usize) -> Val {
        Val::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Rows of one table, flat: `values` holds `table.columns.len()` values per row.
#[derive(Debug)]
pub struct Rows {
    pub table: &'static Table,
    pub values: Vec<Val>,
}

impl Rows {
    pub fn new(table: &'static Table) -> Rows {
        Rows { table, values: Vec::new() }
    }
    fn push<const N: usize>(&mut self, row: [Val; N]) {
        debug_assert_eq!(N, self.table.columns.len(), "{}", self.table.name);
        self.values.extend(row);
    }
    /// The rows, each a slice of its values.
    pub fn rows(&self) -> std::slice::Chunks<'_, Val> {
        self.values.chunks(self.table.columns.len().max(1))
    }
    pub fn len(&self) -> usize {
        self.values.len() / self.table.columns.len().max(1)
    }
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// What one export writes, in one transaction.
#[derive(Debug)]
pub struct Batch {
    /// Reports that a new version replaces: no longer current.
    pub retire: Vec<i64>,
    /// Rows in the order they are written (a row's references come before it).
    pub tables: Vec<Rows>,
    /// Whole rows of `reports` whose first row (`Planner::admit`'s, without what is known
    /// only once the run is paired) is already written: they replace it, by id.
    pub complete: Rows,
}

/// The current version of a path in the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Current {
    pub id: i64,
    pub version: i64,
    pub hash: Option<String>,
    pub error: Option<String>,
}

/// A cell's place: table, 第二十条 item, row, column.
pub type SlotKey = (u8, u8, String, String);

/// What the database holds, read at the start of the export's transaction.
#[derive(Clone, Debug, Default)]
pub struct State {
    pub current: HashMap<String, Current>,
    pub max_report_id: i64,
    pub max_finding_id: i64,
    pub slots: HashMap<SlotKey, i64>,
}

/// What `Store::stream` runs: given the state, it sends the rows piece by piece (the sender
/// returns false once writing has failed).
pub type Produce<'a> = dyn FnMut(&State, &mut dyn FnMut(Batch) -> bool) + Send + 'a;

/// A database that exports can be written to.
pub trait Store {
    /// Apply the migrations the database lacks; the versions applied now.
    fn migrate(&mut self) -> Result<Vec<u32>, String>;
    /// In one transaction: read the state, `build` the batch from it, write the batch and the
    /// metric dictionary.
    fn export(&mut self, build: &mut dyn FnMut(&State) -> Batch) -> Result<(), String>;
    /// Whether `stream` writes the pieces as they come (SQLite). If not (PostgreSQL, whose
    /// `COPY` of a table wants its rows at once), the CLI reads and checks the files before its
    /// transaction and hands them to `export`, so that the transaction, and the lock on
    /// `reports` that keeps other exporters out, lasts only the writing.
    fn streams(&self) -> bool {
        false
    }
    /// In one transaction: read the state and let `produce` send the rows piece by piece
    /// (`send` returns false once writing has failed: stop sending), write them, and the metric
    /// dictionary. SQLite writes each piece as it comes (on this thread, `produce` on another);
    /// by default the pieces are gathered into one batch for `export`.
    fn stream(&mut self, produce: &mut Produce<'_>) -> Result<(), String> {
        self.export(&mut |state| {
            let mut all = Batch::new();
            produce(state, &mut |b| {
                all.append(b);
                true
            });
            all.settle();
            all
        })
    }
}

/// Open the database `db` names: `postgres://…` or `postgresql://…` a server, anything else an
/// SQLite file (created when missing).
pub fn open(db: &str) -> Result<Box<dyn Store>, String> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        Ok(Box::new(postgres::Postgres::connect(db)?))
    } else {
        Ok(Box::new(sqlite::Sqlite::open(std::path::Path::new(db))?))
    }
}

/// What an export did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Paths the database did not know.
    pub new: usize,
    /// Known paths whose content changed: a new version each.
    pub versions: usize,
    /// Known paths with the same content (or the same read error): skipped.
    pub unchanged: usize,
    /// Of the files written, those that could not be read (a row with their error).
    pub unreadable: usize,
}

/// The metric dictionary as rows of `metrics`.
pub fn metric_rows() -> Rows {
    let mut rows = Rows::new(&schema::METRICS);
    for (i, m) in metrics::METRICS.iter().enumerate() {
        rows.push([
            Val::Str(m.id),
            Val::count(i + 1),
            Val::Str(m.zh),
            Val::Str(m.en),
            Val::Str(m.kind()),
            Val::Int(m.scale),
            Val::Str(m.unit_zh),
            Val::Str(m.unit_en),
            Val::Str(m.formula_zh),
            Val::Str(m.formula_en),
            Val::Str(m.undefined_zh),
            Val::Str(m.undefined_en),
        ]);
    }
    rows
}

/// Where each table's rows are in a `Batch` (`Batch::new`), in the order they are written (a
/// row's references come before it).
pub const REPORTS: usize = 0;
pub const SLOTS: usize = 1;
pub const CELLS: usize = 2;
pub const FINDINGS: usize = 3;
pub const PAIRS: usize = 4;
pub const REPORT_METRICS: usize = 5;

impl Batch {
    /// No rows: every table of an export, in the order they are written.
    pub fn new() -> Batch {
        let tables = [&schema::REPORTS, &schema::SLOTS, &schema::CELLS, &schema::FINDINGS, &schema::PAIRS, &schema::REPORT_METRICS];
        Batch { retire: Vec::new(), tables: tables.into_iter().map(Rows::new).collect(), complete: Rows::new(&schema::REPORTS) }
    }
    /// The `complete` rows in place of the `reports` rows they replace (a batch written at
    /// once, without updates).
    pub fn settle(&mut self) {
        if self.complete.is_empty() {
            return;
        }
        let width = schema::REPORTS.columns.len();
        let at: HashMap<i64, usize> = self.tables[REPORTS].rows().enumerate().filter_map(|(i, r)| match r[0] {
            Val::Int(id) => Some((id, i)),
            _ => None,
        }).collect();
        let complete = std::mem::replace(&mut self.complete, Rows::new(&schema::REPORTS));
        for row in complete.rows() {
            let Val::Int(id) = row[0] else { continue };
            match at.get(&id) {
                Some(&i) => self.tables[REPORTS].values[i * width..(i + 1) * width].clone_from_slice(row),
                None => self.tables[REPORTS].values.extend_from_slice(row),
            }
        }
    }
    /// `more`'s rows after this batch's, table by table (both from `Batch::new`).
    pub fn append(&mut self, more: Batch) {
        self.retire.extend(more.retire);
        self.complete.values.extend(more.complete.values);
        for (a, b) in self.tables.iter_mut().zip(more.tables) {
            debug_assert!(std::ptr::eq(a.table, b.table));
            a.values.extend(b.values);
        }
    }
    /// How many rows.
    pub fn len(&self) -> usize {
        self.tables.iter().map(Rows::len).sum::<usize>() + self.complete.len()
    }
    pub fn is_empty(&self) -> bool {
        self.retire.is_empty() && self.complete.is_empty() && self.tables.iter().all(Rows::is_empty)
    }
}

impl Default for Batch {
    fn default() -> Batch {
        Batch::new()
    }
}

/// A file the export writes: its report id and version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Admitted {
    pub id: i64,
    pub version: i64,
}

/// `plan` in steps, for an export that writes each file's cells as soon as the file is checked
/// and the rest once the run is paired: ids are handed out as `plan` hands them out, so both
/// write the same rows. Files are `admit`ted in the run's order (a report id and a first row
/// each, so that the rows referring to it can follow at once; the `cells` of those admitted,
/// slot ids in the same order); then, in the same order, each admitted file's `report` (its
/// whole row, findings and metric inputs; finding ids) and `pair`.
pub struct Planner<'a> {
    state: &'a State,
    now: &'a str,
    slot_ids: HashMap<SlotKey, i64>,
    next_slot: i64,
    next_report: i64,
    next_finding: i64,
    /// Each path's current report id after this export.
    ids: HashMap<String, i64>,
    pub summary: Summary,
}

impl<'a> Planner<'a> {
    pub fn new(state: &'a State, now: &'a str) -> Planner<'a> {
        let slot_ids = state.slots.clone();
        let next_slot = slot_ids.values().copied().max().unwrap_or(0);
        Planner { state, now, slot_ids, next_slot, next_report: state.max_report_id, next_finding: state.max_finding_id, ids: HashMap::new(), summary: Summary::default() }
    }

    /// The next file of the run: `None` when it is not written (a path met before in this run,
    /// or unchanged: same content hash and read error as the current version); else its id and
    /// version, the version it replaces retired, and its first row: the whole row of a file
    /// that could not be read, a report's path, version, hash and format (the rest `report`'s).
    pub fn admit(&mut self, path: &str, hash: Option<&str>, format: &'static str, error: Option<&str>, b: &mut Batch) -> Option<Admitted> {
        if self.ids.contains_key(path) {
            return None;
        }
        let cur = self.state.current.get(path);
        if let Some(c) = cur.filter(|c| c.hash.as_deref() == hash && c.error.as_deref() == error) {
            self.ids.insert(path.to_string(), c.id);
            self.summary.unchanged += 1;
            return None;
        }
        self.next_report += 1;
        let id = self.next_report;
        match cur {
            Some(c) => {
                b.retire.push(c.id);
                self.summary.versions += 1;
            }
            None => self.summary.new += 1,
        }
        self.ids.insert(path.to_string(), id);
        let a = Admitted { id, version: cur.map_or(1, |c| c.version + 1) };
        let row = self.row(a, path, hash, format, error.map(|e| Val::Text(e.to_string())));
        b.tables[REPORTS].push(row);
        Some(a)
    }

    /// A `reports` row with what is known before pairing; `error` is NULL for a report.
    fn row(&self, a: Admitted, path: &str, hash: Option<&str>, format: &'static str, error: Option<Val>) -> [Val; 20] {
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

    /// An admitted file's report: its whole row, its findings and metric inputs.
    pub fn report(&mut self, a: Admitted, f: &record::File, b: &mut Batch) {
        let r = match &f.body {
            record::Body::Error(_) => {
                // Its row is whole already.
                self.summary.unreadable += 1;
                return;
            }
            record::Body::Report(r) => r,
        };
        let mut row = self.row(a, &f.path, f.hash.as_deref(), f.format, None);
        let n = |sev| Val::count(r.findings.iter().filter(|x| x.severity == sev).count());
        use crate::finding::Severity::*;
        let rest = [
            Val::Text(r.title.clone()),
            Val::opt_text(r.agency.as_deref()),
            Val::opt_text(r.agency_name.as_deref()),
            Val::opt_text(r.region.as_deref()),
            Val::opt_text(r.level),
            Val::opt_text(r.kind),
            Val::opt_int(r.year.map(i64::from)),
            Val::opt_text(r.template),
            n(Error),
            n(Warning),
            n(Info),
        ];
        for (to, v) in row[6..17].iter_mut().zip(rest) {
            *to = v;
        }
        b.complete.push(row);
        for x in &r.findings {
            self.next_finding += 1;
            let (t, row, col) = match &x.cell {
                Some((t, row, col)) => (Val::count(*t), Val::Text(row.clone()), Val::Text(col.clone())),
                None => (Val::Null, Val::Null, Val::Null),
            };
            b.tables[FINDINGS].push([
                Val::Int(self.next_finding),
                Val::Int(a.id),
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
        for m in &r.metrics {
            b.tables[REPORT_METRICS].push([Val::Int(a.id), Val::Str(m.metric), Val::opt_num(m.numerator), Val::opt_num(m.denominator)]);
        }
    }

    /// An admitted report and its predecessor, when the run holds it (after every file is
    /// admitted).
    pub fn pair(&self, a: Admitted, f: &record::File, b: &mut Batch) {
        let record::Body::Report(r) = &f.body else { return };
        if let Some(prev) = r.previous.as_deref().and_then(|p| self.ids.get(p)) {
            let xy = r.findings.iter().filter(|x| x.rule.starts_with("xy_")).count();
            b.tables[PAIRS].push([Val::Int(a.id), Val::Int(*prev), Val::count(xy)]);
        }
    }
}

/// Turn the run's files into rows against `state`: new paths and changed files get a report
/// version (the previous one retired), unchanged ones are skipped. `now` is the time stamped
/// on the rows (`checked_at`).
pub fn plan(state: &State, files: &[record::File], now: &str) -> (Batch, Summary) {
    let mut p = Planner::new(state, now);
    let mut b = Batch::new();
    let mut written = Vec::new();
    for f in files {
        if let Some(a) = p.admit(&f.path, f.hash.as_deref(), f.format, f.error(), &mut b) {
            if let record::Body::Report(r) = &f.body {
                p.cells(a.id, &r.cells, &mut b);
            }
            written.push((a, f));
        }
    }
    for (a, f) in &written {
        p.report(*a, f, &mut b);
    }
    for (a, f) in &written {
        p.pair(*a, f, &mut b);
    }
    b.settle();
    (b, p.summary)
}

/// The time now in UTC, as `2025-01-31T08:00:00Z` (without a date library: days since the
/// epoch to a civil date, Howard Hinnant's algorithm).
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    utc(secs)
}

fn utc(secs: u64) -> String {
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest / 60 % 60, rest % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_735_689_599), "2024-12-31T23:59:59Z");
    }
}
