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
    // Inlined into the caller's loop: a call per line costs as much as finding the line.
    std::iter::from_fn(#[inline(always)] move || {
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

/// Positions of the line-break bytes of a text (`\n` and `\r`), in order. Most lines are
/// short (a table's cells): the text is read 64 bytes at a time, each block giving one bit per
/// byte that is a break (SSE2 compares on x86_64, eight 8-byte words elsewhere), which costs
/// less than a `memchr` call per line. A line that runs on through two more blocks (prose) is
/// left to `memchr2`.
struct Breaks<'a> {
    b: &'a [u8],
    /// The start of the block being read (a multiple of 64).
    block: usize,
    /// That block's breaks not returned yet: bit `k` for byte `block + k`.
    mask: u64,
}

impl<'a> Breaks<'a> {
    fn new(b: &'a [u8]) -> Breaks<'a> {
        let mut breaks = Breaks { b, block: 0, mask: 0 };
        breaks.mask = breaks.read(0);
        breaks
    }

    /// The breaks among the 64 bytes at `at` (fewer at the end of the text).
    #[inline]
    fn read(&self, at: usize) -> u64 {
        let rest = self.b.get(at..).unwrap_or_default();
        match rest.first_chunk::<64>() {
            Some(block) => break_mask(block),
            None => {
                // Zero bytes are not breaks.
                let mut w = [0; 64];
                w[..rest.len()].copy_from_slice(rest);
                break_mask(&w)
            }
        }
    }
}

/// Bit `k` set where `block[k]` is `\n` or `\r`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn break_mask(block: &[u8; 64]) -> u64 {
    use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    // SAFETY: SSE2 is part of every x86_64 CPU, and each load reads the 16 bytes at 16k,
    // inside the 64-byte block (an unaligned load is allowed).
    unsafe {
        let (lf, cr) = (_mm_set1_epi8(b'\n' as i8), _mm_set1_epi8(b'\r' as i8));
        let mut m = 0u64;
        for k in 0..4 {
            let v = _mm_loadu_si128(block.as_ptr().add(16 * k).cast::<__m128i>());
            let hit = _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr));
            m |= u64::from(_mm_movemask_epi8(hit) as u16) << (16 * k);
        }
        m
    }
}

/// Bit `k` set where `block[k]` is `\n` or `\r`, without SIMD instructions.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn break_mask(block: &[u8; 64]) -> u64 {
    break_mask_words(block)
}

/// Bit `k` set where `block[k]` is `\n` or `\r` (eight 8-byte words, each word's matches
/// gathered into eight bits by one multiplication). What other CPUs use; tested against SSE2
/// on x86_64.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn break_mask_words(block: &[u8; 64]) -> u64 {
    /// The high bit of every byte of `x` that is zero (exact: nothing carries between bytes).
    fn zero_bytes(x: u64) -> u64 {
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        !(((x & LOW7) + LOW7) | x | LOW7)
    }
    let mut m = 0u64;
    for (k, w) in block.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(w.try_into().unwrap_or_default());
        let hit = zero_bytes(x ^ u64::from_le_bytes([b'\n'; 8])) | zero_bytes(x ^ u64::from_le_bytes([b'\r'; 8]));
        // One bit at the bottom of each matching byte; the multiplication moves byte j's bit
        // to bit 56 + j, and nothing else reaches the top byte.
        m |= ((hit >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    m
}

impl Iterator for Breaks<'_> {
    type Item = usize;
    #[inline]
    fn next(&mut self) -> Option<usize> {
        let mut blocks = 0;
        while self.mask == 0 {
            self.block += 64;
            if self.block >= self.b.len() {
                return None;
            }
            if blocks == 2 {
                // A long line: `memchr2` finds its end faster. Read on from the block holding it.
                let rest = &self.b[self.block..];
                let at = self.block + memchr::memchr2(b'\n', b'\r', rest)?;
                self.block = at - at % 64;
            }
            self.mask = self.read(self.block);
            blocks += 1;
        }
        let i = self.block + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Both ways of finding the breaks in a block give the plain answer.
        #[test]
        fn break_mask_finds_every_break(block in proptest::collection::vec(proptest::sample::select(vec![b'\n', b'\r', 0, 0x0a ^ 0x80, 0x8a, 0x0d ^ 0x80, 0xff, b'a', 0xe5]), 64)) {
            let block: [u8; 64] = block.try_into().expect("64 bytes");
            let want = (0..64).filter(|&k| matches!(block[k], b'\n' | b'\r')).fold(0u64, |m, k| m | 1 << k);
            proptest::prop_assert_eq!(break_mask(&block), want);
            proptest::prop_assert_eq!(break_mask_words(&block), want);
        }

        #[test]
        fn lines_split_at_every_kind_of_break(parts in proptest::collection::vec(proptest::sample::select(vec!["\n", "\r", "\r\n", "a", "总计", "\t", "x".repeat(7).leak(), "x".repeat(40).leak(), "y".repeat(150).leak()]), 0..24)) {
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
