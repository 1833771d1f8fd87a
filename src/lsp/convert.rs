//! Conversions between the library's byte spans and LSP types, through `crate::position`
//! (the one place that knows about encodings): ranges, diagnostics, text edits. A related
//! location in another file (cross-year findings: last year's cell) is converted in that
//! file's text, with the same negotiated encoding.

use crate::finding::{Edit, Finding, Locale, Severity};
use crate::position::{byte_to_pos, pos_to_byte, Encoding, LineCol};
use ropey::Rope;
use std::collections::HashMap;
use std::ops::Range as ByteRange;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

pub fn position(rope: &Rope, byte: usize, enc: Encoding) -> Position {
    let p = byte_to_pos(rope, byte, enc);
    Position { line: p.line, character: p.col }
}

pub fn range(rope: &Rope, r: &ByteRange<usize>, enc: Encoding) -> Range {
    Range { start: position(rope, r.start, enc), end: position(rope, r.end, enc) }
}

pub fn byte(rope: &Rope, p: Position, enc: Encoding) -> usize {
    pos_to_byte(rope, LineCol { line: p.line, col: p.character }, enc)
}

/// A client range to bytes, clamped; a reversed range is reordered.
pub fn byte_range(rope: &Rope, r: Range, enc: Encoding) -> ByteRange<usize> {
    let a = byte(rope, r.start, enc);
    let b = byte(rope, r.end, enc);
    a.min(b)..a.max(b)
}

pub fn edit(rope: &Rope, e: &Edit, enc: Encoding) -> TextEdit {
    TextEdit { range: range(rope, &e.range, enc), new_text: e.new_text.clone() }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The other files related locations may point into (`Related::file`), by name: each one's
/// URI and the text its spans are offsets in.
pub type OtherFiles = HashMap<Arc<str>, (Uri, Rope)>;

pub fn diagnostic(rope: &Rope, uri: &Uri, f: &Finding, enc: Encoding, locale: Locale) -> Diagnostic {
    diagnostic_with(rope, uri, f, enc, locale, &OtherFiles::new())
}

/// A diagnostic whose related locations may lie in `others` (a related location in a file
/// that is not there is left out).
pub fn diagnostic_with(rope: &Rope, uri: &Uri, f: &Finding, enc: Encoding, locale: Locale, others: &OtherFiles) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|r| {
            let (uri, rope) = match &r.file {
                None => (uri, rope),
                Some(name) => {
                    let (u, t) = others.get(name)?;
                    (u, t)
                }
            };
            Some(DiagnosticRelatedInformation { location: Location { uri: uri.clone(), range: range(rope, &r.span, enc) }, message: r.label.get(locale).to_string() })
        })
        .collect();
    Diagnostic {
        range: range(rope, &f.span, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.to_string())),
        source: Some("nianbao".to_string()),
        message: f.message.get(locale).to_string(),
        related_information: if related.is_empty() { None } else { Some(related) },
        data: f.expected.map(|n| serde_json::json!({ "expected": n.to_json(), "stated": f.stated.map(|s| s.to_json()) })),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Msg, Related};

    /// A related cell in last year's file is converted in that file's text: a surrogate pair
    /// (U+20000, 4 bytes, 2 UTF-16 units) before it on its line counts 2 under utf-16, 1 under
    /// utf-32 and 4 under utf-8, whatever this year's text holds.
    #[test]
    fn related_range_in_another_file() {
        let this = Rope::from_str("二、上年结转\t5\n");
        let last = "第一行\n\u{20000}四、结转下年度继续办理\t7\n";
        let at = last.find('7').unwrap();
        let mut f = Finding::new("xy_carry_over", Severity::Error, 19..20, Msg::new("x", "x"));
        let name: Arc<str> = Arc::from("file:///r/2023.txt");
        f.related = vec![Related { span: at..at + 1, label: Msg::new("上年", "last year"), file: Some(name.clone()) }, Related { span: 0..1, label: Msg::new("?", "?"), file: Some(Arc::from("file:///gone.txt")) }];
        let last_uri: Uri = "file:///r/2023.txt".parse().unwrap();
        let others: OtherFiles = [(name, (last_uri.clone(), Rope::from_str(last)))].into_iter().collect();
        let this_uri: Uri = "file:///r/2024.txt".parse().unwrap();
        let prefix = "\u{20000}四、结转下年度继续办理\t".chars().count() as u32;
        for (enc, col) in [(Encoding::Utf16, prefix + 1), (Encoding::Utf32, prefix), (Encoding::Utf8, "\u{20000}四、结转下年度继续办理\t".len() as u32)] {
            let d = diagnostic_with(&this, &this_uri, &f, enc, Locale::Zh, &others);
            let rel = d.related_information.expect("related");
            assert_eq!(rel.len(), 1, "the location in an unknown file is left out");
            assert_eq!(rel[0].location.uri, last_uri);
            assert_eq!(rel[0].location.range, Range { start: Position { line: 1, character: col }, end: Position { line: 1, character: col + 1 } }, "{enc:?}");
        }
        // Without the other file's text, nothing is guessed.
        assert!(diagnostic(&this, &this_uri, &f, Encoding::Utf16, Locale::Zh).related_information.is_none());
    }
}
