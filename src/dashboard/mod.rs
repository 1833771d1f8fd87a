//! `nianbao dashboard`: an offline dashboard of an export. `data` reads an export's database,
//! SQLite or PostgreSQL (the views and current reports), `outliers` finds agency-years above their
//! peers' 95th percentile, `assess` writes each region's assessment sentence by sentence from
//! the metrics by fixed rules, and `page` renders one self-contained HTML page (ECharts, the
//! script and the data inlined; no request leaves it) and a printable page per region. `write`
//! puts them into a folder: `index.html` and `regions/<region>.html`.

pub mod assess;
pub mod data;
pub mod outliers;
pub mod page;

use crate::finding::Locale;
use std::path::Path;

/// What `write` wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub reports: usize,
    pub regions: usize,
    pub outliers: usize,
}

/// Write the dashboard of the database `db` into `dir` (created when missing).
pub fn write(db: &mut dyn crate::export::Store, dir: &Path, locale: Locale) -> Result<Written, String> {
    let d = data::read(db, locale)?;
    let outliers = outliers::find(&d);
    let mut regions: Vec<String> = d.region_years.keys().map(|(r, _)| r.clone()).collect();
    regions.sort();
    regions.dedup();
    let pages: Vec<(String, String)> = regions.iter().map(|r| (r.clone(), page::region_file(r))).collect();
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", crate::cli::term::path(p));
    let region_dir = dir.join("regions");
    std::fs::create_dir_all(&region_dir).map_err(|e| io(&region_dir, e))?;
    for (r, file) in &pages {
        let p = dir.join(file);
        std::fs::write(&p, page::region(&d, r, &outliers, locale)).map_err(|e| io(&p, e))?;
    }
    let json = page::data_json(&d, &outliers, &pages, locale);
    let index = dir.join("index.html");
    std::fs::write(&index, page::index(&json, locale)).map_err(|e| io(&index, e))?;
    Ok(Written { reports: d.reports.len(), regions: pages.len(), outliers: outliers.len() })
}
