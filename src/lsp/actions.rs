//! Code actions: a preferred quick fix per fixable finding (`将总计改为 41`, recomputed from
//! the current text), the non-preferred 结转下年度 suggestion for an imbalance, and
//! `填写本文件全部总计` as `source.fixAll.nianbao`, and every narrative fix (the sentences'
//! numbers set to the tables', blank cells a sentence states filled) as
//! `source.fixAll.nianbao.narrative`. Every edit carries the document version.

use super::convert::edit;
use crate::explain::{fill_all_title, fix_title, narrative_all_title};
use crate::document::Document;
use crate::finding::{Edit, Finding, FixKind, Locale};
use crate::position::Encoding;
use ropey::Rope;
use tower_lsp_server::ls_types::*;

pub const FIX_ALL_KIND: &str = "source.fixAll.nianbao";
/// The narrative fixes, a kind of their own so that a user can take the totals only: asked for
/// by exactly `source.fixAll.nianbao`, only the totals come (a deliberate narrowing of LSP's
/// kind hierarchy: a save action that fills totals must not rewrite sentences).
pub const FIX_NARRATIVE_KIND: &str = "source.fixAll.nianbao.narrative";

pub fn workspace_edit(doc: &Document, uri: &Uri, version: i32, edits: &[Edit], enc: Encoding) -> WorkspaceEdit {
    workspace_edit_in(doc.rope(), uri, version, edits, enc)
}

/// The same for edits of the text in `rope`.
pub fn workspace_edit_in(rope: &Rope, uri: &Uri, version: i32, edits: &[Edit], enc: Encoding) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: None,
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri: uri.clone(), version: Some(version) },
            edits: edits.iter().map(|e| OneOf::Left(edit(rope, e, enc))).collect(),
        }])),
        change_annotations: None,
    }
}

fn wants(only: &Option<Vec<CodeActionKind>>, kind: &CodeActionKind) -> bool {
    match only {
        None => true,
        Some(list) => list.iter().any(|k| kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))),
    }
}

/// All code actions for the byte range `sel` of the document.
pub fn actions(doc: &Document, uri: &Uri, version: i32, sel: std::ops::Range<usize>, only: &Option<Vec<CodeActionKind>>, enc: Encoding, locale: Locale) -> Vec<CodeActionOrCommand> {
    actions_in(doc.rope(), &doc.findings(), || doc.fill_edits(), uri, version, sel, only, enc, locale)
}

/// Code actions from findings and fill edits of the text in `rope` (spans and edits in its
/// bytes): for a text document its own analysis, for an HTML page its mapped one.
#[allow(clippy::too_many_arguments)]
pub fn actions_in(
    rope: &Rope,
    findings: &[Finding],
    fill_edits: impl FnOnce() -> Vec<Edit>,
    uri: &Uri,
    version: i32,
    sel: std::ops::Range<usize>,
    only: &Option<Vec<CodeActionKind>>,
    enc: Encoding,
    locale: Locale,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    if wants(only, &CodeActionKind::QUICKFIX) {
        for f in findings {
            let (Some(fix), Some(title)) = (&f.fix, fix_title(f, locale)) else { continue };
            if f.span.end < sel.start || f.span.start > sel.end {
                continue;
            }
            let diag = super::convert::diagnostic(rope, uri, f, enc, locale);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag]),
                edit: Some(workspace_edit_in(rope, uri, version, std::slice::from_ref(fix), enc)),
                is_preferred: Some(f.fix_is_total()),
                ..Default::default()
            }));
        }
    }
    let kind = CodeActionKind::new(FIX_ALL_KIND);
    if wants(only, &kind) || wants(only, &CodeActionKind::SOURCE_FIX_ALL) {
        let edits = fill_edits();
        if !edits.is_empty() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fill_all_title(locale).to_string(),
                kind: Some(kind),
                edit: Some(workspace_edit_in(rope, uri, version, &edits, enc)),
                ..Default::default()
            }));
        }
    }
    let narrative = CodeActionKind::new(FIX_NARRATIVE_KIND);
    let asked = match only {
        None => true,
        Some(list) => list.iter().any(|k| k.as_str() != FIX_ALL_KIND && (k.as_str() == FIX_NARRATIVE_KIND || FIX_NARRATIVE_KIND.starts_with(&format!("{}.", k.as_str())))),
    };
    if asked {
        let edits: Vec<Edit> = findings.iter().filter(|f| f.fix_kind == FixKind::Narrative).filter_map(|f| f.fix.clone()).collect();
        if !edits.is_empty() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: narrative_all_title(locale).to_string(),
                kind: Some(narrative),
                edit: Some(workspace_edit_in(rope, uri, version, &edits, enc)),
                ..Default::default()
            }));
        }
    }
    out
}
