//! One file as it is exported (`File`): its path, content hash and format, and either what
//! could not be read or its reports (a file may hold several, each with its own title) — each
//! one's identity (agency joined as pairing joins them, region,
//! level, year, template), every cell of tables 2, 3 and 4 with its labels, raw text, number,
//! semantic and position (`cells`, through `crossyear::compare::cells_of`), its findings, its
//! predecessor and its metric inputs. Built by the CLI from what it read and checked.

use super::metrics;
use crate::crossyear::compare::{cells_of, Slot};
use crate::finding::{Num, Severity};
use crate::formats::sourcemap::SourceMap;
use crate::model::Report as Model;
use crate::position::LineStarts;
use crate::text::{CellValue, Unit};

/// The version of nianbao that wrote a row.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A file of the export.
#[derive(Clone, Debug)]
pub struct File {
    /// The path as given or found.
    pub path: String,
    /// SHA-256 of the file's bytes (hex); `None` when they could not be read.
    pub hash: Option<String>,
    /// `text`, `html` or `docx`.
    pub format: &'static str,
    pub body: Body,
}

impl File {
    /// The read error, if the file could not be read.
    pub fn error(&self) -> Option<&str> {
        match &self.body {
            Body::Error(e) => Some(e),
            Body::Reports(_) => None,
        }
    }

    /// Its reports (none for a file that could not be read).
    pub fn reports(&self) -> &[Report] {
        match &self.body {
            Body::Error(_) => &[],
            Body::Reports(r) => r,
        }
    }
}

#[derive(Clone, Debug)]
pub enum Body {
    /// Why the file could not be read (the message names the file).
    Error(String),
    /// The file's reports in its order (at least one).
    Reports(Vec<Report>),
}

/// A report of a file as exported.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub title: String,
    /// The agency's key as pairing joins them (`crossyear::pairing::joined_keys`).
    pub agency: Option<String>,
    /// The agency as the title writes it.
    pub agency_name: Option<String>,
    /// The places of `agency` (`agency::region`).
    pub region: Option<String>,
    pub level: Option<&'static str>,
    pub kind: Option<&'static str>,
    pub year: Option<i32>,
    pub template: Option<&'static str>,
    pub cells: Vec<Cell>,
    pub findings: Vec<Finding>,
    /// The same agency's report of the year before, when the run holds it: its file's path and
    /// its index among that file's reports.
    pub previous: Option<(String, usize)>,
    pub metrics: Vec<metrics::Input>,
}

/// One cell of tables 2, 3 and 4.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub table: u8,
    pub item: u8,
    pub row: &'static str,
    pub column: &'static str,
    /// The cell's text as the file writes it (trimmed).
    pub raw: String,
    /// The number, for `number` and `with_unit` cells (in the unit written).
    pub value: Option<Num>,
    /// `number`, `with_unit`, `blank`, `placeholder` (`/`, `-`, `无`) or `invalid`.
    pub semantic: &'static str,
    pub unit: Option<&'static str>,
    /// 1-based line and character column in the file (an HTML page's source; a `.docx`'s
    /// rendering, as `check --print-text` shows it).
    pub line: usize,
    pub col: usize,
}

/// A finding as exported.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub zh: String,
    pub en: String,
    pub stated: Option<Num>,
    pub expected: Option<Num>,
    /// Table, row and column, when the finding is on a table cell.
    pub cell: Option<(usize, String, String)>,
    pub line: usize,
    pub col: usize,
}

/// What a cell holds, as the `semantic` column says it.
pub fn semantic(v: &CellValue) -> &'static str {
    match v {
        CellValue::Blank => "blank",
        CellValue::Placeholder => "placeholder",
        CellValue::Number { unit: Some(_), .. } => "with_unit",
        CellValue::Number { .. } => "number",
        CellValue::Overflow | CellValue::Invalid => "invalid",
    }
}

fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Yuan => "元",
        Unit::Wan => "万",
        Unit::WanYuan => "万元",
        Unit::YiYuan => "亿元",
        Unit::Count => "件",
    }
}

/// The cells of one report of a file: `model` at `offset` in the checked text, `text` the
/// text positions refer to (an HTML page's source), `map` the map from the checked text to it
/// (HTML pages).
pub fn cells(offset: usize, model: &Model, text: &str, lines: &LineStarts, map: Option<&SourceMap>) -> Vec<Cell> {
    cells_of(model).iter().map(|s| cell(s, offset, text, lines, map)).collect()
}

fn cell(s: &Slot, offset: usize, text: &str, lines: &LineStarts, map: Option<&SourceMap>) -> Cell {
    let span = s.cell.span.start + offset..s.cell.span.end + offset;
    let (raw, at) = match map {
        Some(m) => (m.exact(&span).and_then(|r| text.get(r)), m.start(span.start)),
        None => (text.get(span.clone()), span.start),
    };
    let (value, unit) = match &s.cell.value {
        CellValue::Number { value, unit, .. } => (Some(*value), unit.map(unit_name)),
        _ => (None, None),
    };
    let raw = raw.map(|r| r.trim().to_string()).unwrap_or_else(|| crate::crossyear::compare::value(s.cell).map_or(String::new(), |v| v.to_string()));
    let (line, col) = lines.byte_to_cli(text, at);
    Cell { table: s.table, item: s.item, row: s.row, column: s.column, raw, value, semantic: semantic(&s.cell.value), unit, line, col }
}

/// A report's metric inputs from its cells and its findings.
pub fn metric_inputs(cells: &[Cell], findings: &[Finding]) -> Vec<metrics::Input> {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    metrics::inputs(
        |t, r, c| cells.iter().find(|x| x.table == t && x.row == r && x.column == c).and_then(|x| x.value),
        [count(Severity::Error), count(Severity::Warning), count(Severity::Info)],
    )
}

/// SHA-256 of `bytes`, in hex.
pub fn hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_of_a_fixture_with_raw_text_and_positions() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/010_hongze_2024.txt")).unwrap();
        let (_, models) = crate::api::check_text_keeping_models(&text, &Default::default());
        let cs = cells(models[0].0, &models[0].1, &text, &LineStarts::new(&text), None);
        let total = cs.iter().find(|c| c.table == 3 && c.row == "一、本年新收" && c.column == "总计").unwrap();
        assert_eq!((total.raw.as_str(), total.value, total.semantic), ("95", Some(Num::Int(95)), "number"));
        assert_eq!(text.lines().nth(total.line - 1).map(|l| l.chars().skip(total.col - 1).take(2).collect::<String>()).as_deref(), Some("95"));
        assert!(cs.iter().all(|c| c.semantic != "number" || c.value.is_some()));
    }

    #[test]
    fn hash_is_sha256() {
        assert_eq!(hash(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
