//! The line classifier as it was before its fast paths (first-byte dispatch, cheaper space
//! search and character counts): the plain definition `classify` and `heading` must agree
//! with, and the tests that check they do, on the fixtures and on random lines.

use crate::text::sections::SECTIONS;
use crate::text::is_space;

fn trimmed(line: &str) -> &str {
    line.trim_matches(is_space)
}

fn strip_md(s: &str) -> &str {
    if !s.starts_with(['#', '*']) && !s.ends_with('*') {
        return s;
    }
    let s = s.trim_start_matches('#').trim_matches(is_space);
    s.trim_matches('*').trim_matches(is_space)
}

fn is_md_row(t: &str) -> bool {
    t.starts_with('|') && t.len() > 1
}

fn is_md_separator(t: &str) -> bool {
    is_md_row(t) && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t')) && t.contains('-')
}

/// `lines::heading`.
pub fn heading(line: &str) -> Option<(u8, bool, bool)> {
    heading_trimmed(trimmed(line))
}

fn heading_trimmed(t: &str) -> Option<(u8, bool, bool)> {
    let t = strip_md(t);
    if t.is_empty() || t.len() > 160 {
        return None;
    }
    const NUMERALS: &str = "一二三四五六七八九十";
    let mut stray = false;
    let mut t = t;
    let mut it = t.chars();
    if let (Some(a), Some(b)) = (it.next(), it.next()) {
        if a.is_ascii_alphanumeric() && NUMERALS.contains(b) {
            t = &t[1..];
            stray = true;
        }
    }
    let mut chars = t.chars();
    let first = chars.next()?;
    let numeral = match (first, chars.clone().next()) {
        (n, Some('、' | '.' | '．' | '，')) if NUMERALS.contains(n) => Some(n),
        _ => None,
    };
    if numeral.is_none() && !t.ends_with("情况") && !t.ends_with("事项") {
        return None;
    }
    if t.contains('\t') || t.chars().count() > 40 {
        return None;
    }
    let rest = match numeral {
        Some(_) => {
            chars.next();
            chars.as_str()
        }
        None => t,
    };
    let rest: String = rest.chars().filter(|c| !is_space(*c)).collect();
    let matches = |i: usize| SECTIONS[i].keywords.iter().all(|group| group.iter().any(|k| rest.contains(k)));
    match numeral {
        Some(n) => {
            if let Some(idx) = SECTIONS.iter().position(|s| s.numeral == n) {
                if matches(idx) {
                    return Some((idx as u8, true, !stray));
                }
            }
            if let Some(by_text) = SECTIONS.iter().position(|s| rest == s.canonical) {
                return Some((by_text as u8, true, false));
            }
            let heading_like = rest.chars().count() <= 30 && (rest.ends_with("情况") || rest.ends_with("事项") || rest.ends_with("措施"));
            let found: Vec<usize> = (0..SECTIONS.len()).filter(|&i| matches(i)).collect();
            (heading_like && found.len() == 1).then(|| (found[0] as u8, true, false))
        }
        None => {
            let idx = SECTIONS.iter().position(|s| rest == s.canonical || (rest.len() <= 60 && s.canonical.len() > 9 && rest.ends_with(s.canonical) && rest.len() - s.canonical.len() <= 24 && rest.starts_with("政府信息公开")))?;
            Some((idx as u8, false, false))
        }
    }
}

/// `lines::classify`.
pub fn classify(line: &str) -> super::LineKind {
    use super::LineKind;
    let line = line.trim_end_matches(['\n', '\r']);
    if line.contains('\t') {
        return LineKind::Cells;
    }
    let t = trimmed(line);
    if t.is_empty() {
        return LineKind::Blank;
    }
    if is_md_separator(t) {
        return LineKind::MdSeparator;
    }
    if is_md_row(t) {
        return LineKind::Cells;
    }
    // A row joined by ` | ` without a leading pipe: it ends with a pipe, or holds ` | ` twice.
    if (t.len() > 1 && t.ends_with('|')) || t.matches(" | ").count() >= 2 {
        return super::LineKind::Cells;
    }
    if let Some((section, numeral, numeral_ok)) = heading_trimmed(t) {
        return LineKind::Heading { section, numeral, numeral_ok };
    }
    let short = t.len() <= 64 && t.chars().count() <= 16;
    let last = t.chars().next_back().unwrap_or(' ');
    if short && !matches!(last, '。' | '；' | ';' | '：' | ':' | '！' | '？' | '.' | '，') {
        return LineKind::Short;
    }
    LineKind::Text
}

mod tests {
    use super::super::{classify, heading};
    use crate::text::is_space;

    #[test]
    fn every_space_is_at_most_u3000_or_the_bom() {
        assert!(('\0'..=char::MAX).filter(|&c| is_space(c)).all(|c| c <= '\u{3000}' || c == '\u{feff}'));
    }

    /// Pieces of lines that exercise every branch of `classify`: TABs, spaces of each kind,
    /// Markdown decoration, heading numerals and words, sentence ends, long text.
    fn line_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = prop::sample::select(vec![
            "\t", " ", "\u{a0}", "\u{3000}", "\u{200b}", "\u{feff}", "\u{85}", "\u{2028}", "\u{1680}", "\u{205f}", "\r", "\n", "#", "*", "|", "-", ":", "一、", "三.",
            "六，", "四", "、", "总体情况", "主动公开", "政府信息公开", "申请", "收到", "行政复议", "问题", "其他需要报告的事项", "情况", "事项", "。", "；", ".", "a", "12",
            "é", "\u{20000}", "说明文字说明文字说明文字",
        ]);
        prop::collection::vec(pieces, 0..14).prop_map(|v| v.concat())
    }

    #[test]
    fn classify_agrees_with_the_reference_on_the_fixtures() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        for e in std::fs::read_dir(dir).expect("fixtures").flatten() {
            let text = std::fs::read_to_string(e.path()).expect("read");
            for line in text.split(['\n', '\r']) {
                assert_eq!(classify(line), super::classify(line), "{line:?}");
                assert_eq!(heading(line), super::heading(line), "{line:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        #[test]
        fn classify_agrees_with_the_reference(line in line_text()) {
            proptest::prop_assert_eq!(classify(&line), super::classify(&line));
            proptest::prop_assert_eq!(heading(&line), super::heading(&line));
        }
    }
}
