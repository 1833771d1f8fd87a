//! Output formats for `nianbao check`: human-readable code frames, JSON, SARIF, and the
//! reviewers' workbook (xlsx) with its findings sheet as CSV. Each reads the checked files and
//! their findings; none of them decides anything.

pub mod csv;
pub mod human;
pub mod json;
pub mod sarif;
pub mod xlsx;

use crate::finding::Finding;
use crate::formats::Location;
use crate::position::LineStarts;

/// One checked file, as the outputs see it.
#[derive(Default)]
pub struct Checked {
    /// The path as given or found (shown to the user).
    pub path: String,
    pub text: String,
    /// Where `text`'s lines start, for lines and columns (empty when the text is dropped).
    pub lines: LineStarts,
    pub template: Option<&'static str>,
    pub year: Option<i32>,
    /// The agency its title names (cross-year pairing).
    pub agency: Option<String>,
    /// Last year's report of the same agency in this run (its path as shown), when paired.
    pub previous: Option<String>,
    /// For each report of the file (in its order), last year's report of the same agency in
    /// this run, when paired: its file's path and its index among that file's reports.
    pub previous_of: Vec<Option<(String, usize)>>,
    pub findings: Vec<Finding>,
    /// Each finding's place in the report's tables (HTML and DOCX); empty for text files.
    pub locations: Vec<Option<Location>>,
    /// Each finding's table cell, named from the report model (text files); for the workbook.
    pub places: Vec<Option<Location>>,
}

/// Write a command's output to `path` (`-o`: through a temporary file in the same folder and a
/// rename, `writeback::write_new`) or to standard output, where a closed pipe (`| head`) is not
/// an error worth a message.
pub fn emit(path: Option<&std::path::Path>, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    match path {
        Some(p) => super::writeback::write_new(p, bytes),
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(bytes).and_then(|_| out.flush());
            Ok(())
        }
    }
}

/// `emit` of what `write` writes, streamed (JSON and SARIF are written as they are rendered,
/// never held whole).
pub fn emit_with(path: Option<&std::path::Path>, write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), String> {
    use std::io::Write;
    match path {
        Some(p) => super::writeback::write_new_with(p, write),
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let _ = write(&mut out).and_then(|_| out.flush());
            Ok(())
        }
    }
}

/// Fewer items than this are rendered one after the other: handing them to other cores costs
/// more than rendering them (a finding renders in about 8,000 instructions).
const PARALLEL_ITEMS: usize = 16;

/// Write the items of a pretty-printed JSON array (`[]` when there are none), each item's
/// lines after `pad` and the closing bracket after `close`, as `serde_json::to_string_pretty`
/// prints an array nested at that depth. Items are rendered `chunk` at a time on every core
/// and written as each chunk is ready: a file's thousands of findings are never all held as
/// text.
pub(crate) fn write_items<T: Sync>(w: &mut dyn std::io::Write, items: &[T], chunk: usize, pad: &str, close: &str, render: &(dyn Fn(usize, &T) -> String + Sync)) -> std::io::Result<()> {
    use crate::par::*;
    if items.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[\n")?;
    for (c, part) in items.chunks(chunk.max(1)).enumerate() {
        let base = c * chunk.max(1);
        let one = |(i, x): (usize, &T)| {
            let mut t = Vec::new();
            let _ = write_indented(&mut t, &render(base + i, x), pad);
            t
        };
        // Rendered and indented on every core, unless there are a few (a small report's
        // findings, on a core already busy with other files); written here in one call each.
        let texts: Vec<Vec<u8>> = if part.len() < PARALLEL_ITEMS { part.iter().enumerate().map(one).collect() } else { part.par_iter().enumerate().map(one).collect() };
        for (i, t) in texts.iter().enumerate() {
            if base + i > 0 {
                w.write_all(b",\n")?;
            }
            w.write_all(t)?;
        }
    }
    write!(w, "\n{close}]")
}

/// `text` with `pad` before each of its lines (a nested value's pretty lines, indented).
pub(crate) fn write_indented(w: &mut dyn std::io::Write, text: &str, pad: &str) -> std::io::Result<()> {
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            w.write_all(b"\n")?;
        }
        w.write_all(pad.as_bytes())?;
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// A file that could not be read, decoded or checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub file: String,
    /// The message, naming the file.
    pub error: String,
}

/// A related location of a finding in another file of the run (cross-year rules point into
/// last year's report), in 1-based lines and character columns of that file.
pub struct Elsewhere<'a> {
    pub file: &'a str,
    /// (line, column, end line, end column).
    pub at: (usize, usize, usize, usize),
    pub label: &'a crate::finding::Msg,
}

/// The run's checked files with an index by path, for the related locations of findings
/// (which name their file): looked up in a map, not by a scan of every file for each location
/// (a folder of thousands of paired reports would take their square). Derefs to the files.
pub struct Files<'a> {
    list: &'a [Checked],
    by_path: std::collections::HashMap<&'a str, usize>,
}

impl<'a> Files<'a> {
    pub fn new(list: &'a [Checked]) -> Files<'a> {
        let mut by_path = std::collections::HashMap::with_capacity(list.len());
        for (k, c) in list.iter().enumerate() {
            // The first file of a path, as a scan would find it.
            by_path.entry(c.path.as_str()).or_insert(k);
        }
        Files { list, by_path }
    }

    /// The file at `path`, if the run holds it.
    pub fn get(&self, path: &str) -> Option<&'a Checked> {
        self.by_path.get(path).map(|&k| &self.list[k])
    }
}

impl std::ops::Deref for Files<'_> {
    type Target = [Checked];
    fn deref(&self) -> &[Checked] {
        self.list
    }
}

/// The related locations of `f` in other files of `files` (those it names and the run holds).
pub fn elsewhere<'a>(files: &Files<'a>, f: &'a Finding) -> Vec<Elsewhere<'a>> {
    f.related
        .iter()
        .filter_map(|r| {
            let name = r.file.as_deref()?;
            let other = files.get(name)?;
            let (l, c) = other.lines.byte_to_cli(&other.text, r.span.start);
            let (el, ec) = other.lines.byte_to_cli(&other.text, r.span.end);
            Some(Elsewhere { file: &other.path, at: (l, c, el, ec), label: &r.label })
        })
        .collect()
}

impl Checked {
    /// The place of finding `i` in the report's tables, if known (HTML and DOCX).
    pub fn location(&self, i: usize) -> Option<&Location> {
        self.locations.get(i).and_then(Option::as_ref)
    }

    /// The table cell of finding `i`, from whichever source knows it: the page's or package's
    /// tables, or the report model of a text file.
    pub fn cell(&self, i: usize) -> Option<(usize, &str, &str)> {
        match self.location(i).or_else(|| self.places.get(i).and_then(Option::as_ref))? {
            Location::Cell { table, row, column, .. } => Some((*table, row, column)),
            Location::Paragraph { .. } => None,
        }
    }

    /// 1-based (line, column, end line, end column) in characters.
    pub fn lines_cols(&self, f: &Finding) -> (usize, usize, usize, usize) {
        let (l, c) = self.lines.byte_to_cli(&self.text, f.span.start);
        let (el, ec) = self.lines.byte_to_cli(&self.text, f.span.end);
        (l, c, el, ec)
    }
}
