//! `--format json`: an array of `{"file","template","year","agency","previous","findings":[…]}`
//! (`agency` from the title; `previous`, the same agency's report of the year before when the
//! run holds it) with 1-based
//! lines and character columns (HTML and DOCX findings also carry `"location"`: table, row and
//! column labels, or a paragraph index), then one `{"file","error"}` per file that could not be
//! read. A finding with related cells in another file of the run (cross-year rules: last
//! year's report) carries `"related"`: `{"file","line","column","end_line","end_column","message"}`.

use super::{write_indented, write_items, Checked, Failure, Files};
use crate::finding::Locale;
use serde::Serialize;
use serde_json::{json, Value};
use std::io::Write;

/// How many findings are rendered at once (in parallel) before they are written.
const CHUNK: usize = 4096;

/// The whole output, as `serde_json::to_string_pretty` of one array would print it.
pub fn render(files: &[Checked], failures: &[Failure], locale: Locale) -> String {
    let mut out = Vec::new();
    let _ = write_chunked(&mut out, files, failures, locale, CHUNK);
    String::from_utf8(out).unwrap_or_default()
}

/// Write the whole output (`render`'s bytes) as it is rendered, `CHUNK` findings at a time on
/// every core (a large file's findings, or as many small files as hold them), with no value
/// tree nor text of the whole run.
pub fn write(w: &mut dyn Write, files: &[Checked], failures: &[Failure], locale: Locale) -> std::io::Result<()> {
    write_chunked(w, files, failures, locale, CHUNK)
}

fn write_chunked(w: &mut dyn Write, files: &[Checked], failures: &[Failure], locale: Locale, chunk: usize) -> std::io::Result<()> {
    use crate::par::*;
    let files = &Files::new(files);
    if files.is_empty() && failures.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[\n")?;
    let chunk = chunk.max(1);
    let mut k = 0;
    while k < files.len() {
        if k > 0 {
            w.write_all(b",\n")?;
        }
        if files[k].findings.len() > chunk {
            // A large file: its findings `chunk` at a time.
            file_into(w, files, &files[k], locale, chunk)?;
            k += 1;
            continue;
        }
        // Small files (a folder's reports): as many whole files as hold `chunk` findings,
        // rendered on every core.
        let (mut end, mut n) = (k, 0);
        while end < files.len() && (end == k || n + files[end].findings.len() <= chunk) {
            n += files[end].findings.len();
            end += 1;
        }
        let texts: Vec<Vec<u8>> = files[k..end]
            .par_iter()
            .map(|f| {
                let mut out = Vec::new();
                let _ = file_into(&mut out, files, f, locale, chunk);
                out
            })
            .collect();
        for (i, t) in texts.iter().enumerate() {
            if i > 0 {
                w.write_all(b",\n")?;
            }
            w.write_all(t)?;
        }
        k = end;
    }
    for (k, e) in failures.iter().enumerate() {
        if k > 0 || !files.is_empty() {
            w.write_all(b",\n")?;
        }
        write_indented(w, &pretty(&json!({"file": e.file, "error": e.error})), "  ")?;
    }
    w.write_all(b"\n]")
}

/// A file's object without its findings (`[]`, filled in by `file_into`); the keys in this
/// order, serialized with no value tree built first.
#[derive(Serialize)]
struct FileJson<'a> {
    file: &'a str,
    template: Option<&'static str>,
    year: Option<i32>,
    agency: Option<&'a str>,
    previous: Option<&'a str>,
    findings: [(); 0],
}

/// One file's object, as an item of the top array.
fn file_into(w: &mut dyn Write, files: &Files, f: &Checked, locale: Locale, chunk: usize) -> std::io::Result<()> {
    let head = FileJson { file: &f.path, template: f.template, year: f.year, agency: f.agency.as_deref(), previous: f.previous.as_deref(), findings: [] };
    let head = serde_json::to_string_pretty(&head).unwrap_or_else(|_| "null".to_string());
    if f.findings.is_empty() {
        return write_indented(w, &head, "  ");
    }
    // `head` ends with `"findings": []` and the closing brace.
    write_indented(w, &head[..head.len() - "[]\n}".len()], "  ")?;
    write_items(w, &f.findings, chunk, "      ", "    ", &|i, x| serde_json::to_string_pretty(&finding(files, f, i, x, locale)).unwrap_or_else(|_| "null".to_string()))?;
    w.write_all(b"\n  }")
}

/// A finding as JSON writes it: the keys in this order, `location` and `related` only when
/// known (serialized straight from the finding, with no value tree built first).
#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    stated: Option<Value>,
    expected: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedJson<'a>>,
}

/// A related location in another file of the run.
#[derive(Serialize)]
struct RelatedJson<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

/// One finding of file `f` (the `i`-th).
fn finding<'a>(files: &Files<'a>, f: &'a Checked, i: usize, x: &'a crate::finding::Finding, locale: Locale) -> FindingJson<'a> {
    let (line, column, end_line, end_column) = f.lines_cols(x);
    let related = super::elsewhere(files, x)
        .into_iter()
        .map(|e| RelatedJson { file: e.file, line: e.at.0, column: e.at.1, end_line: e.at.2, end_column: e.at.3, message: e.label.get(locale) })
        .collect();
    FindingJson {
        rule: x.rule,
        severity: x.severity.as_str(),
        message: x.message.get(locale),
        line,
        column,
        end_line,
        end_column,
        stated: x.stated.map(|n| n.to_json()),
        expected: x.expected.map(|n| n.to_json()),
        location: f.location(i).map(|l| l.to_json()),
        related,
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Msg, Num, Severity};

    /// What `render` printed when it built one value of the whole run: the same bytes.
    fn one_value(files: &[Checked], failures: &[Failure], locale: Locale) -> String {
        let by_path = Files::new(files);
        let arr: Vec<Value> = files
            .iter()
            .map(|f| {
                let findings: Vec<Value> = f.findings.iter().enumerate().map(|(i, x)| finding_value(&by_path, f, i, x, locale)).collect();
                json!({"file": f.path, "template": f.template, "year": f.year, "agency": f.agency, "previous": f.previous, "findings": findings})
            })
            .chain(failures.iter().map(|e| json!({"file": e.file, "error": e.error})))
            .collect();
        serde_json::to_string_pretty(&arr).unwrap()
    }

    /// A finding as one value built key by key (how `render` built it before it serialized
    /// `FindingJson`).
    fn finding_value(files: &Files, f: &Checked, i: usize, x: &Finding, locale: Locale) -> Value {
        let (l, c, el, ec) = f.lines_cols(x);
        let mut v = json!({
            "rule": x.rule,
            "severity": x.severity.as_str(),
            "message": x.message.get(locale),
            "line": l,
            "column": c,
            "end_line": el,
            "end_column": ec,
            "stated": x.stated.map(|n| n.to_json()),
            "expected": x.expected.map(|n| n.to_json()),
        });
        if let (Some(loc), Some(o)) = (f.location(i), v.as_object_mut()) {
            o.insert("location".into(), loc.to_json());
        }
        let also = crate::cli::output::elsewhere(files, x);
        if let (false, Some(o)) = (also.is_empty(), v.as_object_mut()) {
            let related: Vec<Value> = also.iter().map(|e| json!({"file": e.file, "line": e.at.0, "column": e.at.1, "end_line": e.at.2, "end_column": e.at.3, "message": e.label.get(locale)})).collect();
            o.insert("related".into(), Value::Array(related));
        }
        v
    }

    fn clone_of(c: &Checked) -> Checked {
        Checked { path: c.path.clone(), text: c.text.clone(), lines: c.lines.clone(), template: c.template, year: c.year, ..Default::default() }
    }

    #[test]
    fn exact_keys_and_values() {
        let text = "年度报告\n（七）总计\t\n收费\t1.5\n".to_string();
        let blank = text.find("\t\n").unwrap() + 1;
        let mut f = Finding::new("t3_row_total", Severity::Error, blank..blank, Msg::new("总计空白，应为 3", "blank total, should be 3"));
        f.expected = Some(Num::Int(3));
        let fee = text.find("1.5").unwrap();
        let mut g = Finding::new("value_unit", Severity::Warning, fee..fee + 3, Msg::new("单位", "unit"));
        g.stated = Some(Num::from(crate::decimal::Exact::new(15, 1).unwrap()));
        let files = [
            Checked { path: "r.txt".into(), lines: crate::position::LineStarts::new(&text), text, template: Some("2021"), year: Some(2023), findings: vec![f, g], locations: vec![], ..Default::default() },
            Checked { path: "e.txt".into(), lines: Default::default(), text: String::new(), template: None, year: None, findings: vec![], locations: vec![], ..Default::default() },
        ];
        let failed = [Failure { file: "bad.docx".into(), error: "bad.docx: 加密 / encrypted".into() }];
        let out = render(&files, &failed, Locale::Zh);
        assert_eq!(out, one_value(&files, &failed, Locale::Zh), "the bytes of one pretty value");
        assert_eq!(render(&files[1..], &[], Locale::Zh), one_value(&files[1..], &[], Locale::Zh));
        assert_eq!(render(&[], &[], Locale::Zh), one_value(&[], &[], Locale::Zh));
        assert_eq!(render(&[], &failed, Locale::Zh), one_value(&[], &failed, Locale::Zh));
        // Written a finding at a time: the same bytes.
        for chunk in [1, 2, 3] {
            let mut small = Vec::new();
            write_chunked(&mut small, &files, &failed, Locale::Zh, chunk).unwrap();
            assert_eq!(String::from_utf8(small).unwrap(), out, "{chunk} at a time");
        }
        // Several small files in one batch, a large one alone, and files without findings.
        let many: Vec<Checked> = [2, 0, 0, 1, 2, 0, 3].iter().map(|&n| Checked { findings: files[0].findings.iter().cycle().take(n).cloned().collect(), ..clone_of(&files[0]) }).collect();
        for chunk in [1, 2, 3, 4, 100] {
            let mut out = Vec::new();
            write_chunked(&mut out, &many, &failed, Locale::Zh, chunk).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), one_value(&many, &failed, Locale::Zh), "{chunk} at a time");
        }
        // A page's finding with its table cell, and one with a related cell in another file.
        let mut related = files[0].findings[0].clone();
        related.related.push(crate::finding::Related { span: 3..6, label: Msg::new("上年", "last year"), file: Some("r.txt".into()) });
        related.related.push(crate::finding::Related { span: 0..1, label: Msg::new("无此文件", "not in the run"), file: Some("gone.txt".into()) });
        let cell = crate::formats::Location::Cell { page: Some(2), table: 3, row: "（七）总计".into(), column: "总计".into() };
        let page = Checked { findings: vec![related, files[0].findings[1].clone()], locations: vec![Some(cell), None], ..clone_of(&files[0]) };
        let both = [clone_of(&files[0]), page];
        for locale in [Locale::Zh, Locale::En] {
            assert_eq!(render(&both, &[], locale), one_value(&both, &[], locale));
        }
        let v: Value = serde_json::from_str(&render(&both, &[], Locale::Zh)).unwrap();
        let f = &v[1]["findings"][0];
        assert_eq!(f["location"], json!({"page": 2, "table": 3, "row": "（七）总计", "column": "总计"}));
        assert_eq!(f["related"], json!([{"file": "r.txt", "line": 1, "column": 2, "end_line": 1, "end_column": 3, "message": "上年"}]));
        assert!(v[1]["findings"][1].get("related").is_none() && v[1]["findings"][1].get("location").is_none());
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v,
            json!([
                {"file": "r.txt", "template": "2021", "year": 2023, "agency": null, "previous": null, "findings": [
                    {"rule": "t3_row_total", "severity": "error", "message": "总计空白，应为 3", "line": 2, "column": 7, "end_line": 2, "end_column": 7, "stated": null, "expected": 3},
                    {"rule": "value_unit", "severity": "warning", "message": "单位", "line": 3, "column": 4, "end_line": 3, "end_column": 7, "stated": 1.5, "expected": null},
                ]},
                {"file": "e.txt", "template": null, "year": null, "agency": null, "previous": null, "findings": []},
                {"file": "bad.docx", "error": "bad.docx: 加密 / encrypted"},
            ])
        );
        let keys: Vec<&str> = v[0]["findings"][0].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["rule", "severity", "message", "line", "column", "end_line", "end_column", "stated", "expected"]);
    }
}
