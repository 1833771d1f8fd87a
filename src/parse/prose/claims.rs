//! The claim patterns (spec §2.5 N1–N9): counts of applications, reviews and lawsuits stated in
//! a paragraph, and the sentences saying there were none, each matched by hand from its anchor
//! word (the regexes they stand for are in `reference.rs` and the tests).

use super::*;

/// The claim patterns (N1–N7), each the kind, the bits of the `WORDS` one of which the text
/// must contain for it to be tried, and the `NEEDLES` every match starts with. As regexes
/// (with `NUM` = `([0-9]+|[零〇一…千]+)`), in this order:
/// `本年度?新收[^，,。；;、0-9]{0,20}?NUM\s*件`, `上年度?结转[^，,。；;0-9]{0,20}?NUM\s*件`,
/// `结转(?:至|到)?下一?年度?[^，,。；;0-9]{0,20}?NUM\s*件`,
/// `(?:收到|受理|接收)[^，,。；;0-9]{0,20}?申请[^，,。；;0-9]{0,12}?NUM\s*件`,
/// `办结[^，,。；;0-9]{0,10}?NUM\s*件`, `(?:答复|处理)(?:[^，,。；;0-9]{0,12}?申请)?\s*NUM\s*件`,
/// `行政复议[^，,。、；;0-9]{0,12}?NUM\s*件`, `行政诉讼[类案件]{0,3}\s*NUM\s*件`; `claim_at`
/// matches them. (答复/处理 takes nothing but an application between it and the number:
/// 「处理结果为予以公开3件」 is not the year's handled applications.)
pub(super) const CLAIMS: [(ClaimKind, u32, &[usize]); 8] = [
    (ClaimKind::NewReceived, 1 << NEW, &[F_THIS_YEAR]),
    (ClaimKind::CarriedIn, 1 << CARRY, &[F_LAST_YEAR]),
    (ClaimKind::CarriedOut, 1 << CARRY, &[F_CARRY]),
    (ClaimKind::Received, 1 << APPLY, &[F_GOT, F_ACCEPTED, F_TAKEN]),
    (ClaimKind::Concluded, 1 << DONE, &[F_DONE]),
    // A 答复/处理 claim is kept only in a sentence about applications (`handled_claim`): a
    // paragraph without 申请 has none, whatever its 答复/处理.
    (ClaimKind::Handled, 1 << APPLY, &[F_REPLY, F_HANDLE]),
    (ClaimKind::Review, 1 << REVIEW, &[F_REVIEW]),
    (ClaimKind::Litigation, 1 << SUIT, &[F_SUIT]),
];

/// Words right before 答复/处理 that make it a part of the year's handling, not all of it
/// (不予处理, 其他处理, 不再处理, 延期答复, 逾期…).
const PART_PREFIXES: [&str; 6] = ["不予", "其他", "其它", "不再", "延期", "逾期"];

/// Whether the 答复/处理 match `m` counts the year's handled applications: not a part of them
/// (`PART_PREFIXES`), not 处理费 (the fee), and in a sentence about applications (申请).
pub(super) fn handled_claim(text: &str, m: &Range<usize>) -> bool {
    let before = &text[..m.start];
    !PART_PREFIXES.iter().any(|p| before.ends_with(p)) && !text[m.start..].starts_with("处理费") && sentence_has(text, m.start, m.end, "申请")
}

/// Whether the sentence (between 。！？, at most `REACH` bytes each way) around `at..end` holds
/// `word`.
fn sentence_has(text: &str, at: usize, end: usize, word: &str) -> bool {
    let lo = ceil_boundary(text, at.saturating_sub(REACH));
    let hi = floor_boundary(text, (end + REACH).min(text.len()));
    let start = text[lo..at].rfind(['。', '！', '？']).map_or(lo, |i| lo + i + '。'.len_utf8());
    let stop = text[end..hi].find(['。', '！', '？']).map_or(hi, |i| end + i);
    text[start..stop].contains(word)
}

/// What ends the look after an N8 match for the 复议/诉讼 it may be about: a clause mark, an
/// enumeration mark or a conjunction (「未收到申请及行政复议」 says neither happened).
const AFTER_STOPS: &[char] = &['，', ',', '。', '；', ';', '、', '及', '和', '与', '或'];

/// Whether an N8 match `m` (「未收到…申请」, 「无…提出…申请」) says no one applied for
/// information, and not that no review or lawsuit was brought over an application: not when
/// the match names 复议/诉讼 or a cause (「无人提出行政复议申请」, 「未收到因…申请…」), nor when
/// 复议/诉讼 follows the 申请 within ten characters of the same clause
/// (「没有收到政府信息公开申请引起的行政复议」). As regexes: the match does not contain
/// `复议|诉讼|因`, and the text after it does not match `^[^，,。；;、及和与或0-9]{0,10}?(?:复议|诉讼)`.
pub(super) fn about_applications(text: &str, m: &Range<usize>) -> bool {
    let body = &text[m.clone()];
    if ["复议", "诉讼", "因"].iter().any(|w| body.contains(w)) {
        return false;
    }
    lazy_gap(text, m.end, AFTER_STOPS, 10, |q| lit(text, q, "复议").or_else(|| lit(text, q, "诉讼"))).is_none()
}

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
        ClaimKind::Handled => {
            let p = lit(text, s, "答复").or_else(|| lit(text, s, "处理"))?;
            // The optional `(?:GAP申请)?` tried first, for each gap length, then left out.
            lazy_gap(text, p, STOPS, 12, |q| count(spaces(text, lit(text, q, "申请")?))).or_else(|| count(spaces(text, p)))
        }
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
            if !words.any(word) {
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
                if kind == ClaimKind::Handled && !handled_claim(text, &whole) {
                    return;
                }
                out.claims.push((kind, num, v));
            });
        }
    }
    // Both say "no application": neither can match without 申请.
    if words.has(APPLY) {
        let mut push = |m: Range<usize>| {
            if about_applications(text, &m) {
                out.claims.push((ClaimKind::NoApplications, m, 0));
            }
        };
        matches_from(text, &[F_NOT, F_NOT_HAVE], |s| not_received_at(text, s), &mut push);
        matches_from(text, &[F_NONE], |s| none_submitted_at(text, s), &mut push);
    }
    if !words.has(REVIEW) && !words.has(SUIT) {
        return;
    }
    static NO_WORD: OnceLock<WordSearcher> = OnceLock::new();
    NO_WORD.get_or_init(|| packed(&["没有", "未", "无"])).each(text, |m| {
        let cl_end = text[m.end()..].find(['，', ',', '。', '；', ';']).map_or(text.len(), |i| m.end() + i);
        let cl = &text[m.end()..cl_end];
        if ["纠错", "败诉", "纠正", "撤销", "违法"].iter().any(|w| cl.contains(w)) {
            return true;
        }
        for (word, kind) in [("行政复议", ClaimKind::NoReview), ("行政诉讼", ClaimKind::NoLitigation)] {
            if let Some(i) = cl.find(word) {
                if cl[..i].chars().count() <= 12 && !cl[..i].chars().any(|c| c.is_ascii_digit()) {
                    out.claims.push((kind, m.start()..m.end() + i + word.len(), 0));
                }
            }
        }
        true
    });
}
