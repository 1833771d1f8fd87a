//! `--format sarif`: SARIF 2.1.0, for code-scanning UIs.

use super::Checked;
use crate::finding::{Locale, Severity};
use crate::rules::catalog;
use serde_json::{json, Value};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(files: &[Checked], locale: Locale) -> String {
    let mut ids: Vec<&'static str> = files.iter().flat_map(|f| f.findings.iter().map(|x| x.rule)).collect();
    ids.sort();
    ids.dedup();
    let rules: Vec<Value> = ids
        .iter()
        .map(|id| {
            let info = catalog::info(id);
            json!({
                "id": id,
                "shortDescription": {"text": catalog::description(id, locale).unwrap_or(id)},
                "defaultConfiguration": {"level": level(info.map_or(Severity::Warning, |i| i.severity))},
            })
        })
        .collect();
    let ids = &ids;
    let results: Vec<Value> = files
        .iter()
        .flat_map(|f| {
            f.findings.iter().map(move |x| {
                let (l, c, el, ec) = f.lines_cols(x);
                json!({
                    "ruleId": x.rule,
                    "ruleIndex": ids.iter().position(|i| *i == x.rule),
                    "level": level(x.severity),
                    "message": {"text": x.message.get(locale)},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": f.path.replace('\\', "/")},
                        "region": {"startLine": l, "startColumn": c, "endLine": el, "endColumn": ec}
                    }}],
                    "properties": {"stated": x.stated.map(|n| n.to_json()), "expected": x.expected.map(|n| n.to_json())},
                })
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "nianbao", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://crates.io/crates/nianbao", "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string())
}
