//! From text to the report model: split a document into reports (`segment`), a report into
//! blocks of lines (`blocks`), parse table blocks (`table`) and prose blocks (`prose`), then
//! assemble the report model (`assemble`). Each step reads only the output of the one before.

pub mod assemble;
pub mod blocks;
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
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 24 + 1);
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', b) {
        if i < start {
            continue; // the \n of a \r\n pair
        }
        out.push(Line { text: &text[start..i], start });
        start = if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
    }
    out.push(Line { text: &text[start..], start });
    out
}
