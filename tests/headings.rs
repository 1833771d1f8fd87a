//! Misnumbered and odd section headings in real reports: a stray letter before the numeral,
//! two headings numbered 四、, 七、 after 五、, a differently worded heading. Each is a
//! `structure_heading_numeral` warning on that heading, and the section is found by its
//! wording: never a `structure_missing_section` error for a section that is there.

use nianbao::{check_text, CheckOptions};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn rules_at(text: &str) -> Vec<(&'static str, String)> {
    check_text(text, &CheckOptions::default()).findings.iter().filter(|f| f.rule.starts_with("structure_")).map(|f| (f.rule, text[f.span.clone()].to_string())).collect()
}

#[test]
fn misnumbered_headings_are_warnings_not_missing_sections() {
    let text = fixture("010_hongze_2024.txt");
    assert!(rules_at(&text).is_empty(), "{:?}", rules_at(&text));
    let cases = [
        ("一、总体情况", "A一、总体情况"),
        ("五、存在的主要问题及改进情况", "四、存在的主要问题及改进情况"),
        ("六、其他需要报告的事项", "七、其他需要报告的事项"),
        ("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施"),
    ];
    for (from, to) in cases {
        assert!(text.contains(from), "{from}");
        let changed = text.replacen(from, to, 1);
        let got = rules_at(&changed);
        if from.starts_with('五') && to.starts_with('五') {
            // Worded differently but numbered right: found, nothing to say.
            assert!(got.is_empty(), "{to}: {got:?}");
            continue;
        }
        assert_eq!(got, vec![("structure_heading_numeral", to.to_string())], "{to}");
    }
}
