//! The title forms of `titles.tsv` (the probes, the fixtures' titles, and real titles
//! from government sites' report lists), each read through the report model as a document
//! starting with that title, so that titles split over lines are joined as the model joins them.

use super::*;

/// `titles.tsv`: title (⏎ a line break), name, level, kind, key, source.
const TABLE: &str = include_str!("titles.tsv");

fn expected(a: &Result<Agency, Unknown>) -> [String; 4] {
    match a {
        Ok(a) => [a.name.clone(), a.level.map_or("-", Level::as_str).into(), a.kind.as_str().into(), a.key.clone()],
        Err(Unknown::NoPlace { read }) => ["?".into(), "?".into(), "no-place".into(), read.clone()],
        Err(Unknown::NoName { read }) => ["?".into(), "?".into(), "no-name".into(), read.clone()],
    }
}

#[test]
fn every_title_form_of_the_table() {
    let rows: Vec<Vec<&str>> = TABLE.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect()).collect();
    assert!(rows.len() >= 60, "{} forms", rows.len());
    let mut wrong = Vec::new();
    for row in &rows {
        let [title, name, level, kind, key, _source] = row[..] else { panic!("six columns: {row:?}") };
        let text = format!("{}\n\n一、总体情况\n本机关依法公开政府信息。\n", title.replace('⏎', "\n"));
        let report = crate::analysis::analyze_report(&text, &Default::default()).report;
        let got = expected(&read(&report.title));
        if got != [name, level, kind, key] {
            wrong.push(format!("{title}: read {got:?} (model title {:?}), table says {:?}", report.title, [name, level, kind, key]));
        }
    }
    assert!(wrong.is_empty(), "{} of {} forms read wrong:\n{}", wrong.len(), rows.len(), wrong.join("\n"));
}

#[test]
fn one_key_for_a_government_however_written() {
    let key = |t: &str| read(t).unwrap().key;
    assert_eq!(key("洪泽区2024年政府信息公开工作年度报告"), key("洪泽区人民政府2024年政府信息公开工作年度报告"));
    assert_eq!(key("徐圩新区2025年政府信息公开年度报告"), key("徐圩新区管委会2025年政府信息公开年度报告"));
    assert_eq!(key("亳州高新区2022年政府信息公开工作年度报告"), key("亳州高新技术产业开发区管理委员会2022年政府信息公开工作年度报告"));
    assert_eq!(key("济南市历下区大明湖街道办事处2022年…年度报告"), key("济南市历下区人民政府大明湖街道办事处2022年…年度报告"));
    assert_ne!(key("洪泽区2024年"), key("洪泽区人民政府办公室2024年"));
    assert_ne!(key("洪泽区2024年"), key("洪泽区教育局2024年"));
    assert!(with_place_prefix(&key("淮安市洪泽区2024年"), &key("洪泽区人民政府2023年")));
    // A zone's word alone names no place: any city's 高新区.
    assert_eq!(read("高新区2023年政府信息公开工作年度报告"), Err(Unknown::NoPlace { read: "高新区".into() }));
    assert_eq!(key("河源市高新区2024年"), "河源市高新区政府");
}

#[test]
fn place_prefixes() {
    assert!(with_place_prefix("淮安市洪泽区政府", "洪泽区政府"));
    assert!(with_place_prefix("内蒙古自治区阿拉善盟阿拉善右旗政府", "阿拉善右旗政府"));
    assert!(!with_place_prefix("淮安市政府", "市政府"));
    assert!(!with_place_prefix("淮安市洪泽区政府", "淮安市洪泽区政府"));
    assert!(!with_place_prefix("洪泽区教育局", "教育局"));
    assert!(office_variant("拱墅区政府办公室", "拱墅区办公室"));
    assert!(!office_variant("拱墅区政府办公室", "西湖区办公室"));
}

#[test]
fn unknown_agencies_say_what_was_read() {
    assert_eq!(read("区统计局2023年政府信息公开工作年度报告"), Err(Unknown::NoPlace { read: "区统计局".into() }));
    assert_eq!(read("政府信息公开工作年度报告"), Err(Unknown::NoName { read: String::new() }));
    assert_eq!(read("工作年度报告"), Err(Unknown::NoName { read: "工作年度报告".into() }));
    assert!(Unknown::NoPlace { read: "区统计局".into() }.message().zh.contains("区统计局"));
    assert!(!looks_like_agency("2023年政府信息公开工作年度报告"));
    assert!(looks_like_agency("洪泽区人民政府"));
    assert!(looks_like_agency("洪泽区"));
}

#[test]
fn every_place_word_ends_with_a_place_end() {
    for (w, _) in PLACE_WORDS {
        assert!(w.chars().next_back().is_some_and(|c| PLACE_ENDS.contains(&c)), "{w}");
    }
}

#[test]
fn region_is_the_places_of_the_key() {
    let region = |t: &str| region(&read(t).unwrap().key).map(str::to_string);
    assert_eq!(region("淮安市洪泽区人民政府2024年政府信息公开工作年度报告").as_deref(), Some("淮安市洪泽区"));
    assert_eq!(region("2020年拱墅区投资促进局政府信息公开工作年度报告").as_deref(), Some("拱墅区"));
    assert_eq!(region("上海市人民政府办公厅2025年政府信息公开工作年度报告").as_deref(), Some("上海市"));
    assert_eq!(region("历下区人民政府大明湖街道办事处2023年政府信息公开工作年度报告").as_deref(), Some("历下区大明湖街道"));
    assert_eq!(region("国家统计局2023年政府信息公开工作年度报告"), None);
}
