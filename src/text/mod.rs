//! Text primitives: label normalisation, cell-number parsing, Chinese numerals and a label
//! similarity measure. Pure functions over `&str`; no knowledge of reports. Its child `lines`
//! reads one line at a time, and knows the six section headings (`sections`) to tell a heading.

mod numerals;
pub use numerals::{number_like, parse_cn_number};
pub mod lines;
pub mod sections;

use crate::finding::Num;
use std::ops::Range;

/// True for the spaces real reports put in and around cells: ASCII whitespace, NBSP, U+3000,
/// zero-width characters and the BOM.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{3000}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}')
}

/// Byte bounds `(a, b)` of `s` without the leading and trailing spaces of [`is_space`]
/// (`a == b` when all is space). Looks at bytes only (see [`trim_bytes`]), so it costs a few
/// instructions on the short cells of a table.
#[inline]
pub fn trim_bounds(s: &str) -> (usize, usize) {
    trim_bytes(s.as_bytes())
}

/// Whether `a` and `b` are the same text, usable in constants (`==` on `str` is not `const`):
/// lets a table's index constants be found by name at compile time.
pub const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut k = 0;
    while k < a.len() {
        if a[k] != b[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// [`trim_bounds`] of the bytes of a `str`, or of a piece of one cut at ASCII bytes (a TAB-
/// or `|`-separated cell).
#[inline]
pub fn trim_bytes(b: &[u8]) -> (usize, usize) {
    let a = leading_bytes(b);
    let mut e = b.len();
    while e > a {
        match space_before(b, e) {
            0 => break,
            n => e -= n,
        }
    }
    (a, e.max(a))
}

/// The byte length of the space character of [`is_space`] that ends at byte `e` of `b` (a
/// char boundary), or 0 when there is none.
#[inline(always)]
fn space_before(b: &[u8], e: usize) -> usize {
    match b.get(e.wrapping_sub(1)) {
        None => 0,
        Some(&l) if l < 0x80 => usize::from(matches!(l, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)),
        // The last byte of a two- or three-byte space (every non-ASCII space is one of those).
        Some(0x85 | 0xa0) if e >= 2 && b[e - 2] == 0xc2 => 2,
        Some(_) if e >= 3 && space_len(b, e - 3) == 3 => 3,
        Some(_) => 0,
    }
}

/// `s` without its leading and trailing spaces of [`is_space`].
#[inline]
pub fn trimmed(s: &str) -> &str {
    let (a, b) = trim_bounds(s);
    &s[a..b]
}

/// The byte length of the leading spaces of [`is_space`] in `s`.
#[inline]
pub fn leading_space(s: &str) -> usize {
    leading_bytes(s.as_bytes())
}

/// [`leading_space`] of the bytes of a `str`.
#[inline]
fn leading_bytes(b: &[u8]) -> usize {
    let mut a = 0;
    while a < b.len() {
        match space_len(b, a) {
            0 => break,
            n => a += n,
        }
    }
    a
}

/// The byte length of the space character of [`is_space`] whose UTF-8 encoding starts at
/// byte `i` of `b`, or 0 when there is none. Compares bytes, never decodes: the non-ASCII
/// spaces are U+0085, U+00A0, U+1680, U+2000–U+200D, U+2028, U+2029, U+202F, U+205F,
/// U+3000 and U+FEFF (a test checks this against `is_space` for every character).
#[inline(always)]
fn space_len(b: &[u8], i: usize) -> usize {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match at(0) {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => 1,
        0xc2 if matches!(at(1), 0x85 | 0xa0) => 2,
        0xe1 if at(1) == 0x9a && at(2) == 0x80 => 3,
        0xe2 if at(1) == 0x80 && matches!(at(2), 0x80..=0x8d | 0xa8 | 0xa9 | 0xaf) => 3,
        0xe2 if at(1) == 0x81 && at(2) == 0x9f => 3,
        0xe3 if at(1) == 0x80 && at(2) == 0x80 => 3,
        0xef if at(1) == 0xbb && at(2) == 0xbf => 3,
        _ => 0,
    }
}

/// The byte length of the space character of [`is_space`] at byte `i` of `b` (0 when none).
#[inline]
pub fn space_len_at(b: &[u8], i: usize) -> usize {
    space_len(b, i)
}

/// Map one character to its normalised form: full-width ASCII to ASCII (digits, brackets,
/// `．`→`.`), and a few look-alikes. Returns `None` for characters that normalisation drops.
pub fn norm_char(c: char) -> Option<char> {
    if is_space(c) {
        return None;
    }
    Some(match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '—' | '–' | '−' => '-',
        _ => c,
    })
}

/// Normalise a label for comparison: drop all spaces, full-width ASCII to ASCII, and strip the
/// `[bookmark: …]` artefacts of Word extraction.
pub fn norm_label(s: &str) -> String {
    // Most labels and titles are CJK ideographs (U+4000–U+9FFF, lead bytes E4–E9) and visible
    // ASCII other than `[`, which `norm_char` keeps as they are: copied whole.
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        i += match c {
            0x21..=0x7e if c != b'[' => 1,
            0xe4..=0xe9 => 3,
            _ => break,
        };
    }
    if i >= b.len() {
        return s.to_string();
    }
    let s = strip_artifacts(s);
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().filter_map(norm_char));
    out
}

/// Remove `[bookmark: _GoBack]`-style extraction artefacts.
pub fn strip_artifacts(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.as_bytes().contains(&b'[') {
        return std::borrow::Cow::Borrowed(s);
    }
    if let Some(i) = s.find("[bookmark:") {
        if let Some(j) = s[i..].find(']') {
            let mut out = String::with_capacity(s.len());
            out.push_str(&s[..i]);
            out.push_str(&s[i + j + 1..]);
            return std::borrow::Cow::Owned(strip_artifacts(&out).into_owned());
        }
    }
    std::borrow::Cow::Borrowed(s)
}

/// Units a number in a cell may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Yuan,
    Wan,
    WanYuan,
    YiYuan,
    /// A count unit: 件, 个, 项, 条, 次, 宗, 笔, 份, 起, 例 (the number is used; a count cell
    /// gets a `value_unit` warning).
    Count,
}

impl Unit {
    /// The power of ten that turns an amount in this unit into 元.
    pub fn yuan_pow10(self) -> u32 {
        match self {
            Unit::Yuan | Unit::Count => 0,
            Unit::Wan | Unit::WanYuan => 4,
            Unit::YiYuan => 8,
        }
    }
}

/// A byte range inside a cell's text (a `Copy` stand-in for `Range<u32>`, so that a
/// [`CellValue`] is copied, not cloned variant by variant, on its way into the report model).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CellRange {
    pub start: u32,
    pub end: u32,
}

/// What a table cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CellValue {
    /// Nothing in the cell.
    Blank,
    /// `/`, `-`, `—`, `无`, `——`: a placeholder, not a number.
    Placeholder,
    /// A number. `range` is the byte range of the numeric token inside the cell text (what a
    /// fix replaces); `decimal` tells that it had a fractional part.
    Number { value: Num, unit: Option<Unit>, range: CellRange, decimal: bool, negative: bool },
    /// Too many digits for a 64-bit count.
    Overflow,
    /// Anything else.
    Invalid,
}

impl CellValue {
    /// The integer value, if this is a whole number.
    pub fn int(&self) -> Option<i64> {
        match self {
            CellValue::Number { value: Num::Int(i), .. } => Some(*i),
            _ => None,
        }
    }
    pub fn is_number(&self) -> bool {
        matches!(self, CellValue::Number { .. })
    }
}

/// Parse a cell whose text is already trimmed (as table parsing gives it): the same result as
/// [`parse_cell`], with the commonest cells (blank, digits, label text) decided at once.
#[inline(always)]
pub fn parse_trimmed_cell(text: &str) -> CellValue {
    trimmed_cell(text.as_bytes(), || text)
}

/// [`parse_trimmed_cell`] of `line[r]`, a trimmed cell of a line (as the cell splitter gives
/// them): the commonest cells are decided on the bytes, without cutting the line.
#[inline(always)]
pub fn parse_cell_of(line: &str, r: Range<usize>) -> CellValue {
    trimmed_cell(line.as_bytes().get(r.clone()).unwrap_or_default(), || line.get(r).unwrap_or(""))
}

/// [`parse_trimmed_cell`] of the bytes `b` of a trimmed text, which `text` gives when needed.
#[inline(always)]
fn trimmed_cell<'a>(b: &[u8], text: impl FnOnce() -> &'a str) -> CellValue {
    match b.first() {
        None => CellValue::Blank,
        Some(b'0'..=b'9') => match ascii_int(b) {
            Some(v) => v,
            None if numbered_label(b) => CellValue::Invalid,
            None => parse_cell(text()),
        },
        // CJK text (lead bytes E4–E9) is never a number, placeholder (无 is E6 97 A0) or space.
        Some(0xe4 | 0xe5 | 0xe7..=0xe9) => CellValue::Invalid,
        _ => {
            let text = text();
            if starts_number(text) {
                parse_cell(text)
            } else {
                CellValue::Invalid
            }
        }
    }
}

/// Whether digit-led `b` is sure to be label text such as `1.属于国家秘密`: after its leading
/// ASCII digits, points and commas (as much as [`parse_cell`] can read as the number, unless a
/// full-width digit or point follows them) come more bytes than a unit suffix may take (16).
#[inline]
fn numbered_label(b: &[u8]) -> bool {
    let num = b.iter().take_while(|c| matches!(c, b'0'..=b'9' | b'.' | b',')).count();
    b.len() - num > 16 && b.get(num) != Some(&0xef)
}

/// Whether `text` starts with a character a number, sign or placeholder may start with (what
/// [`parse_cell`] asks of the first character after the spaces).
#[inline]
fn starts_number(text: &str) -> bool {
    matches!(text.chars().next(), Some('0'..='9' | '０'..='９' | '-' | '－' | '−' | '+' | '＋' | '/' | '／' | '—' | '–' | '无' | '\\'))
}

/// The cell value of `b` when it is 1 to 18 ASCII digits (no overflow possible), read in one
/// pass; `None` for anything else.
#[inline(always)]
fn ascii_int(b: &[u8]) -> Option<CellValue> {
    if b.is_empty() || b.len() > 18 {
        return None;
    }
    let mut v = 0i64;
    for &d in b {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (d - b'0') as i64;
    }
    Some(CellValue::Number { value: Num::Int(v), unit: None, range: CellRange { start: 0, end: b.len() as u32 }, decimal: false, negative: false })
}

/// Parse a table cell (already trimmed or not). Accepts NBSP/U+3000 padding, full-width
/// digits, `．`, thousands separators, a sign, and a unit suffix.
pub fn parse_cell(text: &str) -> CellValue {
    // Fast path: plain ASCII digits, the common case.
    if let Some(v) = ascii_int(text.as_bytes()) {
        return v;
    }
    // Find the content bounds, skipping spaces.
    let (start, end) = trim_bounds(text);
    if start == end {
        return CellValue::Blank;
    }
    let body = &text[start..end];
    // Fast path: label text. A number, sign or placeholder never starts with anything else.
    if !starts_number(body) {
        return CellValue::Invalid;
    }
    if matches!(body, "/" | "／" | "-" | "－" | "—" | "——" | "–" | "无" | "\\") {
        return CellValue::Placeholder;
    }
    let mut chars = body.char_indices().peekable();
    let mut negative = false;
    let mut num_start = start;
    if let Some(&(_, c)) = chars.peek() {
        if matches!(c, '-' | '－' | '−' | '+' | '＋') {
            negative = matches!(c, '-' | '－' | '−');
            chars.next();
        }
    }
    let mut int_part: i128 = 0;
    let mut frac: i128 = 0;
    let mut frac_digits = 0u32;
    let mut seen_digit = false;
    let mut seen_point = false;
    let mut overflow = false;
    let mut num_end = start;
    let mut rest_at = body.len();
    while let Some(&(i, c)) = chars.peek() {
        let d = match c {
            '0'..='9' => Some(c as u32 - '0' as u32),
            '０'..='９' => Some(c as u32 - '０' as u32),
            _ => None,
        };
        if let Some(d) = d {
            seen_digit = true;
            if seen_point {
                // Every digit is kept (`Dec`); past its 18 places only zeros may follow.
                if frac_digits < crate::decimal::MAX_SCALE {
                    frac = frac * 10 + d as i128;
                    frac_digits += 1;
                } else if d != 0 {
                    overflow = true;
                }
            } else {
                int_part = int_part * 10 + d as i128;
                if int_part > i64::MAX as i128 {
                    overflow = true;
                    int_part = i64::MAX as i128;
                }
            }
            num_end = start + i + c.len_utf8();
        } else if (c == '.' || c == '．') && !seen_point && seen_digit {
            seen_point = true;
        } else if (c == ',' || c == '，') && seen_digit && !seen_point {
            // thousands separator: only when followed by a digit
            let mut look = chars.clone();
            look.next();
            if !matches!(look.peek(), Some((_, '0'..='9'))) {
                rest_at = i;
                break;
            }
        } else {
            rest_at = i;
            break;
        }
        chars.next();
    }
    if let Some((i, _)) = chars.peek() {
        rest_at = rest_at.min(*i);
    }
    if !seen_digit {
        return CellValue::Invalid;
    }
    if body.starts_with(['-', '－', '−', '+', '＋']) {
        num_start = start;
    }
    let rest = &body[rest_at.min(body.len())..];
    // The longest unit (亿元) with spaces between and around is far shorter: label text such
    // as 1.属于国家秘密 stops here.
    if rest.len() > 16 {
        return CellValue::Invalid;
    }
    let rest: std::borrow::Cow<'_, str> = if rest.chars().any(is_space) { rest.chars().filter(|c| !is_space(*c)).collect::<String>().into() } else { rest.into() };
    let unit = match &*rest {
        "" => None,
        "元" => Some(Unit::Yuan),
        "万" => Some(Unit::Wan),
        "万元" => Some(Unit::WanYuan),
        "亿元" => Some(Unit::YiYuan),
        "件" | "个" | "项" | "条" | "次" | "宗" | "笔" | "份" | "起" | "例" => Some(Unit::Count),
        _ => return CellValue::Invalid,
    };
    if overflow {
        return CellValue::Overflow;
    }
    let sign: i128 = if negative { -1 } else { 1 };
    let value = if seen_point && frac != 0 {
        let mantissa = (int_part * 10i128.pow(frac_digits) + frac) * sign;
        match i64::try_from(mantissa).ok().and_then(|m| crate::decimal::Exact::new(m, frac_digits)) {
            Some(e) => Num::from(e),
            None => return CellValue::Overflow,
        }
    } else {
        Num::Int((int_part * sign) as i64)
    };
    let decimal = matches!(value, Num::Dec(_));
    CellValue::Number { value, unit, range: CellRange { start: num_start as u32, end: num_end as u32 }, decimal, negative }
}

/// Similarity of two normalised labels in [0, 1]: 2·LCS / (|a| + |b|) over characters.
pub fn similarity(a: &str, b: &str) -> f32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut prev = vec![0u16; b.len() + 1];
    let mut cur = vec![0u16; b.len() + 1];
    for &ca in &a {
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    2.0 * prev[b.len()] as f32 / (a.len() + b.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::Exact;

    fn num(s: &str) -> Option<Num> {
        match parse_cell(s) {
            CellValue::Number { value, .. } => Some(value),
            _ => None,
        }
    }

    #[test]
    fn parses_real_cells() {
        assert_eq!(num("41"), Some(Num::Int(41)));
        assert_eq!(num("\u{a0}0"), Some(Num::Int(0)));
        assert_eq!(num("0\u{a0}"), Some(Num::Int(0)));
        assert_eq!(num("４１"), Some(Num::Int(41)));
        assert_eq!(num("1,234"), Some(Num::Int(1234)));
        assert_eq!(num("-3"), Some(Num::Int(-3)));
        assert_eq!(num("－3"), Some(Num::Int(-3)));
        assert_eq!(num("230.37万"), Some(Num::from(Exact::new(23_037, 2).unwrap())));
        assert_eq!(num("24252.311082"), Some(Num::from(Exact::new(24_252_311_082, 6).unwrap())), "every digit kept");
        assert_eq!(num("4166.2416190"), Some(Num::from(Exact::new(4_166_241_619, 6).unwrap())));
        assert_eq!(num("0.000000000000000001"), Some(Num::from(Exact::new(1, 18).unwrap())));
        assert_eq!(num("1.0000000000000000000000"), Some(Num::Int(1)), "zeros past 18 places");
        assert_eq!(parse_cell("0.0000000000000000001"), CellValue::Overflow, "a digit past 18 places");
        assert_eq!(parse_cell("99999999999.99999999"), CellValue::Overflow, "past 64 bits");
        assert_eq!(num("5.0"), Some(Num::Int(5)));
        assert!(matches!(parse_cell("169935元"), CellValue::Number { unit: Some(Unit::Yuan), .. }));
        assert!(matches!(parse_cell("26.8万元"), CellValue::Number { unit: Some(Unit::WanYuan), .. }));
        assert_eq!(parse_cell(""), CellValue::Blank);
        assert_eq!(parse_cell(" \u{3000}"), CellValue::Blank);
        assert_eq!(parse_cell("/"), CellValue::Placeholder);
        assert_eq!(parse_cell("—"), CellValue::Placeholder);
        assert_eq!(parse_cell("abc"), CellValue::Invalid);
        assert_eq!(parse_cell("12abc"), CellValue::Invalid);
        assert_eq!(parse_cell("99999999999999999999999"), CellValue::Overflow);
    }

    #[test]
    fn space_len_is_is_space_for_every_character() {
        for c in '\0'..=char::MAX {
            let s = format!("{c}\u{80}\u{3000}");
            assert_eq!(space_len(s.as_bytes(), 0), if is_space(c) { c.len_utf8() } else { 0 }, "{:x}", c as u32);
            assert_eq!(space_len(&s.as_bytes()[..c.len_utf8()], 0), if is_space(c) { c.len_utf8() } else { 0 });
        }
    }

    /// Characters that matter to trimming and cell parsing, mixed with ordinary text.
    fn cell_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = prop::sample::select(vec![
            " ", "\t", "\u{a0}", "\u{3000}", "\u{200b}", "\u{feff}", "\u{85}", "\u{2028}", "\u{1680}", "0", "7", "４", ".", "．", ",", "-", "－", "+",
            "/", "—", "无", "万", "元", "件", "总计", "（七）", "a", "é", "\u{20000}", "(", "１", "−", "–", "／", "＋", "\\", "亿", "、", "，", "属于国家秘密", "1.属于国家秘", "２.", "ab".repeat(8).leak(),
        ]);
        prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        /// The copy of a plain label gives what normalising it character by character gives.
        #[test]
        fn norm_label_is_norm_char_of_each_character(s in "[a-z0-9\\[\\] 总计申请人民政府局䀀鿿\u{3000}\u{a0}【】〔〕—－１Ａ：:(（)）\t]{0,12}") {
            let want: String = strip_artifacts(&s).chars().filter_map(norm_char).collect();
            proptest::prop_assert_eq!(norm_label(&s), want);
        }

        #[test]
        fn trim_bounds_is_trim_matches(s in cell_text()) {
            let (a, b) = trim_bounds(&s);
            let t = s.trim_matches(is_space);
            proptest::prop_assert_eq!(&s[a..b], t);
            proptest::prop_assert_eq!(a, s.len() - s.trim_start_matches(is_space).len());
        }

        #[test]
        fn trimmed_cell_parses_as_any_cell(s in cell_text()) {
            let t = s.trim_matches(is_space);
            proptest::prop_assert_eq!(parse_trimmed_cell(t), parse_cell(t));
            let line = format!("\t{t}\t");
            proptest::prop_assert_eq!(parse_cell_of(&line, 1..1 + t.len()), parse_cell(t));
        }
    }

    #[test]
    fn number_range_points_at_digits() {
        let s = "\u{a0}230.37万";
        match parse_cell(s) {
            CellValue::Number { range, .. } => assert_eq!(&s[range.start as usize..range.end as usize], "230.37"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(parse_cn_number("两"), Some(2));
        assert_eq!(parse_cn_number("十二"), Some(12));
        assert_eq!(parse_cn_number("一百零五"), Some(105));
        assert_eq!(parse_cn_number("三千二百"), Some(3200));
        assert_eq!(parse_cn_number("41"), Some(41));
        assert_eq!(parse_cn_number("个"), None);
    }

    #[test]
    fn labels_normalise() {
        assert_eq!(norm_label("（七） 总计"), "(七)总计");
        assert_eq!(norm_label("1．属于国家秘密"), "1.属于国家秘密");
        assert_eq!(norm_label("[bookmark: _GoBack]总 计"), "总计");
        assert!(similarity("其他法律行政止公开", "其他法律行政法规禁止公开") > 0.8);
    }
}
