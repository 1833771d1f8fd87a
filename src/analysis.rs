//! Analysis of one report's text from scratch: lines → blocks → block parses → report model →
//! equations and findings. The batch API runs it on every report of a document (`map_reports`:
//! in one pass on one thread, in parallel from the document's line index on several); the
//! incremental document runs the same steps but reuses block parses that an edit did not touch.

use crate::finding::{Edit, Finding};
use crate::model::Report;
use crate::parse::assemble::{assemble, parse_block, BlockParse};
use crate::parse::index::{LineIndex, ReportSpan};
use crate::parse::{blocks, kinds, lines, Line};
use crate::text::lines::LineKind;
use crate::rules::arithmetic::{equations, fill_all, Equation};
use crate::vocab::CheckOptions;

/// Everything known about one report. Spans are relative to the report's start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    pub report: Report,
    pub findings: Vec<Finding>,
}

impl Analysis {
    /// Build from a report model.
    pub fn from_report(report: Report, text: &str, opts: &CheckOptions) -> Analysis {
        let findings = crate::rules::check(&report, text, opts);
        Analysis { report, findings }
    }
    /// The equations of tables 3 and 4 (computed on demand, for hovers and inlay hints).
    pub fn equations(&self) -> Vec<Equation> {
        if self.report.is_report {
            equations(&self.report)
        } else {
            Vec::new()
        }
    }
    /// The edits that fill every computed 总计 (relative spans).
    pub fn fill_edits(&self) -> Vec<Edit> {
        if self.report.is_report {
            fill_all(&self.report)
        } else {
            Vec::new()
        }
    }
}

/// Analyse one report's text from scratch.
pub fn analyze_report(text: &str, opts: &CheckOptions) -> Analysis {
    let (ls, kinds) = lines_and_kinds(text);
    analyze_lines(text, &ls, &kinds, opts, |_, kind, lines, kinds| parse_block(kind, lines, kinds)).0
}

/// Analyse one report, getting each block's parse from `parse` (which may reuse a cached
/// one). Returns the analysis and the blocks with their parses, for the next edit's cache.
pub fn analyze_report_with(
    text: &str,
    opts: &CheckOptions,
    parse: impl FnMut(&str, blocks::BlockKind, &[Line<'_>], &[LineKind]) -> std::sync::Arc<BlockParse>,
) -> (Analysis, Vec<(blocks::BlockSpan, std::sync::Arc<BlockParse>)>) {
    let (ls, kinds) = lines_and_kinds(text);
    analyze_lines(text, &ls, &kinds, opts, parse)
}

/// The same, from lines already split and classified (`ls` must be `lines(text)`, `kinds`
/// their kinds). A block's parse may be owned or shared (`Arc`, for the document's cache).
fn analyze_lines<P: std::borrow::Borrow<BlockParse>>(
    text: &str,
    ls: &[Line<'_>],
    kinds: &[LineKind],
    opts: &CheckOptions,
    mut parse: impl FnMut(&str, blocks::BlockKind, &[Line<'_>], &[LineKind]) -> P,
) -> (Analysis, Vec<(blocks::BlockSpan, P)>) {
    // Tables in shapes that only their labels reveal (space-padded, one cell a line).
    let recognised = crate::parse::recognise::recognise(ls, kinds);
    let kinds = recognised.as_deref().unwrap_or(kinds);
    let bs = blocks::split_kinds(kinds);
    let parsed: Vec<(blocks::BlockSpan, P)> = bs
        .iter()
        .map(|b| {
            let from = ls[b.start].start;
            let to = ls.get(b.end).map_or(text.len(), |l| l.start);
            (*b, parse(&text[from..to], b.kind, &ls[b.start..b.end], &kinds[b.start..b.end]))
        })
        .collect();
    let pairs: Vec<_> = parsed.iter().map(|(b, p)| (*b, p.borrow())).collect();
    let report = assemble(ls, &pairs, opts.template);
    (Analysis::from_report(report, text, opts), parsed)
}

/// Analyse a document that may hold several reports and hand each report's analysis, with
/// the byte offset where the report starts, to `f`; returns what `f` made of them, in text
/// order. Each report's lines and model are dropped as soon as `f` has taken what it needs.
/// On one thread, and for a text below `PARALLEL_TEXT`, the reports are analysed as one pass
/// over the text finds them (`segment::each_report`). Otherwise the document's line index is
/// built first, in parallel chunks, and the reports are analysed in parallel from it: the
/// whole run then holds five bytes per line of the document, its kind and length (fresh
/// memory is dear: a page costs about as much to obtain as a page of text costs to check).
pub fn map_reports<T: Send>(text: &str, opts: &CheckOptions, f: impl Fn(usize, Analysis) -> T + Sync) -> Vec<T> {
    use crate::par::*;
    let analyse = |seg: &str, ls: &[Line<'_>], kinds: &[LineKind]| analyze_lines(seg, ls, kinds, opts, |_, kind, lines, kinds| parse_block(kind, lines, kinds)).0;
    if threads() == 1 || text.len() < PARALLEL_TEXT {
        let mut out = Vec::new();
        crate::parse::segment::each_report(text, |off, seg, ls, kinds| out.push(f(off, analyse(seg, ls, kinds))));
        return out;
    }
    let index = LineIndex::new(text);
    let one = |r: &ReportSpan| {
        let seg = &text[r.bytes.clone()];
        let (ls, kinds) = index.lines(seg, r.lines.clone());
        f(r.bytes.start, analyse(seg, &ls, &kinds))
    };
    if index.reports.len() < 8 {
        return index.reports.iter().map(one).collect();
    }
    index.reports.par_iter().map(one).collect()
}

/// A text shorter than this is analysed in one pass even when there are several cores: it
/// holds too few reports to share among them (fewer than 8 are analysed one after the other
/// anyway), and the index would cost each report's lines a second pass. A folder's reports
/// (a few to some tens of kilobytes each) are shared among the cores file by file.
const PARALLEL_TEXT: usize = 64 << 10;

/// `lines(text)` and each line's kind.
fn lines_and_kinds(text: &str) -> (Vec<Line<'_>>, Vec<LineKind>) {
    let ls = lines(text);
    let kinds = kinds(&ls);
    (ls, kinds)
}

#[cfg(all(test, feature = "parallel"))]
mod tests {
    use super::*;

    /// The fixtures, one copy with `\n` and one with `\r\n` line breaks, repeated past the
    /// line index's chunk size (1 MB), so that the parallel path reads several chunks.
    fn corpus() -> String {
        let mut unit = String::new();
        for (_, t) in crate::fixture_texts() {
            let t = if t.ends_with('\n') { t } else { t + "\n" };
            unit.push_str(&t);
            unit.push_str(&t.replace("\r\n", "\n").replace('\n', "\r\n"));
        }
        unit.repeat((1 << 20) / unit.len() + 2)
    }

    #[test]
    fn one_thread_and_several_give_the_same_findings() {
        let text = corpus();
        let opts = CheckOptions::default();
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
            pool.install(|| map_reports(&text, &opts, |off, a| (off, a.report.is_report, a.findings.iter().map(|f| (f.rule, f.span.clone(), f.stated, f.expected)).collect::<Vec<_>>())))
        };
        let one = run(1);
        assert!(one.len() > 100 && one.iter().any(|r| !r.2.is_empty()));
        assert_eq!(one, run(2));
    }
}
