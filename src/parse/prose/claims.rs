//! The claim patterns (spec §2.5 N1–N9): counts of applications, reviews and lawsuits stated in
//! a paragraph, and the sentences saying there were none, each matched by hand from its anchor
//! word (the regexes they stand for are in `reference.rs` and the tests).

use super::*;

/// The claim patterns (N1–N7), each the kind, the index in `WORDS` of a word the text must
/// contain for it to be tried, and the `NEEDLES` every match starts with. As regexes (with
/// `NUM` = `([0-9]+|[零〇一…千]+)`), in this order:
/// `本年度?新收[^，,。；;、0-9]{0,20}?NUM\s*件`, `上年度?结转[^，,。；;0-9]{0,20}?NUM\s*件`,
/// `结转(?:至|到)?下一?年度?[^，,。；;0-9]{0,20}?NUM\s*件`,
/// `(?:收到|受理|接收)[^，,。；;0-9]{0,20}?申请[^，,。；;0-9]{0,12}?NUM\s*件`,
/// `办结[^，,。；;0-9]{0,10}?NUM\s*件`, `行政复议[^，,。、；;0-9]{0,12}?NUM\s*件`,
/// `行政诉讼[类案件]{0,3}\s*NUM\s*件`; `claim_at` matches them.
pub(super) const CLAIMS: [(ClaimKind, usize, &[usize]); 7] = [
    (ClaimKind::NewReceived, NEW, &[F_THIS_YEAR]),
    (ClaimKind::CarriedIn, CARRY, &[F_LAST_YEAR]),
    (ClaimKind::CarriedOut, CARRY, &[F_CARRY]),
    (ClaimKind::Received, APPLY, &[F_GOT, F_ACCEPTED, F_TAKEN]),
    (ClaimKind::Concluded, DONE, &[F_DONE]),
    (ClaimKind::Review, REVIEW, &[F_REVIEW]),
    (ClaimKind::Litigation, SUIT, &[F_SUIT]),
];

/// What the lazy gaps `[^…0-9]` of the claim patterns may not cross (besides ASCII digits).
pub(super) const STOPS: &[char] = &['，', ',', '。', '；', ';'];
/// The same with 、 (the gaps of 新收 and 行政复议).
pub(super) const STOPS_COMMA: &[char] = &['，', ',', '。', '；', ';', '、'];

/// The end of the match of `kind`'s pattern (see `CLAIMS`) that starts at byte `s`, if any.
/// The optional parts before the gaps are taken when present: the pattern's alternatives
/// without them can only match where the greedy choice already does.
pub(super) fn claim_at(kind: ClaimKind, text: &str, s: usize) -> Option<usize> {
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
pub(super) fn not_received_at(text: &str, s: usize) -> Option<usize> {
    let p = lit(text, s, "未").or_else(|| lit(text, s, "没有"))?;
    let p = ["收到", "接到", "受理"].iter().find_map(|w| lit(text, p, w))?;
    lazy_gap(text, p, STOPS, 12, |q| lit(text, q, "申请"))
}

/// The end of the match of `无[^，,。；;0-9]{0,20}?提出[^，,。；;0-9]{0,12}?申请` (N8, as
/// 无人提出…申请) starting at byte `s`, if any.
pub(super) fn none_submitted_at(text: &str, s: usize) -> Option<usize> {
    let p = lit(text, s, "无")?;
    lazy_gap(text, p, STOPS, 20, |q| lazy_gap(text, lit(text, q, "提出")?, STOPS, 12, |r| lit(text, r, "申请")))
}

/// The matches of `kind`'s pattern, as `find_iter` finds them: see `matches_from`.
pub(super) fn claim_matches(kind: ClaimKind, text: &str, anchors: &[usize], found: impl FnMut(Range<usize>)) {
    matches_from(text, anchors, |s| claim_at(kind, text, s), found);
}

pub(super) fn claims(text: &str, words: Words, out: &mut ProseParse) {
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
    static NO_WORD: OnceLock<aho_corasick::packed::Searcher> = OnceLock::new();
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
