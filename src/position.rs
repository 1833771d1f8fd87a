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

/// Where every line of a text starts, for many byte → (line, column) conversions of one
/// text without a rope (the CLI: findings of a checked file, frames of its lines). Lines end
/// as the module says (`\n`, `\r\n`, a lone `\r`); four bytes per line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineStarts(Vec<u32>);

impl LineStarts {
    /// The line starts of `text`, which must be shorter than 4 GiB (the CLI reads at most
    /// `cli::input::MAX_SIZE`).
    pub fn new(text: &str) -> LineStarts {
        let b = text.as_bytes();
        let mut starts = Vec::with_capacity(b.len() / 48 + 1);
        starts.push(0);
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            // The \r of a \r\n ends nothing: its \n does.
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push((i + 1) as u32);
        }
        LineStarts(starts)
    }

    /// From the start of every line, in order, the first being 0 (`parse::line_starts` finds
    /// them with the reader's own line splitting).
    pub fn from_starts(starts: Vec<u32>) -> LineStarts {
        debug_assert!(starts.first() == Some(&0) && starts.windows(2).all(|w| w[0] < w[1]));
        LineStarts(starts)
    }

    /// The number of lines (a text ending with a line break has an empty last line).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The 0-based line of `byte` (clamped to the text).
    pub fn line_of(&self, byte: usize) -> usize {
        self.0.partition_point(|&s| s as usize <= byte).saturating_sub(1)
    }

    /// The bytes of line `line` of `text`, its line break included.
    pub fn line(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.0.get(line).map_or(text.len(), |&s| s as usize);
        let end = self.0.get(line + 1).map_or(text.len(), |&s| s as usize);
        start..end
    }

    /// 1-based line and 1-based character column of `byte` in `text`, as the CLI reports them
    /// (the same as `byte_to_cli` of a rope of `text`).
    pub fn byte_to_cli(&self, text: &str, byte: usize) -> (usize, usize) {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.line_of(byte);
        let start = self.0.get(line).map_or(0, |&s| s as usize);
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
            let ls = LineStarts::new(&text);
            proptest::prop_assert_eq!(ls.len(), rope.len_lines());
            for b in 0..=text.len() {
                proptest::prop_assert_eq!(ls.byte_to_cli(&text, b), byte_to_cli(&rope, b));
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
