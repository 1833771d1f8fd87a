//! From text to the report model: split a document into reports (`segment`; for batch runs
//! the whole document's line `index`), a report into blocks of lines (`blocks`), parse table
//! blocks (`table`) and prose blocks (`prose`), then assemble the report model (`assemble`).
//! Each step reads only the output of the one before.

pub mod assemble;
pub mod blocks;
pub mod index;
pub mod labels;
pub mod prose;
pub mod segment;
pub mod table;

/// A line of a report's text: its content (without line break) and its byte offset.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    pub text: &'a str,
    pub start: usize,
}

/// Split text into lines the way LSP clients count them (`\n`, `\r\n`, lone `\r`).
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(text.len() / 24 + 1);
    out.extend(line_iter(text));
    out
}

/// Each line's kind (`classify`).
pub fn kinds(lines: &[Line<'_>]) -> Vec<crate::text::lines::LineKind> {
    lines.iter().map(|l| crate::text::lines::classify(l.text)).collect()
}

/// The lines of [`lines`], one at a time (one `memchr` searcher for the whole text: cheaper
/// than a fresh search per line).
pub fn line_iter(text: &str) -> impl Iterator<Item = Line<'_>> {
    let b = text.as_bytes();
    // Most text has no `\r` at all: then a search for `\n` alone is enough (and faster).
    let mut breaks = match memchr::memchr(b'\r', b) {
        None => Breaks::Lf(memchr::memchr_iter(b'\n', b)),
        Some(_) => Breaks::Any(memchr::memchr2_iter(b'\n', b'\r', b)),
    };
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        for i in breaks.by_ref() {
            if i < start {
                continue; // the \n of a \r\n pair
            }
            let line = Line { text: &text[start..i], start };
            start = if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
            return Some(line);
        }
        if done {
            return None;
        }
        done = true;
        Some(Line { text: &text[start..], start })
    })
}

/// Positions of line-break bytes.
enum Breaks<'a> {
    Lf(memchr::Memchr<'a>),
    Any(memchr::Memchr2<'a>),
}

impl Iterator for Breaks<'_> {
    type Item = usize;
    #[inline]
    fn next(&mut self) -> Option<usize> {
        match self {
            Breaks::Lf(it) => it.next(),
            Breaks::Any(it) => it.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn lines_split_at_every_kind_of_break(parts in proptest::collection::vec(proptest::sample::select(vec!["\n", "\r", "\r\n", "a", "总计", "\t", "x".repeat(40).leak()]), 0..16)) {
            let text = parts.concat();
            // The plain definition: split at \r\n, then at lone \r or \n.
            let mut want = Vec::new();
            let mut start = 0;
            let mut i = 0;
            let b = text.as_bytes();
            while i < b.len() {
                if b[i] == b'\n' || b[i] == b'\r' {
                    want.push((start, &text[start..i]));
                    i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                    start = i;
                } else {
                    i += 1;
                }
            }
            want.push((start, &text[start..]));
            let got: Vec<(usize, &str)> = lines(&text).iter().map(|l| (l.start, l.text)).collect();
            proptest::prop_assert_eq!(&got, &want);
            let iterated: Vec<(usize, &str)> = line_iter(&text).map(|l| (l.start, l.text)).collect();
            proptest::prop_assert_eq!(&iterated, &want);
        }
    }
}
