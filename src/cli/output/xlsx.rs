//! `--format xlsx`: a workbook for reviewers. Sheet 1 (「报告」/ Reports) has a row per report —
//! file, agency, year, template, counts of errors, warnings and infos, last year's report it
//! was paired with (or 否 / no) — and a row per file that could not be read, with its error;
//! sheet 2 (「问题」/ Findings) has a row per finding — file, table, row, column, line, column
//! number, rule, severity, message, stated, expected. Headers follow `--lang`; the header row
//! is frozen and filtered, columns are as wide as their text (CJK characters count double), and
//! numbers are numeric cells (stated and expected blank when there is none). The sheets are
//! built as plain rows first (`reports_sheet`, `findings_sheet`), which `csv` reuses.

use super::{Checked, Failure};
use crate::finding::{Locale, Num, Severity};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// One cell of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    /// A stated or expected value (integer, or an amount with decimals).
    Num(Num),
    Blank,
}

impl Value {
    /// As written in CSV (and measured for column widths).
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Num(n) => n.to_string(),
            Value::Blank => String::new(),
        }
    }
}

/// A sheet as rows of values under a header row.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
}

fn pick(locale: Locale, zh: &'static str, en: &'static str) -> &'static str {
    match locale {
        Locale::Zh => zh,
        Locale::En => en,
    }
}

fn count(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Blank, |s| Value::Text(s.to_string()))
}

/// Sheet 1: one row per checked report, then one per file that could not be read.
pub fn reports_sheet(files: &[Checked], failures: &[Failure], locale: Locale) -> Sheet {
    let headers = match locale {
        Locale::Zh => vec!["文件", "机关", "年度", "模板", "错误", "警告", "提示", "与上年报告对照", "读取错误"],
        Locale::En => vec!["File", "Agency", "Year", "Template", "Errors", "Warnings", "Infos", "Paired with last year", "Read error"],
    };
    let mut rows = Vec::with_capacity(files.len() + failures.len());
    for f in files {
        let n = |s: Severity| count(f.findings.iter().filter(|x| x.severity == s).count());
        let previous = Value::Text(f.previous.clone().unwrap_or_else(|| pick(locale, "否", "no").to_string()));
        rows.push(vec![
            Value::Text(f.path.clone()),
            opt_text(f.agency.as_deref()),
            f.year.map_or(Value::Blank, |y| Value::Int(y.into())),
            opt_text(f.template),
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info),
            previous,
            Value::Blank,
        ]);
    }
    for e in failures {
        let mut row = vec![Value::Blank; headers.len()];
        row[0] = Value::Text(e.file.clone());
        row[headers.len() - 1] = Value::Text(e.error.clone());
        rows.push(row);
    }
    Sheet { name: pick(locale, "报告", "Reports"), headers, rows }
}

/// A severity in the reader's language.
pub fn severity(s: Severity, locale: Locale) -> &'static str {
    match s {
        Severity::Error => pick(locale, "错误", "error"),
        Severity::Warning => pick(locale, "警告", "warning"),
        Severity::Info => pick(locale, "提示", "info"),
    }
}

/// Sheet 2: one row per finding, files in input order, findings in text order.
pub fn findings_sheet(files: &[Checked], locale: Locale) -> Sheet {
    let headers = match locale {
        Locale::Zh => vec!["文件", "表", "表格行", "表格列", "行号", "列号", "规则", "级别", "问题说明", "填写值", "应为"],
        Locale::En => vec!["File", "Table", "Row", "Column", "Line", "Column no.", "Rule", "Severity", "Message", "Stated", "Expected"],
    };
    let mut rows = Vec::new();
    for f in files {
        for (i, x) in f.findings.iter().enumerate() {
            let (line, col, _, _) = f.lines_cols(x);
            let (table, row, column) = match f.cell(i) {
                Some((t, r, c)) => (count(t), opt_text(Some(r).filter(|s| !s.is_empty())), opt_text(Some(c).filter(|s| !s.is_empty()))),
                None => (Value::Blank, Value::Blank, Value::Blank),
            };
            rows.push(vec![
                Value::Text(f.path.clone()),
                table,
                row,
                column,
                count(line),
                count(col),
                Value::Text(x.rule.to_string()),
                Value::Text(severity(x.severity, locale).to_string()),
                Value::Text(x.message.get(locale).to_string()),
                x.stated.map_or(Value::Blank, Value::Num),
                x.expected.map_or(Value::Blank, Value::Num),
            ]);
        }
    }
    Sheet { name: pick(locale, "问题", "Findings"), headers, rows }
}

/// Widest a column gets, in character widths (longer text is cut off in view, not in the cell).
const MAX_WIDTH: usize = 60;
/// Narrowest a column gets (room for the filter button next to a short header).
const MIN_WIDTH: usize = 6;

/// A column's width: its widest cell in display columns (a CJK character is two), plus room
/// for the header's filter button, within [MIN_WIDTH, MAX_WIDTH].
pub fn column_width(sheet: &Sheet, col: usize) -> usize {
    let header = sheet.headers.get(col).map_or(0, |h| h.width() + 3);
    let widest = sheet.rows.iter().filter_map(|r| r.get(col)).map(|v| v.text().width() + 1).max().unwrap_or(0);
    header.max(widest).clamp(MIN_WIDTH, MAX_WIDTH)
}

fn write_sheet(sheet: &Sheet, bold: &Format) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet.name)?;
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, col_num(c), *h, bold)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, v) in row.iter().enumerate() {
            let c = col_num(c);
            match v {
                Value::Text(s) => ws.write_string(r, c, s)?,
                Value::Int(i) => ws.write_number(r, c, *i as f64)?,
                Value::Num(Num::Int(i)) => ws.write_number(r, c, *i as f64)?,
                // A decimal is a number where an f64 holds every digit, else its digits as text.
                Value::Num(Num::Dec(d)) => match d.to_f64() {
                    (f, true) => ws.write_number(r, c, f)?,
                    (_, false) => ws.write_string(r, c, d.to_string())?,
                },
                Value::Blank => continue,
            };
        }
    }
    for c in 0..sheet.headers.len() {
        ws.set_column_width(col_num(c), column_width(sheet, c) as f64)?;
    }
    let last_row = u32::try_from(sheet.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, col_num(sheet.headers.len() - 1))?;
    Ok(ws)
}

/// Sheets have a dozen columns at most.
fn col_num(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// The workbook's bytes.
pub fn render(files: &[Checked], failures: &[Failure], locale: Locale) -> Result<Vec<u8>, String> {
    let bold = Format::new().set_bold();
    let mut wb = Workbook::new();
    let err = |e: XlsxError| format!("{}: {e}", pick(locale, "无法生成工作簿", "cannot build the workbook"));
    wb.push_worksheet(write_sheet(&reports_sheet(files, failures, locale), &bold).map_err(err)?);
    wb.push_worksheet(write_sheet(&findings_sheet(files, locale), &bold).map_err(err)?);
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Msg};
    use crate::formats::Location;

    fn sample() -> (Vec<Checked>, Vec<Failure>) {
        let text = "标题\n（七）总计\t5\n收费\t1.5\n".to_string();
        let five = text.find('5').unwrap();
        let mut f = Finding::new("t3_row_total", Severity::Error, five..five + 1, Msg::new("总计应为 6", "total should be 6"));
        f.stated = Some(Num::Int(5));
        f.expected = Some(Num::Int(6));
        let fee = text.find("1.5").unwrap();
        let mut g = Finding::new("value_unit", Severity::Warning, fee..fee + 3, Msg::new("单位", "unit"));
        g.stated = Some(Num::from(crate::decimal::Exact::new(15, 1).unwrap()));
        let h = Finding::new("section5_thin", Severity::Info, 0..0, Msg::new("薄", "thin"));
        let cell = Location::Cell { page: None, table: 3, row: "（七）总计".into(), column: "总计".into() };
        let files = vec![Checked {
            path: "洪泽/2024.txt".into(),
            lines: crate::position::LineStarts::new(&text),
            text,
            template: Some("2021"),
            year: Some(2024),
            agency: Some("淮安市洪泽区人民政府".into()),
            previous: Some("洪泽/2023.txt".into()),
            findings: vec![f, g, h],
            places: vec![Some(cell), None, None],
            ..Default::default()
        }];
        let failures = vec![Failure { file: "坏.docx".into(), error: "坏.docx: 加密 / encrypted".into() }];
        (files, failures)
    }

    #[test]
    fn reports_sheet_has_a_row_per_report_and_per_failure() {
        let (files, failures) = sample();
        let s = reports_sheet(&files, &failures, Locale::Zh);
        assert_eq!(s.name, "报告");
        assert_eq!(s.headers, ["文件", "机关", "年度", "模板", "错误", "警告", "提示", "与上年报告对照", "读取错误"]);
        let t = |s: &str| Value::Text(s.into());
        assert_eq!(
            s.rows,
            vec![
                vec![t("洪泽/2024.txt"), t("淮安市洪泽区人民政府"), Value::Int(2024), t("2021"), Value::Int(1), Value::Int(1), Value::Int(1), t("洪泽/2023.txt"), Value::Blank],
                vec![t("坏.docx"), Value::Blank, Value::Blank, Value::Blank, Value::Blank, Value::Blank, Value::Blank, Value::Blank, t("坏.docx: 加密 / encrypted")],
            ]
        );
        let mut unpaired = sample().0;
        unpaired[0].previous = None;
        assert_eq!(reports_sheet(&unpaired, &[], Locale::En).rows[0][7], t("no"));
        assert_eq!(reports_sheet(&unpaired, &[], Locale::Zh).rows[0][7], t("否"));
        assert_eq!(reports_sheet(&unpaired, &[], Locale::En).name, "Reports");
    }

    #[test]
    fn findings_sheet_has_numbers_as_numbers() {
        let (files, _) = sample();
        let s = findings_sheet(&files, Locale::En);
        assert_eq!((s.name, s.headers.len()), ("Findings", 11));
        assert_eq!(s.headers[9..], ["Stated", "Expected"]);
        let t = |s: &str| Value::Text(s.into());
        assert_eq!(
            s.rows[0],
            vec![t("洪泽/2024.txt"), Value::Int(3), t("（七）总计"), t("总计"), Value::Int(2), Value::Int(7), t("t3_row_total"), t("error"), t("total should be 6"), Value::Num(Num::Int(5)), Value::Num(Num::Int(6))]
        );
        assert_eq!(s.rows[1][1..4], [Value::Blank, Value::Blank, Value::Blank]);
        assert_eq!((&s.rows[1][9], &s.rows[1][10]), (&Value::Num(Num::from(crate::decimal::Exact::new(15, 1).unwrap())), &Value::Blank));
        assert_eq!(s.rows[2][7], t("info"));
        assert_eq!(findings_sheet(&files, Locale::Zh).rows[0][7], t("错误"));
    }

    #[test]
    fn widths_count_cjk_double_and_are_bounded() {
        let sheet = Sheet { name: "s", headers: vec!["文件", "x"], rows: vec![vec![Value::Text("洪泽区人民政府".into()), Value::Text("a".repeat(500))]] };
        assert_eq!(column_width(&sheet, 0), 15, "7 CJK characters = 14 columns, plus one");
        assert_eq!(column_width(&sheet, 1), MAX_WIDTH);
        let empty = Sheet { name: "s", headers: vec!["x"], rows: vec![] };
        assert_eq!(column_width(&empty, 0), MIN_WIDTH);
    }

    #[test]
    fn renders_a_zip_package() {
        let (files, failures) = sample();
        let bytes = render(&files, &failures, Locale::Zh).expect("workbook");
        assert!(bytes.starts_with(b"PK\x03\x04"), "an xlsx is a zip package");
        assert!(render(&[], &[], Locale::En).is_ok(), "an empty run still makes a workbook");
    }
}
