//! Prose: pull out of one paragraph the numbers that rules can compare — claims about
//! applications, reviews and lawsuits (spec §2.5 N1–N9), exhaustive-looking "其中" breakdowns
//! (N12) and four-digit years with their context (§2.6). Positions are byte offsets into the
//! paragraph's text. Patterns are deliberately narrow: a number no pattern covers is ignored.
//!
//! The patterns are written out by hand rather than run as regexes over the whole
//! paragraph: each starts with a fixed word (or, for breakdowns, contains 其中), so a SIMD
//! substring search finds every place a match can start and a short walk from there decides
//! it, step for step as the regex's leftmost-first search would. The regexes they stand for
//! are kept in the tests, which check both give the same output.

use crate::model::{ClaimKind, YearMention};
use crate::text::parse_cn_number;
use std::ops::Range;
use std::sync::OnceLock;

/// An exhaustive-looking breakdown: (total span, total, parts with spans, unit).
pub type BreakdownParse = (Range<usize>, i64, Vec<(i64, Range<usize>)>, char);

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProseParse {
    pub claims: Vec<(ClaimKind, Range<usize>, i64)>,
    /// (total span, total, parts, unit)
    pub breakdowns: Vec<BreakdownParse>,
    pub years: Vec<YearMention>,
}

/// The Chinese numerals a narrative count may be written with. A count in the patterns
/// (`NUM`) is ASCII digits or a run of these. `is_cn_digit` spells them out; the tests use
/// this list to build the regexes the hand matchers are checked against.
#[cfg(test)]
const CN_DIGITS: &str = "零〇一二两三四五六七八九十百千";

/// A character of the Chinese form of a count: one of 零〇一二两三四五六七八九十百千.
fn is_cn_digit(c: char) -> bool {
    matches!(c, '零' | '〇' | '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千')
}

/// Words whose presence decides which patterns are worth trying on a paragraph; all are
/// found in one pass (`Words::of`) instead of a substring search each.
const WORDS: [&str; 12] = ["件", "新收", "结转", "申请", "办结", "行政复议", "行政诉讼", "其中", "年", "统计", "！", "？"];
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
const BANG: usize = 10;
const ASK: usize = 11;

/// Which of `WORDS` a paragraph contains.
#[derive(Clone, Copy)]
struct Words(u32);

impl Words {
    fn of(text: &str) -> Words {
        // A leftmost (SIMD) search: it reports no match that overlaps an earlier one, and of
        // the words only 办结 and 结转 can overlap, so 办结转 (pattern 0) stands for both. The
        // packed searcher alone (no automaton behind it) is enough for a set of literals.
        static PACKED: OnceLock<WordSearcher> = OnceLock::new();
        let packed = PACKED.get_or_init(|| packed(&[&["办结转"], &WORDS[..]].concat()));
        let all = (1u32 << WORDS.len()) - 1;
        let mut mask = 0u32;
        for m in packed.find_iter(text) {
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

/// The substrings searched for with a prebuilt `memchr` finder (building one costs more than
/// a search of a paragraph), by the index constants below.
const NEEDLES: [&str; 21] = ["年", "。", "！", "？", "其中", "本年", "上年", "结转", "收到", "受理", "接收", "办结", "行政复议", "行政诉讼", "《", "》", "未", "没有", "无", "统计", "至"];
const F_NIAN: usize = 0;
const F_STOP: usize = 1;
const F_BANG: usize = 2;
const F_ASK: usize = 3;
const F_AMONG: usize = 4;
const F_THIS_YEAR: usize = 5;
const F_LAST_YEAR: usize = 6;
const F_CARRY: usize = 7;
const F_GOT: usize = 8;
const F_ACCEPTED: usize = 9;
const F_TAKEN: usize = 10;
const F_DONE: usize = 11;
const F_REVIEW: usize = 12;
const F_SUIT: usize = 13;
const F_OPEN: usize = 14;
const F_CLOSE: usize = 15;
const F_NOT: usize = 16;
const F_NOT_HAVE: usize = 17;
const F_NONE: usize = 18;
const F_STATS: usize = 19;
const F_TO: usize = 20;

/// The prebuilt finder of `NEEDLES[which]`.
fn finder(which: usize) -> &'static memchr::memmem::Finder<'static> {
    static F: OnceLock<[memchr::memmem::Finder<'static>; NEEDLES.len()]> = OnceLock::new();
    &F.get_or_init(|| NEEDLES.map(memchr::memmem::Finder::new))[which]
}

/// How many times `NEEDLES[which]` occurs in `text` (a one-character needle: as
/// `text.matches(c).count()`).
fn count(text: &str, which: usize) -> usize {
    finder(which).find_iter(text.as_bytes()).count()
}

/// A leftmost-first searcher for a set of words: the packed SIMD searcher (no automaton is
/// needed behind it for plain literals) where the CPU has the instructions for it, otherwise an
/// Aho-Corasick automaton with the same matches (WebAssembly, x86_64 without SSSE3).
enum WordSearcher {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

impl WordSearcher {
    fn find(&self, text: &str) -> Option<aho_corasick::Match> {
        self.find_iter(text).next()
    }
    fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = aho_corasick::Match> + 'a {
        let (packed, automaton) = match self {
            WordSearcher::Packed(s) => (Some(s.find_iter(text)), None),
            WordSearcher::Automaton(a) => (None, Some(a.find_iter(text))),
        };
        packed.into_iter().flatten().chain(automaton.into_iter().flatten())
    }
}

fn packed(words: &[&str]) -> WordSearcher {
    let mut config = aho_corasick::packed::Config::new();
    config.match_kind(aho_corasick::packed::MatchKind::LeftmostFirst);
    match config.builder().extend(words).build() {
        Some(s) => WordSearcher::Packed(s),
        None => WordSearcher::Automaton(automaton(words)),
    }
}

fn automaton(words: &[&str]) -> aho_corasick::AhoCorasick {
    let ac = aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostFirst).build(words);
    ac.expect("a few short words always build")
}

/// The words that make a sentence with a count one about statistics.
const STAT_WORDS: [&str; 6] = ["复议", "诉讼", "收到", "受理", "办结", "公开"];

/// Whether `text` contains one of `STAT_WORDS` (none of them can overlap another, so a
/// leftmost search finds one whenever there is one).
fn has_stat_word(text: &str) -> bool {
    static S: OnceLock<WordSearcher> = OnceLock::new();
    S.get_or_init(|| packed(&STAT_WORDS)).find(text).is_some()
}

/// The claim patterns (N1–N7), each the kind, the index in `WORDS` of a word the text must
/// contain for it to be tried, and the `NEEDLES` every match starts with. As regexes (with
/// `NUM` = `([0-9]+|[零〇一…千]+)`), in this order:
/// `本年度?新收[^，,。；;、0-9]{0,20}?NUM\s*件`, `上年度?结转[^，,。；;0-9]{0,20}?NUM\s*件`,
/// `结转(?:至|到)?下一?年度?[^，,。；;0-9]{0,20}?NUM\s*件`,
/// `(?:收到|受理|接收)[^，,。；;0-9]{0,20}?申请[^，,。；;0-9]{0,12}?NUM\s*件`,
/// `办结[^，,。；;0-9]{0,10}?NUM\s*件`, `行政复议[^，,。、；;0-9]{0,12}?NUM\s*件`,
/// `行政诉讼[类案件]{0,3}\s*NUM\s*件`; `claim_at` matches them.
const CLAIMS: [(ClaimKind, usize, &[usize]); 7] = [
    (ClaimKind::NewReceived, NEW, &[F_THIS_YEAR]),
    (ClaimKind::CarriedIn, CARRY, &[F_LAST_YEAR]),
    (ClaimKind::CarriedOut, CARRY, &[F_CARRY]),
    (ClaimKind::Received, APPLY, &[F_GOT, F_ACCEPTED, F_TAKEN]),
    (ClaimKind::Concluded, DONE, &[F_DONE]),
    (ClaimKind::Review, REVIEW, &[F_REVIEW]),
    (ClaimKind::Litigation, SUIT, &[F_SUIT]),
];

/// What the lazy gaps `[^…0-9]` of the claim patterns may not cross (besides ASCII digits).
const STOPS: &[char] = &['，', ',', '。', '；', ';'];
/// The same with 、 (the gaps of 新收 and 行政复议).
const STOPS_COMMA: &[char] = &['，', ',', '。', '；', ';', '、'];

/// `lit` at byte `p`: the byte after it.
fn lit(text: &str, p: usize, lit: &str) -> Option<usize> {
    text[p..].starts_with(lit).then_some(p + lit.len())
}

/// An optional `lit` at byte `p` (taken when there, as a greedy `?` does): the byte after it.
fn opt(text: &str, p: usize, word: &str) -> usize {
    lit(text, p, word).unwrap_or(p)
}

/// `NUM\s*件` at byte `p`: the byte after 件. A run of digits (or of numerals) is taken whole
/// and so is the white space: giving any back leaves a digit or a space where 件 must be.
fn count_at(text: &str, p: usize) -> Option<usize> {
    let rest = &text[p..];
    let first = rest.chars().next()?;
    let tail = if first.is_ascii_digit() {
        rest.trim_start_matches(|c: char| c.is_ascii_digit())
    } else if is_cn_digit(first) {
        rest.trim_start_matches(is_cn_digit)
    } else {
        return None;
    };
    let tail = tail.trim_start_matches(char::is_whitespace);
    tail.starts_with('件').then(|| text.len() - tail.len() + '件'.len_utf8())
}

/// `[^<stops>0-9]{0,max}?` at byte `p` followed by what `then` matches: as a lazy repetition
/// does, `then` is tried after 0, 1, … gap characters and the first success wins.
fn lazy_gap(text: &str, mut p: usize, stops: &[char], max: usize, then: impl Fn(usize) -> Option<usize>) -> Option<usize> {
    for k in 0..=max {
        if let Some(end) = then(p) {
            return Some(end);
        }
        let c = text[p..].chars().next()?;
        if k == max || c.is_ascii_digit() || stops.contains(&c) {
            return None;
        }
        p += c.len_utf8();
    }
    None
}

/// The end of the match of `kind`'s pattern (see `CLAIMS`) that starts at byte `s`, if any.
/// The optional parts before the gaps are taken when present: the pattern's alternatives
/// without them can only match where the greedy choice already does.
fn claim_at(kind: ClaimKind, text: &str, s: usize) -> Option<usize> {
    let count = |p: usize| count_at(text, p);
    match kind {
        ClaimKind::NewReceived => {
            let p = lit(text, opt(text, lit(text, s, "本年")?, "度"), "新收")?;
            lazy_gap(text, p, STOPS_COMMA, 20, count)
        }
        ClaimKind::CarriedIn => {
            let p = lit(text, opt(text, lit(text, s, "上年")?, "度"), "结转")?;
            lazy_gap(text, p, STOPS, 20, count)
        }
        ClaimKind::CarriedOut => {
            let p = lit(text, s, "结转")?;
            let p = lit(text, p, "至").or_else(|| lit(text, p, "到")).unwrap_or(p);
            let p = lit(text, opt(text, lit(text, p, "下")?, "一"), "年")?;
            lazy_gap(text, opt(text, p, "度"), STOPS, 20, count)
        }
        ClaimKind::Received => {
            let p = ["收到", "受理", "接收"].iter().find_map(|w| lit(text, s, w))?;
            lazy_gap(text, p, STOPS, 20, |q| lazy_gap(text, lit(text, q, "申请")?, STOPS, 12, count))
        }
        ClaimKind::Concluded => lazy_gap(text, lit(text, s, "办结")?, STOPS, 10, count),
        ClaimKind::Review => lazy_gap(text, lit(text, s, "行政复议")?, STOPS_COMMA, 12, count),
        ClaimKind::Litigation => {
            let mut p = lit(text, s, "行政诉讼")?;
            // `[类案件]{0,3}` and `\s*` greedy: giving back leaves no numeral where NUM starts.
            for _ in 0..3 {
                match text[p..].chars().next() {
                    Some(c @ ('类' | '案' | '件')) => p += c.len_utf8(),
                    _ => break,
                }
            }
            count(text.len() - text[p..].trim_start_matches(char::is_whitespace).len())
        }
        _ => None,
    }
}

/// The end of the match of `(?:未|没有)(?:收到|接到|受理)[^，,。；;0-9]{0,12}?申请` (an
/// application-free year, N8) starting at byte `s`, if any.
fn not_received_at(text: &str, s: usize) -> Option<usize> {
    let p = lit(text, s, "未").or_else(|| lit(text, s, "没有"))?;
    let p = ["收到", "接到", "受理"].iter().find_map(|w| lit(text, p, w))?;
    lazy_gap(text, p, STOPS, 12, |q| lit(text, q, "申请"))
}

/// The end of the match of `无[^，,。；;0-9]{0,20}?提出[^，,。；;0-9]{0,12}?申请` (N8, as
/// 无人提出…申请) starting at byte `s`, if any.
fn none_submitted_at(text: &str, s: usize) -> Option<usize> {
    let p = lit(text, s, "无")?;
    lazy_gap(text, p, STOPS, 20, |q| lazy_gap(text, lit(text, q, "提出")?, STOPS, 12, |r| lit(text, r, "申请")))
}

/// `\s*` at byte `p`: the byte after the white space.
fn spaces(text: &str, p: usize) -> usize {
    text.len() - text[p..].trim_start_matches(char::is_whitespace).len()
}

/// `(?:19|20)[0-9]{2}\s*年\s*<month>\s*月\s*<day>\s*日` at byte `p`: the byte after 日.
fn date_at(text: &str, p: usize, month: &str, day: &str) -> Option<usize> {
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
fn stat_start_at(text: &str, s: usize) -> Option<usize> {
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
fn stat_end_at(text: &str, s: usize) -> Option<usize> {
    date_at(text, spaces(text, lit(text, s, "至")?), "12", "31")
}

/// The matches of `kind`'s pattern, as `find_iter` finds them: see `matches_from`.
fn claim_matches(kind: ClaimKind, text: &str, anchors: &[usize], found: impl FnMut(Range<usize>)) {
    matches_from(text, anchors, |s| claim_at(kind, text, s), found);
}

/// The matches of a pattern as `find_iter` finds them (leftmost first, each search starting
/// where the previous match ended), given that every match starts at one of `anchors` (each
/// starting with a three-byte character) and that `at(s)` is the end of the match starting at
/// byte `s`, if any.
fn matches_from(text: &str, anchors: &[usize], at: impl Fn(usize) -> Option<usize>, mut found: impl FnMut(Range<usize>)) {
    let b = text.as_bytes();
    // The next occurrence of each anchor at or after `from` (`usize::MAX`: none; 0 before
    // the first search).
    let mut next = [0usize; 3];
    let mut from = 0;
    loop {
        let mut s = usize::MAX;
        for (n, &a) in next.iter_mut().zip(anchors) {
            if *n <= from {
                *n = finder(a).find(&b[from..]).map_or(usize::MAX, |i| from + i);
            }
            s = s.min(*n);
        }
        if s == usize::MAX {
            return;
        }
        match at(s) {
            Some(end) => {
                found(s..end);
                from = end;
            }
            // Every anchor starts with a three-byte character.
            None => from = s + 3,
        }
    }
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

/// Clauses and sentences are looked for at most this many bytes around a match, so a huge line
/// without punctuation stays linear.
const REACH: usize = 1200;

/// The char boundary at or before byte `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary at or after byte `i`.
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The clause (between `，。；` and friends) around the match `at..end`.
fn clause(text: &str, at: usize, end: usize) -> &str {
    let is_sep = |c: char| matches!(c, '，' | ',' | '。' | '；' | ';' | '！' | '？');
    let lo = ceil_boundary(text, at.saturating_sub(REACH));
    let hi = floor_boundary(text, (end + REACH).min(text.len()));
    let start = text[lo..at].rfind(is_sep).map_or(lo, |i| lo + i + text[lo + i..].chars().next().map_or(1, char::len_utf8));
    let stop = text[end..hi].find(is_sep).map_or(hi, |i| end + i);
    &text[start..stop]
}

fn claims(text: &str, words: Words, out: &mut ProseParse) {
    if words.has(JIAN) {
        for (kind, word, anchors) in CLAIMS {
            if !words.has(word) {
                continue;
            }
            // The number is the run of digits (or Chinese numerals) right before the final 件.
            claim_matches(kind, text, anchors, |whole| {
                let Some(num) = number_before_unit(text, whole.clone()) else { return };
                let Some(v) = parse_cn_number(&text[num.clone()]) else { return };
                // "行政复议纠错" and "败诉" are outcomes, not counts of cases.
                if matches!(kind, ClaimKind::Review | ClaimKind::Litigation) {
                    let cl = clause(text, whole.start, whole.end);
                    if cl.contains("纠错") || cl.contains("败诉") {
                        return;
                    }
                }
                out.claims.push((kind, num, v));
            });
        }
    }
    // Both say "no application": neither can match without 申请.
    if words.has(APPLY) {
        let mut push = |m: Range<usize>| out.claims.push((ClaimKind::NoApplications, m, 0));
        matches_from(text, &[F_NOT, F_NOT_HAVE], |s| not_received_at(text, s), &mut push);
        matches_from(text, &[F_NONE], |s| none_submitted_at(text, s), &mut push);
    }
    if !words.has(REVIEW) && !words.has(SUIT) {
        return;
    }
    static NO_WORD: OnceLock<WordSearcher> = OnceLock::new();
    for m in NO_WORD.get_or_init(|| packed(&["没有", "未", "无"])).find_iter(text) {
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

/// The units a breakdown's total and parts are counted in.
const UNITS: [char; 6] = ['件', '条', '次', '篇', '个', '项'];

/// The matches of `NUM\s*(件|条|次|篇|个|项)[，,]?\s*其中[：:，,]?` as `find_iter` finds
/// them, read backwards from each 其中: (match, NUM, unit). Every step of the pattern is
/// forced (no part can give back a character the next part accepts), so each 其中 has at
/// most one match, starting where its run of digits (or numerals) starts; matches of later
/// 其中 start after earlier ones end.
fn breakdown_heads(text: &str, mut found: impl FnMut(Range<usize>, Range<usize>, char)) {
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
fn unit_counts(text: &str) -> impl Iterator<Item = (Range<usize>, char)> + '_ {
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
fn breakdowns(text: &str, words: Words, sentences: &mut Sentences, out: &mut ProseParse) {
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

fn years(text: &str, words: Words, sentences: &mut Sentences, out: &mut ProseParse) {
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
        let in_title = count(head, F_OPEN) > 0 && count(head, F_OPEN) > count(head, F_CLOSE);
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
fn year_mentions(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = text.as_bytes();
    finder(F_NIAN).find_iter(b).filter_map(move |at| {
        let digits_end = text[..at].trim_end_matches(char::is_whitespace).len();
        let start = digits_end.checked_sub(4)?;
        let d = &b[start..digits_end];
        (matches!(&d[..2], b"19" | b"20") && d[2].is_ascii_digit() && d[3].is_ascii_digit()).then_some(start..at + "年".len())
    })
}

/// Whether `text` states a count: ASCII digits, optional spaces, then 件 or 条.
fn has_count(text: &str) -> bool {
    static S: OnceLock<WordSearcher> = OnceLock::new();
    let counted = |at: usize| text[..at].trim_end_matches(char::is_whitespace).ends_with(|c: char| c.is_ascii_digit());
    S.get_or_init(|| packed(&["件", "条"])).find_iter(text).any(|m| counted(m.start()))
}

/// Sentence bounds of one paragraph, found on first use and reused for every mention.
#[derive(Default)]
struct Sentences {
    /// Byte offsets of the sentence-final marks 。！？, in order (`None` until needed).
    ends: Option<Vec<usize>>,
}

impl Sentences {
    /// The sentence (between `。！？`) around byte `at`, at most `REACH` bytes each way.
    fn around(&mut self, text: &str, words: Words, at: usize) -> Range<usize> {
        let ends = self.ends.get_or_insert_with(|| {
            let b = text.as_bytes();
            let mut v: Vec<usize> = finder(F_STOP).find_iter(b).collect();
            // ！ and ？ are rare: looked for only when the paragraph has them.
            let rare = [(BANG, F_BANG), (ASK, F_ASK)].into_iter().filter(|&(w, _)| words.has(w));
            let sorted = v.len();
            for (_, f) in rare {
                v.extend(finder(f).find_iter(b));
            }
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
    claims(text, words, &mut out);
    breakdowns(text, words, &mut sentences, &mut out);
    years(text, words, &mut sentences, &mut out);
    out
}

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
