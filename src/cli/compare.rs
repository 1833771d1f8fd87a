//! `nianbao compare OLD NEW`: two years' statistics side by side (`crossyear::compare`), as
//! an aligned table (human), JSON or CSV. Reads the two files as `check` does (text, HTML,
//! DOCX), takes the first report of each, warns when they are of different agencies or not
//! consecutive years, and says what a pair across templates could not compare.

use super::report_file::{load, rendered_text};
use super::{say, term};
use crate::api::check_text_keeping_models;
use crate::crossyear::compare::{compare, warnings, Amount, Comparison, Value};
use crate::crossyear::identity;
use crate::finding::Locale;
use crate::model::Report;
use crate::vocab::CheckOptions;
use clap::ValueEnum;
use serde_json::{json, Map, Value as Json};
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Csv,
}

pub struct Settings {
    pub format: Format,
    pub locale: Locale,
    /// Write here instead of standard output.
    pub output: Option<PathBuf>,
}

/// One side of the comparison: the file as shown and its first report.
struct Side {
    file: String,
    report: Report,
}

/// Read `path` and take its first report; the error names the file.
fn read(path: &Path, opts: &CheckOptions) -> Result<Side, String> {
    let loaded = load(path)?;
    let (_, models) = check_text_keeping_models(rendered_text(&loaded), opts);
    let file = term::path(path);
    match models.into_iter().next() {
        Some((_, report)) => Ok(Side { file, report }),
        None => Err(format!("{file}: 不是政府信息公开工作年度报告 / not an annual report")),
    }
}

/// Run `compare`; returns the exit code (0, or 2 when a file cannot be read, is not a report
/// or the output cannot be written).
pub fn run(old: &Path, new: &Path, s: Settings, opts: &CheckOptions) -> i32 {
    let sides = read(old, opts).and_then(|o| Ok((o, read(new, opts)?)));
    let (old, new) = match sides {
        Ok(s) => s,
        Err(e) => {
            say(&format!("nianbao: {e}"));
            return 2;
        }
    };
    let zh = s.locale == Locale::Zh;
    for (wzh, wen) in warnings(&old.report, &new.report) {
        say(&if zh { format!("nianbao: 警告：{wzh}；仍然比较") } else { format!("nianbao: warning: {wen}; compared all the same") });
    }
    let c = compare(&old.report, &new.report);
    let bytes = match s.format {
        Format::Human => Ok(human(&old, &new, &c, zh).into_bytes()),
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&to_json(&old, &new, &c, zh)).expect("JSON of strings and numbers");
            t.push('\n');
            Ok(t.into_bytes())
        }
        Format::Csv => csv(&c, zh),
    };
    let written = bytes.and_then(|b| super::output::emit(s.output.as_deref(), &b));
    match written {
        Ok(()) => 0,
        Err(e) => {
            say(&format!("nianbao: 无法写入 / cannot write {e}"));
            2
        }
    }
}

fn table_name(t: u8, zh: bool) -> String {
    match (zh, t) {
        (true, 2) => "表二".into(),
        (true, 3) => "表三".into(),
        (true, 4) => "表四".into(),
        (_, t) => format!("T{t}"),
    }
}

fn cell_text(v: Option<Value>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A change with its sign: `+3`, `-2`, `0`.
fn change_text(a: Option<Amount>) -> String {
    match a {
        Some(a) if a.num.is_positive() => format!("+{a}"),
        Some(a) => a.to_string(),
        None => String::new(),
    }
}

/// The line that names a side: agency, year, template, file.
fn describe(label: &str, side: &Side, zh: bool) -> String {
    let r = &side.report;
    let agency = identity(r).map(|i| i.agency);
    let year = r.year.as_ref().map(|y| y.0);
    let template = r.template.map(|t| t.as_str());
    if zh {
        format!(
            "{label}：{} · {} · {} · {}",
            agency.as_deref().unwrap_or("（未识别机关）"),
            year.map_or("（未识别年份）".into(), |y| format!("{y} 年")),
            template.map_or("（未识别模板）".into(), |t| format!("{t} 年模板")),
            side.file
        )
    } else {
        format!(
            "{label}: {} · {} · {} · {}",
            agency.as_deref().unwrap_or("(agency not named)"),
            year.map_or("(year not named)".into(), |y| y.to_string()),
            template.map_or("(template not recognised)".into(), |t| format!("{t} template")),
            side.file
        )
    }
}

/// The human table: every column padded to its display width (CJK characters count two),
/// labels left-aligned, numbers right-aligned; then what was mapped or left out.
fn human(old: &Side, new: &Side, c: &Comparison, zh: bool) -> String {
    let mut out = String::new();
    let (lo, ln) = if zh { ("上年", "本年") } else { ("last year", "this year") };
    out.push_str(&describe(lo, old, zh));
    out.push('\n');
    out.push_str(&describe(ln, new, zh));
    out.push_str("\n\n");
    let header: [String; 6] = if zh { ["表", "行", "列", "上年", "本年", "变化"] } else { ["table", "row", "column", "last year", "this year", "change"] }.map(String::from);
    let rows: Vec<[String; 6]> = c
        .lines
        .iter()
        .map(|l| [table_name(l.table, zh), l.row.to_string(), l.column.to_string(), cell_text(l.old), cell_text(l.new), change_text(l.change)])
        .collect();
    let mut widths = [0usize; 6];
    for r in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.width());
        }
    }
    for r in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (k, (cell, w)) in r.iter().zip(widths).enumerate() {
            if k > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(w - cell.width());
            if k < 3 {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let templates = |s: &Side| s.report.template.map_or("?", |t| t.as_str());
    if !c.renamed.is_empty() {
        out.push('\n');
        out.push_str(if zh { "按同一列比较（两版模板名称不同）：\n" } else { "Compared as one column (the templates name it differently):\n" });
        // One line per renamed column, naming its rows.
        let mut seen: Vec<(u8, &str, &str)> = Vec::new();
        for r in &c.renamed {
            if seen.contains(&(r.table, r.old, r.new)) {
                continue;
            }
            seen.push((r.table, r.old, r.new));
            let rows: Vec<&str> = c.renamed.iter().filter(|x| (x.table, x.old, x.new) == (r.table, r.old, r.new)).map(|x| x.row).collect();
            let t = table_name(r.table, zh);
            out.push_str(&if zh {
                format!("  - {t} {}：上年“{}”（{} 年模板）即本年“{}”（{} 年模板）\n", rows.join("、"), r.old, templates(old), r.new, templates(new))
            } else {
                format!("  - {t} {}: last year's “{}” ({} template) is this year's “{}” ({} template)\n", rows.join(", "), r.old, templates(old), r.new, templates(new))
            });
        }
    }
    if !c.omitted.is_empty() {
        out.push('\n');
        out.push_str(if zh { "未比较：\n" } else { "Not compared:\n" });
        for o in &c.omitted {
            let t = table_name(o.table, zh);
            out.push_str(&if zh { format!("  - {t} {}：{}\n", o.what.zh, o.why.zh) } else { format!("  - {t} {}: {}\n", o.what.en, o.why.en) });
        }
    }
    out
}

fn value_json(v: Option<Value>) -> Json {
    match v {
        None => Json::Null,
        Some(Value::Number(a)) => a.num.to_json(),
        Some(v) => Json::String(v.to_string()),
    }
}

fn side_json(s: &Side) -> Json {
    json!({
        "file": s.file,
        "agency": identity(&s.report).map(|i| i.agency),
        "year": s.report.year.as_ref().map(|y| y.0),
        "template": s.report.template.map(|t| t.as_str()),
    })
}

/// `{"old","new","cells":[{"table","row","column","old","new","change"}],"renamed","omitted"}`;
/// a money cell with a unit adds `old_unit` / `new_unit` / `change_unit`.
fn to_json(old: &Side, new: &Side, c: &Comparison, zh: bool) -> Json {
    let cells: Vec<Json> = c
        .lines
        .iter()
        .map(|l| {
            let mut m = Map::new();
            m.insert("table".into(), l.table.into());
            m.insert("row".into(), l.row.into());
            m.insert("column".into(), l.column.into());
            m.insert("old".into(), value_json(l.old));
            m.insert("new".into(), value_json(l.new));
            m.insert("change".into(), l.change.map_or(Json::Null, |a| a.num.to_json()));
            for (key, a) in [("old_unit", l.old.and_then(number)), ("new_unit", l.new.and_then(number)), ("change_unit", l.change)] {
                if let Some(a) = a.filter(|a| !a.unit_suffix().is_empty()) {
                    m.insert(key.into(), a.unit_suffix().into());
                }
            }
            Json::Object(m)
        })
        .collect();
    let text = |t: crate::crossyear::compare::Text| if zh { t.zh } else { t.en };
    json!({
        "old": side_json(old),
        "new": side_json(new),
        "cells": cells,
        "renamed": c.renamed.iter().map(|r| json!({"table": r.table, "row": r.row, "old": r.old, "new": r.new})).collect::<Vec<_>>(),
        "omitted": c.omitted.iter().map(|o| json!({"table": o.table, "what": text(o.what), "why": text(o.why)})).collect::<Vec<_>>(),
    })
}

fn number(v: Value) -> Option<Amount> {
    match v {
        Value::Number(a) => Some(a),
        _ => None,
    }
}

/// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
/// CSV with a UTF-8 BOM (so Excel and WPS read it as UTF-8), RFC 4180 quoting and CRLF line
/// ends, as `check --format csv` writes it: a header row, then one row per cell; the table is
/// its number, values as the human table shows them.
fn csv(c: &Comparison, zh: bool) -> Result<Vec<u8>, String> {
    let header = if zh { ["表", "行", "列", "上年", "本年", "变化"] } else { ["table", "row", "column", "last year", "this year", "change"] };
    let rows = c.lines.iter().map(|l| vec![l.table.to_string(), l.row.to_string(), l.column.to_string(), cell_text(l.old), cell_text(l.new), change_text(l.change)]);
    super::output::csv::records(std::iter::once(header.map(String::from).to_vec()).chain(rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Num;

    #[test]
    fn csv_quoting() {
        // One field a record: the record's text after the BOM, without its CRLF.
        let field = |s: &str| {
            let out = crate::cli::output::csv::records([vec![s.to_string()]]).unwrap();
            String::from_utf8(out[3..out.len() - 2].to_vec()).unwrap()
        };
        assert_eq!(field("行政许可"), "行政许可");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("危及\"三安全\""), "\"危及\"\"三安全\"\"\"");
        assert_eq!(field("a\nb"), "\"a\nb\"");
    }

    #[test]
    fn changes_carry_their_sign() {
        let a = |num| Some(Amount { num, unit: None });
        assert_eq!(change_text(a(Num::Int(3))), "+3");
        assert_eq!(change_text(a(Num::Int(0))), "0");
        assert_eq!(change_text(a(Num::Int(-2))), "-2");
        let d = |m, s| Num::from(crate::decimal::Exact::new(m, s).unwrap());
        assert_eq!(change_text(a(d(-18_528, 2))), "-185.28");
        assert_eq!(change_text(a(d(5, 1))), "+0.5");
        assert_eq!(change_text(a(d(14_484_818_381, 6))), "+14484.818381");
        assert_eq!(change_text(None), "");
    }
}
