//! The incremental document behind the language server. The text lives in a rope; the
//! document is cut into reports (segments) and each report into blocks. An edit re-analyses
//! only the reports around it: within them, line kinds are re-read (a cheap scan), but a block
//! whose text did not change keeps its parse (tables are tokenised and parsed again only when
//! they overlap the edit), and a report whose text did not change keeps its whole analysis.
//! `Document::new(text)` on the final text always gives the same state as any sequence of
//! edits that ends in that text (the differential property test checks this).

use crate::analysis::{analyze_report_with, Analysis};
use crate::finding::{Edit, Finding};
use crate::parse::assemble::{parse_block, BlockParse};
use crate::parse::blocks::BlockKind;
use crate::parse::{lines, segment};
use crate::text::lines::LineKind;
use crate::vocab::CheckOptions;
use ropey::Rope;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

/// One report of the document and what is cached about it.
#[derive(Clone, Debug)]
struct Segment {
    len_bytes: usize,
    hash: u64,
    blocks: Vec<(u64, Arc<BlockParse>)>,
    analysis: Arc<Analysis>,
}

/// A text document and its analysis, kept up to date edit by edit.
#[derive(Clone, Debug)]
pub struct Document {
    rope: Rope,
    segs: Vec<Segment>,
    opts: CheckOptions,
    /// Edits applied to the rope but not yet analysed, merged into one changed region:
    /// (start, end) in the coordinates the segment table describes, and the region's new end.
    dirty: Option<(usize, usize, usize)>,
    /// The whole text must be analysed again (new text, new options).
    stale: bool,
}

/// The cache key of a block (its kind and its lines' kinds) or of a whole report (`None`).
fn hash_of(kind: Option<(BlockKind, &[LineKind])>, text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    kind.hash(&mut h);
    text.hash(&mut h);
    h.finish()
}

/// Up to this document size every report keeps its block parses for reuse; above it only
/// the reports around the latest edit do (the others keep their analysis), which bounds memory.
const CACHE_ALL_LIMIT: usize = 2 << 20;

/// Analyse one report's text, reusing block parses from `cache` (keyed by block hash).
fn build(text: &str, opts: &CheckOptions, cache: &HashMap<u64, Arc<BlockParse>>, reused: &mut usize) -> Segment {
    let mut blocks = Vec::new();
    let (analysis, _) = analyze_report_with(text, opts, |block_text, kind, lines, kinds| {
        // The lines' kinds too: the recogniser may read the same text as a table or not.
        let h = hash_of(Some((kind, kinds)), block_text);
        let parse = match cache.get(&h) {
            Some(p) => {
                *reused += 1;
                p.clone()
            }
            None => Arc::new(parse_block(kind, lines, kinds)),
        };
        blocks.push((h, parse.clone()));
        parse
    });
    Segment { len_bytes: text.len(), hash: hash_of(None, text), blocks, analysis: Arc::new(analysis) }
}

impl Document {
    pub fn new(text: &str, opts: CheckOptions) -> Document {
        let mut d = Document::deferred(text, opts);
        d.refresh();
        d
    }

    /// A document whose analysis waits for `refresh` (the server analyses off the protocol
    /// thread).
    pub fn deferred(text: &str, opts: CheckOptions) -> Document {
        Document { rope: Rope::from_str(text), segs: Vec::new(), opts, dirty: None, stale: true }
    }

    /// True when edits or a new text wait for `refresh`.
    pub fn needs_refresh(&self) -> bool {
        self.stale || self.dirty.is_some()
    }

    /// Bring the analysis up to date with the text.
    pub fn refresh(&mut self) {
        if self.stale || self.segs.is_empty() {
            self.rebuild();
        } else if let Some((start, end, new_end)) = self.dirty {
            self.reanalyse(start, end, new_end as isize - end as isize);
        }
        self.dirty = None;
        self.stale = false;
    }

    /// Re-analyse everything (after a full-text change or an options change).
    pub fn rebuild(&mut self) {
        self.dirty = None;
        self.stale = false;
        let text = self.rope.to_string();
        let ls = lines(&text);
        let starts = segment::starts(&ls);
        let empty = HashMap::new();
        let mut n = 0;
        let keep_blocks = text.len() <= CACHE_ALL_LIMIT;
        self.segs = starts
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                let from = ls[s].start;
                let to = starts.get(i + 1).map_or(text.len(), |&e| ls[e].start);
                let mut seg = build(&text[from..to], &self.opts, &empty, &mut n);
                if !keep_blocks {
                    seg.blocks = Vec::new();
                }
                seg
            })
            .collect();
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn options(&self) -> &CheckOptions {
        &self.opts
    }

    /// New options; the analysis is redone at the next `refresh`.
    pub fn set_options(&mut self, opts: CheckOptions) {
        self.opts = opts;
        self.stale = true;
    }

    /// Replace the whole text; analysed at the next `refresh`.
    pub fn set_text(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
        self.stale = true;
        self.dirty = None;
    }

    fn seg_start(&self, k: usize) -> usize {
        self.segs[..k].iter().map(|s| s.len_bytes).sum()
    }

    /// The segment holding byte `b` (the last one for the end of the text).
    fn seg_at(&self, b: usize) -> usize {
        let mut acc = 0;
        for (k, s) in self.segs.iter().enumerate() {
            if b < acc + s.len_bytes {
                return k;
            }
            acc += s.len_bytes;
        }
        self.segs.len().saturating_sub(1)
    }

    /// Replace the byte range `range` with `new_text` and re-analyse. Returns how many block
    /// parses were reused.
    pub fn edit(&mut self, range: Range<usize>, new_text: &str) -> usize {
        self.apply_edit(range, new_text);
        match self.dirty.take() {
            Some((s, e, ne)) if !self.stale && !self.segs.is_empty() => self.reanalyse(s, e, ne as isize - e as isize),
            _ => {
                self.refresh();
                0
            }
        }
    }

    /// Replace the byte range `range` with `new_text` in the text only; the analysis follows
    /// at the next `refresh`. Out-of-range or mid-character offsets are clamped and snapped,
    /// never a panic.
    pub fn apply_edit(&mut self, range: Range<usize>, new_text: &str) {
        let len = self.rope.len_bytes();
        let start_c = self.rope.byte_to_char(range.start.min(len));
        let end_c = self.rope.byte_to_char(range.end.clamp(range.start.min(len), len)).max(start_c);
        let s = self.rope.char_to_byte(start_c);
        let e = self.rope.char_to_byte(end_c);
        self.rope.remove(start_c..end_c);
        self.rope.insert(start_c, new_text);
        if self.stale {
            return;
        }
        let n = new_text.len();
        // Merge with the pending region (a..b old → a..c current).
        self.dirty = Some(match self.dirty {
            None => (s, e, s + n),
            Some((a, b, c)) => {
                let delta = c as isize - b as isize;
                let old_end = if e <= c { b } else { (e as isize - delta) as usize };
                let cur_end = c.max(e);
                (a.min(s), old_end.max(b), (cur_end as isize + n as isize - (e - s) as isize) as usize)
            }
        });
    }

    /// Re-analyse the reports around the old byte range `start..end`, which now spans
    /// `delta` more bytes. Returns how many block parses were reused.
    fn reanalyse(&mut self, start: usize, end: usize, delta: isize) -> usize {
        let first = self.seg_at(start);
        let last = self.seg_at(end);
        let n = self.segs.len();
        let w0 = first.saturating_sub(1);
        let mut w1 = (last + 1).min(n - 1);
        let wstart = self.seg_start(w0);
        loop {
            let old_end = self.seg_start(w1) + self.segs[w1].len_bytes;
            let wend = (old_end as isize + delta) as usize;
            let text = self.rope.byte_slice(wstart..wend).to_string();
            let ls = lines(&text);
            let kinds = crate::parse::kinds(&ls);
            let starts = segment::starts_kinds(&ls, &kinds);
            // The report after the window starts only if the window's last report has a
            // heading; if it no longer does, take the next report into the window too.
            let last_start = *starts.last().unwrap_or(&0);
            let has_heading = kinds[last_start..].iter().any(|k| matches!(k, LineKind::Heading { .. }));
            if !has_heading && w1 + 1 < n {
                w1 += 1;
                continue;
            }
            let mut cache: HashMap<u64, Arc<BlockParse>> = HashMap::new();
            let mut whole: HashMap<u64, &Segment> = HashMap::new();
            for s in &self.segs[w0..=w1] {
                whole.insert(s.hash, s);
                for (h, p) in &s.blocks {
                    cache.insert(*h, p.clone());
                }
            }
            let mut reused = 0;
            let new: Vec<Segment> = starts
                .iter()
                .enumerate()
                .map(|(i, &s)| {
                    let from = ls[s].start;
                    let to = starts.get(i + 1).map_or(text.len(), |&e| ls[e].start);
                    let t = &text[from..to];
                    match whole.get(&hash_of(None, t)) {
                        Some(old) if old.len_bytes == t.len() => {
                            reused += old.blocks.len();
                            (*old).clone()
                        }
                        _ => build(t, &self.opts, &cache, &mut reused),
                    }
                })
                .collect();
            let added = new.len();
            self.segs.splice(w0..=w1, new);
            if self.rope.len_bytes() > CACHE_ALL_LIMIT {
                for (k, seg) in self.segs.iter_mut().enumerate() {
                    if (k < w0 || k >= w0 + added) && !seg.blocks.is_empty() {
                        seg.blocks = Vec::new();
                    }
                }
            }
            return reused;
        }
    }

    /// Every report: (byte offset, analysis).
    pub fn reports(&self) -> impl Iterator<Item = (usize, &Analysis)> {
        let mut off = 0;
        self.segs.iter().map(move |s| {
            let o = off;
            off += s.len_bytes;
            (o, &*s.analysis)
        })
    }

    /// The report that holds byte `b`, with its offset.
    pub fn report_at(&self, b: usize) -> Option<(usize, &Analysis)> {
        let k = self.seg_at(b);
        self.segs.get(k).map(|s| (self.seg_start(k), &*s.analysis))
    }

    /// The report that holds byte `b`: its offset, analysis and text.
    pub fn report_text_at(&self, b: usize) -> Option<(usize, &Analysis, String)> {
        let k = self.seg_at(b);
        let s = self.segs.get(k)?;
        let off = self.seg_start(k);
        let text = self.rope.get_byte_slice(off..off + s.len_bytes)?.to_string();
        Some((off, &*s.analysis, text))
    }

    /// All findings with absolute spans.
    pub fn findings(&self) -> Vec<Finding> {
        self.reports().flat_map(|(off, a)| a.findings.iter().map(move |f| f.clone().shifted(off))).collect()
    }

    /// The edits that fill every computed total, absolute.
    pub fn fill_edits(&self) -> Vec<Edit> {
        self.reports()
            .flat_map(|(off, a)| a.fill_edits().into_iter().map(move |e| Edit { range: e.range.start + off..e.range.end + off, new_text: e.new_text }))
            .collect()
    }

    /// A comparable snapshot of the analysis (for the differential test).
    pub fn state(&self) -> Vec<(usize, Analysis)> {
        self.reports().map(|(o, a)| (o, a.clone())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
    }

    /// Compare with a fresh parse, printing only a summary on mismatch.
    fn same_as_fresh(d: &Document) {
        let fresh = Document::new(&d.rope().to_string(), d.options().clone());
        let a = d.state();
        let b = fresh.state();
        let offs = |s: &[(usize, Analysis)]| s.iter().map(|x| x.0).collect::<Vec<_>>();
        assert_eq!(offs(&a), offs(&b), "segment offsets differ");
        for (x, y) in a.iter().zip(&b) {
            assert!(x.1.report == y.1.report, "report at {} differs", x.0);
            assert!(x.1.findings == y.1.findings, "findings at {} differ", x.0);
        }
    }

    #[test]
    fn editing_a_cell_reuses_other_blocks() {
        let text = fixture("009_hongze_2023.txt");
        let mut d = Document::new(&text, CheckOptions::default());
        assert_eq!(d.findings().iter().filter(|f| f.rule == "t4_total").count(), 2);
        // Line 350 holds "\t10": make it 12.
        let at = text.find("\n\t10\n\t1\n\t0\n\t0\n\t0\n").expect("cell") + 2;
        let reused = d.edit(at..at + 2, "12");
        assert!(reused > 5, "reused {reused}");
        let f = d.findings();
        let rv = f.iter().find(|f| f.rule == "t4_total").expect("finding");
        assert_eq!(rv.expected, Some(crate::Num::Int(13)));
        same_as_fresh(&d);
    }

    #[test]
    fn concatenated_reports_edit_in_the_middle() {
        let a = fixture("001_7e3cf29f5d278207.txt");
        let b = fixture("009_hongze_2023.txt");
        let text = format!("{a}\n{b}\n{a}");
        let mut d = Document::new(&text, CheckOptions::default());
        assert_eq!(d.reports().count(), 3);
        let at = a.len() + 1 + b.find("一、总体情况").expect("heading");
        d.edit(at..at + "一、".len(), "");
        same_as_fresh(&d);
        d.edit(at..at, "一、");
        same_as_fresh(&d);
        assert!(*d.rope() == text);
    }
}
