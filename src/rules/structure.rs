//! Structure rules: the six sections present, numbered and in order; tables 2, 3 and 4
//! present under their sections with the template's rows; labels as the template words them;
//! the template matching the report year; the title naming the 年度报告.

use crate::finding::{Edit, Finding, Msg, Severity};
use crate::model::Report;
use crate::rules::T3Rows;
use crate::template::{expected_template, T2_BLOCKS};
use crate::text::sections::SECTIONS;
use crate::vocab::TemplateId;

fn numeral(s: u8) -> char {
    SECTIONS[s as usize].numeral
}

fn sections(r: &Report, out: &mut Vec<Finding>) {
    let head = r.title_span.clone().unwrap_or(0..0);
    for h in &r.headings {
        let s = &SECTIONS[h.section as usize];
        if !h.numeral {
            out.push(Finding::new("structure_heading_numeral", Severity::Warning, h.span.clone(), Msg::new(format!("部分标题缺少序号，应为“{}、{}”", s.numeral, s.canonical), format!("Section heading lacks its numeral; expected “{}、{}”", s.numeral, s.canonical))));
        } else if !h.numeral_ok {
            out.push(Finding::new("structure_heading_numeral", Severity::Warning, h.span.clone(), Msg::new(format!("部分标题序号有误，应为“{}、{}”", s.numeral, s.canonical), format!("Wrong numeral; expected “{}、{}”", s.numeral, s.canonical))));
        }
    }
    let mut last: Option<u8> = None;
    for h in &r.headings {
        if let Some(l) = last {
            if h.section < l {
                out.push(Finding::new("structure_section_order", Severity::Error, h.span.clone(), Msg::new(format!("“{}、{}”应在“{}、”之前", numeral(h.section), SECTIONS[h.section as usize].canonical, numeral(l)), format!("Section {} must come before section {}", numeral(h.section), numeral(l)))));
            }
        }
        last = Some(last.map_or(h.section, |l| l.max(h.section)));
    }
    for (i, s) in SECTIONS.iter().enumerate() {
        if !r.headings.iter().any(|h| h.section as usize == i) {
            let at = r.headings.iter().find(|h| h.section as usize > i).map_or(head.clone(), |h| h.span.clone());
            out.push(Finding::new("structure_missing_section", Severity::Error, at, Msg::new(format!("缺少第{}部分“{}、{}”", s.numeral, s.numeral, s.canonical), format!("Missing section {}、{}", s.numeral, s.canonical))));
        }
    }
}

fn tables(r: &Report, rows: &T3Rows<'_>, t: Option<TemplateId>, out: &mut Vec<Finding>) {
    let head = r.title_span.clone().unwrap_or(0..0);
    let at_section = |s: u8| r.headings.iter().find(|h| h.section == s).map_or(head.clone(), |h| h.span.clone());
    // A table not found is missing only when nothing table-like stands in its section either.
    let missing = |table: u8, msg: Msg| match r.unknown_tables.iter().find(|(s, _)| *s == Some(table - 1)) {
        Some((_, span)) => unreadable_table(table, span.start),
        None => Finding::new("structure_missing_table", Severity::Error, at_section(table - 1), msg),
    };
    if r.t2.is_empty() {
        out.push(missing(2, Msg::new("缺少表二（主动公开政府信息情况统计表）", "Table 2 (proactive disclosure) is missing")));
    }
    match &r.t3 {
        None => out.push(missing(3, Msg::new("缺少表三（收到和处理政府信息公开申请情况统计表）", "Table 3 (applications) is missing"))),
        Some(t3) if t3.rows.is_empty() => out.push(unreadable_table(3, t3.span.start)),
        Some(t3) => {
            if let Some(t) = t {
                let single_six = rows.get(T3Rows::OTHER);
                for (def, row) in rows.by_def().filter(|(def, _)| def.in_template(t)) {
                    let six_sub = def.key.starts_with("other_");
                    if row.is_some() || (six_sub && single_six.is_some()) {
                        continue;
                    }
                    if def.key == "other" && T3Rows::OTHER_PARTS.iter().all(|&i| rows.get(i).is_some()) {
                        continue;
                    }
                    out.push(Finding::new("structure_missing_row", Severity::Warning, t3.span.start..t3.span.start, Msg::new(format!("表三缺少“{}”行", def.label), format!("Table 3 lacks the row “{}”", def.label))));
                }
                if t == TemplateId::T2021 {
                    if let Some(row) = single_six {
                        out.push(Finding::new("label_variant", Severity::Warning, row.label_span.clone(), Msg::new("2021年模板中“（六）其他处理”分为三行（逾期不补正、逾期未缴费、其他）", "In the 2021 template （六）其他处理 has three sub-rows")));
                    }
                }
            }
        }
    }
    if r.t4.is_none() {
        match r.table_places.iter().find(|p| p.0 == 4) {
            // Its header is there, or a data row that could not be read.
            Some((_, _, span)) => out.push(unreadable_table(4, span.start)),
            None => out.push(missing(4, Msg::new("缺少表四（行政复议、行政诉讼情况统计表）或其数据行", "Table 4 (reviews and lawsuits) or its data row is missing"))),
        }
    }
    for (table, span) in &r.unreadable {
        let n = table_numeral(*table);
        out.push(Finding::new(
            "table_row_unreadable",
            Severity::Warning,
            span.clone(),
            Msg::new(format!("表{n}此行的数字少于栏目数，无法确定各数字属于哪一栏（空白单元格可能在复制时丢失），本行未核对；请补全空白单元格（如填 0）或使用制表符分隔"), format!("This table-{table} row has fewer numbers than columns, so they cannot be assigned to columns (blank cells may have been lost in copying); the row is not checked. Fill the blank cells (e.g. with 0) or separate cells with TABs")),
        ));
    }
    // Table 2 blocks and rows of the template.
    if let (Some(t), false) = (t, r.t2.is_empty()) {
        for def in T2_BLOCKS.iter().filter(|d| d.template == t) {
            let Some(b) = r.t2_block(def.item) else {
                out.push(Finding::new("structure_missing_row", Severity::Warning, r.t2[0].caption_span.start..r.t2[0].caption_span.start, Msg::new(format!("表二缺少“第二十条第（{}）项”", "一二三四五六七八九".chars().nth(def.item as usize - 1).unwrap_or('?')), format!("Table 2 lacks the block for article 20 item {}", def.item))));
                continue;
            };
            for label in def.rows {
                if b.row(label).is_none() {
                    out.push(Finding::new("structure_missing_row", Severity::Warning, b.caption_span.clone(), Msg::new(format!("表二缺少“{label}”行"), format!("Table 2 lacks the row “{label}”"))));
                }
            }
            for row in &b.rows {
                if !def.rows.contains(&row.label) {
                    if let Some(canonical) = def.rows.iter().find(|l| l.ends_with(row.label) || row.label.ends_with(*l)) {
                        let mut f = Finding::new("label_variant", Severity::Warning, row.label_span.clone(), Msg::new(format!("{}年模板中此行为“{canonical}”", t.as_str()), format!("The {} template calls this row “{canonical}”", t.as_str())));
                        f.fix = Some(Edit { range: row.label_span.clone(), new_text: canonical.to_string() });
                        out.push(f);
                    }
                }
            }
        }
    }
    for issue in &r.label_issues {
        let mut f = Finding::new("label_variant", Severity::Warning, issue.span.clone(), Msg::new(format!("标签与模板不一致，模板为“{}”", issue.canonical), format!("Label differs from the template: “{}”", issue.canonical)));
        // A label on one line can be rewritten to the template's wording.
        if issue.found.len() == issue.span.len() {
            f.fix = Some(Edit { range: issue.span.clone(), new_text: issue.canonical.to_string() });
        }
        out.push(f);
    }
    for (table, section, span) in &r.table_places {
        let want = table - 1;
        if let Some(s) = section {
            if *s != want && r.headings.iter().any(|h| h.section == want) {
                out.push(Finding::new("structure_table_place", Severity::Warning, span.start..span.start, Msg::new(format!("表{}应位于第{}部分下", table_numeral(*table), numeral(want)), format!("Table {table} belongs under section {}", numeral(want)))));
            }
        }
    }
}

fn table_numeral(table: u8) -> char {
    "零一二三四".chars().nth(usize::from(table)).unwrap_or('?')
}

/// A table whose heading or labels are there but whose cells cannot be read.
fn unreadable_table(table: u8, at: usize) -> Finding {
    let n = table_numeral(table);
    Finding::new("table_unreadable", Severity::Warning, at..at, Msg::new(format!("找到了表{n}的表头或标签，但无法读取其单元格，表{n}未核对"), format!("Table {table}'s header or labels are here but its cells cannot be read; table {table} is not checked")))
}

fn template(r: &Report, out: &mut Vec<Finding>) {
    let (m19, m21) = (&r.markers_2019, &r.markers_2021);
    if !m19.is_empty() && !m21.is_empty() {
        let minority = if m21.len() >= m19.len() { &m19[0] } else { &m21[0] };
        out.push(Finding::new("template_mixed", Severity::Error, minority.clone(), Msg::new("表二混用了2019年试行模板和2021年修订模板的栏目", "Table 2 mixes columns of the 2019 and 2021 templates")));
    }
    let (Some(t), Some((year, yspan))) = (r.template, r.year.clone()) else { return };
    let at = r.markers_2019.first().or(r.markers_2021.first()).cloned().unwrap_or(yspan);
    match (t, expected_template(year)) {
        (TemplateId::T2019, TemplateId::T2021) => out.push(Finding::new("template_mismatch", Severity::Error, at, Msg::new(format!("{year}年度报告使用了旧模板（2019年试行格式），应使用国办公开办函〔2021〕30号印发的格式"), format!("A {year} report uses the old 2019 trial template; use the 2021 revised format")))),
        (TemplateId::T2021, TemplateId::T2019) if year <= 2020 => out.push(Finding::new("template_mismatch", Severity::Warning, at, Msg::new(format!("{year}年度报告使用了2021年修订模板，当年应使用2019年试行格式"), format!("A {year} report uses the 2021 template, which was issued later")))),
        _ => {}
    }
}

fn title(r: &Report, out: &mut Vec<Finding>) {
    let at = r.title_span.clone().unwrap_or(0..0);
    if !r.title.contains("年度报告") && !r.title.contains("年报") {
        out.push(Finding::new("title_format", Severity::Warning, at.clone(), Msg::new("标题应为“××××年…政府信息公开工作年度报告”", "The title should read “YYYY年…政府信息公开工作年度报告”")));
    }
    if r.year.is_none() {
        out.push(Finding::new("title_format", Severity::Warning, at.clone(), Msg::new("标题中未找到报告年度（如“2023年”）", "No report year (e.g. 2023年) found in the title")));
    }
    // A title that names no agency (with its place) leaves the report unpaired across years.
    if r.title_span.is_some() {
        if let Err(unknown) = r.agency_read().as_ref() {
            out.push(Finding::new("title_agency_unknown", Severity::Info, at, unknown.message()));
        }
    }
}

/// The structure findings of a report whose table-3 rows are `rows`.
pub fn check(r: &Report, rows: &T3Rows<'_>, out: &mut Vec<Finding>) {
    sections(r, out);
    tables(r, rows, r.template, out);
    template(r, out);
    title(r, out);
}
