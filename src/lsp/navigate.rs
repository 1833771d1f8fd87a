//! Navigation answers from the library's `cell_links`: go to definition on a narrative number
//! (the table cell it is checked against), document highlights on a table cell (a 总计 and its
//! addends, or a cell and the totals it adds up to) and references on a cell (every rule that
//! reads it, at the place the rule states its check). Text documents only: an HTML page's
//! rendering is not the text the editor shows, so it gets none.

use super::convert;
use crate::cell_links::{claim_cells, highlights, readers, Part};
use crate::document::Document;
use crate::position::Encoding;
use tower_lsp_server::ls_types::*;

/// The report of the document at position `pos`, its offset and the report-relative byte.
fn at(doc: &Document, pos: Position, enc: Encoding) -> Option<(usize, &crate::analysis::Analysis, usize)> {
    let b = convert::byte(doc.rope(), pos, enc);
    let (off, a) = doc.report_at(b)?;
    Some((off, a, b - off))
}

fn location(doc: &Document, uri: &Uri, off: usize, span: &std::ops::Range<usize>, enc: Encoding) -> Location {
    Location { uri: uri.clone(), range: convert::range(doc.rope(), &(span.start + off..span.end + off), enc) }
}

/// The table cell(s) a narrative number is compared with.
pub fn definition(doc: &Document, uri: &Uri, pos: Position, enc: Encoding) -> Option<GotoDefinitionResponse> {
    let (off, a, b) = at(doc, pos, enc)?;
    let (_, cells) = claim_cells(&a.report, b)?;
    let mut locs: Vec<Location> = cells.iter().map(|c| location(doc, uri, off, c, enc)).collect();
    match locs.len() {
        0 => None,
        1 => locs.pop().map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(locs)),
    }
}

/// A 总计 (written) and its addends (read), or a cell (read) and its totals (written).
pub fn document_highlights(doc: &Document, pos: Position, enc: Encoding) -> Option<Vec<DocumentHighlight>> {
    let (off, a, b) = at(doc, pos, enc)?;
    let hs = highlights(a, b);
    if hs.is_empty() {
        return None;
    }
    Some(
        hs.into_iter()
            .map(|(span, part)| DocumentHighlight {
                range: convert::range(doc.rope(), &(span.start + off..span.end + off), enc),
                kind: Some(if part == Part::Total { DocumentHighlightKind::WRITE } else { DocumentHighlightKind::READ }),
            })
            .collect(),
    )
}

/// Every rule that reads the cell at `pos` (and, with `include_declaration`, the cell itself
/// first).
pub fn references(doc: &Document, uri: &Uri, pos: Position, include_declaration: bool, enc: Encoding) -> Option<Vec<Location>> {
    let (off, a, b) = at(doc, pos, enc)?;
    let (_, cell) = crate::explain::cell_place(&a.report, b)?;
    let mut out = Vec::new();
    if include_declaration {
        out.push(location(doc, uri, off, &cell.span, enc));
    }
    for r in readers(a, b) {
        let loc = location(doc, uri, off, &r.span, enc);
        if !out.contains(&loc) {
            out.push(loc);
        }
    }
    Some(out)
}
