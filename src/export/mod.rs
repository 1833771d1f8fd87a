//! The reviewer's data center: every cell of every report, its findings, cross-year pairs and
//! metric inputs written to a database — an SQLite file (embedded) or a PostgreSQL server
//! (`postgres://…`) — with one schema (`schema`), a metric dictionary (`metrics`) and views
//! per agency-year and region-year. The CLI reads and checks the files and hands each in as a
//! `record::File` (every report of it: a file may hold several); `plan` decides, against what
//! the database already holds (`State`), which files are new, which are new versions of a
//! known path (all its reports; the old version is kept and no longer current) and which are
//! unchanged (same content hash: skipped, but re-paired when the run pairs a report of it with
//! another version of last year's report than the database does), and turns them into rows
//! (`Batch`); a `Store` writes them in one transaction. Nothing here reads files or parses.

pub mod metrics;
pub mod plan;
pub mod postgres;
pub mod record;
pub mod schema;
pub mod sqlite;

use crate::finding::Num;
pub use plan::{is_cross_year, plan, Admission, Admitted, Planner};
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
    /// Current reports of unchanged files paired anew (their predecessor has a new version):
    /// their pair, cross-year findings (`xy_…`) and metric inputs are deleted before the rows
    /// are written (the new ones are among them).
    pub unpair: Vec<i64>,
    /// Those reports' new counts of errors, warnings and infos.
    pub recount: Vec<(i64, [i64; 3])>,
    /// Rows in the order they are written (a row's references come before it).
    pub tables: Vec<Rows>,
    /// Whole rows of `reports` whose first row (`Planner::admit`'s, without what is known
    /// only once the run is paired) is already written: they replace it, by id.
    pub complete: Rows,
}

/// The current version of a path in the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Current {
    /// Its reports' ids in the file's order (`ordinal`; one row for a file that could not be read).
    pub ids: Vec<i64>,
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
    /// Each current report's predecessor, as `pairs` holds it.
    pub pairs: HashMap<i64, i64>,
    pub max_report_id: i64,
    pub max_finding_id: i64,
    pub slots: HashMap<SlotKey, i64>,
}

/// A value read back from the database (`Store::query`): numbers the database holds as
/// decimals are read as `CAST(… AS DOUBLE PRECISION)`, which both databases understand.
#[derive(Clone, Debug, PartialEq)]
pub enum Field {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Field {
    pub fn int(&self) -> Option<i64> {
        match self {
            Field::Int(i) => Some(*i),
            Field::Real(f) => Some(*f as i64),
            _ => None,
        }
    }
    pub fn real(&self) -> Option<f64> {
        match self {
            Field::Int(i) => Some(*i as f64),
            Field::Real(f) => Some(*f),
            _ => None,
        }
    }
    pub fn text(&self) -> Option<&str> {
        match self {
            Field::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// What `Store::stream` runs: given the state, it sends the rows piece by piece (the sender
/// returns false once writing has failed).
pub type Produce<'a> = dyn FnMut(&State, &mut dyn FnMut(Batch) -> bool) + Send + 'a;

/// A database that exports can be written to.
pub trait Store {
    /// Apply the migrations the database lacks; the versions applied now.
    fn migrate(&mut self) -> Result<Vec<u32>, String>;
    /// The rows of a query (the dashboard reads the views and current reports through it; the
    /// same SQL for both databases).
    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Field>>, String>;
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
    /// Rows of `reports` written (a file holding several reports writes a row for each).
    pub reports: usize,
    /// Reports of unchanged files paired with a new version of last year's report.
    pub repaired: usize,
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
        Batch { retire: Vec::new(), unpair: Vec::new(), recount: Vec::new(), tables: tables.into_iter().map(Rows::new).collect(), complete: Rows::new(&schema::REPORTS) }
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
        self.unpair.extend(more.unpair);
        self.recount.extend(more.recount);
        self.complete.values.extend(more.complete.values);
        for (a, b) in self.tables.iter_mut().zip(more.tables) {
            debug_assert!(std::ptr::eq(a.table, b.table));
            a.values.extend(b.values);
        }
    }
    /// How many rows.
    pub fn len(&self) -> usize {
        self.tables.iter().map(Rows::len).sum::<usize>() + self.complete.len() + self.unpair.len()
    }
    pub fn is_empty(&self) -> bool {
        self.retire.is_empty() && self.unpair.is_empty() && self.recount.is_empty() && self.complete.is_empty() && self.tables.iter().all(Rows::is_empty)
    }
}

impl Default for Batch {
    fn default() -> Batch {
        Batch::new()
    }
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
