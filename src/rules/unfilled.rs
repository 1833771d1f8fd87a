//! `t_unfilled` (information): what is not written yet — a prose section that holds only the
//! placeholder `nianbao new` writes (`【待填写：…】`), and table rows whose figures are not
//! written yet — every value cell
//! of the row empty, as in a report started from last year's (`nianbao new`) or a table pasted
//! in without its numbers. Said once per row, at its label, until a figure is written in it;
//! a row that is partly filled has missing cells instead (`value_blank`, a warning), and the
//! blanks of an unfilled row are not counted there again. Cells that are not the year's own
//! figures do not make a row filled: table 2's stock columns (现行有效件数, 上一年项目数量),
//! which start from last year's report. A table 3 that writes 0 as a blank
//! (`blank_zero`) has no unfilled rows: its blanks are its 0s. A '/' is a statement, not an
//! empty cell.

use crate::finding::{Finding, Msg, Severity};
use crate::model::{Cell, Report, T2Block, T2Row, T3Row, Table4};
use crate::template::{t2_is_stock, ITEM_NUMERALS};
use crate::text::sections::{PLACEHOLDER_MARK, SECTIONS};
use crate::text::CellValue;

fn blank(c: &Cell) -> bool {
    c.value == CellValue::Blank
}

/// Whether table 3's `row` is unfilled: all seven cells there and empty (`zero_blanks`: the
/// table writes 0 as a blank, so nothing in it is unfilled).
pub fn t3_row(row: &T3Row, zero_blanks: bool) -> bool {
    !zero_blanks && row.cells.iter().all(|c| c.as_ref().is_some_and(blank))
}

/// Whether table 2's `row` of `block` is unfilled: every cell of the year's own figures empty
/// (a stock column may hold last year's figure).
pub fn t2_row(block: &T2Block, row: &T2Row) -> bool {
    let own = |k: usize| !block.columns.get(k).is_some_and(|(name, _)| t2_is_stock(block.item, name));
    let mut any = false;
    for (_, c) in row.cells.iter().enumerate().filter(|(k, _)| own(*k)) {
        if !blank(c) {
            return false;
        }
        any = true;
    }
    any
}

/// Whether table 4 (one row of fifteen cells) is unfilled.
pub fn t4(t4: &Table4) -> bool {
    t4.cells.iter().all(|c| c.as_ref().is_some_and(blank))
}

fn finding(at: std::ops::Range<usize>, n: usize, zh: String, en: String) -> Finding {
    Finding::new(
        "t_unfilled",
        Severity::Info,
        at,
        Msg::new(format!("{zh}：本行尚未填写（{n} 个单元格空白）；没有数据请填 0"), format!("{en}: not filled in yet ({n} blank cells); write 0 for none")),
    )
}

/// The `t_unfilled` findings of a report (`text`: its own text).
pub fn check(r: &Report, text: &str, out: &mut Vec<Finding>) {
    for p in &r.paragraphs {
        let (Some(s), Some(body)) = (p.section, text.get(p.span.clone())) else { continue };
        if body.starts_with(PLACEHOLDER_MARK) {
            let sec = &SECTIONS[usize::from(s).min(SECTIONS.len() - 1)];
            out.push(Finding::new(
                "t_unfilled",
                Severity::Info,
                p.span.clone(),
                Msg::new(format!("{}、{}：尚未填写，请将占位文字换成正文", sec.numeral, sec.canonical), format!("Section {}: not written yet; replace the placeholder with the text", sec.numeral)),
            ));
        }
    }
    for b in &r.t2 {
        let item = ITEM_NUMERALS.get(usize::from(b.item).wrapping_sub(1)).copied().unwrap_or('?');
        for row in b.rows.iter().filter(|row| t2_row(b, row)) {
            let n = row.cells.iter().filter(|c| blank(c)).count();
            out.push(finding(row.label_span.clone(), n, format!("表二 · 第二十条第（{item}）项 · {}", row.label), format!("Table 2 · article 20 item {} · {}", b.item, row.label)));
        }
    }
    if let Some(t3) = &r.t3 {
        let zero_blanks = crate::rules::blank_zero::writes_zero_as_blank(t3);
        for row in t3.rows.iter().filter(|row| t3_row(row, zero_blanks)) {
            let label = t3_row_label(row.key);
            out.push(finding(row.label_span.clone(), row.cells.len(), format!("表三 · {label}"), format!("Table 3 · {label}")));
        }
    }
    if let Some(t) = r.t4.as_ref().filter(|t| t4(t)) {
        let at = t.cells.iter().flatten().next().map_or(t.span.clone(), |c| c.span.clone());
        out.push(finding(at, t.cells.len(), "表四".to_string(), "Table 4".to_string()));
    }
}

fn t3_row_label(key: &str) -> &'static str {
    crate::template::t3_row(key).map_or("", |d| d.label)
}

#[cfg(test)]
mod tests {
    use crate::vocab::CheckOptions;

    fn unfilled(text: &str) -> Vec<String> {
        let a = crate::analysis::analyze_report(text, &CheckOptions::default());
        a.findings.iter().filter(|f| f.rule == "t_unfilled").map(|f| text[f.span.clone()].trim().to_string()).collect()
    }

    #[test]
    fn only_rows_without_any_figure_are_unfilled() {
        let text = "2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t\t\t5\n行政规范性文件\t1\t\t3\n\
三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t\t\t\t\t\t\t\n二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n\
四、政府信息公开行政复议、行政诉讼情况\n行政复议\t\t\t\t\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n";
        let got = unfilled(text);
        assert!(got.contains(&"规章".to_string()), "a stock figure alone does not fill a row: {got:?}");
        assert!(!got.contains(&"行政规范性文件".to_string()), "a partly filled row is value_blank's: {got:?}");
        assert!(got.contains(&"一、本年新收政府信息公开申请数量".to_string()), "{got:?}");
        assert!(!got.iter().any(|g| g.starts_with("二、上年结转")), "{got:?}");
    }

    #[test]
    fn the_fixtures_have_no_unfilled_rows() {
        for (path, text) in crate::fixture_texts() {
            assert!(unfilled(&text).is_empty(), "{}", path.display());
        }
    }
}
