//! A PDF font as far as reading text needs it: how a string's bytes split into character codes
//! (one byte for simple fonts; for composite (Type0) fonts two bytes under Identity-H and the
//! UCS-2/UTF-16 CMaps, one or two under the GBK/EUC CMaps or the codespace ranges of the
//! ToUnicode CMap), what each code means (the ToUnicode CMap's bfchar/bfrange first; else a UCS-2,
//! UTF-16 or GBK CMap, or a simple font's named encoding with its /Differences glyph names) and
//! how wide it is (/Widths, or /W and /DW of the descendant font; Type 3 fonts scaled by their
//! FontMatrix). Codes with no meaning are `None`: the caller marks them unmapped rather than
//! guessing. CJK radicals and compatibility ideographs map to the ordinary ideographs.

use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;

/// How the bytes of a composite font's strings are coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmap {
    /// One byte per code (simple fonts).
    Single,
    /// Two bytes per code; the code is a CID (Identity) or UCS-2 / UTF-16 (`unicode`).
    Double { unicode: bool },
    /// GBK/EUC: a byte below 0x81 is a code alone, else two bytes (decoded as GBK).
    Gbk,
    /// The codespace ranges of the ToUnicode CMap decide (embedded CMaps).
    Ranges,
}

pub struct Font {
    cmap: Cmap,
    /// Code lengths by codespace range: (bytes, low, high).
    ranges: Vec<(usize, u32, u32)>,
    to_unicode: HashMap<u32, String>,
    /// A simple font's encoding (code → character), when it has a named encoding or differences.
    simple: Option<Box<[Option<char>; 256]>>,
    widths: HashMap<u32, f32>,
    default_width: f32,
    /// Glyph space → text space (0.001, or a Type 3 font's FontMatrix).
    scale: f32,
}

/// One character code of a string: its meaning (if known), advance width in text space units
/// per unit of font size, and whether it is the single-byte code 32 (word spacing applies).
pub struct Code {
    pub text: Option<String>,
    pub width: f32,
    pub space: bool,
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

fn name<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, d, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

fn array<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, d, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

/// A stream's decoded bytes, at most `limit` of them.
pub fn stream_bytes(doc: &Document, o: &Object, limit: usize) -> Option<Vec<u8>> {
    match deref(doc, o) {
        Object::Stream(s) => s.get_plain_content_with_limit(limit).ok().or_else(|| (s.content.len() <= limit).then(|| s.content.clone())),
        _ => None,
    }
}

/// The ordinary character for a CJK radical or compatibility ideograph; other characters as
/// they are.
pub fn ordinary(c: char) -> char {
    if !(('\u{2E80}'..='\u{2FDF}').contains(&c) || ('\u{F900}'..='\u{FAFF}').contains(&c) || ('\u{2F800}'..='\u{2FA1F}').contains(&c)) {
        return c;
    }
    match super::radicals::RADICALS.binary_search_by_key(&c, |p| p.0) {
        Ok(i) => super::radicals::RADICALS[i].1,
        Err(_) => c,
    }
}

impl Font {
    /// Read a font dictionary. Nothing here fails: what cannot be read leaves codes unmapped.
    pub fn read(doc: &Document, d: &Dictionary) -> Font {
        let subtype = name(doc, d, b"Subtype").unwrap_or_default();
        let mut f = Font { cmap: Cmap::Single, ranges: Vec::new(), to_unicode: HashMap::new(), simple: None, widths: HashMap::new(), default_width: 0.0, scale: 0.001 };
        if let Some(tu) = d.get(b"ToUnicode").ok().and_then(|o| stream_bytes(doc, o, 4 << 20)) {
            parse_cmap(&tu, &mut f.ranges, &mut f.to_unicode);
        }
        if subtype == b"Type0" {
            f.cmap = match get(doc, d, b"Encoding") {
                Some(Object::Name(n)) => composite_cmap(n),
                _ => Cmap::Ranges,
            };
            if f.cmap == Cmap::Ranges && f.ranges.is_empty() {
                f.cmap = Cmap::Double { unicode: false };
            }
            f.default_width = 1000.0;
            let desc = array(doc, d, b"DescendantFonts").and_then(|a| a.first()).map(|o| deref(doc, o));
            if let Some(Object::Dictionary(df)) = desc {
                if let Some(dw) = get(doc, df, b"DW").and_then(num) {
                    f.default_width = dw;
                }
                if let Some(w) = array(doc, df, b"W") {
                    cid_widths(doc, w, &mut f.widths);
                }
            }
            return f;
        }
        if subtype == b"Type3" {
            if let Some(m) = array(doc, d, b"FontMatrix") {
                f.scale = m.first().and_then(num).unwrap_or(0.001);
            }
        }
        let first = get(doc, d, b"FirstChar").and_then(num).unwrap_or(0.0) as u32;
        if let Some(ws) = array(doc, d, b"Widths") {
            for (i, w) in ws.iter().enumerate() {
                if let Some(w) = num(deref(doc, w)) {
                    f.widths.insert(first + i as u32, w);
                }
            }
        }
        if let Some(Object::Dictionary(fd)) = get(doc, d, b"FontDescriptor") {
            f.default_width = get(doc, fd, b"MissingWidth").and_then(num).unwrap_or(0.0);
        }
        f.simple = simple_encoding(doc, d, subtype);
        f
    }

    /// The codes of a string's bytes.
    pub fn codes(&self, bytes: &[u8], out: &mut Vec<Code>) {
        let mut i = 0;
        while i < bytes.len() {
            let len = self.code_len(&bytes[i..]);
            let raw = &bytes[i..(i + len).min(bytes.len())];
            let code = raw.iter().fold(0u32, |a, &b| a << 8 | b as u32);
            i += len.max(1);
            let text = self.text(code, raw);
            let w = self.widths.get(&code).copied().unwrap_or(self.default_width);
            out.push(Code { text, width: w * self.scale, space: len == 1 && code == 32 });
        }
    }

    fn code_len(&self, b: &[u8]) -> usize {
        match self.cmap {
            Cmap::Single => 1,
            Cmap::Double { .. } => 2,
            Cmap::Gbk => {
                if b[0] < 0x81 {
                    1
                } else {
                    2
                }
            }
            Cmap::Ranges => {
                for n in 1..=4usize.min(b.len()) {
                    let code = b[..n].iter().fold(0u32, |a, &x| a << 8 | x as u32);
                    if self.ranges.iter().any(|&(l, lo, hi)| l == n && lo <= code && code <= hi) {
                        return n;
                    }
                }
                2
            }
        }
    }

    fn text(&self, code: u32, raw: &[u8]) -> Option<String> {
        if let Some(s) = self.to_unicode.get(&code) {
            return Some(s.chars().map(ordinary).collect());
        }
        let c = match self.cmap {
            Cmap::Double { unicode: true } => char::from_u32(code),
            Cmap::Gbk => {
                let (s, _, bad) = encoding_rs::GBK.decode(raw);
                return (!bad).then(|| s.chars().map(ordinary).collect());
            }
            Cmap::Single => self.simple.as_ref().and_then(|e| e[code as usize & 0xFF]),
            _ => None,
        }?;
        Some(ordinary(c).to_string())
    }
}

/// A predefined CMap name → how its codes are read.
fn composite_cmap(n: &[u8]) -> Cmap {
    let n = String::from_utf8_lossy(n);
    if n.starts_with("Identity") {
        Cmap::Double { unicode: false }
    } else if n.starts_with("Uni") && (n.contains("UCS2") || n.contains("UTF16")) {
        Cmap::Double { unicode: true }
    } else if n.contains("GBK") || n.contains("GB-EUC") || n.contains("GBpc-EUC") || n.contains("GBK2K") {
        Cmap::Gbk
    } else {
        Cmap::Ranges
    }
}

/// /W of a CID font: `c [w1 w2 …]` or `cfirst clast w`.
fn cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f32>) {
    let mut i = 0;
    while i < w.len() {
        let Some(c) = num(deref(doc, &w[i])) else { break };
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, x) in ws.iter().enumerate().take(65536) {
                    if let Some(x) = num(x) {
                        out.insert(c as u32 + k as u32, x);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let (Some(last), Some(x)) = (num(o), w.get(i + 2).and_then(|o| num(deref(doc, o)))) else { break };
                for k in (c as u32)..=(last as u32).min(c as u32 + 65535) {
                    out.insert(k, x);
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// A simple font's code → character table: the base encoding (WinAnsi, MacRoman, Standard ≈
/// ASCII) and /Differences by glyph name. `None` for a symbolic embedded font with no
/// encoding of its own (its codes mean only what its ToUnicode says).
fn simple_encoding(doc: &Document, d: &Dictionary, subtype: &[u8]) -> Option<Box<[Option<char>; 256]>> {
    let enc = get(doc, d, b"Encoding");
    let (base, diffs): (Option<&[u8]>, Option<&[Object]>) = match enc {
        Some(Object::Name(n)) => (Some(n), None),
        Some(Object::Dictionary(e)) => (name(doc, e, b"BaseEncoding"), array(doc, e, b"Differences")),
        _ => (None, None),
    };
    if base.is_none() && diffs.is_none() {
        // No encoding: a standard font is read as Standard ≈ ASCII; an embedded subset means
        // nothing without its ToUnicode.
        let embedded = matches!(get(doc, d, b"FontDescriptor"), Some(Object::Dictionary(fd)) if fd.has(b"FontFile") || fd.has(b"FontFile2") || fd.has(b"FontFile3"));
        if embedded || subtype == b"Type3" {
            return None;
        }
    }
    let mut t: Box<[Option<char>; 256]> = Box::new([None; 256]);
    let win = base == Some(b"WinAnsiEncoding".as_slice());
    let mac = base == Some(b"MacRomanEncoding".as_slice());
    for (b, slot) in t.iter_mut().enumerate() {
        let byte = [b as u8];
        *slot = if win {
            encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte).0.chars().next()
        } else if mac {
            encoding_rs::MACINTOSH.decode_without_bom_handling(&byte).0.chars().next()
        } else {
            (32..127).contains(&b).then_some(b as u8 as char)
        }
        .filter(|c| *c != '\u{FFFD}');
    }
    let mut code = 0usize;
    for o in diffs.unwrap_or_default() {
        match deref(doc, o) {
            Object::Integer(i) => code = (*i).clamp(0, 255) as usize,
            Object::Name(n) => {
                if code < 256 {
                    t[code] = glyph_char(n);
                }
                code += 1;
            }
            _ => {}
        }
    }
    Some(t)
}

/// The character a glyph name stands for: `uniXXXX`, `uXXXX`, a letter, or a common name.
fn glyph_char(n: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(n).ok()?;
    let hex = |h: &str| u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
    if let Some(h) = s.strip_prefix("uni").filter(|h| h.len() == 4) {
        return hex(h);
    }
    if let Some(h) = s.strip_prefix('u').filter(|h| (4..=6).contains(&h.len())) {
        return hex(h);
    }
    if s.len() == 1 {
        return s.chars().next();
    }
    const NAMES: [(&str, char); 27] = [
        ("space", ' '), ("zero", '0'), ("one", '1'), ("two", '2'), ("three", '3'), ("four", '4'), ("five", '5'), ("six", '6'), ("seven", '7'),
        ("eight", '8'), ("nine", '9'), ("period", '.'), ("comma", ','), ("hyphen", '-'), ("minus", '-'), ("slash", '/'), ("percent", '%'),
        ("parenleft", '('), ("parenright", ')'), ("colon", ':'), ("semicolon", ';'), ("plus", '+'), ("equal", '='), ("bracketleft", '['),
        ("bracketright", ']'), ("endash", '–'), ("emdash", '—'),
    ];
    NAMES.iter().find(|(k, _)| *k == s).map(|(_, c)| *c)
}

/// Tokens of a CMap: hex strings, numbers, names and keywords; arrays are `[` … `]` tokens.
fn tokens(b: &[u8]) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' if b.get(i + 1) != Some(&b'<') => {
                let end = b[i..].iter().position(|&c| c == b'>').map_or(b.len(), |p| i + p);
                out.push(Tok::Hex(&b[i + 1..end]));
                i = end + 1;
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'%' => i += b[i..].iter().position(|&c| c == b'\n' || c == b'\r').unwrap_or(b.len() - i),
            b'(' => {
                // A literal string (in CMap headers only): skipped.
                let end = b[i..].iter().position(|&c| c == b')').map_or(b.len(), |p| i + p);
                i = end + 1;
            }
            c if c.is_ascii_whitespace() || c == b'>' || c == b'<' => i += 1,
            _ => {
                let end = b[i + 1..].iter().position(|&c| c.is_ascii_whitespace() || b"[]<>(/%".contains(&c)).map_or(b.len(), |p| i + 1 + p);
                out.push(Tok::Word(&b[i..end]));
                i = end;
            }
        }
    }
    out
}

enum Tok<'a> {
    Hex(&'a [u8]),
    Word(&'a [u8]),
    Open,
    Close,
}

fn hex_bytes(h: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = h.iter().filter_map(|c| (*c as char).to_digit(16).map(|d| d as u8)).collect();
    digits.chunks(2).map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0)).collect()
}

fn be(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |a, &x| a << 8 | x as u32)
}

fn utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b.chunks(2).map(|p| u16::from_be_bytes([p[0], p.get(1).copied().unwrap_or(0)])).collect();
    char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect()
}

/// A ToUnicode (or encoding) CMap: codespace ranges and code → text.
fn parse_cmap(b: &[u8], ranges: &mut Vec<(usize, u32, u32)>, map: &mut HashMap<u32, String>) {
    let t = tokens(b);
    let mut i = 0;
    let mut section: &[u8] = b"";
    while i < t.len() {
        match &t[i] {
            Tok::Word(w) if w.starts_with(b"begin") => {
                section = w;
                i += 1;
            }
            Tok::Word(_) => i += 1,
            Tok::Hex(a) if section == b"begincodespacerange" => {
                if let Some(Tok::Hex(z)) = t.get(i + 1) {
                    let (a, z) = (hex_bytes(a), hex_bytes(z));
                    ranges.push((a.len(), be(&a), be(&z)));
                }
                i += 2;
            }
            Tok::Hex(src) if section == b"beginbfchar" => {
                if let Some(Tok::Hex(dst)) = t.get(i + 1) {
                    map.insert(be(&hex_bytes(src)), utf16(&hex_bytes(dst)));
                }
                i += 2;
            }
            Tok::Hex(lo) if section == b"beginbfrange" => {
                let (lo, hi) = (be(&hex_bytes(lo)), match t.get(i + 1) {
                    Some(Tok::Hex(h)) => be(&hex_bytes(h)),
                    _ => break,
                });
                let hi = hi.min(lo.saturating_add(65535));
                match t.get(i + 2) {
                    Some(Tok::Hex(dst)) => {
                        let d = hex_bytes(dst);
                        let base = utf16(&d);
                        let mut chars: Vec<char> = base.chars().collect();
                        for code in lo..=hi {
                            map.insert(code, chars.iter().collect());
                            if let Some(last) = chars.last_mut() {
                                *last = char::from_u32(*last as u32 + 1).unwrap_or(*last);
                            }
                        }
                        i += 3;
                    }
                    Some(Tok::Open) => {
                        let mut k = i + 3;
                        let mut code = lo;
                        while let Some(Tok::Hex(dst)) = t.get(k) {
                            if code <= hi {
                                map.insert(code, utf16(&hex_bytes(dst)));
                            }
                            code += 1;
                            k += 1;
                        }
                        i = k + 1;
                    }
                    _ => i += 3,
                }
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_cmaps_are_read() {
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0003> <4E00> <0004> <2F00> endbfchar\n2 beginbfrange <0010> <0012> <0030> <0020> <0021> [<603B> <8BA1>] endbfrange endcmap";
        let (mut r, mut m) = (Vec::new(), HashMap::new());
        parse_cmap(cmap, &mut r, &mut m);
        assert_eq!(r, vec![(2, 0, 0xFFFF)]);
        assert_eq!(m[&3], "一");
        assert_eq!(m[&0x11], "1");
        assert_eq!(m[&0x21], "计");
        assert_eq!(ordinary('\u{2F00}'), '一');
        assert_eq!(ordinary('\u{2ED3}'), '长');
        assert_eq!(ordinary('\u{F900}'), '豈');
        assert_eq!(ordinary('a'), 'a');
    }

    #[test]
    fn garbage_cmaps_do_not_panic() {
        for b in [&b"<"[..], b"beginbfrange <00> <FFFFFFFF> <00", b"beginbfrange <0000> <0001> [", b"begincodespacerange <00>", b"]]]<<>>%"] {
            let (mut r, mut m) = (Vec::new(), HashMap::new());
            parse_cmap(b, &mut r, &mut m);
        }
    }
}
