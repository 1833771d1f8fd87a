//! A report file of any supported kind, for `check`, `check --print-text` and `fix`: text
//! files through `input`, HTML pages, DOCX packages and old Word/WPS files through `formats`
//! (their rendering is checked, and HTML findings are mapped back to the page); word-processor
//! files are told apart by their content, not their name. Reads files with a size bound and
//! says what "no report file found" means.

use super::input::{read_bytes, Source};
use super::term;
use crate::formats::sourcemap::SourceMap;
use crate::formats::{self, doc, docx, html, pdf, Kind, Location, Rendering};
use crate::vocab::{CheckOptions, CheckResult};
use std::path::Path;

/// The file extensions that are read, for messages.
pub const READ_KINDS: &str = ".txt .md .markdown .html .htm .docx .doc .wps .pdf";

/// A report file as read.
pub enum Loaded {
    /// A text file's decoded text.
    Text(String),
    /// The page (original bytes, decoded text, encoding) and its rendering.
    Html { page: Source, rendering: Rendering },
    /// A file without lines of its own (DOCX, DOC/WPS): positions are the rendering's.
    Rendered { rendering: Rendering },
}

/// Read and decode an HTML page.
pub fn read_html(path: &Path) -> Result<Source, String> {
    html_source(path, read_bytes(path)?)
}

/// Decode the bytes of an HTML page.
fn html_source(path: &Path, bytes: Vec<u8>) -> Result<Source, String> {
    let (text, encoding) = html::decode(&bytes).map_err(|e| format!("{}:{e}", term::path(path)))?;
    Ok(Source { path: path.to_path_buf(), bytes, encoding, text })
}

/// Read any supported file.
pub fn load(path: &Path) -> Result<Loaded, String> {
    load_read(path, read_bytes(path))
}

/// `load` of bytes already read (`read_bytes`'s result, which may be its error): the export
/// hashes the bytes it checks.
pub fn load_read(path: &Path, bytes: Result<Vec<u8>, String>) -> Result<Loaded, String> {
    let named = |e: String| format!("{}: {e}", term::path(path));
    let kind = formats::kind(path);
    if kind == Kind::Text {
        // As `input::read_text` decodes.
        return formats::encoding::decode_owned(bytes?).map(|(text, _)| Loaded::Text(text)).map_err(|e| format!("{}:{e}", term::path(path)));
    }
    let bytes = bytes?;
    let crashed = |what: &str| named(format!("内部错误：读取 {what} 时崩溃 / internal error while reading the {what}"));
    match formats::sniff(kind, &bytes) {
        Kind::Text => unreachable!("text files are read above"),
        Kind::Html => {
            let page = html_source(path, bytes)?;
            let rendering = std::panic::catch_unwind(|| html::render(&page.text)).map_err(|_| crashed("HTML"))?.map_err(named)?;
            Ok(Loaded::Html { page, rendering })
        }
        Kind::Docx => {
            let d = std::panic::catch_unwind(|| docx::read(&bytes)).map_err(|_| crashed("DOCX"))?.map_err(named)?;
            Ok(Loaded::Rendered { rendering: d.rendering })
        }
        Kind::Doc => {
            let rendering = std::panic::catch_unwind(|| doc::read(&bytes)).map_err(|_| crashed("DOC"))?.map_err(named)?;
            Ok(Loaded::Rendered { rendering })
        }
        Kind::Pdf => {
            let rendering = std::panic::catch_unwind(|| pdf::read(&bytes)).map_err(|_| crashed("PDF"))?.map_err(named)?;
            Ok(Loaded::Rendered { rendering })
        }
    }
}

/// The text a user sees for a file: the text itself, or the rendering of a page or package.
pub fn rendered_text(l: &Loaded) -> &str {
    match l {
        Loaded::Text(s) => s,
        Loaded::Html { rendering, .. } | Loaded::Rendered { rendering } => &rendering.text,
    }
}

/// A checked file: the text its positions refer to (a text file's text, an HTML page's
/// decoded source, a DOCX package's rendering), the result, and each finding's place in the
/// report's tables.
pub struct Report<M> {
    pub text: String,
    /// Where `text`'s lines start (found while the reports are checked, on the other cores).
    pub lines: crate::position::LineStarts,
    pub result: CheckResult,
    /// Each finding's place in a page's or package's tables (empty for text files).
    pub locations: Vec<Option<Location>>,
    /// Each finding's table cell, named from its report's model (text files; empty otherwise).
    pub places: Vec<Option<Location>>,
    /// What is kept of each report's model (`keep`'s result: the cross-year record, or for
    /// `export` the whole model) as soon as the report is checked, and its offset in the checked
    /// text (the rendering, for HTML and DOCX).
    pub models: Vec<(usize, M)>,
    /// From the checked text to `text` (HTML pages); `None` when they are the same text.
    pub map: Option<SourceMap>,
}

/// Check a loaded file, keeping `keep` of each report's model (what is kept of a run's reports
/// is held until every cross-year pair is checked: whole models would outweigh the text).
pub fn check<M: Send>(l: Loaded, opts: &CheckOptions, keep: fn(crate::model::Report) -> M) -> Report<M> {
    let kept = |r: crate::model::Report, _: &[crate::finding::Finding]| Some(keep(r));
    match l {
        Loaded::Text(text) => {
            // The findings' cells are named from the whole model, before `keep` takes it.
            let (lines, (result, kept)) = rayon::join(
                || crate::position::LineStarts::new(&text),
                || {
                    crate::api::check_text_keeping(&text, opts, |r, findings| {
                        let places: Vec<Option<Location>> = findings.iter().map(|f| crate::explain::cell_place(&r, f.span.start).map(|(p, _)| Location::Cell { page: None, table: p.table.into(), row: p.row, column: p.column })).collect();
                        Some((keep(r), places))
                    })
                },
            );
            let mut places = Vec::with_capacity(result.findings.len());
            let mut models = Vec::with_capacity(kept.len());
            for (off, (r, p)) in kept {
                places.extend(p);
                models.push((off, r));
            }
            Report { text, lines, result, locations: Vec::new(), places, models, map: None }
        }
        Loaded::Html { page, rendering } => {
            let (lines, (mut result, models)) = rayon::join(|| crate::position::LineStarts::new(&page.text), || rendering.check_keeping(opts, kept));
            let locations = result.findings.iter().map(|f| rendering.locate(f.span.start)).collect();
            result.findings = std::mem::take(&mut result.findings).into_iter().map(|f| rendering.map_finding(f)).collect();
            Report { text: page.text, lines, result, locations, places: Vec::new(), models, map: Some(rendering.map) }
        }
        Loaded::Rendered { rendering } => {
            let (lines, (result, models)) = rayon::join(|| crate::position::LineStarts::new(&rendering.text), || rendering.check_keeping(opts, kept));
            let locations = result.findings.iter().map(|f| rendering.locate(f.span.start)).collect();
            Report { text: rendering.text, lines, result, locations, places: Vec::new(), models, map: None }
        }
    }
}

/// The warning when the paths given hold no report file at all.
pub fn nothing_found(skipped: usize) -> String {
    if skipped > 0 {
        format!("nianbao: 警告：未找到报告（{skipped} 个文件不是年度报告）/ warning: no report found ({skipped} file(s) are not annual reports)")
    } else {
        format!("nianbao: 警告：未找到可读取的报告文件（{READ_KINDS}）/ warning: no report file found ({READ_KINDS})")
    }
}
