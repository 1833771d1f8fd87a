//! Findings: what a rule proves about a report, independent of how it is shown.
//!
//! A finding carries its rule id, severity, a bilingual message, the byte span of the cell or
//! text it points at (absolute offsets into the analysed text), the stated and expected values,
//! the related cells that make up a sum, and, when a mechanical fix exists, the edit that applies
//! it. Surfaces (CLI outputs, LSP diagnostics, hovers, code actions) only ever read findings.

pub use crate::decimal::{Dec, Exact};
use serde::Serialize;
use std::ops::Range;

/// How bad a finding is. Arithmetic that fails is an error; heuristics are warnings or info.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The language user-facing text is rendered in. Chinese first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    Zh,
    En,
}

impl Locale {
    pub fn parse(s: &str) -> Option<Locale> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" | "chinese" => Some(Locale::Zh),
            "en" | "en-us" | "en_us" | "english" => Some(Locale::En),
            _ => None,
        }
    }
}

/// A message in both languages; rules write both when they create a finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg { zh: zh.into(), en: en.into() }
    }
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Zh => &self.zh,
            Locale::En => &self.en,
        }
    }
}

/// A replacement of a byte range of the analysed text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// A cell or text span that takes part in a finding (for example one addend of a sum).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Related {
    pub span: Range<usize>,
    pub label: Msg,
    /// The other file the span is in (cross-year rules point into last year's report), as
    /// the caller named it; `None` for the finding's own text.
    pub file: Option<std::sync::Arc<str>>,
}

impl Related {
    /// A span of the finding's own text.
    pub fn here(span: Range<usize>, label: Msg) -> Related {
        Related { span, label, file: None }
    }
}

/// A numeric value as stated in or expected for a cell. `None` in a finding means blank.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Num {
    Int(i64),
    /// A number with a fractional part, every digit as written (money amounts).
    Dec(Dec),
}

impl Num {
    /// JSON: a number, or for a decimal that an `f64` cannot carry exactly (more than 15
    /// significant digits), its digits as a string, so that no digit is lost.
    pub fn to_json(self) -> serde_json::Value {
        match self {
            Num::Int(i) => serde_json::Value::from(i),
            Num::Dec(d) => match d.to_f64() {
                (f, true) => serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number),
                (_, false) => serde_json::Value::String(d.to_string()),
            },
        }
    }

    pub fn is_positive(self) -> bool {
        match self {
            Num::Int(i) => i > 0,
            Num::Dec(d) => d.is_positive(),
        }
    }

    pub fn exact(self) -> Exact {
        match self {
            Num::Int(i) => Exact::Whole(i),
            Num::Dec(d) => Exact::Dec(d),
        }
    }
}

impl From<Exact> for Num {
    fn from(e: Exact) -> Num {
        match e {
            Exact::Whole(i) => Num::Int(i),
            Exact::Dec(d) => Num::Dec(d),
        }
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Num::Int(i) => write!(f, "{i}"),
            Num::Dec(d) => d.fmt(f),
        }
    }
}

/// One thing a rule proved (or, for warnings and info, found likely) about a report.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    /// Stable rule id, e.g. `t3_row_total`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: Msg,
    /// Absolute byte range in the analysed text.
    pub span: Range<usize>,
    /// The value written in the cell or text; `None` when blank or not numeric.
    pub stated: Option<Num>,
    /// The value the rule computed; `None` when the rule has no single expected value.
    pub expected: Option<Num>,
    pub related: Vec<Related>,
    /// The mechanical fix, when one exists (quick fix / `nianbao fix`).
    pub fix: Option<Edit>,
    /// What kind of fix `fix` is: which fix-all takes it, and whether it is preferred.
    pub fix_kind: FixKind,
}

/// What a finding's fix does. A computed 总计 is proven and preferred; a narrative number set to
/// the table's figure (or a blank table cell set to the narrative's) is taken only when asked
/// for (`source.fixAll.nianbao.narrative`, `nianbao fix --narrative`); other fixes (template
/// wording, the 结转 suggestion) are quick fixes only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FixKind {
    #[default]
    Other,
    /// Fills a computed 总计: the preferred quick fix.
    Total,
    /// Makes the narrative and a table agree.
    Narrative,
}

impl Finding {
    /// True when `fix` fills a computed 总计 (the preferred quick fix).
    pub fn fix_is_total(&self) -> bool {
        self.fix_kind == FixKind::Total
    }

    pub fn new(rule: &'static str, severity: Severity, span: Range<usize>, message: Msg) -> Finding {
        Finding {
            rule,
            severity,
            message,
            span,
            stated: None,
            expected: None,
            related: Vec::new(),
            fix: None,
            fix_kind: FixKind::Other,
        }
    }

    /// The same finding with every span moved by `off` bytes (report-relative → absolute).
    pub fn shifted(mut self, off: usize) -> Finding {
        if off == 0 {
            return self;
        }
        self.span = self.span.start + off..self.span.end + off;
        for r in self.related.iter_mut().filter(|r| r.file.is_none()) {
            r.span = r.span.start + off..r.span.end + off;
        }
        if let Some(e) = &mut self.fix {
            e.range = e.range.start + off..e.range.end + off;
        }
        self
    }
}
