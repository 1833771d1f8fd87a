//! Formatting in the editor: `textDocument/formatting` (every recognised table) and
//! `textDocument/rangeFormatting` (the tables the range touches) answer with the library's
//! `table_layout` edits of the open text — a row a line with TAB-separated cells, or aligned
//! pipe tables in a `.md`/`.markdown` document — converted to the negotiated position encoding
//! by `convert`. HTML pages are not formatted (no edits); nor is a document that names no text
//! file kind nianbao writes.

use super::convert;
use super::store::Entry;
use crate::position::Encoding;
use crate::table_layout::{table_edits, table_edits_in, Layout};
use tower_lsp_server::ls_types::{Range, TextEdit};

/// The layout of an open document, by its URI's path (`None`: not formatted).
fn layout(e: &Entry) -> Option<Layout> {
    let s = e.uri.as_str();
    let path = s.split(['?', '#']).next().unwrap_or("");
    if super::html::is_html(&e.uri) {
        return None;
    }
    Layout::for_name(path)
}

/// The edits that format the open document `e`, or the tables `range` touches.
pub fn edits(e: &Entry, enc: Encoding, range: Option<Range>) -> Vec<TextEdit> {
    let Some(layout) = layout(e) else { return Vec::new() };
    let rope = e.doc.rope();
    let text = rope.to_string();
    let edits = match range {
        None => table_edits(&text, e.doc.options(), layout),
        Some(r) => table_edits_in(&text, e.doc.options(), layout, convert::byte_range(rope, r, enc)),
    };
    edits.iter().map(|x| convert::edit(rope, x, enc)).collect()
}
