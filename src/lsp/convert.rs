//! Conversions between the library's byte spans and LSP types, through `crate::position`
//! (the one place that knows about encodings): ranges, diagnostics, text edits.

use crate::finding::{Edit, Finding, Locale, Severity};
use crate::position::{byte_to_pos, pos_to_byte, Encoding, LineCol};
use ropey::Rope;
use std::ops::Range as ByteRange;
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

pub fn diagnostic(rope: &Rope, uri: &Uri, f: &Finding, enc: Encoding, locale: Locale) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation { location: Location { uri: uri.clone(), range: range(rope, &r.span, enc) }, message: r.label.get(locale).to_string() })
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
