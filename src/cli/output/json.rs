//! `--format json`: an array of `{"file","template","year","findings":[…]}` with 1-based
//! lines and character columns.

use super::Checked;
use crate::finding::Locale;
use serde_json::{json, Value};

pub fn render(files: &[Checked], locale: Locale) -> String {
    let arr: Vec<Value> = files
        .iter()
        .map(|f| {
            let findings: Vec<Value> = f
                .findings
                .iter()
                .map(|x| {
                    let (l, c, el, ec) = f.lines_cols(x);
                    json!({
                        "rule": x.rule,
                        "severity": x.severity.as_str(),
                        "message": x.message.get(locale),
                        "line": l,
                        "column": c,
                        "end_line": el,
                        "end_column": ec,
                        "stated": x.stated.map(|n| n.to_json()),
                        "expected": x.expected.map(|n| n.to_json()),
                    })
                })
                .collect();
            json!({"file": f.path, "template": f.template, "year": f.year, "findings": findings})
        })
        .collect();
    serde_json::to_string_pretty(&arr).unwrap_or_else(|_| "[]".to_string())
}
