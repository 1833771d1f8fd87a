//! From text to the report model: split a document into reports (`segment`; for batch runs
//! the whole document's line `index`), a report into blocks of lines (`blocks`), parse table
//! blocks (`table`) and prose blocks (`prose`), then assemble the report model (`assemble`).
//! Each step reads only the output of the one before.

pub mod assemble;
pub mod blocks;
pub mod index;
pub mod labels;
pub mod prose;
pub mod recognise;
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

/// The lines of [`lines`], one at a time.
pub fn line_iter(text: &str) -> impl Iterator<Item = Line<'_>> {
    let b = text.as_bytes();
    let mut breaks = Breaks::new(b);
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

/// Positions of the line-break bytes of a text (`\n`, and `\r` when the text has any), in
/// order. Most lines are short (a table's cells): the text is read eight bytes at a time, each
/// word giving the positions of all its breaks at once, which costs less than a `memchr` call
/// per line. A line that runs on through three more words (prose) is left to `memchr`.
struct Breaks<'a> {
    b: &'a [u8],
    cr: bool,
    /// The start of the word being read (a multiple of 8).
    word: usize,
    /// That word's breaks not returned yet: the high bit of each of their bytes.
    mask: u64,
}

impl<'a> Breaks<'a> {
    fn new(b: &'a [u8]) -> Breaks<'a> {
        // Most text has no `\r` at all: then `\n` alone is looked for.
        let mut breaks = Breaks { b, cr: memchr::memchr(b'\r', b).is_some(), word: 0, mask: 0 };
        breaks.mask = breaks.read(0);
        breaks
    }

    /// The breaks among the eight bytes at `at` (fewer at the end of the text).
    #[inline]
    fn read(&self, at: usize) -> u64 {
        /// The high bit of every byte of `x` that is zero (exact: nothing carries between bytes).
        fn zero_bytes(x: u64) -> u64 {
            const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
            !(((x & LOW7) + LOW7) | x | LOW7)
        }
        let rest = self.b.get(at..).unwrap_or_default();
        let x = match rest.first_chunk::<8>() {
            Some(w) => u64::from_le_bytes(*w),
            None => {
                let mut w = [0; 8];
                w[..rest.len()].copy_from_slice(rest);
                u64::from_le_bytes(w)
            }
        };
        let lf = zero_bytes(x ^ u64::from_le_bytes([b'\n'; 8]));
        if self.cr { lf | zero_bytes(x ^ u64::from_le_bytes([b'\r'; 8])) } else { lf }
    }
}

impl Iterator for Breaks<'_> {
    type Item = usize;
    #[inline]
    fn next(&mut self) -> Option<usize> {
        let mut words = 0;
        while self.mask == 0 {
            self.word += 8;
            if self.word >= self.b.len() {
                return None;
            }
            if words == 3 {
                // A long line: `memchr` finds its end faster. Read on from the word holding it.
                let rest = &self.b[self.word..];
                let at = if self.cr { memchr::memchr2(b'\n', b'\r', rest) } else { memchr::memchr(b'\n', rest) };
                let at = self.word + at?;
                self.word = at - at % 8;
            }
            self.mask = self.read(self.word);
            words += 1;
        }
        let i = self.word + (self.mask.trailing_zeros() / 8) as usize;
        self.mask &= self.mask - 1;
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn lines_split_at_every_kind_of_break(parts in proptest::collection::vec(proptest::sample::select(vec!["\n", "\r", "\r\n", "a", "总计", "\t", "x".repeat(7).leak(), "x".repeat(40).leak()]), 0..24)) {
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
