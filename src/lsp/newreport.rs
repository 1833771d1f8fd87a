//! The command `nianbao.newReport`: next year's report from last year's (`nextyear`), created
//! beside it. Arguments: last year's document URI (a string, or `{"uri", "year"}`), and
//! optionally the new report's year (a number). Last year's text is the open buffer when it is
//! open (an HTML page rendered), else the file read from disk as `check` reads it. The new file
//! is named by last year's name with the year replaced (`nextyear::file_name`; `-2`, `-3` … when
//! that name is taken) and made by one `workspace/applyEdit`: a `CreateFile` and the text
//! inserted into it. The result is `{"uri", "year", "template", "layout", "carried"}`, and
//! `"text"` besides when the edit is not sent — the client cannot create files, or last year's
//! document is not a file — for the client to put where it likes.

use super::html::is_html;
use super::lastyear::path_of;
use super::locks::lock;
use super::store::Shared;
use crate::finding::{Locale, Msg};
use crate::nextyear::{self, Skeleton};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::*;

pub const NEW_REPORT_COMMAND: &str = "nianbao.newReport";

/// The command's arguments: last year's URI and the new report's year, if given.
pub fn arguments(args: &[Value]) -> Option<(Uri, Option<i32>)> {
    let first = args.first()?;
    let uri = first.as_str().or_else(|| first.get("uri")?.as_str())?.parse::<Uri>().ok()?;
    let year = args.get(1).or_else(|| first.get("year")).and_then(Value::as_i64).and_then(|y| i32::try_from(y).ok());
    Some((uri, year))
}

/// Last year's text: the open buffer, else the file on disk (rendered when it is not text).
fn last_text(shared: &Shared, uri: &Uri) -> Result<String, Msg> {
    let open = shared.entry(uri).map(|e| lock(&e).doc.rope().to_string());
    if let Some(text) = open {
        if !is_html(uri) {
            return Ok(text);
        }
        return crate::formats::html::render(&text).map(|r| r.text).map_err(|e| Msg::new(format!("无法读取上年报告：{e}"), format!("cannot read last year's report: {e}")));
    }
    let path = path_of(uri).ok_or_else(|| Msg::new("上年报告既未打开，也不是本地文件", "last year's report is neither open nor a local file"))?;
    let bytes = std::fs::read(&path).map_err(|e| Msg::new(format!("无法读取上年报告 {}：{e}", path.display()), format!("cannot read last year's report {}: {e}", path.display())))?;
    let decoded = crate::formats::decode_file(crate::formats::kind(&path), &bytes).map_err(|e| Msg::new(format!("无法读取上年报告 {}：{e}", path.display()), format!("cannot read last year's report {}: {e}", path.display())))?;
    Ok(decoded.checked().to_string())
}

/// A free path for the new report beside `last`: its name with the year replaced, or with
/// `-2`, `-3` … before the extension when that is taken (on disk, or open in the editor).
fn target(shared: &Shared, last: &Path, s: &Skeleton) -> Option<(PathBuf, Uri)> {
    let dir = last.parent()?;
    let name = nextyear::file_name(&last.file_name()?.to_string_lossy(), s.last_year, s.year);
    let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, "txt"));
    (1..100).find_map(|n| {
        let path = dir.join(if n == 1 { name.clone() } else { format!("{stem}-{n}.{ext}") });
        let uri = Uri::from_file_path(&path)?;
        (!path.exists() && shared.entry(&uri).is_none()).then_some((path, uri))
    })
}

/// What the command makes: the skeleton, and where it goes with the edit that creates it (none
/// when last year's document is not a file, or the client cannot create files).
pub struct Made {
    pub result: Value,
    pub edit: Option<WorkspaceEdit>,
}

/// Write next year's report from the document `uri` (runs on a blocking thread).
pub fn make(shared: &Shared, uri: &Uri, year: Option<i32>, can_create: bool) -> Result<Made, Msg> {
    let text = last_text(shared, uri)?;
    let opts = lock(&shared.settings).check.clone();
    let s = nextyear::from_text(&text, &opts, year)?;
    let place = path_of(uri).and_then(|p| target(shared, &p, &s));
    let mut result = json!({
        "uri": place.as_ref().map(|(_, u)| u.as_str().to_string()),
        "year": s.year,
        "template": s.template.as_str(),
        "layout": s.layout.name(),
        "carried": s.carried.len(),
    });
    let edit = match place {
        Some((_, new)) if can_create => Some(create_edit(new, &s.text)),
        _ => {
            result["text"] = Value::String(s.text);
            None
        }
    };
    Ok(Made { result, edit })
}

/// A new file `uri` holding `text`: `CreateFile` (never over an existing file), then the text
/// inserted at its start.
fn create_edit(uri: Uri, text: &str) -> WorkspaceEdit {
    let create = CreateFile { uri: uri.clone(), options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(false) }), annotation_id: None };
    let insert = TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
        edits: vec![OneOf::Left(TextEdit { range: Range::default(), new_text: text.to_string() })],
    };
    WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(vec![DocumentChangeOperation::Op(ResourceOp::Create(create)), DocumentChangeOperation::Edit(insert)])), ..Default::default() }
}

/// Whether the client's capabilities let it create a file through `workspace/applyEdit`: it
/// applies edits and names `create` among its resource operations (which only `documentChanges`
/// carry; Neovim names them without declaring `documentChanges`, and applies them).
pub fn can_create(caps: &ClientCapabilities) -> bool {
    let edit = caps.workspace.as_ref().and_then(|w| w.workspace_edit.as_ref());
    caps.workspace.as_ref().and_then(|w| w.apply_edit).unwrap_or(false) && edit.and_then(|e| e.resource_operations.as_ref()).is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
}

/// The message shown when the new report is returned instead of created.
pub fn returned_message(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "新报告未能直接创建（编辑器不支持由服务器新建文件，或上年报告不是本地文件），其文本已随命令结果返回。",
        Locale::En => "The new report could not be created directly (the editor does not let the server create files, or last year's report is not a local file); its text is in the command's result.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_take_a_uri_and_a_year_either_way() {
        let (u, y) = arguments(&[json!("file:///a/2023.txt"), json!(2025)]).expect("args");
        assert_eq!((u.as_str(), y), ("file:///a/2023.txt", Some(2025)));
        let (_, y) = arguments(&[json!({"uri": "file:///a/2023.txt", "year": 2024})]).expect("args");
        assert_eq!(y, Some(2024));
        assert!(arguments(&[]).is_none());
        assert!(arguments(&[json!(5)]).is_none());
    }
}
