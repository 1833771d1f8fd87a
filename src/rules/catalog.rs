//! The rule catalogue: every rule id, its default severity and a one-line description in both
//! languages. Used for SARIF metadata, documentation and settings validation.

use crate::finding::{Locale, Severity};

pub struct RuleInfo {
    pub id: &'static str,
    pub severity: Severity,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn r(id: &'static str, severity: Severity, zh: &'static str, en: &'static str) -> RuleInfo {
    RuleInfo { id, severity, zh, en }
}

use Severity::*;
pub const RULES: &[RuleInfo] = &[
    r("t3_row_total", Error, "表三每行：总计 = 自然人 + 五类法人或其他组织", "Table 3, every row: total = natural persons + the five legal-person columns"),
    r("t3_total_vs_leaves", Error, "表三（七）总计 = 各办理结果明细行之和（逐列）", "Table 3: row (七) total = sum of the outcome rows, per column"),
    r("t3_column_balance", Error, "表三勾稽关系：一 + 二 = （七）总计 + 四（逐列）", "Table 3 balance: new + carried in = total handled + carried over, per column"),
    r("t4_total", Error, "表四：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", "Table 4: total = upheld + corrected + other + pending"),
    r("t3_blank_as_zero", Info, "本表以空白表示 0：表三没有填 0 的单元格且空白很多，计算时空白按 0 计", "This table writes 0 as a blank: table 3 has no 0 and many blank cells, so blanks count as 0"),
    r("value_invalid", Error, "统计单元格不是数字", "A statistics cell is not a number"),
    r("value_decimal", Error, "件数单元格不是整数", "A count cell is not a whole number"),
    r("value_negative", Error, "统计单元格为负数", "A statistics cell is negative"),
    r("value_overflow", Error, "数值过大：单元格或一行（列）之和超出可计算范围", "Number too large: a cell, or the sum of a row or column, cannot be computed"),
    r("value_blank", Warning, "单元格空白或填写“/”", "Blank or '/' cells"),
    r("t_unfilled", Info, "表格行尚未填写：一行的数字单元格全部空白（如由上年报告新建的年报），填写后消失；部分空白的行见 value_blank", "A table row not filled in yet: every figure of the row blank (as in a report started from last year's); goes away once filled; partly blank rows are value_blank's"),
    r("value_unit", Warning, "单元格带有单位：件数单元格写了单位（如“2笔”“3件”），或金额单位与表头不一致", "A cell carries a unit: a count written with one (2笔, 3件), or an amount unit that disagrees with the header"),
    r("structure_missing_section", Error, "缺少规定的部分（六个部分）", "A required section is missing"),
    r("structure_section_order", Error, "部分顺序不符合规定格式", "Sections out of order"),
    r("structure_heading_numeral", Warning, "部分标题缺少或写错序号", "Section heading lacks or misnumbers its numeral"),
    r("structure_missing_table", Error, "缺少规定的统计表", "A required table is missing"),
    r("table_unreadable", Warning, "统计表的表头或标签在，但单元格无法读取", "A table's heading or labels are there but its cells cannot be read"),
    r("table_row_unreadable", Warning, "表格行的单元格无法对应到栏目（空白单元格可能在复制时丢失），本行未核对", "A table row's cells cannot be assigned to columns (blank cells may have been lost in copying); the row is not checked"),
    r("structure_missing_row", Warning, "统计表缺少规定的行", "A table lacks a required row"),
    r("structure_table_place", Warning, "统计表不在对应部分下", "A table sits under the wrong section"),
    r("label_variant", Warning, "表格标签与模板不一致", "A table label differs from the template"),
    r("template_mismatch", Error, "所用模板与报告年度不符", "Template does not match the report year"),
    r("template_mixed", Error, "新旧模板混用", "Markers of both templates"),
    r("title_format", Warning, "标题不规范（应含“年度报告”和年度）", "Title lacks 年度报告 or a year"),
    r("title_agency_unknown", Info, "标题中读不出机关名称（或未写明所在地），本报告无法跨年配对", "The title names no agency (or none with its place), so the report cannot be paired across years"),
    r("year_future", Error, "正文年份晚于报告年度次年", "A year later than the report year + 1"),
    r("year_next_with_stats", Warning, "次年年份下陈述了统计数字", "Statistics stated under the following year"),
    r("year_stat_period", Warning, "统计期限年份与报告年度不符", "Statistics period does not match the report year"),
    r("n1_new_received", Warning, "正文“本年新收”与表三不一致", "Narrative 'newly received' differs from table 3"),
    r("n2_carried_in", Warning, "正文“上年结转”与表三不一致", "Narrative 'carried in' differs from table 3"),
    r("n3_carried_out", Warning, "正文“结转下年度”与表三不一致", "Narrative 'carried over' differs from table 3"),
    r("n4_received", Warning, "正文收到/受理申请数与表三不一致", "Narrative 'received' differs from table 3"),
    r("n5_concluded", Warning, "正文办结/答复/处理数与表三（七）总计不一致（也不等于一+二）", "Narrative 'concluded/answered' differs from table 3 total (and from new + carried in)"),
    r("n6_review", Warning, "正文行政复议数与表四不一致", "Narrative administrative reviews differ from table 4"),
    r("n7_litigation", Warning, "正文行政诉讼数与表四不一致", "Narrative lawsuits differ from table 4"),
    r("n8_no_applications", Warning, "正文称未收到申请，但表三有新收申请", "Narrative says no applications but table 3 has some"),
    r("n9_no_review_litigation", Warning, "正文称无行政复议/诉讼，但表四有数", "Narrative says no reviews/lawsuits but table 4 has some"),
    r("n_blank_cell", Info, "统计表单元格空白，而正文写明了该数（可按正文填写）", "A table cell is blank while the text states its figure (it can be filled from the text)"),
    r("section5_thin", Warning, "第五部分“存在的主要问题及改进情况”只写“无”或不足十个字", "Section 五 (problems and improvements) is only 「无」 or under ten characters"),
    r("n12_breakdown_sum", Warning, "正文“其中”分项之和与总数不一致", "A '其中' breakdown does not add up"),
    r("t2_plausibility", Warning, "表二数据不合常理（启发式）", "Table 2 figures implausible (heuristic)"),
    r("t2_column_misuse", Info, "表二“对外公开总数量”疑为两列之和", "Table 2 total looks like the sum of the other two columns"),
    r("xy_carry_over", Error, "跨年：表三“二、上年结转”应等于上年报告“四、结转下年度继续办理”（逐列）", "Cross-year: table 3 carried in must equal last year's carried over, per column"),
    r("xy_t2_stock", Warning, "跨年：表二现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止（2019 模板：上一年项目数量 = 上年报告的上一年项目数量 + 本年增/减）", "Cross-year: table 2 currently valid = last year's + made − abolished (2019 template: items last year = last year's report's + change)"),
    r("xy_template", Warning, "跨年：上年已用 2021 年模板，本年改用 2019 年模板", "Cross-year: last year on the 2021 template, this year on the 2019 one"),
    r("xy_jump", Info, "跨年：表三或表四的总计与上年相比变化超过五倍（两者均不少于 10）", "Cross-year: a table 3 or 4 total changed more than fivefold from last year (both at least 10)"),
    r("not_a_report", Error, "未识别为政府信息公开工作年度报告", "Not recognised as an annual report"),
];

pub fn info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

pub fn description(id: &str, locale: Locale) -> Option<&'static str> {
    info(id).map(|r| match locale {
        Locale::Zh => r.zh,
        Locale::En => r.en,
    })
}
