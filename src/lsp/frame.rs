//! The LSP base protocol's framing (`Content-Length: N` header lines, a blank line, N bytes of
//! JSON), read leniently so that no client mistake ends the server. Headers may come in any
//! number and order, in any case, with every legal form of `Content-Type` (with or without a
//! charset) and CRLF or bare LF line ends. A header block without a usable length, and bytes that
//! are not a header at all, come out as `Frame::Bad` and are skipped up to the next
//! `Content-Length` header. A length that lies is caught: a body whose first JSON value ends
//! before the stated length, or that holds a `Content-Length: N` line (which no JSON text can
//! hold: JSON strings cannot contain a raw line break), is cut there and reading resumes at the
//! cut. `FrameDecoder` is the byte-level logic; `FrameReader` feeds it from an async reader.

use serde::de::IgnoredAny;
use tokio::io::{AsyncRead, AsyncReadExt};

/// What the decoder found next in the byte stream.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A message body (not yet known to be valid JSON).
    Body(Vec<u8>),
    /// Bytes that are not a frame, with the reason; they were skipped.
    Bad(&'static str),
}

/// Longest header block accepted; longer runs without a blank line are junk.
const MAX_HEADER_BLOCK: usize = 16 * 1024;
/// Largest body accepted (a longer stated length is treated as a missing length).
const MAX_BODY: usize = 1 << 30;
const LENGTH_NAME: &[u8] = b"content-length";

#[derive(Default)]
pub struct FrameDecoder {
    buf: Vec<u8>,
    /// Start of the unread bytes in `buf`.
    pos: usize,
    /// The body being read: where it starts, its stated length, how far it was searched for a
    /// following header.
    body: Option<(usize, usize, usize)>,
    /// Skipping junk until the next `Content-Length` header.
    skipping: bool,
}

enum Headers {
    Incomplete,
    /// A stray blank line before any header: skip it.
    Blank(usize),
    Ok { header_len: usize, body_len: usize },
    NoLength { header_len: usize },
    Junk,
}

fn is_token(name: &[u8]) -> bool {
    !name.is_empty() && name.iter().all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t' | b'\r'] = s {
        s = rest;
    }
    s
}

fn parse_len(v: &[u8]) -> Option<usize> {
    if v.is_empty() || v.len() > 12 || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(v).ok()?.parse().ok().filter(|&n| n <= MAX_BODY)
}

/// Read a header block at the start of `bytes`.
fn parse_headers(bytes: &[u8]) -> Headers {
    let (mut i, mut lines, mut len, mut bad_len) = (0, 0, None, false);
    loop {
        let Some(nl) = memchr::memchr(b'\n', &bytes[i..]) else {
            return if bytes.len() > MAX_HEADER_BLOCK { Headers::Junk } else { Headers::Incomplete };
        };
        let next = i + nl + 1;
        if next > MAX_HEADER_BLOCK {
            return Headers::Junk;
        }
        let line = trim(&bytes[i..i + nl]);
        if line.is_empty() {
            return match (lines, len, bad_len) {
                (0, _, _) => Headers::Blank(next),
                (_, Some(body_len), false) => Headers::Ok { header_len: next, body_len },
                _ => Headers::NoLength { header_len: next },
            };
        }
        let Some(colon) = memchr::memchr(b':', line) else { return Headers::Junk };
        let name = &line[..colon];
        if !is_token(name) {
            return Headers::Junk;
        }
        if name.eq_ignore_ascii_case(LENGTH_NAME) {
            match parse_len(trim(&line[colon + 1..])) {
                Some(n) if len.is_none_or(|l| l == n) => len = Some(n),
                _ => bad_len = true,
            }
        }
        // Content-Type and any other header: accepted as they are (bodies are JSON in UTF-8).
        lines += 1;
        i = next;
    }
}

/// The first `content-length` (any case) in `hay` at or after `from`.
fn find_name(hay: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2_iter(b'C', b'c', hay.get(from..)?)
        .map(|i| i + from)
        .find(|&i| hay.get(i..i + LENGTH_NAME.len()).is_some_and(|w| w.eq_ignore_ascii_case(LENGTH_NAME)))
}

/// Search `hay` from `from` for a whole `Content-Length: N` line. `Ok(p)`: one starts at `p`.
/// `Err(resume)`: none yet; search again from `resume` when more bytes have arrived.
fn find_length_line(hay: &[u8], mut from: usize) -> Result<usize, usize> {
    while let Some(p) = find_name(hay, from) {
        let rest = &hay[p + LENGTH_NAME.len()..];
        let Some(nl) = memchr::memchr(b'\n', rest) else { return Err(p) };
        let line = trim(&rest[..nl]);
        if let [b':', value @ ..] = line {
            if parse_len(trim(value)).is_some() {
                return Ok(p);
            }
        }
        from = p + 1;
    }
    Err(hay.len().saturating_sub(LENGTH_NAME.len() - 1).max(from.min(hay.len())))
}

/// Where a complete body of the stated length really ends.
fn body_end(body: &[u8]) -> usize {
    if serde_json::from_slice::<IgnoredAny>(body).is_ok() {
        return body.len();
    }
    // A complete JSON value followed by more than whitespace: the length was too long.
    let mut values = serde_json::Deserializer::from_slice(body).into_iter::<IgnoredAny>();
    if let Some(Ok(_)) = values.next() {
        return values.byte_offset();
    }
    find_length_line(body, 0).unwrap_or(body.len())
}

impl FrameDecoder {
    /// Append bytes read from the stream.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    fn compact(&mut self) {
        if self.body.is_none() && self.pos > 0 && (self.pos == self.buf.len() || self.pos >= 64 * 1024) {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
    }

    /// The next frame, or `None` when more input is needed (or, at `eof`, when the input is
    /// used up).
    pub fn next_frame(&mut self, eof: bool) -> Option<Frame> {
        loop {
            self.compact();
            if let Some((start, len, scanned)) = self.body {
                let end = self.buf.len().min(start + len);
                if end - start < len && !eof {
                    // Incomplete: a `Content-Length` line inside proves the length was too long.
                    match find_length_line(&self.buf[start..end], scanned - start) {
                        Ok(p) => return Some(self.take_body(start, p)),
                        Err(resume) => self.body = Some((start, len, start + resume)),
                    }
                    return None;
                }
                let cut = body_end(&self.buf[start..end]);
                return Some(self.take_body(start, cut));
            }
            if self.skipping {
                match find_name(&self.buf, self.pos) {
                    Some(p) => {
                        self.pos = p;
                        self.skipping = false;
                    }
                    None => {
                        self.pos = if eof { self.buf.len() } else { self.buf.len().saturating_sub(LENGTH_NAME.len() - 1).max(self.pos) };
                        return None;
                    }
                }
            }
            match parse_headers(&self.buf[self.pos..]) {
                Headers::Incomplete => {
                    if !eof {
                        return None;
                    }
                    let rest = &self.buf[self.pos..];
                    self.pos = self.buf.len();
                    return (!trim(rest).iter().all(|b| b.is_ascii_whitespace())).then_some(Frame::Bad("truncated header at end of input"));
                }
                Headers::Blank(n) => self.pos += n,
                Headers::Ok { header_len, body_len } => {
                    let start = self.pos + header_len;
                    self.body = Some((start, body_len, start));
                    self.pos = start;
                }
                Headers::NoLength { header_len } => {
                    self.pos += header_len;
                    self.skipping = true;
                    return Some(Frame::Bad("header without a valid Content-Length"));
                }
                Headers::Junk => {
                    self.pos += 1;
                    self.skipping = true;
                    return Some(Frame::Bad("bytes that are not a message header"));
                }
            }
        }
    }

    fn take_body(&mut self, start: usize, len: usize) -> Frame {
        self.body = None;
        self.pos = start + len;
        Frame::Body(self.buf[start..start + len].to_vec())
    }
}

/// Frames read from an async byte stream.
pub struct FrameReader<R> {
    input: R,
    dec: FrameDecoder,
    eof: bool,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(input: R) -> Self {
        FrameReader { input, dec: FrameDecoder::default(), eof: false }
    }

    /// The next frame; `None` only at the end of the input.
    pub async fn next(&mut self) -> Option<Frame> {
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            if let Some(f) = self.dec.next_frame(self.eof) {
                return Some(f);
            }
            if self.eof {
                return None;
            }
            match self.input.read(&mut chunk).await {
                Ok(0) => self.eof = true,
                Ok(n) => self.dec.feed(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => self.eof = true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// Decode all of `input`, fed in pieces of `step` bytes.
    fn frames(input: &[u8], step: usize) -> Vec<Frame> {
        let mut d = FrameDecoder::default();
        let mut out = Vec::new();
        for chunk in input.chunks(step.max(1)) {
            d.feed(chunk);
            while let Some(f) = d.next_frame(false) {
                out.push(f);
            }
        }
        while let Some(f) = d.next_frame(true) {
            out.push(f);
        }
        out
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    const A: &str = r#"{"jsonrpc":"2.0","method":"a"}"#;
    const B: &str = r#"{"jsonrpc":"2.0","id":1,"method":"b"}"#;

    #[test]
    fn plain_and_content_type_forms() {
        for ct in ["", "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n", "content-type: application/vscode-jsonrpc; charset=UTF-8\r\n", "Content-Type: application/vscode-jsonrpc\r\n", "X-Other: 1\r\n"] {
            for order in [0, 1] {
                let head = if order == 0 { format!("Content-Length: {}\r\n{ct}\r\n", A.len()) } else { format!("{ct}CONTENT-LENGTH:{}\r\n\r\n", A.len()) };
                let input = format!("{head}{A}{}", msg(B));
                for step in [1, 7, 1000] {
                    assert_eq!(frames(input.as_bytes(), step), vec![body(A), body(B)], "{ct:?} {order} {step}");
                }
            }
        }
        // Bare LF line ends and stray blank lines between messages.
        let input = format!("Content-Length: {}\n\n{A}\r\n\r\n{}", A.len(), msg(B));
        assert_eq!(frames(input.as_bytes(), 3), vec![body(A), body(B)]);
    }

    #[test]
    fn lying_lengths_resynchronise() {
        // Too short: the truncated body, then junk up to the next header.
        let input = format!("Content-Length: 10\r\n\r\n{A}{}", msg(B));
        assert_eq!(frames(input.as_bytes(), 1000), vec![body(&A[..10]), Frame::Bad("bytes that are not a message header"), body(B)]);
        // Too long, all buffered: the first JSON value, then the next message.
        let input = format!("Content-Length: {}\r\n\r\n{A}{}", A.len() + 30, msg(B));
        for step in [1, 5, 1000] {
            assert_eq!(frames(input.as_bytes(), step), vec![body(A), body(B)], "{step}");
        }
        // Too long by far (the rest never comes): cut at the next header line.
        let input = format!("Content-Length: 100000\r\n\r\n{A}{}", msg(B));
        let mut d = FrameDecoder::default();
        d.feed(input.as_bytes());
        assert_eq!(d.next_frame(false), Some(body(A)));
        assert_eq!(d.next_frame(false), Some(body(B)));
        assert_eq!(d.next_frame(false), None);
        // Negative, missing, non-numeric, conflicting: Bad, then the next message.
        for head in ["Content-Length: -5\r\n", "", "Content-Length: abc\r\n", "Content-Length: 3\r\nContent-Length: 4\r\n"] {
            let input = format!("{head}Content-Type: application/json\r\n\r\n{A}{}", msg(B));
            assert_eq!(frames(input.as_bytes(), 4), vec![Frame::Bad("header without a valid Content-Length"), body(B)], "{head:?}");
        }
    }

    #[test]
    fn junk_is_skipped() {
        let input = format!("garbage\x00\u{fffd}{A}\r\n{}", msg(B));
        assert_eq!(frames(input.as_bytes(), 2), vec![Frame::Bad("bytes that are not a message header"), body(B)]);
        // A body without a header.
        let input = format!("{A}{}", msg(B));
        assert_eq!(frames(input.as_bytes(), 1000), vec![Frame::Bad("bytes that are not a message header"), body(B)]);
        // An endless header line.
        let input = format!("X-{}{}", "a".repeat(40_000), msg(B));
        assert_eq!(frames(input.as_bytes(), 4096), vec![Frame::Bad("bytes that are not a message header"), body(B)]);
        // End of input inside a header.
        assert_eq!(frames(b"Content-Len", 3), vec![Frame::Bad("truncated header at end of input")]);
        assert_eq!(frames(b"\r\n\r\n", 3), vec![]);
    }

    #[test]
    fn a_body_may_mention_the_header() {
        // "Content-Length: 5" inside a JSON string (no raw line break possible there) is text.
        let b = r#"{"jsonrpc":"2.0","method":"x","params":{"text":"Content-Length: 5\r\n\r\nhi"}}"#;
        let input = format!("{}{}", msg(b), msg(A));
        for step in [1, 9, 1000] {
            assert_eq!(frames(input.as_bytes(), step), vec![body(b), body(A)]);
        }
    }

    #[test]
    fn invalid_bodies_are_passed_on() {
        // The decoder frames; judging the JSON is the transport's job.
        let nested = "[".repeat(100_000);
        for b in ["{", "{}", "[1,2]", nested.as_str(), "\u{fffd}"] {
            let input = format!("{}{}", msg(b), msg(A));
            assert_eq!(frames(input.as_bytes(), 1000), vec![body(b), body(A)]);
        }
    }
}
