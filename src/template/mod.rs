//! The two national templates as data: the rows and columns of tables 2, 3 and 4, the numeric
//! kind of every cell, known label variants, and the markers that tell the 2019 trial template
//! from the 2021 revised one. Nothing here is code that decides; parsers and rules look labels
//! up in these tables. The six section headings, which both templates share, are
//! `text::sections`, beside the line reader that recognises them.

use crate::vocab::TemplateId;

/// Table 3 columns (spec §1.5): 自然人, five 法人或其他组织 kinds, 总计.
pub const T3_COLS: [&str; 7] = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"];
pub const T3_TOT: usize = 6;
/// The table-3 columns in English messages.
pub const T3_COLS_EN: [&str; 7] = ["natural persons", "businesses", "research institutions", "non-profits", "legal services", "other", "total"];

/// Where a table-3 row sits in the arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T3Role {
    New,
    CarryIn,
    Leaf,
    Total,
    CarryOut,
}

/// One table-3 row: a stable key, its canonical label, group, role and the templates it is in.
pub struct T3RowDef {
    pub key: &'static str,
    pub label: &'static str,
    /// Group label (e.g. `（三）不予公开`) for leaves in a group.
    pub group: Option<&'static str>,
    pub role: T3Role,
    pub in_2019: bool,
    pub in_2021: bool,
}

impl T3RowDef {
    /// Whether template `t` has this row.
    pub fn in_template(&self, t: TemplateId) -> bool {
        match t {
            TemplateId::T2019 => self.in_2019,
            TemplateId::T2021 => self.in_2021,
        }
    }
}

const fn row(key: &'static str, label: &'static str, group: Option<&'static str>, role: T3Role, in_2019: bool, in_2021: bool) -> T3RowDef {
    T3RowDef { key, label, group, role, in_2019, in_2021 }
}

pub const G3: Option<&str> = Some("（三）不予公开");
pub const G4: Option<&str> = Some("（四）无法提供");
pub const G5: Option<&str> = Some("（五）不予处理");
pub const G6: Option<&str> = Some("（六）其他处理");

use T3Role::*;
/// Every table-3 row of both templates, in template order.
pub const T3_ROWS: &[T3RowDef] = &[
    row("new", "一、本年新收政府信息公开申请数量", None, New, true, true),
    row("carry_in", "二、上年结转政府信息公开申请数量", None, CarryIn, true, true),
    row("open", "（一）予以公开", None, Leaf, true, true),
    row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, Leaf, true, true),
    row("deny_secret", "1.属于国家秘密", G3, Leaf, true, true),
    row("deny_law", "2.其他法律行政法规禁止公开", G3, Leaf, true, true),
    row("deny_safety", "3.危及“三安全一稳定”", G3, Leaf, true, true),
    row("deny_third", "4.保护第三方合法权益", G3, Leaf, true, true),
    row("deny_internal", "5.属于三类内部事务信息", G3, Leaf, true, true),
    row("deny_process", "6.属于四类过程性信息", G3, Leaf, true, true),
    row("deny_enforce", "7.属于行政执法案卷", G3, Leaf, true, true),
    row("deny_query", "8.属于行政查询事项", G3, Leaf, true, true),
    row("none_unheld", "1.本机关不掌握相关政府信息", G4, Leaf, true, true),
    row("none_make", "2.没有现成信息需要另行制作", G4, Leaf, true, true),
    row("none_unclear", "3.补正后申请内容仍不明确", G4, Leaf, true, true),
    row("skip_petition", "1.信访举报投诉类申请", G5, Leaf, true, true),
    row("skip_repeat", "2.重复申请", G5, Leaf, true, true),
    row("skip_publication", "3.要求提供公开出版物", G5, Leaf, true, true),
    row("skip_mass", "4.无正当理由大量反复申请", G5, Leaf, true, true),
    row("skip_confirm", "5.要求行政机关确认或重新出具已获取信息", G5, Leaf, true, true),
    // 2019: （六）其他处理 is one leaf row. 2021: a group of three; some 2021 reports still
    // print it as one row, which the parser accepts (with a structure warning).
    row("other", "（六）其他处理", None, Leaf, true, false),
    row("other_overdue", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", G6, Leaf, false, true),
    row("other_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", G6, Leaf, false, true),
    row("other_rest", "3.其他", G6, Leaf, false, true),
    row("total", "（七）总计", None, Total, true, true),
    row("carry_out", "四、结转下年度继续办理", None, CarryOut, true, true),
];

/// Known wordings of table-3 labels that real reports use (normalised comparison is done by
/// the parser; these are the variants that normalisation alone does not reach).
pub const T3_VARIANTS: &[(&str, &str)] = &[
    ("2.没有现成信息需另行制作", "none_make"),
    ("（七）合计", "total"),
    ("四、结转下年度继续办理申请数量", "carry_out"),
];

/// Group and header labels of table 3 that carry no numbers.
pub const T3_GROUPS: &[&str] = &["三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"];
pub const T3_HEADER_CELLS: &[&str] = &[
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "法人或其他组织",
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
];

/// Table 4 (spec §1.6): three groups of five.
pub const T4_GROUPS: [&str; 3] = ["行政复议", "未经复议直接起诉", "复议后起诉"];
pub const T4_GROUP_LABELS: [&str; 3] = ["行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"];
/// The table-4 groups in English messages.
pub const T4_GROUPS_EN: [&str; 3] = ["administrative review", "lawsuits without review", "lawsuits after review"];
pub const T4_COLS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
pub const T4_HEADER_CELLS: &[&str] = &["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议直接起诉", "复议后起诉"];

/// The numeric kind of a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumKind {
    /// Non-negative integer.
    Count,
    /// Integer that may be negative (2019 本年增/减).
    SignedCount,
    /// Money, decimals allowed; the unit may come from the cell suffix (`元`, `万元`, `万`).
    Amount,
    /// Money in 万元 fixed by the header (2021 本年收费金额（单位：万元）).
    AmountWan,
}

/// The numerals of the 第二十条 items, 一 for item 1 to 十 for item 10 (`第二十条第（X）项`).
pub const ITEM_NUMERALS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// A table-2 block (one 第二十条 item) of one template.
pub struct T2BlockDef {
    pub template: TemplateId,
    /// The 第二十条 item number: 1, 5, 6, 8 or 9.
    pub item: u8,
    pub columns: &'static [(&'static str, NumKind)],
    pub rows: &'static [&'static str],
}

pub const T2_BLOCKS: &[T2BlockDef] = &[
    T2BlockDef { template: TemplateId::T2019, item: 1, columns: &[("本年新制作数量", NumKind::Count), ("本年新公开数量", NumKind::Count), ("对外公开总数量", NumKind::Count)], rows: &["规章", "规范性文件"] },
    T2BlockDef { template: TemplateId::T2019, item: 5, columns: &[("上一年项目数量", NumKind::Count), ("本年增/减", NumKind::SignedCount), ("处理决定数量", NumKind::Count)], rows: &["行政许可", "其他对外管理服务事项"] },
    T2BlockDef { template: TemplateId::T2019, item: 6, columns: &[("上一年项目数量", NumKind::Count), ("本年增/减", NumKind::SignedCount), ("处理决定数量", NumKind::Count)], rows: &["行政处罚", "行政强制"] },
    T2BlockDef { template: TemplateId::T2019, item: 8, columns: &[("上一年项目数量", NumKind::Count), ("本年增/减", NumKind::SignedCount)], rows: &["行政事业性收费"] },
    T2BlockDef { template: TemplateId::T2019, item: 9, columns: &[("采购项目数量", NumKind::Count), ("采购总金额", NumKind::Amount)], rows: &["政府集中采购"] },
    T2BlockDef { template: TemplateId::T2021, item: 1, columns: &[("本年制发件数", NumKind::Count), ("本年废止件数", NumKind::Count), ("现行有效件数", NumKind::Count)], rows: &["规章", "行政规范性文件"] },
    T2BlockDef { template: TemplateId::T2021, item: 5, columns: &[("本年处理决定数量", NumKind::Count)], rows: &["行政许可"] },
    T2BlockDef { template: TemplateId::T2021, item: 6, columns: &[("本年处理决定数量", NumKind::Count)], rows: &["行政处罚", "行政强制"] },
    T2BlockDef { template: TemplateId::T2021, item: 8, columns: &[("本年收费金额（单位：万元）", NumKind::AmountWan)], rows: &["行政事业性收费"] },
];

/// Where a table-2 stock column of a report starts from the report of the year before (spec
/// §2.3, R2.3; the cross-year rule `xy_t2_stock`): the sum of last year's cells in `from` of the
/// same row, when both years use `template`. 2021 (一): 现行有效件数 starts at last year's 现行有效
/// 件数 (this year's 制发 and 废止 then move it); 2019 (五)(六)(八): 上一年项目数量 is last
/// year's 上一年项目数量 + 本年增/减. The columns' other cells are the year's own figures.
pub struct T2Stock {
    pub template: TemplateId,
    pub item: u8,
    pub column: &'static str,
    pub from: &'static [&'static str],
}

pub const T2_STOCKS: &[T2Stock] = &[
    T2Stock { template: TemplateId::T2021, item: 1, column: "现行有效件数", from: &["现行有效件数"] },
    T2Stock { template: TemplateId::T2019, item: 5, column: "上一年项目数量", from: &["上一年项目数量", "本年增/减"] },
    T2Stock { template: TemplateId::T2019, item: 6, column: "上一年项目数量", from: &["上一年项目数量", "本年增/减"] },
    T2Stock { template: TemplateId::T2019, item: 8, column: "上一年项目数量", from: &["上一年项目数量", "本年增/减"] },
];

/// Whether column `column` of table-2 item `item` is a stock carried from the year before
/// (in either template: the two templates' stock columns have different names).
pub fn t2_is_stock(item: u8, column: &str) -> bool {
    T2_STOCKS.iter().any(|s| s.item == item && s.column == column)
}

/// Every table-2 row label of either template (for row detection).
pub const T2_ROW_LABELS: &[&str] = &["规章", "规范性文件", "行政规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费", "政府集中采购"];
pub const T2_HEADER_CELLS: &[&str] = &["信息内容"];

/// Strong markers of each template in table 2 headers (spec §1.9). Row-label variants such as
/// 规范性文件 in a 2021 report are weak and are not counted here.
pub const MARKERS_2019: &[&str] = &["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "处理决定数量", "其他对外管理服务事项", "政府集中采购", "采购项目数量", "采购总金额"];
pub const MARKERS_2021: &[&str] = &["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额（单位：万元）"];

/// The template a report year calls for (spec §1.9).
pub fn expected_template(year: i32) -> TemplateId {
    if year <= 2020 {
        TemplateId::T2019
    } else {
        TemplateId::T2021
    }
}

/// Table-3 rows of one template, in order.
pub fn t3_rows(t: TemplateId) -> impl Iterator<Item = &'static T3RowDef> {
    T3_ROWS.iter().filter(move |r| r.in_template(t))
}

pub fn t3_row(key: &str) -> Option<&'static T3RowDef> {
    T3_ROWS.iter().find(|r| r.key == key)
}

pub fn t2_block(t: TemplateId, item: u8) -> Option<&'static T2BlockDef> {
    T2_BLOCKS.iter().find(|b| b.template == t && b.item == item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaf_counts_match_spec() {
        let leaves = |t| t3_rows(t).filter(|r| r.role == T3Role::Leaf).count();
        assert_eq!(leaves(TemplateId::T2019), 19);
        assert_eq!(leaves(TemplateId::T2021), 21);
        assert_eq!(t3_rows(TemplateId::T2019).count(), 23);
        assert_eq!(t3_rows(TemplateId::T2021).count(), 25);
    }
}
