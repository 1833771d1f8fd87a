//! Cross-year checks in the editor: an open report is compared with the same agency's report
//! of the year before, found beside it. Candidates are the report files (`*.txt`, `*.md`,
//! `*.markdown`, `*.html`, `*.htm`, `*.docx`, `*.doc`, `*.wps`, `*.pdf`: last year's report is
//! often the published PDF) in the document's own folder (not recursive) and
//! in the workspace folders (at most `MAX_DEPTH` folders deep and `MAX_FILES` files; hidden
//! folders, `node_modules` and `target` skipped, symlinked folders not followed), plus the open
//! documents there; files over `MAX_FILE` bytes are skipped. The predecessor is chosen as
//! `crossyear::pair` chooses it, first among the candidates of the document's own folder, then
//! among all of them (so a copy elsewhere in the workspace does not make it ambiguous).
//!
//! Each candidate is read once per state: an open document from its buffer (keyed by open
//! instance and version), a file on disk by modification time and size; what is kept is its
//! text (for positions), the source map of an HTML page, and the models and identities of its
//! reports. A PDF or `.doc`/`.wps` file is read from disk with the command line's readers
//! (never from an editor buffer, which holds no report) and has no lines a location could
//! name: locations into it point at the file itself, their message naming the page and table
//! cell. Folder listings are kept `SCAN_TTL` and dropped on `didChangeWatchedFiles`. Reading
//! a file that vanished, cannot be read or decoded means no candidate, never an error.
//! Everything here runs on the publish worker's blocking thread, never on the protocol thread.

use super::convert::OtherFiles;
use super::locks::lock;
use crate::api::check_text_keeping_models;
use crate::crossyear::{identity, pair, rules, Identity, Side};
use crate::document::Document;
use crate::finding::{Finding, Locale, Msg};
use crate::formats::{self, sourcemap::SourceMap, Kind, Rendering};
use crate::model::Report;
use crate::template::T3_COLS;
use crate::vocab::CheckOptions;
use ropey::Rope;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tower_lsp_server::ls_types::Uri;

/// Files larger than this are not read as candidates.
pub const MAX_FILE: u64 = 16 << 20;
/// How deep workspace folders are searched (the folder itself is depth 0).
pub const MAX_DEPTH: usize = 4;
/// At most this many candidate files per folder searched.
pub const MAX_FILES: usize = 2000;
/// How long a folder listing is trusted when no watcher reports changes.
pub const SCAN_TTL: Duration = Duration::from_secs(2);

/// One candidate file as read: where it is, its text, and its reports.
pub struct Prepared {
    pub uri: Uri,
    /// The name cross-year findings use for it (`Related::file`): its URI.
    pub name: Arc<str>,
    /// The text positions refer to (an HTML page's source, a `.docx` package's rendering).
    pub rope: Rope,
    /// HTML pages: the rendering (where the models' spans are) → the page source.
    pub map: Option<SourceMap>,
    /// Each report's offset in the checked text and its model.
    pub units: Vec<(usize, Report)>,
    pub ids: Vec<Option<Identity>>,
    /// A file without lines of its own (PDF, `.doc`/`.wps`): its rendering (`rope`), which
    /// names the page and table cell of a span.
    pub lineless: Option<Rendering>,
}

impl Prepared {
    /// Where a span of the checked text is, in words, for a file without lines (`None` for
    /// the others, whose locations are their lines).
    fn place(&self, at: usize, locale: Locale) -> Option<String> {
        Some(self.lineless.as_ref()?.locate(at)?.describe(locale))
    }
}

/// Files without lines of their own, by their extension: a PDF, a Word 97–2003/WPS file.
fn lineless(kind: Kind) -> bool {
    matches!(kind, Kind::Pdf | Kind::Doc)
}

/// What a cached reading was made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stamp {
    Disk(Option<SystemTime>, u64),
    Open(u64, i32),
}

struct OpenText {
    uri: Uri,
    generation: u64,
    version: i32,
    rope: Rope,
}

/// What an open document's cross-year result depends on, for deciding whom a change concerns.
#[derive(Clone, Debug, Default)]
pub struct Watch {
    /// The document's folder.
    pub dir: Option<PathBuf>,
    /// The files its predecessors were read from.
    pub prev: Vec<PathBuf>,
}

/// The cross-year findings of a document.
#[derive(Default)]
pub struct Outcome {
    /// Spans in the document's checked text, related spans in the files of `files`.
    pub findings: Vec<Finding>,
    pub files: OtherFiles,
    /// `None` when no report of the document names its agency and year.
    pub watch: Option<Watch>,
}

/// A candidate as last read: what it was read from, and the reading (`None`: unreadable, or
/// no report naming agency and year).
type Reading = (Stamp, Option<Arc<Prepared>>);
/// A folder listing (by folder and whether it was searched deep) and when it was made.
type Listing = (Instant, Arc<Vec<PathBuf>>);
/// A report's predecessor: the candidate file and the index of the report in it.
type Predecessor = Option<(Arc<Prepared>, usize)>;

/// The server's cross-year state: cached readings, folder listings, workspace folders, and
/// snapshots of the open documents' texts (so that no entry lock is taken here).
#[derive(Default)]
pub struct LastYear {
    files: Mutex<HashMap<PathBuf, Reading>>,
    scans: Mutex<HashMap<(PathBuf, bool), Listing>>,
    roots: Mutex<Vec<PathBuf>>,
    open: Mutex<HashMap<PathBuf, OpenText>>,
}

/// The local path of a `file:` URI.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

fn wanted(name: &OsStr) -> bool {
    let ext = Path::new(name).extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(ext.as_deref(), Some("txt" | "md" | "markdown" | "html" | "htm" | "docx" | "doc" | "wps" | "pdf")) && !name.as_encoded_bytes().starts_with(b".")
}

fn skipped_dir(name: &OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".") || name == "target" || name == "node_modules"
}

/// The report files in `dir`, and below it down to `depth` folders.
fn scan(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut subdirs = Vec::new();
    for e in rd.flatten() {
        if out.len() >= MAX_FILES {
            return;
        }
        let Ok(ft) = e.file_type() else { continue };
        let name = e.file_name();
        if ft.is_dir() {
            if depth > 0 && !skipped_dir(&name) {
                subdirs.push(e.path());
            }
        } else if wanted(&name) && (ft.is_file() || ft.is_symlink()) {
            out.push(e.path());
        }
    }
    subdirs.sort();
    for d in subdirs {
        scan(&d, depth - 1, out);
    }
}

/// Read a file from disk, refusing anything but a regular file of at most `MAX_FILE` bytes.
fn read_file(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path).ok()?.take(MAX_FILE + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= MAX_FILE).then_some(bytes)
}

/// Models and identities of a decoded file; `None` when no report in it names agency and year.
fn prepare(uri: Uri, decoded: formats::Decoded, lineless: Option<Rendering>, opts: &CheckOptions) -> Option<Prepared> {
    let (_, units) = check_text_keeping_models(decoded.checked(), opts);
    let ids: Vec<Option<Identity>> = units.iter().map(|(_, r)| identity(r)).collect();
    if ids.iter().all(Option::is_none) {
        return None;
    }
    Some(Prepared { name: Arc::from(uri.as_str()), uri, rope: Rope::from_str(&decoded.source), map: decoded.rendering.map(|r| r.map), units, ids, lineless })
}

/// Decode a file's text as `check` does and prepare it, surviving a panic.
fn prepare_text(uri: Uri, kind: Kind, text: Option<&str>, bytes: Option<&[u8]>, opts: &CheckOptions) -> Option<Prepared> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let bytes_kind = bytes.map(|b| formats::sniff(kind, b));
        let (decoded, rendering) = match (text, kind) {
            // An open buffer is text already; a page in the editor is still rendered.
            (Some(t), Kind::Html) => (formats::Decoded { source: t.to_string(), rendering: Some(formats::html::render(t).ok()?) }, None),
            (Some(t), _) => (formats::Decoded { source: t.to_string(), rendering: None }, None),
            // A PDF or .doc (by content) keeps its rendering, to name places in it.
            (None, _) if bytes_kind.is_some_and(lineless) => {
                let r = formats::render_file(kind, bytes?).ok()?;
                (formats::Decoded { source: r.text.clone(), rendering: None }, Some(r))
            }
            (None, kind) => (formats::decode_file(kind, bytes?).ok()?, None),
        };
        prepare(uri, decoded, rendering, opts)
    }))
    .ok()
    .flatten()
}

/// A finding's related locations in a file without lines: at the file's start, their message
/// naming the page and table cell (`（第 2 页 · 表3 · 四、结转下年度继续办理 · 自然人）`).
fn placed(mut f: Finding, file: &Prepared) -> Finding {
    if file.lineless.is_none() {
        return f;
    }
    for r in f.related.iter_mut().filter(|r| r.file.as_deref() == Some(&*file.name)) {
        if let (Some(zh), Some(en)) = (file.place(r.span.start, Locale::Zh), file.place(r.span.start, Locale::En)) {
            r.label = Msg::new(format!("{}（{zh}）", r.label.zh), format!("{} ({en})", r.label.en));
        }
        r.span = 0..0;
    }
    f
}

impl LastYear {
    pub fn set_roots(&self, roots: Vec<PathBuf>) {
        *lock(&self.roots) = roots;
        lock(&self.scans).clear();
    }

    pub fn add_roots(&self, add: Vec<PathBuf>, remove: &[PathBuf]) {
        let mut r = lock(&self.roots);
        r.retain(|p| !remove.contains(p));
        r.extend(add.into_iter().filter(|p| !remove.contains(p)));
        lock(&self.scans).clear();
    }

    /// Keep the text of an open document (after open and every change).
    pub fn opened(&self, uri: &Uri, generation: u64, version: i32, rope: &Rope) {
        if let Some(p) = path_of(uri) {
            lock(&self.open).insert(p, OpenText { uri: uri.clone(), generation, version, rope: rope.clone() });
        }
    }

    pub fn closed(&self, uri: &Uri) {
        if let Some(p) = path_of(uri) {
            lock(&self.open).remove(&p);
        }
    }

    /// Files changed on disk: read them again when next needed, and list folders again.
    pub fn invalidate(&self, paths: &[PathBuf]) {
        let mut files = lock(&self.files);
        for p in paths {
            files.remove(p);
        }
        drop(files);
        lock(&self.scans).clear();
    }

    /// Forget every reading (the check options changed).
    pub fn clear(&self) {
        lock(&self.files).clear();
        lock(&self.scans).clear();
    }

    /// Is `path` a file a document with `watch` may read as a candidate?
    pub fn concerns(&self, watch: &Watch, path: &Path) -> bool {
        watch.prev.iter().any(|p| p == path) || path.parent() == watch.dir.as_deref() || lock(&self.roots).iter().any(|r| path.starts_with(r))
    }

    fn listing(&self, dir: &Path, deep: bool) -> Arc<Vec<PathBuf>> {
        let key = (dir.to_path_buf(), deep);
        if let Some((at, v)) = lock(&self.scans).get(&key) {
            if at.elapsed() < SCAN_TTL {
                return v.clone();
            }
        }
        let mut out = Vec::new();
        scan(dir, if deep { MAX_DEPTH } else { 0 }, &mut out);
        out.sort();
        let v = Arc::new(out);
        lock(&self.scans).insert(key, (Instant::now(), v.clone()));
        v
    }

    /// The candidates of a document at `own`: those of its folder, then those of the
    /// workspace folders (with the open documents of both), each list without `own`.
    fn candidates(&self, own: Option<&Path>) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let dir = own.and_then(Path::parent);
        let roots = lock(&self.roots).clone();
        let open: Vec<PathBuf> = lock(&self.open).keys().cloned().collect();
        let mut near: Vec<PathBuf> = dir.map(|d| self.listing(d, false).to_vec()).unwrap_or_default();
        near.extend(open.iter().filter(|p| p.parent().is_some() && p.parent() == dir).cloned());
        let mut far = near.clone();
        for r in &roots {
            far.extend(self.listing(r, true).iter().cloned());
        }
        far.extend(open.iter().filter(|p| roots.iter().any(|r| p.starts_with(r))).cloned());
        for v in [&mut near, &mut far] {
            v.retain(|p| Some(p.as_path()) != own);
            v.sort();
            v.dedup();
        }
        (near, far)
    }

    /// A candidate as read now (from its open buffer or from disk), cached.
    fn prepared(&self, path: &Path, opts: &CheckOptions) -> Option<Arc<Prepared>> {
        let kind = formats::kind(path);
        // An editor's buffer of a PDF or .doc is no report: such files are read from disk.
        let open = lock(&self.open).get(path).filter(|_| !lineless(kind)).map(|o| (o.uri.clone(), Stamp::Open(o.generation, o.version), o.rope.clone()));
        let (stamp, uri, text) = match open {
            Some((uri, stamp, rope)) => (stamp, Some(uri), Some(rope)),
            None => {
                let meta = std::fs::metadata(path).ok()?;
                if !meta.is_file() || meta.len() > MAX_FILE {
                    return None;
                }
                (Stamp::Disk(meta.modified().ok(), meta.len()), None, None)
            }
        };
        if let Some((s, p)) = lock(&self.files).get(path) {
            if *s == stamp {
                return p.clone();
            }
        }
        let uri = uri.or_else(|| Uri::from_file_path(path))?;
        let p = match text {
            Some(rope) => prepare_text(uri, kind, Some(&rope.to_string()), None, opts),
            None => {
                let bytes = read_file(path);
                bytes.as_deref().and_then(|b| prepare_text(uri, kind, None, Some(b), opts))
            }
        }
        .map(Arc::new);
        lock(&self.files).insert(path.to_path_buf(), (stamp, p.clone()));
        p
    }

    /// For each of the document's reports, its predecessor (a candidate file and the index of
    /// the report in it), and the document's watch.
    fn predecessors(&self, uri: &Uri, own: &[(usize, &Report)], opts: &CheckOptions) -> (Vec<Predecessor>, Option<Watch>) {
        let own_ids: Vec<Option<Identity>> = own.iter().map(|(_, r)| identity(r)).collect();
        if own_ids.iter().all(Option::is_none) {
            return (vec![None; own.len()], None);
        }
        let path = path_of(uri);
        let (near, far) = self.candidates(path.as_deref());
        let mut found: Vec<Predecessor> = vec![None; own.len()];
        let lists = if far == near { vec![near] } else { vec![near, far] };
        for list in lists {
            if found.iter().zip(&own_ids).all(|(f, id)| f.is_some() || id.is_none()) {
                break;
            }
            let files: Vec<Arc<Prepared>> = list.iter().filter_map(|p| self.prepared(p, opts)).collect();
            // Units of the run: the document's reports, then every candidate's.
            let mut ids = own_ids.clone();
            let mut at: Vec<(usize, usize)> = Vec::new();
            for (fi, f) in files.iter().enumerate() {
                for (ui, id) in f.ids.iter().enumerate() {
                    ids.push(id.clone());
                    at.push((fi, ui));
                }
            }
            for (i, p) in pair(&ids).into_iter().take(own.len()).enumerate() {
                if let (Ok(j), None) = (p, &found[i]) {
                    // A predecessor inside the document itself is the command line's business.
                    if let Some(&(fi, ui)) = j.checked_sub(own.len()).and_then(|k| at.get(k)) {
                        found[i] = Some((files[fi].clone(), ui));
                    }
                }
            }
        }
        let prev = found.iter().flatten().filter_map(|(f, _)| path_of(&f.uri)).collect();
        (found, Some(Watch { dir: path.as_deref().and_then(Path::parent).map(Path::to_path_buf), prev }))
    }

    /// The cross-year findings of a document whose reports are `own` (offsets in its checked
    /// text), rules in `opts.disabled_rules` left out.
    pub fn check(&self, uri: &Uri, own: &[(usize, &Report)], opts: &CheckOptions) -> Outcome {
        let (found, watch) = self.predecessors(uri, own, opts);
        let mut out = Outcome { watch, ..Outcome::default() };
        let own_name: Arc<str> = Arc::from(uri.as_str());
        for ((off, report), prev) in own.iter().zip(found) {
            let Some((file, ui)) = prev else { continue };
            let (poff, preport) = &file.units[ui];
            let mut fs = rules::check(Side { report: preport, offset: *poff, file: &file.name }, Side { report, offset: *off, file: &own_name });
            fs.retain(|f| !opts.disabled_rules.contains(f.rule));
            // Last year's spans into that file's text; this year's stay in the checked text
            // (an HTML page's rendering: `html::diagnostics` maps them with the page).
            let fs = fs.into_iter().map(|f| formats::map_across(f, None, file.map.as_ref())).map(|f| placed(f, &file));
            out.files.insert(file.name.clone(), (file.uri.clone(), file.rope.clone()));
            out.findings.extend(fs);
        }
        out
    }

    /// The cross-year findings of an open text document.
    pub fn check_document(&self, uri: &Uri, doc: &Document) -> Outcome {
        let own: Vec<(usize, &Report)> = doc.reports().map(|(off, a)| (off, &a.report)).collect();
        self.check(uri, &own, doc.options())
    }

    /// Hover text for a 二、上年结转 cell at byte `b` of an open text document: last year's
    /// 四、结转下年度继续办理 in that column and the file it comes from.
    pub fn carry_in_hover(&self, uri: &Uri, doc: &Document, b: usize, locale: Locale) -> Option<(String, std::ops::Range<usize>)> {
        let (off, a) = doc.report_at(b)?;
        let row = a.report.t3.as_ref()?.row("carry_in")?;
        let rel = b - off;
        let (c, cell) = row.cells.iter().enumerate().find_map(|(c, cell)| cell.as_ref().filter(|cell| cell.span.start <= rel && rel <= cell.span.end).map(|cell| (c, cell)))?;
        let (found, _) = self.predecessors(uri, &[(off, &a.report)], doc.options());
        let (file, ui) = found.into_iter().next().flatten()?;
        let prev = rules::carried_over_last_year(&file.units[ui].1, c);
        let (col, col_en) = (T3_COLS[c], crate::template::T3_COLS_EN[c]);
        let then = prev.and_then(|p| p.value.int());
        let now = cell.value.int();
        let shown = path_of(&file.uri).and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())).unwrap_or_else(|| file.uri.as_str().to_string());
        let (v_zh, v_en) = match then {
            Some(t) => (t.to_string(), t.to_string()),
            None => ("（未填数字）".to_string(), "(no number)".to_string()),
        };
        let (mark_zh, mark_en) = match (now, then) {
            (Some(n), Some(t)) if n == t => (" ✓".to_string(), " ✓".to_string()),
            (Some(n), Some(_)) => (format!(" ✗（本年填 {n}）"), format!(" ✗ ({n} here)")),
            _ => (String::new(), String::new()),
        };
        // A PDF or .doc has no lines: its page and cell are named instead.
        let at = |locale| prev.and_then(|p| file.place(file.units[ui].0 + p.span.start, locale));
        let (at_zh, at_en) = (at(Locale::Zh).map(|p| format!("（{p}）")).unwrap_or_default(), at(Locale::En).map(|p| format!(" ({p})")).unwrap_or_default());
        let link = format!("[{shown}]({})", file.uri.as_str());
        let md = Msg::new(
            format!("**上年结转 · {col}**：上年报告“四、结转下年度继续办理”为 {v_zh}{mark_zh}\n\n来自：{link}{at_zh}"),
            format!("**Carried in · {col_en}**: last year's report carried over {v_en}{mark_en}\n\nFrom: {link}{at_en}"),
        )
        .get(locale)
        .to_string();
        Some((md, cell.span.start + off..cell.span.end + off))
    }
}
