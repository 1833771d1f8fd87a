//! Next year's report from last year's: from last year's report text and its model, write the
//! skeleton of the report of the year after (or of a year given), in the same layout and line
//! endings — the title with the new year (last year's wording and agency), the six section
//! headings, every table of the template the new year calls for with every label (from
//! `template`), table 3's 二、上年结转 filled per column from last year's 四、结转下年度继续办理
//! and table 2's stock columns from last year's (`template::T2_STOCKS`), every other figure
//! blank, and a one-line placeholder (`text::sections::PLACEHOLDER_MARK`) in each prose
//! section. The CLI (`nianbao new`) and the language server (`nianbao.newReport`) both write
//! with it; what is left to fill is then `t_unfilled` information.

pub mod layout;

use crate::finding::Msg;
use crate::model::Report;
use crate::rules::blank_zero;
use crate::template::{expected_template, t3_rows, T2_BLOCKS, T2_STOCKS, T3Role, T3_COLS, T3_GROUPS, T3_HEADER_CELLS, T4_COLS, T4_GROUP_LABELS, ITEM_NUMERALS};
use crate::text::sections::{PLACEHOLDER_MARK, SECTIONS};
use crate::vocab::{CheckOptions, TemplateId};
pub use layout::{Layout, Row};

/// A figure written from last year's report into the new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carried {
    /// 2 or 3.
    pub table: u8,
    /// Table 3: the row key (`carry_in`); table 2: the row label.
    pub row: &'static str,
    pub column: &'static str,
    pub value: i64,
}

/// Next year's report as written.
#[derive(Clone, Debug)]
pub struct Skeleton {
    pub text: String,
    /// The new report's year.
    pub year: i32,
    /// Last year's report's year, when its title gives one.
    pub last_year: Option<i32>,
    pub template: TemplateId,
    pub layout: Layout,
    /// The figures carried from last year's report (none when the years do not follow each
    /// other).
    pub carried: Vec<Carried>,
}

/// The placeholder line of the prose sections (section index, template or both, what belongs
/// there: spec §1.1, §1.2 and §1.7).
const PLACEHOLDERS: &[(u8, Option<TemplateId>, &str)] = &[
    (0, None, "本机关政府信息公开工作总体情况：主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等方面"),
    (4, None, "政府信息公开工作存在的主要问题及改进情况（改进措施）"),
    (5, Some(TemplateId::T2021), "其他需要报告的事项：收取信息处理费的情况（未收取也请写明）、落实上级年度政务公开工作要点情况、人大代表建议和政协提案办理结果公开情况、年度政务公开工作创新情况等"),
    (5, Some(TemplateId::T2019), "其他需要报告的事项"),
];

/// Write next year's report from `text`, which holds last year's (its first report is used).
/// `year` is the new report's year; without it, the year after last year's title year.
/// Errors: `text` holds no report; no year is given and the title names none; `year` is not
/// after last year's.
pub fn from_text(text: &str, opts: &CheckOptions, year: Option<i32>) -> Result<Skeleton, Msg> {
    let reports = crate::analysis::map_reports(text, opts, |off, a| (off, a.report));
    let Some((i, (off, last))) = reports.iter().enumerate().find(|(_, (_, r))| r.is_report) else {
        return Err(Msg::new("上年报告中没有找到政府信息公开工作年度报告", "no annual report was found in last year's file"));
    };
    let end = reports.get(i + 1).map_or(text.len(), |(o, _)| *o);
    from_report(&text[*off..end], last, year, newline(text))
}

/// `from_text` of one report already read: `text` is the report's own text, `report` its model.
pub fn from_report(text: &str, report: &Report, year: Option<i32>, nl: &str) -> Result<Skeleton, Msg> {
    let last_year = report.year.as_ref().map(|y| y.0);
    let year = match (year, last_year) {
        (Some(y), Some(l)) if y <= l => {
            return Err(Msg::new(format!("新报告的年度 {y} 应晚于上年报告的年度 {l}"), format!("the new report's year {y} must be after last year's report's {l}")));
        }
        (Some(y), _) => y,
        (None, Some(l)) => l + 1,
        (None, None) => return Err(Msg::new("上年报告的标题中没有年度：请用 --year 指定新报告的年度", "last year's title names no year: give the new report's year (--year)")),
    };
    if !(1000..=9999).contains(&year) {
        return Err(Msg::new(format!("年度 {year} 不是四位数"), format!("year {year} is not four digits")));
    }
    // Figures are carried only into the year right after last year's (or when last year's
    // report names no year and the new year was given).
    let carry = last_year.is_none_or(|l| l + 1 == year);
    let template = expected_template(year);
    let layout = layout::detect(text, report);
    let mut s = Skeleton { text: String::new(), year, last_year, template, layout, carried: Vec::new() };
    let mut out = title(text, report, year);
    out.push_str(nl);
    out.push_str(nl);
    let hashes = heading_prefix(text, report);
    for (k, sec) in SECTIONS.iter().enumerate() {
        out.push_str(&format!("{hashes}{}、{}{nl}", sec.numeral, sec.canonical));
        let rows = match k {
            1 => table2(template, report, carry, &mut s.carried),
            2 => vec![table3(template, report, carry, &mut s.carried)],
            3 => vec![table4()],
            _ => {
                if let Some((_, _, what)) = PLACEHOLDERS.iter().find(|(sec, t, _)| usize::from(*sec) == k && t.is_none_or(|t| t == template)) {
                    out.push_str(&format!("{PLACEHOLDER_MARK}{what}】{nl}"));
                }
                continue;
            }
        };
        for grid in &rows {
            layout::write(layout, grid, nl, &mut out);
        }
        out.push_str(nl);
    }
    s.text = out;
    Ok(s)
}

/// Table `n` (2, 3 or 4) of `template` with every figure blank, written in `layout` with `nl`
/// line ends: what completion inserts where a report lacks the table. `None` for another `n`.
pub fn empty_table(n: u8, template: TemplateId, layout: Layout, nl: &str) -> Option<String> {
    let none = Report::default();
    let mut carried = Vec::new();
    let grids = match n {
        2 => table2(template, &none, false, &mut carried),
        3 => vec![table3(template, &none, false, &mut carried)],
        4 => vec![table4()],
        _ => return None,
    };
    let mut out = String::new();
    for grid in &grids {
        layout::write(layout, grid, nl, &mut out);
    }
    Some(out)
}

/// The line ending `text` uses (CRLF when it has one).
pub fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// Last year's title lines with the year replaced (in the same digits, ASCII or full-width);
/// a plain title with the new year when last year's report has none.
fn title(text: &str, report: &Report, year: i32) -> String {
    let (Some(span), Some((_, at))) = (&report.title_span, &report.year) else {
        return format!("{year}年政府信息公开工作年度报告");
    };
    let (Some(before), Some(written), Some(after)) = (text.get(span.start..at.start), text.get(at.clone()), text.get(at.end..span.end)) else {
        return format!("{year}年政府信息公开工作年度报告");
    };
    let wide = written.starts_with(|c: char| ('０'..='９').contains(&c));
    let digits: String = year.to_string().chars().map(|c| if wide { char::from_u32(c as u32 + 0xfee0).unwrap_or(c) } else { c }).collect();
    format!("{before}{digits}{after}")
}

/// The Markdown heading marks (`## `) before last year's first section heading, if any.
fn heading_prefix(text: &str, report: &Report) -> String {
    let line = report.headings.first().and_then(|h| text.get(h.span.clone())).unwrap_or("");
    let hashes = line.trim_start().chars().take_while(|&c| c == '#').count();
    if hashes == 0 {
        String::new()
    } else {
        format!("{} ", "#".repeat(hashes))
    }
}

fn cells(n: usize) -> impl Iterator<Item = String> {
    std::iter::repeat_n(String::new(), n)
}

/// Table 2 of `template`, a grid per 第二十条 item: caption, header, rows; the stock columns
/// filled from last year's table 2 when both years use the same template.
fn table2(template: TemplateId, last: &Report, carry: bool, carried: &mut Vec<Carried>) -> Vec<Vec<Row>> {
    let mut grids = Vec::new();
    for def in T2_BLOCKS.iter().filter(|b| b.template == template) {
        let numeral = ITEM_NUMERALS.get(usize::from(def.item) - 1).copied().unwrap_or('?');
        let mut grid = vec![Row::header(vec![format!("第二十条第（{numeral}）项")]), Row::header(std::iter::once("信息内容".to_string()).chain(def.columns.iter().map(|(c, _)| c.to_string())).collect())];
        for row in def.rows {
            let mut line = vec![row.to_string()];
            for (col, _) in def.columns {
                let stock = T2_STOCKS.iter().find(|s| s.template == template && s.item == def.item && s.column == *col);
                let value = stock.filter(|_| carry && last.template == Some(template)).and_then(|s| {
                    let block = last.t2_block(def.item)?;
                    s.from.iter().try_fold(0i64, |sum, from| sum.checked_add(block.int_at(row, from)?.0))
                });
                if let Some(v) = value {
                    carried.push(Carried { table: 2, row, column: col, value: v });
                }
                line.push(value.map_or(String::new(), |v| v.to_string()));
            }
            grid.push(Row { cells: line, labels: 1 });
        }
        grids.push(grid);
    }
    grids
}

/// Table 3 of `template`: the header, and a row per template row with three label columns
/// (section row, group or outcome, item); 二、上年结转 holds last year's 结转下年度 per column.
fn table3(template: TemplateId, last: &Report, carry: bool, carried: &mut Vec<Carried>) -> Vec<Row> {
    let labels = 3;
    let mut grid = vec![
        Row::header(std::iter::once(T3_HEADER_CELLS[0].to_string()).chain(cells(labels - 1)).chain(std::iter::once(T3_HEADER_CELLS[1].to_string())).collect()),
        Row::header(cells(labels).chain([T3_COLS[0].to_string(), T3_HEADER_CELLS[2].to_string()]).chain(cells(4)).chain(std::iter::once(T3_COLS[6].to_string())).collect()),
        Row::header(cells(labels + 1).chain(T3_COLS[1..6].iter().map(|c| c.to_string())).collect()),
    ];
    let carry_out = if carry { carry_out(last) } else { [None; 7] };
    let (mut outcomes, mut group) = (false, None);
    for def in t3_rows(template) {
        let mut row: Vec<String> = Vec::with_capacity(labels + T3_COLS.len());
        match (def.role, def.group) {
            (T3Role::Leaf | T3Role::Total, g) => {
                row.push(if outcomes { String::new() } else { T3_GROUPS[0].to_string() });
                outcomes = true;
                match g {
                    Some(g) => {
                        row.push(if group == Some(g) { String::new() } else { g.to_string() });
                        row.push(def.label.to_string());
                    }
                    None => row.extend([def.label.to_string(), String::new()]),
                }
                group = g;
            }
            _ => row.extend(std::iter::once(def.label.to_string()).chain(cells(labels - 1))),
        }
        for (c, col) in T3_COLS.iter().enumerate() {
            let value = carry_out[c].filter(|_| def.role == T3Role::CarryIn);
            if let Some(v) = value {
                carried.push(Carried { table: 3, row: def.key, column: col, value: v });
            }
            row.push(value.map_or(String::new(), |v| v.to_string()));
        }
        grid.push(Row { cells: row, labels });
    }
    grid
}

/// Last year's 四、结转下年度继续办理 per column: its whole numbers, a table that writes 0 as a
/// blank read as the arithmetic reads it (its blanks are 0s).
fn carry_out(last: &Report) -> [Option<i64>; 7] {
    let Some(t3) = &last.t3 else { return [None; 7] };
    let effective;
    let t3 = if blank_zero::writes_zero_as_blank(t3) {
        effective = blank_zero::effective(t3);
        &effective
    } else {
        t3
    };
    let row = t3.row("carry_out");
    std::array::from_fn(|c| row.and_then(|r| r.cells[c].as_ref()).and_then(|c| c.value.int()))
}

/// Table 4: 行政复议 and 行政诉讼, the two kinds of 行政诉讼, the five columns of each group,
/// and the row of fifteen figures, all blank.
fn table4() -> Vec<Row> {
    let n = T4_COLS.len();
    let split = |g: &str| g.split_once('/').map_or((g.to_string(), String::new()), |(a, b)| (a.to_string(), b.to_string()));
    let (review, _) = split(T4_GROUP_LABELS[0]);
    let (suit, direct) = split(T4_GROUP_LABELS[1]);
    let (_, after) = split(T4_GROUP_LABELS[2]);
    vec![
        Row::header(std::iter::once(review).chain(cells(n - 1)).chain(std::iter::once(suit)).collect()),
        Row::header(cells(n).chain(std::iter::once(direct)).chain(cells(n - 1)).chain(std::iter::once(after)).collect()),
        Row::header((0..T4_GROUP_LABELS.len()).flat_map(|_| T4_COLS.iter().map(|c| c.to_string())).collect()),
        Row { cells: cells(n * T4_GROUP_LABELS.len()).collect(), labels: 0 },
    ]
}

/// The file name of next year's report beside `last_name` (a file name without folders): last
/// year's year in it replaced by `year` (its last occurrence), else `_{year}` added before the
/// extension; a text or Markdown name keeps its extension, others (`.docx`, `.html`, `.pdf`…)
/// become `.txt`, since the skeleton is text.
pub fn file_name(last_name: &str, last_year: Option<i32>, year: i32) -> String {
    let (stem, ext) = match last_name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, e),
        _ => (last_name, ""),
    };
    let ext = if ["txt", "md", "markdown"].contains(&ext.to_ascii_lowercase().as_str()) { ext } else { "txt" };
    let stem = match last_year.map(|y| y.to_string()).and_then(|y| stem.rfind(&y).map(|i| (i, y.len()))) {
        Some((i, len)) => format!("{}{year}{}", &stem[..i], &stem[i + len..]),
        None => format!("{stem}_{year}"),
    };
    format!("{stem}.{ext}")
}

#[cfg(test)]
mod tests;
