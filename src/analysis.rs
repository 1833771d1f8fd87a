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

/// Analyse a document that may hold several reports: (byte offset of each report, analysis).
/// Reports are independent, so a document with many of them is analysed in parallel.
pub fn analyze_document(text: &str, opts: &CheckOptions) -> Vec<(usize, Analysis)> {
    use rayon::prelude::*;
    // Lines are split and classified once for the whole document; each report gets its slice,
    // rebased to its own start, exactly as `lines` would split the report's text.
    let (ls, kinds) = lines_and_kinds(text);
    let starts = segment::starts_kinds(&ls, &kinds);
    let ranges: Vec<(usize, usize)> = starts.iter().enumerate().map(|(i, &s)| (s, starts.get(i + 1).copied().unwrap_or(ls.len()))).collect();
    let one = |&(s, e): &(usize, usize)| {
        let from = ls[s].start;
        let to = ls.get(e).map_or(text.len(), |l| l.start);
        let seg = &text[from..to];
        let mut rel: Vec<Line<'_>> = Vec::with_capacity(e - s + 1);
        rel.extend(ls[s..e].iter().map(|l| Line { text: l.text, start: l.start - from }));
        let mut k = Vec::with_capacity(e - s + 1);
        k.extend_from_slice(&kinds[s..e]);
        if e < ls.len() {
            // The report's text ends with a line break: `lines` gives a last, empty line.
            rel.push(Line { text: &seg[seg.len()..], start: seg.len() });
            k.push(LineKind::Blank);
        }
        (from, analyze_lines(seg, &rel, &k, opts, |_, kind, lines, kinds| parse_block(kind, lines, kinds)).0)
    };
    if ranges.len() < 8 {
        return ranges.iter().map(one).collect();
    }
    ranges.par_iter().map(one).collect()
}

/// `lines(text)` and each line's kind. A large text is split into chunks at line breaks and
/// the chunks are done in parallel (this pass is otherwise the serial part of a batch run).
fn lines_and_kinds(text: &str) -> (Vec<Line<'_>>, Vec<LineKind>) {
    use rayon::prelude::*;
    const CHUNK: usize = 1 << 20;
    fn one(t: &str) -> (Vec<Line<'_>>, Vec<LineKind>) {
        let ls = lines(t);
        let kinds: Vec<LineKind> = ls.iter().map(|l| classify(l.text)).collect();
        (ls, kinds)
    }
    if text.len() < 2 * CHUNK {
        return one(text);
    }
    // Cut right after a `\n`, so a `\r\n` pair is never split.
    let b = text.as_bytes();
    let mut cuts = vec![0];
    let mut at = CHUNK;
    while let Some(i) = memchr::memchr(b'\n', b.get(at..).unwrap_or_default()) {
        let cut = at + i + 1;
        if cut >= b.len() {
            break;
        }
        cuts.push(cut);
        at = cut + CHUNK;
    }
    cuts.push(b.len());
    let parts: Vec<(Vec<Line<'_>>, Vec<LineKind>)> = cuts
        .par_windows(2)
        .enumerate()
        .map(|(i, w)| {
            let (mut ls, mut kinds) = one(&text[w[0]..w[1]]);
            if i + 2 < cuts.len() {
                // A chunk ends with its line break: the empty line after it belongs to the next.
                ls.pop();
                kinds.pop();
            }
            for l in &mut ls {
                l.start += w[0];
            }
            (ls, kinds)
        })
        .collect();
    let n = parts.iter().map(|p| p.0.len()).sum();
    let (mut ls, mut kinds) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for (l, k) in parts {
        ls.extend(l);
        kinds.extend(k);
    }
    (ls, kinds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_lines_are_the_lines() {
        // Long enough to be split in chunks; line breaks of every kind near the cuts.
        let unit = "一、总体情况\r\n\t12\n\n正文\r第二行\r\n";
        let text = unit.repeat((3 << 20) / unit.len() + 7);
        let (ls, kinds) = lines_and_kinds(&text);
        let want = lines(&text);
        assert_eq!(ls.len(), want.len());
        assert!(ls.iter().zip(&want).all(|(a, b)| a.text == b.text && a.start == b.start));
        assert!(ls.iter().zip(&kinds).all(|(l, k)| classify(l.text) == *k));
    }
}
