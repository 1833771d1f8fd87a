//! Unit tests for the prose parser: the seeds' claims and breakdowns, the patterns it must not
//! match, and agreement with `reference` (the regex implementation) on fixtures and random text.
use super::reference;
use super::*;
use regex::Regex;

/// The plain definition `Sentences::around` must agree with.
fn sentence(text: &str, at: usize) -> Range<usize> {
    let is_sep = |c: char| matches!(c, '。' | '！' | '？');
    let lo = ceil_boundary(text, at.saturating_sub(REACH));
    let hi = floor_boundary(text, (at + REACH).min(text.len()));
    let start = text[lo..at].rfind(is_sep).map_or(lo, |i| lo + i + '。'.len_utf8());
    let stop = text[at..hi].find(is_sep).map_or(hi, |i| at + i);
    start..stop
}

#[test]
fn chinese_digits_are_cn_digits() {
    for c in CN_DIGITS.chars() {
        assert!(is_cn_digit(c), "{c}");
    }
    let all: String = ('\u{0}'..='\u{FFFF}').filter(|&c| is_cn_digit(c)).collect();
    assert_eq!(all.chars().count(), CN_DIGITS.chars().count(), "{all}");
}

#[test]
fn words_are_found_as_by_substring_search() {
    // Every way two words can overlap is covered: only 办结 and 结转 share a character.
    for (i, a) in WORDS.iter().enumerate() {
        for b in &WORDS[i + 1..] {
            let overlaps = (1..a.chars().count()).any(|k| b.starts_with(&a[a.char_indices().nth(k).unwrap().0..]))
                || (1..b.chars().count()).any(|k| a.starts_with(&b[b.char_indices().nth(k).unwrap().0..]))
                || a.contains(b)
                || b.contains(a);
            assert_eq!(overlaps, (*a, *b) == ("结转", "办结"), "{a} {b}");
        }
    }
    for text in ["已办结转入下年度3件", "本年新收申请12件，其中行政复议1件", "统计年度！", "无？"] {
        let w = Words::of(text);
        for (i, word) in WORDS.iter().enumerate() {
            assert_eq!(w.has(i), text.contains(word), "{text} {word}");
        }
    }
}

proptest::proptest! {
    #[test]
    fn sentences_and_years_agree_with_plain_definitions(parts in proptest::collection::vec(proptest::sample::select(vec!["。", "！", "？", "，", "2021", "1999", "2", " ", "\u{3000}", "年", "共", "件", "条", "x".repeat(700).leak()]), 0..24)) {
        let text = parts.concat();
        let mut sentences = Sentences::default();
        let words = Words::of(&text);
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            proptest::prop_assert_eq!(sentences.around(&text, words, at), sentence(&text, at));
        }
        let count = Regex::new(r"[0-9]+\s*[件条]").unwrap();
        proptest::prop_assert_eq!(has_count(&text), count.is_match(&text));
        let re = Regex::new(r"((?:19|20)[0-9]{2})\s*年").unwrap();
        let want: Vec<Range<usize>> = re.find_iter(&text).map(|m| m.range()).collect();
        proptest::prop_assert_eq!(year_mentions(&text).collect::<Vec<_>>(), want);
    }
}

#[test]
fn seed_001_claims() {
    let t = "区政府共受理依申请公开41件,其中本年新收41件，上年结转0件，结转至下年办理0件。2022年我区因政府信息公开工作被申请行政复议2件、提起行政诉讼0件。";
    let p = parse(t);
    let kinds: Vec<(ClaimKind, i64)> = p.claims.iter().map(|c| (c.0, c.2)).collect();
    assert!(kinds.contains(&(ClaimKind::Received, 41)));
    assert!(kinds.contains(&(ClaimKind::NewReceived, 41)));
    assert!(kinds.contains(&(ClaimKind::CarriedIn, 0)));
    assert!(kinds.contains(&(ClaimKind::CarriedOut, 0)));
    assert!(kinds.contains(&(ClaimKind::Review, 2)));
    assert!(kinds.contains(&(ClaimKind::Litigation, 0)));
    let y = p.years.iter().find(|y| y.year == 2022).unwrap();
    assert!(!y.planning && y.with_stats);
}

#[test]
fn seed_003_breakdown() {
    let t = "2020年，区投资促进局主动公开政府信息225条，其中：1.组织机构类信息3条；2.部门文件类信息3条；3.动态类信息36条；4.财政预决算信息2条；5.其他信息176条。通过政府网站发布信息49条。";
    let p = parse(t);
    assert_eq!(p.breakdowns.len(), 1);
    let (span, total, parts, _) = &p.breakdowns[0];
    assert_eq!(&t[span.clone()], "225");
    assert_eq!(*total, 225);
    assert_eq!(parts.iter().map(|p| p.0).sum::<i64>(), 220);
    assert_eq!(&t[parts[4].1.clone()], "176");
}

#[test]
fn non_exhaustive_lists_are_ignored() {
    let p = parse("回应关切336次，其中新闻发布会2场、意见征求16次、民意反馈11条。");
    assert!(p.breakdowns.is_empty());
    let p = parse("发布各类办事服务指引 403 项，其中直接办事服务 19 项。");
    assert!(p.breakdowns.is_empty());
}

#[test]
fn outcomes_are_not_counts() {
    let p = parse("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。");
    assert!(p.claims.is_empty(), "{:?}", p.claims);
    let p = parse("本年度无公民、法人或其他组织向我局提出政府信息公开申请，我局也没有行政复议或行政诉讼需要公开。");
    let kinds: Vec<ClaimKind> = p.claims.iter().map(|c| c.0).collect();
    assert!(kinds.contains(&ClaimKind::NoApplications));
    assert!(kinds.contains(&ClaimKind::NoReview));
    assert!(kinds.contains(&ClaimKind::NoLitigation));
}

/// The N8 ("no applications") claims of `text`.
fn no_applications(text: &str) -> Vec<&str> {
    parse(text).claims.iter().filter(|c| c.0 == ClaimKind::NoApplications).map(|c| &text[c.1.clone()]).collect()
}

#[test]
fn a_negation_about_reviews_is_not_a_year_without_applications() {
    // The applications were received; what did not happen is a review or a lawsuit.
    for text in [
        "本年度收到政府信息公开申请1件，已按时答复，没有因政府信息公开申请行政复议、行政诉讼的情况。",
        "本年度收到政府信息公开申请1件，未收到因政府信息公开申请引起的行政复议。",
        "本年度共收到申请3件，没有收到政府信息公开申请引起的行政复议和行政诉讼。",
        "收到政府信息公开申请2件，无人提出行政复议申请。",
        "收到政府信息公开申请2件，无人因政府信息公开申请提出行政复议申请。",
        "受理申请5件，未受理针对政府信息公开申请的行政诉讼。",
        "收到政府信息公开申请1件，没有收到政府信息公开申请而被申请行政复议的情况。",
    ] {
        assert_eq!(no_applications(text), Vec::<&str>::new(), "{text}");
        assert_eq!(parse(text), reference::parse(text), "{text}");
    }
    // A year without applications still says so, also next to a review sentence.
    for (text, claim) in [
        ("本年度我局未收到政府信息公开申请。", "未收到政府信息公开申请"),
        ("本年度无公民、法人或其他组织向我局提出政府信息公开申请，我局也没有行政复议或行政诉讼。", "无公民、法人或其他组织向我局提出政府信息公开申请"),
        ("本年度未收到政府信息公开申请及行政复议、行政诉讼。", "未收到政府信息公开申请"),
        ("全年未收到政府信息公开申请，未发生行政复议。", "未收到政府信息公开申请"),
        ("本年度未收到关于本机关的政府信息公开申请。", "未收到关于本机关的政府信息公开申请"),
    ] {
        assert_eq!(no_applications(text), vec![claim], "{text}");
        assert_eq!(parse(text), reference::parse(text), "{text}");
    }
}

#[test]
fn answered_and_handled_counts() {
    let handled = |text: &str| -> Vec<i64> { parse(text).claims.iter().filter(|c| c.0 == ClaimKind::Handled).map(|c| c.2).collect() };
    let cases: [(&str, &[i64]); 9] = [
        ("全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复）。", &[3050]),
        ("本年度共处理政府信息公开申请120件。", &[120]),
        ("收到申请58件，依法答复58件。", &[58]),
        ("属信访、重复申请等不予处理 80 件，其他处理 319 件（含申请人主动撤回 157 件）。", &[]),
        ("申请的处理结果为予以公开3件。", &[]),
        ("收到申请5件，延期答复2件。", &[]),
        ("收取信息处理费的申请1件。", &[]),
        ("妥善处理群众来信12件。", &[]),
        ("及时处理12件。", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(handled(text), want.to_vec(), "{text}");
        assert_eq!(parse(text), reference::parse(text), "{text}");
    }
}

#[test]
fn plans_and_ranges_are_not_future_claims() {
    let p = parse("编制《2021-2025年发展规划》，到2035年基本实现。");
    assert!(p.years.iter().all(|y| y.planning), "{:?}", p.years);
}

use proptest::strategy::Strategy;

/// Pieces of paragraphs that exercise every pattern: the words each starts with or
/// contains, numbers in both scripts, white space, and the punctuation its gaps stop at.
const TOKENS: [&str; 89] = [
    "本年", "本年度", "新收", "上年", "结转", "至", "到", "下", "一", "下一年度", "年度", "度", "收到", "受理", "接收", "接到", "申请", "办结",
    "行政复议", "行政诉讼", "类", "案", "纠错", "败诉", "其中", "：", ":", "，", ",", "、", "。", "；", ";", "！", "？", "件", "条", "次", "项",
    "其他", "1.", "2、", "12", "0", "7", "三", "十", " ", "\u{3000}", "年", "统计期限", "统计", "2021", "1999", "1月1日", "12月31日", "2021年1月1日至2021年12月31日", "未", "没有",
    "无", "提出", "（", "x", "《", "》", "公开", "前", "时限", "区间", "时间", "期间", "1 月 1 日", "12 月31日", "20", "31日", "统计期间为", "至 2022年", "人",
    "答复", "处理", "不予", "延期", "费", "因", "复议", "诉讼", "及", "的", "。申请",
];

/// A hand matcher: the end of its pattern's match starting at a byte, if any.
type Matcher = fn(&str, usize) -> Option<usize>;

/// A random token.
fn token() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(TOKENS.to_vec())
}

/// A stretch that is close to a match: a pattern's opening words, a few tokens, a number,
/// maybe a space, a unit, and sometimes ，其中.
fn near_match() -> impl Strategy<Value = String> {
    let opening = proptest::sample::select(vec![
        "本年新收", "本年度新收", "上年结转", "上年度结转", "结转至下年度", "结转到下一年", "结转下年", "收到", "受理", "接收", "办结", "行政复议",
        "行政诉讼", "行政诉讼类案件", "没有收到", "未受理", "无人提出", "", "其中", "答复", "处理", "依法答复", "不予处理", "其他处理", "延期答复",
        "处理政府信息公开申请", "处理费", "未收到因", "没有收到政府信息公开申请引起的行政复议", "无人提出行政复议申请", "未收到申请及",
    ]);
    let number = proptest::sample::select(vec!["12", "0", "三", "十二", "7", "2021", "一百"]);
    let space = proptest::sample::select(vec!["", " ", "\u{3000}"]);
    let unit = proptest::sample::select(vec!["件", "条", "项", "次", "年"]);
    let among = proptest::sample::select(vec!["", "", "，其中", "其中：", ", 其中,", "，其中1.", "申请"]);
    (opening, proptest::collection::vec(token(), 0..4), number, space.clone(), unit, among, space).prop_map(|(o, gap, n, s, u, a, s2)| format!("{o}{}{n}{s}{u}{s2}{a}", gap.concat()))
}

/// A list that may be an exhaustive breakdown: items of a label, a number and a unit,
/// sometimes numbered or led by 其他, between separators.
fn near_list() -> impl Strategy<Value = String> {
    let lead = proptest::sample::select(vec!["", "1.", "2、", "其他", "其它", " 3."]);
    let number = proptest::sample::select(vec!["12", "0", "三", "7", "5"]);
    let unit = proptest::sample::select(vec!["件", "条", "项", "件（含2件）"]);
    let sep = proptest::sample::select(vec!["，", "、", "；", ",", "。", ""]);
    let item = (lead, proptest::collection::vec(token(), 0..2), number, unit, sep).prop_map(|(l, t, n, u, s)| format!("{l}{}{n}{u}{s}", t.concat()));
    proptest::collection::vec(item, 1..5).prop_map(|items| format!("24件，其中：{}", items.concat()))
}

/// A stretch that is close to a statistics-period date: an opening, a few tokens, then a
/// `YYYY年M月D日` date with spaces here and there.
fn near_date() -> impl Strategy<Value = String> {
    let opening = proptest::sample::select(vec!["统计期限", "统计期间为", "统计时间：", "统计区间", "统计", "至", "至 ", "到"]);
    let year = proptest::sample::select(vec!["2021", "1999", "2101", "20 21", "202"]);
    let md = proptest::sample::select(vec![("1", "1"), ("12", "31"), ("1", "31"), ("12", "1"), ("11", "1")]);
    let space = proptest::sample::select(vec!["", " ", "\u{3000}"]);
    (opening, proptest::collection::vec(token(), 0..3), year, space.clone(), md, space).prop_map(|(o, gap, y, s, (m, d), s2)| format!("{o}{}{y}{s}年{s2}{m}{s}月{d}{s2}日", gap.concat()))
}

/// A paragraph made of `TOKENS`, near matches, dates and lists.
fn paragraph() -> impl Strategy<Value = String> {
    let piece = proptest::prop_oneof![token().prop_map(String::from), near_match(), near_date(), near_list()];
    proptest::collection::vec(piece, 0..24).prop_map(|t| t.concat())
}

/// The claim patterns as regexes (`CLAIMS`' order), with `NUM` spelled out.
fn claim_regexes() -> Vec<Regex> {
    let num = format!("([0-9]+|[{CN_DIGITS}]+)");
    [
        r"本年度?新收[^，,。；;、0-9]{0,20}?NUM\s*件",
        r"上年度?结转[^，,。；;0-9]{0,20}?NUM\s*件",
        r"结转(?:至|到)?下一?年度?[^，,。；;0-9]{0,20}?NUM\s*件",
        r"(?:收到|受理|接收)[^，,。；;0-9]{0,20}?申请[^，,。；;0-9]{0,12}?NUM\s*件",
        r"办结[^，,。；;0-9]{0,10}?NUM\s*件",
        r"(?:答复|处理)(?:[^，,。；;0-9]{0,12}?申请)?\s*NUM\s*件",
        r"行政复议[^，,。、；;0-9]{0,12}?NUM\s*件",
        r"行政诉讼[类案件]{0,3}\s*NUM\s*件",
    ]
    .map(|s| Regex::new(&s.replace("NUM", &num)).unwrap())
    .to_vec()
}

#[test]
fn fixture_lines_parse_as_before() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        for line in text.lines() {
            assert_eq!(parse(line), reference::parse(line), "{line}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_agrees_with_the_regex_implementation(text in paragraph()) {
        proptest::prop_assert_eq!(parse(&text), reference::parse(&text));
    }

    #[test]
    fn hand_matches_agree_with_find_iter(text in paragraph()) {
        for ((kind, _, anchors), re) in CLAIMS.into_iter().zip(claim_regexes()) {
            let mut got = Vec::new();
            claim_matches(kind, &text, anchors, |m| got.push(m));
            let want: Vec<Range<usize>> = re.find_iter(&text).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(got, want, "{:?}", kind);
        }
        let re = Regex::new(&r"NUM\s*(件|条|次|篇|个|项)[，,]?\s*其中[：:，,]?".replace("NUM", &format!("([0-9]+|[{CN_DIGITS}]+)"))).unwrap();
        let mut got = Vec::new();
        breakdown_heads(&text, |m, n, unit| got.push((m, n, unit)));
        let want: Vec<_> = re.captures_iter(&text).map(|c| (c.get(0).unwrap().range(), c.get(1).unwrap().range(), c[2].chars().next().unwrap())).collect();
        proptest::prop_assert_eq!(got, want);
        let re = Regex::new(&r"NUM\s*(件|条|次|篇|个|项)".replace("NUM", &format!("([0-9]+|[{CN_DIGITS}]+)"))).unwrap();
        let want: Vec<_> = re.captures_iter(&text).map(|c| (c.get(1).unwrap().range(), c[2].chars().next().unwrap())).collect();
        proptest::prop_assert_eq!(unit_counts(&text).collect::<Vec<_>>(), want);
        let others: [(&str, &[usize], Matcher); 4] = [
            (r"(?:未|没有)(?:收到|接到|受理)[^，,。；;0-9]{0,12}?申请", &[F_NOT, F_NOT_HAVE], not_received_at),
            (r"无[^，,。；;0-9]{0,20}?提出[^，,。；;0-9]{0,12}?申请", &[F_NONE], none_submitted_at),
            (r"统计(?:期限|时限|区间|时间|期间)[^。]{0,10}?((?:19|20)[0-9]{2})\s*年\s*1\s*月\s*1\s*日", &[F_STATS], stat_start_at),
            (r"至\s*((?:19|20)[0-9]{2})\s*年\s*12\s*月\s*31\s*日", &[F_TO], stat_end_at),
        ];
        for (re, anchors, at) in others {
            let mut got = Vec::new();
            matches_from(&text, anchors, |s| at(&text, s), |m| got.push(m));
            let want: Vec<Range<usize>> = Regex::new(re).unwrap().find_iter(&text).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(got, want, "{}", re);
        }
    }
}

/// The automaton used where the packed SIMD searcher is unavailable (WebAssembly) finds the
/// same leftmost-first matches.
#[test]
fn word_searcher_fallback_finds_the_same_matches() {
    let words = [&["办结转"], &WORDS[..]].concat();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/013_shuyang_2025.txt")).expect("fixture");
    let spans = |s: &WordSearcher| {
        let mut v = Vec::new();
        s.each(&text, |m| {
            v.push((m.start(), m.end(), m.pattern()));
            true
        });
        v
    };
    let fallback = WordSearcher::Automaton(automaton(&words));
    assert!(matches!(packed(&words), WordSearcher::Packed(_)), "this CPU has the packed searcher");
    let want = spans(&packed(&words));
    assert!(want.len() > 20, "{}", want.len());
    assert_eq!(spans(&fallback), want);
    assert_eq!(fallback.find("尚未办结转入").map(|m| m.pattern().as_usize()), Some(0));
}
