//! Position conversion: the one place where byte offsets become (line, column) pairs and back.
//!
//! Internally every span is a UTF-8 byte range into the document text. Clients count columns in
//! UTF-8 bytes, UTF-16 code units (the LSP default) or Unicode scalar values (UTF-32); the CLI
//! reports 1-based character columns. Lines end at `\n`, `\r\n` or a lone `\r`, exactly as ropey
//! (with only `cr_lines`) and LSP clients count them. Out-of-range positions are clamped, never
//! a panic: a line past the end maps to the end of the text, a column past the end of a line
//! maps to the end of that line (before its line break), and a column inside a multi-unit
//! character snaps to the start of that character.

use ropey::Rope;

/// How a client counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    pub fn from_lsp(s: &str) -> Option<Encoding> {
        match s {
            "utf-8" => Some(Encoding::Utf8),
            "utf-16" => Some(Encoding::Utf16),
            "utf-32" => Some(Encoding::Utf32),
            _ => None,
        }
    }
    pub fn as_lsp(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        }
    }
    /// Pick the best encoding the client offers: utf-8, then utf-32, then utf-16 (the default).
    pub fn negotiate<'a>(offered: impl IntoIterator<Item = &'a str>) -> Encoding {
        let offered: Vec<&str> = offered.into_iter().collect();
        for pref in [Encoding::Utf8, Encoding::Utf32] {
            if offered.iter().any(|o| *o == pref.as_lsp()) {
                return pref;
            }
        }
        Encoding::Utf16
    }
    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// A zero-based (line, column) position with the column in the given encoding's units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Byte offset of the end of line `line`'s content (before its line break).
fn line_content_end(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_byte(line);
    let slice = rope.line(line);
    let mut len = slice.len_bytes();
    // Strip the line break: "\r\n", "\n" or "\r".
    if len > 0 && slice.byte(len - 1) == b'\n' {
        len -= 1;
        if len > 0 && slice.byte(len - 1) == b'\r' {
            len -= 1;
        }
    } else if len > 0 && slice.byte(len - 1) == b'\r' {
        len -= 1;
    }
    start + len
}

/// Convert a byte offset to a zero-based position. Offsets past the end clamp to the end;
/// offsets inside a character snap to its start.
pub fn byte_to_pos(rope: &Rope, byte: usize, enc: Encoding) -> LineCol {
    let byte = byte.min(rope.len_bytes());
    let line = rope.byte_to_line(byte);
    let line_start = rope.line_to_byte(line);
    let col = match enc {
        Encoding::Utf8 => {
            // Snap to a char boundary.
            let ch = rope.byte_to_char(byte);
            rope.char_to_byte(ch) - line_start
        }
        Encoding::Utf16 => {
            let ch = rope.byte_to_char(byte);
            rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(rope.byte_to_char(line_start))
        }
        Encoding::Utf32 => rope.byte_to_char(byte) - rope.byte_to_char(line_start),
    };
    LineCol { line: line as u32, col: col as u32 }
}

/// Convert a zero-based position to a byte offset, clamping as described in the module docs.
pub fn pos_to_byte(rope: &Rope, pos: LineCol, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    let end = line_content_end(rope, line);
    let want = pos.col as usize;
    if enc == Encoding::Utf8 {
        let b = (start + want).min(end);
        // Snap back to a char boundary.
        return rope.char_to_byte(rope.byte_to_char(b));
    }
    let mut units = 0usize;
    let mut byte = start;
    for c in rope.byte_slice(start..end).chars() {
        let u = enc.units(c);
        if units + u > want {
            break;
        }
        units += u;
        byte += c.len_utf8();
    }
    byte
}

/// 1-based line and 1-based character column, as the CLI reports them.
pub fn byte_to_cli(rope: &Rope, byte: usize) -> (usize, usize) {
    let p = byte_to_pos(rope, byte, Encoding::Utf32);
    (p.line as usize + 1, p.col as usize + 1)
}

/// Where the lines of a text are, for many byte → (line, column) conversions of one text
/// without a rope (the CLI: findings of a checked file, frames of its lines, an export's
/// cells). Lines end as the module says (`\n`, `\r\n`, a lone `\r`). Only a sample is kept:
/// the first line starting at or after every `PIECE` bytes, with its number; a conversion
/// counts the breaks of the few bytes between its sample and its byte (SIMD counts). Building
/// it is a count of the text's breaks, not a step per line: a batch run's large files have
/// hundreds of thousands of lines and a few hundred findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineStarts {
    /// (byte where a line starts, its 0-based number), ascending; the first is (0, 0).
    marks: Vec<(u32, u32)>,
    /// The number of lines (a text ending with a line break has an empty last line).
    lines: usize,
    /// Whether the text has a `\r` (most have none, and their breaks are counted in one pass).
    cr: bool,
}

/// The distance between two samples of [`LineStarts`] (at least; they sit at line starts).
const PIECE: usize = 2048;

/// The line breaks in `b`: every `\n`, and every `\r` not followed by one (a `\r\n` pair is
/// one break). `b` must not end inside a pair; `cr` false when the text has no `\r` (most
/// have none: the `\n` count alone).
fn count_breaks(b: &[u8], cr: bool) -> usize {
    let lf = memchr::memchr_iter(b'\n', b).count();
    if !cr {
        return lf;
    }
    lf + memchr::memchr_iter(b'\r', b).filter(|&i| b.get(i + 1) != Some(&b'\n')).count()
}

/// Where the line after the break at `i` starts.
fn after_break(b: &[u8], i: usize) -> usize {
    if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
        i + 2
    } else {
        i + 1
    }
}

/// Where the line after the one starting at `at` starts (the end of `b` after the last).
fn next_line(b: &[u8], at: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &b[at..]).map_or(b.len(), |i| after_break(b, at + i))
}

impl LineStarts {
    /// The lines of `text`, which must be shorter than 4 GiB (the CLI reads at most
    /// `cli::input::MAX_SIZE`).
    pub fn new(text: &str) -> LineStarts {
        Self::sampled(text, PIECE)
    }

    /// `new`, with a sample at least every `piece` bytes (tests use small pieces).
    fn sampled(text: &str, piece: usize) -> LineStarts {
        let b = text.as_bytes();
        let piece = piece.max(1);
        let mut marks = Vec::with_capacity(b.len() / piece + 1);
        marks.push((0, 0));
        let cr = memchr::memchr(b'\r', b).is_some();
        let (mut at, mut line) = (0usize, 0usize);
        while at + piece <= b.len() {
            // The first line starting at or after `at + piece` starts after the first break
            // at or after the byte before that point.
            let from = at + piece - 1;
            let Some(i) = memchr::memchr2(b'\n', b'\r', &b[from..]) else { break };
            let next = after_break(b, from + i);
            line += count_breaks(&b[at..next], cr);
            at = next;
            marks.push((at as u32, line as u32));
        }
        line += count_breaks(&b[at..], cr);
        LineStarts { marks, lines: line + 1, cr }
    }

    /// The number of lines (a text ending with a line break has an empty last line).
    pub fn len(&self) -> usize {
        self.lines
    }

    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    /// The 0-based line of `byte` of `text` (clamped to the text), and where that line starts.
    fn locate(&self, text: &str, byte: usize) -> (usize, usize) {
        let b = text.as_bytes();
        let byte = byte.min(b.len());
        let k = self.marks.partition_point(|&(at, _)| at as usize <= byte).saturating_sub(1);
        let Some(&(at, line)) = self.marks.get(k) else { return (0, 0) };
        let at = at as usize;
        // The \n of a \r\n pair belongs to the line its \r ends.
        let end = if byte > at && b[byte - 1] == b'\r' && b.get(byte) == Some(&b'\n') { byte - 1 } else { byte };
        let before = &b[at..end];
        let start = memchr::memrchr2(b'\n', b'\r', before).map_or(at, |i| at + i + 1);
        (line as usize + count_breaks(before, self.cr), start)
    }

    /// The 0-based line of `byte` of `text` (clamped to the text).
    pub fn line_of(&self, text: &str, byte: usize) -> usize {
        self.locate(text, byte).0
    }

    /// Where line `line` of `text` starts (the end of the text past the last line).
    fn start_of(&self, text: &str, line: usize) -> usize {
        let b = text.as_bytes();
        let k = self.marks.partition_point(|&(_, l)| l as usize <= line).saturating_sub(1);
        let Some(&(at, l)) = self.marks.get(k) else { return b.len() };
        (l as usize..line).fold(at as usize, |at, _| next_line(b, at))
    }

    /// The bytes of line `line` of `text`, its line break included.
    pub fn line(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        if line >= self.lines {
            return text.len()..text.len();
        }
        let start = self.start_of(text, line);
        start..next_line(text.as_bytes(), start)
    }

    /// 1-based line and 1-based character column of `byte` in `text`, as the CLI reports them
    /// (the same as `byte_to_cli` of a rope of `text`).
    pub fn byte_to_cli(&self, text: &str, byte: usize) -> (usize, usize) {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let (line, start) = self.locate(text, byte);
        let col = text.as_bytes()[start..byte].iter().filter(|&&c| (c as i8) >= -0x40).count();
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn line_starts_agree_with_the_rope_on_any_text(text in "[a中😀\r\n\t]{0,40}") {
            let rope = Rope::from_str(&text);
            for piece in [PIECE, 1, 2, 3, 5, 16] {
                let ls = LineStarts::sampled(&text, piece);
                proptest::prop_assert_eq!(ls.len(), rope.len_lines());
                for b in 0..=text.len() {
                    proptest::prop_assert_eq!(ls.byte_to_cli(&text, b), byte_to_cli(&rope, b), "byte {} pieces of {}", b, piece);
                    proptest::prop_assert_eq!(ls.line_of(&text, b), rope.byte_to_line(b), "byte {} pieces of {}", b, piece);
                }
                for l in 0..=rope.len_lines() {
                    let want = if l < rope.len_lines() { rope.line_to_byte(l)..rope.line_to_byte(l + 1) } else { text.len()..text.len() };
                    proptest::prop_assert_eq!(ls.line(&text, l), want, "line {} pieces of {}", l, piece);
                }
            }
        }
    }

    #[test]
    fn line_starts_agree_with_the_rope() {
        let texts = ["", "a", "\n", "\r", "\r\n", "a\r\n\r\nb", "\u{feff}2020年报告\r\n\t总计\t41\n𠀀😀ab\rend\n", "x\r\ry\n\nz\r\n"];
        for text in texts {
            let rope = Rope::from_str(text);
            let ls = LineStarts::new(text);
            assert_eq!(ls.len(), rope.len_lines(), "{text:?}");
            for b in 0..=text.len() + 2 {
                assert_eq!(ls.byte_to_cli(text, b), byte_to_cli(&rope, b), "{text:?} byte {b}");
            }
            for l in 0..ls.len() {
                let r = ls.line(text, l);
                assert_eq!(&text[r], rope.line(l).to_string(), "{text:?} line {l}");
            }
        }
    }

    fn rt(text: &str, enc: Encoding) {
        let rope = Rope::from_str(text);
        for (b, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let p = byte_to_pos(&rope, b, enc);
            let back = pos_to_byte(&rope, p, enc);
            // A position inside a CRLF maps to the end of the line content.
            if text.as_bytes().get(b.wrapping_sub(1)) == Some(&b'\r') && text.as_bytes().get(b) == Some(&b'\n') {
                continue;
            }
            assert_eq!(back, b, "{enc:?} byte {b} -> {p:?}");
        }
    }

    #[test]
    fn round_trips_in_every_encoding() {
        let text = "\u{feff}2020年报告\r\n\t总计\t41\n𠀀😀ab\rend";
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            rt(text, enc);
        }
    }

    #[test]
    fn columns_per_encoding() {
        let rope = Rope::from_str("𠀀总计41\r\nx");
        let b = "𠀀总计".len();
        assert_eq!(byte_to_pos(&rope, b, Encoding::Utf8), LineCol { line: 0, col: 10 });
        assert_eq!(byte_to_pos(&rope, b, Encoding::Utf16), LineCol { line: 0, col: 4 });
        assert_eq!(byte_to_pos(&rope, b, Encoding::Utf32), LineCol { line: 0, col: 3 });
        // The CRLF counts as one line break; line 1 starts after it.
        assert_eq!(byte_to_pos(&rope, rope.len_bytes() - 1, Encoding::Utf16), LineCol { line: 1, col: 0 });
    }

    #[test]
    fn clamps_out_of_range() {
        let rope = Rope::from_str("ab\r\ncd");
        assert_eq!(pos_to_byte(&rope, LineCol { line: 0, col: 99 }, Encoding::Utf16), 2);
        assert_eq!(pos_to_byte(&rope, LineCol { line: 9, col: 0 }, Encoding::Utf16), 6);
        // Inside a surrogate pair snaps to the start of the character.
        let rope = Rope::from_str("😀x");
        assert_eq!(pos_to_byte(&rope, LineCol { line: 0, col: 1 }, Encoding::Utf16), 0);
        assert_eq!(pos_to_byte(&rope, LineCol { line: 0, col: 2 }, Encoding::Utf16), 4);
        assert_eq!(byte_to_pos(&rope, 2, Encoding::Utf16), LineCol { line: 0, col: 0 });
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf32() {
        assert_eq!(Encoding::negotiate(["utf-16", "utf-8"]), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(["utf-32", "utf-16"]), Encoding::Utf32);
        assert_eq!(Encoding::negotiate([]), Encoding::Utf16);
    }
}
