//! What the dashboard shows, read from an export's SQLite database (the current version of
//! each report only): reports, agencies, the metric values per agency-year and region-year
//! (the views, so the page shows exactly what `sqlite3` does), and every finding. Strings are
//! interned into index tables so that 10,000 reports make a page of a few megabytes.

use crate::export::metrics::METRICS;
use rusqlite::Connection;
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

/// Read the dashboard's data in `locale`'s language.
pub fn read(conn: &Connection, locale: crate::finding::Locale) -> rusqlite::Result<Data> {
    let mut d = Data::default();
    let mut agency_at: HashMap<String, usize> = HashMap::new();
    let mut report_at: HashMap<i64, usize> = HashMap::new();
    let mut named_in: Vec<Option<i32>> = Vec::new();
    let mut st = conn.prepare("SELECT id, path, agency, agency_name, region, level, year, template, errors, warnings, infos, error FROM reports WHERE current = 1 ORDER BY path")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let key: Option<String> = r.get(2)?;
        let agency = match key {
            Some(k) => {
                let next = d.agencies.len();
                let i = *agency_at.entry(k.clone()).or_insert(next);
                let (name, year): (Option<String>, Option<i32>) = (r.get(3)?, r.get(6)?);
                if i == next {
                    d.agencies.push(Agency { key: k, name: name.unwrap_or_default(), region: r.get(4)?, level: r.get(5)? });
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
        let id: i64 = r.get(0)?;
        report_at.insert(id, d.reports.len());
        d.reports.push(Report {
            id,
            path: r.get(1)?,
            agency,
            year: r.get(6)?,
            template: r.get(7)?,
            counts: [r.get::<_, Option<i64>>(8)?.unwrap_or(0), r.get::<_, Option<i64>>(9)?.unwrap_or(0), r.get::<_, Option<i64>>(10)?.unwrap_or(0)],
            error: r.get(11)?,
        });
    }
    let message = match locale {
        crate::finding::Locale::Zh => "message_zh",
        crate::finding::Locale::En => "message_en",
    };
    let mut st = conn.prepare(&format!(
        "SELECT f.report_id, f.rule, f.severity, f.{message}, f.table_no, f.row_label, f.column_label, f.line, f.col, f.stated, f.expected FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.current = 1 ORDER BY f.report_id, f.line, f.col"
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let Some(&report) = report_at.get(&r.get::<_, i64>(0)?) else { continue };
        d.findings.push(Finding {
            report,
            rule: r.get(1)?,
            severity: r.get(2)?,
            message: r.get(3)?,
            table: r.get(4)?,
            row: r.get(5)?,
            column: r.get(6)?,
            line: r.get(7)?,
            col: r.get(8)?,
            stated: r.get(9)?,
            expected: r.get(10)?,
        });
    }
    let index = metric_index();
    let mut st = conn.prepare("SELECT agency, year, metric, value, previous, change FROM agency_year_metrics")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (Some(&a), Some(&m)) = (agency_at.get(&r.get::<_, String>(0)?), index.get(r.get::<_, String>(2)?.as_str())) else { continue };
        let v = d.agency_years.entry((a, r.get(1)?)).or_insert_with(|| vec![Value::default(); METRICS.len()]);
        v[m] = Value { value: r.get(3)?, previous: r.get(4)?, change: r.get(5)? };
    }
    let mut st = conn.prepare("SELECT region, year, metric, value, previous, change, reports FROM region_year_metrics")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let Some(&m) = index.get(r.get::<_, String>(2)?.as_str()) else { continue };
        let e = d.region_years.entry((r.get(0)?, r.get(1)?)).or_insert_with(|| (vec![Value::default(); METRICS.len()], 0));
        e.0[m] = Value { value: r.get(3)?, previous: r.get(4)?, change: r.get(5)? };
        e.1 = e.1.max(r.get(6)?);
    }
    Ok(d)
}
