//! The SQLite store (rusqlite, SQLite bundled): opens or creates the file, applies the
//! migrations the file lacks, and writes an export in one immediate transaction with one
//! prepared statement per table. Decimals that a double carries exactly are stored as REAL,
//! others as their digits (TEXT); the `raw` column always keeps what the report wrote.

use super::schema::{self, Dialect, Table};
use super::{Batch, Current, Rows, State, Store, Val};
use crate::finding::Num;
use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{params, Connection, ToSql, TransactionBehavior};

pub struct Sqlite {
    conn: Connection,
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
        // foreign keys are declared (documentation, PostgreSQL checks them) but not checked per
        // row here: `plan` writes a row only after what it refers to.
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;").map_err(err)?;
        Ok(Sqlite { conn })
    }

    /// The connection, for reading (the dashboard, tests).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

fn insert(tx: &rusqlite::Transaction, rows: &Rows) -> Result<(), String> {
    if rows.is_empty() {
        return Ok(());
    }
    let Table { name, columns } = rows.table;
    let marks = vec!["?"; columns.len()].join(", ");
    let mut st = tx.prepare(&format!("INSERT INTO {name} ({}) VALUES ({marks})", columns.join(", "))).map_err(err)?;
    for row in rows.rows() {
        st.execute(rusqlite::params_from_iter(row.iter())).map_err(|e| format!("{name}: {}", err(e)))?;
    }
    Ok(())
}

fn read_state(tx: &rusqlite::Transaction) -> rusqlite::Result<State> {
    let mut s = State::default();
    let mut st = tx.prepare("SELECT id, path, version, content_hash, error FROM reports WHERE current = 1")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(1)?, Current { id: r.get(0)?, version: r.get(2)?, hash: r.get(3)?, error: r.get(4)? })))?;
    for row in rows {
        let (path, c) = row?;
        s.current.insert(path, c);
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
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        tx.execute_batch(schema::MIGRATIONS_TABLE).map_err(err)?;
        let applied: Vec<u32> = {
            let mut st = tx.prepare("SELECT version FROM schema_migrations").map_err(err)?;
            let v = st.query_map([], |r| r.get(0)).map_err(err)?.collect::<Result<_, _>>().map_err(err)?;
            v
        };
        let mut now = Vec::new();
        for m in schema::MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
            for s in schema::statements(m.sql, Dialect::Sqlite) {
                tx.execute_batch(&s).map_err(|e| format!("migration {}: {}", m.version, err(e)))?;
            }
            tx.execute("INSERT INTO schema_migrations (version, applied_at, nianbao_version) VALUES (?, ?, ?)", params![m.version, super::now_utc(), super::record::VERSION])
                .map_err(err)?;
            now.push(m.version);
        }
        if let Some(newer) = applied.iter().find(|v| **v > schema::latest()) {
            return Err(format!("数据库的结构版本 {newer} 比本程序的 {} 新，请升级 nianbao / the database's schema version {newer} is newer than this nianbao's ({})", schema::latest(), schema::latest()));
        }
        tx.commit().map_err(err)?;
        Ok(now)
    }

    fn export(&mut self, build: &mut dyn FnMut(&State) -> Batch) -> Result<(), String> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        let state = read_state(&tx).map_err(err)?;
        let batch = build(&state);
        {
            let mut st = tx.prepare("UPDATE reports SET current = 0 WHERE id = ?").map_err(err)?;
            for id in &batch.retire {
                st.execute([id]).map_err(err)?;
            }
        }
        for rows in &batch.tables {
            insert(&tx, rows)?;
        }
        tx.execute("DELETE FROM metrics", []).map_err(err)?;
        insert(&tx, &super::metric_rows())?;
        tx.commit().map_err(err)
    }
}
