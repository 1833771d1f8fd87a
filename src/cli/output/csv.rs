//! `--format csv`: the workbook's findings sheet (`xlsx::findings_sheet`, same columns and
//! headers) as CSV — UTF-8 with a byte-order mark, so that Excel and WPS read the Chinese text
//! as UTF-8 and not as the system's GBK, and quoted by RFC 4180 (the `csv` crate: a field with a
//! comma, quote, CR or LF is quoted and its quotes doubled; records end with CRLF).

use super::xlsx::findings_sheet;
use super::Checked;
use crate::finding::Locale;

/// The byte-order mark that starts the file.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The CSV's bytes.
pub fn render(files: &[Checked], locale: Locale) -> Result<Vec<u8>, String> {
    let sheet = findings_sheet(files, locale);
    let header = sheet.headers.iter().map(|h| h.to_string()).collect::<Vec<_>>();
    records(std::iter::once(header).chain(sheet.rows.iter().map(|row| row.iter().map(|v| v.text()).collect())))
}

/// Records as a CSV file for Excel and WPS: the BOM, then each record quoted by RFC 4180 and
/// ended by CRLF (also `nianbao compare --format csv`).
pub fn records(rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(BOM.to_vec());
    for row in rows {
        w.write_record(&row).map_err(|e| format!("CSV: {e}"))?;
    }
    w.into_inner().map_err(|e| format!("CSV: {}", e.error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Msg, Num, Severity};

    #[test]
    fn bom_header_and_rfc4180_quoting() {
        let text = "标题\n规章\t2\n".to_string();
        let two = text.find('2').unwrap();
        let mut f = Finding::new("t2_plausibility", Severity::Warning, two..two + 1, Msg::new("“规章”, 见 \"附件\"\n第二行", "x"));
        f.stated = Some(Num::from(crate::decimal::Exact::new(25, 1).unwrap()));
        let files = [Checked { path: "a,b.txt".into(), lines: crate::position::LineStarts::new(&text), text, findings: vec![f], ..Default::default() }];
        let out = render(&files, Locale::Zh).unwrap();
        assert!(out.starts_with(BOM));
        let s = std::str::from_utf8(&out[BOM.len()..]).unwrap();
        assert_eq!(
            s,
            "文件,表,表格行,表格列,行号,列号,规则,级别,问题说明,填写值,应为\r\n\
             \"a,b.txt\",,,,2,4,t2_plausibility,警告,\"“规章”, 见 \"\"附件\"\"\n第二行\",2.5,\r\n"
        );
    }

    #[test]
    fn no_findings_is_the_header_alone() {
        let out = render(&[], Locale::En).unwrap();
        assert_eq!(&out[BOM.len()..], b"File,Table,Row,Column,Line,Column no.,Rule,Severity,Message,Stated,Expected\r\n");
    }
}
