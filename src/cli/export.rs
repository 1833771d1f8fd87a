//! `nianbao export PATH… --db FILE|postgres://…`: read and check every report as `check`
//! does (in parallel, `check::check_loaded` of the bytes that are hashed; cross-year pairs as
//! `check` pairs them, `cross_year::run`), take the cells of each report of a file (a file may
//! hold several: each is a report of its own, with the findings from its start to the next
//! one's) before its model is dropped, and write it all through `crate::export`. `export`
//! streams (into SQLite; PostgreSQL gets the rows at once, after `collect`): the files are
//! checked in parallel and taken in the run's order, and each one's cells are handed to the
//! store as soon as it is read (`Store::stream`: SQLite writes them on its own thread while
//! the next files are checked), so the cells, most of the rows, are never all in memory; the reports, their
//! findings, metric inputs and pairs follow once the run is paired. A progress bar on a
//! terminal for many files. `collect` (all files in memory, for `plan`) is `dashboard`'s, which
//! exports files given on the command line into memory first.

use super::check::{check_loaded, Outcome};
use super::cross_year::Models;
use super::input::{discover, Input};
use super::output::Checked;
use super::{cross_year, say, term};
use crate::api::CheckOptions;
use crate::export::record::{self, Body, File};
use crate::export::{Admission, Batch, Planner, State, Store, Summary};
use crate::finding::Locale;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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

/// A checked file and what the export needs of its models.
struct Taken {
    checked: Checked,
    models: Models,
    /// Its reports (one for a file without a report model: `not_a_report`).
    parts: Vec<Part>,
}

/// What the export needs of one report of a checked file, before the run is paired.
struct Part {
    title: String,
    identity: Option<crate::crossyear::Identity>,
    year: Option<i32>,
    template: Option<&'static str>,
    /// Where it starts in the text the file's findings refer to: its findings are those from
    /// here to the next report's start.
    start: usize,
    cells: Vec<record::Cell>,
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

fn read_one(input: &Input, opts: &CheckOptions) -> Read {
    let path = input.path.display().to_string();
    // Read once: the bytes hashed are the bytes checked.
    let bytes = input.read_bytes();
    let hash = bytes.as_ref().ok().map(|b| record::hash(b));
    let format = format_of(&input.path);
    let what = match check_loaded(input, super::report_file::load_read(&input.path, bytes), opts, |r| r) {
        Outcome::Skipped => None,
        Outcome::Failed(_, e) => Some(Err(e)),
        Outcome::Checked(checked, models) => {
            let lines = &checked.lines;
            let map = models.map.as_ref();
            let mut parts: Vec<Part> = models
                .models
                .iter()
                .map(|(offset, r)| Part {
                    title: r.title.clone(),
                    identity: crate::crossyear::identity(r),
                    year: r.year.as_ref().map(|y| y.0),
                    template: r.template.map(|t| t.as_str()),
                    start: map.map_or(*offset, |m| m.start(*offset)),
                    cells: record::cells(*offset, r, &checked.text, lines, map),
                })
                .collect();
            if parts.is_empty() {
                parts.push(Part { title: String::new(), identity: None, year: checked.year, template: checked.template, start: 0, cells: Vec::new() });
            }
            // The cells are taken: from here on the cross-year step needs only its records.
            let models = Models { models: models.models.into_iter().map(|(o, r)| (o, crate::crossyear::Record::of(&r))).collect(), map: models.map };
            Some(Ok(Box::new(Taken { checked: *checked, models, parts })))
        }
    };
    Read { path, hash, format, what }
}

fn bar(progress: bool, n: usize) -> Option<ProgressBar> {
    (progress && n > 20 && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(n as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {wide_msg}") {
            b.set_style(style);
        }
        b
    })
}

/// The files under `paths` read, checked and paired, as the export writes them (files found in
/// folders that are not reports left out), and how many were left out.
pub fn collect(paths: &[PathBuf], opts: &CheckOptions, progress: bool) -> (Vec<File>, usize) {
    let (inputs, errors) = discover(paths);
    super::memory::fit_to(&inputs);
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
                let Taken { checked: ch, models: m, parts } = *c;
                checked.push(ch);
                models.push(m);
                rest.push((r.path, r.hash, r.format, Ok(parts)));
            }
            Some(Err(e)) => rest.push((r.path, r.hash, r.format, Err(e))),
            None => {}
        }
    }
    cross_year::run(&mut checked, models, &opts.disabled_rules);
    let mut keys = keys(rest.iter().filter_map(|r| r.3.as_ref().ok()).flatten()).into_iter();
    let mut files = Vec::with_capacity(rest.len() + errors.len());
    let mut next = checked.into_iter();
    for (path, hash, format, what) in rest {
        let body = match what {
            Err(e) => Body::Error(e),
            Ok(parts) => {
                let Some(c) = next.next() else { break };
                let k = keys.by_ref().take(parts.len()).collect();
                Body::Reports(reports(&c, parts, k))
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

/// What `export` did.
#[derive(Debug, Default)]
pub struct Exported {
    pub summary: Summary,
    /// Files found in folders that are not reports.
    pub skipped: usize,
    /// The files that could not be read, their messages (naming the file), in the run's order.
    pub errors: Vec<String>,
    /// Whether the run held any file to write (if not, nothing but the metric dictionary was).
    pub found: bool,
    pub timings: Timings,
}

/// Where an export's time went (the stages overlap: the cells are written while files are
/// checked).
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    /// From the start until every file was checked and its cells handed to the store.
    pub checked: Duration,
    /// The cross-year step.
    pub paired: Duration,
    /// From the start until the store had written everything and committed.
    pub total: Duration,
}

/// Rows handed to the store at a time (a report has about 220).
const PIECE_ROWS: usize = 4096;

/// The metric dictionary's cells (`metrics::terms`).
fn metric_terms() -> &'static std::collections::HashSet<crate::export::metrics::Term> {
    static T: std::sync::OnceLock<std::collections::HashSet<crate::export::metrics::Term>> = std::sync::OnceLock::new();
    T.get_or_init(|| crate::export::metrics::terms().collect())
}

/// What is kept of a file of the run until it is paired.
struct Kept {
    path: String,
    hash: Option<String>,
    format: &'static str,
    /// Whether (and as which reports) it is written.
    admission: Admission,
    /// Its reports, each with the cells the metrics read only; or the read error.
    what: Result<Vec<Part>, String>,
}

/// Read, check and pair the files under `paths` and write them to `store` as they come (see
/// the module's comment): what `nianbao export` does, and its benchmark.
pub fn export(paths: &[PathBuf], store: &mut dyn Store, opts: &CheckOptions, progress: bool) -> Result<Exported, String> {
    let start = Instant::now();
    if !store.streams() {
        return export_at_once(paths, store, opts, progress, start);
    }
    let (inputs, errors) = discover(paths);
    super::memory::fit_to(&inputs);
    let bar = bar(progress, inputs.len());
    let now = crate::export::now_utc();
    let mut out = Exported::default();
    store.stream(&mut |state, send| out = produce(&inputs, &errors, opts, bar.as_ref(), state, &now, send, start))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    out.timings.total = start.elapsed();
    Ok(out)
}

/// `export` into a store that takes the rows at once: every file read, checked and paired
/// (`collect`) before the store's transaction.
fn export_at_once(paths: &[PathBuf], store: &mut dyn Store, opts: &CheckOptions, progress: bool, start: Instant) -> Result<Exported, String> {
    let (files, skipped) = collect(paths, opts, progress);
    let mut out = Exported { skipped, found: !files.is_empty(), errors: files.iter().filter_map(|f| f.error().map(str::to_string)).collect(), ..Default::default() };
    out.timings.checked = start.elapsed();
    if out.found {
        let now = crate::export::now_utc();
        store.export(&mut |state| {
            let (batch, s) = crate::export::plan(state, &files, &now);
            out.summary = s;
            batch
        })?;
    }
    out.timings.total = start.elapsed();
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn produce(inputs: &[Input], errors: &[String], opts: &CheckOptions, bar: Option<&ProgressBar>, state: &State, now: &str, send: &mut dyn FnMut(Batch) -> bool, start: Instant) -> Exported {
    let mut planner = Planner::new(state, now);
    let mut out = Exported::default();
    let mut piece = Batch::new();
    let mut kept: Vec<Kept> = Vec::new();
    let mut checked = Vec::new();
    let mut models = Vec::new();
    let mut ok = true;
    // Checked in parallel, each worker taking the next file of the run, so files come back
    // nearly in order and few wait in `early` for the one before them.
    let next = AtomicUsize::new(0);
    let threads = rayon::current_num_threads().max(1);
    let (results, came) = std::sync::mpsc::sync_channel::<(usize, Read)>(2 * threads + 2);
    std::thread::scope(|s| {
        s.spawn(|| {
            rayon::scope(|rs| {
                for _ in 0..threads {
                    let results = results.clone();
                    let next = &next;
                    rs.spawn(move |_| loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = inputs.get(i) else { break };
                        let r = read_one(input, opts);
                        if let Some(b) = bar {
                            b.inc(1);
                        }
                        if results.send((i, r)).is_err() {
                            break;
                        }
                    });
                }
                drop(results);
            })
        });
        let mut early: BTreeMap<usize, Read> = BTreeMap::new();
        let mut at = 0;
        'came: for (i, r) in came.iter() {
            early.insert(i, r);
            while let Some(r) = early.remove(&at) {
                at += 1;
                let Some(what) = r.what else {
                    out.skipped += 1;
                    continue;
                };
                let error = what.as_ref().err().map(String::as_str);
                let n = what.as_ref().map_or(1, |t| t.parts.len());
                let admission = planner.admit(&r.path, r.hash.as_deref(), r.format, error, n, &mut piece);
                let what = match what {
                    Err(e) => Err(e),
                    Ok(t) => {
                        let Taken { checked: c, models: m, mut parts } = *t;
                        if let Some(w) = admission.written() {
                            for (a, p) in w.iter().zip(&parts) {
                                planner.cells(a.id, &p.cells, &mut piece);
                            }
                        }
                        checked.push(c);
                        models.push(m);
                        for p in &mut parts {
                            p.cells.retain(|c| metric_terms().contains(&(c.table, c.row, c.column)));
                        }
                        Ok(parts)
                    }
                };
                kept.push(Kept { path: r.path, hash: r.hash, format: r.format, admission, what });
                if piece.len() >= PIECE_ROWS && !send(std::mem::take(&mut piece)) {
                    ok = false;
                    break 'came;
                }
            }
        }
        // Stops the workers if writing failed.
        drop(came);
    });
    if !ok {
        return out;
    }
    // Paths that could not be listed or opened (`path: message`), after the files read.
    for e in errors {
        let path = e.split_once(": ").map_or(e.clone(), |(f, _)| f.to_string());
        let format = format_of(std::path::Path::new(&path));
        let admission = planner.admit(&path, None, format, Some(e), 1, &mut piece);
        kept.push(Kept { format, path, hash: None, admission, what: Err(e.clone()) });
    }
    out.timings.checked = start.elapsed();
    if let Some(b) = bar {
        b.set_message("跨年配对 / pairing years");
    }
    let t = Instant::now();
    cross_year::run(&mut checked, models, &opts.disabled_rules);
    out.timings.paired = t.elapsed();
    let mut keys = keys(kept.iter().filter_map(|k| k.what.as_ref().ok()).flatten()).into_iter();
    let mut next = checked.iter();
    out.found = !kept.is_empty();
    for k in kept {
        let body = match k.what {
            Err(e) => {
                out.errors.push(e.clone());
                Body::Error(e)
            }
            Ok(parts) => {
                let Some(c) = next.next() else { break };
                let ks = keys.by_ref().take(parts.len()).collect();
                // An unchanged file's reports only when `pair` re-pairs one (its
                // predecessor has a new version).
                if k.admission == Admission::Repeated || (k.admission == Admission::Unchanged && !planner.repairs(&k.path, &c.previous_of)) {
                    continue;
                }
                Body::Reports(reports(c, parts, ks))
            }
        };
        let f = File { path: k.path, hash: k.hash, format: k.format, body };
        if let Some(w) = k.admission.written() {
            planner.reports(w, &f, &mut piece);
        }
        planner.pair(&k.admission, &f, &mut piece);
        if piece.len() >= PIECE_ROWS && !send(std::mem::take(&mut piece)) {
            return out;
        }
    }
    if !piece.is_empty() {
        send(piece);
    }
    out.summary = planner.summary;
    out
}

/// Each report's agency key as pairing joins them (`joined_keys`), over the run's reports.
fn keys<'p>(parts: impl Iterator<Item = &'p Part>) -> Vec<Option<String>> {
    let ids: Vec<Option<crate::crossyear::Identity>> = parts.map(|p| p.identity.clone()).collect();
    crate::crossyear::pairing::joined_keys(&ids)
}

/// A checked file's reports as exported: each with the file's findings from its start to the
/// next report's (those before the first report's start are the first's), its agency key
/// (`keys`, in order) and its predecessor.
fn reports(c: &Checked, parts: Vec<Part>, keys: Vec<Option<String>>) -> Vec<record::Report> {
    let starts: Vec<usize> = parts.iter().map(|p| p.start).collect();
    let mut findings: Vec<Vec<record::Finding>> = vec![Vec::new(); parts.len()];
    for (i, f) in c.findings.iter().enumerate() {
        let k = starts.partition_point(|&s| s <= f.span.start).saturating_sub(1);
        let (line, col, _, _) = c.lines_cols(f);
        findings[k].push(record::Finding {
            rule: f.rule,
            severity: f.severity,
            zh: f.message.zh.clone(),
            en: f.message.en.clone(),
            stated: f.stated,
            expected: f.expected,
            cell: c.cell(i).map(|(t, r, col)| (t, r.to_string(), col.to_string())),
            line,
            col,
        });
    }
    let keys = keys.into_iter().chain(std::iter::repeat(None));
    parts
        .into_iter()
        .zip(findings)
        .zip(keys)
        .enumerate()
        .map(|(k, ((p, findings), key))| {
            let metrics = record::metric_inputs(&p.cells, &findings);
            let region = key.as_deref().and_then(crate::agency::region).map(str::to_string);
            let id = p.identity.as_ref();
            record::Report {
                title: p.title,
                agency: key,
                agency_name: id.map(|i| i.agency.clone()),
                region,
                level: id.and_then(|i| i.level).map(|l| l.as_str()),
                kind: id.map(|i| i.kind.as_str()),
                year: p.year,
                template: p.template,
                cells: p.cells,
                findings,
                previous: c.previous_of.get(k).cloned().flatten(),
                metrics,
            }
        })
        .collect()
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
    let fresh = !settings.db.contains("://") && !std::path::Path::new(&settings.db).exists();
    let written = crate::export::open(&settings.db).and_then(|mut store| {
        store.migrate()?;
        export(paths, &mut *store, opts, settings.progress)
    });
    let x = match written {
        Ok(x) => x,
        Err(e) => {
            say(&format!("nianbao: {e}"));
            return 2;
        }
    };
    if !x.found {
        // Nothing to export: a database file this run created goes again.
        if fresh {
            let _ = std::fs::remove_file(&settings.db);
        }
        say(&super::report_file::nothing_found(x.skipped));
        return 2;
    }
    for e in &x.errors {
        say(&format!("nianbao: {e}"));
    }
    let s = x.summary;
    let db = shown(&settings.db);
    say(&match settings.locale {
        Locale::Zh => format!("已导出到 {db}：新文件 {} 个，新版本 {} 个，未变（跳过）{} 个；其中无法读取 {} 个；写入报告 {} 份（一个文件可含多份），重新配对 {} 份", s.new, s.versions, s.unchanged, s.unreadable, s.reports, s.repaired),
        Locale::En => format!("Exported to {db}: {} new file(s), {} new version(s), {} unchanged (skipped); {} of those written could not be read; {} report(s) written (a file may hold several), {} re-paired", s.new, s.versions, s.unchanged, s.unreadable, s.reports, s.repaired),
    });
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::input::read_bytes;

    #[test]
    fn load_read_is_load() {
        use super::super::report_file::{load, load_read, rendered_text};
        let dir = tempfile::tempdir().unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/010_hongze_2024.txt");
        let html = dir.path().join("r.html");
        std::fs::write(&html, format!("<html><body><pre>{}</pre></body></html>", std::fs::read_to_string(&fixture).unwrap())).unwrap();
        let broken = dir.path().join("broken.docx");
        std::fs::write(&broken, b"not a zip").unwrap();
        let doc = dir.path().join("old.doc");
        std::fs::write(&doc, b"\xd0\xcf\x11\xe0").unwrap();
        let gbk = dir.path().join("gbk.txt");
        std::fs::write(&gbk, b"\xb1\xa8\xb8\xe6").unwrap();
        for p in [fixture, html, broken, doc, gbk, dir.path().join("missing.txt"), dir.path().join("missing.doc")] {
            let shown = |l: Result<super::super::report_file::Loaded, String>| l.map(|l| rendered_text(&l).to_string());
            assert_eq!(shown(load(&p)), shown(load_read(&p, read_bytes(&p))), "{}", p.display());
        }
    }

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(shown("postgres://nb:secret@db.example/nianbao"), "postgres://nb:***@db.example/nianbao");
        assert_eq!(shown("postgres://nb@%2Ftmp/nianbao"), "postgres://nb@%2Ftmp/nianbao");
        assert_eq!(shown("r.sqlite"), "r.sqlite");
    }
}
