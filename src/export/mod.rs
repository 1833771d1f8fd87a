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

/// A database that exports can be written to.
pub trait Store {
    /// Apply the migrations the database lacks; the versions applied now.
    fn migrate(&mut self) -> Result<Vec<u32>, String>;
    /// In one transaction: read the state, `build` the batch from it, write the batch and the
    /// metric dictionary.
    fn export(&mut self, build: &mut dyn FnMut(&State) -> Batch) -> Result<(), String>;
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

/// Turn the run's files into rows against `state`: new paths and changed files get a report
/// version (the previous one retired), unchanged ones are skipped. `now` is the time stamped
/// on the rows (`checked_at`).
pub fn plan(state: &State, files: &[record::File], now: &str) -> (Batch, Summary) {
    let mut s = Summary::default();
    let mut reports = Rows::new(&schema::REPORTS);
    let mut slots = Rows::new(&schema::SLOTS);
    let mut cells = Rows::new(&schema::CELLS);
    let mut findings = Rows::new(&schema::FINDINGS);
    let mut pairs = Rows::new(&schema::PAIRS);
    let mut inputs = Rows::new(&schema::REPORT_METRICS);
    let mut retire = Vec::new();
    let mut slot_ids = state.slots.clone();
    let mut next_slot = slot_ids.values().copied().max().unwrap_or(0);
    let (mut next_report, mut next_finding) = (state.max_report_id, state.max_finding_id);
    // Each path's current report id after this export, and which were written now.
    let mut ids: HashMap<&str, i64> = HashMap::new();
    let mut written: Vec<(&record::File, i64)> = Vec::new();
    for f in files {
        if ids.contains_key(f.path.as_str()) {
            continue;
        }
        let cur = state.current.get(&f.path);
        if let Some(c) = cur.filter(|c| c.hash == f.hash && c.error.as_deref() == f.error()) {
            ids.insert(&f.path, c.id);
            s.unchanged += 1;
            continue;
        }
        next_report += 1;
        let id = next_report;
        match cur {
            Some(c) => {
                retire.push(c.id);
                s.versions += 1;
            }
            None => s.new += 1,
        }
        ids.insert(&f.path, id);
        written.push((f, id));
        let version = cur.map_or(1, |c| c.version + 1);
        let head = [Val::Int(id), Val::Text(f.path.clone()), Val::Int(version), Val::Int(1), Val::opt_text(f.hash.as_deref()), Val::Str(f.format)];
        let r = match &f.body {
            record::Body::Error(e) => {
                s.unreadable += 1;
                let [a, b, c, d, e2, g] = head;
                reports.push([a, b, c, d, e2, g, Val::Null, Val::Null, Val::Null, Val::Null, Val::Null, Val::Null, Val::Null, Val::Null, Val::Null, Val::Null, Val::Null, Val::Text(e.clone()), Val::Text(now.into()), Val::Str(crate::export::record::VERSION)]);
                continue;
            }
            record::Body::Report(r) => r,
        };
        let [a, b, c, d, e2, g] = head;
        let n = |sev| Val::count(r.findings.iter().filter(|x| x.severity == sev).count());
        use crate::finding::Severity::*;
        reports.push([
            a,
            b,
            c,
            d,
            e2,
            g,
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
            Val::Null,
            Val::Text(now.into()),
            Val::Str(record::VERSION),
        ]);
        for c in &r.cells {
            let key: SlotKey = (c.table, c.item, c.row.to_string(), c.column.to_string());
            let slot = *slot_ids.entry(key).or_insert_with(|| {
                next_slot += 1;
                slots.push([Val::Int(next_slot), Val::Int(c.table.into()), Val::Int(c.item.into()), Val::Str(c.row), Val::Str(c.column)]);
                next_slot
            });
            cells.push([Val::Int(id), Val::Int(slot), Val::Text(c.raw.clone()), Val::opt_num(c.value), Val::Str(c.semantic), Val::opt_text(c.unit), Val::count(c.line), Val::count(c.col)]);
        }
        for x in &r.findings {
            next_finding += 1;
            let (t, row, col) = match &x.cell {
                Some((t, row, col)) => (Val::count(*t), Val::Text(row.clone()), Val::Text(col.clone())),
                None => (Val::Null, Val::Null, Val::Null),
            };
            findings.push([
                Val::Int(next_finding),
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
        for m in &r.metrics {
            inputs.push([Val::Int(id), Val::Str(m.metric), Val::opt_num(m.numerator), Val::opt_num(m.denominator)]);
        }
    }
    for (f, id) in &written {
        let record::Body::Report(r) = &f.body else { continue };
        if let Some(prev) = r.previous.as_deref().and_then(|p| ids.get(p)) {
            let xy = r.findings.iter().filter(|x| x.rule.starts_with("xy_")).count();
            pairs.push([Val::Int(*id), Val::Int(*prev), Val::count(xy)]);
        }
    }
    (Batch { retire, tables: vec![reports, slots, cells, findings, pairs, inputs] }, s)
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
