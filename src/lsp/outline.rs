//! Navigation and glanceable aids: inlay hints with the computed sum after each 总计 cell
//! (`= 41`), document symbols (each report, its six sections and its tables) and folding
//! ranges for sections and tables.

use super::convert::{position, range};
use crate::document::Document;
use crate::position::Encoding;
use crate::text::sections::SECTIONS;
use std::collections::HashSet;
use tower_lsp_server::ls_types::*;

/// Inlay hints for the 总计 cells inside the byte range `within`.
pub fn inlay_hints(doc: &Document, within: std::ops::Range<usize>, enc: Encoding) -> Vec<InlayHint> {
    let rope = doc.rope();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (off, a) in doc.reports() {
        if !a.report.is_report {
            continue;
        }
        for e in a.equations().iter().filter(|e| e.fill) {
            let (Some(cell), Some(sum)) = (e.left[0].cell.as_ref(), e.right_sum()) else { continue };
            let end = off + cell.span.end;
            if end < within.start || end > within.end || !seen.insert(end) {
                continue;
            }
            let ok = cell.value.int() == Some(sum);
            out.push(InlayHint {
                position: position(rope, end, enc),
                label: InlayHintLabel::String(format!("= {sum}{}", if ok { "" } else { " ✗" })),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            });
        }
    }
    out
}

fn line_of(doc: &Document, byte: usize) -> u32 {
    doc.rope().byte_to_line(byte.min(doc.rope().len_bytes())) as u32
}

/// One symbol per report, with its sections and tables as children.
#[allow(deprecated)]
pub fn symbols(doc: &Document, enc: Encoding) -> Vec<DocumentSymbol> {
    let rope = doc.rope();
    let reports: Vec<(usize, &crate::analysis::Analysis)> = doc.reports().collect();
    let mut out = Vec::new();
    for (i, &(off, a)) in reports.iter().enumerate() {
        let r = &a.report;
        if !r.is_report {
            continue;
        }
        let end = reports.get(i + 1).map_or(rope.len_bytes(), |n| n.0);
        let mut sections = Vec::new();
        for (k, h) in r.headings.iter().enumerate() {
            let s_end = r.headings.get(k + 1).map_or(end, |n| off + n.span.start);
            let mut children = Vec::new();
            for (table, section, span) in &r.table_places {
                if *section == Some(h.section) {
                    let name = format!("表{}", "零一二三四".chars().nth(*table as usize).unwrap_or('?'));
                    let rr = range(rope, &(off + span.start..off + span.end), enc);
                    if !children.iter().any(|c: &DocumentSymbol| c.name == name) {
                        children.push(DocumentSymbol { name, detail: None, kind: SymbolKind::STRUCT, tags: None, deprecated: None, range: rr, selection_range: rr, children: None });
                    }
                }
            }
            let s = &SECTIONS[h.section as usize];
            let full = range(rope, &(off + h.span.start..s_end), enc);
            let sel = range(rope, &(off + h.span.start..off + h.span.end), enc);
            sections.push(DocumentSymbol {
                name: format!("{}、{}", s.numeral, s.canonical),
                detail: None,
                kind: SymbolKind::NAMESPACE,
                tags: None,
                deprecated: None,
                range: full,
                selection_range: sel,
                children: if children.is_empty() { None } else { Some(children) },
            });
        }
        let title = if r.title.is_empty() { "政府信息公开工作年度报告".to_string() } else { r.title.clone() };
        let sel = r.title_span.clone().map_or(off..off, |t| off + t.start..off + t.end);
        out.push(DocumentSymbol {
            name: title,
            detail: Some(format!("{} · {}", r.year.as_ref().map_or("?".into(), |y| format!("{}年", y.0)), r.template.map_or("?", |t| t.as_str()))),
            kind: SymbolKind::FILE,
            tags: None,
            deprecated: None,
            range: range(rope, &(off..end), enc),
            selection_range: range(rope, &sel, enc),
            children: Some(sections),
        });
    }
    out
}

/// Folding ranges for sections and tables.
pub fn folding(doc: &Document) -> Vec<FoldingRange> {
    let reports: Vec<(usize, &crate::analysis::Analysis)> = doc.reports().collect();
    let mut out = Vec::new();
    for (i, &(off, a)) in reports.iter().enumerate() {
        let r = &a.report;
        let end = reports.get(i + 1).map_or(doc.rope().len_bytes(), |n| n.0);
        for (k, h) in r.headings.iter().enumerate() {
            let s_end = r.headings.get(k + 1).map_or(end, |n| off + n.span.start);
            let (a, b) = (line_of(doc, off + h.span.start), line_of(doc, s_end.saturating_sub(1)));
            if b > a {
                out.push(FoldingRange { start_line: a, end_line: b, kind: Some(FoldingRangeKind::Region), ..Default::default() });
            }
        }
        for (_, _, span) in &r.table_places {
            let (a, b) = (line_of(doc, off + span.start), line_of(doc, off + span.end));
            if b > a {
                out.push(FoldingRange { start_line: a, end_line: b, kind: Some(FoldingRangeKind::Region), ..Default::default() });
            }
        }
    }
    out.sort_by_key(|f| (f.start_line, f.end_line));
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    out
}
