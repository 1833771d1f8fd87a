//! Completion items from the library's `completion`: missing table rows (in template order) at
//! the start of a line in table 2 or 3, the next missing section heading elsewhere, and a
//! missing table whole (listed by its name). Each
//! item replaces what is typed of the line's first cell with the template's wording; its
//! description follows `nianbao.locale`. Text documents only (not HTML pages).

use super::convert;
use crate::completion::{complete, What};
use crate::document::Document;
use crate::finding::Locale;
use crate::position::Encoding;
use tower_lsp_server::ls_types::*;

/// The completion items at `pos`.
pub fn items(doc: &Document, pos: Position, enc: Encoding, locale: Locale) -> Vec<CompletionItem> {
    let b = convert::byte(doc.rope(), pos, enc);
    let Some((off, a, text)) = doc.report_text_at(b) else { return Vec::new() };
    complete(&a.report, &text, b - off)
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let range = convert::range(doc.rope(), &(item.replace.start + off..item.replace.end + off), enc);
            // A table is listed by its name (表三（空表…）), not by its many lines.
            let label = if item.what == What::Table { item.detail.zh.clone() } else { item.text.clone() };
            CompletionItem {
                label: label.clone(),
                kind: Some(match item.what {
                    What::Row => CompletionItemKind::FIELD,
                    What::Heading => CompletionItemKind::MODULE,
                    What::Table => CompletionItemKind::SNIPPET,
                }),
                detail: Some(item.detail.get(locale).to_string()),
                sort_text: Some(format!("{i:04}")),
                filter_text: Some(label),
                insert_text_format: Some(InsertTextFormat::PLAIN_TEXT),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: item.text })),
                ..Default::default()
            }
        })
        .collect()
}
