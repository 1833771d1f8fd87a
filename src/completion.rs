//! What may be written next at a place of a report, from the template's data: at the start of a
//! line inside table 2 or 3, the labels of the rows the table (or its 第二十条 block) does not
//! have yet, in template order; at the start of a line outside them (or after a complete
//! table), the heading of the section that follows the one above when the report lacks it. The
//! language server turns these into completion items; the text
//! inserted is always the template's Chinese wording, the description follows the locale.

use crate::finding::Msg;
use crate::model::Report;
use crate::template::{expected_template, t2_block, t3_rows, T3_ROWS};
use crate::text::sections::SECTIONS;
use crate::vocab::TemplateId;
use std::ops::Range;

/// What an item completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// A table row's label.
    Row,
    /// A section heading.
    Heading,
    /// A whole empty table (2, 3 or 4) in the report's layout.
    Table,
}

/// One completion: the text that replaces `replace` (report-relative), what it is and a short
/// description in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    pub replace: Range<usize>,
    pub what: What,
    pub detail: Msg,
}

/// The start of the line `pos` is on, and where what is typed of its label starts: past
/// indentation, a Markdown row's `|` and the empty cells a row of a grouped table begins with
/// (`\t\t2.重复申请`); `None` when the cursor is past the label, in a cell after it.
fn first_cell(text: &str, pos: usize) -> Option<(usize, usize)> {
    let line = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line..pos];
    let lead = before.len() - before.trim_start_matches([' ', '\u{3000}', '|', '\t']).len();
    let typed = &before[lead..];
    if typed.contains(['\t', '|']) || typed.contains("  ") {
        return None;
    }
    Some((line, line + lead))
}

/// The report's template: as detected, else the one its year calls for, else 2021.
fn template(r: &Report) -> TemplateId {
    r.template.or_else(|| r.year.as_ref().map(|y| expected_template(y.0))).unwrap_or(TemplateId::T2021)
}

/// Which table (2 or 3) the line starting at `line` belongs to: inside its span, or the first
/// line after it (a row being added at the end).
fn table_at(r: &Report, text: &str, line: usize) -> Option<u8> {
    r.table_places.iter().find_map(|(n, _, span)| {
        let after = span.end <= line && text[span.end..line].chars().all(|c| c == '\n' || c == '\r');
        ((span.start <= line && line <= span.end) || after).then_some(*n)
    })
}

/// Completions at report-relative byte `pos` of a report whose text is `text`.
pub fn complete(r: &Report, text: &str, pos: usize) -> Vec<Item> {
    if !r.is_report || pos > text.len() || !text.is_char_boundary(pos) {
        return Vec::new();
    }
    let Some((line, typed)) = first_cell(text, pos) else { return Vec::new() };
    let replace = typed..pos;
    let t = template(r);
    let rows = match table_at(r, text, line) {
        Some(3) => t3_missing(r, t, replace.clone()),
        Some(2) => t2_missing(r, t, line, replace.clone()),
        _ => Vec::new(),
    };
    // Inside a complete table, or on the line after it: the next heading may come, and in a
    // section whose table is missing, the whole table.
    if rows.is_empty() {
        let mut out: Vec<Item> = next_heading(r, line, replace.clone()).into_iter().collect();
        out.extend(missing_table(r, text, t, line, replace));
        return out;
    }
    rows
}

fn t3_missing(r: &Report, t: TemplateId, replace: Range<usize>) -> Vec<Item> {
    let Some(t3) = &r.t3 else { return Vec::new() };
    let year = if t == TemplateId::T2019 { "2019" } else { "2021" };
    // A 2021 report that prints （六）其他处理 as one row (accepted, with a structure warning)
    // is not offered its three parts.
    let merged_other = t3.row("other").is_some();
    t3_rows(t)
        .filter(|d| t3.row(d.key).is_none() && !(merged_other && d.key.starts_with("other_")))
        .map(|d| {
            let n = T3_ROWS.iter().filter(|x| x.in_template(t)).position(|x| x.key == d.key).map_or(0, |i| i + 1);
            let group = d.group.map(|g| format!("{g} · ")).unwrap_or_default();
            Item {
                text: d.label.to_string(),
                replace: replace.clone(),
                what: What::Row,
                detail: Msg::new(format!("表三 {group}第 {n} 行（{year} 年模板）"), format!("Table 3, row {n} of the {year} template")),
            }
        })
        .collect()
}

fn t2_missing(r: &Report, t: TemplateId, line: usize, replace: Range<usize>) -> Vec<Item> {
    // The block the line is in: the last whose caption is above it.
    let Some(block) = r.t2.iter().rfind(|b| b.caption_span.start <= line) else { return Vec::new() };
    let Some(def) = t2_block(t, block.item) else { return Vec::new() };
    let item = crate::template::ITEM_NUMERALS.get(usize::from(block.item).saturating_sub(1)).copied().unwrap_or('一');
    def.rows
        .iter()
        .filter(|label| block.row(label).is_none())
        .map(|label| Item {
            text: label.to_string(),
            replace: replace.clone(),
            what: What::Row,
            detail: Msg::new(format!("表二 第二十条第（{item}）项"), format!("Table 2, article 20 item ({})", block.item)),
        })
        .collect()
}

/// In section 二, 三 or 四 (the last heading above `line`) of a report without that section's
/// table: the table, every figure blank, in the layout the report's other tables use.
fn missing_table(r: &Report, text: &str, t: TemplateId, line: usize, replace: Range<usize>) -> Option<Item> {
    let section = r.headings.iter().filter(|h| h.span.start < line).max_by_key(|h| h.span.start)?.section;
    let n = match section {
        1 => 2,
        2 => 3,
        3 => 4,
        _ => return None,
    };
    let has = match n {
        2 => !r.t2.is_empty(),
        3 => r.t3.is_some(),
        _ => r.t4.is_some(),
    };
    if has {
        return None;
    }
    let layout = crate::nextyear::layout::detect(text, r);
    let body = crate::nextyear::empty_table(n, t, layout, crate::nextyear::newline(text))?;
    let name = ["表二", "表三", "表四"][usize::from(n - 2)];
    let year = if t == TemplateId::T2019 { "2019" } else { "2021" };
    Some(Item {
        text: body,
        replace,
        what: What::Table,
        detail: Msg::new(format!("{name}（空表，{year} 年模板）"), format!("table {n}, empty ({year} template)")),
    })
}

/// The section after the last heading above `line`, when the report does not have it.
fn next_heading(r: &Report, line: usize, replace: Range<usize>) -> Option<Item> {
    let above = r.headings.iter().filter(|h| h.span.start < line).map(|h| h.section as usize).max();
    let from = above.map_or(0, |s| s + 1);
    let s = SECTIONS.get(from).filter(|_| !r.headings.iter().any(|h| h.section as usize == from))?;
    let i = from;
    Some(Item {
        text: format!("{}、{}", s.numeral, s.canonical),
        replace,
        what: What::Heading,
        detail: Msg::new(format!("第{}部分标题", s.numeral), format!("heading of section {}", i + 1)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::CheckOptions;

    fn report(text: &str) -> Report {
        crate::analysis::analyze_report(text, &CheckOptions::default()).report
    }

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
    }

    /// 010 without its 2.重复申请 row: at the start of the empty line left, that label (and only
    /// the missing ones) is offered, in template order.
    #[test]
    fn missing_table_3_rows_in_template_order() {
        let text = fixture("010_hongze_2024.txt");
        // 010's row is 「\t\t2.重复申请\t0\t…」: the label after the group's empty cells.
        let row = text.lines().find(|l| l.contains("2.重复申请")).expect("row").to_string();
        let cut = text.replacen(&format!("{row}\n"), "\t\t\n", 1);
        let at = cut.find("1.信访举报投诉类申请").expect("row above");
        let at = at + cut[at..].find('\n').unwrap() + 1 + 2;
        let items = complete(&report(&cut), &cut, at);
        let labels: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(labels, ["2.重复申请"], "{items:?}");
        assert_eq!(items[0].what, What::Row);
        assert!(items[0].detail.zh.contains("（五）不予处理"), "{:?}", items[0].detail);
        // Typed so far: replaced, not doubled.
        let typed = format!("{}2.重", &cut[..at]);
        let typed = format!("{typed}{}", &cut[at..]);
        let items = complete(&report(&typed), &typed, at + "2.重".len());
        assert_eq!(items[0].replace, at..at + "2.重".len());
        // Past the first cell: nothing.
        let tab = text.find("一、本年新收政府信息公开申请数量\t").unwrap() + "一、本年新收政府信息公开申请数量\t".len();
        assert!(complete(&report(&text), &text, tab).is_empty());
    }

    /// 010 without its section 五 heading: on an empty line before 六, 五 is next.
    #[test]
    fn the_next_missing_heading() {
        let text = fixture("010_hongze_2024.txt");
        let five = text.lines().find(|l| l.starts_with("五、")).expect("heading 五").to_string();
        let six = text.lines().find(|l| l.starts_with("六、")).expect("heading 六").to_string();
        let cut = text.replacen(&format!("{five}\n"), "", 1).replacen(&format!("{six}\n"), &format!("\n{six}\n"), 1);
        let at = cut.find(&format!("\n{six}")).expect("the empty line");
        let items = complete(&report(&cut), &cut, at);
        assert_eq!(items.len(), 1, "{items:?}");
        assert_eq!((items[0].what, items[0].text.as_str()), (What::Heading, "五、存在的主要问题及改进情况"));
        // With every heading there, nothing.
        assert!(complete(&report(&text), &text, text.find(&six).unwrap()).is_empty());
    }

    /// 010 with section 四 emptied: on its empty line, table 4 whole, in 010's layout (a row a
    /// line); inserted, the report has its table 4 again.
    #[test]
    fn a_missing_table_whole() {
        let text = fixture("010_hongze_2024.txt");
        let four = text.find("\n四、政府信息公开行政复议").expect("四") + 1;
        let body = four + text[four..].find('\n').unwrap() + 1;
        let five = text.find("\n五、").expect("五") + 1;
        let cut = format!("{}\n{}", &text[..body], &text[five..]);
        let r = report(&cut);
        assert!(r.t4.is_none());
        let items = complete(&r, &cut, body);
        let table = items.iter().find(|i| i.what == What::Table).expect("table 4 offered");
        assert_eq!(table.detail.zh, "表四（空表，2021 年模板）");
        assert!(table.text.lines().all(|l| !l.is_empty()) && table.text.contains("结果维持\t结果纠正"), "{}", table.text);
        let filled = format!("{}{}{}", &cut[..body], table.text, &cut[body..]);
        assert!(report(&filled).t4.is_some(), "{filled}");
        // With the table there, no table is offered.
        assert!(complete(&report(&text), &text, body).iter().all(|i| i.what != What::Table));
    }
}
