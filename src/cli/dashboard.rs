//! `nianbao dashboard [PATH…] [--db FILE|URL] -o DIR`: the offline dashboard of an export's
//! database (`--db`: an SQLite file or `postgres://…`), or of files read now (exported into a database in memory first, exactly
//! as `export` writes one), written into DIR as `index.html` and `regions/<region>.html`.

use super::say;
use crate::api::CheckOptions;
use crate::export::{self, Store};
use crate::finding::Locale;
use std::path::{Path, PathBuf};

pub struct Settings {
    /// An SQLite file written by `export`, or `postgres://…`.
    pub db: Option<String>,
    pub out: PathBuf,
    pub locale: Locale,
    pub progress: bool,
}

fn build(paths: &[PathBuf], s: &Settings, opts: &CheckOptions) -> Result<crate::dashboard::Written, String> {
    if let Some(db) = &s.db {
        let server = db.starts_with("postgres://") || db.starts_with("postgresql://");
        if !server && !Path::new(db).is_file() {
            return Err(format!("{}: 没有这个数据库文件 / no such database file", super::term::path(Path::new(db))));
        }
        let mut store = export::open(db).map_err(|e| e.replace(db.as_str(), &super::export::shown(db)))?;
        // A database written by an older nianbao is brought to this one's schema first.
        store.migrate()?;
        return crate::dashboard::write(&mut *store, &s.out, s.locale);
    }
    let (files, skipped) = super::export::collect(paths, opts, s.progress);
    if files.is_empty() {
        return Err(super::report_file::nothing_found(skipped).trim_start_matches("nianbao: ").to_string());
    }
    let mut store = export::sqlite::Sqlite::memory()?;
    store.migrate()?;
    let now = export::now_utc();
    store.export(&mut |state| export::plan(state, &files, &now).0)?;
    crate::dashboard::write(&mut store, &s.out, s.locale)
}

pub fn run(paths: &[PathBuf], s: Settings, opts: &CheckOptions) -> i32 {
    if paths.is_empty() == s.db.is_none() {
        say("nianbao: dashboard 需要报告路径或 --db 数据库文件（二者取一）/ dashboard needs report paths or --db FILE (one of them)");
        return 2;
    }
    match build(paths, &s, opts) {
        Ok(w) => {
            let index = Path::new(&s.out).join("index.html");
            let shown = super::term::path(&index);
            say(&match s.locale {
                Locale::Zh => format!("已生成数据看板 {shown}：{} 份报告，{} 个地区评估，{} 个异常值", w.reports, w.regions, w.outliers),
                Locale::En => format!("Dashboard written to {shown}: {} reports, {} region assessments, {} outliers", w.reports, w.regions, w.outliers),
            });
            0
        }
        Err(e) => {
            say(&format!("nianbao: {e}"));
            2
        }
    }
}
