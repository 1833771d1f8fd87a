use super::*;
use crate::analysis::analyze_report;
use crate::finding::Severity;
use crate::template::{t2_block, T3_ROWS};

fn opts() -> CheckOptions {
    CheckOptions::default()
}

/// Last year's 结转下年度 per column as the arithmetic reads it.
fn carry_out_of(text: &str) -> [Option<i64>; 7] {
    carry_out(&analyze_report(text, &opts()).report)
}

/// What a skeleton reads back as: every row of its template, the carried figures, nothing else
/// filled, no error.
fn assert_reads_back(name: &str, last: &str, s: &Skeleton) {
    let a = analyze_report(&s.text, &opts());
    let r = &a.report;
    assert!(r.is_report, "{name}");
    assert_eq!(r.year.as_ref().map(|y| y.0), Some(s.year), "{name}");
    assert_eq!(r.template, Some(s.template), "{name}");
    assert_eq!(r.headings.iter().map(|h| h.section).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5], "{name}");
    assert!(r.headings.iter().all(|h| h.numeral && h.numeral_ok), "{name}");
    assert_eq!(layout::detect(&s.text, r), layout::detect(last, &analyze_report(last, &opts()).report), "{name}: same layout");
    let t3 = r.t3.as_ref().unwrap_or_else(|| panic!("{name}: table 3"));
    let keys: Vec<&str> = t3.rows.iter().map(|row| row.key).collect();
    let want: Vec<&str> = t3_rows(s.template).map(|d| d.key).collect();
    assert_eq!(keys, want, "{name}: every row of table 3");
    let carried = carry_out_of(last);
    for row in &t3.rows {
        for (c, cell) in row.cells.iter().enumerate() {
            let cell = cell.as_ref().unwrap_or_else(|| panic!("{name}: {} has cell {c}", row.key));
            let want = if row.key == "carry_in" { carried[c] } else { None };
            assert_eq!(cell.value.int(), want, "{name}: {} column {c}", row.key);
            if want.is_none() {
                assert_eq!(cell.value, crate::text::CellValue::Blank, "{name}: {} column {c}", row.key);
            }
        }
    }
    let t4 = r.t4.as_ref().unwrap_or_else(|| panic!("{name}: table 4"));
    assert!(t4.cells.iter().all(|c| c.as_ref().is_some_and(|c| c.value == crate::text::CellValue::Blank)), "{name}: table 4 blank");
    for def in T2_BLOCKS.iter().filter(|b| b.template == s.template) {
        let b = r.t2_block(def.item).unwrap_or_else(|| panic!("{name}: table 2 item {}", def.item));
        assert_eq!(b.rows.iter().map(|row| row.label).collect::<Vec<_>>(), def.rows, "{name}");
    }
    let errors: Vec<_> = a.findings.iter().filter(|f| f.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
    let unfilled = a.findings.iter().filter(|f| f.rule == "t_unfilled").count();
    // Every table-3 row but 上年结转, table 4, the table-2 rows, sections 一, 五 and 六.
    let t2_rows: usize = T2_BLOCKS.iter().filter(|b| b.template == s.template).map(|b| b.rows.len()).sum();
    assert_eq!(unfilled, want.len() - 1 + 1 + t2_rows + 3, "{name}: {:#?}", a.findings);
}

#[test]
fn every_fixture_gives_a_skeleton_that_reads_back() {
    for (path, last) in crate::fixture_texts() {
        let name = path.display().to_string();
        let s = from_text(&last, &opts(), None).unwrap_or_else(|e| panic!("{name}: {}", e.en));
        let last_year = analyze_report(&last, &opts()).report.year.map(|y| y.0);
        assert_eq!(Some(s.year), last_year.map(|y| y + 1), "{name}");
        assert_reads_back(&name, &last, &s);
        let carried: Vec<i64> = s.carried.iter().filter(|c| c.table == 3).map(|c| c.value).collect();
        assert_eq!(carried, carry_out_of(&last).iter().flatten().copied().collect::<Vec<_>>(), "{name}");
    }
}

#[test]
fn hongze_2023_gives_2024_with_its_title_and_stocks() {
    let (_, last) = crate::fixture_texts().into_iter().find(|(p, _)| p.ends_with("009_hongze_2023.txt")).expect("fixture");
    let s = from_text(&last, &opts(), None).expect("skeleton");
    assert!(s.text.starts_with("洪泽区人民政府\n2024 年政府信息公开工作年度报告\n"), "{}", &s.text[..200]);
    assert_eq!(s.layout, Layout::CellLines);
    // 现行有效件数 of 规章 (0) and 行政规范性文件 (5) start from last year's.
    let stocks: Vec<(&str, i64)> = s.carried.iter().filter(|c| c.table == 2).map(|c| (c.row, c.value)).collect();
    assert_eq!(stocks, [("规章", 0), ("行政规范性文件", 5)]);
    let r = analyze_report(&s.text, &opts()).report;
    assert_eq!(r.t2_block(1).and_then(|b| b.int_at("行政规范性文件", "现行有效件数")).map(|v| v.0), Some(5));
    assert!(s.text.contains("五、存在的主要问题及改进情况\n【待填写：政府信息公开工作存在的主要问题及改进情况（改进措施）】\n"));
}

#[test]
fn crlf_markdown_and_full_width_years_are_kept() {
    let (_, last) = crate::fixture_texts().into_iter().find(|(p, _)| p.ends_with("014_shanghai_bgt_2025.txt")).expect("fixture");
    let crlf = last.replace('\n', "\r\n");
    let s = from_text(&crlf, &opts(), None).expect("skeleton");
    assert!(!s.text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    assert_reads_back("014 CRLF", &crlf, &s);
    // Markdown pipe rows, headings marked with ##.
    let md: String = last
        .lines()
        .map(|l| match l {
            _ if l.contains('\t') => format!("| {} |\n", l.split('\t').collect::<Vec<_>>().join(" | ")),
            _ if SECTIONS.iter().any(|s| l.ends_with(s.canonical)) => format!("## {l}\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    let s = from_text(&md, &opts(), None).expect("skeleton");
    assert_eq!(s.layout, Layout::Markdown);
    assert!(s.text.contains("\n## 三、收到和处理政府信息公开申请情况\n|"), "{}", s.text);
    assert_reads_back("014 Markdown", &md, &s);
    assert_eq!(s.carried.iter().filter(|c| c.table == 3).map(|c| c.value).collect::<Vec<_>>(), [290, 3, 0, 0, 0, 0, 293]);
    let wide = last.replacen("2025", "２０２５", 1);
    let s = from_text(&wide, &opts(), None).expect("skeleton");
    assert!(s.text.lines().take(3).any(|l| l.contains("２０２６")), "{}", &s.text[..300]);
}

#[test]
fn the_2019_template_carries_its_item_counts() {
    let (_, seed) = crate::fixture_texts().into_iter().find(|(p, _)| p.ends_with("001_7e3cf29f5d278207.txt")).expect("fixture");
    // The seed as a 2019 report: its next year (2020) keeps the 2019 template.
    let last = seed.replacen("2020年", "2019年", 1);
    let r = analyze_report(&last, &opts()).report;
    assert_eq!(r.year.as_ref().map(|y| y.0), Some(2019));
    let s = from_text(&last, &opts(), None).expect("skeleton");
    assert_eq!(s.template, TemplateId::T2019);
    assert_reads_back("001 as 2019", &last, &s);
    let new = analyze_report(&s.text, &opts()).report;
    for st in T2_STOCKS.iter().filter(|st| st.template == TemplateId::T2019) {
        for row in t2_block(TemplateId::T2019, st.item).map_or(&[][..], |b| b.rows) {
            let b = r.t2_block(st.item).expect("last year's block");
            let want = b.int_at(row, "上一年项目数量").map(|v| v.0).zip(b.int_at(row, "本年增/减").map(|v| v.0)).map(|(a, d)| a + d);
            let got = new.t2_block(st.item).and_then(|b| b.int_at(row, st.column)).map(|v| v.0);
            assert_eq!(got, want, "{row}");
        }
    }
}

#[test]
fn years_are_checked_and_figures_carried_only_into_the_next_year() {
    let (_, last) = crate::fixture_texts().into_iter().find(|(p, _)| p.ends_with("014_shanghai_bgt_2025.txt")).expect("fixture");
    assert!(from_text(&last, &opts(), Some(2025)).is_err(), "not after last year's");
    let later = from_text(&last, &opts(), Some(2027)).expect("skeleton");
    assert_eq!(later.year, 2027);
    assert!(later.carried.is_empty(), "2025's carry-out is not 2027's carry-in");
    assert!(from_text("随便一段文字。\n", &opts(), None).is_err());
    let untitled = "一、总体情况\n三、收到和处理政府信息公开申请情况\n四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1\n";
    assert!(from_text(untitled, &opts(), None).is_err(), "no year: --year needed");
    let s = from_text(untitled, &opts(), Some(2024)).expect("with a year");
    assert!(s.text.starts_with("2024年政府信息公开工作年度报告\n"));
    assert_eq!(s.carried.iter().filter(|c| c.table == 3).map(|c| c.value).collect::<Vec<_>>(), [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(T3_ROWS.iter().filter(|d| d.in_2021).count(), 25);
}

#[test]
fn file_names_take_the_new_year() {
    assert_eq!(file_name("009_hongze_2023.txt", Some(2023), 2024), "009_hongze_2024.txt");
    assert_eq!(file_name("2023年报.md", Some(2023), 2024), "2024年报.md");
    assert_eq!(file_name("report.docx", Some(2023), 2024), "report_2024.txt");
    assert_eq!(file_name("2023-2023.HTML", Some(2023), 2024), "2023-2024.txt");
    assert_eq!(file_name("noext", None, 2024), "noext_2024.txt");
}
