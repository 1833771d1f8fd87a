//! The metric dictionary, defined once: each metric is data — a numerator and, for a ratio, a
//! denominator, each a sum of named table cells (table, row, column as `compare` names them)
//! or a count of the report's findings — with its formula, unit and when it is undefined, in
//! Chinese and English. `inputs` computes a report's numerator and denominator of every metric
//! from its cells; the database's views (`schema`) aggregate them per agency-year and
//! region-year: a count is the sum of the numerators, a ratio is `scale × Σ numerator /
//! Σ denominator`, NULL when the denominator is 0 or missing, never 0. The same table is
//! written to the `metrics` table and printed in README.

use crate::finding::{Exact, Num, Severity};

/// One cell of a sum: table, row, column.
pub type Term = (u8, &'static str, &'static str);

/// What a numerator or denominator adds up.
#[derive(Clone, Copy, Debug)]
pub enum Part {
    /// The cells that hold a number (a blank, `/` or unreadable cell adds nothing; when none
    /// of them holds a number, the part is NULL).
    Cells(&'static [Term]),
    /// The report's findings of one severity (cross-year ones included).
    Findings(Severity),
    /// 1 for each report: a ratio over it is an average per report.
    Report,
}

/// A metric: what it is called, how it is computed, its unit and when it has no value.
#[derive(Debug)]
pub struct Metric {
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub numerator: Part,
    /// `None` for a count (the value is the numerator).
    pub denominator: Option<Part>,
    /// A ratio's factor (100 for a percentage).
    pub scale: i64,
    pub unit_zh: &'static str,
    pub unit_en: &'static str,
    pub formula_zh: &'static str,
    pub formula_en: &'static str,
    pub undefined_zh: &'static str,
    pub undefined_en: &'static str,
}

impl Metric {
    pub fn kind(&self) -> &'static str {
        if self.denominator.is_some() {
            "ratio"
        } else {
            "count"
        }
    }
    pub fn name(&self, locale: crate::finding::Locale) -> &'static str {
        match locale {
            crate::finding::Locale::Zh => self.zh,
            crate::finding::Locale::En => self.en,
        }
    }
}

const T3_TOTAL: &[Term] = &[(3, "（七）总计", "总计")];
const T4_REVIEW_TOTAL: &[Term] = &[(4, "行政复议", "总计")];
const T4_SUIT_TOTAL: &[Term] = &[(4, "行政诉讼/未经复议直接起诉", "总计"), (4, "行政诉讼/复议后起诉", "总计")];
const NO_VALUE_IF_NO_CELL: &str = "表中无此单元格或单元格空白、为“/”时无值（NULL）";
const NO_VALUE_IF_NO_CELL_EN: &str = "NULL when the cell is missing, blank or “/”";

/// Every metric, in the order the dashboard and README show them.
pub const METRICS: &[Metric] = &[
    Metric {
        id: "received",
        zh: "本年新收申请",
        en: "applications received",
        numerator: Part::Cells(&[(3, "一、本年新收", "总计")]),
        denominator: None,
        scale: 1,
        unit_zh: "件",
        unit_en: "applications",
        formula_zh: "表三 一、本年新收 · 总计",
        formula_en: "table 3, 一、本年新收 (new), column 总计 (total)",
        undefined_zh: NO_VALUE_IF_NO_CELL,
        undefined_en: NO_VALUE_IF_NO_CELL_EN,
    },
    Metric {
        id: "handled",
        zh: "办理申请",
        en: "applications handled",
        numerator: Part::Cells(T3_TOTAL),
        denominator: None,
        scale: 1,
        unit_zh: "件",
        unit_en: "applications",
        formula_zh: "表三 （七）总计 · 总计",
        formula_en: "table 3, （七）总计 (total handled), column 总计",
        undefined_zh: NO_VALUE_IF_NO_CELL,
        undefined_en: NO_VALUE_IF_NO_CELL_EN,
    },
    Metric {
        id: "carried_over",
        zh: "结转下年度",
        en: "carried over",
        numerator: Part::Cells(&[(3, "四、结转下年度继续办理", "总计")]),
        denominator: None,
        scale: 1,
        unit_zh: "件",
        unit_en: "applications",
        formula_zh: "表三 四、结转下年度继续办理 · 总计",
        formula_en: "table 3, 四、结转下年度继续办理 (carried over), column 总计",
        undefined_zh: NO_VALUE_IF_NO_CELL,
        undefined_en: NO_VALUE_IF_NO_CELL_EN,
    },
    Metric {
        id: "disclosure_rate",
        zh: "公开率",
        en: "disclosure rate",
        numerator: Part::Cells(&[(3, "（一）予以公开", "总计"), (3, "（二）部分公开", "总计")]),
        denominator: Some(Part::Cells(T3_TOTAL)),
        scale: 100,
        unit_zh: "%",
        unit_en: "%",
        formula_zh: "（（一）予以公开 + （二）部分公开）÷ （七）总计 × 100，均取总计列",
        formula_en: "(（一）予以公开 + （二）部分公开) ÷ （七）总计 × 100, column 总计",
        undefined_zh: "（七）总计为 0、空白或缺失时无值（NULL，不是 0）",
        undefined_en: "NULL (not 0) when （七）总计 is 0, blank or missing",
    },
    Metric {
        id: "denied_share",
        zh: "不予公开占比",
        en: "share refused",
        numerator: Part::Cells(&[
            (3, "（三）1.属于国家秘密", "总计"),
            (3, "（三）2.其他法律行政法规禁止公开", "总计"),
            (3, "（三）3.危及“三安全一稳定”", "总计"),
            (3, "（三）4.保护第三方合法权益", "总计"),
            (3, "（三）5.属于三类内部事务信息", "总计"),
            (3, "（三）6.属于四类过程性信息", "总计"),
            (3, "（三）7.属于行政执法案卷", "总计"),
            (3, "（三）8.属于行政查询事项", "总计"),
        ]),
        denominator: Some(Part::Cells(T3_TOTAL)),
        scale: 100,
        unit_zh: "%",
        unit_en: "%",
        formula_zh: "（三）不予公开 1–8 项之和 ÷ （七）总计 × 100，均取总计列",
        formula_en: "sum of （三）不予公开 1–8 ÷ （七）总计 × 100, column 总计",
        undefined_zh: "（七）总计为 0、空白或缺失时无值（NULL，不是 0）",
        undefined_en: "NULL (not 0) when （七）总计 is 0, blank or missing",
    },
    Metric {
        id: "unavailable_share",
        zh: "无法提供占比",
        en: "share unavailable",
        numerator: Part::Cells(&[(3, "（四）1.本机关不掌握相关政府信息", "总计"), (3, "（四）2.没有现成信息需要另行制作", "总计"), (3, "（四）3.补正后申请内容仍不明确", "总计")]),
        denominator: Some(Part::Cells(T3_TOTAL)),
        scale: 100,
        unit_zh: "%",
        unit_en: "%",
        formula_zh: "（四）无法提供 1–3 项之和 ÷ （七）总计 × 100，均取总计列",
        formula_en: "sum of （四）无法提供 1–3 ÷ （七）总计 × 100, column 总计",
        undefined_zh: "（七）总计为 0、空白或缺失时无值（NULL，不是 0）",
        undefined_en: "NULL (not 0) when （七）总计 is 0, blank or missing",
    },
    Metric {
        id: "reviews",
        zh: "行政复议",
        en: "administrative reviews",
        numerator: Part::Cells(T4_REVIEW_TOTAL),
        denominator: None,
        scale: 1,
        unit_zh: "件",
        unit_en: "cases",
        formula_zh: "表四 行政复议 · 总计",
        formula_en: "table 4, 行政复议 (review), column 总计",
        undefined_zh: NO_VALUE_IF_NO_CELL,
        undefined_en: NO_VALUE_IF_NO_CELL_EN,
    },
    Metric {
        id: "review_correction_rate",
        zh: "复议纠错率",
        en: "review correction rate",
        numerator: Part::Cells(&[(4, "行政复议", "结果纠正")]),
        denominator: Some(Part::Cells(T4_REVIEW_TOTAL)),
        scale: 100,
        unit_zh: "%",
        unit_en: "%",
        formula_zh: "表四 行政复议 结果纠正 ÷ 行政复议 总计 × 100",
        formula_en: "table 4, review 结果纠正 (corrected) ÷ review 总计 × 100",
        undefined_zh: "行政复议总计为 0、空白或缺失时无值（NULL，不是 0）",
        undefined_en: "NULL (not 0) when the review total is 0, blank or missing",
    },
    Metric {
        id: "lawsuits",
        zh: "行政诉讼",
        en: "lawsuits",
        numerator: Part::Cells(T4_SUIT_TOTAL),
        denominator: None,
        scale: 1,
        unit_zh: "件",
        unit_en: "cases",
        formula_zh: "表四 未经复议直接起诉 · 总计 + 复议后起诉 · 总计",
        formula_en: "table 4, lawsuits without review 总计 + lawsuits after review 总计",
        undefined_zh: NO_VALUE_IF_NO_CELL,
        undefined_en: NO_VALUE_IF_NO_CELL_EN,
    },
    Metric {
        id: "lawsuit_correction_rate",
        zh: "诉讼纠错率",
        en: "lawsuit correction rate",
        numerator: Part::Cells(&[(4, "行政诉讼/未经复议直接起诉", "结果纠正"), (4, "行政诉讼/复议后起诉", "结果纠正")]),
        denominator: Some(Part::Cells(T4_SUIT_TOTAL)),
        scale: 100,
        unit_zh: "%",
        unit_en: "%",
        formula_zh: "表四 两类行政诉讼 结果纠正之和 ÷ 两类行政诉讼 总计之和 × 100",
        formula_en: "table 4, corrected in both kinds of lawsuit ÷ their totals × 100",
        undefined_zh: "两类行政诉讼总计之和为 0、空白或缺失时无值（NULL，不是 0）",
        undefined_en: "NULL (not 0) when the lawsuit totals add up to 0 or are blank or missing",
    },
    Metric {
        id: "errors_per_report",
        zh: "每份报告错误数",
        en: "errors per report",
        numerator: Part::Findings(Severity::Error),
        denominator: Some(Part::Report),
        scale: 1,
        unit_zh: "处",
        unit_en: "findings",
        formula_zh: "错误级问题数 ÷ 报告份数（含跨年核对）",
        formula_en: "findings of severity error ÷ reports (cross-year findings included)",
        undefined_zh: "总有值（无报告时无行）",
        undefined_en: "always defined (no row without a report)",
    },
    Metric {
        id: "warnings_per_report",
        zh: "每份报告警告数",
        en: "warnings per report",
        numerator: Part::Findings(Severity::Warning),
        denominator: Some(Part::Report),
        scale: 1,
        unit_zh: "处",
        unit_en: "findings",
        formula_zh: "警告级问题数 ÷ 报告份数",
        formula_en: "findings of severity warning ÷ reports",
        undefined_zh: "总有值（无报告时无行）",
        undefined_en: "always defined (no row without a report)",
    },
    Metric {
        id: "infos_per_report",
        zh: "每份报告提示数",
        en: "infos per report",
        numerator: Part::Findings(Severity::Info),
        denominator: Some(Part::Report),
        scale: 1,
        unit_zh: "处",
        unit_en: "findings",
        formula_zh: "提示级问题数 ÷ 报告份数",
        formula_en: "findings of severity info ÷ reports",
        undefined_zh: "总有值（无报告时无行）",
        undefined_en: "always defined (no row without a report)",
    },
];

/// A metric by id.
pub fn get(id: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.id == id)
}

/// One report's numerator and denominator of a metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Input {
    pub metric: &'static str,
    pub numerator: Option<Num>,
    pub denominator: Option<Num>,
}

/// A report's inputs to every metric: `cell(table, row, column)` gives a cell's number
/// (`None` when blank, `/`, unreadable or missing), `findings` the count of findings per
/// severity (error, warning, info).
pub fn inputs(cell: impl Fn(u8, &str, &str) -> Option<Num>, findings: [usize; 3]) -> Vec<Input> {
    let part = |p: &Part| -> Option<Num> {
        match p {
            Part::Cells(terms) => {
                let mut sum: Option<Exact> = None;
                for n in terms.iter().filter_map(|&(t, r, c)| cell(t, r, c)) {
                    sum = Some(match sum {
                        None => n.exact(),
                        Some(a) => add(a, n.exact())?,
                    });
                }
                sum.map(Num::from)
            }
            Part::Findings(s) => {
                let i = match s {
                    Severity::Error => 0,
                    Severity::Warning => 1,
                    Severity::Info => 2,
                };
                Some(Num::Int(i64::try_from(findings[i]).unwrap_or(i64::MAX)))
            }
            Part::Report => Some(Num::Int(1)),
        }
    };
    METRICS.iter().map(|m| Input { metric: m.id, numerator: part(&m.numerator), denominator: m.denominator.as_ref().and_then(part) }).collect()
}

/// `a + b`, exactly (`None` past 64 bits).
fn add(a: Exact, b: Exact) -> Option<Exact> {
    a.checked_sub(Exact::Whole(0).checked_sub(b)?)
}

/// The value a metric takes on summed inputs, as the views compute it (for the dashboard and
/// the assessment's sentences, which read the views; and for tests).
pub fn value(m: &Metric, numerator: Option<f64>, denominator: Option<f64>) -> Option<f64> {
    match m.denominator {
        None => numerator,
        Some(_) => match (numerator, denominator) {
            (Some(n), Some(d)) if d != 0.0 => Some(m.scale as f64 * n / d),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_terms_name_template_cells() {
        let mut ids: Vec<&str> = METRICS.iter().map(|m| m.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), METRICS.len());
        // Every term names a cell `compare` names (the rows and columns of a full report).
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/010_hongze_2024.txt")).unwrap();
        let (_, models) = crate::api::check_text_keeping_models(&text, &Default::default());
        let cells = crate::crossyear::compare::cells_of(&models[0].1);
        for m in METRICS {
            for p in [Some(m.numerator), m.denominator].into_iter().flatten() {
                if let Part::Cells(terms) = p {
                    for &(t, r, c) in terms {
                        assert!(cells.iter().any(|s| (s.table, s.row, s.column) == (t, r, c)), "{}: {t} {r} {c}", m.id);
                    }
                }
            }
        }
    }

    #[test]
    fn readme_documents_every_metric() {
        let readme = include_str!("../../README.md");
        for m in METRICS {
            let row = format!("| `{}` | {} | {} | {} |", m.id, m.zh, m.unit_zh, m.formula_zh);
            assert!(readme.contains(&row), "README's metric table lacks {row}");
        }
    }

    #[test]
    fn a_sum_of_blanks_is_null_and_a_zero_denominator_has_no_value() {
        let none = inputs(|_, _, _| None, [0, 0, 0]);
        let rate = none.iter().find(|i| i.metric == "disclosure_rate").unwrap();
        assert_eq!((rate.numerator, rate.denominator), (None, None));
        let m = get("disclosure_rate").unwrap();
        assert_eq!(value(m, Some(0.0), Some(0.0)), None);
        assert_eq!(value(m, Some(1.0), Some(4.0)), Some(25.0));
        let some = inputs(|_, r, _| (r == "（一）予以公开").then_some(Num::Int(3)), [2, 0, 1]);
        let rate = some.iter().find(|i| i.metric == "disclosure_rate").unwrap();
        assert_eq!((rate.numerator, rate.denominator), (Some(Num::Int(3)), None));
        let errors = some.iter().find(|i| i.metric == "errors_per_report").unwrap();
        assert_eq!((errors.numerator, errors.denominator), (Some(Num::Int(2)), Some(Num::Int(1))));
    }
}
