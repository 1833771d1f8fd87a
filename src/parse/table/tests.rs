//! Unit tests for the table parser: layouts A and B, split labels, tables 2 and 4, and agreement
//! with `reference` (the parser before cells went into one vector) on fixtures and random blocks.
use super::reference;
use super::*;
use crate::parse::{kinds, lines};

fn parse(text_lines: &[Line<'_>]) -> TableParse {
    super::parse(text_lines, &kinds(text_lines))
}

/// A table-3 row's cells by column, `None` past the row's end.
fn t3_cells(p: &TableParse, r: &T3RowFrag) -> Vec<Option<RelCell>> {
    let run = p.run(r.cells);
    (0..T3_TOT + 1).map(|k| run.get(k).cloned()).collect()
}

fn vals(p: &TableParse, key: &str) -> Vec<Option<i64>> {
    let r = p.t3.iter().find(|r| r.key == key).unwrap();
    t3_cells(p, r).iter().map(|c| c.as_ref().and_then(|c| c.value.int())).collect()
}

#[test]
fn layout_b_with_blank_legal_columns() {
    let text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t\n\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n一、本年新收政府信息公开申请数量\t\t\t26\t\t\t\t\t\t26\n";
    let p = parse(&lines(text));
    assert_eq!(vals(&p, "new"), vec![Some(26), None, None, None, None, None, Some(26)]);
    let r = &p.t3[0];
    assert!(matches!(t3_cells(&p, r)[1].as_ref().unwrap().value, CellValue::Blank));
}

#[test]
fn layout_b_misaligned_rows() {
    let text = "\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n5.属于三类内部事务信息\t\t1\t0\t0\t0\t0\t0\t1\t\n(七) 总计\t\t2\t0\t0\t0\t0\t0\t2\t\n";
    let p = parse(&lines(text));
    assert_eq!(vals(&p, "deny_secret"), vec![Some(0); 7]);
    assert_eq!(vals(&p, "deny_internal"), vec![Some(1), Some(0), Some(0), Some(0), Some(0), Some(0), Some(1)]);
    assert_eq!(vals(&p, "total")[0], Some(2));
}

#[test]
fn layout_a_rows_and_split_labels() {
    let text = "\t\n\t（三）\n\n不予公开\n\t1.属于国家秘密\n\t3\n\t0\n\t0\n\t0\n\t0\n\t\n\t3\n\n\t（六）其他处理\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n";
    let p = parse(&lines(text));
    assert_eq!(vals(&p, "deny_secret"), vec![Some(3), Some(0), Some(0), Some(0), Some(0), None, Some(3)]);
    assert_eq!(vals(&p, "other")[6], Some(1));
}

#[test]
fn table2_and_table4() {
    let text = "\t第二十条第（九）项\n\n\t信息内容\n\t采购项目数量\n\t采购总金额\n\n\t政府集中采购\n\t22\n\t230.37万\n";
    let p = parse(&lines(text));
    assert_eq!(p.t2[0].item, 9);
    assert_eq!(p.run(p.t2[0].rows[0].cells).len(), 2);
    assert_eq!(p.markers_2019.len(), 2);
    let t4 = "行政复议\t\t\t\t\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\n1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t2\t0\t1\t0\t3\n";
    let p = parse(&lines(t4));
    let c = p.run(p.t4.unwrap());
    assert_eq!(c[14].value.int(), Some(3));
}

/// What both parsers found, in one shape: table-2 blocks with their rows' cells, table-3 rows
/// with a cell or `None` per column, table 4's cells, and the rest as they are.
type Flat = (Vec<(u8, RelSpan, Vec<(Cow<'static, str>, RelSpan)>, Vec<(&'static str, RelSpan, Vec<RelCell>)>)>, Vec<(&'static str, RelSpan, Vec<Option<RelCell>>)>, bool, Option<Vec<Option<RelCell>>>, bool, Vec<(RelSpan, String, &'static str)>, Vec<RelSpan>, Vec<RelSpan>);

fn flat(p: &TableParse) -> Flat {
    let t2 = p.t2.iter().map(|f| (f.item, f.caption, f.columns.clone(), f.rows.iter().map(|r| (r.label, r.at, p.run(r.cells).to_vec())).collect())).collect();
    let t3 = p.t3.iter().map(|r| (r.key, r.at, t3_cells(p, r))).collect();
    let t4 = p.t4.map(|r| {
        let run = p.run(r);
        (0..15).map(|k| run.get(k).cloned()).collect()
    });
    (t2, t3, p.t3_header, t4, p.t4_header, p.label_issues.clone(), p.markers_2019.clone(), p.markers_2021.clone())
}

fn flat_old(p: &reference::OldTableParse) -> Flat {
    let t2 = p.t2.iter().map(|f| (f.item, f.caption, f.columns.iter().map(|(n, at)| (Cow::Owned(n.clone()), *at)).collect(), f.rows.iter().map(|r| (r.label, r.at, r.cells.clone())).collect())).collect();
    let t3 = p.t3.iter().map(|r| (r.key, r.at, r.cells.to_vec())).collect();
    let t4 = p.t4.as_ref().map(|c| c.to_vec());
    (t2, t3, p.t3_header, t4, p.t4_header, p.label_issues.clone(), p.markers_2019.clone(), p.markers_2021.clone())
}

/// Both parsers on one block of text.
fn agree(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
    let ls = lines(text);
    let ks = kinds(&ls);
    proptest::prop_assert_eq!(flat(&super::parse(&ls, &ks)), flat_old(&reference::parse(&ls, &ks)), "{:?}", text);
    Ok(())
}

#[test]
fn agrees_with_the_reference_on_the_fixtures() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        // Every run of non-heading lines as one block: more than the block splitter would give.
        let ls = lines(&text);
        let ks = kinds(&ls);
        let mut start = 0;
        for end in 0..=ls.len() {
            if end == ls.len() || matches!(ks[end], LineKind::Heading { .. }) {
                let (l, k) = (&ls[start..end], &ks[start..end]);
                assert_eq!(flat(&super::parse(l, k)), flat_old(&reference::parse(l, k)), "{:?}", entry.path());
                n += 1;
                start = end + 1;
            }
        }
    }
    assert!(n > 10);
}

/// Lines of a table: labels of every table (some split or misspelt), numbers, blanks,
/// placeholders, TAB and Markdown rows.
fn table_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces = prop::sample::select(vec![
        "\t", "\t", "\t", "\n", "\n", "\n", "\n\n", "|", " ", "\u{3000}", "\u{a0}", "0", "12", "3", "230.37万", "/", "—", "无", "-1", "1.5", "abc",
        "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "1.属于国家秘密", "1．属于国家秘密", "2.其他法律行政止公开", "（三）", "不予公开",
        "（六）其他处理", "3.其他", "(七) 总计", "（七）总计", "自然人", "商业企业", "法人或其他组织", "总计", "申请人情况", "第二十条第（九）项", "第二十条第（一）项", "信息内容",
        "本年新制作数量", "本年制发件数", "采购项目数量", "政府集中采购", "行政规范性文件", "行政许可", "结果维持", "结果纠正", "尚未审结", "行政复议", "本年新", "制作数量",
        "（本列数据的勾稽关系为：第一项加第二项之和）", "[bookmark: _GoBack]", "。", "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n",
        "\n1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t2\t0\t1\t0\t3\n", "\t5\t/\t5\t5\t\t5",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
    #[test]
    fn agrees_with_the_reference(text in table_text()) {
        agree(&text)?;
    }
}
