//! The line index of a whole document, for batch runs: the kind and length of every line
//! (five bytes a line) and where each report starts (from the segment marks), built in
//! parallel chunks cut at line breaks. A report's lines are rebuilt from it without splitting
//! or classifying the text again.

use super::segment::{self, mark, Mark};
use super::{line_iter, Line};
use crate::text::lines::{classify, LineKind};

/// One report of a document: its lines (indices) and its text (byte range).
pub struct ReportSpan {
    pub lines: std::ops::Range<usize>,
    pub bytes: std::ops::Range<usize>,
}

/// The length and kind (`LineKind::to_byte`) of every line of a whole document, and where its
/// reports are (see `segment`): five bytes a line. A large text is split and classified in
/// parallel chunks cut at line breaks; each chunk keeps its own lines (`chunks[c]` holds lines
/// `first[c]..`).
pub struct LineIndex {
    chunks: Vec<Chunk>,
    first: Vec<usize>,
    n_lines: usize,
    pub reports: Vec<ReportSpan>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        use crate::par::*;
        const CHUNK: usize = 1 << 20;
        // Cut right after a `\n`, so a `\r\n` pair is never split.
        let b = text.as_bytes();
        let mut cuts = vec![0];
        let mut at = CHUNK;
        while let Some(i) = memchr::memchr(b'\n', b.get(at..).unwrap_or_default()) {
            if at + i + 1 == b.len() {
                break;
            }
            cuts.push(at + i + 1);
            at += i + 1 + CHUNK;
        }
        cuts.push(b.len());
        let last = cuts.len() - 2;
        // Per chunk: the kinds, and the marks as (line index in the chunk, byte offset, mark).
        type Marks = Vec<((usize, usize), Mark)>;
        let parts: Vec<(Chunk, Marks)> = cuts
            .par_windows(2)
            .enumerate()
            .map(|(c, w)| {
                let guess = (w[1] - w[0]) / 20 + 1;
                let mut chunk = Chunk { kinds: Vec::with_capacity(guess), lens: Vec::with_capacity(guess) };
                let mut marks = Vec::new();
                for l in line_iter(&text[w[0]..w[1]]) {
                    let kind = classify(l.text);
                    if let Some(m) = mark(l.text, kind) {
                        marks.push(((chunk.kinds.len(), w[0] + l.start), m));
                    }
                    chunk.kinds.push(kind.to_byte());
                    chunk.lens.push(u32::try_from(l.text.len()).unwrap_or(u32::MAX));
                }
                // A chunk but the last ends with a line break: the empty line after it (blank,
                // without mark) is the next chunk's.
                if c < last {
                    chunk.kinds.pop();
                    chunk.lens.pop();
                }
                (chunk, marks)
            })
            .collect();
        let (mut chunks, mut first, mut chunk_marks) = (Vec::with_capacity(parts.len()), Vec::with_capacity(parts.len()), Vec::with_capacity(parts.len()));
        let mut n = 0;
        for (k, m) in parts {
            first.push(n);
            n += k.kinds.len();
            chunks.push(k);
            chunk_marks.push(m);
        }
        let mut index = LineIndex { chunks, first, n_lines: n, reports: Vec::new() };
        let marks = chunk_marks.iter().zip(&index.first).flat_map(|(m, &base)| m.iter().map(move |&((i, at), m)| ((base + i, at), m)));
        // A report may start a line or two above its title (`segment::lead`).
        let starts: Vec<(usize, usize)> = segment::starts_from_marks(marks)
            .map(|(line, at)| {
                if line == 0 {
                    return (line, at);
                }
                let above = index.above(text, line, at);
                let title = text.get(at..at.saturating_add(index.len(line))).unwrap_or("");
                let k = segment::lead(title, above.clone().map(|(_, t, kind)| (t, kind)));
                above.take(k).last().map_or((line, at), |(start, _, _)| (line - k, start))
            })
            .collect();
        index.reports = starts
            .iter()
            .enumerate()
            .map(|(i, &(line, at))| {
                let (end_line, end) = starts.get(i + 1).copied().unwrap_or((n, text.len()));
                ReportSpan { lines: line..end_line, bytes: at..end }
            })
            .collect();
        index
    }

    /// The kind and content length of document line `i`.
    fn line(&self, i: usize) -> (LineKind, u32) {
        let c = self.first.partition_point(|&f| f <= i).saturating_sub(1);
        let chunk = &self.chunks[c];
        (LineKind::from_byte(chunk.kinds[i - self.first[c]]), chunk.lens[i - self.first[c]])
    }

    /// The content length of document line `i` (of 4 GiB or more: `u32::MAX`).
    fn len(&self, i: usize) -> usize {
        self.line(i).1 as usize
    }

    /// The lines above document line `i`, which starts at byte `at` of `text`, nearest first:
    /// each one's start, text and kind (up to a line of 4 GiB or more).
    fn above<'t>(&'t self, text: &'t str, i: usize, at: usize) -> impl Iterator<Item = (usize, &'t str, LineKind)> + Clone + 't {
        let b = text.as_bytes();
        let mut next = (i, at);
        std::iter::from_fn(move || {
            let (i, at) = next;
            let j = i.checked_sub(1)?;
            let (kind, len) = self.line(j);
            // The break before `at`: `\r\n`, or one `\n` or `\r`.
            let end = at - if at >= 2 && &b[at - 2..at] == b"\r\n" { 2 } else { 1 };
            let start = end.checked_sub(usize::try_from(len).ok().filter(|&l| l < u32::MAX as usize)?)?;
            next = (j, start);
            Some((start, &text[start..end], kind))
        })
    }

    /// The lines (relative to the start of `seg`, the text of document lines `lines`) and
    /// their kinds, exactly as `lines` and `classify` give them for `seg`.
    pub fn lines<'t>(&self, seg: &'t str, lines: std::ops::Range<usize>) -> (Vec<Line<'t>>, Vec<LineKind>) {
        let b = seg.as_bytes();
        let mut ls = Vec::with_capacity(lines.len() + 1);
        let mut kinds = Vec::with_capacity(lines.len() + 1);
        let mut start = 0;
        let mut c = self.first.partition_point(|&f| f <= lines.start).saturating_sub(1);
        let mut i = lines.start;
        while i < lines.end && c < self.chunks.len() {
            let chunk = &self.chunks[c];
            let to = (lines.end - self.first[c]).min(chunk.kinds.len());
            let from = i - self.first[c];
            // Two passes over the chunk's slices (`extend` of a mapped slice writes without a
            // capacity check per line).
            ls.extend(chunk.lens[from..to].iter().map(|&len| {
                let len = match len {
                    // A line of 4 GiB or more: find its end again.
                    u32::MAX => memchr::memchr2(b'\n', b'\r', &b[start..]).unwrap_or(b.len() - start),
                    len => len as usize,
                };
                let end = start + len;
                let line = Line { text: &seg[start..end], start };
                start = end + if b.get(end) == Some(&b'\r') && b.get(end + 1) == Some(&b'\n') { 2 } else { 1 };
                line
            }));
            kinds.extend(chunk.kinds[from..to].iter().map(|&k| LineKind::from_byte(k)));
            i = self.first[c] + to;
            c += 1;
        }
        if lines.end < self.n_lines {
            // A report followed by another ends with a line break: `lines` gives it a last,
            // empty line.
            ls.push(Line { text: &seg[seg.len()..], start: seg.len() });
            kinds.push(LineKind::Blank);
        }
        (ls, kinds)
    }
}

/// The lines of one chunk of a document: each line's kind and content length.
struct Chunk {
    kinds: Vec<u8>,
    lens: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines;

    #[test]
    fn the_index_gives_each_reports_lines() {
        // Long enough to be read in chunks; line breaks of every kind.
        // Reports start at the agency's name above their title (`segment::lead`), which a
        // chunk may leave in the chunk before.
        let unit = "淄川区招商局\r\n\n2020年政府信息公开工作年度报告\r\n一、总体情况\r\n\t12\n\n正文\r\r\n第二行\r";
        let text = unit.repeat((5 << 19) / unit.len() + 7);
        let index = LineIndex::new(&text);
        assert_eq!(index.reports.len(), (5 << 19) / unit.len() + 7);
        let ls = lines(&text);
        let kinds = crate::parse::kinds(&ls);
        let want: Vec<usize> = segment::starts_kinds(&ls, &kinds);
        assert_eq!(index.reports.iter().map(|r| r.lines.start).collect::<Vec<_>>(), want);
        assert!(index.reports.iter().all(|r| r.bytes.start == ls[r.lines.start].start));
        assert!(index.chunks.len() > 2);
        assert!(index.reports[1..].iter().all(|r| text[r.bytes.clone()].starts_with("淄川区招商局")));
        for r in &index.reports {
            let seg = &text[r.bytes.clone()];
            let (got, got_kinds) = index.lines(seg, r.lines.clone());
            let want = lines(seg);
            let want_kinds = crate::parse::kinds(&want);
            assert_eq!(got.iter().map(|l| (l.start, l.text)).collect::<Vec<_>>(), want.iter().map(|l| (l.start, l.text)).collect::<Vec<_>>());
            assert_eq!(got_kinds, want_kinds);
        }
    }

    #[test]
    fn a_report_takes_its_agency_from_the_chunk_before() {
        // The first chunk ends right after the name (the first line break past 1 MiB); its
        // report's title is the next chunk's first line.
        let head = "A局2020年政府信息公开工作年度报告\n一、总体情况\n";
        let mut text = head.to_string();
        while text.len() + "正文。\n".len() < (1 << 20) - 3 {
            text.push_str("正文。\n");
        }
        text.push_str(&"x".repeat((1 << 20) - 3 - text.len()));
        text.push_str("\n淄川区招商局\n2020年政府信息公开工作年度报告\n一、总体情况\n");
        let cut = (1 << 20) + memchr::memchr(b'\n', &text.as_bytes()[1 << 20..]).unwrap() + 1;
        assert!(text[..cut].ends_with("淄川区招商局\n"));
        let index = LineIndex::new(&text);
        assert_eq!(index.chunks.len(), 2);
        let ls = lines(&text);
        assert_eq!(index.reports.iter().map(|r| r.lines.start).collect::<Vec<_>>(), segment::starts(&ls));
        assert!(text[index.reports[1].bytes.clone()].starts_with("淄川区招商局\n2020年"));
    }
}
