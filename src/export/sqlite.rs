//! The SQLite store (rusqlite, SQLite bundled): opens or creates the file, applies the
//! migrations the file lacks, and writes an export in one immediate transaction with one
//! prepared statement per table. Decimals that a double carries exactly are stored as REAL,
//! others as their digits (TEXT); the `raw` column always keeps what the report wrote.

use super::schema::{self, Dialect, Table};
use super::{Batch, Current, Field, Produce, Rows, State, Store, Val};
use crate::finding::Num;
use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{params, Connection, ToSql, TransactionBehavior};

pub struct Sqlite {
    conn: Connection,
    /// The time the last `stream` spent writing (not waiting for rows), for the benchmark.
    busy: std::time::Duration,
}

fn err(e: rusqlite::Error) -> String {
    format!("SQLite: {e}")
}

impl ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Val::Null => ToSqlOutput::Owned(Value::Null),
            Val::Int(i) => ToSqlOutput::Owned(Value::Integer(*i)),
            Val::Num(Num::Int(i)) => ToSqlOutput::Owned(Value::Integer(*i)),
            Val::Num(Num::Dec(d)) => match d.to_f64() {
                (f, true) => ToSqlOutput::Owned(Value::Real(f)),
                (_, false) => ToSqlOutput::Owned(Value::Text(d.to_string())),
            },
            Val::Text(s) => ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Text(s.as_bytes())),
            Val::Str(s) => ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Text(s.as_bytes())),
        })
    }
}

impl Sqlite {
    /// Open (or create) the database file.
    pub fn open(path: &std::path::Path) -> Result<Sqlite, String> {
        let conn = Connection::open(path).map_err(|e| format!("{}: {}", crate::cli::term::path(path), err(e)))?;
        Sqlite::with(conn)
    }

    /// A database in memory (the dashboard of files given on the command line).
    pub fn memory() -> Result<Sqlite, String> {
        Sqlite::with(Connection::open_in_memory().map_err(err)?)
    }

    fn with(conn: Connection) -> Result<Sqlite, String> {
        // Another writer (a second export) waits for the lock instead of failing at once.
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(err)?;
        // A 64 MB page cache: an export of thousands of reports writes millions of cells. The
        // foreign keys are declared (and checked by the bundled SQLite, except during a
        // streamed export: see `bulk`); `plan` writes a row only after what it refers to.
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;").map_err(err)?;
        Ok(Sqlite { conn, busy: Default::default() })
    }

    /// The time the last `stream` spent writing rows and committing (the rest it waited for them).
    pub fn busy(&self) -> std::time::Duration {
        self.busy
    }

    /// The connection, for reading (the dashboard, tests).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Rows per `INSERT` statement (`VALUES (…), (…), …`): one statement's work (its cursors, its
/// start and end) is shared by many rows. 64 rather than 1: about 2,000 fewer instructions per
/// row (callgrind of the export benchmark), the writer's time a tenth shorter.
const ROWS_PER_INSERT: usize = 64;

fn insert(tx: &rusqlite::Transaction, rows: &Rows) -> Result<(), String> {
    if rows.is_empty() {
        return Ok(());
    }
    let Table { name, columns } = rows.table;
    let width = columns.len();
    let one = format!("({})", vec!["?"; width].join(", "));
    let sql = |n: usize| format!("INSERT INTO {name} ({}) VALUES {}", columns.join(", "), vec![one.as_str(); n].join(", "));
    let per = ROWS_PER_INSERT;
    let mut values = rows.values.chunks_exact(width * per);
    // Cached: a streamed export inserts into each table thousands of times.
    if values.len() > 0 {
        let mut st = tx.prepare_cached(&sql(per)).map_err(err)?;
        for chunk in values.by_ref() {
            st.execute(rusqlite::params_from_iter(chunk.iter())).map_err(|e| format!("{name}: {}", err(e)))?;
        }
    }
    let rest = values.remainder();
    if !rest.is_empty() {
        let mut st = tx.prepare_cached(&sql(1)).map_err(err)?;
        for row in rest.chunks_exact(width) {
            st.execute(rusqlite::params_from_iter(row.iter())).map_err(|e| format!("{name}: {}", err(e)))?;
        }
    }
    Ok(())
}

/// A batch's retired reports, re-paired reports and rows.
fn write(tx: &rusqlite::Transaction, batch: &Batch) -> Result<(), String> {
    if !batch.retire.is_empty() {
        let mut st = tx.prepare_cached("UPDATE reports SET current = 0 WHERE id = ?").map_err(err)?;
        for id in &batch.retire {
            st.execute([id]).map_err(err)?;
        }
    }
    for sql in UNPAIR.iter().filter(|_| !batch.unpair.is_empty()) {
        let mut st = tx.prepare_cached(sql).map_err(err)?;
        for id in &batch.unpair {
            st.execute([id]).map_err(err)?;
        }
    }
    for rows in &batch.tables {
        insert(tx, rows)?;
    }
    if !batch.recount.is_empty() {
        let mut st = tx.prepare_cached("UPDATE reports SET errors = ?2, warnings = ?3, infos = ?4 WHERE id = ?1").map_err(err)?;
        for (id, [e, w, i]) in &batch.recount {
            st.execute(params![id, e, w, i]).map_err(err)?;
        }
    }
    if !batch.complete.is_empty() {
        // The columns known once the run is paired, title to infos (the first row has the
        // rest), by id (the first column).
        let Table { name, columns } = batch.complete.table;
        let (first, last) = (6, 16);
        debug_assert_eq!((columns[0], columns[first], columns[last]), ("id", "title", "infos"));
        let set: Vec<String> = (first..=last).map(|i| format!("{} = ?{}", columns[i], i + 1)).collect();
        let mut st = tx.prepare_cached(&format!("UPDATE {name} SET {} WHERE id = ?1", set.join(", "))).map_err(err)?;
        for row in batch.complete.rows() {
            st.execute(rusqlite::params_from_iter(row[..=last].iter())).map_err(|e| format!("{name}: {}", err(e)))?;
        }
    }
    Ok(())
}

/// The metric dictionary rewritten, and the transaction committed.
fn finish(tx: rusqlite::Transaction) -> Result<(), String> {
    tx.execute("DELETE FROM metrics", []).map_err(err)?;
    insert(&tx, &super::metric_rows())?;
    tx.commit().map_err(err)
}

/// What a re-paired report loses before its new rows are written.
const UNPAIR: [&str; 3] = ["DELETE FROM pairs WHERE report_id = ?", "DELETE FROM findings WHERE report_id = ? AND rule LIKE 'xy\\_%' ESCAPE '\\'", "DELETE FROM report_metrics WHERE report_id = ?"];

fn read_state(tx: &rusqlite::Transaction) -> rusqlite::Result<State> {
    let mut s = State::default();
    let mut st = tx.prepare("SELECT id, path, version, content_hash, error FROM reports WHERE current = 1 ORDER BY path, ordinal")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(0)?, Current { ids: Vec::new(), version: r.get(2)?, hash: r.get(3)?, error: r.get(4)? })))?;
    for row in rows {
        let (path, id, c) = row?;
        s.current.entry(path).or_insert(c).ids.push(id);
    }
    let mut st = tx.prepare("SELECT p.report_id, p.previous_id FROM pairs p JOIN reports r ON r.id = p.report_id WHERE r.current = 1")?;
    for row in st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (id, prev) = row?;
        s.pairs.insert(id, prev);
    }
    s.max_report_id = tx.query_row("SELECT COALESCE(MAX(id), 0) FROM reports", [], |r| r.get(0))?;
    s.max_finding_id = tx.query_row("SELECT COALESCE(MAX(id), 0) FROM findings", [], |r| r.get(0))?;
    let mut st = tx.prepare("SELECT id, table_no, item, row_label, column_label FROM slots")?;
    let rows = st.query_map([], |r| Ok(((r.get::<_, u8>(1)?, r.get::<_, u8>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?), r.get::<_, i64>(0)?)))?;
    for row in rows {
        let (k, id) = row?;
        s.slots.insert(k, id);
    }
    Ok(s)
}

impl Store for Sqlite {
    fn migrate(&mut self) -> Result<Vec<u32>, String> {
        // Version 2 makes `reports` again: the foreign keys are off meanwhile (they cannot be
        // switched inside a transaction) and checked before the commit.
        let fk: bool = self.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).map_err(err)?;
        self.conn.execute_batch("PRAGMA foreign_keys = OFF").map_err(err)?;
        let done = self.migrate_unchecked();
        let restored = if fk { self.conn.execute_batch("PRAGMA foreign_keys = ON").map_err(err) } else { Ok(()) };
        done.and_then(|v| restored.map(|_| v))
    }

    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Field>>, String> {
        use rusqlite::types::ValueRef;
        let mut st = self.conn.prepare(sql).map_err(err)?;
        let n = st.column_count();
        let mut rows = st.query([]).map_err(err)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(err)? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(match r.get_ref(i).map_err(err)? {
                    ValueRef::Null => Field::Null,
                    ValueRef::Integer(i) => Field::Int(i),
                    ValueRef::Real(f) => Field::Real(f),
                    ValueRef::Text(t) | ValueRef::Blob(t) => Field::Text(String::from_utf8_lossy(t).into_owned()),
                });
            }
            out.push(row);
        }
        Ok(out)
    }

    fn export(&mut self, build: &mut dyn FnMut(&State) -> Batch) -> Result<(), String> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        let state = read_state(&tx).map_err(err)?;
        write(&tx, &build(&state))?;
        finish(tx)
    }

    fn streams(&self) -> bool {
        true
    }

    fn stream(&mut self, produce: &mut Produce<'_>) -> Result<(), String> {
        // The bulk load without syncs (the file is synced after the commit, in `bulk`), and
        // temporary b-trees in memory. The rollback journal is kept: a process killed during
        // the load leaves a hot journal that the next open rolls back, so the file is the
        // database as it was and a re-run writes the export again. (The journal holds only the
        // pages the export changes, not the ones it appends.) Without syncs, an OS crash or a
        // power cut during the export could leave pages the journal cannot restore.
        self.conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;").map_err(err)?;
        let written = self.bulk(produce);
        let restored = self.conn.execute_batch("PRAGMA synchronous = NORMAL").map_err(err);
        written.and(restored)
    }
}

impl Sqlite {
    fn migrate_unchecked(&mut self) -> Result<Vec<u32>, String> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        tx.execute_batch(schema::MIGRATIONS_TABLE).map_err(err)?;
        let applied: Vec<u32> = {
            let mut st = tx.prepare("SELECT version FROM schema_migrations").map_err(err)?;
            let v = st.query_map([], |r| r.get(0)).map_err(err)?.collect::<Result<_, _>>().map_err(err)?;
            v
        };
        if let Some(newer) = applied.iter().find(|v| **v > schema::latest()) {
            return Err(format!("数据库的结构版本 {newer} 比本程序的 {} 新，请升级 nianbao / the database's schema version {newer} is newer than this nianbao's ({})", schema::latest(), schema::latest()));
        }
        let mut now = Vec::new();
        for m in schema::MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
            for s in schema::statements(m, Dialect::Sqlite) {
                tx.execute_batch(&s).map_err(|e| format!("migration {}: {}", m.version, err(e)))?;
            }
            tx.execute("INSERT INTO schema_migrations (version, applied_at, nianbao_version) VALUES (?, ?, ?)", params![m.version, super::now_utc(), super::record::VERSION])
                .map_err(err)?;
            now.push(m.version);
        }
        let broken: i64 = tx.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).map_err(err)?;
        if broken > 0 {
            return Err(format!("migration: {broken} row(s) refer to rows that are missing"));
        }
        tx.commit().map_err(err)?;
        Ok(now)
    }

    fn bulk(&mut self, produce: &mut Produce<'_>) -> Result<(), String> {
        self.busy = Default::default();
        // The foreign keys (which the bundled SQLite enforces) are not checked row by row
        // during the load: opening the report's and the slot's table for each cell took the
        // writer from about 4 to 7 s for 10,000 reports. The planner refers only to rows it has
        // written or read from the database (the tests run `PRAGMA foreign_key_check`).
        let fk: bool = self.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).map_err(err)?;
        self.conn.execute_batch("PRAGMA foreign_keys = OFF").map_err(err)?;
        let written = self.load(produce);
        let restored = if fk { self.conn.execute_batch("PRAGMA foreign_keys = ON").map_err(err) } else { Ok(()) };
        written.and(restored)
    }

    fn load(&mut self, produce: &mut Produce<'_>) -> Result<(), String> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        let state = read_state(&tx).map_err(err)?;
        // A few pieces in flight: the producer checks the next files while this thread writes.
        let (send, pieces) = std::sync::mpsc::sync_channel::<Batch>(4);
        let mut failed = None;
        std::thread::scope(|s| {
            let state = &state;
            let producer = s.spawn(move || {
                produce(state, &mut |b| send.send(b).is_ok());
            });
            for piece in &pieces {
                let t = std::time::Instant::now();
                let w = write(&tx, &piece);
                self.busy += t.elapsed();
                if let Err(e) = w {
                    failed = Some(e);
                    break;
                }
            }
            // The producer's next `send` fails and it stops.
            drop(pieces);
            if producer.join().is_err() {
                failed.get_or_insert_with(|| "内部错误 / internal error".to_string());
            }
        });
        if let Some(e) = failed {
            // Dropping the transaction rolls it back.
            return Err(e);
        }
        let t = std::time::Instant::now();
        finish(tx)?;
        // Not synced by SQLite (`synchronous = OFF`; it cannot change inside the transaction):
        // the file is synced now, so that it is on disk when the command says it is written.
        let synced = match self.conn.path().filter(|p| !p.is_empty()) {
            Some(p) => std::fs::File::open(p).and_then(|f| f.sync_all()).map_err(|e| format!("{p}: {e}")),
            None => Ok(()),
        };
        self.busy += t.elapsed();
        synced
    }
}
