//! Analysis of one report's text from scratch: lines → blocks → block parses → report model →
//! equations and findings. The batch API runs it per report; the incremental document runs
//! the same steps but reuses block parses that an edit did not touch.

use crate::api::CheckOptions;
use crate::finding::{Edit, Finding};
use crate::model::Report;
use crate::parse::assemble::{assemble, parse_block, BlockParse};
use crate::parse::{blocks, lines, segment, Line};
use crate::text::lines::{classify, LineKind};
use crate::rules::arithmetic::{equations, fill_all, Equation};

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
    analyze_report_with(text, opts, |_, kind, lines| std::sync::Arc::new(parse_block(kind, lines))).0
}

/// Analyse one report, getting each block's parse from `parse` (which may reuse a cached
/// one). Returns the analysis and the blocks with their parses, for the next edit's cache.
pub fn analyze_report_with(
    text: &str,
    opts: &CheckOptions,
    parse: impl FnMut(&str, blocks::BlockKind, &[crate::parse::Line<'_>]) -> std::sync::Arc<BlockParse>,
) -> (Analysis, Vec<(blocks::BlockSpan, std::sync::Arc<BlockParse>)>) {
    let ls = lines(text);
    let kinds: Vec<LineKind> = ls.iter().map(|l| classify(l.text)).collect();
    analyze_lines(text, &ls, &kinds, opts, parse)
}

/// The same, from lines already split and classified (`ls` must be `lines(text)`).
fn analyze_lines(
    text: &str,
    ls: &[crate::parse::Line<'_>],
    kinds: &[LineKind],
    opts: &CheckOptions,
    mut parse: impl FnMut(&str, blocks::BlockKind, &[crate::parse::Line<'_>]) -> std::sync::Arc<BlockParse>,
) -> (Analysis, Vec<(blocks::BlockSpan, std::sync::Arc<BlockParse>)>) {
    let bs = blocks::split_kinds(kinds);
    let parsed: Vec<(blocks::BlockSpan, std::sync::Arc<BlockParse>)> = bs
        .iter()
        .map(|b| {
            let from = ls[b.start].start;
            let to = ls.get(b.end).map_or(text.len(), |l| l.start);
            (*b, parse(&text[from..to], b.kind, &ls[b.start..b.end]))
        })
        .collect();
    let pairs: Vec<_> = parsed.iter().map(|(b, p)| (*b, &**p)).collect();
    let report = assemble(ls, &pairs, opts.template);
    (Analysis::from_report(report, text, opts), parsed)
}

/// Analyse a document that may hold several reports: (byte offset of each report, analysis).
/// Reports are independent, so a document with many of them is analysed in parallel.
pub fn analyze_document(text: &str, opts: &CheckOptions) -> Vec<(usize, Analysis)> {
    use rayon::prelude::*;
    // Lines are split and classified once for the whole document; each report gets its slice,
    // rebased to its own start, exactly as `lines` would split the report's text.
    let ls = lines(text);
    let kinds: Vec<LineKind> = ls.iter().map(|l| classify(l.text)).collect();
    let starts = segment::starts_kinds(&ls, &kinds);
    let ranges: Vec<(usize, usize)> = starts.iter().enumerate().map(|(i, &s)| (s, starts.get(i + 1).copied().unwrap_or(ls.len()))).collect();
    let one = |&(s, e): &(usize, usize)| {
        let from = ls[s].start;
        let to = ls.get(e).map_or(text.len(), |l| l.start);
        let seg = &text[from..to];
        let mut rel: Vec<Line<'_>> = ls[s..e].iter().map(|l| Line { text: l.text, start: l.start - from }).collect();
        let mut k = kinds[s..e].to_vec();
        if e < ls.len() {
            // The report's text ends with a line break: `lines` gives a last, empty line.
            rel.push(Line { text: &seg[seg.len()..], start: seg.len() });
            k.push(LineKind::Blank);
        }
        (from, analyze_lines(seg, &rel, &k, opts, |_, kind, lines| std::sync::Arc::new(parse_block(kind, lines))).0)
    };
    if ranges.len() < 8 {
        return ranges.iter().map(one).collect();
    }
    ranges.par_iter().map(one).collect()
}
