//! nianbao: checks 政府信息公开工作年度报告 (government information-disclosure annual reports).
//!
//! Data flows one way: text → lines/cells (`text`, `parse::blocks`) → report model (`parse`,
//! `model`) → findings (`rules`) → surfaces (`cli`, `lsp`). Templates are data (`template`).
//! Imports go one way too (`tests/architecture.rs`): surfaces → front doors (`api`,
//! `document`) → `analysis` → `parse` and `rules` → `model` → `text`, with the vocabulary
//! (`vocab`) at the bottom. See ARCHITECTURE.md for the map.

pub mod agency;
pub mod analysis;
pub mod cell_links;
pub mod completion;
pub mod document;
pub mod api;
pub mod crossyear;
pub mod decimal;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod dashboard;
#[cfg(feature = "cli")]
pub mod export;
pub mod explain;
pub mod finding;
#[cfg(feature = "formats")]
pub mod formats;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod model;
pub mod nextyear;
pub mod par;
pub mod parse;
pub mod position;
pub mod rules;
pub mod table_layout;
pub mod template;
pub mod text;
pub mod vocab;

pub use api::{check_text, fill_totals, rule_description};
pub use finding::{Edit, Finding, FixKind, Locale, Msg, Num, Related, Severity};
pub use vocab::{CheckOptions, CheckResult, TemplateId};

/// The text of every `tests/fixtures/*.txt` with its path, in name order (for unit tests).
#[cfg(test)]
pub(crate) fn fixture_texts() -> Vec<(std::path::PathBuf, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(dir).expect("fixtures").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read fixture");
            (p, text)
        })
        .collect()
}
