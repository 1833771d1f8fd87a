//! Every rule on a fixture that breaks it and on one that satisfies it. Broken variants are
//! made from the real reports by editing their text; each test checks the rule fires at the
//! right characters (and, for totals, that its fix makes the equation hold).

use nianbao::{check_text, fill_totals, CheckOptions, Finding, Num};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

const R001: &str = "001_7e3cf29f5d278207.txt";
const R009: &str = "009_hongze_2023.txt";

/// Replace the first occurrence of `from` (which must exist).
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "pattern not in fixture: {from:?}");
    text.replacen(from, to, 1)
}

fn fires(text: &str, rule: &str) -> Vec<Finding> {
    check_text(text, &CheckOptions::default()).findings.into_iter().filter(|f| f.rule == rule).collect()
}

/// The rule fires on the broken text, at a span reading `at`, and not on the original.
fn broken_and_clean(original: &str, broken: &str, rule: &str, at: &str) -> Finding {
    assert!(fires(original, rule).is_empty(), "{rule} fires on the unmodified report");
    let found = fires(broken, rule);
    let f = found.into_iter().next().unwrap_or_else(|| panic!("{rule} does not fire"));
    assert_eq!(&broken[f.span.clone()], at, "{rule} points at the wrong text");
    f
}

fn apply_fix(text: &str, f: &Finding) -> String {
    let e = f.fix.as_ref().expect("a fix");
    format!("{}{}{}", &text[..e.range.start], e.new_text, &text[e.range.end..])
}

const NEW_ROW: &str = "\t一、本年新收政府信息公开申请数量\n\t36\n\t5\n\t0\n\t0\n\t0\n\t0\n\t41\n";

#[test]
fn t3_row_total() {
    let t = fixture(R001);
    let b = edit(&t, NEW_ROW, &NEW_ROW.replace("\t41\n", "\t40\n"));
    let f = broken_and_clean(&t, &b, "t3_row_total", "40");
    assert_eq!((f.stated, f.expected), (Some(Num::Int(40)), Some(Num::Int(41))));
    assert_eq!(f.related.len(), 6);
    assert!(f.fix_is_total());
    assert!(fires(&apply_fix(&b, &f), "t3_row_total").is_empty());
}

#[test]
fn t3_row_total_blank_total() {
    let t = fixture(R001);
    let b = edit(&t, NEW_ROW, &NEW_ROW.replace("\t41\n", "\t\n"));
    let f = fires(&b, "t3_row_total").into_iter().next().expect("blank total reported");
    assert_eq!((f.stated, f.expected), (None, Some(Num::Int(41))));
    assert!(f.span.is_empty());
    let fixed = apply_fix(&b, &f);
    assert!(fixed.contains(NEW_ROW));
}

#[test]
fn t3_total_vs_leaves() {
    let t = fixture(R001);
    let b = edit(&t, "\t（七）总计\n\t36\n", "\t（七）总计\n\t35\n");
    let f = broken_and_clean(&t, &b, "t3_total_vs_leaves", "35");
    assert_eq!((f.stated, f.expected), (Some(Num::Int(35)), Some(Num::Int(36))));
    assert!(fires(&apply_fix(&b, &f), "t3_total_vs_leaves").is_empty());
}

#[test]
fn t3_column_balance() {
    let t = fixture(R001);
    let b = edit(&t, "\t四、结转下年度继续办理\n\t0\n", "\t四、结转下年度继续办理\n\t3\n");
    let f = broken_and_clean(&t, &b, "t3_column_balance", "3");
    // A suggestion, not the preferred fix: 四 = 一 + 二 − （七） = 0.
    assert!(!f.fix_is_total());
    assert_eq!(f.fix.as_ref().unwrap().new_text, "0");
}

#[test]
fn t4_total() {
    let t = fixture(R009);
    let f = fires(&t, "t4_total");
    assert_eq!(f.len(), 2);
    assert!(fires(&fixture(R001), "t4_total").is_empty());
    let mut fixed = t.clone();
    for e in fill_totals(&t, &CheckOptions::default()).iter().rev() {
        fixed.replace_range(e.range.clone(), &e.new_text);
    }
    assert!(fires(&fixed, "t4_total").is_empty());
}

#[test]
fn values() {
    let t = fixture(R001);
    let open = "\t（一）予以公开\n\t4\n";
    for (cell, rule) in [("abc", "value_invalid"), ("-4", "value_negative"), ("4.5", "value_decimal"), ("99999999999999999999999", "value_overflow"), ("/", "value_blank")] {
        let b = edit(&t, open, &format!("\t（一）予以公开\n\t{cell}\n"));
        let f = fires(&b, rule);
        assert!(!f.is_empty(), "{rule} does not fire for {cell}");
        assert!(fires(&t, rule).is_empty(), "{rule} fires on the original");
        if rule != "value_blank" {
            assert_eq!(&b[f[0].span.clone()], cell);
        }
    }
}

#[test]
fn value_unit_in_a_2021_amount() {
    let t = fixture(R009);
    let b = edit(&t, "\t7730.28\n", "\t7730.28元\n");
    broken_and_clean(&t, &b, "value_unit", "7730.28元");
}

#[test]
fn structure_rules() {
    let t = fixture(R001);
    let b = edit(&t, "五、存在的主要问题及改进情况\n", "");
    assert!(!fires(&b, "structure_missing_section").is_empty());
    assert!(fires(&t, "structure_missing_section").is_empty());

    let b = edit(&edit(&t, "五、存在的主要问题及改进情况", "@@"), "六、其他需要报告的事项", "五、存在的主要问题及改进情况").replace("@@", "六、其他需要报告的事项");
    broken_and_clean(&t, &b, "structure_section_order", "五、存在的主要问题及改进情况");

    let start = t.find("四、政府信息公开行政复议").unwrap();
    let end = t.find("五、存在的主要问题").unwrap();
    let heading_end = start + t[start..].find('\n').unwrap() + 1;
    let b = format!("{}{}", &t[..heading_end], &t[end..]);
    assert!(fires(&b, "structure_missing_table").iter().any(|f| f.message.zh.contains("表四")));
    assert!(fires(&t, "structure_missing_table").is_empty());

    let b = edit(&t, "\t\n\t\n\t2.重复申请\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n", "");
    assert!(fires(&b, "structure_missing_row").iter().any(|f| f.message.zh.contains("2.重复申请")));
    assert!(fires(&t, "structure_missing_row").is_empty());

    // Table 3 moved under section 二 (its heading now after the table).
    let h3 = "三、收到和处理政府信息公开申请情况\n";
    let b = edit(&edit(&t, h3, ""), "四、政府信息公开行政复议", &format!("{h3}四、政府信息公开行政复议"));
    assert!(!fires(&b, "structure_table_place").is_empty());
    assert!(fires(&t, "structure_table_place").is_empty());

    let t4 = fixture("004_bce8275da3ca3d23.txt");
    assert_eq!(&t4[fires(&t4, "structure_heading_numeral")[0].span.clone()], "主动公开政府信息情况");
    assert!(fires(&t, "structure_heading_numeral").is_empty());
}

#[test]
fn labels_templates_and_title() {
    let t3 = fixture("003_e4e4e77264e12983.txt");
    let f = fires(&t3, "label_variant");
    assert_eq!(&t3[f[0].span.clone()], "2.没有现成信息需另行制作");
    let fixed = edit(&t3, "2.没有现成信息需另行制作", "2.没有现成信息需要另行制作");
    assert!(fires(&fixed, "label_variant").is_empty());
    // The finding carries the rewrite (not a total: not preferred), and applying it clears it.
    assert!(!f[0].fix_is_total());
    assert!(fires(&apply_fix(&t3, &f[0]), "label_variant").is_empty());

    let t = fixture(R001);
    let b = edit(&t, "2020年政府信息公开工作年度报告", "2023年政府信息公开工作年度报告");
    let f = fires(&b, "template_mismatch");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, nianbao::Severity::Error);
    assert!(fires(&t, "template_mismatch").is_empty());

    let b = edit(&t, "\t本年新\n制作数量\n", "\t本年制发件数\n");
    // Reported on the marker of the minority template.
    broken_and_clean(&t, &b, "template_mixed", "本年制发件数");

    let b = edit(&t, "2020年政府信息公开工作年度报告", "2020年政府信息公开工作报告");
    assert!(!fires(&b, "title_format").is_empty());
    assert!(fires(&t, "title_format").is_empty());
}

#[test]
fn year_rules() {
    let t = fixture(R001);
    assert_eq!(&t[fires(&t, "year_future")[0].span.clone()], "2022");
    assert!(fires(&fixture("000_17fa4905ce5d6912.txt"), "year_future").is_empty());

    let b = edit(&t, "2022年我区", "2021年我区");
    assert!(fires(&b, "year_future").is_empty());
    broken_and_clean(&t, &b, "year_next_with_stats", "2021");

    let b = edit(&t, "一、总体情况\n", "一、总体情况\n本报告统计期限为2019年1月1日至2019年12月31日。\n");
    let f = fires(&b, "year_stat_period");
    assert_eq!(f.len(), 2);
    assert_eq!(&b[f[0].span.clone()], "2019");
    let ok = edit(&t, "一、总体情况\n", "一、总体情况\n本报告统计期限为2020年1月1日至2020年12月31日。\n");
    assert!(fires(&ok, "year_stat_period").is_empty());
    // Plans and ranges are not future claims.
    let plan = edit(&t, "一、总体情况\n", "一、总体情况\n落实《2021—2025年规划》，力争到2035年基本实现现代化。\n");
    assert_eq!(fires(&plan, "year_future").len(), 1, "only the real 2022 typo");
}

#[test]
fn narrative_rules() {
    let t = fixture(R001);
    let cases = [
        ("其中本年新收41件", "其中本年新收40件", "n1_new_received", "40"),
        ("上年结转0件", "上年结转2件", "n2_carried_in", "2"),
        ("结转至下年办理0件", "结转至下年办理3件", "n3_carried_out", "3"),
        ("受理依申请公开41件", "受理依申请公开45件", "n4_received", "45"),
        ("被申请行政复议2件", "被申请行政复议3件", "n6_review", "3"),
    ];
    for (from, to, rule, at) in cases {
        let b = edit(&t, from, to);
        broken_and_clean(&t, &b, rule, at);
    }
    let b = edit(&t, "一、总体情况\n", "一、总体情况\n全年办结40件。\n");
    broken_and_clean(&t, &b, "n5_concluded", "40");
    let ok = edit(&t, "一、总体情况\n", "一、总体情况\n全年办结41件。\n");
    assert!(fires(&ok, "n5_concluded").is_empty());

    // n7: 001's own mismatch, fixed by writing the table's value.
    assert_eq!(fires(&t, "n7_litigation").len(), 1);
    assert!(fires(&edit(&t, "提起行政诉讼0件", "提起行政诉讼1件"), "n7_litigation").is_empty());

    let b = edit(&t, "一、总体情况\n", "一、总体情况\n本年度我区未收到政府信息公开申请。\n");
    broken_and_clean(&t, &b, "n8_no_applications", "未收到政府信息公开申请");
    assert!(fires(&fixture("003_e4e4e77264e12983.txt"), "n8_no_applications").is_empty());

    let b = edit(&t, "一、总体情况\n", "一、总体情况\n我区没有行政复议案件。\n");
    broken_and_clean(&t, &b, "n9_no_review_litigation", "没有行政复议");
    assert!(fires(&fixture("000_17fa4905ce5d6912.txt"), "n9_no_review_litigation").is_empty());

    let t3 = fixture("003_e4e4e77264e12983.txt");
    assert_eq!(&t3[fires(&t3, "n12_breakdown_sum")[0].span.clone()], "225");
    assert!(fires(&edit(&t3, "5.其他信息176条", "5.其他信息181条"), "n12_breakdown_sum").is_empty());
    assert!(fires(&t, "n12_breakdown_sum").is_empty(), "001's lists add up or are not exhaustive");
}

/// Every narrative mismatch with a number carries the fix that writes the table's figure into
/// the sentence (in the sentence's numerals), and applying it clears the finding.
#[test]
fn narrative_fixes_follow_the_tables() {
    use nianbao::FixKind;
    let t = fixture(R001);
    let cases = [
        ("其中本年新收41件", "其中本年新收40件", "n1_new_received", "41"),
        ("上年结转0件", "上年结转2件", "n2_carried_in", "0"),
        ("受理依申请公开41件", "受理依申请公开45件", "n4_received", "41"),
        ("被申请行政复议2件", "被申请行政复议3件", "n6_review", "2"),
        ("被申请行政复议2件", "被申请行政复议十二件", "n6_review", "二"),
        ("提起行政诉讼0件", "提起行政诉讼0件", "n7_litigation", "1"),
    ];
    for (from, to, rule, want) in cases {
        let b = edit(&t, from, to);
        let f = fires(&b, rule).into_iter().next().unwrap_or_else(|| panic!("{rule} does not fire on {to}"));
        assert_eq!(f.fix_kind, FixKind::Narrative, "{rule}");
        assert_eq!(f.fix.as_ref().map(|e| e.new_text.as_str()), Some(want), "{rule}");
        assert!(fires(&apply_fix(&b, &f), rule).is_empty(), "{rule} still fires after its fix");
    }
    // "No applications" has no number to replace: no fix.
    let b = edit(&t, "一、总体情况\n", "一、总体情况\n本年度我区未收到政府信息公开申请。\n");
    assert!(fires(&b, "n8_no_applications")[0].fix.is_none());
    // A total its own parts prove wrong is not written into the text: filling totals comes first.
    let wrong = edit(&edit(&t, "\t0\n\t0\n\t0\n\t2\n\t2\n", "\t0\n\t0\n\t0\n\t2\n\t5\n"), "被申请行政复议2件", "被申请行政复议2件");
    let f = fires(&wrong, "n6_review").into_iter().next().expect("n6_review against a wrong total");
    assert_eq!((f.stated, f.expected), (Some(Num::Int(2)), Some(Num::Int(5))));
    assert!(f.fix.is_none(), "the table's 5 is proven wrong (0 + 0 + 0 + 2)");
}

/// A table cell a sentence states, left blank with its parts blank too, gets `n_blank_cell`
/// (information) with the fix that writes the sentence's figure; not when its parts give it.
#[test]
fn n_blank_cell() {
    let t = fixture(R001);
    assert!(fires(&t, "n_blank_cell").is_empty());
    let b = edit(&t, "\t0\n\t0\n\t0\n\t2\n\t2\n", "\t\n\t\n\t\n\t\n\t\n");
    let f = fires(&b, "n_blank_cell").into_iter().next().expect("n_blank_cell on 行政复议 总计");
    assert_eq!(f.severity, nianbao::Severity::Info);
    assert!(f.span.is_empty());
    assert_eq!(f.fix.as_ref().map(|e| e.new_text.as_str()), Some("2"));
    let fixed = apply_fix(&b, &f);
    assert!(fixed.contains("\t\n\t\n\t\n\t\n\t2\n"), "the 总计 cell is filled");
    assert!(fires(&fixed, "n_blank_cell").is_empty());
    // Parts filled, total blank: the totals fill is the proven fix, not the sentence.
    let parts = edit(&t, "\t0\n\t0\n\t0\n\t2\n\t2\n", "\t0\n\t0\n\t0\n\t2\n\t\n");
    assert!(fires(&parts, "n_blank_cell").is_empty());
}

#[test]
fn table2_plausibility() {
    let t = fixture(R001);
    let b = edit(&t, "\t规范性文件\n\t10\n\t10\n\t106\n", "\t规范性文件\n\t10\n\t10\n\t6\n");
    broken_and_clean(&t, &b, "t2_plausibility", "6");
    let t4 = fixture("004_bce8275da3ca3d23.txt");
    let f = fires(&t4, "t2_column_misuse");
    assert_eq!(&t4[f[0].span.clone()], "141");
    assert_eq!(f[0].severity, nianbao::Severity::Info);
}

#[test]
fn disabled_rules_are_not_reported() {
    let t = fixture(R009);
    let opts = CheckOptions { disabled_rules: ["t4_total".to_string()].into_iter().collect(), ..Default::default() };
    assert!(check_text(&t, &opts).findings.iter().all(|f| f.rule != "t4_total"));
}

#[test]
fn corner_cell_fix_only_where_row_and_column_agree() {
    let t = fixture(R001);
    let total_row = "\t（七）总计\n\t36\n\t5\n\t0\n\t0\n\t0\n\t0\n\t41\n";
    // Corner wrong, row and column agree on 41: the fix is offered and `fill_totals` agrees.
    let b = edit(&t, total_row, &total_row.replace("\t41\n", "\t40\n"));
    let corner: Vec<Finding> = fires(&b, "t3_total_vs_leaves");
    assert_eq!(corner.len(), 1);
    assert_eq!(corner[0].fix.as_ref().unwrap().new_text, "41");
    let mut fixed = b.clone();
    for e in fill_totals(&b, &CheckOptions::default()).iter().rev() {
        fixed.replace_range(e.range.clone(), &e.new_text);
    }
    assert!(fixed == t, "fill_totals restores the corner");
    // Corner wrong and the row's own columns disagree (natural persons 30): no corner fix.
    let b = edit(&t, total_row, &total_row.replace("\t36\n", "\t30\n").replace("\t41\n", "\t40\n"));
    let corner = fires(&b, "t3_total_vs_leaves").into_iter().find(|f| f.expected == Some(Num::Int(41))).expect("corner finding");
    assert!(corner.fix.is_none());
}

#[test]
fn value_overflow_in_a_row_sum() {
    // Each cell fits in 64 bits; their sum does not. The row is reported, never skipped.
    let t = fixture(R001);
    let huge = "5000000000000000000";
    let b = edit(&t, NEW_ROW, &NEW_ROW.replace("\t36\n\t5\n", &format!("\t{huge}\n\t{huge}\n")));
    let f = fires(&b, "value_overflow");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&b[f[0].span.clone()], "41", "reported on the row's total");
    assert!(f[0].message.zh.contains("一、本年新收政府信息公开申请数量"), "{}", f[0].message.zh);
    assert!(fires(&t, "value_overflow").is_empty());
    assert!(fires(&b, "t3_row_total").is_empty(), "an overflow is not a wrong total");
}

#[test]
fn a_unit_in_a_count_cell_is_a_warning_and_the_number_counts() {
    let t = fixture(R001);
    let open = "\t（一）予以公开\n\t4\n";
    for cell in ["4笔", "4件", "4 项", "４件"] {
        let b = edit(&t, open, &format!("\t（一）予以公开\n\t{cell}\n"));
        let f = fires(&b, "value_unit");
        assert_eq!(f.len(), 1, "{cell}");
        assert_eq!(&b[f[0].span.clone()], cell);
        assert_eq!(f[0].severity, nianbao::Severity::Warning);
        assert_eq!(f[0].stated, Some(Num::Int(4)));
        let all = check_text(&b, &CheckOptions::default()).findings;
        assert!(all.iter().all(|f| f.severity != nianbao::Severity::Error || f.rule == "year_future"), "{cell}: {:?}", all.iter().map(|f| f.rule).collect::<Vec<_>>());
    }
    assert!(fires(&t, "value_unit").is_empty());
}

/// `text` with the table-3 cells chosen by `pick(row role, column, value)` made blank.
fn blank_t3(text: &str, pick: impl Fn(nianbao::template::T3Role, usize, Option<i64>) -> bool) -> String {
    let a = nianbao::analysis::analyze_report(text, &CheckOptions::default());
    let t3 = a.report.t3.as_ref().expect("table 3");
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for row in &t3.rows {
        let role = nianbao::template::T3_ROWS.iter().find(|d| d.key == row.key).expect("row").role;
        for (c, cell) in row.cells.iter().enumerate() {
            if let Some(cell) = cell.as_ref().filter(|cell| pick(role, c, cell.value.int())) {
                ranges.push(cell.span.clone());
            }
        }
    }
    let mut out = text.to_string();
    ranges.sort_by_key(|r| r.start);
    for r in ranges.iter().rev() {
        out.replace_range(r.clone(), "");
    }
    out
}

/// (rule, severity, stated, expected) of every finding, sorted: what must not change when
/// only cells are blanked (positions move).
fn summary(text: &str) -> Vec<(&'static str, nianbao::Severity, Option<Num>, Option<Num>)> {
    let mut v: Vec<_> = check_text(text, &CheckOptions::default()).findings.into_iter().map(|f| (f.rule, f.severity, f.stated, f.expected)).collect();
    v.sort_by_key(|x| format!("{x:?}"));
    v
}

fn fixed(text: &str) -> String {
    let mut out = text.to_string();
    for e in fill_totals(text, &CheckOptions::default()).iter().rev() {
        out.replace_range(e.range.clone(), &e.new_text);
    }
    out
}

#[test]
fn blank_for_zero_tables_report_the_blank_totals_with_their_sums() {
    use nianbao::template::T3Role;
    // 009 is layout A (one cell per line), 010 layout B (TAB rows); 001 has non-zero rows.
    for name in [R009, "010_hongze_2024.txt", R001] {
        let t = fixture(name);
        let zeros_blank = blank_t3(&t, |_, _, v| v == Some(0));
        // The outcome rows' 总计 column blank as well: each non-zero one is a missing total.
        let totals_blank = blank_t3(&t, |role, c, v| v == Some(0) || (role == T3Role::Leaf && c == 6));
        let a = nianbao::analysis::analyze_report(&t, &CheckOptions::default());
        let mut sums: Vec<i64> = a.report.t3.as_ref().unwrap().rows.iter().filter(|r| nianbao::template::T3_ROWS.iter().any(|d| d.key == r.key && d.role == T3Role::Leaf)).filter_map(|r| r.cells[6].as_ref()?.value.int()).filter(|&v| v != 0).collect();
        assert!(!sums.is_empty(), "{name}: some outcome row is not zero");

        // Zeros written as blanks: the same findings, plus the one note.
        let mut want = summary(&t);
        want.push(("t3_blank_as_zero", nianbao::Severity::Info, None, None));
        want.sort_by_key(|x| format!("{x:?}"));
        assert_eq!(summary(&zeros_blank), want, "{name}");

        // And the blank totals: exactly those, each with its sum, none stated.
        let found = fires(&totals_blank, "t3_row_total");
        let mut got: Vec<i64> = found.iter().map(|f| match (f.stated, f.expected) {
            (None, Some(Num::Int(v))) => v,
            other => panic!("{name}: {other:?}"),
        }).collect();
        got.sort();
        sums.sort();
        assert_eq!(got, sums, "{name}");
        assert!(found.iter().all(|f| f.span.is_empty() && f.fix.is_some()));
        let mut want_all = want.clone();
        want_all.extend(sums.iter().map(|&v| ("t3_row_total", nianbao::Severity::Error, None, Some(Num::Int(v)))));
        want_all.sort_by_key(|x| format!("{x:?}"));
        assert_eq!(summary(&totals_blank), want_all, "{name}: nothing else changes");

        // `fix` fills them (and nothing else of table 3): the result re-checks clean.
        let filled = fixed(&totals_blank);
        assert_eq!(filled, fixed(&zeros_blank), "{name}");
        assert!(fires(&filled, "t3_row_total").is_empty());
        assert!(!fires(&filled, "t3_blank_as_zero").is_empty());
    }
}

#[test]
fn a_table_that_writes_zeros_keeps_its_blanks_missing() {
    use nianbao::template::T3Role;
    let t = fixture(R009);
    // Every 0 blank but the 自然人 cell of 二、上年结转: the table writes 0, so blanks are missing.
    let b = blank_t3(&t, |role, c, v| v == Some(0) && !(role == T3Role::CarryIn && c == 0));
    assert!(fires(&b, "t3_blank_as_zero").is_empty());
    assert!(!fires(&b, "value_blank").is_empty());
    // A blank total with some part blank stays undecidable here, never a finding.
    let b = blank_t3(&t, |role, c, v| (v == Some(0) && !(role == T3Role::CarryIn && c == 0)) || (role == T3Role::Leaf && c == 6));
    assert!(fires(&b, "t3_row_total").iter().all(|f| f.stated.is_none()));
}

#[test]
fn answered_and_handled_counts_against_the_total() {
    let t = fixture(R001);
    // （七）总计 is 41 (一 41 + 二 0).
    let b = edit(&t, "一、总体情况\n", "一、总体情况\n本年度共收到政府信息公开申请41件，答复政府信息公开申请40件。\n");
    broken_and_clean(&t, &b, "n5_concluded", "40");
    for ok in ["答复41件", "依法处理政府信息公开申请41件", "答复41件（含上年结转0件）"] {
        let b = edit(&t, "一、总体情况\n", &format!("一、总体情况\n本年度共收到政府信息公开申请41件，{ok}。\n"));
        assert!(fires(&b, "n5_concluded").is_empty(), "{ok}");
    }
    // Parts of the handling are not the total.
    for part in ["不予处理3件", "其他处理4件", "延期答复2件"] {
        let b = edit(&t, "一、总体情况\n", &format!("一、总体情况\n本年度共收到政府信息公开申请41件，{part}。\n"));
        assert!(fires(&b, "n5_concluded").is_empty(), "{part}");
    }
    // 014: 「办结 1191 件（含上年结转 189 件）」 agrees with its table.
    assert!(fires(&fixture("014_shanghai_bgt_2025.txt"), "n5_concluded").is_empty());
}

#[test]
fn handled_may_count_the_carried_in_applications_too() {
    // 010: 一 95, 二 0 → make 二 5, （七） 100 (leaves: 予以公开 55), 四 0; 「答复100件（含上年结转5件）」
    // equals （七）, and 「处理100件」 equals 一 + 二 too; 「答复95件」 is neither.
    let t = fixture("010_hongze_2024.txt");
    let t = edit(&t, "二、上年结转政府信息公开申请数量\t\t\t0\t0\t0\t0\t0\t0\t0", "二、上年结转政府信息公开申请数量\t\t\t5\t0\t0\t0\t0\t0\t5");
    let t = edit(&t, "（一）予以公开\t\t50\t0\t0\t0\t0\t0\t50", "（一）予以公开\t\t55\t0\t0\t0\t0\t0\t55");
    let t = edit(&t, "（七）总计\t\t95\t0\t0\t0\t0\t0\t95", "（七）总计\t\t100\t0\t0\t0\t0\t0\t100");
    assert!(check_text(&t, &CheckOptions::default()).findings.iter().all(|f| !f.rule.starts_with("t3_")), "a consistent table");
    let line = |s: &str| edit(&t, "一、总体情况\n", &format!("一、总体情况\n本年度收到政府信息公开申请95件，{s}。\n"));
    assert!(fires(&line("答复100件（含上年结转5件）"), "n5_concluded").is_empty());
    let f = fires(&line("答复95件"), "n5_concluded");
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].stated, f[0].expected), (Some(Num::Int(95)), Some(Num::Int(100))));
    // 「共收到…N件（含上年度结转申请M件）」: N = 一 + 二.
    let b = edit(&t, "一、总体情况\n", "一、总体情况\n本年度共收到政府信息公开申请100件（含上年度结转申请5件）。\n");
    // (010's own 「收到…17件」 stays a finding.)
    assert!(fires(&b, "n4_received").iter().all(|f| f.stated != Some(Num::Int(100))));
    assert!(fires(&b, "n2_carried_in").is_empty());
}

#[test]
fn no_applications_is_not_read_from_a_negated_review() {
    let t = fixture(R001);
    for s in [
        "本年度收到政府信息公开申请41件，没有因政府信息公开申请行政复议的情况。",
        "本年度收到政府信息公开申请41件，未收到因政府信息公开申请引起的行政诉讼。",
        "本年度收到政府信息公开申请41件，无人因政府信息公开申请提出行政复议申请。",
        "本年度收到政府信息公开申请41件，没有收到政府信息公开申请引起的行政复议和行政诉讼。",
    ] {
        let b = edit(&t, "一、总体情况\n", &format!("一、总体情况\n{s}\n"));
        assert!(fires(&b, "n8_no_applications").is_empty(), "{s}");
    }
    let b = edit(&t, "一、总体情况\n", "一、总体情况\n本年度未收到政府信息公开申请及行政复议。\n");
    assert_eq!(fires(&b, "n8_no_applications").len(), 1);
}

#[test]
fn section5_thin() {
    let t = fixture("009_hongze_2023.txt");
    assert!(fires(&t, "section5_thin").is_empty());
    let start = t.find("五、存在的主要问题及改进情况\n").unwrap() + "五、存在的主要问题及改进情况\n".len();
    let end = t.find("六、其他需要报告的事项").unwrap();
    for body in ["无\n", "无。\n", "暂无。\n", "\n", "", "工作有不足。\n"] {
        let b = format!("{}{body}{}", &t[..start], &t[end..]);
        let f = fires(&b, "section5_thin");
        assert_eq!(f.len(), 1, "{body:?}");
        assert_eq!(&b[f[0].span.clone()], "五、存在的主要问题及改进情况");
        assert_eq!(f[0].severity, nianbao::Severity::Warning);
        assert!(fires(&b, "structure_missing_section").is_empty());
    }
    let b = format!("{}{}{}", &t[..start], "信息公开的及时性还不够，将加强培训。\n", &t[end..]);
    assert!(fires(&b, "section5_thin").is_empty());
}
