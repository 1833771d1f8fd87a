//! What the dashboard shows, read from an export's database — an SQLite file or a PostgreSQL
//! server, through `Store::query` with the same SQL (the current version of each report
//! only): reports (each report of a file holding several named `path #n`), agencies, the
//! metric values per agency-year and region-year (the views, so the page shows exactly what
//! `sqlite3` or `psql` does), and every finding. Strings are
//! interned into index tables so that 10,000 reports make a page of a few megabytes.

use crate::export::metrics::METRICS;
use crate::export::{Field, Store};
use std::collections::HashMap;

/// An agency: key, name as a title writes it, region, level.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Agency {
    pub key: String,
    pub name: String,
    pub region: Option<String>,
    pub level: Option<String>,
}

/// A current report.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub id: i64,
    pub path: String,
    /// Index into `Data::agencies`.
    pub agency: Option<usize>,
    pub year: Option<i32>,
    pub template: Option<String>,
    /// Errors, warnings, infos.
    pub counts: [i64; 3],
    /// Why the file could not be read.
    pub error: Option<String>,
}

/// A finding of a current report.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Index into `Data::reports`.
    pub report: usize,
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub table: Option<i64>,
    pub row: Option<String>,
    pub column: Option<String>,
    pub line: Option<i64>,
    pub col: Option<i64>,
    pub stated: Option<f64>,
    pub expected: Option<f64>,
}

/// One metric's value for an agency-year or region-year, with the year before's and the change.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Value {
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub change: Option<f64>,
}

/// Everything the page and the assessments are made of.
#[derive(Clone, Debug, Default)]
pub struct Data {
    pub agencies: Vec<Agency>,
    pub reports: Vec<Report>,
    pub findings: Vec<Finding>,
    /// (agency index, year) → a value per metric, in `METRICS` order.
    pub agency_years: HashMap<(usize, i32), Vec<Value>>,
    /// (region, year) → a value per metric, and the number of reports.
    pub region_years: HashMap<(String, i32), (Vec<Value>, i64)>,
}

fn metric_index() -> HashMap<&'static str, usize> {
    METRICS.iter().enumerate().map(|(i, m)| (m.id, i)).collect()
}

/// The columns of a row as the dashboard reads them.
struct Row(Vec<Field>);

impl Row {
    fn text(&self, i: usize) -> Option<String> {
        self.0.get(i).and_then(Field::text).map(str::to_string)
    }
    fn int(&self, i: usize) -> Option<i64> {
        self.0.get(i).and_then(Field::int)
    }
    fn year(&self, i: usize) -> Option<i32> {
        self.int(i).and_then(|y| i32::try_from(y).ok())
    }
    fn real(&self, i: usize) -> Option<f64> {
        self.0.get(i).and_then(Field::real)
    }
    /// A metric's value, the year before's and the change from column `i` on, to the views'
    /// 4 decimals (SQLite subtracts doubles where PostgreSQL subtracts decimals exactly).
    fn value(&self, i: usize) -> Value {
        let r4 = |x: Option<f64>| x.map(|x| (x * 1e4).round() / 1e4);
        Value { value: r4(self.real(i)), previous: r4(self.real(i + 1)), change: r4(self.real(i + 2)) }
    }
}

fn rows(db: &mut dyn Store, sql: &str) -> Result<Vec<Row>, String> {
    Ok(db.query(sql)?.into_iter().map(Row).collect())
}

/// Read the dashboard's data in `locale`'s language, from an SQLite file or a PostgreSQL
/// server (the same queries; decimals read as `DOUBLE PRECISION`).
pub fn read(db: &mut dyn Store, locale: crate::finding::Locale) -> Result<Data, String> {
    let mut d = Data::default();
    let mut agency_at: HashMap<String, usize> = HashMap::new();
    let mut report_at: HashMap<i64, usize> = HashMap::new();
    let mut named_in: Vec<Option<i32>> = Vec::new();
    let mut reports = rows(db, "SELECT id, path, agency, agency_name, region, level, year, template, errors, warnings, infos, error, ordinal FROM reports WHERE current = 1")?;
    // In the order of the path (bytes, whatever the server's collation) and the report's place in its file.
    reports.sort_by_key(|r| (r.text(1), r.int(12)));
    let mut in_file: HashMap<String, usize> = HashMap::new();
    for r in &reports {
        *in_file.entry(r.text(1).unwrap_or_default()).or_default() += 1;
    }
    for r in &reports {
        let agency = match r.text(2) {
            Some(k) => {
                let next = d.agencies.len();
                let i = *agency_at.entry(k.clone()).or_insert(next);
                let (name, year) = (r.text(3), r.year(6));
                if i == next {
                    d.agencies.push(Agency { key: k, name: name.unwrap_or_default(), region: r.text(4), level: r.text(5) });
                    named_in.push(year);
                } else if year > named_in[i] {
                    // The name as the agency's latest report writes it.
                    d.agencies[i].name = name.unwrap_or_default();
                    named_in[i] = year;
                }
                Some(i)
            }
            None => None,
        };
        let Some(id) = r.int(0) else { continue };
        let path = r.text(1).unwrap_or_default();
        // A file holding several reports: each named by its place in the file.
        let path = match in_file.get(&path) {
            Some(&n) if n > 1 => format!("{path} #{}", r.int(12).unwrap_or(1)),
            _ => path,
        };
        report_at.insert(id, d.reports.len());
        d.reports.push(Report { id, path, agency, year: r.year(6), template: r.text(7), counts: [r.int(8).unwrap_or(0), r.int(9).unwrap_or(0), r.int(10).unwrap_or(0)], error: r.text(11) });
    }
    let message = match locale {
        crate::finding::Locale::Zh => "message_zh",
        crate::finding::Locale::En => "message_en",
    };
    let mut found = rows(
        db,
        &format!(
            "SELECT f.report_id, f.rule, f.severity, f.{message}, f.table_no, f.row_label, f.column_label, f.line, f.col, CAST(f.stated AS DOUBLE PRECISION), CAST(f.expected AS DOUBLE PRECISION), f.id \
             FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.current = 1"
        ),
    )?;
    found.sort_by_key(|r| (r.int(0), r.int(7), r.int(8), r.int(11)));
    for r in found {
        let Some(&report) = r.int(0).and_then(|id| report_at.get(&id)) else { continue };
        d.findings.push(Finding {
            report,
            rule: r.text(1).unwrap_or_default(),
            severity: r.text(2).unwrap_or_default(),
            message: r.text(3).unwrap_or_default(),
            table: r.int(4),
            row: r.text(5),
            column: r.text(6),
            line: r.int(7),
            col: r.int(8),
            stated: r.real(9),
            expected: r.real(10),
        });
    }
    let index = metric_index();
    let values = "CAST(value AS DOUBLE PRECISION), CAST(previous AS DOUBLE PRECISION), CAST(change AS DOUBLE PRECISION)";
    for r in rows(db, &format!("SELECT agency, year, metric, {values} FROM agency_year_metrics"))? {
        let (Some(&a), Some(&m), Some(year)) = (r.text(0).and_then(|a| agency_at.get(&a)), r.text(2).and_then(|m| index.get(m.as_str())), r.year(1)) else { continue };
        let v = d.agency_years.entry((a, year)).or_insert_with(|| vec![Value::default(); METRICS.len()]);
        v[m] = r.value(3);
    }
    for r in rows(db, &format!("SELECT region, year, metric, {values}, reports FROM region_year_metrics"))? {
        let (Some(region), Some(year), Some(&m)) = (r.text(0), r.year(1), r.text(2).and_then(|m| index.get(m.as_str()))) else { continue };
        let e = d.region_years.entry((region, year)).or_insert_with(|| (vec![Value::default(); METRICS.len()], 0));
        e.0[m] = r.value(3);
        e.1 = e.1.max(r.int(6).unwrap_or(0));
    }
    Ok(d)
}
