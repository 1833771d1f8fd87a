//! Exhaustive-looking "其中" breakdowns (spec §2.5 N12): a total, then a list of parts in the
//! same unit that must add up, read backwards from each 其中.

use super::*;

/// The units a breakdown's total and parts are counted in.
pub(super) const UNITS: [char; 6] = ['件', '条', '次', '篇', '个', '项'];

/// The matches of `NUM\s*(件|条|次|篇|个|项)[，,]?\s*其中[：:，,]?` as `find_iter` finds
/// them, read backwards from each 其中: (match, NUM, unit). Every step of the pattern is
/// forced (no part can give back a character the next part accepts), so each 其中 has at
/// most one match, starting where its run of digits (or numerals) starts; matches of later
/// 其中 start after earlier ones end.
pub(super) fn breakdown_heads(text: &str, mut found: impl FnMut(Range<usize>, Range<usize>, char)) {
    let b = text.as_bytes();
    let ws = |s: &str| s.trim_end_matches(char::is_whitespace).len();
    let mut from = 0;
    while let Some(i) = finder(F_AMONG).find(&b[from..]) {
        let at = from + i;
        from = at + "其中".len();
        let before = &text[..ws(&text[..at])];
        let before = before.strip_suffix(['，', ',']).unwrap_or(before);
        let Some(unit) = before.chars().next_back().filter(|c| UNITS.contains(c)) else { continue };
        let num_end = ws(&before[..before.len() - unit.len_utf8()]);
        let digits = &text[..num_end];
        let num_start = match digits.chars().next_back() {
            Some(c) if c.is_ascii_digit() => digits.trim_end_matches(|c: char| c.is_ascii_digit()).len(),
            Some(c) if is_cn_digit(c) => digits.trim_end_matches(is_cn_digit).len(),
            _ => continue,
        };
        let end = text[from..].chars().next().filter(|c| matches!(c, '：' | ':' | '，' | ',')).map_or(from, |c| from + c.len_utf8());
        found(num_start..end, num_start..num_end, unit);
        from = end;
    }
}

/// The matches of `NUM\s*(件|条|次|篇|个|项)` in `text` as `find_iter` finds them: (NUM,
/// unit). A match starts where a run of digits (or of numerals) starts: a start inside the
/// run meets the same rest.
pub(super) fn unit_counts(text: &str) -> impl Iterator<Item = (Range<usize>, char)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let start = from + text[from..].find(|c: char| c.is_ascii_digit() || is_cn_digit(c))?;
        let rest = &text[start..];
        let run = if rest.starts_with(|c: char| c.is_ascii_digit()) { rest.trim_start_matches(|c: char| c.is_ascii_digit()) } else { rest.trim_start_matches(is_cn_digit) };
        let num = start..text.len() - run.len();
        let tail = run.trim_start_matches(char::is_whitespace);
        match tail.chars().next().filter(|u| UNITS.contains(u)) {
            Some(unit) => {
                from = text.len() - tail.len() + unit.len_utf8();
                return Some((num, unit));
            }
            None => from = num.end,
        }
    })
}

/// "X条，其中A…N条、B…M条、其他…K条": the parts must add up when the list looks exhaustive
/// (every item has the total's unit, at least two items, and it ends with 其他… or every item
/// is numbered 1. 2. …).
pub(super) fn breakdowns(text: &str, words: Words, sentences: &mut Sentences, out: &mut ProseParse) {
    if !words.has(AMONG) {
        return;
    }
    breakdown_heads(text, |all, n, unit| {
        let Some(total) = parse_cn_number(&text[n.clone()]) else { return };
        let sent = sentences.around(text, words, all.end);
        let body_end = sent.end.max(all.end);
        let body = &text[all.end..body_end];
        let mut parts = Vec::new();
        let mut numbered = 0;
        let mut last_label = "";
        let mut off = all.end;
        for piece in body.split(['，', ',', '、', '；', ';']) {
            let piece_start = off;
            off += piece.len();
            off += text[off..].chars().next().map_or(0, char::len_utf8);
            // Ignore parenthesised remarks such as （含…157件）.
            let cut = piece.find(['（', '(']).unwrap_or(piece.len());
            let core = &piece[..cut];
            let mut items = unit_counts(core);
            let Some((num, iu)) = items.next() else { continue };
            if items.next().is_some() {
                return;
            }
            if iu != unit {
                return;
            }
            let Some(v) = parse_cn_number(&core[num.clone()]) else { return };
            last_label = core[..num.start].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '．' || c == '、' || c.is_whitespace());
            if core.trim_start().starts_with(|c: char| c.is_ascii_digit()) && core.trim_start().chars().nth(1).is_some_and(|c| c == '.' || c == '．' || c == '、') {
                numbered += 1;
            }
            parts.push((v, piece_start + num.start..piece_start + num.end));
        }
        if parts.len() < 2 {
            return;
        }
        let exhaustive = last_label.starts_with("其他") || last_label.starts_with("其它") || numbered == parts.len();
        if exhaustive {
            out.breakdowns.push((n, total, parts, unit));
        }
    });
}
