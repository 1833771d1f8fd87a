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
        packed.each(text, |m| {
            mask |= match m.pattern().as_usize() {
                0 => 1 << DONE | 1 << CARRY,
                i => 1 << (i - 1),
            };
            mask != all
        });
        Words(mask)
    }
    /// Whether the paragraph has any of the words whose bits are set in `mask`.
    fn any(self, mask: u32) -> bool {
        self.0 & mask != 0
    }
    fn has(self, word: usize) -> bool {
        self.0 & (1 << word) != 0
    }
}

/// The substrings searched for with a prebuilt `memchr` finder (building one costs more than
/// a search of a paragraph), by the index constants below (each found by its needle at compile
/// time).
const NEEDLES: [&str; 20] = ["年", "！", "？", "其中", "本年", "上年", "结转", "收到", "受理", "接收", "办结", "行政复议", "行政诉讼", "未", "没有", "无", "统计", "至", "答复", "处理"];

/// The index of `word` in `NEEDLES` (a compile error when it is not there).
const fn needle(word: &str) -> usize {
    let mut i = 0;
    while i < NEEDLES.len() {
        if crate::text::same_str(NEEDLES[i], word) {
            return i;
        }
        i += 1;
    }
    panic!("not a needle")
}

const F_NIAN: usize = needle("年");
const F_BANG: usize = needle("！");
const F_ASK: usize = needle("？");
const F_AMONG: usize = needle("其中");
const F_THIS_YEAR: usize = needle("本年");
const F_LAST_YEAR: usize = needle("上年");
const F_CARRY: usize = needle("结转");
const F_GOT: usize = needle("收到");
const F_ACCEPTED: usize = needle("受理");
const F_TAKEN: usize = needle("接收");
const F_DONE: usize = needle("办结");
const F_REVIEW: usize = needle("行政复议");
const F_SUIT: usize = needle("行政诉讼");
const F_NOT: usize = needle("未");
const F_NOT_HAVE: usize = needle("没有");
const F_NONE: usize = needle("无");
const F_STATS: usize = needle("统计");
const F_TO: usize = needle("至");
const F_REPLY: usize = needle("答复");
const F_HANDLE: usize = needle("处理");

/// The prebuilt finder of `NEEDLES[which]`.
fn finder(which: usize) -> &'static memchr::memmem::Finder<'static> {
    static F: OnceLock<[memchr::memmem::Finder<'static>; NEEDLES.len()]> = OnceLock::new();
    &F.get_or_init(|| NEEDLES.map(memchr::memmem::Finder::new))[which]
}

/// The CJK symbols and punctuation of `b` from U+3000 to U+303F (。 《 》 and the like, all
/// `E3 80 xx`): each one's byte offset and last byte. They are found by their lead byte `E3`,
/// which in Chinese text leads little else (kana, rare characters), so there are far fewer
/// places to look at than a substring search visits.
fn cjk_punctuation(b: &[u8]) -> impl Iterator<Item = (usize, u8)> + '_ {
    memchr::memchr_iter(0xe3, b).filter_map(|i| match b.get(i + 1..i + 3) {
        Some(&[0x80, last]) => Some((i, last)),
        _ => None,
    })
}

/// Whether `head` leaves a 《 (`E3 80 8A`) open: it has more 《 than 》 (`E3 80 8B`).
fn title_open(head: &str) -> bool {
    let (mut open, mut close) = (0usize, 0usize);
    for (_, last) in cjk_punctuation(head.as_bytes()) {
        match last {
            0x8a => open += 1,
            0x8b => close += 1,
            _ => {}
        }
    }
    open > close
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
        let mut first = None;
        self.each(text, |m| {
            first = Some(m);
            false
        });
        first
    }
    /// Hand each match to `f`, in order, until `f` returns false. (A loop per searcher kind:
    /// chaining the two kinds' iterators cost a branch maze on every match.)
    #[inline]
    fn each(&self, text: &str, mut f: impl FnMut(aho_corasick::Match) -> bool) {
        match self {
            WordSearcher::Packed(s) => {
                for m in s.find_iter(text) {
                    if !f(m) {
                        return;
                    }
                }
            }
            WordSearcher::Automaton(a) => {
                for m in a.find_iter(text) {
                    if !f(m) {
                        return;
                    }
                }
            }
        }
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

/// `lit` at byte `p`: the byte after it.
#[inline]
fn lit(text: &str, p: usize, lit: &str) -> Option<usize> {
    text[p..].starts_with(lit).then_some(p + lit.len())
}

/// An optional `lit` at byte `p` (taken when there, as a greedy `?` does): the byte after it.
#[inline]
fn opt(text: &str, p: usize, word: &str) -> usize {
    lit(text, p, word).unwrap_or(p)
}

/// `NUM\s*件` at byte `p`: the byte after 件. A run of digits (or of numerals) is taken whole
/// and so is the white space: giving any back leaves a digit or a space where 件 must be.
#[inline]
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
#[inline]
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

/// `\s*` at byte `p`: the byte after the white space.
#[inline]
fn spaces(text: &str, p: usize) -> usize {
    text.len() - text[p..].trim_start_matches(char::is_whitespace).len()
}
/// The matches of a pattern as `find_iter` finds them (leftmost first, each search starting
/// where the previous match ended), given that every match starts at one of `anchors` (each
/// starting with a three-byte character) and that `at(s)` is the end of the match starting at
/// byte `s`, if any.
#[inline]
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
#[inline]
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
#[inline]
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary at or after byte `i`.
#[inline]
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The clause (between `，。；` and friends) around the match `at..end`.
#[inline]
fn clause(text: &str, at: usize, end: usize) -> &str {
    let is_sep = |c: char| matches!(c, '，' | ',' | '。' | '；' | ';' | '！' | '？');
    let lo = ceil_boundary(text, at.saturating_sub(REACH));
    let hi = floor_boundary(text, (end + REACH).min(text.len()));
    let start = text[lo..at].rfind(is_sep).map_or(lo, |i| lo + i + text[lo + i..].chars().next().map_or(1, char::len_utf8));
    let stop = text[end..hi].find(is_sep).map_or(hi, |i| end + i);
    &text[start..stop]
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
            // 。 is `E3 80 82`.
            let mut v: Vec<usize> = cjk_punctuation(b).filter(|&(_, last)| last == 0x82).map(|(i, _)| i).collect();
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

mod claims;
mod counts;
mod years;

use claims::claims;
#[cfg(test)]
use claims::{claim_matches, CLAIMS, none_submitted_at, not_received_at};
use counts::breakdowns;
#[cfg(test)]
use counts::{breakdown_heads, unit_counts};
use years::years;
#[cfg(test)]
use years::{has_count, stat_end_at, stat_start_at, year_mentions};

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
