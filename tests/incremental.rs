//! Differential property test of the incremental document: after any sequence of edits, the
//! incremental state equals a fresh analysis of the final text.

use nianbao::analysis::Analysis;
use nianbao::document::Document;
use nianbao::CheckOptions;
use proptest::prelude::*;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn base() -> String {
    // Reports back to back: edits can merge, split and re-segment them. The third is padded
    // with spaces instead of TABs, so edits also make and unmake the tables only labels reveal.
    format!("{}\n{}\n{}", fixture("001_7e3cf29f5d278207.txt"), fixture("010_hongze_2024.txt"), fixture("009_hongze_2023.txt").replace('\t', "    "))
}

const PIECES: &[&str] = &[
    "", "0", "7", "41", "\t", "\n", "\r\n", "\r", "\t0\n", "\n\n", "一、总体情况\n", "四、政府信息公开行政复议、行政诉讼情况\n",
    "某局2021年政府信息公开工作年度报告\n", "（七）总计", "\t（七）总计\n\t1\n", "2022年", "行政诉讼3件", "其中", "总计", "\u{a0}", "𠀀", "😀", "年", "    ", "  0  ", "申请人情况\n", " | ",
];

fn check_same(d: &Document) -> Result<(), TestCaseError> {
    let fresh = Document::new(&d.rope().to_string(), CheckOptions::default());
    let a = d.state();
    let b = fresh.state();
    let offs = |s: &[(usize, Analysis)]| s.iter().map(|x| x.0).collect::<Vec<_>>();
    prop_assert_eq!(offs(&a), offs(&b));
    for (x, y) in a.iter().zip(&b) {
        prop_assert!(x.1 == y.1, "analysis of the report at byte {} differs from a fresh parse", x.0);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_fresh(edits in prop::collection::vec((0.0f64..1.0, 0usize..40, 0usize..PIECES.len()), 1..12)) {
        let text = base();
        let mut d = Document::new(&text, CheckOptions::default());
        for (pos, del, piece) in edits {
            let len = d.rope().len_bytes();
            let start = ((len as f64) * pos) as usize;
            d.edit(start..start + del, PIECES[piece]);
        }
        check_same(&d)?;
    }

    /// The server applies several edits before analysing once: the merged changed region
    /// must cover them all.
    #[test]
    fn batched_edits_equal_fresh(edits in prop::collection::vec((0.0f64..1.0, 0usize..40, 0usize..PIECES.len()), 1..12)) {
        let text = base();
        let mut d = Document::new(&text, CheckOptions::default());
        for (pos, del, piece) in edits {
            let len = d.rope().len_bytes();
            let start = ((len as f64) * pos) as usize;
            d.apply_edit(start..start + del, PIECES[piece]);
        }
        d.refresh();
        check_same(&d)?;
    }
}

#[test]
#[allow(clippy::reversed_empty_ranges)]
fn out_of_range_and_mid_character_edits_are_clamped() {
    let text = base();
    let mut d = Document::new(&text, CheckOptions::default());
    d.edit(1..2, "x"); // inside the first CJK character of the title
    d.edit(usize::MAX - 1..usize::MAX, "尾");
    d.edit(50..10, "");
    let fresh = Document::new(&d.rope().to_string(), CheckOptions::default());
    assert!(d.state() == fresh.state());
}
