//! One open text in the browser page and everything the page asks about it, as JSON values:
//! the diagnostics (with template, year and counts), the hover at a position, the code actions
//! for a range and the fill-all edits. It keeps the same incremental `Document` as the language
//! server, so an edit re-analyses only the reports around it. Every position is zero-based
//! (line, UTF-16 column), the browser editor's units, converted only by `nianbao::position`.
//!
//! A file without editable text (a PDF, a Word 97–2003/WPS `.doc`/`.wps`, a `.docx` package or
//! an HTML page) is opened by `Session::from_file` through the command line's readers: the text
//! is its rendering (what `check --print-text` prints), read-only (no fixes, no edits), and each
//! finding carries its place in the report's tables and, in a PDF, its page.
//!
//! A new text (opened, pasted, or re-read under new options) is analysed in batches of whole
//! reports, the first small and each next about three times all before it: `update` takes one
//! batch into the document and answers, so the page shows the first reports' marks while the
//! rest is still being read. Report starts are found by a forward rule (`segment`), so a batch
//! cut at a start holds exactly the reports the whole text holds there. `update` answers only
//! what changed: the findings after the longest prefix the previous answer already gave.

use nianbao::document::Document;
use nianbao::explain::{fill_all_title, fix_title, hover};
use nianbao::formats::{self, Rendering};
use nianbao::parse::{lines, segment};
use nianbao::position::{byte_to_pos, pos_to_byte, Encoding, LineCol};
use nianbao::{CheckOptions, Edit, Finding, Locale, Severity, TemplateId};
use serde_json::{json, Value};
use std::ops::Range;

const ENC: Encoding = Encoding::Utf16;

/// Bytes a new text's first batch reaches at least (then whole reports up to the next start).
const FIRST_BATCH: usize = 16 << 10;
/// An edit inserting more than this (a paste) makes the text new: analysed batch by batch.
const PASTE: usize = 64 << 10;

pub struct Session {
    doc: Document,
    locale: Locale,
    /// The rendering of an opened file (read-only); `None` for text.
    file: Option<Rendering>,
    /// The end of a new text not yet in `doc` (it starts at a report start); `update` takes it
    /// in batch by batch, anything else takes all of it first.
    rest: String,
    /// The findings (as JSON) of the last `update` answer: what the page holds.
    sent: Vec<Value>,
}

/// Where the next batch of `rest` (which starts at a report start) ends: at the first report
/// start at or after byte `want`, or the end of `rest`.
fn next_cut(rest: &str, want: usize) -> usize {
    let mut end = want.saturating_mul(2);
    while end < rest.len() {
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        // Whole lines only: a cut line could read as a title.
        let window = rest[..end].rfind('\n').map_or("", |i| &rest[..=i]);
        let ls = lines(window);
        if let Some(b) = segment::starts(&ls).into_iter().map(|i| ls[i].start).find(|&b| b >= want && b > 0) {
            return b;
        }
        end = end.saturating_mul(2);
    }
    rest.len()
}

/// Options from the page's settings: `lang` is `zh` or `en`, `template` is `auto`, `2019` or
/// `2021` (anything else means the default).
fn options(template: &str) -> CheckOptions {
    CheckOptions { template: TemplateId::parse(template), ..CheckOptions::default() }
}

impl Session {
    pub fn new(text: &str, lang: &str, template: &str) -> Session {
        Session { doc: Document::deferred("", options(template)), locale: Locale::parse(lang).unwrap_or_default(), file: None, rest: text.to_string(), sent: Vec::new() }
    }

    /// Analyse `text` as new, batch by batch from the next `update`.
    fn restart(&mut self, text: String) {
        self.doc.set_text("");
        self.rest = text;
    }

    /// Take what is left of a new text into the document at once (analysed at the next
    /// question).
    fn finish(&mut self) {
        if self.rest.is_empty() {
            return;
        }
        let rest = std::mem::take(&mut self.rest);
        let have = self.doc.rope().len_bytes();
        if have == 0 {
            self.doc.set_text(&rest);
        } else {
            self.doc.apply_edit(have..have, &rest);
        }
    }

    /// Take the next batch of a new text into the document.
    fn grow(&mut self) {
        let have = self.doc.rope().len_bytes();
        let cut = next_cut(&self.rest, (3 * have).max(FIRST_BATCH));
        let chunk: String = self.rest.drain(..cut).collect();
        if have == 0 {
            self.doc.set_text(&chunk);
        } else {
            self.doc.apply_edit(have..have, &chunk);
        }
    }

    /// A file opened by name and bytes (`.pdf`, `.doc`, `.wps`, `.docx`, `.html`, `.htm`; told
    /// apart by content where the name lies), read as `nianbao check` reads it. Errors are the
    /// readers' messages, without the name (a scanned or encrypted PDF says so).
    pub fn from_file(name: &str, bytes: &[u8], lang: &str, template: &str) -> Result<Session, String> {
        let kind = formats::kind(std::path::Path::new(name));
        if kind == formats::Kind::Text {
            return Err("不是 PDF、Word 或网页文件 / not a PDF, Word or HTML file".to_string());
        }
        let rendering = formats::render_file(kind, bytes)?;
        let mut s = Session::new(&rendering.text, lang, template);
        s.finish(); // a file's unreadable tables are placed in the whole rendering
        s.file = Some(rendering);
        Ok(s)
    }

    /// Whether the text is a file's read-only rendering.
    pub fn read_only(&self) -> bool {
        self.file.is_some()
    }

    pub fn set_options(&mut self, lang: &str, template: &str) {
        self.locale = Locale::parse(lang).unwrap_or_default();
        let opts = options(template);
        if *self.doc.options() != opts {
            self.doc.set_options(opts);
            if self.file.is_none() {
                let text = self.text();
                self.restart(text);
            }
        }
    }

    /// Replace the text (a file's rendering becomes plain text).
    pub fn set_text(&mut self, text: &str) {
        self.file = None;
        self.restart(text.to_string());
    }

    pub fn text(&self) -> String {
        let mut t = self.doc.rope().to_string();
        t.push_str(&self.rest);
        t
    }

    /// Replace the range `start..end` (positions) with `text`; analysed at the next question.
    /// Positions out of range are clamped. A large insertion (a paste) makes the text new.
    pub fn edit(&mut self, start: LineCol, end: LineCol, text: &str) {
        if self.file.is_some() {
            return; // read-only
        }
        self.finish();
        let rope = self.doc.rope();
        let (a, b) = (pos_to_byte(rope, start, ENC), pos_to_byte(rope, end, ENC));
        self.doc.apply_edit(a.min(b)..a.max(b), text);
        if text.len() > PASTE {
            let all = self.text();
            self.restart(all);
        }
    }

    fn fresh(&mut self) -> &Document {
        self.finish();
        if self.doc.needs_refresh() {
            self.doc.refresh();
        }
        &self.doc
    }

    fn range(&self, r: &Range<usize>) -> Value {
        let rope = self.doc.rope();
        let (s, e) = (byte_to_pos(rope, r.start, ENC), byte_to_pos(rope, r.end, ENC));
        json!([s.line, s.col, e.line, e.col])
    }

    fn edit_json(&self, e: &Edit) -> Value {
        json!({ "range": self.range(&e.range), "text": e.new_text })
    }

    /// The findings of the text: a file's rendering is checked as `nianbao check` checks it
    /// (tables a PDF's glyphs could not be read in are `table_unreadable`, not checked).
    fn findings(&mut self) -> Vec<Finding> {
        let mut findings = self.fresh().findings();
        if let Some(r) = &self.file {
            r.unreadable_tables(&mut findings, self.doc.options());
        }
        findings
    }

    fn finding_json(&self, f: &Finding) -> Value {
        let fix = f.fix.as_ref().filter(|_| self.file.is_none()).zip(fix_title(f, self.locale)).map(|(e, title)| json!({ "title": title, "preferred": f.fix_is_total(), "edit": self.edit_json(e) }));
        let location = self.file.as_ref().and_then(|r| r.locate(f.span.start)).map(|l| l.to_json());
        json!({
            "rule": f.rule,
            "severity": f.severity.as_str(),
            "message": f.message.get(self.locale),
            "range": self.range(&f.span),
            "related": f.related.iter().map(|r| json!({ "range": self.range(&r.span), "message": r.label.get(self.locale) })).collect::<Vec<_>>(),
            "stated": f.stated.map(|n| n.to_string()),
            "expected": f.expected.map(|n| n.to_string()),
            "fix": fix,
            "location": location,
        })
    }

    /// `{isReport, template, year, reports, errors, warnings, infos, readOnly, pages,
    /// diagnostics: [...]}`; the template and year are the first report's, `pages` a PDF's.
    pub fn diagnostics(&mut self) -> Value {
        let findings = self.findings();
        let mut v = self.summary(&findings);
        v["diagnostics"] = findings.iter().map(|f| self.finding_json(f)).collect();
        v
    }

    /// The next answer for the page: a new text's next batch taken in and analysed, or the
    /// analysis brought up to date with the edits. `{done, start, diagnostics, ...}` with the
    /// fields of `diagnostics` (counts, template, year of what is analysed so far), where
    /// `diagnostics` replaces the previous answers' findings from index `start` on, and `done`
    /// is false while a new text has reports left for the next `update`.
    pub fn update(&mut self) -> Value {
        if !self.rest.is_empty() {
            self.grow();
        }
        if self.doc.needs_refresh() {
            self.doc.refresh();
        }
        let mut findings = self.doc.findings();
        if let Some(r) = &self.file {
            r.unreadable_tables(&mut findings, self.doc.options());
        }
        let list: Vec<Value> = findings.iter().map(|f| self.finding_json(f)).collect();
        let start = self.sent.iter().zip(&list).take_while(|(a, b)| a == b).count();
        let mut v = self.summary(&findings);
        v["done"] = json!(self.rest.is_empty());
        v["start"] = json!(start);
        v["diagnostics"] = Value::Array(list[start..].to_vec());
        self.sent = list;
        v
    }

    /// The fields of `diagnostics` but the list.
    fn summary(&self, findings: &[Finding]) -> Value {
        let doc = &self.doc;
        let first = doc.reports().map(|(_, a)| &a.report).find(|r| r.is_report);
        let (template, year) = first.map_or((None, None), |r| (r.template.map(|t| t.as_str()), r.year.as_ref().map(|y| y.0)));
        let reports = doc.reports().filter(|(_, a)| a.report.is_report).count();
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        json!({
            "isReport": first.is_some(),
            "template": template,
            "year": year,
            "reports": reports,
            "errors": count(Severity::Error),
            "warnings": count(Severity::Warning),
            "infos": count(Severity::Info),
            "readOnly": self.file.is_some(),
            "pages": self.file.as_ref().map_or(0, |r| r.pages.len()),
        })
    }

    /// `{markdown, range}` for the table cell or narrative number at `at`, or null.
    pub fn hover(&mut self, at: LineCol) -> Value {
        let locale = self.locale;
        let doc = self.fresh();
        let b = pos_to_byte(doc.rope(), at, ENC);
        let Some((off, a)) = doc.report_at(b) else { return Value::Null };
        match hover(a, b - off, locale) {
            Some((md, span)) => json!({ "markdown": md, "range": self.range(&(span.start + off..span.end + off)) }),
            None => Value::Null,
        }
    }

    /// The quick fixes of the findings that touch `start..end`, then fill-all when there is
    /// anything to fill: `[{title, kind: "quickfix"|"fillAll", preferred, rule, edits}]`.
    pub fn actions(&mut self, start: LineCol, end: LineCol) -> Value {
        if self.file.is_some() {
            return json!([]); // read-only
        }
        let doc = self.fresh();
        let rope = doc.rope();
        let (a, b) = (pos_to_byte(rope, start, ENC), pos_to_byte(rope, end, ENC));
        let sel = a.min(b)..a.max(b);
        let mut out: Vec<Value> = doc
            .findings()
            .iter()
            .filter(|f| f.span.end >= sel.start && f.span.start <= sel.end)
            .filter_map(|f| {
                let (fix, title) = (f.fix.as_ref()?, fix_title(f, self.locale)?);
                Some(json!({ "title": title, "kind": "quickfix", "preferred": f.fix_is_total(), "rule": f.rule, "edits": [self.edit_json(fix)] }))
            })
            .collect();
        let fill = self.fill_all();
        if fill["edits"].as_array().is_some_and(|e| !e.is_empty()) {
            out.push(fill);
        }
        Value::Array(out)
    }

    /// `{title, kind: "fillAll", edits}`: every computed 总计, in text order.
    pub fn fill_all(&mut self) -> Value {
        let edits = if self.file.is_some() { Vec::new() } else { self.fresh().fill_edits() };
        json!({
            "title": fill_all_title(self.locale),
            "kind": "fillAll",
            "preferred": false,
            "edits": edits.iter().map(|e| self.edit_json(e)).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
    }

    fn at(v: &Value) -> (LineCol, LineCol) {
        let n = |i: usize| v[i].as_u64().expect("number") as u32;
        (LineCol { line: n(0), col: n(1) }, LineCol { line: n(2), col: n(3) })
    }

    /// Apply edits given as JSON (in the order the page applies them: last first).
    fn apply(s: &mut Session, edits: &Value) {
        let mut list: Vec<&Value> = edits.as_array().expect("edits").iter().collect();
        list.reverse();
        for e in list {
            let (a, b) = at(&e["range"]);
            s.edit(a, b, e["text"].as_str().expect("text"));
        }
    }

    #[test]
    fn hongze_2023_marks_hover_quick_fix() {
        let text = fixture("009_hongze_2023.txt");
        let mut s = Session::new(&text, "zh", "auto");
        let d = s.diagnostics();
        assert_eq!((d["template"].as_str(), d["year"].as_i64()), (Some("2021"), Some(2023)));
        let totals: Vec<&Value> = d["diagnostics"].as_array().unwrap().iter().filter(|f| f["rule"] == "t4_total").collect();
        assert_eq!(totals.len(), 2);
        assert_eq!(d["errors"].as_u64(), Some(2), "{d}");
        // Line 354 (1-based) holds the 行政复议 总计 "0" after a TAB.
        let (start, end) = at(&totals[0]["range"]);
        assert_eq!((start.line, start.col, end.col), (353, 1, 2));
        let h = s.hover(start);
        assert!(h["markdown"].as_str().unwrap().contains("应为 11 = "), "{h}");
        let acts = s.actions(start, start);
        assert_eq!(acts[0]["title"], "将总计改为 11");
        assert_eq!(acts[1]["title"], "填写本文件全部总计");
        apply(&mut s, &acts[0]["edits"]);
        assert_eq!(s.text().lines().nth(353), Some("\t11"));
        let d = s.diagnostics();
        assert_eq!(d["errors"].as_u64(), Some(1));
        let fill = s.fill_all();
        apply(&mut s, &fill["edits"]);
        assert_eq!(s.diagnostics()["errors"].as_u64(), Some(0));
        s.set_options("en", "auto");
        assert!(s.hover(start)["markdown"].as_str().unwrap().contains("should be 11"));
    }

    /// A page built from fixture 009's tables (layout A's one-cell lines joined into rows).
    fn page_of(text: &str) -> String {
        let mut html = String::from("<html><body>");
        let mut row: Vec<&str> = Vec::new();
        for line in text.lines() {
            if let Some(cell) = line.strip_prefix('\t') {
                row.push(cell);
                continue;
            }
            if !row.is_empty() {
                html.push_str(&format!("<table><tr>{}</tr></table>", row.iter().map(|c| format!("<td>{c}</td>")).collect::<String>()));
                row.clear();
            }
            if !line.trim().is_empty() {
                html.push_str(&format!("<p>{line}</p>"));
            }
        }
        html + "</body></html>"
    }

    #[test]
    fn a_file_is_its_rendering_read_only_with_places() {
        let page = page_of(&fixture("009_hongze_2023.txt"));
        let mut s = Session::from_file("洪泽.HTM", page.as_bytes(), "zh", "auto").expect("read");
        assert!(s.read_only());
        let rendering = nianbao::formats::html::render(&page).unwrap();
        assert_eq!(s.text(), rendering.text);
        let d = s.diagnostics();
        assert_eq!((d["readOnly"].as_bool(), d["pages"].as_u64(), d["year"].as_i64()), (Some(true), Some(0), Some(2023)));
        let totals: Vec<&Value> = d["diagnostics"].as_array().unwrap().iter().filter(|f| f["rule"] == "t4_total").collect();
        assert_eq!(totals.len(), 2, "{d}");
        assert_eq!(totals[0]["location"]["table"], 4, "{}", totals[0]);
        assert!(totals.iter().all(|f| f["fix"].is_null()));
        // Read-only: no actions, nothing to fill, edits ignored.
        let (a, _) = at(&totals[0]["range"]);
        assert_eq!(s.actions(a, a), json!([]));
        assert_eq!(s.fill_all()["edits"], json!([]));
        s.edit(a, a, "9");
        assert_eq!(s.text(), rendering.text);
        // Text set from outside is text again.
        s.set_text("x");
        assert!(!s.read_only());
    }

    #[test]
    fn unreadable_files_say_why() {
        let e = |name: &str, bytes: &[u8]| Session::from_file(name, bytes, "zh", "auto").err().expect("an error");
        assert!(e("r.pdf", b"%PDF-1.7\n%%EOF").contains("PDF"));
        assert!(e("r.doc", b"junk").contains("doc") || e("r.doc", b"junk").contains("Word"), "{}", e("r.doc", b"junk"));
        assert!(e("r.txt", b"text").contains("not a PDF"));
    }

    /// Fixtures concatenated to at least `size` bytes (many reports).
    fn many_reports(size: usize) -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
        let mut names: Vec<_> = std::fs::read_dir(dir).expect("fixtures").filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        names.sort();
        let mut parts = Vec::new();
        let mut len = 0;
        for p in names.iter().cycle() {
            if len >= size {
                break;
            }
            let t = std::fs::read_to_string(p).expect("fixture");
            len += t.len() + 1;
            parts.push(t);
        }
        parts.join("\n")
    }

    /// Follow `update` answers as the page does: the list kept up to `start`, then the new ones.
    /// Returns how many answers it took.
    fn follow(s: &mut Session, list: &mut Vec<Value>) -> usize {
        for n in 1.. {
            let u = s.update();
            list.truncate(u["start"].as_u64().expect("start") as usize);
            list.extend(u["diagnostics"].as_array().expect("list").iter().cloned());
            if u["done"] == json!(true) {
                assert_eq!(u["errors"], s.diagnostics()["errors"]);
                return n;
            }
        }
        unreachable!()
    }

    #[test]
    fn a_new_text_is_answered_in_batches_that_end_as_the_whole() {
        let text = many_reports(600 << 10);
        let whole = Document::new(&text, CheckOptions::default());
        assert!(whole.reports().count() > 50);
        let mut s = Session::new(&text, "zh", "auto");
        let first = s.update();
        assert_eq!(first["done"], json!(false));
        assert!(s.doc.rope().len_bytes() < 64 << 10, "first batch {} bytes", s.doc.rope().len_bytes());
        // Batches cut at report starts: the first batch's findings are the whole text's.
        let firsts: Vec<Finding> = whole.findings().into_iter().filter(|f| f.span.end <= s.doc.rope().len_bytes()).collect();
        assert_eq!(first["diagnostics"].as_array().unwrap().len(), firsts.len());
        let mut list: Vec<Value> = first["diagnostics"].as_array().unwrap().clone();
        let n = follow(&mut s, &mut list);
        assert!((2..10).contains(&n), "{n} more answers");
        let want = Session::new(&text, "zh", "auto").diagnostics();
        assert_eq!(Value::Array(list.clone()), want["diagnostics"]);
        assert_eq!(s.doc.state(), whole.state());
        // Nothing changed: an empty answer from the end of the list.
        let u = s.update();
        assert_eq!((u["start"].as_u64(), u["diagnostics"].as_array().map(Vec::len)), (Some(list.len() as u64), Some(0)));
        // A keystroke: the findings before it stay, the answer holds the rest.
        let mid = LineCol { line: text[..text.len() / 2].matches('\n').count() as u32, col: 0 };
        s.edit(mid, mid, "x");
        follow(&mut s, &mut list);
        let mut fresh = Session::new(&s.text(), "zh", "auto");
        assert_eq!(Value::Array(list.clone()), fresh.diagnostics()["diagnostics"]);
        // An edit, a language switch and a paste while batches are left.
        let mut s = Session::new(&text, "zh", "auto");
        let mut list = Vec::new();
        let u = s.update();
        list.extend(u["diagnostics"].as_array().unwrap().iter().cloned());
        s.edit(mid, mid, "x");
        s.set_options("en", "2021");
        follow(&mut s, &mut list);
        let mut fresh = Session::new(&s.text(), "en", "2021");
        assert_eq!(Value::Array(list.clone()), fresh.diagnostics()["diagnostics"]);
        let end = LineCol { line: 999_999, col: 0 };
        s.edit(LineCol { line: 0, col: 0 }, end, &text);
        assert!(!s.rest.is_empty(), "a paste is a new text");
        assert!(follow(&mut s, &mut list) > 2);
        let mut fresh = Session::new(&text, "en", "2021");
        assert_eq!(Value::Array(list), fresh.diagnostics()["diagnostics"]);
    }

    #[test]
    fn utf16_columns_and_clamped_edits() {
        // 010's line 8 has a narrative finding at character column 121 (1-based); an emoji
        // (a surrogate pair) put before it moves its UTF-16 column by two.
        let text = fixture("010_hongze_2024.txt");
        let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
        lines[7].insert(0, '😀');
        let mut s = Session::new(&lines.join("\n"), "en", "auto");
        let d = s.diagnostics();
        let f = d["diagnostics"].as_array().unwrap().iter().find(|f| f["rule"] == "n4_received").expect("n4_received");
        assert_eq!(at(&f["range"]).0, LineCol { line: 7, col: 122 });
        assert!(f["message"].as_str().is_some_and(|m| m.is_ascii()), "{f}");
        // An edit far past the end is clamped to the end, never a panic.
        s.edit(LineCol { line: 99_999, col: 0 }, LineCol { line: 99_999, col: 5 }, "\nx");
        assert!(s.text().ends_with("\nx"));
        assert!(s.hover(LineCol { line: 99_999, col: 99 }).is_null());
    }
}
