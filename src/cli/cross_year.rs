//! Cross-year checking of a `check` run: every report of the run is paired with the same
//! agency's report of the year before when the run holds it (`crossyear::pair`), the pair's
//! findings join this year's file (positions mapped to the text the file's positions refer
//! to, related locations to last year's file), and each file learns its agency and its
//! predecessor (its first report's; and each report's, for `export`). Reports left unpaired
//! are returned for `--cross-year`'s summary.

use super::output::Checked;
use crate::crossyear::{self, Record, Unit, Unpaired};
use crate::finding::{Finding, Locale};
use std::collections::HashSet;
use std::sync::Arc;

/// What is kept of a checked file's reports (offsets in the checked text: cross-year records,
/// or for `export` whole models until it has taken their cells) and the map from the checked
/// text to the text positions refer to (HTML pages): what `check` keeps of each file for the
/// cross-year step.
pub struct Models<M = Record> {
    pub models: Vec<(usize, M)>,
    pub map: Option<crate::formats::sourcemap::SourceMap>,
}

/// The reports of a run without a predecessor, for the summary.
pub struct Lonely {
    pub reports: Vec<Lone>,
    /// Each unit's checked file (its index in the run's files), to name candidates by.
    owner: Vec<usize>,
}

/// A report of the run without a predecessor, for the summary.
pub struct Lone {
    pub file: String,
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// Why; `Unpaired::Ambiguous`'s candidates are the run's units, named only when the
    /// summary is written (a run of many copies has many candidates for each report).
    pub why: Unpaired,
    /// For `Unpaired::NoIdentity`: what the title lacks (the agency, with what was read of
    /// it, or the year).
    pub lacks: Option<crossyear::Lacks>,
}

/// Run the cross-year rules over the checked files (in place) and return the unpaired
/// reports. Drops the text (and line starts) of files nothing points into.
pub fn run(checked: &mut [Checked], models: Vec<Models>, disabled: &HashSet<String>) -> Lonely {
    let n: usize = models.iter().map(|m| m.models.len()).sum();
    let mut units = Vec::with_capacity(n);
    let mut owner = Vec::with_capacity(n);
    // Each unit's index among its file's reports.
    let mut nth = Vec::with_capacity(n);
    let mut maps = Vec::with_capacity(models.len());
    for (ci, m) in models.into_iter().enumerate() {
        let file: Arc<str> = checked[ci].path.as_str().into();
        checked[ci].previous_of = vec![None; m.models.len()];
        for (k, (offset, report)) in m.models.into_iter().enumerate() {
            units.push(Unit { file: file.clone(), offset, report });
            owner.push(ci);
            nth.push(k);
        }
        maps.push(m.map);
    }
    let run = crossyear::check_run(&units, disabled);
    let mut referenced = vec![false; checked.len()];
    let mut lone = Vec::new();
    let mut seen = vec![false; checked.len()];
    for (u, findings) in run.findings.into_iter().enumerate() {
        let ci = owner[u];
        let id = &run.ids[u];
        // A file's agency and predecessor are its first report's.
        if !std::mem::replace(&mut seen[ci], true) {
            checked[ci].agency = id.as_ref().map(|i| i.agency.clone());
            if let Ok(p) = &run.pairs[u] {
                checked[ci].previous = Some(checked[owner[*p]].path.clone());
            }
        }
        if let Ok(p) = &run.pairs[u] {
            checked[ci].previous_of[nth[u]] = Some((checked[owner[*p]].path.clone(), nth[*p]));
        }
        let prev = match &run.pairs[u] {
            Ok(p) => owner[*p],
            Err(why) => {
                let lacks = units[u].report.identity.as_ref().err().cloned();
                lone.push(Lone { file: checked[ci].path.clone(), agency: id.as_ref().map(|i| i.agency.clone()), year: id.as_ref().map(|i| i.year), why: why.clone(), lacks });
                continue;
            }
        };
        if findings.is_empty() {
            continue;
        }
        referenced[prev] = true;
        // Each finding's table cell, from the model while its span is still in the checked text
        // (the rendering, for pages and packages): JSON's location and the workbook show it.
        let place = |f: &Finding| {
            let u = &units[u];
            let p = u.report.cell_place(f.span.start.checked_sub(u.offset)?)?;
            Some(crate::formats::Location::Cell { page: None, table: p.table.into(), row: p.row, column: p.column })
        };
        let mapped: Vec<(Finding, Option<crate::formats::Location>)> =
            findings.into_iter().map(|f| (place(&f), f)).map(|(p, f)| (crate::formats::map_across(f, maps[ci].as_ref(), maps[prev].as_ref()), p)).collect();
        add(&mut checked[ci], mapped);
    }
    drop(units);
    for (ci, c) in checked.iter_mut().enumerate() {
        if c.findings.is_empty() && !referenced[ci] {
            c.text = String::new();
            c.lines = Default::default();
        }
    }
    Lonely { reports: lone, owner }
}

/// Add findings to a file, keeping findings (and their table locations, or for text files
/// their places) in text order.
fn add(c: &mut Checked, more: Vec<(Finding, Option<crate::formats::Location>)>) {
    let key = |f: &Finding| (f.span.start, f.span.end, f.rule);
    let n = c.findings.len();
    let pages = !c.locations.is_empty();
    let mut side = std::mem::take(if pages { &mut c.locations } else { &mut c.places });
    side.resize(n, None);
    let mut all: Vec<(Finding, Option<crate::formats::Location>)> = std::mem::take(&mut c.findings).into_iter().zip(side).collect();
    all.extend(more);
    all.sort_by(|a, b| key(&a.0).cmp(&key(&b.0)));
    let (findings, side) = all.into_iter().unzip();
    c.findings = findings;
    *(if pages { &mut c.locations } else { &mut c.places }) = side;
}

/// The `--cross-year` summary: how many reports were paired, and each unpaired one with why.
pub fn summary(checked: &[Checked], lone: &Lonely, locale: Locale) -> String {
    let paired = checked.iter().filter(|c| c.previous.is_some()).count();
    let mut out = match locale {
        Locale::Zh => format!("跨年核对：{paired} 份报告与上年报告配对，{} 份未配对", lone.reports.len()),
        Locale::En => format!("Cross-year: {paired} report(s) paired with last year's, {} unpaired", lone.reports.len()),
    };
    // The candidates' files, each once, in the order their reports came.
    let files = |c: &[usize], sep: &str| {
        let mut seen = HashSet::new();
        c.iter().map(|&u| lone.owner[u]).filter(|&i| seen.insert(i)).map(|i| checked[i].path.as_str()).collect::<Vec<_>>().join(sep)
    };
    for l in &lone.reports {
        let who = match (&l.agency, l.year) {
            (Some(a), Some(y)) => format!("{a} {y}"),
            _ => String::new(),
        };
        let why = match (&l.why, locale) {
            (Unpaired::NoIdentity, _) => l.lacks.as_ref().map_or(String::new(), |m| m.message().get(locale).to_string()),
            (Unpaired::NoPrevious, Locale::Zh) => format!("本次未找到该机关 {} 年度的报告", l.year.map_or(String::new(), |y| (y - 1).to_string())),
            (Unpaired::NoPrevious, Locale::En) => format!("no {} report of this agency in the run", l.year.map_or(String::new(), |y| (y - 1).to_string())),
            (Unpaired::Ambiguous(c), Locale::Zh) => format!("上年报告不止一份：{}", files(c, "、")),
            (Unpaired::Ambiguous(c), Locale::En) => format!("more than one report of last year: {}", files(c, ", ")),
        };
        let file = super::term::path(std::path::Path::new(&l.file));
        out.push_str(&format!("\n  {file}{}{who}{}: {why}", if who.is_empty() { "" } else { " (" }, if who.is_empty() { "" } else { ")" }));
    }
    out
}
