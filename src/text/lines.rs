//! Line tokens: what kind a single line is (blank, section heading, table cells, short text,
//! prose) and where its cells are. Looks at one line only, so an edit re-tokenises exactly the
//! lines it touched. Handles both plain-text layouts (TAB-led cell lines, TAB-separated rows)
//! and Markdown pipe tables.

use super::sections::SECTIONS;
use super::{is_space, trimmed};
use std::ops::Range;

#[cfg(test)]
mod reference;

/// The kind of one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    Blank,
    /// One of the six section headings; `section` is 0..=5; `numeral` tells whether it carries
    /// its numeral (`一、`); `numeral_ok` whether that numeral is the right one.
    Heading { section: u8, numeral: bool, numeral_ok: bool },
    /// A table line: TAB-led single cell (layout A), TAB-separated row (layout B) or a Markdown
    /// pipe row.
    Cells,
    /// A Markdown table separator row (`|---|---|`).
    MdSeparator,
    /// A table row whose cells are padded with runs of spaces (text copied from a PDF viewer,
    /// WPS or Word). Never given by [`classify`]: the recogniser (`parse::recognise`) marks it
    /// inside a table it found by the template's labels; cells are split by [`each_spaced_cell`].
    Spaced,
    /// One table cell on a line of its own without a leading TAB (PDF-to-text, or led by
    /// spaces): a cell of layout A. Like [`LineKind::Spaced`], only the recogniser gives it.
    Lone,
    /// A short line without TAB and without sentence-final punctuation: may continue a table
    /// label split over lines (`本年新` ⏎ `制作数量`).
    Short,
    /// Anything else: prose.
    Text,
}

impl LineKind {
    /// One byte, for keeping the kinds of a whole large document (see [`LineKind::from_byte`]).
    pub fn to_byte(self) -> u8 {
        match self {
            LineKind::Blank => 0,
            LineKind::Cells => 1,
            LineKind::MdSeparator => 2,
            LineKind::Short => 3,
            LineKind::Text => 4,
            LineKind::Spaced => 5,
            LineKind::Lone => 6,
            LineKind::Heading { section, numeral, numeral_ok } => 0x80 | (section & 0x1f) << 2 | u8::from(numeral) << 1 | u8::from(numeral_ok),
        }
    }

    /// The kind [`LineKind::to_byte`] made `b` from.
    pub fn from_byte(b: u8) -> LineKind {
        match b {
            0 => LineKind::Blank,
            1 => LineKind::Cells,
            2 => LineKind::MdSeparator,
            3 => LineKind::Short,
            4 => LineKind::Text,
            5 => LineKind::Spaced,
            6 => LineKind::Lone,
            _ => LineKind::Heading { section: (b >> 2) & 0x1f, numeral: b & 2 != 0, numeral_ok: b & 1 != 0 },
        }
    }
}

/// Strip a trailing `\r` (CRLF line endings) and `\n`.
#[inline]
pub fn content(line: &str) -> &str {
    match line.as_bytes().last() {
        Some(b'\n' | b'\r') => line.trim_end_matches(['\n', '\r']),
        // The common case: a line as `parse::lines` gives it, without its break.
        _ => line,
    }
}

/// The next TAB at or after `from`: a plain loop on the short cells of a table (where a
/// `memchr` call costs more than it saves), `memchr` on longer text.
fn find_tab(b: &[u8], from: usize) -> Option<usize> {
    let rest = &b[from..];
    let at = if rest.len() < 32 { rest.iter().position(|&c| c == b'\t') } else { memchr::memchr(b'\t', rest) };
    at.map(|i| from + i)
}

/// Strip Markdown heading and emphasis decoration (from trimmed text).
fn strip_md(s: &str) -> &str {
    if !s.starts_with(['#', '*']) && !s.ends_with('*') {
        return s;
    }
    let s = s.trim_start_matches('#').trim_matches(is_space);
    let s = s.trim_matches('*').trim_matches(is_space);
    s
}

fn is_md_row(t: &str) -> bool {
    t.starts_with('|') && t.len() > 1
}

/// A row joined by ` | ` without a leading pipe (`规章 | 0 | 0 | 0 |`), as HTML-to-text tools
/// and copies from web pages give: it ends with a pipe or holds ` | ` at least twice (once is
/// too little to tell a table row from a sentence that quotes a pipe).
fn is_pipe_row(t: &str) -> bool {
    let b = t.as_bytes();
    if memchr::memchr(b'|', b).is_none() {
        return false;
    }
    (b.len() > 1 && b.last() == Some(&b'|')) || memchr::memmem::find_iter(b, b" | ").nth(1).is_some()
}

/// A delimiter row (`|---|:--:|`): dashes needed, so a row of empty cells (`|  |  |`) is a row.
fn is_md_separator(t: &str) -> bool {
    is_md_row(t) && t.bytes().all(|c| matches!(c, b'|' | b'-' | b':' | b' ' | b'\t')) && t.contains('-')
}

/// The number of characters of `s` (its bytes that are not UTF-8 continuation bytes: a
/// plain loop the compiler vectorises, cheaper than `chars().count()` on short text).
fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| b & 0xc0 != 0x80).count()
}

/// Whether `s` holds a space of [`is_space`] anywhere. Every space is at most U+3000 or is
/// U+FEFF, so CJK text (U+3001 and up) needs no Unicode table lookup.
fn has_space(s: &str) -> bool {
    s.chars().any(|c| (c <= '\u{3000}' || c == '\u{feff}') && is_space(c))
}

/// The numerals a section heading may carry (a wrong one is still a heading, found by its
/// wording): 一 to 十.
fn is_heading_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// Classify a heading line: returns (section, has numeral, numeral is right).
pub fn heading(line: &str) -> Option<(u8, bool, bool)> {
    let t = strip_md(trimmed(line));
    if t.contains('\t') {
        return None;
    }
    heading_stripped(t)
}

/// [`heading`] of a line already trimmed of spaces and stripped of Markdown decoration
/// (`strip_md`), holding no TAB.
fn heading_stripped(t: &str) -> Option<(u8, bool, bool)> {
    // Headings are short: reject long prose before looking at characters.
    if t.is_empty() || t.len() > 160 {
        return None;
    }
    // A stray character before the numeral (`A一、总体情况`, a list marker left by a
    // converter) is skipped, and makes the numeral wrong.
    let (t, stray) = match t.as_bytes()[0].is_ascii_alphanumeric().then(|| t[1..].chars().next()).flatten() {
        Some(c) if is_heading_numeral(c) => (&t[1..], true),
        _ => (t, false),
    };
    let mut chars = t.chars();
    let first = chars.next()?;
    let numeral = match (first, chars.clone().next()) {
        (n, Some('、' | '.' | '．' | '，')) if is_heading_numeral(n) => Some(n),
        _ => None,
    };
    // Quick reject: a heading starts with its numeral and a separator (`一、`), or (without
    // them) is a canonical heading, and every canonical heading ends in 情况 or 事项.
    if numeral.is_none() && !t.ends_with("情况") && !t.ends_with("事项") {
        return None;
    }
    // At most 40 characters (40 bytes hold at most 40).
    if t.len() > 40 && char_count(t) > 40 {
        return None;
    }
    let rest = match numeral {
        Some(_) => {
            chars.next();
            chars.as_str()
        }
        None => t,
    };
    let rest: std::borrow::Cow<'_, str> = if has_space(rest) { rest.chars().filter(|c| !is_space(*c)).collect::<String>().into() } else { rest.into() };
    // The canonical wording holds its section's keywords (a test checks it): most headings
    // are written so, and need no substring search.
    let matches = |i: usize| rest == SECTIONS[i].canonical || SECTIONS[i].keywords.iter().all(|group| group.iter().any(|k| rest.contains(k)));
    match numeral {
        Some(n) => {
            if let Some(idx) = SECTIONS.iter().position(|s| s.numeral == n) {
                if matches(idx) {
                    return Some((idx as u8, true, !stray));
                }
            }
            // A wrong numeral (two 四、, 七、 after 五、): the section is found by its wording —
            // the canonical one, or a heading-like text (short, ending as headings do) that the
            // keywords of exactly one section match.
            if let Some(by_text) = SECTIONS.iter().position(|s| rest == s.canonical) {
                return Some((by_text as u8, true, false));
            }
            let heading_like = char_count(&rest) <= 30 && (rest.ends_with("情况") || rest.ends_with("事项") || rest.ends_with("措施"));
            let mut found = (0..SECTIONS.len()).filter(|&i| matches(i));
            match (heading_like, found.next(), found.next()) {
                (true, Some(i), None) => Some((i as u8, true, false)),
                _ => None,
            }
        }
        None => {
            // Without numeral only the canonical wording counts (seed 004: 主动公开政府信息情况).
            let idx = SECTIONS.iter().position(|s| rest == s.canonical || (rest.len() <= 60 && s.canonical.len() > 9 && rest.ends_with(s.canonical) && rest.len() - s.canonical.len() <= 24 && rest.starts_with("政府信息公开")))?;
            Some((idx as u8, false, false))
        }
    }
}

/// Classify one line (without its line break). The commonest lines are told by their first
/// byte alone: a TAB-led cell of layout A (a TAB anywhere makes a table line) and an empty
/// line.
#[inline]
pub fn classify(line: &str) -> LineKind {
    match line.as_bytes().first() {
        Some(b'\t') => LineKind::Cells,
        None => LineKind::Blank,
        Some(_) => classify_rest(line),
    }
}

/// [`classify`] of a line that is not empty and does not start with a TAB.
fn classify_rest(line: &str) -> LineKind {
    let line = content(line);
    // A TAB anywhere makes a table line (layout B rows). (A lone TAB is an empty cell in
    // layout A, not a blank line.) Prose has neither TAB nor pipe: one look for both.
    let b = line.as_bytes();
    let pipe = match if b.len() < 32 { b.iter().position(|&c| c == b'\t' || c == b'|') } else { memchr::memchr2(b'\t', b'|', b) } {
        None => false,
        Some(i) if b[i] == b'\t' => return LineKind::Cells,
        Some(i) => {
            if has_tab(&b[i + 1..]) {
                return LineKind::Cells;
            }
            true
        }
    };
    let t = trimmed(line);
    if t.is_empty() {
        return LineKind::Blank;
    }
    if pipe && is_md_row(t) {
        return if is_md_separator(t) { LineKind::MdSeparator } else { LineKind::Cells };
    }
    if pipe && is_pipe_row(t) {
        return LineKind::Cells;
    }
    if let Some((section, numeral, numeral_ok)) = heading_stripped(strip_md(t)) {
        return LineKind::Heading { section, numeral, numeral_ok };
    }
    // At most 16 characters (16 bytes hold at most 16; a character is at most four bytes).
    let short = t.len() <= 16 || (t.len() <= 64 && char_count(t) <= 16);
    if short && !t.ends_with(['。', '；', ';', '：', ':', '！', '？', '.', '，']) {
        return LineKind::Short;
    }
    LineKind::Text
}

/// The cells of a `Cells` line: byte ranges inside the line of each cell's content (trimmed;
/// an empty cell is a zero-width range where a value would be inserted). The flag is true for
/// a layout-A single-cell line (one leading TAB and nothing else to split).
pub fn cells(line: &str) -> (Vec<Range<usize>>, bool) {
    let mut out = Vec::new();
    let single = each_cell(line, |r| out.push(r));
    (out, single)
}

/// The same as [`cells`], handing each range to `f` instead of collecting them (table parsing
/// calls this for every line of a table).
#[inline]
pub fn each_cell(line: &str, mut f: impl FnMut(Range<usize>)) -> bool {
    // The commonest lines of a table by far: one TAB-led cell holding a number, or nothing
    // (layout A). Nothing to trim or split (with a line break left on, the general way below
    // finds the same cell).
    let b = line.as_bytes();
    if b.first() == Some(&b'\t') && b[1..].iter().all(u8::is_ascii_digit) {
        f(1..b.len());
        return true;
    }
    let line = content(line);
    let b = line.as_bytes();
    let lead = super::leading_space(line);
    if b.get(lead) == Some(&b'|') {
        let t = &line[lead..super::trim_bounds(line).1];
        if is_md_row(t) {
            pipe_cells(line, lead, t, f);
            return false;
        }
    }
    // Most table lines start with their first TAB.
    let mut next = if b.first() == Some(&b'\t') { Some(0) } else { find_tab(b, 0) };
    if next.is_none() {
        let t = &line[lead..super::trim_bounds(line).1];
        if is_pipe_row(t) {
            pipe_cells(line, lead, t, f);
            return false;
        }
    }
    if next == Some(0) && !has_tab(b.get(1..).unwrap_or_default()) {
        f(trim_range(line, 1, line.len()));
        return true;
    }
    let mut from = 0;
    while let Some(tab) = next {
        f(trim_range(line, from, tab));
        from = tab + 1;
        next = find_tab(b, from);
    }
    f(trim_range(line, from, b.len()));
    false
}

/// The cells of a pipe row `t` (trimmed, starting at byte `lead` of `line`): the text between
/// pipes, without the leading and trailing pipe.
#[cold]
#[inline(never)]
fn pipe_cells(line: &str, lead: usize, t: &str, mut f: impl FnMut(Range<usize>)) {
    let mut body = t.strip_prefix('|').unwrap_or(t);
    let mut off = lead + (t.len() - body.len());
    if body.ends_with('|') {
        body = &body[..body.len() - 1];
    }
    for part in body.split('|') {
        f(trim_range(line, off, off + part.len()));
        off += part.len() + 1;
    }
}

/// The cells of a [`LineKind::Spaced`] line: the parts between runs of two or more spaces (a
/// single U+3000 counts as two: it is as wide), trimmed; a single space stays inside a cell
/// (`总 计`, `2 笔`). A part made of numbers separated by single spaces (`0 0 0`) is split
/// into its numbers. Returns how many cells there were.
pub fn each_spaced_cell(line: &str, mut f: impl FnMut(Range<usize>)) -> usize {
    let line = content(line);
    let b = line.as_bytes();
    let mut n = 0;
    let mut part = |a: usize, e: usize, f: &mut dyn FnMut(Range<usize>)| {
        let (x, y) = super::trim_bytes(&b[a..e]);
        if y <= x {
            return;
        }
        let (a, e) = (a + x, a + y);
        let text = &line[a..e];
        if text.contains(' ') && text.split(' ').all(|w| !w.is_empty() && w.bytes().all(|c| c.is_ascii_digit() || c == b'.')) {
            let mut off = a;
            for w in text.split(' ') {
                f(off..off + w.len());
                n += 1;
                off += w.len() + 1;
            }
        } else {
            f(a..e);
            n += 1;
        }
    };
    let (mut i, mut start) = (0, 0);
    while i < b.len() {
        let len = super::space_len_at(b, i);
        if len == 0 {
            i += 1;
            continue;
        }
        // A run of spaces from `i`: its characters and its end.
        let (mut chars, mut end, mut wide) = (0, i, false);
        loop {
            match super::space_len_at(b, end) {
                0 => break,
                l => {
                    wide |= l == 3 && b[end] == 0xe3;
                    chars += 1;
                    end += l;
                }
            }
        }
        if chars >= 2 || wide {
            part(start, i, &mut f);
            start = end;
        }
        i = end;
    }
    part(start, b.len(), &mut f);
    n
}

/// Trim spaces inside `line[start..end]`; an all-space range collapses to `start`.
fn trim_range(line: &str, start: usize, end: usize) -> Range<usize> {
    let (a, b) = super::trim_bytes(line.as_bytes().get(start..end).unwrap_or_default());
    if b <= a {
        // Insert right after the delimiter, before any padding.
        return start..start;
    }
    start + a..start + b
}

/// Whether `b` holds a TAB: eight bytes at a time on short text (the rest of a layout-A cell
/// line, looked through in full), `memchr` on longer text.
fn has_tab(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    if b.len() >= 32 {
        return memchr::memchr(b'\t', b).is_some();
    }
    let mut words = b.chunks_exact(8);
    for word in &mut words {
        let Ok(word) = <[u8; 8]>::try_from(word) else { break };
        // Some byte of `x` is zero exactly when the word holds a TAB.
        let x = u64::from_ne_bytes(word) ^ (ONES * u64::from(b'\t'));
        if x.wrapping_sub(ONES) & !x & (ONES << 7) != 0 {
            return true;
        }
    }
    words.remainder().contains(&b'\t')
}

#[cfg(test)]
mod tab_tests {
    proptest::proptest! {
        #[test]
        fn has_tab_is_contains(parts in proptest::collection::vec(proptest::sample::select(vec!["\t", "a", "\u{3000}", "\u{89}", "1", "\u{9}\u{9}", "x".repeat(9).leak()]), 0..12)) {
            let b = parts.concat().into_bytes();
            proptest::prop_assert_eq!(super::has_tab(&b), b.contains(&b'\t'));
        }
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    #[test]
    fn canonical_headings_hold_their_keywords() {
        // `heading_stripped` takes a canonical heading's keywords as matched.
        for s in SECTIONS {
            assert!(s.keywords.iter().all(|group| group.iter().any(|k| s.canonical.contains(k))), "{}", s.canonical);
        }
    }

    #[test]
    fn kinds_round_trip_through_a_byte() {
        let mut all = vec![LineKind::Blank, LineKind::Cells, LineKind::MdSeparator, LineKind::Short, LineKind::Text, LineKind::Spaced, LineKind::Lone];
        for section in 0..6 {
            for (numeral, numeral_ok) in [(false, false), (true, false), (true, true)] {
                all.push(LineKind::Heading { section, numeral, numeral_ok });
            }
        }
        assert!(all.iter().all(|k| LineKind::from_byte(k.to_byte()) == *k));
    }

    #[test]
    fn canonical_headings_pass_the_quick_reject() {
        assert!(SECTIONS.iter().all(|s| s.canonical.ends_with("情况") || s.canonical.ends_with("事项")));
    }

    #[test]
    fn headings() {
        assert_eq!(classify("一、总体情况"), LineKind::Heading { section: 0, numeral: true, numeral_ok: true });
        assert_eq!(classify("四、政府信息公开行政复议、行政诉讼情况\u{a0}\u{a0}"), LineKind::Heading { section: 3, numeral: true, numeral_ok: true });
        assert_eq!(classify("主动公开政府信息情况"), LineKind::Heading { section: 1, numeral: false, numeral_ok: false });
        assert_eq!(classify("## 三、收到和处理政府信息公开申请情况"), LineKind::Heading { section: 2, numeral: true, numeral_ok: true });
        assert_eq!(classify("五、政府信息公开工作存在的主要问题及改进情况"), LineKind::Heading { section: 4, numeral: true, numeral_ok: true });
        assert_eq!(classify("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"), LineKind::Heading { section: 3, numeral: true, numeral_ok: true });
        // Table rows in layout B contain TABs, so they are never headings.
        assert_eq!(classify("一、本年新收政府信息公开申请数量\t\t0"), LineKind::Cells);
        assert_eq!(classify("二是存在工作动态更新不及时的情况。"), LineKind::Text);
        assert_eq!(classify("不予公开"), LineKind::Short);
        // Misnumbered headings are found by their wording, with the numeral marked wrong.
        assert_eq!(classify("A一、总体情况"), LineKind::Heading { section: 0, numeral: true, numeral_ok: false });
        assert_eq!(classify("四、存在的主要问题及改进情况"), LineKind::Heading { section: 4, numeral: true, numeral_ok: false });
        assert_eq!(classify("七、其他需要报告的事项"), LineKind::Heading { section: 5, numeral: true, numeral_ok: false });
        assert_eq!(classify("四、存在的主要问题及整改措施"), LineKind::Heading { section: 4, numeral: true, numeral_ok: false });
        // Table-3 row labels and numbered prose are not headings.
        for l in ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果", "四、结转下年度继续办理", "二、认真处理群众的申请，及时答复。"] {
            assert!(!matches!(classify(l), LineKind::Heading { .. }), "{l}");
        }
        assert_eq!(classify("| a | b |"), LineKind::Cells);
        assert_eq!(classify("|---|:-:|"), LineKind::MdSeparator);
    }

    /// The plain definition `each_cell` must agree with: split on `|` or TAB, trim each part.
    fn reference_cells(line: &str) -> (Vec<Range<usize>>, bool) {
        let line = line.trim_end_matches(['\n', '\r']);
        let trim = |a: usize, b: usize| {
            let s = &line[a..b];
            let x = s.len() - s.trim_start_matches(is_space).len();
            let y = s.trim_end_matches(is_space).len();
            if y <= x { a..a } else { a + x..a + y }
        };
        let t = line.trim_matches(is_space);
        let lead = line.len() - line.trim_start_matches(is_space).len();
        let mut out = Vec::new();
        if t.starts_with('|') && t.len() > 1 {
            let body = t[1..].strip_suffix('|').unwrap_or(&t[1..]);
            let mut off = lead + 1;
            for part in body.split('|') {
                out.push(trim(off, off + part.len()));
                off += part.len() + 1;
            }
            return (out, false);
        }
        if !line.contains('\t') && ((t.len() > 1 && t.ends_with('|')) || t.matches(" | ").count() >= 2) {
            let body = t.strip_suffix('|').unwrap_or(t);
            let mut off = lead;
            for part in body.split('|') {
                out.push(trim(off, off + part.len()));
                off += part.len() + 1;
            }
            return (out, false);
        }
        if line.matches('\t').count() == 1 && line.starts_with('\t') {
            return (vec![trim(1, line.len())], true);
        }
        let mut off = 0;
        for part in line.split('\t') {
            out.push(trim(off, off + part.len()));
            off += part.len() + 1;
        }
        (out, false)
    }

    proptest::proptest! {
        #[test]
        fn cells_agree_with_the_plain_definition(parts in proptest::collection::vec(proptest::sample::select(vec!["\t", "|", " ", "\u{3000}", "\u{a0}", "12", "总计", "-", "\r", "\n", "x".repeat(40).leak()]), 0..12)) {
            let line = parts.concat();
            proptest::prop_assert_eq!(cells(&line), reference_cells(&line));
        }
    }

    #[test]
    fn cells_in_each_layout() {
        let l = "\t41";
        assert_eq!(cells(l), (vec![1..3], true));
        let l = "\t";
        assert_eq!(cells(l), (vec![1..1], true));
        let l = "规章\t0\t\u{a0}0 \t";
        let (c, single) = cells(l);
        assert!(!single);
        let texts: Vec<&str> = c.iter().map(|r| &l[r.clone()]).collect();
        assert_eq!(texts, vec!["规章", "0", "0", ""]);
        let l = "| 规章 | 0 |  |\r";
        let (c, _) = cells(l);
        let texts: Vec<&str> = c.iter().map(|r| &l[r.clone()]).collect();
        assert_eq!(texts, vec!["规章", "0", ""]);
        let l = "规章 | 0 | 2 |";
        assert_eq!(classify(l), LineKind::Cells);
        let (c, _) = cells(l);
        let texts: Vec<&str> = c.iter().map(|r| &l[r.clone()]).collect();
        assert_eq!(texts, vec!["规章", "0", "2"]);
        // One ` | ` in a sentence is not a table row.
        assert_eq!(classify("本栏目 | 其他说明，详见附件。"), LineKind::Text);
    }

    fn spaced(line: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let n = each_spaced_cell(line, |r| out.push(&line[r]));
        assert_eq!(n, out.len());
        out
    }

    #[test]
    fn space_padded_cells() {
        assert_eq!(spaced("规章    0    0    0"), vec!["规章", "0", "0", "0"]);
        assert_eq!(spaced("    （三）不予公开    1.属于国家秘密    0  0"), vec!["（三）不予公开", "1.属于国家秘密", "0", "0"]);
        // Single spaces stay inside a label; numbers separated by single spaces are split.
        assert_eq!(spaced("总 计  4 笔   0 0 12"), vec!["总 计", "4 笔", "0", "0", "12"]);
        // U+3000 is as wide as two spaces; NBSP padding is trimmed.
        assert_eq!(spaced("行政许可\u{3000}550\u{a0}\u{a0}3"), vec!["行政许可", "550", "3"]);
        assert_eq!(spaced("   "), Vec::<&str>::new());
        assert_eq!(spaced("自然人"), vec!["自然人"]);
    }
}
