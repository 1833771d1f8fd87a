//! `nianbao check`: read every input in parallel (rayon), check it, and print the findings in
//! the chosen format, in input order (`-` is standard input, named `<stdin>`), on standard
//! output or into the file of `-o` (written atomically; required for the binary xlsx). Exit 0
//! clean, 1 when some finding is an error, 2 when a path could not be read or decoded.

use super::cross_year::{self, Models};
use super::input::{discover, Input};
use super::output::{csv, human, json, sarif, xlsx, Checked, Failure};
use super::report_file::{self, Loaded};
use super::{say, term};
use crate::crossyear::Record;
use crate::finding::{Finding, Locale, Msg, Severity};
use crate::vocab::CheckOptions;
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames and a summary.
    Human,
    /// A JSON array with one object per file.
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// A workbook for reviewers: a sheet of reports, a sheet of findings (needs `-o`).
    Xlsx,
    /// The workbook's findings sheet as CSV (UTF-8 with BOM).
    Csv,
}

pub(crate) enum Outcome<M = Record> {
    /// The checked file and what is kept of its reports (cross-year records, for `check`).
    Checked(Box<Checked>, Models<M>),
    /// Found in a folder and not a report.
    Skipped,
    /// The file and the error (which names the file).
    Failed(String, String),
}

pub(crate) fn check_one(input: &Input, opts: &CheckOptions) -> Outcome {
    let t = timer();
    let loaded = load(input);
    stage(format_args!("read {}", input.path.display()), t);
    let t = timer();
    let outcome = check_loaded(input, loaded, opts, |r| Record::of(&r));
    stage(format_args!("check {}", input.path.display()), t);
    outcome
}

/// Read an input as `report_file::load` reads a path, with what discovery saw of it (a folder's
/// regular file is opened without a look first: `Input::read_bytes`).
fn load(input: &Input) -> Result<Loaded, String> {
    report_file::load_read(&input.path, input.read_bytes())
}

/// With `NIANBAO_TIMING` set, the time a stage starts (for `stage`); `None` otherwise, so a run
/// of many small files reads no clock and formats no message for each.
fn timer() -> Option<std::time::Instant> {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    ON.get_or_init(|| std::env::var_os("NIANBAO_TIMING").is_some()).then(std::time::Instant::now)
}

/// With `NIANBAO_TIMING` set, how long a stage of the run took, on standard error (for
/// `scripts/bench-whole.sh`-style work on where a run's time goes).
fn stage(what: std::fmt::Arguments, since: Option<std::time::Instant>) {
    if let Some(since) = since {
        say(&format!("nianbao: timing: {what}: {:.1} ms", since.elapsed().as_secs_f64() * 1e3));
    }
}

/// `check_one` of a file already read (`report_file::load`, or `load_read` of its bytes),
/// keeping `keep` of each report's model (`export` keeps the whole model).
pub(crate) fn check_loaded<M: Send>(input: &Input, loaded: Result<report_file::Loaded, String>, opts: &CheckOptions, keep: fn(crate::model::Report) -> M) -> Outcome<M> {
    // As given (JSON and SARIF escape it themselves; human output escapes it for the terminal).
    let file = if term::is_stdin(&input.path) { term::STDIN_NAME.to_string() } else { input.path.to_string_lossy().into_owned() };
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => return Outcome::Failed(file, e),
    };
    let report = match std::panic::catch_unwind(|| report_file::check(loaded, opts, keep)) {
        Ok(r) => r,
        Err(_) => return Outcome::Failed(file, format!("{}: 内部错误：检查时崩溃 / internal error while checking", term::path(&input.path))),
    };
    let r = report.result;
    let mut findings = r.findings;
    let mut locations = report.locations;
    // Text files: each finding's table cell, named from its report's model (pages and
    // packages have `locations` instead).
    let mut places = report.places;
    let models = Models { models: report.models, map: report.map };
    if !r.is_report {
        if !input.explicit || opts.disabled_rules.contains("not_a_report") {
            return Outcome::Skipped;
        }
        locations = Vec::new();
        places = Vec::new();
        findings = vec![Finding::new(
            "not_a_report",
            Severity::Error,
            0..0,
            Msg::new("未识别为政府信息公开工作年度报告（缺少标题或统计表）", "Not recognised as a government information-disclosure annual report (no title or tables)"),
        )];
    }
    // Positions and frames need the text only when there is something to show (here or, for
    // cross-year findings, in another file); `cross_year::run` drops it again when not.
    let (text, lines) = if findings.is_empty() && models.models.is_empty() { Default::default() } else { (report.text, report.lines) };
    Outcome::Checked(Box::new(Checked { path: file, text, lines, template: r.template.map(|t| t.as_str()), year: r.year, findings, locations, places, ..Default::default() }), models)
}

/// `check --print-text`: print what is read from each file (a page's or package's rendering).
pub fn print_text(paths: &[PathBuf]) -> i32 {
    let (inputs, errors) = discover(paths);
    let mut failed = errors.len();
    for e in &errors {
        say(&format!("nianbao: {e}"));
    }
    let mut out = std::io::stdout().lock();
    for i in &inputs {
        match load(i) {
            Ok(l) => {
                let _ = out.write_all(report_file::rendered_text(&l).as_bytes());
            }
            Err(e) => {
                failed += 1;
                say(&format!("nianbao: {e}"));
            }
        }
    }
    let _ = out.flush();
    if inputs.is_empty() && errors.is_empty() {
        say(&report_file::nothing_found(0));
        return 2;
    }
    if failed > 0 {
        2
    } else {
        0
    }
}

/// A discovery error (`path: message`) as a failure of that path.
fn failure(e: &str) -> Failure {
    Failure { file: e.split_once(": ").map_or(String::new(), |(f, _)| f.to_string()), error: e.to_string() }
}

/// How to present the results.
pub struct Settings {
    pub format: Format,
    pub locale: Locale,
    /// Show a progress bar on a terminal for many files.
    pub progress: bool,
    /// Colour human output.
    pub color: bool,
    /// Summarise cross-year pairing (human output; standard error for the other formats).
    pub cross_year: bool,
    /// Write the output to this file instead of standard output.
    pub output: Option<PathBuf>,
}

/// The `check` command; its exit code. The process ends after it (its results are left to
/// the kernel, not freed).
pub fn run(paths: &[PathBuf], settings: Settings, opts: &CheckOptions) -> i32 {
    let Settings { format, locale, progress, color, cross_year, output } = settings;
    if format == Format::Xlsx && output.is_none() {
        say("nianbao: --format xlsx 需要用 -o 指定输出文件（工作簿是二进制文件，不写到标准输出）/ --format xlsx needs -o FILE (a workbook is binary and is not written to standard output)");
        return 2;
    }
    let t = timer();
    let (inputs, errors) = discover(paths);
    super::memory::fit_to(&inputs);
    stage(format_args!("discover"), t);
    let t = timer();
    let mut failures: Vec<Failure> = Vec::new();
    for e in &errors {
        say(&format!("nianbao: {e}"));
        failures.push(failure(e));
    }
    let (outcomes, bar) = super::progress::map(&inputs, progress, "{bar:40} {pos}/{len} {wide_msg}", |i| check_one(i, opts));
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    stage(format_args!("read and check"), t);
    let mut s = human::Summary { failed: errors.len(), ..Default::default() };
    let mut checked = Vec::new();
    let mut models = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Checked(c, m) => {
                checked.push(*c);
                models.push(m);
            }
            Outcome::Skipped => s.skipped += 1,
            Outcome::Failed(file, e) => {
                s.failed += 1;
                say(&format!("nianbao: {e}"));
                failures.push(Failure { file, error: e });
            }
        }
    }
    let t = timer();
    let unpaired = cross_year::run(&mut checked, models, &opts.disabled_rules);
    stage(format_args!("cross-year"), t);
    let t = timer();
    for c in &checked {
        s.files += 1;
        for f in &c.findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
    }
    if cross_year && format != Format::Human {
        say(&cross_year::summary(&checked, &unpaired, locale));
    }
    let emit = |bytes: Result<Vec<u8>, String>| bytes.and_then(|b| super::output::emit(output.as_deref(), &b));
    let written = match format {
        // JSON and SARIF are written as they are rendered.
        Format::Json => super::output::emit_with(output.as_deref(), &mut |w| json::write(w, &checked, &failures, locale).and_then(|_| w.write_all(b"\n"))),
        Format::Sarif => super::output::emit_with(output.as_deref(), &mut |w| sarif::write(w, &checked, &failures, locale).and_then(|_| w.write_all(b"\n"))),
        Format::Xlsx => emit(xlsx::render(&checked, &failures, locale)),
        Format::Csv => emit(csv::render(&checked, locale)),
        Format::Human => {
            let style = human::Style { color, width: term::width() };
            let mut out = Vec::new();
            let files = super::output::Files::new(&checked);
            for c in &checked {
                for (i, f) in c.findings.iter().enumerate() {
                    let place = c.location(i).map(|l| human::place(l, locale)).unwrap_or_default();
                    let also = human::elsewhere(&super::output::elsewhere(&files, f), locale);
                    let _ = writeln!(out, "{}{place}{also}\n", human::frame(c, f, locale, &style));
                }
            }
            let _ = writeln!(out, "{}", human::summary(&s, locale, style.width));
            if cross_year {
                let _ = writeln!(out, "{}", cross_year::summary(&checked, &unpaired, locale));
            }
            emit(Ok(out))
        }
    };
    if let Err(e) = written {
        say(&format!("nianbao: {e}"));
        return 2;
    }
    stage(format_args!("output"), t);
    // The process ends after this command: the kernel takes the run's memory back at once,
    // where freeing it piece by piece (the text, its line table, every finding) took 10 ms of
    // a 0.27 s run on 52 MB.
    std::mem::forget((checked, unpaired, failures));
    if s.files == 0 && s.failed == 0 {
        // A folder of only files nianbao does not read (or of nothing) is not a green light.
        say(&report_file::nothing_found(s.skipped));
        return 2;
    }
    if s.failed > 0 {
        2
    } else if s.errors > 0 {
        1
    } else {
        0
    }
}
