//! `nianbao check`: read every input in parallel (rayon), check it, and print the findings in
//! the chosen format, in input order (`-` is standard input, named `<stdin>`). Exit 0 clean, 1 when some finding is an error, 2 when a
//! path could not be read or decoded.

use super::input::{discover, read, Input};
use super::output::{human, json, sarif, Checked};
use super::{say, term};
use crate::api::{check_text, CheckOptions};
use crate::finding::{Finding, Locale, Msg, Severity};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

enum Outcome {
    Checked(Checked),
    /// Found in a folder and not a report.
    Skipped,
    Failed(String),
}

fn check_one(input: &Input, opts: &CheckOptions) -> Outcome {
    let src = match read(&input.path) {
        Ok(s) => s,
        Err(e) => return Outcome::Failed(e),
    };
    let r = match std::panic::catch_unwind(|| check_text(&src.text, opts)) {
        Ok(r) => r,
        Err(_) => return Outcome::Failed(format!("{}: 内部错误：检查时崩溃 / internal error while checking", term::path(&input.path))),
    };
    let mut findings = r.findings;
    if !r.is_report {
        if !input.explicit || opts.disabled_rules.contains("not_a_report") {
            return Outcome::Skipped;
        }
        findings = vec![Finding::new(
            "not_a_report",
            Severity::Error,
            0..0,
            Msg::new("未识别为政府信息公开工作年度报告（缺少标题或统计表）", "Not recognised as a government information-disclosure annual report (no title or tables)"),
        )];
    }
    // Positions and frames need the text only when there is something to show.
    let text = if findings.is_empty() { String::new() } else { src.text };
    let rope = ropey::Rope::from_str(&text);
    Outcome::Checked(Checked {
        // As given (JSON and SARIF escape it themselves; human output escapes it for the terminal).
        path: if term::is_stdin(&input.path) { term::STDIN_NAME.to_string() } else { input.path.display().to_string() },
        text,
        rope,
        template: r.template.map(|t| t.as_str()),
        year: r.year,
        findings,
    })
}

/// How to present the results.
pub struct Settings {
    pub format: Format,
    pub locale: Locale,
    /// Show a progress bar on a terminal for many files.
    pub progress: bool,
    /// Colour human output.
    pub color: bool,
}

pub fn run(paths: &[PathBuf], settings: Settings, opts: &CheckOptions) -> i32 {
    let Settings { format, locale, progress, color } = settings;
    let (inputs, errors) = discover(paths);
    for e in &errors {
        say(&format!("nianbao: {e}"));
    }
    let bar = (progress && inputs.len() > 20 && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}") {
            b.set_style(style);
        }
        b
    });
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .map(|i| {
            let o = check_one(i, opts);
            if let Some(b) = &bar {
                b.inc(1);
            }
            o
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut s = human::Summary { failed: errors.len(), ..Default::default() };
    let mut checked = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Checked(c) => {
                s.files += 1;
                for f in &c.findings {
                    match f.severity {
                        Severity::Error => s.errors += 1,
                        Severity::Warning => s.warnings += 1,
                        Severity::Info => s.infos += 1,
                    }
                }
                checked.push(c);
            }
            Outcome::Skipped => s.skipped += 1,
            Outcome::Failed(e) => {
                s.failed += 1;
                say(&format!("nianbao: {e}"));
            }
        }
    }
    let mut out = std::io::stdout().lock();
    let written = match format {
        Format::Json => writeln!(out, "{}", json::render(&checked, locale)),
        Format::Sarif => writeln!(out, "{}", sarif::render(&checked, locale)),
        Format::Human => {
            let style = human::Style { color, width: term::width() };
            let mut r = Ok(());
            for c in &checked {
                for f in &c.findings {
                    r = r.and_then(|_| writeln!(out, "{}\n", human::frame(c, f, locale, &style)));
                }
            }
            r.and_then(|_| writeln!(out, "{}", human::summary(&s, locale, style.width)))
        }
    };
    // A closed stdout (e.g. piped into `head`) changes nothing about the verdict.
    let _ = written.and_then(|_| out.flush());
    if s.failed > 0 {
        2
    } else if s.errors > 0 {
        1
    } else {
        0
    }
}
