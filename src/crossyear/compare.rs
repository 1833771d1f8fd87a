//! Two years' statistics side by side: every cell of tables 2, 3 and 4 with last year's
//! value, this year's and the change. Two reports of one template compare cell for cell. A
//! 2019-template report and a 2021 one compare only the cells the two templates share (spec
//! §1.7); that mapping is the data below (`T2_ACROSS`, table 3's rows in both templates,
//! `ACROSS_OMITTED`), and everything it leaves out is returned as `omitted`, so the surfaces
//! can say what was not compared and why.

use super::agency::{identity, office_variant, with_place_prefix, Identity};
use crate::finding::Num;
use crate::model::{Cell, Report, T2Block};
use crate::template::{expected_template, t2_block, t3_row, T3_COLS, T3_ROWS, T4_COLS, T4_GROUP_LABELS};
use crate::text::{CellValue, Unit};
use crate::vocab::TemplateId;

/// A number with the unit its cell wrote (money units only; count units are dropped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    pub num: Num,
    pub unit: Option<Unit>,
}

impl Amount {
    /// The unit as a suffix: `元`, `万`, `万元`, `亿元`, or nothing.
    pub fn unit_suffix(&self) -> &'static str {
        match self.unit {
            Some(Unit::Yuan) => "元",
            Some(Unit::Wan) => "万",
            Some(Unit::WanYuan) => "万元",
            Some(Unit::YiYuan) => "亿元",
            Some(Unit::Count) | None => "",
        }
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.num, self.unit_suffix())
    }
}

/// What a non-blank cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    Number(Amount),
    /// `/`, `-`, `无`: written, but not a number.
    Placeholder,
    /// Anything else that is not a number (text, a number too long for 64 bits).
    Invalid,
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Number(a) => a.fmt(f),
            Value::Placeholder => f.write_str("/"),
            Value::Invalid => f.write_str("?"),
        }
    }
}

/// One compared cell. `old`/`new` are `None` when the cell is blank or its table or row is
/// missing from that report; `change` is `new − old` when both are numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// 2, 3 or 4.
    pub table: u8,
    pub row: &'static str,
    /// The column as this year's template names it.
    pub column: &'static str,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub change: Option<Amount>,
}

/// A bilingual text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub zh: &'static str,
    pub en: &'static str,
}

/// Cells of one template that have no counterpart in the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Omitted {
    pub table: u8,
    pub what: Text,
    pub why: Text,
}

/// A column compared under two names (2019 name, 2021 name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Renamed {
    pub table: u8,
    pub row: &'static str,
    pub old: &'static str,
    pub new: &'static str,
}

/// The comparison of two reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    pub lines: Vec<Line>,
    /// What was left out because the templates differ (empty for one template).
    pub omitted: Vec<Omitted>,
    /// Columns compared though their templates name them differently.
    pub renamed: Vec<Renamed>,
}

/// A table-2 cell that both templates have: (item, 2019 row, 2021 row, 2019 column, 2021
/// column). Spec §1.4/§1.7: 2021 removed 上一年项目数量 and 本年增/减 from items (五) and
/// (六), leaving the count of decisions, now headed 本年处理决定数量.
const T2_ACROSS: &[(u8, &str, &str, &str, &str)] = &[
    (5, "行政许可", "行政许可", "处理决定数量", "本年处理决定数量"),
    (6, "行政处罚", "行政处罚", "处理决定数量", "本年处理决定数量"),
    (6, "行政强制", "行政强制", "处理决定数量", "本年处理决定数量"),
];

/// What a 2019-template report and a 2021 one cannot compare in table 2 (spec §1.7). Table 4
/// is identical; table 3 differs only in （六）其他处理 (`T3_SPLIT`).
const ACROSS_OMITTED: &[Omitted] = &[
    Omitted {
        table: 2,
        what: Text { zh: "第二十条第（一）项（规章、规范性文件）", en: "item (一) (规章, 规范性文件)" },
        why: Text {
            zh: "两版模板的列含义不同：本年新制作数量/本年新公开数量/对外公开总数量 与 本年制发件数/本年废止件数/现行有效件数",
            en: "the columns mean different things: 本年新制作数量/本年新公开数量/对外公开总数量 (2019) vs 本年制发件数/本年废止件数/现行有效件数 (2021)",
        },
    },
    Omitted {
        table: 2,
        what: Text { zh: "第二十条第（五）（六）项 上一年项目数量、本年增/减", en: "items (五)(六): 上一年项目数量, 本年增/减" },
        why: Text { zh: "2021 年模板已删去这两列", en: "the 2021 template removed these columns" },
    },
    Omitted {
        table: 2,
        what: Text { zh: "第二十条第（五）项 其他对外管理服务事项", en: "item (五): 其他对外管理服务事项" },
        why: Text { zh: "2021 年模板已删去此行", en: "the 2021 template removed this row" },
    },
    Omitted {
        table: 2,
        what: Text { zh: "第二十条第（八）项 行政事业性收费", en: "item (八): 行政事业性收费" },
        why: Text {
            zh: "2019 年模板为收费项目数量（上一年项目数量、本年增/减），2021 年模板为收费金额（万元）",
            en: "the 2019 template counts fee items (上一年项目数量, 本年增/减), the 2021 one states the amount charged (万元)",
        },
    },
    Omitted {
        table: 2,
        what: Text { zh: "第二十条第（九）项 政府集中采购", en: "item (九): 政府集中采购" },
        why: Text { zh: "2021 年模板已删去此项", en: "the 2021 template removed this item" },
    },
];

/// Table 3's one row that the 2021 template splits (spec §1.5, §1.7): （六）其他处理 and
/// its three rows. Either form may appear in a report of either template (some 2021 reports
/// keep the single row, which the parser accepts), so which form a report has is read off
/// its rows, and the rows compare only when both reports have the same form.
const T3_SPLIT: (&str, &[&str]) = ("other", &["other_overdue", "other_unpaid", "other_rest"]);

const T3_SPLIT_OMITTED: Omitted = Omitted {
    table: 3,
    what: Text { zh: "（六）其他处理", en: "（六）其他处理 (other handling)" },
    why: Text {
        zh: "一份报告为一行（2019 年模板），另一份分为三行（2021 年模板：逾期不补正、逾期未缴费、其他）",
        en: "one row in one report (2019 template), three rows in the other (2021 template: 逾期不补正, 逾期未缴费, 其他)",
    },
};

/// Whether report `r` (read as template `t`) has table-3 row `key`: a row it wrote, else a
/// row of its template unless it wrote the other form of （六）其他处理.
fn t3_has(r: &Report, t: TemplateId, key: &str) -> bool {
    let wrote = |k: &str| r.t3.as_ref().is_some_and(|t3| t3.row(k).is_some());
    if wrote(key) {
        return true;
    }
    let (one, split) = T3_SPLIT;
    let other_form: &[&str] = if key == one {
        split
    } else if split.contains(&key) {
        std::slice::from_ref(&T3_SPLIT.0)
    } else {
        &[]
    };
    !other_form.iter().any(|k| wrote(k)) && t3_row(key).is_some_and(|d| d.in_template(t))
}

/// Table 3's rows as the comparison names them (shorter than the template's labels; a row
/// in a group carries the group's numeral), by key, in template order.
const T3_NAMES: &[(&str, &str)] = &[
    ("new", "一、本年新收"),
    ("carry_in", "二、上年结转"),
    ("open", "（一）予以公开"),
    ("partial", "（二）部分公开"),
    ("deny_secret", "（三）1.属于国家秘密"),
    ("deny_law", "（三）2.其他法律行政法规禁止公开"),
    ("deny_safety", "（三）3.危及“三安全一稳定”"),
    ("deny_third", "（三）4.保护第三方合法权益"),
    ("deny_internal", "（三）5.属于三类内部事务信息"),
    ("deny_process", "（三）6.属于四类过程性信息"),
    ("deny_enforce", "（三）7.属于行政执法案卷"),
    ("deny_query", "（三）8.属于行政查询事项"),
    ("none_unheld", "（四）1.本机关不掌握相关政府信息"),
    ("none_make", "（四）2.没有现成信息需要另行制作"),
    ("none_unclear", "（四）3.补正后申请内容仍不明确"),
    ("skip_petition", "（五）1.信访举报投诉类申请"),
    ("skip_repeat", "（五）2.重复申请"),
    ("skip_publication", "（五）3.要求提供公开出版物"),
    ("skip_mass", "（五）4.无正当理由大量反复申请"),
    ("skip_confirm", "（五）5.要求行政机关确认或重新出具已获取信息"),
    ("other", "（六）其他处理"),
    ("other_overdue", "（六）1.逾期不补正"),
    ("other_unpaid", "（六）2.逾期未缴费"),
    ("other_rest", "（六）3.其他"),
    ("total", "（七）总计"),
    ("carry_out", "四、结转下年度继续办理"),
];

fn t3_name(key: &'static str) -> &'static str {
    T3_NAMES.iter().find(|(k, _)| *k == key).map_or(key, |(_, n)| n)
}

/// The template a report is read as: the detected one, else the one its year calls for.
pub fn template_of(r: &Report) -> TemplateId {
    r.template.or_else(|| r.year.as_ref().map(|y| expected_template(y.0))).unwrap_or(TemplateId::T2021)
}

/// Lay `old` (last year) and `new` (this year) side by side.
pub fn compare(old: &Report, new: &Report) -> Comparison {
    let (to, tn) = (template_of(old), template_of(new));
    let mut out = Comparison::default();
    // Table 2.
    if to == tn {
        for def in crate::template::T2_BLOCKS.iter().filter(|b| b.template == tn) {
            let od = t2_block(to, def.item);
            for &row in def.rows {
                for &(col, _) in def.columns {
                    out.push(2, row, col, t2_value(old, od, def.item, row, col), t2_value(new, Some(def), def.item, row, col));
                }
            }
        }
    } else {
        for &(item, r19, r21, c19, c21) in T2_ACROSS {
            let side = |t: TemplateId| if t == TemplateId::T2019 { (r19, c19) } else { (r21, c21) };
            let ((ro, co), (rn, cn)) = (side(to), side(tn));
            out.push(2, rn, cn, t2_value(old, t2_block(to, item), item, ro, co), t2_value(new, t2_block(tn, item), item, rn, cn));
            if co != cn {
                out.renamed.push(Renamed { table: 2, row: rn, old: co, new: cn });
            }
        }
        out.omitted.extend(ACROSS_OMITTED.iter().copied());
    }
    // Table 3: the rows both reports have; a row only one has is （六）其他处理 in the other form.
    for def in T3_ROWS {
        match (t3_has(old, to, def.key), t3_has(new, tn, def.key)) {
            (true, true) => {}
            (false, false) => continue,
            _ => {
                if !out.omitted.contains(&T3_SPLIT_OMITTED) {
                    out.omitted.push(T3_SPLIT_OMITTED);
                }
                continue;
            }
        }
        for (c, &col) in T3_COLS.iter().enumerate() {
            out.push(3, t3_name(def.key), col, t3_value(old, def.key, c), t3_value(new, def.key, c));
        }
    }
    // Table 4: identical in both templates.
    for (g, &group) in T4_GROUP_LABELS.iter().enumerate() {
        for (c, &col) in T4_COLS.iter().enumerate() {
            let at = g * T4_COLS.len() + c;
            let v = |r: &Report| r.t4.as_ref().and_then(|t| t.cells[at].as_ref()).and_then(value);
            out.push(4, group, col, v(old), v(new));
        }
    }
    out
}

impl Comparison {
    fn push(&mut self, table: u8, row: &'static str, column: &'static str, old: Option<Value>, new: Option<Value>) {
        let change = match (old, new) {
            (Some(Value::Number(a)), Some(Value::Number(b))) => difference(a, b),
            _ => None,
        };
        self.lines.push(Line { table, row, column, old, new, change });
    }
}

/// What a cell holds, `None` when blank.
pub fn value(c: &Cell) -> Option<Value> {
    match &c.value {
        CellValue::Blank => None,
        CellValue::Number { value, unit, .. } => Some(Value::Number(Amount { num: *value, unit: unit.filter(|u| *u != Unit::Count) })),
        CellValue::Placeholder => Some(Value::Placeholder),
        CellValue::Overflow | CellValue::Invalid => Some(Value::Invalid),
    }
}

/// `b − a`: in their unit when they share it (or neither has one), in 元 when both name a
/// money unit, else nothing (a bare number against 万元 says nothing of the unit). Exact:
/// every digit either cell wrote is kept.
fn difference(a: Amount, b: Amount) -> Option<Amount> {
    if a.unit == b.unit {
        return Some(Amount { num: b.num.exact().checked_sub(a.num.exact())?.into(), unit: a.unit });
    }
    let (Some(ua), Some(ub)) = (a.unit, b.unit) else { return None };
    let yuan = |n: Num, u: Unit| n.exact().times_pow10(u.yuan_pow10());
    let d = yuan(b.num, ub)?.checked_sub(yuan(a.num, ua)?)?;
    Some(Amount { num: d.into(), unit: Some(Unit::Yuan) })
}

/// The cell of table 2's item `item`, row `row`, column `col` (names as in `def`, the
/// report's template's block), found by its header, else by its place in the template.
fn t2_value(r: &Report, def: Option<&crate::template::T2BlockDef>, item: u8, row: &str, col: &str) -> Option<Value> {
    t2_cell(r, def, item, row, col).and_then(value)
}

fn t2_cell<'a>(r: &'a Report, def: Option<&crate::template::T2BlockDef>, item: u8, row: &str, col: &str) -> Option<&'a Cell> {
    let b: &T2Block = r.t2_block(item)?;
    let k = b.columns.iter().position(|(n, _)| n == col).or_else(|| def?.columns.iter().position(|(n, _)| *n == col))?;
    b.row(row)?.cells.get(k)
}

fn t3_value(r: &Report, key: &str, c: usize) -> Option<Value> {
    r.t3.as_ref()?.row(key)?.cells[c].as_ref().and_then(value)
}

/// One cell of a report's tables 2, 3 and 4, named as the comparison names it.
#[derive(Clone, Copy, Debug)]
pub struct Slot<'a> {
    /// 2, 3 or 4.
    pub table: u8,
    /// Table 2's 第二十条 item (1, 5, 6, 8, 9); 0 in tables 3 and 4.
    pub item: u8,
    pub row: &'static str,
    pub column: &'static str,
    pub cell: &'a Cell,
}

/// Every cell a report wrote in tables 2, 3 and 4, in template order, with the labels
/// `compare` gives them (its template's table-2 rows and columns, table 3's short row names,
/// table 4's groups). Rows or cells the report does not have are left out. `export` stores
/// them.
pub fn cells_of(r: &Report) -> Vec<Slot<'_>> {
    let t = template_of(r);
    let mut out = Vec::with_capacity(220);
    for def in crate::template::T2_BLOCKS.iter().filter(|b| b.template == t) {
        for &row in def.rows {
            for &(col, _) in def.columns {
                if let Some(cell) = t2_cell(r, Some(def), def.item, row, col) {
                    out.push(Slot { table: 2, item: def.item, row, column: col, cell });
                }
            }
        }
    }
    if let Some(t3) = &r.t3 {
        for def in T3_ROWS {
            let Some(row) = t3.row(def.key) else { continue };
            for (c, &col) in T3_COLS.iter().enumerate() {
                if let Some(cell) = &row.cells[c] {
                    out.push(Slot { table: 3, item: 0, row: t3_name(def.key), column: col, cell });
                }
            }
        }
    }
    if let Some(t4) = &r.t4 {
        for (g, &group) in T4_GROUP_LABELS.iter().enumerate() {
            for (c, &col) in T4_COLS.iter().enumerate() {
                if let Some(cell) = &t4.cells[g * T4_COLS.len() + c] {
                    out.push(Slot { table: 4, item: 0, row: group, column: col, cell });
                }
            }
        }
    }
    out
}

/// Why two reports may not be a pair worth comparing (said as warnings; the comparison is
/// made all the same): different agencies, years that do not follow each other, titles that
/// name no agency or year.
pub fn warnings(old: &Report, new: &Report) -> Vec<(String, String)> {
    let (io, inew) = (identity(old), identity(new));
    let mut w = Vec::new();
    match (&io, &inew) {
        (Some(a), Some(b)) if !same_agency(a, b) => w.push((
            format!("两份报告的机关不同（{} / {}）", a.agency, b.agency),
            format!("the two reports are of different agencies ({} / {})", a.agency, b.agency),
        )),
        (Some(_), Some(_)) => {}
        _ => w.push(("未能从标题识别机关，无法确认是同一机关的报告".into(), "the title names no agency: cannot tell whether both reports are of one agency".into())),
    }
    match (old.year.as_ref().map(|y| y.0), new.year.as_ref().map(|y| y.0)) {
        (Some(a), Some(b)) if b != a + 1 => w.push((format!("年份不相邻（{a} 年 / {b} 年）"), format!("the years are not consecutive ({a} / {b})"))),
        (Some(_), Some(_)) => {}
        _ => w.push(("未能从标题识别年份".into(), "the title names no year".into())),
    }
    w
}

/// One agency under two spellings (the tests `pairing` uses).
fn same_agency(a: &Identity, b: &Identity) -> bool {
    a.key == b.key || with_place_prefix(&a.key, &b.key) || with_place_prefix(&b.key, &a.key) || office_variant(&a.key, &b.key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::check_text_keeping_models;
    use crate::vocab::CheckOptions;

    fn report(name: &str) -> Report {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let (_, models) = check_text_keeping_models(&text, &CheckOptions::default());
        models.into_iter().next().expect("a report").1
    }

    fn line<'a>(c: &'a Comparison, table: u8, row: &str, col: &str) -> &'a Line {
        c.lines.iter().find(|l| l.table == table && l.row == row && l.column == col).unwrap_or_else(|| panic!("no line {table} {row} {col}"))
    }

    fn int(i: i64) -> Option<Value> {
        Some(Value::Number(Amount { num: Num::Int(i), unit: None }))
    }

    #[test]
    fn one_template_compares_every_cell() {
        let c = compare(&report("009_hongze_2023.txt"), &report("010_hongze_2024.txt"));
        assert!(c.omitted.is_empty() && c.renamed.is_empty());
        // 2021 table 2: (一) 2×3, (五) 1, (六) 2, (八) 1; table 3: 25 rows × 7, but both
        // reports write （六）其他处理 as one row (23 rows); table 4: 15.
        assert_eq!(c.lines.iter().filter(|l| l.table == 2).count(), 10);
        assert_eq!(c.lines.iter().filter(|l| l.table == 3).count(), 23 * 7);
        assert_eq!(line(&c, 3, "（六）其他处理", "总计").new, int(0));
        assert_eq!(c.lines.iter().filter(|l| l.table == 4).count(), 15);
        let new_total = line(&c, 3, "一、本年新收", "总计");
        assert_eq!((new_total.old, new_total.new, new_total.change), (int(21), int(95), Some(Amount { num: Num::Int(74), unit: None })));
        let permits = line(&c, 2, "行政许可", "本年处理决定数量");
        assert_eq!((permits.old, permits.new), (int(550), int(9487)));
        let fees = line(&c, 2, "行政事业性收费", "本年收费金额（单位：万元）");
        assert_eq!(fees.change.map(|a| a.num.to_string()).as_deref(), Some("-185.28"));
        for l in &c.lines {
            if let (Some(Value::Number(a)), Some(Value::Number(b))) = (l.old, l.new) {
                assert_eq!(l.change, difference(a, b));
                assert!(l.change.is_some());
            } else {
                assert_eq!(l.change, None);
            }
        }
    }

    #[test]
    fn cells_of_one_report_are_the_compared_cells() {
        let (old, new) = (report("009_hongze_2023.txt"), report("010_hongze_2024.txt"));
        let c = compare(&old, &new);
        let cells = cells_of(&new);
        // Every cell this year's report wrote is a compared line with the same value, and every
        // line with a value this year is one of its cells.
        for l in c.lines.iter().filter(|l| l.new.is_some()) {
            assert!(cells.iter().any(|s| (s.table, s.row, s.column) == (l.table, l.row, l.column)), "{} {} {}", l.table, l.row, l.column);
        }
        for s in &cells {
            let l = line(&c, s.table, s.row, s.column);
            assert_eq!(l.new, value(s.cell), "{} {} {}", s.table, s.row, s.column);
        }
        let total = cells.iter().find(|s| s.table == 3 && s.row == "（七）总计" && s.column == "总计").unwrap();
        assert_eq!(value(total.cell), int(95));
    }

    #[test]
    fn across_templates_keeps_only_shared_cells() {
        let c = compare(&report("001_7e3cf29f5d278207.txt"), &report("012_shuyang_fgj_2023.txt"));
        assert_eq!(c.lines.iter().filter(|l| l.table == 2).count(), 3);
        assert!(c.lines.iter().filter(|l| l.table == 2).all(|l| l.column == "本年处理决定数量"));
        assert_eq!(c.lines.iter().filter(|l| l.table == 3).count(), 22 * 7);
        assert!(!c.lines.iter().any(|l| l.row.starts_with("（六）")));
        assert_eq!(c.lines.iter().filter(|l| l.table == 4).count(), 15);
        assert_eq!(c.omitted.len(), ACROSS_OMITTED.len() + 1);
        assert!(c.omitted.iter().any(|o| o.table == 3 && o.what.zh.contains("其他处理")));
        assert_eq!(c.renamed.len(), 3);
        // 001: 一、本年新收 自然人 36, 总计 41.
        assert_eq!(line(&c, 3, "一、本年新收", "自然人").old, int(36));
        assert_eq!(line(&c, 3, "一、本年新收", "总计").old, int(41));
        // The other way round (a 2021 report before a 2019 one) maps the same cells.
        let back = compare(&report("012_shuyang_fgj_2023.txt"), &report("001_7e3cf29f5d278207.txt"));
        assert_eq!(back.lines.len(), c.lines.len());
        assert_eq!(line(&back, 3, "一、本年新收", "总计").new, int(41));
        assert_eq!(back.renamed[0].old, "本年处理决定数量");
    }

    #[test]
    fn other_handling_compares_when_both_reports_write_it_alike() {
        // 001 (2019) and 009 (2021, but （六）其他处理 as one row): the row compares, and only
        // table 2 has omissions.
        let c = compare(&report("001_7e3cf29f5d278207.txt"), &report("009_hongze_2023.txt"));
        assert_eq!(line(&c, 3, "（六）其他处理", "自然人").old, int(4));
        assert_eq!(c.omitted, ACROSS_OMITTED);
        // 009 (one row) and 011 (three rows), both 2021: only the table-3 omission.
        let c = compare(&report("009_hongze_2023.txt"), &report("011_huaian_2024.txt"));
        assert_eq!(c.omitted, [T3_SPLIT_OMITTED]);
        assert_eq!(c.lines.iter().filter(|l| l.table == 2).count(), 10);
        assert!(!c.lines.iter().any(|l| l.row.starts_with("（六）")));
        // Two reports with the three rows compare all 25.
        let c = compare(&report("011_huaian_2024.txt"), &report("013_shuyang_2025.txt"));
        assert!(c.omitted.is_empty());
        assert_eq!(c.lines.iter().filter(|l| l.table == 3).count(), 25 * 7);
    }

    #[test]
    fn table3_rows_differing_between_templates_are_only_the_other_handling() {
        let differ: Vec<&str> = T3_ROWS.iter().filter(|d| d.in_2019 != d.in_2021).map(|d| d.key).collect();
        assert_eq!(differ, ["other", "other_overdue", "other_unpaid", "other_rest"]);
        assert_eq!(T3_NAMES.len(), T3_ROWS.len());
        assert!(T3_ROWS.iter().zip(T3_NAMES).all(|(d, (k, _))| d.key == *k));
    }

    #[test]
    fn across_mapping_names_template_cells() {
        for &(item, r19, r21, c19, c21) in T2_ACROSS {
            let b19 = t2_block(TemplateId::T2019, item).unwrap();
            let b21 = t2_block(TemplateId::T2021, item).unwrap();
            assert!(b19.rows.contains(&r19) && b19.columns.iter().any(|c| c.0 == c19));
            assert!(b21.rows.contains(&r21) && b21.columns.iter().any(|c| c.0 == c21));
        }
    }

    #[test]
    fn differences() {
        let a = |n, unit| Amount { num: n, unit };
        assert_eq!(difference(a(Num::Int(3), None), a(Num::Int(5), None)), Some(a(Num::Int(2), None)));
        assert_eq!(difference(a(Num::Int(5), None), a(Num::Int(3), None)), Some(a(Num::Int(-2), None)));
        let d = |m, s| Num::from(crate::decimal::Exact::new(m, s).unwrap());
        assert_eq!(difference(a(Num::Int(1), None), a(d(15, 1), None)), Some(a(d(5, 1), None)));
        // Every digit: 4166.241619 → 18651.06 is +14484.818381, not rounded to four places.
        assert_eq!(difference(a(d(4_166_241_619, 6), None), a(d(1_865_106, 2), None)), Some(a(d(14_484_818_381, 6), None)));
        // 1万 → 15000元: +5000元; 0.000123万元 → 1元: −0.23元.
        assert_eq!(difference(a(Num::Int(1), Some(Unit::Wan)), a(Num::Int(15_000), Some(Unit::Yuan))), Some(a(Num::Int(5_000), Some(Unit::Yuan))));
        assert_eq!(difference(a(d(123, 6), Some(Unit::WanYuan)), a(Num::Int(1), Some(Unit::Yuan))), Some(a(d(-23, 2), Some(Unit::Yuan))));
        assert_eq!(difference(a(Num::Int(1), Some(Unit::Wan)), a(Num::Int(15_000), None)), None);
        assert_eq!(difference(a(Num::Int(i64::MIN), None), a(Num::Int(1), None)), None);
    }

    #[test]
    fn warnings_name_agencies_and_years() {
        let (a, b) = (report("009_hongze_2023.txt"), report("010_hongze_2024.txt"));
        assert!(warnings(&a, &b).is_empty(), "{:?}", warnings(&a, &b));
        let w = warnings(&report("001_7e3cf29f5d278207.txt"), &b);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].0.contains("机关不同") && w[1].0.contains("2020 年 / 2024 年"));
        assert!(warnings(&b, &a)[0].1.contains("not consecutive"));
    }
}
