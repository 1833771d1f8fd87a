//! The PostgreSQL store, for a team's shared server (`postgres://user@host/db`, or a socket
//! folder as `postgres://user@%2Frun%2Fpostgresql/db`; the synchronous `postgres` client, no
//! TLS). Migrations run under an advisory lock; an export locks `reports` against other
//! exporters for its transaction (readers go on), and writes each table with `COPY … FROM
//! STDIN`, numbers as their exact digits into NUMERIC columns.

use super::schema::{self, Dialect};
use super::{Batch, Current, Field, Rows, State, Store, Val};
use postgres::{Client, NoTls, Transaction};
use std::io::Write;

pub struct Postgres {
    client: Client,
}

fn err(e: postgres::Error) -> String {
    format!("PostgreSQL: {e}")
}

/// The advisory lock that serialises migrations of one database ("nianbao" and 1).
const MIGRATION_LOCK: i64 = 0x6e69_616e_6261_6f01;

impl Postgres {
    pub fn connect(url: &str) -> Result<Postgres, String> {
        Ok(Postgres { client: Client::connect(url, NoTls).map_err(err)? })
    }

    /// The client, for reading (tests).
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }
}

/// A value in COPY's text format: `\N` for NULL, backslash, TAB and line ends escaped.
fn copy_text(v: &Val, out: &mut Vec<u8>) {
    let text = |s: &str, out: &mut Vec<u8>| {
        for b in s.bytes() {
            match b {
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\t' => out.extend_from_slice(b"\\t"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                _ => out.push(b),
            }
        }
    };
    match v {
        Val::Null => out.extend_from_slice(b"\\N"),
        Val::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Val::Num(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Val::Text(s) => text(s, out),
        Val::Str(s) => text(s, out),
    }
}

fn copy(tx: &mut Transaction, rows: &Rows) -> Result<(), String> {
    if rows.is_empty() {
        return Ok(());
    }
    let name = rows.table.name;
    let mut buf = Vec::with_capacity(rows.values.len() * 8);
    for row in rows.rows() {
        for (i, v) in row.iter().enumerate() {
            if i > 0 {
                buf.push(b'\t');
            }
            copy_text(v, &mut buf);
        }
        buf.push(b'\n');
    }
    let mut w = tx.copy_in(&format!("COPY {name} ({}) FROM STDIN", rows.table.columns.join(", "))).map_err(err)?;
    w.write_all(&buf).map_err(|e| format!("PostgreSQL: {name}: {e}"))?;
    w.finish().map_err(|e| format!("{name}: {}", err(e)))?;
    Ok(())
}

fn read_state(tx: &mut Transaction) -> Result<State, postgres::Error> {
    let mut s = State::default();
    for r in tx.query("SELECT id, path, version, content_hash, error FROM reports WHERE current = 1 ORDER BY path, ordinal", &[])? {
        let version: i32 = r.get(2);
        s.current.entry(r.get(1)).or_insert_with(|| Current { ids: Vec::new(), version: version.into(), hash: r.get(3), error: r.get(4) }).ids.push(r.get(0));
    }
    for r in tx.query("SELECT p.report_id, p.previous_id FROM pairs p JOIN reports r ON r.id = p.report_id WHERE r.current = 1", &[])? {
        s.pairs.insert(r.get(0), r.get(1));
    }
    s.max_report_id = tx.query_one("SELECT COALESCE(MAX(id), 0) FROM reports", &[])?.get(0);
    s.max_finding_id = tx.query_one("SELECT COALESCE(MAX(id), 0) FROM findings", &[])?.get(0);
    for r in tx.query("SELECT id, table_no, item, row_label, column_label FROM slots", &[])? {
        let (t, item): (i32, i32) = (r.get(1), r.get(2));
        s.slots.insert((t as u8, item as u8, r.get(3), r.get(4)), r.get(0));
    }
    Ok(s)
}

impl Store for Postgres {
    fn migrate(&mut self) -> Result<Vec<u32>, String> {
        let mut tx = self.client.transaction().map_err(err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(err)?;
        tx.batch_execute(schema::MIGRATIONS_TABLE).map_err(err)?;
        let applied: Vec<u32> = tx.query("SELECT version FROM schema_migrations", &[]).map_err(err)?.iter().map(|r| r.get::<_, i32>(0) as u32).collect();
        if let Some(newer) = applied.iter().find(|v| **v > schema::latest()) {
            return Err(format!("数据库的结构版本 {newer} 比本程序的 {} 新，请升级 nianbao / the database's schema version {newer} is newer than this nianbao's ({})", schema::latest(), schema::latest()));
        }
        let mut now = Vec::new();
        for m in schema::MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
            for s in schema::statements(m, Dialect::Postgres) {
                tx.batch_execute(&s).map_err(|e| format!("migration {}: {}", m.version, err(e)))?;
            }
            let v = m.version as i32;
            tx.execute("INSERT INTO schema_migrations (version, applied_at, nianbao_version) VALUES ($1, $2, $3)", &[&v, &super::now_utc(), &super::record::VERSION]).map_err(err)?;
            now.push(m.version);
        }
        tx.commit().map_err(err)?;
        Ok(now)
    }

    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Field>>, String> {
        use postgres::types::Type;
        let rows = self.client.query(sql, &[]).map_err(err)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut row = Vec::with_capacity(r.len());
            for (i, c) in r.columns().iter().enumerate() {
                let got = match *c.type_() {
                    Type::INT2 => r.try_get::<_, Option<i16>>(i).map(|v| v.map(i64::from).map(Field::Int)),
                    Type::INT4 => r.try_get::<_, Option<i32>>(i).map(|v| v.map(i64::from).map(Field::Int)),
                    Type::INT8 => r.try_get::<_, Option<i64>>(i).map(|v| v.map(Field::Int)),
                    Type::FLOAT4 => r.try_get::<_, Option<f32>>(i).map(|v| v.map(f64::from).map(Field::Real)),
                    Type::FLOAT8 => r.try_get::<_, Option<f64>>(i).map(|v| v.map(Field::Real)),
                    Type::TEXT | Type::VARCHAR | Type::NAME | Type::BPCHAR => r.try_get::<_, Option<String>>(i).map(|v| v.map(Field::Text)),
                    ref t => return Err(format!("PostgreSQL: column {} is {t}: read numbers as CAST(… AS DOUBLE PRECISION)", c.name())),
                };
                row.push(got.map_err(err)?.unwrap_or(Field::Null));
            }
            out.push(row);
        }
        Ok(out)
    }

    fn export(&mut self, build: &mut dyn FnMut(&State) -> Batch) -> Result<(), String> {
        let mut tx = self.client.transaction().map_err(err)?;
        // One exporter at a time; readers are not held up.
        tx.batch_execute("LOCK TABLE reports IN SHARE ROW EXCLUSIVE MODE").map_err(err)?;
        let state = read_state(&mut tx).map_err(err)?;
        let batch = build(&state);
        if !batch.retire.is_empty() {
            tx.execute("UPDATE reports SET current = 0 WHERE id = ANY($1)", &[&batch.retire]).map_err(err)?;
        }
        if !batch.unpair.is_empty() {
            // What a re-paired report loses before its new rows are written.
            for sql in ["DELETE FROM pairs WHERE report_id = ANY($1)", "DELETE FROM findings WHERE report_id = ANY($1) AND rule LIKE 'xy\\_%'", "DELETE FROM report_metrics WHERE report_id = ANY($1)"] {
                tx.execute(sql, &[&batch.unpair]).map_err(err)?;
            }
        }
        for rows in &batch.tables {
            copy(&mut tx, rows)?;
        }
        for (id, [e, w, i]) in &batch.recount {
            let [e, w, i] = [*e as i32, *w as i32, *i as i32];
            tx.execute("UPDATE reports SET errors = $2, warnings = $3, infos = $4 WHERE id = $1", &[id, &e, &w, &i]).map_err(err)?;
        }
        tx.batch_execute("DELETE FROM metrics").map_err(err)?;
        copy(&mut tx, &super::metric_rows())?;
        tx.commit().map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes() {
        let mut out = Vec::new();
        for v in [Val::Null, Val::Int(-3), Val::Num(crate::finding::Num::from(crate::decimal::Exact::new(12345, 2).unwrap())), Val::Text("a\tb\\c\nd".into())] {
            copy_text(&v, &mut out);
            out.push(b'|');
        }
        assert_eq!(String::from_utf8(out).unwrap(), "\\N|-3|123.45|a\\tb\\\\c\\nd|");
    }
}
