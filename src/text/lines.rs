//! Line tokens: what kind a single line is (blank, section heading, table cells, short text,
//! prose) and where its cells are. Looks at one line only, so an edit re-tokenises exactly the
//! lines it touched. Handles both plain-text layouts (TAB-led cell lines, TAB-separated rows)
//! and Markdown pipe tables.

use super::is_space;
use crate::template::SECTIONS;
use std::ops::Range;

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
    /// A short line without TAB and without sentence-final punctuation: may continue a table
    /// label split over lines (`本年新` ⏎ `制作数量`).
    Short,
    /// Anything else: prose.
    Text,
}

/// Strip a trailing `\r` (CRLF line endings) and `\n`.
pub fn content(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r'])
}

fn trimmed(line: &str) -> &str {
    line.trim_matches(is_space)
}

/// Strip Markdown heading and emphasis decoration.
fn strip_md(s: &str) -> &str {
    let s = s.trim_start_matches('#').trim_matches(is_space);
    let s = s.trim_matches('*').trim_matches(is_space);
    s
}

fn is_md_row(t: &str) -> bool {
    t.starts_with('|') && t.len() > 1
}

fn is_md_separator(t: &str) -> bool {
    is_md_row(t) && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Classify a heading line: returns (section, has numeral, numeral is right).
pub fn heading(line: &str) -> Option<(u8, bool, bool)> {
    let t = strip_md(trimmed(line));
    // Headings are short: reject long prose before counting characters.
    if t.is_empty() || t.len() > 160 || t.contains('\t') || t.chars().count() > 40 {
        return None;
    }
    let mut chars = t.chars();
    let first = chars.next()?;
    // Quick reject: a heading starts with its numeral, or (without one) ends like every
    // canonical heading does.
    if !matches!(first, '一' | '二' | '三' | '四' | '五' | '六') && !t.ends_with("情况") && !t.ends_with("事项") {
        return None;
    }
    let (numeral, rest) = match (first, chars.clone().next()) {
        (n @ ('一' | '二' | '三' | '四' | '五' | '六'), Some('、' | '.' | '．' | '，')) => {
            chars.next();
            (Some(n), chars.as_str())
        }
        _ => (None, t),
    };
    let rest: String = rest.chars().filter(|c| !is_space(*c)).collect();
    let matches = |i: usize| SECTIONS[i].keywords.iter().all(|group| group.iter().any(|k| rest.contains(k)));
    match numeral {
        Some(n) => {
            let idx = SECTIONS.iter().position(|s| s.numeral == n)?;
            if matches(idx) {
                return Some((idx as u8, true, true));
            }
            // A wrong numeral on an exact canonical heading.
            let by_text = SECTIONS.iter().position(|s| rest == s.canonical)?;
            Some((by_text as u8, true, false))
        }
        None => {
            // Without numeral only the canonical wording counts (seed 004: 主动公开政府信息情况).
            let idx = SECTIONS.iter().position(|s| rest == s.canonical || (rest.len() <= 60 && s.canonical.len() > 9 && rest.ends_with(s.canonical) && rest.len() - s.canonical.len() <= 24 && rest.starts_with("政府信息公开")))?;
            Some((idx as u8, false, false))
        }
    }
}

/// Classify one line (without its line break).
pub fn classify(line: &str) -> LineKind {
    let line = content(line);
    // Fast path: a TAB anywhere makes a table line (layout A cells and layout B rows).
    if memchr::memchr(b'\t', line.as_bytes()).is_some() {
        return LineKind::Cells;
    }
    let t = trimmed(line);
    if t.is_empty() {
        // A lone TAB is an empty cell in layout A, not a blank line.
        return if line.contains('\t') { LineKind::Cells } else { LineKind::Blank };
    }
    if is_md_separator(t) {
        return LineKind::MdSeparator;
    }
    if line.contains('\t') || is_md_row(t) {
        return LineKind::Cells;
    }
    if let Some((section, numeral, numeral_ok)) = heading(t) {
        return LineKind::Heading { section, numeral, numeral_ok };
    }
    let n = t.chars().count();
    let last = t.chars().last().unwrap_or(' ');
    if n <= 16 && !matches!(last, '。' | '；' | ';' | '：' | ':' | '！' | '？' | '.' | '，') {
        return LineKind::Short;
    }
    LineKind::Text
}

/// The cells of a `Cells` line: byte ranges inside the line of each cell's content (trimmed;
/// an empty cell is a zero-width range where a value would be inserted). The flag is true for
/// a layout-A single-cell line (one leading TAB and nothing else to split).
pub fn cells(line: &str) -> (Vec<Range<usize>>, bool) {
    let line = content(line);
    let t = line.trim_start_matches(is_space);
    let lead = line.len() - t.len();
    let mut out = Vec::new();
    if is_md_row(t.trim_end_matches(is_space)) {
        let body_end = t.trim_end_matches(is_space).len();
        let mut body = &t[1..body_end];
        let mut off = lead + 1;
        if body.ends_with('|') {
            body = &body[..body.len() - 1];
        }
        for part in body.split('|') {
            out.push(trim_range(line, off, off + part.len()));
            off += part.len() + 1;
        }
        return (out, false);
    }
    let tabs = line.matches('\t').count();
    if tabs == 1 && line.starts_with('\t') {
        return (vec![trim_range(line, 1, line.len())], true);
    }
    let mut off = 0;
    for part in line.split('\t') {
        out.push(trim_range(line, off, off + part.len()));
        off += part.len() + 1;
    }
    (out, false)
}

/// Trim spaces inside `line[start..end]`; an all-space range collapses to `start`.
fn trim_range(line: &str, start: usize, end: usize) -> Range<usize> {
    let s = &line[start..end];
    let a = s.len() - s.trim_start_matches(is_space).len();
    let b = s.trim_end_matches(is_space).len();
    if b <= a {
        // Insert right after the delimiter, before any padding.
        return start..start;
    }
    start + a..start + b
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

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
        assert_eq!(classify("| a | b |"), LineKind::Cells);
        assert_eq!(classify("|---|:-:|"), LineKind::MdSeparator);
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
    }
}
