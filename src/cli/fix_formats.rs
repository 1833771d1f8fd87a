//! `nianbao fix` for HTML pages and DOCX packages. HTML: the fill edits of the page's rendering
//! are mapped through the source map onto the page text (only where the rendered text is the
//! page's own text, or an empty cell's anchor), then spliced into the original bytes in the
//! page's encoding like a text file's, so every other byte stays. DOCX: `formats::docx` writes
//! each total into its cell's first run and rebuilds the package with every other entry copied
//! raw. Both re-read the result and write atomically.

use super::splice::{apply, apply_to_bytes};
use super::writeback::{write_back, Mode};
use super::input::{encode, Encoding};
use super::input::read_bytes;
use super::report_file::read_html;
use super::term;
use crate::api::fix_edits;
use crate::finding::Edit;
use crate::formats::{self, docx, html, Kind};
use crate::vocab::CheckOptions;
use std::path::Path;

/// What fixing one file did: cells filled and, for a dry run, a diff.
pub struct FixedFile {
    pub cells: usize,
    pub diff: Option<String>,
}

fn internal(what: &str) -> String {
    format!("内部错误：{what}，未修改 / internal error: {what}; not changed")
}

fn diff(path: &Path, old: &str, new: &str) -> String {
    let name = term::path(path).to_string();
    similar::TextDiff::from_lines(old, new).unified_diff().context_radius(2).header(&name, &name).to_string()
}

/// Fix an HTML page or DOCX package; `None` for other files (fixed as text).
pub fn fix(path: &Path, mode: Mode, opts: &CheckOptions, narrative: bool) -> Option<Result<FixedFile, String>> {
    let kind = formats::kind(path);
    // A word-processor file is fixed as what its content is (a .wps may be a .docx package).
    let kind = match kind {
        Kind::Doc | Kind::Docx | Kind::Pdf => match read_bytes(path) {
            Ok(b) => formats::sniff(kind, &b),
            Err(e) => return Some(Err(e)),
        },
        k => k,
    };
    match kind {
        Kind::Html => Some(fix_html(path, mode, opts, narrative)),
        Kind::Docx => Some(fix_docx(path, mode, opts, narrative)),
        Kind::Doc => Some(Err(format!("{}: {}", term::path(path), formats::doc::READ_ONLY))),
        Kind::Pdf => Some(Err(format!("{}: {}", term::path(path), formats::pdf::READ_ONLY))),
        Kind::Text => None,
    }
}

fn fix_html(path: &Path, mode: Mode, opts: &CheckOptions, narrative: bool) -> Result<FixedFile, String> {
    let page = read_html(path)?;
    let named = |e: String| format!("{}: {e}", term::path(path));
    if page.encoding == Encoding::Gb18030 && encode(&page.text, page.encoding).map_err(named)? != page.bytes {
        return Err(named("GB18030 文本无法逐字节还原，未修改 / the file does not round-trip through GB18030; not changed".into()));
    }
    let (rendering, fills) = std::panic::catch_unwind(|| {
        let r = html::render(&page.text)?;
        let fills = fix_edits(&r.text, opts, narrative);
        Ok::<_, String>((r, fills))
    })
    .map_err(|_| named(internal("计算总计时崩溃 / crashed while computing totals")))?
    .map_err(named)?;
    let mut edits: Vec<Edit> = Vec::with_capacity(fills.len());
    for e in &fills {
        match rendering.map_edit(e) {
            Some(m) => edits.push(m),
            None => return Err(named(internal("总计单元格无法对应到 HTML 源码 / a total cell does not map onto the page source"))),
        }
    }
    if edits.is_empty() {
        return Ok(FixedFile { cells: 0, diff: None });
    }
    edits.sort_by_key(|e| e.range.start);
    let new_bytes = apply_to_bytes(&page.bytes, &page.text, page.encoding, &edits).map_err(named)?;
    let new_text = apply(&page.text, &edits);
    match html::decode(&new_bytes) {
        Ok((t, enc)) if t == new_text && enc == page.encoding => {}
        _ => return Err(named(internal("修复结果无法还原 / result does not decode back"))),
    }
    if mode.dry_run {
        return Ok(FixedFile { cells: edits.len(), diff: Some(diff(path, &page.text, &new_text)) });
    }
    write_back(path, &page.bytes, &new_bytes, mode.force)?;
    Ok(FixedFile { cells: edits.len(), diff: None })
}

/// Whether an edit of a package's rendering lies inside one of its table cells.
fn in_cell(doc: &docx::Docx, e: &Edit) -> bool {
    doc.rendering.tables.iter().any(|t| t.rows.iter().any(|r| r.cells.iter().any(|(c, _)| c.start <= e.range.start && e.range.end <= c.end)))
}

/// A package's rendering, its fill edits and, when there are some, the new package and its
/// rendering read back.
type DocxFix = (String, Vec<Edit>, Option<(Vec<u8>, String)>);

fn fix_docx(path: &Path, mode: Mode, opts: &CheckOptions, narrative: bool) -> Result<FixedFile, String> {
    let bytes = read_bytes(path)?;
    let named = |e: String| format!("{}: {e}", term::path(path));
    let result = std::panic::catch_unwind(|| -> Result<DocxFix, String> {
        let doc = docx::read(&bytes)?;
        // Only edits inside table cells are written into a package: a sentence's number is
        // changed in Word/WPS (listed, not written).
        let (fills, prose): (Vec<Edit>, Vec<Edit>) = fix_edits(&doc.rendering.text, opts, narrative).into_iter().partition(|e| in_cell(&doc, e));
        for e in &prose {
            let line = doc.rendering.text[..e.range.start].matches('\n').count() + 1;
            super::say(&format!("{}:{line}: 正文数字应改为 {}，.docx 的正文请在 Word/WPS 中修改 / the text's number should be {}; change it in Word/WPS", term::path(path), e.new_text, e.new_text));
        }
        if fills.is_empty() {
            return Ok((doc.rendering.text, fills, None));
        }
        let new = docx::write_totals(&bytes, &doc, &fills)?;
        let again = docx::read(&new)?;
        Ok((doc.rendering.text, fills, Some((new, again.rendering.text))))
    })
    .map_err(|_| named(internal("计算总计时崩溃 / crashed while computing totals")))?
    .map_err(named)?;
    let (old_text, fills, new) = result;
    let Some((new_bytes, new_text)) = new else { return Ok(FixedFile { cells: 0, diff: None }) };
    if new_text != apply(&old_text, &fills) {
        return Err(named(internal("修复后的文档读回不一致 / the fixed package does not read back as intended")));
    }
    if mode.dry_run {
        return Ok(FixedFile { cells: fills.len(), diff: Some(diff(path, &old_text, &new_text)) });
    }
    write_back(path, &bytes, &new_bytes, mode.force)?;
    Ok(FixedFile { cells: fills.len(), diff: None })
}
