//! The implementation of `parse` before the count patterns were matched by hand from their
//! anchor words, kept verbatim (regexes and all) as the definition the fast `parse` must agree
//! with; `tests.rs` compares the two on every fixture line and on random paragraphs.
#![allow(dead_code)]
use crate::model::{ClaimKind, YearMention};
use crate::text::parse_cn_number;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

use crate::parse::prose::ProseParse;

/// The Chinese numerals a narrative count may be written with. A count in the patterns
/// (`NUM`) is ASCII digits or a run of these.
const CN_DIGITS: &str = "零〇一二两三四五六七八九十百千";

/// A character of the Chinese form of a count.
fn is_cn_digit(c: char) -> bool {
    CN_DIGITS.contains(c)
}

/// Words whose presence decides which patterns are worth trying on a paragraph; all are
/// found in one pass (`Words::of`) instead of a substring search each.
const WORDS: [&str; 12] = ["件", "新收", "结转", "申请", "办结", "行政复议", "行政诉讼", "其中", "年", "统计", "答复", "处理"];
const JIAN: usize = 0;
const NEW: usize = 1;
const CARRY: usize = 2;
const APPLY: usize = 3;
const DONE: usize = 4;
const REVIEW: usize = 5;
const SUIT: usize = 6;
const AMONG: usize = 7;
const NIAN: usize = 8;
const STATS: usize = 9;
const REPLY: usize = 10;
const HANDLE: usize = 11;

/// Which of `WORDS` a paragraph contains.
#[derive(Clone, Copy)]
struct Words(u32);

impl Words {
    fn of(text: &str) -> Words {
        // A leftmost (SIMD-prefiltered) search: it reports no match that overlaps an earlier
        // one, and of the words only 办结 and 结转 can overlap, so 办结转 (pattern 0) stands
        // for both.
        static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
        let ac = AC.get_or_init(|| {
            let patterns = std::iter::once("办结转").chain(WORDS);
            aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostFirst).build(patterns).expect("static words")
        });
        let all = (1u32 << WORDS.len()) - 1;
        let mut mask = 0u32;
        for m in ac.find_iter(text) {
            mask |= match m.pattern().as_usize() {
                0 => 1 << DONE | 1 << CARRY,
                i => 1 << (i - 1),
            };
            if mask == all {
                break;
            }
        }
        Words(mask)
    }
    fn has(self, word: usize) -> bool {
        self.0 & (1 << word) != 0
    }
}

#[derive(Clone)]
struct Patterns {
    /// (kind, the bits of the `WORDS` one of which the text must contain for the pattern to
    /// be tried, pattern)
    claims: Vec<(ClaimKind, u32, Regex)>,
    /// What makes an N8 match about reviews or lawsuits: in the match, and after it.
    n8_about: Regex,
    n8_after: Regex,
    none_apps: Regex,
    none_apps2: Regex,
    no_word: Regex,
    breakdown: Regex,
    item: Regex,
    stat_start: Regex,
    stat_end: Regex,
}

fn pats() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let num = format!("([0-9]+|[{CN_DIGITS}]+)");
        let r = |s: &str| Regex::new(&s.replace("NUM", &num)).expect("static regex");
        Patterns {
            claims: vec![
                (ClaimKind::NewReceived, 1 << NEW, r(r"本年度?新收[^，,。；;、0-9]{0,20}?NUM\s*件")),
                (ClaimKind::CarriedIn, 1 << CARRY, r(r"上年度?结转[^，,。；;0-9]{0,20}?NUM\s*件")),
                (ClaimKind::CarriedOut, 1 << CARRY, r(r"结转(?:至|到)?下一?年度?[^，,。；;0-9]{0,20}?NUM\s*件")),
                (ClaimKind::Received, 1 << APPLY, r(r"(?:收到|受理|接收)[^，,。；;0-9]{0,20}?申请[^，,。；;0-9]{0,12}?NUM\s*件")),
                (ClaimKind::Concluded, 1 << DONE, r(r"办结[^，,。；;0-9]{0,10}?NUM\s*件")),
                (ClaimKind::Handled, 1 << REPLY | 1 << HANDLE, r(r"(?:答复|处理)(?:[^，,。；;0-9]{0,12}?申请)?\s*NUM\s*件")),
                (ClaimKind::Review, 1 << REVIEW, r(r"行政复议[^，,。、；;0-9]{0,12}?NUM\s*件")),
                (ClaimKind::Litigation, 1 << SUIT, r(r"行政诉讼[类案件]{0,3}\s*NUM\s*件")),
            ],
            n8_about: r(r"复议|诉讼|因"),
            n8_after: r(r"^[^，,。；;、及和与或0-9]{0,10}?(?:复议|诉讼)"),
            none_apps: r(r"(?:未|没有)(?:收到|接到|受理)[^，,。；;0-9]{0,12}?申请"),
            none_apps2: r(r"无[^，,。；;0-9]{0,20}?提出[^，,。；;0-9]{0,12}?申请"),
            no_word: r(r"(?:没有|未|无)"),
            breakdown: r(r"NUM\s*(件|条|次|篇|个|项)[，,]?\s*其中[：:，,]?"),
            item: r(r"NUM\s*(件|条|次|篇|个|项)"),
            stat_start: r(r"统计(?:期限|时限|区间|时间|期间)[^。]{0,10}?((?:19|20)[0-9]{2})\s*年\s*1\s*月\s*1\s*日"),
            stat_end: r(r"至\s*((?:19|20)[0-9]{2})\s*年\s*12\s*月\s*31\s*日"),
        }
    })
}

/// At the start of a match of `NUM\s*<unit>…`: the byte range of NUM and the unit.
fn num_unit(m: &str) -> Option<(Range<usize>, char)> {
    let first = m.chars().next()?;
    let len = if first.is_ascii_digit() { m.len() - m.trim_start_matches(|c: char| c.is_ascii_digit()).len() } else { m.len() - m.trim_start_matches(is_cn_digit).len() };
    let unit = m[len..].trim_start_matches(char::is_whitespace).chars().next()?;
    (len > 0).then_some((0..len, unit))
}

/// In a match that ends with `NUM\s*<unit>`, the byte range of NUM.
fn number_before_unit(text: &str, m: Range<usize>) -> Option<Range<usize>> {
    let body = &text[m.clone()];
    let unit = body.chars().last()?;
    let body = body[..body.len() - unit.len_utf8()].trim_end();
    let end = m.start + body.len();
    let last = body.chars().last()?;
    let digits = last.is_ascii_digit();
    let start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| if digits { c.is_ascii_digit() } else { is_cn_digit(*c) })
        .last()
        .map(|(i, _)| m.start + i)?;
    Some(start..end)
}

/// The clause (between `，。；` and friends) around byte `at`.
/// Clauses and sentences are looked for at most this many bytes around a match, so a huge line
/// without punctuation stays linear.
const REACH: usize = 1200;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn clause(text: &str, at: usize, end: usize) -> &str {
    let is_sep = |c: char| matches!(c, '，' | ',' | '。' | '；' | ';' | '！' | '？');
    let lo = ceil_boundary(text, at.saturating_sub(REACH));
    let hi = floor_boundary(text, (end + REACH).min(text.len()));
    let start = text[lo..at].rfind(is_sep).map_or(lo, |i| lo + i + text[lo + i..].chars().next().map_or(1, char::len_utf8));
    let stop = text[end..hi].find(is_sep).map_or(hi, |i| end + i);
    &text[start..stop]
}

fn claims(p: &Patterns, text: &str, words: Words, out: &mut ProseParse) {
    if words.has(JIAN) {
        for (kind, word, re) in &p.claims {
            if words.0 & *word == 0 {
                continue;
            }
            // `find_iter` is much cheaper than captures; the number is the run of digits (or
            // Chinese numerals) right before the final 件.
            for w in re.find_iter(text) {
                let whole = w.range();
                let Some(num) = number_before_unit(text, whole.clone()) else { continue };
                let Some(v) = parse_cn_number(&text[num.clone()]) else { continue };
                let m = num;
                // "行政复议纠错" and "败诉" are outcomes, not counts of cases.
                let cl = clause(text, whole.start, whole.end);
                if matches!(kind, ClaimKind::Review | ClaimKind::Litigation) && (cl.contains("纠错") || cl.contains("败诉")) {
                    continue;
                }
                // 答复/处理: not a part of the handling (不予处理, 延期答复…), not the fee, and in
                // a sentence about applications.
                if *kind == ClaimKind::Handled {
                    let part = ["不予", "其他", "其它", "不再", "延期", "逾期"].iter().any(|w| text[..whole.start].ends_with(w));
                    let sentence = {
                        let lo = ceil_boundary(text, whole.start.saturating_sub(REACH));
                        let hi = floor_boundary(text, (whole.end + REACH).min(text.len()));
                        let start = text[lo..whole.start].rfind(['。', '！', '？']).map_or(lo, |i| lo + i + 3);
                        let stop = text[whole.end..hi].find(['。', '！', '？']).map_or(hi, |i| whole.end + i);
                        &text[start..stop]
                    };
                    if part || text[whole.start..].starts_with("处理费") || !sentence.contains("申请") {
                        continue;
                    }
                }
                out.claims.push((*kind, m, v));
            }
        }
    }
    if !words.has(APPLY) && !words.has(REVIEW) && !words.has(SUIT) {
        return;
    }
    // Both say "no application": neither can match without 申请.
    for re in [&p.none_apps, &p.none_apps2].into_iter().filter(|_| words.has(APPLY)) {
        for m in re.find_iter(text) {
            if !p.n8_about.is_match(m.as_str()) && !p.n8_after.is_match(&text[m.end()..]) {
                out.claims.push((ClaimKind::NoApplications, m.range(), 0));
            }
        }
    }
    if !words.has(REVIEW) && !words.has(SUIT) {
        return;
    }
    for m in p.no_word.find_iter(text) {
        let cl_end = text[m.end()..].find(['，', ',', '。', '；', ';']).map_or(text.len(), |i| m.end() + i);
        let cl = &text[m.end()..cl_end];
        if ["纠错", "败诉", "纠正", "撤销", "违法"].iter().any(|w| cl.contains(w)) {
            continue;
        }
        for (word, kind) in [("行政复议", ClaimKind::NoReview), ("行政诉讼", ClaimKind::NoLitigation)] {
            if let Some(i) = cl.find(word) {
                if cl[..i].chars().count() <= 12 && !cl[..i].chars().any(|c| c.is_ascii_digit()) {
                    out.claims.push((kind, m.start()..m.end() + i + word.len(), 0));
                }
            }
        }
    }
}

/// "X条，其中A…N条、B…M条、其他…K条": the parts must add up when the list looks exhaustive
/// (every item has the total's unit, at least two items, and it ends with 其他… or every item
/// is numbered 1. 2. …).
fn breakdowns(p: &Patterns, text: &str, words: Words, sentences: &mut Sentences, out: &mut ProseParse) {
    if !words.has(AMONG) {
        return;
    }
    for all in p.breakdown.find_iter(text) {
        let Some((n, unit)) = num_unit(all.as_str()) else { continue };
        let n = all.start() + n.start..all.start() + n.end;
        let Some(total) = parse_cn_number(&text[n.clone()]) else { continue };
        let sent = sentences.around(text, all.end());
        let body_end = sent.end.max(all.end());
        let body = &text[all.end()..body_end];
        let mut parts = Vec::new();
        let mut numbered = 0;
        let mut last_label = String::new();
        let mut ok = true;
        let mut off = all.end();
        for piece in body.split(['，', ',', '、', '；', ';']) {
            let piece_start = off;
            off += piece.len();
            off += text[off..].chars().next().map_or(0, char::len_utf8);
            // Ignore parenthesised remarks such as （含…157件）.
            let cut = piece.find(['（', '(']).unwrap_or(piece.len());
            let core = &piece[..cut];
            let mut items = p.item.find_iter(core);
            let Some(it) = items.next() else { continue };
            if items.next().is_some() {
                ok = false;
                break;
            }
            let Some((num, iu)) = num_unit(it.as_str()) else { continue };
            let num = it.start() + num.start..it.start() + num.end;
            if iu != unit {
                ok = false;
                break;
            }
            let Some(v) = parse_cn_number(&core[num.clone()]) else { ok = false; break };
            let label = core[..num.start].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '．' || c == '、' || c.is_whitespace());
            if core.trim_start().starts_with(|c: char| c.is_ascii_digit()) && core.trim_start().chars().nth(1).is_some_and(|c| c == '.' || c == '．' || c == '、') {
                numbered += 1;
            }
            last_label = label.to_string();
            parts.push((v, piece_start + num.start..piece_start + num.end));
        }
        if !ok || parts.len() < 2 {
            continue;
        }
        let exhaustive = last_label.starts_with("其他") || last_label.starts_with("其它") || numbered == parts.len();
        if exhaustive {
            out.breakdowns.push((n, total, parts, unit));
        }
    }
}

fn years(p: &Patterns, text: &str, words: Words, sentences: &mut Sentences, out: &mut ProseParse) {
    if !words.has(NIAN) {
        return;
    }
    let stat_years: Vec<Range<usize>> = if words.has(STATS) {
        // Both patterns end with their year's `YYYY年…日`: the year is the match's last one.
        p.stat_start.find_iter(text).chain(p.stat_end.find_iter(text)).filter_map(|m| year_mentions(m.as_str()).last().map(|y| m.start() + y.start..m.start() + y.start + 4)).collect()
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
        let sent = sentences.around(text, m.start);
        let head = &text[sent.start..m.start];
        let in_title = head.matches('《').count() > head.matches('》').count();
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
                let w = has_count(s) && ["复议", "诉讼", "收到", "受理", "办结", "公开"].iter().any(|k| s.contains(k));
                last_sentence = Some((sent, w));
                w
            }
        };
        let stat_period = stat_years.contains(&m);
        out.years.push(YearMention { year, span: m, planning, with_stats, stat_period });
    }
}

/// A substring finder built once (building one costs more than a search of a paragraph).
fn finder(which: usize) -> &'static memchr::memmem::Finder<'static> {
    static F: OnceLock<[memchr::memmem::Finder<'static>; 6]> = OnceLock::new();
    &F.get_or_init(|| ["年", "。", "！", "？", "件", "条"].map(memchr::memmem::Finder::new))[which]
}

/// Four-digit years written `YYYY年` (`19xx`/`20xx`, spaces allowed before 年): the spans
/// from the first digit to the end of 年, in order.
fn year_mentions(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = text.as_bytes();
    finder(0).find_iter(b).filter_map(move |at| {
        let digits_end = text[..at].trim_end_matches(char::is_whitespace).len();
        let start = digits_end.checked_sub(4)?;
        let d = &b[start..digits_end];
        (matches!(&d[..2], b"19" | b"20") && d[2].is_ascii_digit() && d[3].is_ascii_digit()).then_some(start..at + "年".len())
    })
}

/// Whether `text` states a count: ASCII digits, optional spaces, then 件 or 条.
fn has_count(text: &str) -> bool {
    let b = text.as_bytes();
    let counted = |at: usize| text[..at].trim_end_matches(char::is_whitespace).ends_with(|c: char| c.is_ascii_digit());
    finder(4).find_iter(b).any(counted) || finder(5).find_iter(b).any(counted)
}

/// Sentence bounds of one paragraph, found on first use and reused for every mention.
#[derive(Default)]
struct Sentences {
    /// Byte offsets of the sentence-final marks 。！？, in order (`None` until needed).
    ends: Option<Vec<usize>>,
}

impl Sentences {
    /// The sentence (between `。！？`) around byte `at`, at most `REACH` bytes each way.
    fn around(&mut self, text: &str, at: usize) -> Range<usize> {
        let ends = self.ends.get_or_insert_with(|| {
            let b = text.as_bytes();
            let mut v: Vec<usize> = finder(1).find_iter(b).collect();
            let sorted = v.len();
            v.extend(finder(2).find_iter(b));
            v.extend(finder(3).find_iter(b));
            if v.len() > sorted {
                v.sort_unstable();
            }
            v
        });
        let i = ends.partition_point(|&e| e < at);
        let lo = ceil_boundary(text, at.saturating_sub(REACH));
        let hi = floor_boundary(text, (at + REACH).min(text.len()));
        // The mark before `at` must end before it (a mark starting at `at` is after it).
        let start = match i.checked_sub(1).map(|j| ends[j]) {
            Some(e) if e + '。'.len_utf8() <= at && e >= lo => e + '。'.len_utf8(),
            _ => lo,
        };
        let stop = match ends.get(i) {
            Some(&e) if e < hi => e,
            _ => hi,
        };
        start..stop
    }
}

/// Extract everything rules need from one paragraph.
pub fn parse(text: &str) -> ProseParse {
    let mut out = ProseParse::default();
    let words = Words::of(text);
    let mut sentences = Sentences::default();
    // Each thread searches with its own handle on the compiled patterns: a shared one hands
    // its search state out through a lock to every thread but the first.
    thread_local! {
        static LOCAL: Patterns = pats().clone();
    }
    LOCAL.with(|p| {
        claims(p, text, words, &mut out);
        breakdowns(p, text, words, &mut sentences, &mut out);
        years(p, text, words, &mut sentences, &mut out);
    });
    out
}
