//! The six section headings every annual report has, in both templates (spec §1.2): numeral,
//! canonical wording, and the keywords that identify a heading worded slightly differently.
//! They live with the line reader because `lines` recognises headings by them and the section
//! of a `LineKind::Heading` is an index into `SECTIONS`; the rules that check the sections'
//! order and the editor's outline read them from here too.

/// The six section headings, in order, with the keywords that identify each one even when a
/// report words it slightly differently (spec §1.2).
pub struct SectionDef {
    pub numeral: char,
    pub canonical: &'static str,
    /// Every keyword group must match (any keyword of a group).
    pub keywords: &'static [&'static [&'static str]],
}

pub const SECTIONS: [SectionDef; 6] = [
    SectionDef { numeral: '一', canonical: "总体情况", keywords: &[&["总体情况"]] },
    SectionDef { numeral: '二', canonical: "主动公开政府信息情况", keywords: &[&["主动公开"]] },
    SectionDef { numeral: '三', canonical: "收到和处理政府信息公开申请情况", keywords: &[&["申请"], &["收到", "处理"]] },
    SectionDef { numeral: '四', canonical: "政府信息公开行政复议、行政诉讼情况", keywords: &[&["行政复议", "行政诉讼"]] },
    SectionDef { numeral: '五', canonical: "存在的主要问题及改进情况", keywords: &[&["问题", "改进"]] },
    SectionDef { numeral: '六', canonical: "其他需要报告的事项", keywords: &[&["其他需要报告", "其它需要报告", "其他事项"]] },
];

/// How the placeholder line of a prose section not written yet starts (`【待填写：…】`, as
/// `nianbao new` writes it); such a paragraph is `t_unfilled` until it is replaced.
pub const PLACEHOLDER_MARK: &str = "【待填写：";
