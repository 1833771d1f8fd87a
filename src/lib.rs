//! nianbao: checks 政府信息公开工作年度报告 (government information-disclosure annual reports).
//!
//! Data flows one way: text → lines/cells (`text`, `parse::blocks`) → report model (`parse`,
//! `model`) → findings (`rules`) → surfaces (`cli`, `lsp`). Templates are data (`template`).
//! See ARCHITECTURE.md for the map.

pub mod analysis;
pub mod document;
pub mod api;
pub mod crossyear;
#[cfg(feature = "cli")]
pub mod cli;
pub mod explain;
pub mod finding;
#[cfg(feature = "formats")]
pub mod formats;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod model;
pub mod par;
pub mod parse;
pub mod position;
pub mod rules;
pub mod template;
pub mod text;

pub use api::{check_text, fill_totals, rule_description, CheckOptions, CheckResult, TemplateId};
pub use finding::{Edit, Finding, Locale, Msg, Num, Related, Severity};
