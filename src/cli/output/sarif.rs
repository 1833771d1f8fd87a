//! `--format sarif`: SARIF 2.1.0, for code-scanning UIs. One run; the rules array lists the
//! distinct rule ids seen, described by `rule_description`; each result points at its file by a
//! URI relative to the current folder (percent-encoded; `file://` when outside it) and a region
//! in 1-based lines and Unicode code-point columns. Files that could not be read are
//! `invocations[0].toolExecutionNotifications` (and make `executionSuccessful` false).

use super::{write_items, Checked, Failure, Files};
use crate::api::rule_description;
use crate::finding::{Locale, Severity};
use crate::rules::catalog;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Component, Path};

/// Percent-encode a path for a URI: unreserved characters and `/` stay, everything else
/// (spaces, `%`, `#`, non-ASCII as UTF-8) is escaped.
fn percent(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The artifact URI of a path as shown to the user: relative (to `cwd`) when possible.
fn uri(path: &str, cwd: Option<&Path>) -> String {
    let p = Path::new(path);
    let rel = if p.is_absolute() { cwd.and_then(|c| p.strip_prefix(c).ok()) } else { Some(p) };
    match rel {
        Some(r) => {
            let parts: Vec<String> = r
                .components()
                .filter(|c| !matches!(c, Component::CurDir))
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            percent(&parts.join("/"))
        }
        None => {
            let s = path.replace('\\', "/");
            let s = if s.starts_with('/') { s } else { format!("/{s}") };
            format!("file://{}", percent(&s))
        }
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// How many results are rendered at once (in parallel) before they are written.
const CHUNK: usize = 4096;

/// The whole log, as `serde_json::to_string_pretty` of one value would print it.
pub fn render(files: &[Checked], failures: &[Failure], locale: Locale) -> String {
    render_in(files, failures, locale, std::env::current_dir().ok().as_deref())
}

/// Write the whole log (`render`'s bytes) as it is rendered: the results `CHUNK` at a time on
/// every core, never the whole log as one value or text.
pub fn write(w: &mut dyn Write, files: &[Checked], failures: &[Failure], locale: Locale) -> std::io::Result<()> {
    write_in(w, files, failures, locale, std::env::current_dir().ok().as_deref(), CHUNK)
}

fn render_in(files: &[Checked], failures: &[Failure], locale: Locale, cwd: Option<&Path>) -> String {
    let mut out = Vec::new();
    let _ = write_in(&mut out, files, failures, locale, cwd, CHUNK);
    String::from_utf8(out).unwrap_or_default()
}

/// One finding of file `f` (the `i`-th) as a SARIF result; `ids` are the run's rule ids.
fn result(files: &Files, f: &Checked, furi: &str, ids: &[&'static str], (i, x): (usize, &crate::finding::Finding), locale: Locale, cwd: Option<&Path>) -> Value {
    let (l, c, el, ec) = f.lines_cols(x);
    let mut v = json!({
        "ruleId": x.rule,
        "ruleIndex": ids.iter().position(|i| *i == x.rule),
        "level": level(x.severity),
        "message": {"text": x.message.get(locale)},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": furi},
            "region": {"startLine": l, "startColumn": c, "endLine": el, "endColumn": ec}
        }}],
        "properties": {"stated": x.stated.map(|n| n.to_json()), "expected": x.expected.map(|n| n.to_json())},
    });
    // Files without lines of their own (PDF, Word) name the place: page, table, row, column.
    if let Some(loc) = f.location(i) {
        v["properties"]["location"] = loc.to_json();
    }
    // Cross-year findings point into last year's report too.
    let also = super::elsewhere(files, x);
    if !also.is_empty() {
        v["relatedLocations"] = also
            .iter()
            .enumerate()
            .map(|(k, e)| {
                json!({
                    "id": k,
                    "message": {"text": e.label.get(locale)},
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(e.file, cwd)},
                        "region": {"startLine": e.at.0, "startColumn": e.at.1, "endLine": e.at.2, "endColumn": e.at.3}
                    }
                })
            })
            .collect();
    }
    v
}

fn write_in(w: &mut dyn Write, files: &[Checked], failures: &[Failure], locale: Locale, cwd: Option<&Path>, chunk: usize) -> std::io::Result<()> {
    let files = &Files::new(files);
    let mut ids: Vec<&'static str> = files.iter().flat_map(|f| f.findings.iter().map(|x| x.rule)).collect();
    ids.sort();
    ids.dedup();
    let rules: Vec<Value> = ids
        .iter()
        .map(|id| {
            let info = catalog::info(id);
            json!({
                "id": id,
                "shortDescription": {"text": rule_description(id, locale).unwrap_or(id)},
                "defaultConfiguration": {"level": level(info.map_or(Severity::Warning, |i| i.severity))},
            })
        })
        .collect();
    let notes: Vec<Value> = failures
        .iter()
        .map(|e| {
            let mut n = json!({"level": "error", "message": {"text": e.error}});
            if !e.file.is_empty() {
                n["locations"] = json!([{"physicalLocation": {"artifactLocation": {"uri": uri(&e.file, cwd)}}}]);
            }
            n
        })
        .collect();
    // The log without its results; they are written where its empty array is.
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "nianbao", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://crates.io/crates/nianbao", "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": failures.is_empty(), "toolExecutionNotifications": notes}],
            "results": [],
        }],
    });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    // Inside a string every quote is escaped: this is the key itself.
    const EMPTY: &str = "\"results\": []";
    let Some(at) = text.find(EMPTY) else { return w.write_all(text.as_bytes()) };
    w.write_all(&text.as_bytes()[..at + EMPTY.len() - 2])?;
    // Every finding of the run, as (file, finding) indices, rendered `chunk` at a time on every
    // core: a large file's thousands, or a folder's many small files together.
    let uris: Vec<String> = files.iter().map(|f| uri(&f.path, cwd)).collect();
    let all: Vec<(usize, usize)> = files.iter().enumerate().flat_map(|(k, f)| (0..f.findings.len()).map(move |i| (k, i))).collect();
    let ids = &ids;
    write_items(w, &all, chunk, "        ", "      ", &|_, &(k, i)| {
        serde_json::to_string_pretty(&result(files, &files[k], &uris[k], ids, (i, &files[k].findings[i]), locale, cwd)).unwrap_or_default()
    })?;
    w.write_all(&text.as_bytes()[at + EMPTY.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Msg, Num};

    fn file(path: &str) -> Checked {
        let text = "2023年政府信息公开工作年度报告\n总计\t0\n".to_string();
        let at = text.find("\t0").unwrap() + 1;
        let mut f = Finding::new("t4_total", Severity::Error, at..at + 1, Msg::new("总计应为 11", "total should be 11"));
        (f.stated, f.expected) = (Some(Num::Int(0)), Some(Num::Int(11)));
        let w = Finding::new("title_format", Severity::Warning, 0..4, Msg::new("标题", "title"));
        let n = Finding::new("t2_column_misuse", Severity::Info, 0..0, Msg::new("提示", "hint"));
        Checked { path: path.into(), lines: crate::position::LineStarts::new(&text), text, template: Some("2021"), year: Some(2023), findings: vec![w, f, n], locations: vec![], ..Default::default() }
    }

    #[test]
    fn shape_of_a_sarif_log() {
        let failed = [Failure { file: "c.docx".into(), error: "c.docx: encrypted".into() }];
        let v: Value = serde_json::from_str(&render_in(&[file("a/报告 1.txt"), file("b.txt")], &failed, Locale::En, None)).unwrap();
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        assert_eq!(inv["toolExecutionNotifications"][0]["message"]["text"], "c.docx: encrypted");
        assert_eq!(inv["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "c.docx");
        assert_eq!(v["version"], "2.1.0");
        assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
        let driver = &v["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "nianbao");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let ids: Vec<&str> = driver["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["t2_column_misuse", "t4_total", "title_format"], "distinct, sorted");
        assert_eq!(driver["rules"][1]["shortDescription"]["text"], rule_description("t4_total", Locale::En).unwrap());
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 6);
        let levels: Vec<&str> = results[..3].iter().map(|r| r["level"].as_str().unwrap()).collect();
        assert_eq!(levels, ["warning", "error", "note"]);
        let r = &results[1];
        assert_eq!(r["ruleId"], "t4_total");
        assert_eq!(r["ruleIndex"], 1);
        assert_eq!(r["message"]["text"], "total should be 11");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "a/%E6%8A%A5%E5%91%8A%201.txt");
        assert_eq!(loc["region"], json!({"startLine": 2, "startColumn": 4, "endLine": 2, "endColumn": 5}));
        assert_eq!(results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "b.txt");
    }

    #[test]
    fn written_as_it_is_rendered_as_one_value_prints() {
        let failed = [Failure { file: "c.docx".into(), error: "c.docx: \"results\": []".into() }];
        let empty = || Checked { findings: vec![], ..file("e.txt") };
        for files in [vec![file("a.txt"), empty(), file("b.txt")], vec![empty()], vec![]] {
            let whole = render_in(&files, &failed, Locale::Zh, None);
            // What `to_string_pretty` prints of the log as one value: the same bytes.
            let v: Value = serde_json::from_str(&whole).unwrap();
            assert_eq!(serde_json::to_string_pretty(&v).unwrap(), whole);
            assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 3 * files.iter().filter(|f| !f.findings.is_empty()).count());
            for chunk in [1, 2, 4] {
                let mut part = Vec::new();
                write_in(&mut part, &files, &failed, Locale::Zh, None, chunk).unwrap();
                assert_eq!(String::from_utf8(part).unwrap(), whole, "{chunk} results at a time");
            }
        }
    }

    #[test]
    fn uris_are_relative_when_they_can_be() {
        let cwd = Path::new("/home/u/repo");
        assert_eq!(uri("./reports/r.txt", Some(cwd)), "reports/r.txt");
        assert_eq!(uri("/home/u/repo/reports/r#1.txt", Some(cwd)), "reports/r%231.txt");
        assert_eq!(uri("/tmp/x y.txt", Some(cwd)), "file:///tmp/x%20y.txt");
    }
}
