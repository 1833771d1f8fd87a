//! The report model: what the parser understood of one report. Every span is a byte range
//! relative to the start of the report's own text, so a report's model and findings stay
//! valid when other reports in the same document are edited.

use crate::text::CellValue;
use crate::vocab::TemplateId;
use std::ops::Range;

/// One table cell: where it is and what it holds. A blank cell has a zero-width span at the
/// place where a value would be written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cell {
    pub span: Range<usize>,
    pub value: CellValue,
}

impl Cell {
    /// Byte range of the numeric token (what a fix replaces); the insertion point when blank.
    pub fn number_range(&self) -> Range<usize> {
        match &self.value {
            CellValue::Number { range, .. } => self.span.start + range.start as usize..self.span.start + range.end as usize,
            CellValue::Blank => self.span.start..self.span.start,
            _ => self.span.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Heading {
    pub section: u8,
    pub numeral: bool,
    pub numeral_ok: bool,
    pub span: Range<usize>,
}

/// A label cell whose text differs from the template's canonical wording.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LabelIssue {
    pub span: Range<usize>,
    pub found: String,
    pub canonical: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct T2Row {
    /// Canonical row label (e.g. 行政规范性文件).
    pub label: &'static str,
    pub label_span: Range<usize>,
    pub cells: Vec<Cell>,
}

/// One 第二十条 block of table 2.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct T2Block {
    pub item: u8,
    pub caption_span: Range<usize>,
    /// Normalised column headers after 信息内容, with their spans (the template's own text
    /// borrowed: no copy per report).
    pub columns: Vec<(std::borrow::Cow<'static, str>, Range<usize>)>,
    pub rows: Vec<T2Row>,
}

impl T2Block {
    /// The row labelled `label` (the 2019 规范性文件 and the 2021 行政规范性文件 stand for each
    /// other: a report may write either).
    pub fn row(&self, label: &str) -> Option<&T2Row> {
        self.rows.iter().find(|r| r.label == label || (label.ends_with("规范性文件") && r.label.ends_with("规范性文件")))
    }

    /// The whole number in row `row` (as [`T2Block::row`] finds it) and column `column`, and
    /// its cell.
    pub fn int_at(&self, row: &str, column: &str) -> Option<(i64, &Cell)> {
        let k = self.columns.iter().position(|(n, _)| n == column)?;
        let c = self.row(row)?.cells.get(k)?;
        Some((c.value.int()?, c))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct T3Row {
    pub key: &'static str,
    pub label_span: Range<usize>,
    /// 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计; `None` when the row
    /// has fewer cells than columns.
    pub cells: [Option<Cell>; 7],
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Table3 {
    pub span: Range<usize>,
    pub rows: Vec<T3Row>,
}

impl Table3 {
    pub fn row(&self, key: &str) -> Option<&T3Row> {
        self.rows.iter().find(|r| r.key == key)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Table4 {
    pub span: Range<usize>,
    /// Three groups (行政复议, 未经复议直接起诉, 复议后起诉) × (维持, 纠正, 其他, 尚未审结, 总计).
    pub cells: [Option<Cell>; 15],
}

/// A number stated in narrative text, with what it claims.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Claim {
    pub kind: ClaimKind,
    /// Span of the number (or of the phrase, for `NoneOf` claims).
    pub span: Range<usize>,
    pub value: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClaimKind {
    /// N1 本年新收…N件
    NewReceived,
    /// N2 上年结转…N件
    CarriedIn,
    /// N3 结转下年度…N件
    CarriedOut,
    /// N4 (共)收到/受理…申请…N件
    Received,
    /// N5 办结…N件
    Concluded,
    /// N5 答复/处理(…申请)N件: the year's handled applications
    Handled,
    /// N6 行政复议N件
    Review,
    /// N7 行政诉讼N件
    Litigation,
    /// N8 未收到…申请
    NoApplications,
    /// N9 没有…行政复议
    NoReview,
    /// N9 没有…行政诉讼
    NoLitigation,
}

/// An internal "X件，其中A…、B…" breakdown that looks exhaustive.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Breakdown {
    pub total_span: Range<usize>,
    pub total: i64,
    pub parts: Vec<(i64, Range<usize>)>,
    pub unit: char,
}

/// A four-digit year written in prose (`2022年`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct YearMention {
    pub year: i32,
    pub span: Range<usize>,
    /// Sits in a plan/range context (`到2025年`, `2021—2025年`, inside 《》): never an error.
    pub planning: bool,
    /// The clause states completed statistics (`…被申请行政复议N件`).
    pub with_stats: bool,
    /// Statistics-period sentence (`统计期限为YYYY年1月1日至…`).
    pub stat_period: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Paragraph {
    pub section: Option<u8>,
    pub span: Range<usize>,
}

impl Report {
    /// Table 2's block for 第二十条 item `item`.
    pub fn t2_block(&self, item: u8) -> Option<&T2Block> {
        self.t2.iter().find(|b| b.item == item)
    }

    /// Who the title names: as assembled, or read now for a model without it.
    pub fn agency_read(&self) -> std::borrow::Cow<'_, Result<crate::agency::Agency, crate::agency::Unknown>> {
        match &self.agency {
            Some(a) => std::borrow::Cow::Borrowed(a),
            None => std::borrow::Cow::Owned(crate::agency::read(&self.title)),
        }
    }
}

/// Everything the parser understood of one report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Report {
    pub title_span: Option<Range<usize>>,
    pub title: String,
    /// Who the title names (`agency::read`), read once as the report is assembled (the
    /// structure rule and the cross-year record both need it); `None` without a title line, or
    /// in a model rebuilt without it. Read it through `Report::agency_read`.
    pub agency: Option<Result<crate::agency::Agency, crate::agency::Unknown>>,
    pub year: Option<(i32, Range<usize>)>,
    pub headings: Vec<Heading>,
    pub paragraphs: Vec<Paragraph>,
    pub t2: Vec<T2Block>,
    pub t3: Option<Table3>,
    pub t4: Option<Table4>,
    /// (table number 2/3/4, the section it sits in, its span).
    pub table_places: Vec<(u8, Option<u8>, Range<usize>)>,
    pub label_issues: Vec<LabelIssue>,
    /// Table rows whose cells cannot be given their columns without guessing (table number,
    /// the row's label or first value): kept without cells, so nothing is checked on them.
    pub unreadable: Vec<(u8, Range<usize>)>,
    /// Table blocks in which no table of the template was recognised: (section, span).
    pub unknown_tables: Vec<(Option<u8>, Range<usize>)>,
    pub markers_2019: Vec<Range<usize>>,
    pub markers_2021: Vec<Range<usize>>,
    pub claims: Vec<Claim>,
    pub breakdowns: Vec<Breakdown>,
    pub years: Vec<YearMention>,
    /// The detected template (or the forced one).
    pub template: Option<TemplateId>,
    pub is_report: bool,
}
