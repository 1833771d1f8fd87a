//! Bad input never panics, hangs or produces spans outside the text: property tests with
//! random garbage and random edits of real reports, plus edge cases.

use nianbao::{check_text, fill_totals, CheckOptions};
use proptest::prelude::*;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn sound(text: &str) -> Result<(), TestCaseError> {
    let opts = CheckOptions::default();
    let r = check_text(text, &opts);
    for f in &r.findings {
        prop_assert!(f.span.start <= f.span.end && f.span.end <= text.len());
        prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        for rel in &f.related {
            prop_assert!(rel.span.end <= text.len() && text.is_char_boundary(rel.span.start));
        }
    }
    let edits = fill_totals(text, &opts);
    let mut at = 0;
    for e in &edits {
        prop_assert!(e.range.start >= at && e.range.end <= text.len(), "edits sorted and disjoint");
        prop_assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
        at = e.range.end;
    }
    Ok(())
}

const ALPHABET: &[&str] = &["\t", "\n", "\r", "\r\n", "\u{a0}", "\u{3000}", "0", "9", "41", "-", ".", "/", "总计", "（七）", "一、", "四、", "年", "2099年", "件", "其中", "😀", "𠀀", "|", " ", "第二十条第（一）项", "行政复议"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn garbage_never_panics(pieces in prop::collection::vec(0usize..ALPHABET.len(), 0..400)) {
        let text: String = pieces.iter().map(|i| ALPHABET[*i]).collect();
        sound(&text)?;
    }

    #[test]
    fn random_edits_of_real_reports(seed in 0usize..11, edits in prop::collection::vec((0.0f64..1.0, 0usize..30, 0usize..ALPHABET.len()), 1..20)) {
        let names = ["000_17fa4905ce5d6912.txt", "001_7e3cf29f5d278207.txt", "002_d67b1e978b819952.txt", "003_e4e4e77264e12983.txt", "004_bce8275da3ca3d23.txt", "009_hongze_2023.txt", "010_hongze_2024.txt", "011_huaian_2024.txt", "012_shuyang_fgj_2023.txt", "013_shuyang_2025.txt", "014_shanghai_bgt_2025.txt"];
        let mut text = fixture(names[seed]);
        for (pos, del, piece) in edits {
            let mut a = ((text.len() as f64) * pos) as usize;
            while !text.is_char_boundary(a) { a -= 1; }
            let mut b = (a + del).min(text.len());
            while !text.is_char_boundary(b) { b += 1; }
            text.replace_range(a..b, ALPHABET[piece]);
        }
        sound(&text)?;
    }

    #[test]
    fn truncation_anywhere(seed in 0usize..2, cut in 0.0f64..1.0) {
        let mut text = fixture(if seed == 0 { "001_7e3cf29f5d278207.txt" } else { "010_hongze_2024.txt" });
        let mut n = ((text.len() as f64) * cut) as usize;
        while !text.is_char_boundary(n) { n -= 1; }
        text.truncate(n);
        sound(&text)?;
    }
}

#[test]
fn edge_cases() {
    for text in ["", " ", "\n\n\n", "\t", "\u{feff}", "\r", "|", "||||", "一、", "（七）总计\t\t\t\t\t\t\t99999999999999999999999"] {
        let r = check_text(text, &CheckOptions::default());
        assert!(r.findings.iter().all(|f| f.span.end <= text.len()));
    }
    // Pathological inputs: a header block repeated thousands of times, a row of 100 000 cells,
    // one huge line of prose without sentence punctuation, full of patterns. They stay sound,
    // and linear in what they build and say: twice the input gives at most twice as much (and a
    // few items more), so nothing is found once per pair of repetitions. The guard is a count,
    // not a clock; how long they take is measured by the benches.
    type Make = fn(usize) -> String;
    let inputs: [(&str, Make); 3] = [
        ("repeated header", |n| format!("某局2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n{}", "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\n".repeat(n))),
        ("wide row", |n| format!("（七）总计{}\n", "\t1".repeat(5 * n))),
        ("unpunctuated prose", |n| format!("某局2020年政府信息公开工作年度报告\n一、总体情况\n{}\n", "被申请行政复议1件2020年《规划其中3件".repeat(n))),
    ];
    for (name, make) in inputs {
        let (once, twice) = (output_size(&make(10_000)), output_size(&make(20_000)));
        assert!(twice <= 2 * once + 16, "{name}: {once} items from n repetitions, {twice} from 2n");
    }
}

/// What checking `text` builds and says, counted: each report's findings with their related
/// cells, its fill edits, and the items of its model (headings, paragraphs, claims, breakdowns,
/// year mentions, label issues, unreadable rows, unknown tables). The findings' spans are
/// checked sound on the way.
fn output_size(text: &str) -> usize {
    let per_report = nianbao::analysis::map_reports(text, &CheckOptions::default(), |off, a| {
        let r = &a.report;
        let model = r.headings.len() + r.paragraphs.len() + r.claims.len() + r.breakdowns.len() + r.years.len() + r.label_issues.len() + r.unreadable.len() + r.unknown_tables.len();
        let edits = a.fill_edits().len();
        let findings: Vec<_> = a.findings.into_iter().map(|f| f.shifted(off)).collect();
        for f in &findings {
            assert!(f.span.start <= f.span.end && f.span.end <= text.len() && text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
        model + edits + findings.iter().map(|f| 1 + f.related.len()).sum::<usize>()
    });
    per_report.into_iter().sum()
}

#[test]
fn a_5_mb_text_is_checked() {
    let one = fixture("009_hongze_2023.txt");
    let text = one.repeat(5_000_000 / one.len() + 1);
    let r = check_text(&text, &CheckOptions::default());
    assert!(r.findings.iter().filter(|f| f.rule == "t4_total").count() >= 2 * (5_000_000 / one.len()));
}
