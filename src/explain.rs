//! What the surfaces say about a cell or a finding, in the user's language: hover text (for a
//! table number, its table, row and column and every equation it takes part in, with the values
//! and ✓/✗, e.g. `总计 应为 41 = 自然人 36 + 商业企业 5 + … ✓`; for a narrative number that a
//! rule compares with a table, the table's value) and the titles of fixes (`将总计改为 41`,
//! `填写本文件全部总计`). The language server and the browser page both show these.

use crate::analysis::Analysis;
use crate::finding::{Finding, FixKind, Locale};
use crate::model::{Cell, ClaimKind, Report};
use crate::rules::arithmetic::{terms_text, Equation};
use crate::template::{t3_row, T3_COLS, T4_COLS, T4_GROUP_LABELS};

fn within(c: &Cell, pos: usize) -> bool {
    c.span.start <= pos && pos <= c.span.end
}

/// Where a table cell sits in a report: the table's number (2, 3 or 4), its row and its
/// column, as the template names them (table 4 has one row of figures: its row is the group,
/// 行政复议 or a 行政诉讼 branch). For lists of findings (the CLI's workbook) and hovers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellPlace {
    pub table: u8,
    pub row: String,
    /// Empty when a table-2 block names no column for the cell.
    pub column: String,
}

impl CellPlace {
    /// `表三 · （七）总计 · 总计`, as hovers title a cell.
    pub fn title(&self) -> String {
        let table = match self.table {
            2 => "表二",
            3 => "表三",
            _ => "表四",
        };
        if self.column.is_empty() {
            format!("{table} · {}", self.row)
        } else {
            format!("{table} · {} · {}", self.row, self.column)
        }
    }
}

/// The table cell at report-relative byte `pos` (inside or at either end of its span; a blank
/// cell's span is where its value would be written) and its place.
pub fn cell_place(r: &Report, pos: usize) -> Option<(CellPlace, &Cell)> {
    let place = |table: u8, row: &str, column: &str| CellPlace { table, row: row.to_string(), column: column.to_string() };
    if let Some(t3) = &r.t3 {
        for row in &t3.rows {
            for (c, cell) in row.cells.iter().enumerate() {
                if let Some(cell) = cell.as_ref().filter(|x| within(x, pos)) {
                    return Some((place(3, t3_row(row.key).map_or("", |d| d.label), T3_COLS[c]), cell));
                }
            }
        }
    }
    if let Some(t4) = &r.t4 {
        for (k, cell) in t4.cells.iter().enumerate() {
            if let Some(cell) = cell.as_ref().filter(|x| within(x, pos)) {
                return Some((place(4, T4_GROUP_LABELS[k / 5], T4_COLS[k % 5]), cell));
            }
        }
    }
    for b in &r.t2 {
        for row in &b.rows {
            for (k, cell) in row.cells.iter().enumerate() {
                if within(cell, pos) {
                    return Some((place(2, row.label, b.columns.get(k).map_or("", |c| &*c.0)), cell));
                }
            }
        }
    }
    None
}

fn equation_line(e: &Equation, locale: Locale) -> String {
    let en = locale == Locale::En;
    let mark = match e.holds() {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "？",
    };
    let show = |v: Option<i64>| v.map_or("?".to_string(), |v| v.to_string());
    if e.fill {
        let total = &e.left[0];
        let want = show(e.right_sum());
        let stated = match (e.holds(), total.value()) {
            (Some(false), Some(v)) => if en { format!(" (table says {v})") } else { format!("（表中为 {v}）") },
            (None, None) if e.missing_total() => if en { " (blank)".to_string() } else { "（未填写）".to_string() },
            _ => String::new(),
        };
        let label = total.label.get(en);
        let should = if en { "should be" } else { "应为" };
        format!("{label} {should} {want} = {} {mark}{stated}", terms_text(&e.right, en))
    } else {
        let (a, b) = (show(e.left_sum()), show(e.right_sum()));
        if en {
            format!("new + carried in = {} = {a}; total + carried over = {} = {b} {mark}", terms_text(&e.left, true), terms_text(&e.right, true))
        } else {
            format!("一+二 = {} = {a}；（七）总计+四 = {} = {b} {mark}", terms_text(&e.left, false), terms_text(&e.right, false))
        }
    }
}

/// Where the table figure a narrative claim is compared with sits.
fn claim_label(kind: ClaimKind) -> &'static str {
    match kind {
        ClaimKind::NewReceived | ClaimKind::Received | ClaimKind::NoApplications => "表三 一、本年新收 · 总计",
        ClaimKind::CarriedIn => "表三 二、上年结转 · 总计",
        ClaimKind::CarriedOut => "表三 四、结转下年度 · 总计",
        ClaimKind::Concluded | ClaimKind::Handled => "表三 （七）总计",
        ClaimKind::Review | ClaimKind::NoReview => "表四 行政复议 · 总计",
        ClaimKind::Litigation | ClaimKind::NoLitigation => "表四 行政诉讼 总计（未经复议直接起诉 + 复议后起诉）",
    }
}

/// Markdown for a hover at report-relative byte `pos`, if there is anything to say.
pub fn hover(a: &Analysis, pos: usize, locale: Locale) -> Option<(String, std::ops::Range<usize>)> {
    let r = &a.report;
    if !r.is_report {
        return None;
    }
    if let Some((place, cell)) = cell_place(r, pos) {
        let mut out = format!("**{}**\n", place.title());
        let eqs = a.equations();
        for e in eqs.iter().filter(|e| e.involves(pos)) {
            out.push_str("\n- ");
            out.push_str(&equation_line(e, locale));
        }
        return Some((out, cell.span.clone()));
    }
    let claim = r.claims.iter().find(|c| c.span.start <= pos && pos <= c.span.end)?;
    // The same comparison the narrative rules make.
    let (v, alt, _) = crate::rules::narrative::table_value(r, claim.kind)?;
    let label = claim_label(claim.kind);
    let mark = if v == claim.value || alt == Some(claim.value) { "✓" } else { "✗" };
    let text = match locale {
        Locale::Zh => format!("**正文数字对照统计表**\n\n{label} = {v} {mark}"),
        Locale::En => format!("**Narrative number vs. table**\n\n{label} = {v} {mark}"),
    };
    Some((text, claim.span.clone()))
}

/// The title of a finding's fix (`将总计改为 41`), if it has one.
pub fn fix_title(f: &Finding, locale: Locale) -> Option<String> {
    let fix = f.fix.as_ref()?;
    if f.fix_kind == FixKind::Narrative {
        return Some(match (f.rule, locale) {
            ("n_blank_cell", Locale::Zh) => format!("按正文填写 {}", fix.new_text),
            ("n_blank_cell", Locale::En) => format!("Fill in {} as the text states", fix.new_text),
            (_, Locale::Zh) => format!("将正文数字改为统计表的 {}", fix.new_text),
            (_, Locale::En) => format!("Change the text's number to the table's {}", fix.new_text),
        });
    }
    Some(match (f.fix_is_total(), f.rule, locale) {
        (true, _, Locale::Zh) => format!("将总计改为 {}", fix.new_text),
        (true, _, Locale::En) => format!("Change total to {}", fix.new_text),
        (false, "t3_column_balance", Locale::Zh) => format!("建议：将“四、结转下年度继续办理”改为 {}（差额可能在别处）", fix.new_text),
        (false, "t3_column_balance", Locale::En) => format!("Suggestion: set “carried over” to {} (the error may be elsewhere)", fix.new_text),
        (false, _, Locale::Zh) => format!("改为模板用语“{}”", fix.new_text),
        (false, _, Locale::En) => format!("Use the template's wording “{}”", fix.new_text),
    })
}

/// The title of the action that makes every narrative number follow the tables.
pub fn narrative_all_title(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "按统计表修正本文件正文中的全部数字",
        Locale::En => "Make every number in the text follow the tables",
    }
}

/// The title of the action that fills every computed total.
pub fn fill_all_title(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "填写本文件全部总计",
        Locale::En => "Fill in every total in this file",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::CheckOptions;

    /// 009's 行政复议 总计 says 0 where the parts add up to 11.
    #[test]
    fn hover_and_fix_title_of_a_wrong_total() {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/009_hongze_2023.txt", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
        let a = crate::analysis::analyze_report(&text, &CheckOptions::default());
        let f = a.findings.iter().find(|f| f.rule == "t4_total").expect("t4_total finding");
        let (zh, span) = hover(&a, f.span.start, Locale::Zh).expect("hover");
        assert_eq!(span, f.span);
        assert!(zh.starts_with("**表四 · 行政复议 · 总计**"), "{zh}");
        assert!(zh.contains("应为 11 = ") && zh.contains("✗（表中为 0）"), "{zh}");
        let (en, _) = hover(&a, f.span.start, Locale::En).expect("hover");
        assert!(en.contains("should be 11 = ") && en.contains("✗ (table says 0)"), "{en}");
        assert_eq!(fix_title(f, Locale::Zh).as_deref(), Some("将总计改为 11"));
        assert_eq!(fix_title(f, Locale::En).as_deref(), Some("Change total to 11"));
        let plain = a.findings.iter().find(|f| f.fix.is_none()).expect("a finding without fix");
        assert_eq!(fix_title(plain, Locale::Zh), None);
        assert_eq!(fill_all_title(Locale::En), "Fill in every total in this file");
    }

    #[test]
    fn cell_places_name_table_row_and_column() {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/009_hongze_2023.txt", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
        let a = crate::analysis::analyze_report(&text, &CheckOptions::default());
        let places: Vec<CellPlace> = a.findings.iter().filter(|f| f.rule == "t4_total").filter_map(|f| cell_place(&a.report, f.span.start)).map(|p| p.0).collect();
        assert_eq!(places.len(), 2);
        assert_eq!(places[0], CellPlace { table: 4, row: "行政复议".into(), column: "总计".into() });
        assert_eq!(places[0].title(), "表四 · 行政复议 · 总计");
        let t3 = a.report.t3.as_ref().expect("table 3");
        let total = t3.rows.iter().find(|r| r.key == "total").expect("（七）总计");
        let cell = total.cells[6].as_ref().expect("corner");
        let (p, _) = cell_place(&a.report, cell.span.start).expect("place");
        assert_eq!(p, CellPlace { table: 3, row: "（七）总计".into(), column: "总计".into() });
        assert_eq!(cell_place(&a.report, 0), None, "the title is no cell");
    }
}
