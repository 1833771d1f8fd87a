//! The database schema, one for SQLite and PostgreSQL: tables as data (`Table`: a name and
//! its columns, which both stores write the same way), and the migrations that create them,
//! versioned in the binary (`MIGRATIONS`, applied in order and recorded in
//! `schema_migrations`). The SQL is written once where it can be; the words that differ
//! between the two databases are the id column's type (`{id}`) and SQLite's `WITHOUT ROWID`
//! for the cells (`{cells_table}`), and a migration may have a piece for each database (`Sql`:
//! version 2 rebuilds SQLite's `reports`, where PostgreSQL alters it); flags are 0/1 integers,
//! not booleans, so the views read the same in both. The views turn the
//! per-report metric inputs into values per agency-year and per region-year, with the value
//! of the year before and the change.

/// A table as the stores write it: its name and columns, in the order of a row's values.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
}

/// One row per report of each version of a report file: a file holding several reports (a
/// crawler's dump) has a row for each, told apart by `ordinal` (1, 2, … in the file's order),
/// and all rows of one version of a file share its `version`. `current` is 1 for the newest
/// version of its path.
pub const REPORTS: Table = Table {
    name: "reports",
    columns: &[
        "id", "path", "version", "current", "content_hash", "format", "title", "agency", "agency_name", "region", "level", "kind", "year", "template", "errors",
        "warnings", "infos", "error", "checked_at", "nianbao_version", "ordinal",
    ],
};

/// Every labelled cell of tables 2, 3 and 4 ever met: (table, 第二十条 item, row, column).
pub const SLOTS: Table = Table { name: "slots", columns: &["id", "table_no", "item", "row_label", "column_label"] };

/// A report's cells: what the cell says (`raw`), its number, what it is (`semantic`) and where.
pub const CELLS: Table = Table { name: "cells", columns: &["report_id", "slot_id", "raw", "value", "semantic", "unit", "line", "col"] };

/// A report's findings, with the table cell they point at when there is one.
pub const FINDINGS: Table = Table {
    name: "findings",
    columns: &["id", "report_id", "rule", "severity", "message_zh", "message_en", "stated", "expected", "table_no", "row_label", "column_label", "line", "col"],
};

/// A report and the same agency's report of the year before, with the count of cross-year findings.
pub const PAIRS: Table = Table { name: "pairs", columns: &["report_id", "previous_id", "cross_year_findings"] };

/// The metric dictionary (`metrics::METRICS`), rewritten on every export.
pub const METRICS: Table = Table {
    name: "metrics",
    columns: &["id", "position", "name_zh", "name_en", "kind", "scale", "unit_zh", "unit_en", "formula_zh", "formula_en", "undefined_zh", "undefined_en"],
};

/// Each report's numerator and denominator of each metric (NULL where the report has none).
pub const REPORT_METRICS: Table = Table { name: "report_metrics", columns: &["report_id", "metric", "numerator", "denominator"] };

/// A piece of a migration's SQL and the databases it is for.
#[derive(Clone, Copy, Debug)]
pub enum Sql {
    Both(&'static str),
    Sqlite(&'static str),
    Postgres(&'static str),
}

/// A migration: the schema version it brings the database to, and its SQL, in order.
pub struct Migration {
    pub version: u32,
    pub sql: &'static [Sql],
}

/// Every migration, in order. Never edit one that has shipped: add the next.
pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, sql: &[Sql::Both(V1), Sql::Both(V1_LABELLED_CELLS), Sql::Both(METRIC_VIEWS)] },
    Migration { version: 2, sql: &[Sql::Both(V2_DROP_VIEWS), Sql::Sqlite(V2_SQLITE), Sql::Postgres(V2_POSTGRES), Sql::Both(V2_LABELLED_CELLS), Sql::Both(METRIC_VIEWS)] },
];

/// The schema version this binary writes.
pub fn latest() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The bookkeeping table, created before any migration.
pub const MIGRATIONS_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, nianbao_version TEXT NOT NULL)";

/// Which database a statement is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A migration's statements for `dialect`, split at `;` ends of lines.
pub fn statements(m: &Migration, dialect: Dialect) -> Vec<String> {
    m.sql
        .iter()
        .filter_map(|s| match (*s, dialect) {
            (Sql::Both(s), _) | (Sql::Sqlite(s), Dialect::Sqlite) | (Sql::Postgres(s), Dialect::Postgres) => Some(s),
            _ => None,
        })
        .flat_map(|s| split(s, dialect))
        .collect()
}

fn split(sql: &str, dialect: Dialect) -> Vec<String> {
    let id = match dialect {
        Dialect::Sqlite => "INTEGER PRIMARY KEY",
        Dialect::Postgres => "BIGINT PRIMARY KEY",
    };
    // SQLite keeps the cells in their primary key's B-tree (one tree to write, not a table and
    // an index); PostgreSQL has no such option and needs none.
    let cells = match dialect {
        Dialect::Sqlite => " WITHOUT ROWID",
        Dialect::Postgres => "",
    };
    sql.split(";\n").map(|s| s.trim()).filter(|s| !s.is_empty()).map(|s| s.replace("{id}", id).replace("{cells_table}", cells)).collect()
}

const V1: &str = r#"
CREATE TABLE reports (
  id {id},
  path TEXT NOT NULL,
  version INTEGER NOT NULL,
  current INTEGER NOT NULL,
  content_hash TEXT,
  format TEXT NOT NULL,
  title TEXT,
  agency TEXT,
  agency_name TEXT,
  region TEXT,
  level TEXT,
  kind TEXT,
  year INTEGER,
  template TEXT,
  errors INTEGER,
  warnings INTEGER,
  infos INTEGER,
  error TEXT,
  checked_at TEXT NOT NULL,
  nianbao_version TEXT NOT NULL,
  UNIQUE (path, version)
);
CREATE INDEX reports_current ON reports (current, agency, year);
CREATE TABLE slots (
  id {id},
  table_no INTEGER NOT NULL,
  item INTEGER NOT NULL,
  row_label TEXT NOT NULL,
  column_label TEXT NOT NULL,
  UNIQUE (table_no, item, row_label, column_label)
);
CREATE TABLE cells (
  report_id BIGINT NOT NULL REFERENCES reports (id),
  slot_id BIGINT NOT NULL REFERENCES slots (id),
  raw TEXT NOT NULL,
  value NUMERIC,
  semantic TEXT NOT NULL,
  unit TEXT,
  line INTEGER,
  col INTEGER,
  PRIMARY KEY (report_id, slot_id)
){cells_table};
CREATE TABLE findings (
  id {id},
  report_id BIGINT NOT NULL REFERENCES reports (id),
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  message_zh TEXT NOT NULL,
  message_en TEXT NOT NULL,
  stated NUMERIC,
  expected NUMERIC,
  table_no INTEGER,
  row_label TEXT,
  column_label TEXT,
  line INTEGER,
  col INTEGER
);
CREATE INDEX findings_report ON findings (report_id);
CREATE TABLE pairs (
  report_id BIGINT PRIMARY KEY REFERENCES reports (id),
  previous_id BIGINT NOT NULL REFERENCES reports (id),
  cross_year_findings INTEGER NOT NULL
);
CREATE TABLE metrics (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  kind TEXT NOT NULL,
  scale NUMERIC NOT NULL,
  unit_zh TEXT NOT NULL,
  unit_en TEXT NOT NULL,
  formula_zh TEXT NOT NULL,
  formula_en TEXT NOT NULL,
  undefined_zh TEXT NOT NULL,
  undefined_en TEXT NOT NULL
);
CREATE TABLE report_metrics (
  report_id BIGINT NOT NULL REFERENCES reports (id),
  metric TEXT NOT NULL,
  numerator NUMERIC,
  denominator NUMERIC,
  PRIMARY KEY (report_id, metric)
);
"#;

const V1_LABELLED_CELLS: &str = r#"
CREATE VIEW labelled_cells AS
SELECT c.report_id, r.path, s.table_no, s.item, s.row_label, s.column_label, c.raw, c.value, c.semantic, c.unit, c.line, c.col
FROM cells c JOIN slots s ON s.id = c.slot_id JOIN reports r ON r.id = c.report_id;
"#;

/// The metric views (version 1's, created again by version 2 after `reports` is rebuilt).
const METRIC_VIEWS: &str = r#"
CREATE VIEW agency_year_values AS
SELECT r.agency, r.region, r.level, r.year, m.id AS metric, m.position,
  CASE WHEN m.kind = 'ratio' THEN ROUND(m.scale * 1.0 * SUM(x.numerator) / NULLIF(SUM(x.denominator), 0), 4) ELSE SUM(x.numerator) END AS value,
  COUNT(*) AS reports
FROM reports r JOIN report_metrics x ON x.report_id = r.id JOIN metrics m ON m.id = x.metric
WHERE r.current = 1 AND r.agency IS NOT NULL AND r.year IS NOT NULL
GROUP BY r.agency, r.region, r.level, r.year, m.id, m.position, m.kind, m.scale;
CREATE VIEW agency_year_metrics AS
SELECT a.agency, a.region, a.level, a.year, a.metric, a.value, p.value AS previous, a.value - p.value AS change, a.reports
FROM agency_year_values a LEFT JOIN agency_year_values p ON p.agency = a.agency AND p.metric = a.metric AND p.year = a.year - 1;
CREATE VIEW region_year_values AS
SELECT r.region, r.year, m.id AS metric, m.position,
  CASE WHEN m.kind = 'ratio' THEN ROUND(m.scale * 1.0 * SUM(x.numerator) / NULLIF(SUM(x.denominator), 0), 4) ELSE SUM(x.numerator) END AS value,
  COUNT(*) AS reports
FROM reports r JOIN report_metrics x ON x.report_id = r.id JOIN metrics m ON m.id = x.metric
WHERE r.current = 1 AND r.region IS NOT NULL AND r.year IS NOT NULL
GROUP BY r.region, r.year, m.id, m.position, m.kind, m.scale;
CREATE VIEW region_year_metrics AS
SELECT a.region, a.year, a.metric, a.value, p.value AS previous, a.value - p.value AS change, a.reports
FROM region_year_values a LEFT JOIN region_year_values p ON p.region = a.region AND p.metric = a.metric AND p.year = a.year - 1;
"#;

/// Version 2: a row per report of a file (`ordinal`), unique per path, ordinal and version.
/// The views are dropped first (SQLite checks them when a table is renamed) and made again.
const V2_DROP_VIEWS: &str = r#"
DROP VIEW agency_year_metrics;
DROP VIEW agency_year_values;
DROP VIEW region_year_metrics;
DROP VIEW region_year_values;
DROP VIEW labelled_cells;
"#;

/// SQLite cannot drop a table's UNIQUE constraint: `reports` is made again (the way SQLite's
/// manual rebuilds a table: the new one renamed to the old name, with the foreign keys off, so
/// that the tables referring to `reports` refer to the new one; `Sqlite::migrate` checks them).
const V2_SQLITE: &str = r#"
CREATE TABLE reports_v2 (
  id {id},
  path TEXT NOT NULL,
  ordinal INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL,
  current INTEGER NOT NULL,
  content_hash TEXT,
  format TEXT NOT NULL,
  title TEXT,
  agency TEXT,
  agency_name TEXT,
  region TEXT,
  level TEXT,
  kind TEXT,
  year INTEGER,
  template TEXT,
  errors INTEGER,
  warnings INTEGER,
  infos INTEGER,
  error TEXT,
  checked_at TEXT NOT NULL,
  nianbao_version TEXT NOT NULL,
  UNIQUE (path, ordinal, version)
);
INSERT INTO reports_v2 (id, path, ordinal, version, current, content_hash, format, title, agency, agency_name, region, level, kind, year, template, errors, warnings, infos, error, checked_at, nianbao_version)
SELECT id, path, 1, version, current, content_hash, format, title, agency, agency_name, region, level, kind, year, template, errors, warnings, infos, error, checked_at, nianbao_version FROM reports;
DROP TABLE reports;
ALTER TABLE reports_v2 RENAME TO reports;
CREATE INDEX reports_current ON reports (current, agency, year);
"#;

const V2_POSTGRES: &str = r#"
ALTER TABLE reports ADD COLUMN ordinal INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reports DROP CONSTRAINT reports_path_version_key;
ALTER TABLE reports ADD CONSTRAINT reports_path_ordinal_version_key UNIQUE (path, ordinal, version);
"#;

const V2_LABELLED_CELLS: &str = r#"
CREATE VIEW labelled_cells AS
SELECT c.report_id, r.path, r.ordinal, s.table_no, s.item, s.row_label, s.column_label, c.raw, c.value, c.semantic, c.unit, c.line, c.col
FROM cells c JOIN slots s ON s.id = c.slot_id JOIN reports r ON r.id = c.report_id;
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_increase_and_tables_are_created() {
        assert!(MIGRATIONS.windows(2).all(|w| w[0].version < w[1].version));
        let all: String = statements(&MIGRATIONS[0], Dialect::Sqlite).join(";\n") + ";\n" + &statements(&MIGRATIONS[1], Dialect::Sqlite).join(";\n");
        for t in [&REPORTS, &SLOTS, &CELLS, &FINDINGS, &PAIRS, &METRICS, &REPORT_METRICS] {
            // The last table made under the name (`reports` is made again by version 2).
            let name = if t.name == "reports" { "reports_v2" } else { t.name };
            let create = all.find(&format!("CREATE TABLE {name} (")).unwrap_or_else(|| panic!("{} is created", t.name));
            let body = &all[create..create + all[create..].find(");").unwrap()];
            for c in t.columns {
                assert!(body.contains(&format!("\n  {c} ")), "{}.{c} is a column", t.name);
            }
        }
    }

    #[test]
    fn dialects_differ_in_the_id_type_and_rowid() {
        let (s, p) = (statements(&MIGRATIONS[0], Dialect::Sqlite), statements(&MIGRATIONS[0], Dialect::Postgres));
        assert_eq!(s.len(), p.len());
        assert!(s[0].contains("id INTEGER PRIMARY KEY") && p[0].contains("id BIGINT PRIMARY KEY"));
        assert!(s.iter().chain(&p).all(|x| !x.contains('{')));
        assert!(s.iter().any(|x| x.ends_with(") WITHOUT ROWID")) && !p.iter().any(|x| x.contains("WITHOUT ROWID")));
    }
}
