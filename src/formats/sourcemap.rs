//! The source map of a rendering: which bytes of the plain-text rendering of an HTML page or a
//! DOCX package came from which bytes of the source (the decoded HTML text, or the XML part of
//! the DOCX). A rendering is built piece by piece (`Builder`): text copied verbatim from the
//! source is a *linear* piece (offsets inside it map one to one), text that stands for different
//! source bytes (an entity, a repeated merged label) is an *atomic* piece (only its ends map),
//! an empty cell is a zero-width *anchor* (where a value would be written), and separators
//! (TAB, newline, collapsed spaces) are synthetic and map to their neighbours. `SourceMap` then
//! maps finding spans back (`span`) and, for fixes, source ranges that are exactly the
//! rendered text (`exact`).

use std::ops::Range;

/// One mapped stretch of the rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in the rendering.
    pub out: Range<usize>,
    /// Byte range in the source.
    pub src: Range<usize>,
    /// The rendered bytes are the source bytes (offsets inside map one to one).
    pub linear: bool,
}

/// Rendering offsets → source offsets. Pieces are sorted by their rendering start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    pieces: Vec<Piece>,
}

impl SourceMap {
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Index of the first piece whose rendering start is ≥ `o`.
    fn first_at_or_after(&self, o: usize) -> usize {
        self.pieces.partition_point(|p| p.out.start < o)
    }

    /// The source offset where rendering offset `o` starts.
    pub fn start(&self, o: usize) -> usize {
        let i = self.first_at_or_after(o);
        // A piece that starts at `o` (an anchor or text) wins; else one that covers it.
        if let Some(p) = self.pieces.get(i).filter(|p| p.out.start == o) {
            return p.src.start;
        }
        if let Some(p) = i.checked_sub(1).map(|j| &self.pieces[j]).filter(|p| p.out.end > o) {
            return if p.linear { p.src.start + (o - p.out.start) } else { p.src.start };
        }
        match self.pieces.get(i) {
            Some(p) => p.src.start,
            None => self.pieces.last().map_or(0, |p| p.src.end),
        }
    }

    /// The source offset where a rendering range ending at `o` ends.
    pub fn end(&self, o: usize) -> usize {
        let i = self.first_at_or_after(o);
        if let Some(p) = i.checked_sub(1).map(|j| &self.pieces[j]).filter(|p| p.out.end >= o && p.out.start < o) {
            return if p.linear { p.src.start + (o - p.out.start) } else { p.src.end };
        }
        if let Some(p) = self.pieces.get(i).filter(|p| p.out.start == o && p.out.is_empty()) {
            return p.src.start;
        }
        match i.checked_sub(1) {
            Some(j) => self.pieces[j].src.end,
            None => self.pieces.first().map_or(0, |p| p.src.start),
        }
    }

    /// A rendering span as a source span (for positions of findings and related cells).
    pub fn span(&self, r: &Range<usize>) -> Range<usize> {
        let s = self.start(r.start);
        if r.is_empty() {
            return s..s;
        }
        s..self.end(r.end).max(s)
    }

    /// The source range that holds exactly the rendered text `r`, when there is one: `r` inside
    /// one linear piece, or empty at an anchor or at a linear piece's edge. For fixes, which must
    /// not guess.
    pub fn exact(&self, r: &Range<usize>) -> Option<Range<usize>> {
        let i = self.first_at_or_after(r.start);
        if r.is_empty() {
            if let Some(p) = self.pieces.get(i).filter(|p| p.out.start == r.start && (p.out.is_empty() || p.linear)) {
                return Some(p.src.start..p.src.start);
            }
        }
        let p = match self.pieces.get(i).filter(|p| p.out.start == r.start) {
            Some(p) => p,
            None => &self.pieces[i.checked_sub(1)?],
        };
        (p.linear && p.out.start <= r.start && r.end <= p.out.end).then(|| p.src.start + (r.start - p.out.start)..p.src.start + (r.end - p.out.start))
    }
}

impl SourceMap {
    /// The rendering offset of a source offset, when some piece covers it (for hovers: the
    /// cursor in the page → the place in the rendering).
    pub fn to_rendering(&self, src: usize) -> Option<usize> {
        self.pieces.iter().find(|p| p.src.start <= src && src < p.src.end.max(p.src.start + 1)).map(|p| if p.linear { p.out.start + (src - p.src.start).min(p.out.len()) } else { p.out.start })
    }
}

/// Text with pieces relative to its own start (a cell or a paragraph being read).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapped {
    pub text: String,
    pub pieces: Vec<Piece>,
    /// Where a value would be written into the source when the text is empty.
    pub anchor: Option<usize>,
}

impl Mapped {
    /// Text copied verbatim from `src_start..` in the source.
    pub fn push_linear(&mut self, s: &str, src_start: usize) {
        let at = self.text.len();
        self.text.push_str(s);
        match self.pieces.last_mut() {
            Some(p) if p.linear && p.out.end == at && p.src.end == src_start => {
                p.out.end += s.len();
                p.src.end += s.len();
            }
            _ => self.pieces.push(Piece { out: at..at + s.len(), src: src_start..src_start + s.len(), linear: true }),
        }
    }

    /// Text that stands for the source bytes `src` without being them (an entity).
    pub fn push_atomic(&mut self, s: &str, src: Range<usize>) {
        let at = self.text.len();
        self.text.push_str(s);
        self.pieces.push(Piece { out: at..at + s.len(), src, linear: false });
    }

    /// Text with no source of its own (a separator).
    pub fn push_synthetic(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Append another mapped text; `linear` false turns its pieces atomic (a copy of text that
    /// lives elsewhere in the source, such as a repeated merged label).
    pub fn append(&mut self, other: &Mapped, linear: bool) {
        let at = self.text.len();
        self.text.push_str(&other.text);
        for p in &other.pieces {
            self.pieces.push(Piece { out: p.out.start + at..p.out.end + at, src: p.src.clone(), linear: linear && p.linear });
        }
    }

    /// A zero-width anchor at the end: an empty cell's place in the source.
    pub fn push_anchor(&mut self, src: usize) {
        let at = self.text.len();
        self.pieces.push(Piece { out: at..at, src: src..src, linear: false });
    }

    /// Remove trailing ASCII spaces (and the pieces that covered only them).
    pub fn trim_end(&mut self) {
        let keep = self.text.trim_end_matches(' ').len();
        self.text.truncate(keep);
        self.pieces.retain(|p| p.out.start < keep || (p.out.is_empty() && p.out.start <= keep));
        for p in &mut self.pieces {
            if p.out.end > keep {
                let cut = p.out.end - keep;
                p.out.end = keep;
                if p.linear {
                    p.src.end -= cut;
                }
            }
        }
    }
}

/// A rendering being built, line by line.
#[derive(Debug, Default)]
pub struct Builder {
    pub out: Mapped,
}

impl Builder {
    /// The rendering and its map.
    pub fn finish(self) -> (String, SourceMap) {
        (self.out.text, SourceMap { pieces: self.out.pieces })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `总计<TAB>95` from `<td>总计</td><td>&nbsp;95</td>` and an empty cell.
    fn sample() -> (Mapped, &'static str) {
        let src = "<td>总计</td><td>&nbsp;95</td><td></td>";
        let mut m = Mapped::default();
        m.push_linear("总计", 4);
        m.push_synthetic("\t");
        let nb = src.find("&nbsp;").unwrap();
        m.push_atomic(" ", nb..nb + 6);
        m.push_linear("95", nb + 6);
        m.push_synthetic("\t");
        m.push_anchor(src.rfind("</td>").unwrap());
        (m, src)
    }

    #[test]
    fn maps_spans_back() {
        let (m, src) = sample();
        let map = SourceMap { pieces: m.pieces.clone() };
        let n = m.text.find("95").unwrap();
        assert_eq!(&src[map.span(&(n..n + 2))], "95");
        assert_eq!(&src[map.span(&(0..n + 2))], &src[4..src.find("95").unwrap() + 2]);
        let nb = m.text.find(' ').unwrap();
        assert_eq!(&src[map.span(&(nb..nb + 1))], "&nbsp;");
        let blank = m.text.len();
        assert_eq!(map.span(&(blank..blank)), src.rfind("</td>").unwrap()..src.rfind("</td>").unwrap());
        // A synthetic TAB maps to the next piece's start.
        assert_eq!(map.start("总计".len()), src.find("&nbsp;").unwrap());
        assert_eq!(map.end(nb), src.find("</td>").unwrap());
    }

    #[test]
    fn source_offsets_back_to_the_rendering() {
        let (m, src) = sample();
        let map = SourceMap { pieces: m.pieces.clone() };
        let n = src.find("95").unwrap();
        assert_eq!(map.to_rendering(n + 1), Some(m.text.find("95").unwrap() + 1));
        assert_eq!(map.to_rendering(0), None, "inside a tag");
    }

    #[test]
    fn exact_only_for_verbatim_text_and_anchors() {
        let (m, src) = sample();
        let map = SourceMap { pieces: m.pieces.clone() };
        let n = m.text.find("95").unwrap();
        assert_eq!(map.exact(&(n..n + 2)).map(|r| &src[r]), Some("95"));
        let nb = m.text.find(' ').unwrap();
        assert_eq!(map.exact(&(nb..nb + 1)), None, "an entity is not verbatim");
        assert_eq!(map.exact(&(nb..n + 2)), None, "across pieces");
        let blank = m.text.len();
        assert!(map.exact(&(blank..blank)).is_some());
    }

    #[test]
    fn trims_and_appends() {
        let mut m = Mapped::default();
        m.push_linear("12 ", 10);
        m.trim_end();
        assert_eq!(m.text, "12");
        assert_eq!(m.pieces, vec![Piece { out: 0..2, src: 10..12, linear: true }]);
        let mut n = Mapped::default();
        n.push_synthetic("\t");
        n.append(&m, false);
        assert_eq!(n.pieces, vec![Piece { out: 1..3, src: 10..12, linear: false }]);
        let mut a = Mapped::default();
        a.push_linear("ab", 0);
        a.push_linear("cd", 2);
        assert_eq!(a.pieces.len(), 1, "adjacent verbatim text is one piece");
    }
}
