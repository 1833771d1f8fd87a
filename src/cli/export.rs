//! `nianbao export PATH… --db FILE|postgres://…`: read and check every report as `check`
//! does (in parallel, `check::check_one`; cross-year pairs as `check` pairs them,
//! `cross_year::run`), take each file's cells before its model is dropped, and write it all
//! through `crate::export`. A progress bar on a terminal for many files. `collect` is shared
//! with `dashboard`, which exports files given on the command line into memory first.

use super::check::{check_one_slimming, Outcome};
use super::input::{discover, read_bytes};
use super::output::Checked;
use super::{cross_year, say, term};
use crate::api::CheckOptions;
use crate::export::record::{self, Body, File};
use crate::finding::Locale;
use std::path::PathBuf;

/// How to run an export.
pub struct Settings {
    /// An SQLite file, or `postgres://…`.
    pub db: String,
    pub locale: Locale,
    /// Show a progress bar on a terminal for many files.
    pub progress: bool,
}

/// A file read and checked, before the run's cross-year step.
struct Read {
    path: String,
    hash: Option<String>,
    format: &'static str,
    what: Option<Result<Box<Taken>, String>>,
}

/// A checked file and what the export needs of its model.
struct Taken {
    checked: Checked,
    models: super::cross_year::Models,
    cells: Vec<record::Cell>,
    title: String,
    identity: Option<crate::crossyear::Identity>,
}

fn format_of(path: &std::path::Path) -> &'static str {
    match crate::formats::kind(path) {
        crate::formats::Kind::Html => "html",
        crate::formats::Kind::Docx => "docx",
        crate::formats::Kind::Doc => "doc",
        crate::formats::Kind::Pdf => "pdf",
        crate::formats::Kind::Text => "text",
    }
}

fn read_one(input: &super::input::Input, opts: &CheckOptions) -> Read {
    let path = input.path.display().to_string();
    let hash = read_bytes(&input.path).ok().map(|b| record::hash(&b));
    let format = format_of(&input.path);
    let what = match check_one_slimming(input, opts, crate::crossyear::slim_keeping_tables) {
        Outcome::Skipped => None,
        Outcome::Failed(_, e) => Some(Err(e)),
        Outcome::Checked(checked, models) => {
            let lines = crate::parse::line_starts(&checked.text);
            let cells = record::cells(&models.models, &checked.text, &lines, models.map.as_ref());
            let first = models.models.first().map(|(_, r)| r);
            let title = first.map_or(String::new(), |r| r.title.clone());
            let identity = first.and_then(crate::crossyear::identity);
            Some(Ok(Box::new(Taken { checked: *checked, models, cells, title, identity })))
        }
    };
    Read { path, hash, format, what }
}

/// The files under `paths` read, checked and paired, as the export writes them (files found in
/// folders that are not reports left out), and how many were left out.
pub fn collect(paths: &[PathBuf], opts: &CheckOptions, progress: bool) -> (Vec<File>, usize) {
    let (inputs, errors) = discover(paths);
    let (reads, bar): (Vec<Read>, _) = super::progress::map(&inputs, progress, "{bar:40} {pos}/{len} {per_sec} {wide_msg}", |i| read_one(i, opts));
    if let Some(b) = &bar {
        b.set_message("跨年配对 / pairing years");
    }
    let skipped = reads.iter().filter(|r| r.what.is_none()).count();
    // The cross-year step over the checked files, as `check` runs it.
    let mut checked = Vec::new();
    let mut models = Vec::new();
    let mut rest = Vec::new();
    for r in reads {
        match r.what {
            Some(Ok(c)) => {
                let Taken { checked: ch, models: m, cells, title, identity } = *c;
                checked.push(ch);
                models.push(m);
                rest.push((r.path, r.hash, r.format, Ok((cells, title, identity))));
            }
            Some(Err(e)) => rest.push((r.path, r.hash, r.format, Err(e))),
            None => {}
        }
    }
    cross_year::run(&mut checked, models, &opts.disabled_rules);
    let ids: Vec<Option<crate::crossyear::Identity>> = rest.iter().filter_map(|r| r.3.as_ref().ok()).map(|(_, _, id)| id.clone()).collect();
    let keys = crate::crossyear::pairing::joined_keys(&ids);
    let mut files = Vec::with_capacity(rest.len() + errors.len());
    let mut next = checked.into_iter().zip(keys);
    for (path, hash, format, what) in rest {
        let body = match what {
            Err(e) => Body::Error(e),
            Ok((cells, title, identity)) => {
                let Some((c, key)) = next.next() else { break };
                Body::Report(Box::new(report(&c, cells, title, identity, key)))
            }
        };
        files.push(File { path, hash, format, body });
    }
    // Paths that could not be listed or opened (`path: message`).
    for e in errors {
        let path = e.split_once(": ").map_or(e.clone(), |(f, _)| f.to_string());
        files.push(File { format: format_of(std::path::Path::new(&path)), path, hash: None, body: Body::Error(e) });
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    (files, skipped)
}

fn report(c: &Checked, cells: Vec<record::Cell>, title: String, id: Option<crate::crossyear::Identity>, key: Option<String>) -> record::Report {
    let findings: Vec<record::Finding> = c
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (line, col, _, _) = c.lines_cols(f);
            record::Finding {
                rule: f.rule,
                severity: f.severity,
                zh: f.message.zh.clone(),
                en: f.message.en.clone(),
                stated: f.stated,
                expected: f.expected,
                cell: c.cell(i).map(|(t, r, col)| (t, r.to_string(), col.to_string())),
                line,
                col,
            }
        })
        .collect();
    let metrics = record::metric_inputs(&cells, &findings);
    let region = key.as_deref().and_then(crate::agency::region).map(str::to_string);
    record::Report {
        title,
        agency: key,
        agency_name: id.as_ref().map(|i| i.agency.clone()),
        region,
        level: id.as_ref().and_then(|i| i.level).map(|l| l.as_str()),
        kind: id.as_ref().map(|i| i.kind.as_str()),
        year: c.year,
        template: c.template,
        cells,
        findings,
        previous: c.previous.clone(),
        metrics,
    }
}

/// A database as shown to the user: a server URL without its password.
pub fn shown(db: &str) -> String {
    match (db.find("://"), db.rfind('@')) {
        (Some(s), Some(at)) if s + 3 < at => match db[s + 3..at].find(':') {
            Some(c) => format!("{}:***{}", &db[..s + 3 + c], &db[at..]),
            None => db.to_string(),
        },
        _ => db.to_string(),
    }
}

pub fn run(paths: &[PathBuf], settings: Settings, opts: &CheckOptions) -> i32 {
    if paths.iter().any(|p| term::is_stdin(p)) {
        say("nianbao: export 不读标准输入（报告以文件路径区分版本）/ export does not read standard input (reports are told apart by their paths)");
        return 2;
    }
    let (files, skipped) = collect(paths, opts, settings.progress);
    if files.is_empty() {
        say(&super::report_file::nothing_found(skipped));
        return 2;
    }
    for f in &files {
        if let Some(e) = f.error() {
            say(&format!("nianbao: {e}"));
        }
    }
    let written = crate::export::open(&settings.db).and_then(|mut store| {
        store.migrate()?;
        let now = crate::export::now_utc();
        let mut summary = Default::default();
        store.export(&mut |state| {
            let (batch, s) = crate::export::plan(state, &files, &now);
            summary = s;
            batch
        })?;
        Ok(summary)
    });
    let s = match written {
        Ok(s) => s,
        Err(e) => {
            say(&format!("nianbao: {e}"));
            return 2;
        }
    };
    let db = shown(&settings.db);
    say(&match settings.locale {
        Locale::Zh => format!("已导出到 {db}：新报告 {} 份，新版本 {} 份，未变（跳过）{} 份；其中无法读取 {} 份", s.new, s.versions, s.unchanged, s.unreadable),
        Locale::En => format!("Exported to {db}: {} new report(s), {} new version(s), {} unchanged (skipped); {} of those written could not be read", s.new, s.versions, s.unchanged, s.unreadable),
    });
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(shown("postgres://nb:secret@db.example/nianbao"), "postgres://nb:***@db.example/nianbao");
        assert_eq!(shown("postgres://nb@%2Ftmp/nianbao"), "postgres://nb@%2Ftmp/nianbao");
        assert_eq!(shown("r.sqlite"), "r.sqlite");
    }
}
