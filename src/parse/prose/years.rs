//! Four-digit years with their context (spec §2.6): plans and ranges, sentences that state
//! statistics, and the statistics period's dates.

use super::*;

/// The words that make a sentence with a count one about statistics.
pub(super) const STAT_WORDS: [&str; 6] = ["复议", "诉讼", "收到", "受理", "办结", "公开"];

/// Whether `text` contains one of `STAT_WORDS` (none of them can overlap another, so a
/// leftmost search finds one whenever there is one).
pub(super) fn has_stat_word(text: &str) -> bool {
    static S: OnceLock<WordSearcher> = OnceLock::new();
    S.get_or_init(|| packed(&STAT_WORDS)).find(text).is_some()
}


/// `(?:19|20)[0-9]{2}\s*年\s*<month>\s*月\s*<day>\s*日` at byte `p`: the byte after 日.
pub(super) fn date_at(text: &str, p: usize, month: &str, day: &str) -> Option<usize> {
    let d = text.as_bytes().get(p..p + 4)?;
    if !(matches!(&d[..2], b"19" | b"20") && d[2].is_ascii_digit() && d[3].is_ascii_digit()) {
        return None;
    }
    let p = lit(text, spaces(text, p + 4), "年")?;
    let p = lit(text, spaces(text, p), month)?;
    let p = lit(text, spaces(text, p), "月")?;
    let p = lit(text, spaces(text, p), day)?;
    lit(text, spaces(text, p), "日")
}

/// The end of the match of the statistics period's start,
/// `统计(?:期限|时限|区间|时间|期间)[^。]{0,10}?((?:19|20)[0-9]{2})\s*年\s*1\s*月\s*1\s*日`,
/// starting at byte `s`, if any.
pub(super) fn stat_start_at(text: &str, s: usize) -> Option<usize> {
    let p = lit(text, s, "统计")?;
    let p = ["期限", "时限", "区间", "时间", "期间"].iter().find_map(|w| lit(text, p, w))?;
    let mut p = p;
    for k in 0..=10 {
        if let Some(end) = date_at(text, p, "1", "1") {
            return Some(end);
        }
        let c = text[p..].chars().next()?;
        if k == 10 || c == '。' {
            return None;
        }
        p += c.len_utf8();
    }
    None
}

/// The end of the match of the statistics period's end,
/// `至\s*((?:19|20)[0-9]{2})\s*年\s*12\s*月\s*31\s*日`, starting at byte `s`, if any.
pub(super) fn stat_end_at(text: &str, s: usize) -> Option<usize> {
    date_at(text, spaces(text, lit(text, s, "至")?), "12", "31")
}

pub(super) fn years(text: &str, words: Words, sentences: &mut Sentences, out: &mut ProseParse) {
    if !words.has(NIAN) {
        return;
    }
    let stat_years: Vec<Range<usize>> = if words.has(STATS) {
        let mut found = Vec::new();
        matches_from(text, &[F_STATS], |s| stat_start_at(text, s), |m| found.push(m));
        matches_from(text, &[F_TO], |s| stat_end_at(text, s), |m| found.push(m));
        // Both patterns end with their year's `YYYY年…日`: the year is the match's last one.
        found.into_iter().filter_map(|m| year_mentions(&text[m.clone()]).last().map(|y| m.start + y.start..m.start + y.start + 4)).collect()
    } else {
        Vec::new()
    };
    let mut last_sentence: Option<(Range<usize>, bool)> = None;
    for whole in year_mentions(text) {
        let m = &text[whole.start..whole.start + 4];
        let Ok(year) = m.parse::<i32>() else { continue };
        let m = whole.start..whole.start + 4;
        let before = text[..m.start].trim_end();
        let prev = before.chars().last();
        // Inside 《…》 (a document title) within the same sentence.
        let sent = sentences.around(text, words, m.start);
        let head = &text[sent.start..m.start];
        let in_title = title_open(head);
        let after = &text[whole.end..];
        let planning = in_title
            || matches!(prev, Some('到' | '至' | '~' | '～' | '-' | '—' | '–' | '－' | '―'))
            || before.ends_with("截至")
            || before.ends_with("预计")
            || before.ends_with("力争")
            || after.starts_with("前")
            || after.starts_with("底前")
            || after.starts_with("以前")
            || after.starts_with('—')
            || after.starts_with('-');
        let with_stats = match &last_sentence {
            Some((r, w)) if *r == sent => *w,
            _ => {
                let s = &text[sent.clone()];
                let w = has_count(s) && has_stat_word(s);
                last_sentence = Some((sent, w));
                w
            }
        };
        let stat_period = stat_years.contains(&m);
        out.years.push(YearMention { year, span: m, planning, with_stats, stat_period });
    }
}

/// Four-digit years written `YYYY年` (`19xx`/`20xx`, spaces allowed before 年): the spans
/// from the first digit to the end of 年, in order.
pub(super) fn year_mentions(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = text.as_bytes();
    finder(F_NIAN).find_iter(b).filter_map(move |at| {
        let digits_end = text[..at].trim_end_matches(char::is_whitespace).len();
        let start = digits_end.checked_sub(4)?;
        let d = &b[start..digits_end];
        (matches!(&d[..2], b"19" | b"20") && d[2].is_ascii_digit() && d[3].is_ascii_digit()).then_some(start..at + "年".len())
    })
}

/// Whether `text` states a count: ASCII digits, optional spaces, then 件 or 条.
pub(super) fn has_count(text: &str) -> bool {
    static S: OnceLock<WordSearcher> = OnceLock::new();
    let counted = |at: usize| text[..at].trim_end_matches(char::is_whitespace).ends_with(|c: char| c.is_ascii_digit());
    let mut found = false;
    S.get_or_init(|| packed(&["件", "条"])).each(text, |m| {
        found = counted(m.start());
        !found
    });
    found
}
