//! Cross-year checks in `nianbao check`, running the real binary on pairs built from the
//! corpus: 009/010 are a real consecutive pair of one agency (洪泽区人民政府 2023 /
//! 淮安市洪泽区人民政府 2024, both 2021 template); more pairs are made by copying a report,
//! changing its year and its carried-over cells.

#[path = "support/formats_gen.rs"]
mod formats_gen;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).expect("fixture")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("run nianbao")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

/// `check --format json` over `paths`: (exit code, the file objects by file name).
fn check(paths: &[&Path]) -> (Option<i32>, Vec<Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let out = run(&args);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    (out.status.code(), v.as_array().cloned().unwrap_or_default())
}

fn file<'a>(files: &'a [Value], name: &str) -> &'a Value {
    files.iter().find(|f| f["file"].as_str().is_some_and(|p| p.ends_with(name))).unwrap_or_else(|| panic!("{name} not in output"))
}

fn xy(f: &Value) -> Vec<&Value> {
    f["findings"].as_array().unwrap().iter().filter(|x| x["rule"].as_str().unwrap().starts_with("xy_")).collect()
}

/// Layout A (one cell a line after the label): replace the `k`-th value line after the line
/// starting with `label` (k = 0 for 自然人 … 6 for 总计).
fn set_layout_a(text: &str, label: &str, k: usize, value: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = lines.iter().position(|l| l.trim_start().starts_with(label)).expect("label") + 1 + k;
    lines.iter().enumerate().map(|(i, l)| if i == at { format!("\t{value}") } else { l.to_string() }).collect::<Vec<_>>().join("\n")
}

/// Layout B (a row per line): replace cell `k` of the values of the row starting with `label`.
fn set_layout_b(text: &str, label: &str, k: usize, value: &str) -> String {
    text.split('\n')
        .map(|l| {
            if !l.starts_with(label) {
                return l.to_string();
            }
            let mut cells: Vec<String> = l.split('\t').map(str::to_string).collect();
            let first = cells.len() - 7;
            cells[first + k] = value.to_string();
            cells.join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A copy of a report under another year in its title (the first `from年` becomes `to年`).
fn retitle(text: &str, from: &str, to: &str) -> String {
    text.replacen(&format!("{from} 年"), &format!("{to} 年"), 1).replacen(&format!("{from}年"), &format!("{to}年"), 1)
}

#[test]
fn the_real_pair_is_paired_and_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "009_hongze_2023.txt", &fixture("009_hongze_2023.txt"));
    let b = write(dir.path(), "010_hongze_2024.txt", &fixture("010_hongze_2024.txt"));
    let (_, files) = check(&[&a, &b]);
    let (old, new) = (file(&files, "009_hongze_2023.txt"), file(&files, "010_hongze_2024.txt"));
    assert_eq!(old["agency"], "洪泽区人民政府");
    assert_eq!(new["agency"], "淮安市洪泽区人民政府");
    assert_eq!(old["previous"], Value::Null);
    assert!(new["previous"].as_str().unwrap().ends_with("009_hongze_2023.txt"));
    // Carry-over (all 0) and table 2's stock (5 + 3 − 0 = 8) agree in the real reports.
    assert!(xy(new).is_empty(), "{:?}", xy(new));
    assert!(xy(old).is_empty());
}

#[test]
fn a_wrong_carry_over_in_one_column_is_reported_with_both_locations() {
    let dir = tempfile::tempdir().unwrap();
    // Last year's 四、结转下年度继续办理 says 2 natural persons (and only that column changes).
    let old = set_layout_a(&fixture("009_hongze_2023.txt"), "四、结转下年度继续办理", 0, "2");
    let a = write(dir.path(), "2023.txt", &old);
    let b = write(dir.path(), "2024.txt", &fixture("010_hongze_2024.txt"));
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let files: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let found = xy(file(&files, "2024.txt"));
    assert_eq!(found.len(), 1, "{found:?}");
    let f = found[0];
    assert_eq!(f["rule"], "xy_carry_over");
    assert_eq!(f["severity"], "error");
    assert_eq!((f["stated"].as_i64(), f["expected"].as_i64()), (Some(0), Some(2)));
    assert!(f["message"].as_str().unwrap().contains("自然人"), "{f}");
    // This year's cell: line 33 (二、上年结转…), the 自然人 value.
    let line33 = fixture("010_hongze_2024.txt").lines().nth(32).unwrap().to_string();
    assert!(line33.starts_with("二、上年结转"));
    assert_eq!(f["line"], 33);
    let col = line33.split('\t').take(3).map(|c| c.chars().count() + 1).sum::<usize>() + 1;
    assert_eq!(f["column"], col);
    // Last year's cell, in last year's file.
    let rel = &f["related"][0];
    assert_eq!(rel["file"].as_str().unwrap(), a.to_str().unwrap());
    let carry_out = old.lines().position(|l| l.trim_start().starts_with("四、结转下年度继续办理")).unwrap() + 2;
    assert_eq!((rel["line"].as_u64(), rel["column"].as_u64()), (Some(carry_out as u64), Some(2)));
    assert!(rel["message"].as_str().unwrap().contains("上年报告"));
    let _ = b;
    // Human output names both places; SARIF has the related location.
    let human = String::from_utf8(run(&["check", "--color", "never", dir.path().to_str().unwrap()]).stdout).unwrap();
    assert!(human.contains("error[xy_carry_over]"), "{human}");
    assert!(human.contains(&format!("另见 {}:{carry_out}:2", a.display())), "{human}");
    let sarif: Value = serde_json::from_slice(&run(&["check", "--format", "sarif", dir.path().to_str().unwrap()]).stdout).unwrap();
    let r = sarif["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "xy_carry_over").unwrap();
    assert_eq!(r["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], carry_out);
    // Switched off, it is gone.
    let off = run(&["check", "--format", "json", "--disable", "xy_carry_over", dir.path().to_str().unwrap()]);
    let files: Vec<Value> = serde_json::from_slice(&off.stdout).unwrap();
    assert!(xy(file(&files, "2024.txt")).is_empty());
}

#[test]
fn the_2019_template_pair_and_a_gbk_last_year() {
    let dir = tempfile::tempdir().unwrap();
    // 000 is a 2020 report on the 2019 template; its copy as 2019 carries 3 over in 其他.
    let this = fixture("000_17fa4905ce5d6912.txt");
    let last = set_layout_a(&retitle(&this, "2020", "2019"), "四、结转下年度继续办理", 5, "3");
    let (gbk, _, _) = encoding_rs::GBK.encode(&last);
    std::fs::write(dir.path().join("2019.txt"), &gbk).unwrap();
    write(dir.path(), "2020.txt", &this);
    let (_, files) = check(&[dir.path()]);
    let new = file(&files, "2020.txt");
    assert_eq!(new["agency"], "拱墅区投资促进局");
    assert!(new["previous"].as_str().unwrap().ends_with("2019.txt"));
    let found = xy(new);
    assert_eq!(found.iter().map(|f| f["rule"].as_str().unwrap()).collect::<Vec<_>>(), ["xy_carry_over"]);
    assert!(found[0]["message"].as_str().unwrap().contains("其他"));
    assert_eq!(found[0]["expected"], 3);
}

#[test]
fn three_years_each_with_its_predecessor_and_the_stock_of_table_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", &fixture("009_hongze_2023.txt"));
    write(dir.path(), "b.txt", &fixture("010_hongze_2024.txt"));
    // 2025: a copy of 2024 (行政规范性文件 made 3, abolished 0, valid 8: should be 8 + 3 = 11).
    write(dir.path(), "c.txt", &retitle(&fixture("010_hongze_2024.txt"), "2024", "2025"));
    let (_, files) = check(&[dir.path()]);
    assert_eq!(file(&files, "a.txt")["previous"], Value::Null);
    assert!(file(&files, "b.txt")["previous"].as_str().unwrap().ends_with("a.txt"));
    assert!(file(&files, "c.txt")["previous"].as_str().unwrap().ends_with("b.txt"));
    let found = xy(file(&files, "c.txt"));
    let stock: Vec<_> = found.iter().filter(|f| f["rule"] == "xy_t2_stock").collect();
    assert_eq!(stock.len(), 1, "{found:?}");
    assert_eq!((stock[0]["severity"].as_str(), stock[0]["stated"].as_i64(), stock[0]["expected"].as_i64()), (Some("warning"), Some(8), Some(11)));
    // The --cross-year summary names the unpaired 2023 report and why.
    let out = run(&["check", "--cross-year", "--color", "never", dir.path().to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("跨年核对：2 份报告与上年报告配对，1 份未配对"), "{text}");
    assert!(text.contains("a.txt (洪泽区人民政府 2023): 本次未找到该机关 2022 年度的报告"), "{text}");
    // Without --cross-year, no summary of pairing.
    let plain = String::from_utf8(run(&["check", "--color", "never", dir.path().to_str().unwrap()]).stdout).unwrap();
    assert!(!plain.contains("跨年核对"));
}

#[test]
fn several_reports_of_last_year_are_named_each_file_once_and_none_is_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let last = fixture("009_hongze_2023.txt");
    // Last year's report twice in one file and once in another: three candidates, two files.
    write(dir.path(), "a.txt", &format!("{last}\n{last}"));
    write(dir.path(), "b.txt", &last);
    write(dir.path(), "c.txt", &fixture("010_hongze_2024.txt"));
    let (_, files) = check(&[dir.path()]);
    assert_eq!(file(&files, "c.txt")["previous"], Value::Null);
    let out = run(&["check", "--cross-year", "--color", "never", dir.path().to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.contains("上年报告不止一份")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("c.txt (淮安市洪泽区人民政府 2024)"), "{line}");
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    assert!(line.ends_with(&format!("上年报告不止一份：{}、{}", a.display(), b.display())), "{line}");
    let en = String::from_utf8(run(&["check", "--cross-year", "--lang", "en", "--color", "never", dir.path().to_str().unwrap()]).stdout).unwrap();
    assert!(en.contains(&format!("more than one report of last year: {}, {}", a.display(), b.display())), "{en}");
}

#[test]
fn back_to_the_old_template_and_a_fivefold_jump() {
    let dir = tempfile::tempdir().unwrap();
    // Last year (2019) on the 2021 template, this year (2020) on the 2019 one: 淄川区招商局.
    let this = fixture("002_d67b1e978b819952.txt");
    let last = retitle(&fixture("010_hongze_2024.txt").replacen("淮安市洪泽区人民政府", "淄川区招商局", 1), "2024", "2019");
    write(dir.path(), "last.txt", &last);
    write(dir.path(), "this.txt", &this);
    let (_, files) = check(&[dir.path()]);
    let new = file(&files, "this.txt");
    let rules: Vec<&str> = xy(new).iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"xy_template"), "{rules:?}");
    let t = xy(new).into_iter().find(|f| f["rule"] == "xy_template").unwrap();
    assert_eq!(t["severity"], "warning");
    assert!(t["related"][0]["file"].as_str().unwrap().ends_with("last.txt"));

    // A jump: this year's 一、本年新收 total ten times last year's.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "2023.txt", &fixture("009_hongze_2023.txt"));
    let text = fixture("010_hongze_2024.txt");
    let old_total = text.lines().find(|l| l.starts_with("一、本年新收")).unwrap().rsplit('\t').next().unwrap().trim().to_string();
    let n: i64 = old_total.parse().unwrap();
    write(dir.path(), "2024.txt", &set_layout_b(&text, "一、本年新收", 6, &(n * 10).to_string()));
    let (_, files) = check(&[dir.path()]);
    let jumps: Vec<_> = xy(file(&files, "2024.txt")).into_iter().filter(|f| f["rule"] == "xy_jump").collect();
    assert_eq!(jumps.len(), 1, "{jumps:?}");
    assert_eq!(jumps[0]["severity"], "info");
    assert_eq!(jumps[0]["stated"], n * 10);
}

#[test]
fn last_year_as_an_html_page_points_into_the_page() {
    let dir = tempfile::tempdir().unwrap();
    // The agency on its own line above the title (洪泽区人民政府 / 2023 年…) is read as in text.
    let old = set_layout_a(&fixture("009_hongze_2023.txt"), "四、结转下年度继续办理", 0, "2");
    let page = formats_gen::html(&old, "utf-8");
    let a = write(dir.path(), "2023.html", &page);
    write(dir.path(), "2024.txt", &fixture("010_hongze_2024.txt"));
    let (_, files) = check(&[dir.path()]);
    let found = xy(file(&files, "2024.txt"));
    assert_eq!(found.len(), 1, "{found:?}");
    let rel = &found[0]["related"][0];
    assert_eq!(rel["file"].as_str().unwrap(), a.to_str().unwrap());
    // The related position is the page's own line and column of that cell's text.
    let line = page.lines().nth(rel["line"].as_u64().unwrap() as usize - 1).unwrap();
    let col = rel["column"].as_u64().unwrap() as usize - 1;
    assert_eq!(line.chars().nth(col), Some('2'), "{line}");
}

#[test]
fn this_year_as_an_html_page_gets_the_cell_and_its_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "2023.txt", &set_layout_a(&fixture("009_hongze_2023.txt"), "四、结转下年度继续办理", 0, "2"));
    let page = formats_gen::html(&fixture("010_hongze_2024.txt"), "utf-8");
    write(dir.path(), "2024.html", &page);
    let (_, files) = check(&[dir.path()]);
    let found = xy(file(&files, "2024.html"));
    assert_eq!(found.len(), 1, "{found:?}");
    let f = found[0];
    // The page's own line and column of this year's 上年结转 · 自然人 cell, and its place.
    let line = page.lines().nth(f["line"].as_u64().unwrap() as usize - 1).unwrap();
    assert_eq!(line.chars().nth(f["column"].as_u64().unwrap() as usize - 1), Some('0'), "{line}");
    assert_eq!(f["location"]["table"], 3);
    assert!(f["location"]["row"].as_str().unwrap().contains("上年结转"), "{f}");
    assert_eq!(f["location"]["column"], "自然人");
}

/// 010 (淮安市洪泽区人民政府 2024) under another title: its two title lines replaced.
fn titled(title: &str) -> String {
    let text = fixture("010_hongze_2024.txt");
    let body = text.splitn(3, '\n').nth(2).unwrap();
    format!("{title}\n{body}")
}

#[test]
fn one_government_titled_a_different_way_each_year_pairs_every_year() {
    // Issue 21: a local government's series whose titles use a bare place name, a parent,
    // the year first, 年度, lines split, full-width digits and spaces — every consecutive
    // year pairs, and each pair is checked (each year is a copy of 2024, so table 2's stock
    // is off by 3 every year: an xy_t2_stock per pair). Other agencies of the same place in
    // the folder stay apart, and a title without a place is listed unpaired with why.
    let dir = tempfile::tempdir().unwrap();
    let series = [
        ("g2021.txt", "洪泽区2021年政府信息公开工作年度报告"),
        ("g2022.txt", "2022年洪泽区政府信息公开工作年度报告"),
        ("g2023.txt", "淮安市洪泽区\n2023年度\n政府信息公开工作年度报告"),
        ("g2024.txt", "洪 泽 区 人 民 政 府\n２０２４年政府信息公开工作年度报告"),
        ("g2025.txt", "淮安市洪泽区人民政府2025年政府信息公开工作年度报告"),
    ];
    let others = [
        ("office2025.txt", "洪泽区人民政府办公室2025年政府信息公开工作年度报告"),
        ("edu2024.txt", "洪泽区教育局2024年政府信息公开工作年度报告"),
        ("edu2025.txt", "洪泽区教育局2025年度政府信息公开工作年度报告"),
        ("city2024.txt", "淮安市2024年政府信息公开工作年度报告"),
        ("city2025.txt", "淮安市人民政府\n2025 年政府信息公开工作年度报告"),
        ("stats2025.txt", "区统计局2025年政府信息公开工作年度报告"),
    ];
    for (name, title) in series.iter().chain(&others) {
        write(dir.path(), name, &titled(title));
    }
    let (_, files) = check(&[dir.path()]);
    let previous = |name: &str| file(&files, name)["previous"].as_str().map(|p| Path::new(p).file_name().unwrap().to_str().unwrap().to_string());
    assert_eq!(previous("g2021.txt"), None);
    for w in series.windows(2) {
        assert_eq!(previous(w[1].0).as_deref(), Some(w[0].0), "{} after {}", w[1].1, w[0].1);
        let stock: Vec<_> = xy(file(&files, w[1].0)).into_iter().filter(|f| f["rule"] == "xy_t2_stock").collect();
        assert_eq!(stock.len(), 1, "{}", w[1].0);
        assert_eq!((stock[0]["stated"].as_i64(), stock[0]["expected"].as_i64()), (Some(8), Some(11)));
    }
    assert_eq!(previous("office2025.txt"), None, "the office is not the government");
    assert_eq!(previous("edu2025.txt").as_deref(), Some("edu2024.txt"));
    assert_eq!(previous("city2025.txt").as_deref(), Some("city2024.txt"));
    assert_eq!(previous("stats2025.txt"), None);
    assert_eq!(file(&files, "g2024.txt")["agency"], "洪泽区人民政府");
    assert_eq!(file(&files, "stats2025.txt")["agency"], Value::Null);
    let unknown: Vec<_> = file(&files, "stats2025.txt")["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "title_agency_unknown").cloned().collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!((unknown[0]["severity"].as_str(), unknown[0]["line"].as_u64()), (Some("info"), Some(1)));
    assert!(unknown[0]["message"].as_str().unwrap().contains("区统计局"));
    assert!(files.iter().filter(|f| f["file"].as_str().unwrap().contains("g20")).all(|f| f["findings"].as_array().unwrap().iter().all(|x| x["rule"] != "title_agency_unknown")));
    // The summary: 4 + 1 + 1 paired; the unknown title is unpaired with its reason.
    let out = run(&["check", "--cross-year", "--color", "never", dir.path().to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("跨年核对：6 份报告与上年报告配对，5 份未配对"), "{text}");
    assert!(text.lines().any(|l| l.contains("stats2025.txt") && l.contains("标题中的机关“区统计局”没有写明所在地")), "{text}");
    let en = String::from_utf8(run(&["check", "--cross-year", "--lang", "en", "--color", "never", dir.path().to_str().unwrap()]).stdout).unwrap();
    assert!(en.lines().any(|l| l.contains("stats2025.txt") && l.contains("names no place")), "{en}");
}
