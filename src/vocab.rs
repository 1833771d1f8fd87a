//! The words every floor of the checker shares: which template a report follows
//! (`TemplateId`), the options a check runs with (`CheckOptions`), and what checking a text
//! gives (`CheckResult`). They sit at the bottom, beside `finding`, so that the model, the
//! templates, the parser and the rules can name them without importing the front door (`api`)
//! that calls them; `api` re-exports them for users of the library.

use crate::finding::Finding;
use std::collections::HashSet;

/// Which national template a report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TemplateId {
    /// 国办公开办函〔2019〕60号 trial template (reports for 2019 and 2020).
    T2019,
    /// 国办公开办函〔2021〕30号 revised template (reports for 2021 onward).
    T2021,
}

impl TemplateId {
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateId::T2019 => "2019",
            TemplateId::T2021 => "2021",
        }
    }
    pub fn parse(s: &str) -> Option<TemplateId> {
        match s.trim() {
            "2019" => Some(TemplateId::T2019),
            "2021" => Some(TemplateId::T2021),
            _ => None,
        }
    }
}

/// Options shared by every surface.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Force a template instead of detecting it.
    pub template: Option<TemplateId>,
    /// Rule ids that are switched off.
    pub disabled_rules: HashSet<String>,
}

/// The result of checking one text.
#[derive(Clone, Debug, Default)]
pub struct CheckResult {
    /// False when the text does not look like an annual report (no title, no tables).
    pub is_report: bool,
    pub template: Option<TemplateId>,
    pub year: Option<i32>,
    /// Sorted by span start.
    pub findings: Vec<Finding>,
}
