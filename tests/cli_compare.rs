//! `nianbao compare OLD NEW`, running the real binary: a real consecutive pair on the 2021
//! template, a 2019-template report against a 2021 one (the mapping and what it leaves out),
//! the three formats, blanks, warnings and refusals.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use unicode_width::UnicodeWidthStr;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("run nianbao")
}

fn compare(old: &str, new: &str, extra: &[&str]) -> Output {
    let (o, n) = (fixture(old), fixture(new));
    let mut args = vec!["compare", o.to_str().unwrap(), n.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

const HONGZE_2023: &str = "009_hongze_2023.txt";
const HONGZE_2024: &str = "010_hongze_2024.txt";
/// 拱墅区政府办公室, 2020, 2019 template.
const GONGSHU_2020: &str = "001_7e3cf29f5d278207.txt";
/// 沭阳县发展和改革局, 2023, 2021 template with （六）其他处理 in three rows.
const SHUYANG_2023: &str = "012_shuyang_fgj_2023.txt";

fn json(out: &Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The cell (table, row, column) of a JSON comparison.
fn cell<'a>(v: &'a Value, table: u64, row: &str, column: &str) -> &'a Value {
    v["cells"].as_array().unwrap().iter().find(|c| c["table"] == table && c["row"] == row && c["column"] == column).unwrap_or_else(|| panic!("no cell {table} {row} {column}"))
}

fn triple(c: &Value) -> (Value, Value, Value) {
    (c["old"].clone(), c["new"].clone(), c["change"].clone())
}

#[test]
fn consecutive_pair_json_cell_by_cell() {
    let out = compare(HONGZE_2023, HONGZE_2024, &["--format", "json"]);
    // 洪泽区人民政府 / 淮安市洪泽区人民政府, 2023 / 2024: one agency, consecutive — no warning.
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&out);
    assert_eq!(v["old"]["year"], 2023);
    assert_eq!(v["new"]["year"], 2024);
    assert_eq!(v["old"]["template"], "2021");
    assert_eq!(v["new"]["agency"], "淮安市洪泽区人民政府");
    assert_eq!(v["omitted"].as_array().unwrap().len(), 0);
    assert_eq!(v["cells"].as_array().unwrap().len(), 10 + 23 * 7 + 15);
    assert_eq!(triple(cell(&v, 3, "一、本年新收", "总计")), (21.into(), 95.into(), 74.into()));
    assert_eq!(triple(cell(&v, 3, "一、本年新收", "自然人")), (21.into(), 95.into(), 74.into()));
    assert_eq!(triple(cell(&v, 3, "（二）部分公开", "自然人")), (4.into(), 9.into(), 5.into()));
    assert_eq!(triple(cell(&v, 3, "（三）1.属于国家秘密", "总计")), (1.into(), 0.into(), (-1).into()));
    assert_eq!(triple(cell(&v, 2, "行政许可", "本年处理决定数量")), (550.into(), 9487.into(), 8937.into()));
    assert_eq!(triple(cell(&v, 2, "行政规范性文件", "本年废止件数")), (5.into(), 0.into(), (-5).into()));
    let fee = cell(&v, 2, "行政事业性收费", "本年收费金额（单位：万元）");
    assert_eq!((fee["old"].as_f64(), fee["new"].as_f64(), fee["change"].as_f64()), (Some(7730.28), Some(7545.0), Some(-185.28)));
    // Table 4's 15 cells, three groups of five.
    let t4: Vec<&Value> = v["cells"].as_array().unwrap().iter().filter(|c| c["table"] == 4).collect();
    assert_eq!(t4.len(), 15);
    assert!(t4.iter().all(|c| c["old"].is_number() && c["new"].is_number() && c["change"].is_number()));
}

#[test]
fn across_templates_maps_what_the_spec_supports_and_says_what_it_omits() {
    let out = compare(GONGSHU_2020, SHUYANG_2023, &["--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stderr.contains("机关不同") && stderr.contains("年份不相邻"), "{stderr}");
    let v = json(&out);
    assert_eq!((v["old"]["template"].as_str(), v["new"]["template"].as_str()), (Some("2019"), Some("2021")));
    let cells = v["cells"].as_array().unwrap();
    // Table 2: only the decision counts of items (五)(六), under the 2021 name.
    let t2: Vec<&str> = cells.iter().filter(|c| c["table"] == 2).map(|c| c["row"].as_str().unwrap()).collect();
    assert_eq!(t2, ["行政许可", "行政处罚", "行政强制"]);
    assert_eq!(triple(cell(&v, 2, "行政许可", "本年处理决定数量")), (0.into(), 0.into(), 0.into()));
    // Table 3: all rows but （六）其他处理 (22 of them), table 4 whole.
    assert_eq!(cells.iter().filter(|c| c["table"] == 3).count(), 22 * 7);
    assert!(!cells.iter().any(|c| c["row"].as_str().unwrap().starts_with("（六）")));
    assert_eq!(cells.iter().filter(|c| c["table"] == 4).count(), 15);
    // 001: 一、本年新收 36 自然人 + 5 商业企业 = 41.
    // 2023 leaves 商业企业 blank: blank, not 0, and no change.
    assert_eq!(triple(cell(&v, 3, "一、本年新收", "总计")), (41.into(), 26.into(), (-15).into()));
    assert_eq!(triple(cell(&v, 3, "一、本年新收", "自然人")), (36.into(), 26.into(), (-10).into()));
    assert_eq!(triple(cell(&v, 3, "一、本年新收", "商业企业")), (5.into(), Value::Null, Value::Null));
    assert_eq!(triple(cell(&v, 4, "行政复议", "总计")), (2.into(), 1.into(), (-1).into()));
    let omitted = v["omitted"].as_array().unwrap();
    assert_eq!(omitted.len(), 6);
    for (table, what) in [(2, "第二十条第（一）项"), (2, "其他对外管理服务事项"), (2, "行政事业性收费"), (2, "政府集中采购"), (2, "上一年项目数量"), (3, "（六）其他处理")] {
        assert!(omitted.iter().any(|o| o["table"] == table && o["what"].as_str().unwrap().contains(what) && !o["why"].as_str().unwrap().is_empty()), "{what}");
    }
    assert_eq!(v["renamed"][0]["old"], "处理决定数量");

    // The same 2019 report against a 2021 one that writes （六）其他处理 as one row: that
    // row compares, and only table 2 has omissions.
    let v = json(&compare(GONGSHU_2020, HONGZE_2023, &["--format", "json"]));
    assert_eq!(triple(cell(&v, 3, "（六）其他处理", "自然人")), (4.into(), 0.into(), (-4).into()));
    assert!(v["omitted"].as_array().unwrap().iter().all(|o| o["table"] == 2));

    // The human output says the same after the table.
    let out = compare(GONGSHU_2020, SHUYANG_2023, &[]);
    let text = String::from_utf8(out.stdout).unwrap();
    let notes = &text[text.find("未比较").expect("omitted note")..];
    for what in ["第二十条第（一）项", "其他对外管理服务事项", "行政事业性收费", "政府集中采购", "（六）其他处理"] {
        assert!(notes.contains(what), "{what}\n{notes}");
    }
    assert!(text.contains("“处理决定数量”（2019 年模板）即本年“本年处理决定数量”"));
}

/// The table's lines: from the header to the first blank line after it.
fn table_lines(text: &str) -> Vec<&str> {
    text.lines().skip_while(|l| !l.starts_with("表  ") && !l.starts_with("table")).take_while(|l| !l.is_empty()).collect()
}

#[test]
fn human_output_is_aligned_by_display_width() {
    let out = compare(HONGZE_2023, HONGZE_2024, &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("上年：洪泽区人民政府 · 2023 年 · 2021 年模板 · "), "{text}");
    assert!(text.lines().nth(1).unwrap().starts_with("本年：淮安市洪泽区人民政府 · 2024 年 · 2021 年模板 · "));
    let lines = table_lines(&text);
    assert_eq!(lines.len(), 1 + 10 + 23 * 7 + 15);
    let header = lines[0];
    assert_eq!(header.split_whitespace().collect::<Vec<_>>(), ["表", "行", "列", "上年", "本年", "变化"]);
    // Labels are padded and numbers right-aligned to display widths (CJK counts two): the
    // 列 column starts, and the 本年 column ends, at the same display column on every line,
    // and a line with a change is as wide as the header (blank cells are left blank, so a
    // line without one is shorter).
    let width = header.width();
    let tokens = |l: &str| -> Vec<(usize, usize)> {
        // (display start, display end) of each whitespace-separated token.
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in l.char_indices().chain(std::iter::once((l.len(), ' '))) {
            match (c == ' ', start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    out.push((l[..s].width(), l[..i].width()));
                    start = None;
                }
                _ => {}
            }
        }
        out
    };
    let column_start = tokens(header)[2].0;
    let new_end = tokens(header)[4].1;
    let mut full = 0;
    for l in &lines {
        let t = tokens(l);
        assert_eq!(t[2].0, column_start, "{l:?}");
        assert!(l.width() <= width, "{l:?}");
        if t.len() == 6 {
            assert_eq!(t[4].1, new_end, "{l:?}");
            assert_eq!(l.width(), width, "{l:?}");
            full += 1;
        }
    }
    assert!(full > 150, "{full}");
    assert!(text.contains("表三  一、本年新收"));
    assert!(lines.iter().any(|l| l.starts_with("表三  一、本年新收") && l.contains("总计") && l.ends_with("+74")));
    assert!(!text.contains("未比较"), "one template: nothing omitted");

    let en = compare(HONGZE_2023, HONGZE_2024, &["--lang", "en"]);
    let text = String::from_utf8(en.stdout).unwrap();
    assert!(text.starts_with("last year: 洪泽区人民政府 · 2023 · 2021 template"), "{text}");
    assert_eq!(table_lines(&text)[0].split("  ").filter(|s| !s.trim().is_empty()).map(str::trim).collect::<Vec<_>>(), ["table", "row", "column", "last year", "this year", "change"]);
}

/// A minimal RFC 4180 reader: fields, quoted fields with "" and line breaks inside.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "CSV ends with a line break");
    rows
}

#[test]
fn csv_has_a_bom_and_parses() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("对比.csv");
    let out = compare(HONGZE_2023, HONGZE_2024, &["--format", "csv", "-o", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "-o writes the file, not standard output");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let rows = parse_csv(&text);
    assert_eq!(rows[0], ["表", "行", "列", "上年", "本年", "变化"]);
    assert_eq!(rows.len(), 1 + 10 + 23 * 7 + 15);
    assert!(rows.iter().all(|r| r.len() == 6));
    assert!(rows.contains(&["3", "一、本年新收", "总计", "21", "95", "+74"].map(String::from).to_vec()));
    assert!(rows.contains(&["2", "行政事业性收费", "本年收费金额（单位：万元）", "7730.28", "7545", "-185.28"].map(String::from).to_vec()));
}

#[test]
fn blank_cells_stay_blank_and_have_no_change() {
    // 2024's 一、本年新收 with its 自然人 cell emptied (the TAB is kept).
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture(HONGZE_2024)).unwrap();
    let row = "一、本年新收政府信息公开申请数量\t\t\t95\t";
    assert!(text.contains(row));
    let blanked = dir.path().join("blanked.txt");
    std::fs::write(&blanked, text.replacen(row, "一、本年新收政府信息公开申请数量\t\t\t\t", 1)).unwrap();
    let old = fixture(HONGZE_2023);
    let out = run(&["compare", "--format", "json", old.to_str().unwrap(), blanked.to_str().unwrap()]);
    let v = json(&out);
    assert_eq!(triple(cell(&v, 3, "一、本年新收", "自然人")), (21.into(), Value::Null, Value::Null));
    assert_eq!(triple(cell(&v, 3, "一、本年新收", "总计")), (21.into(), 95.into(), 74.into()));
    let out = run(&["compare", "--format", "csv", old.to_str().unwrap(), blanked.to_str().unwrap()]);
    let rows = parse_csv(std::str::from_utf8(&out.stdout[3..]).unwrap());
    assert!(rows.contains(&["3", "一、本年新收", "自然人", "21", "", ""].map(String::from).to_vec()));
    let out = run(&["compare", old.to_str().unwrap(), blanked.to_str().unwrap()]);
    let human = String::from_utf8(out.stdout).unwrap();
    let line = human.lines().find(|l| l.starts_with("表三  一、本年新收") && l.contains("自然人")).unwrap();
    assert!(line.trim_end().ends_with("21"), "blank, not 0: {line:?}");
}

#[test]
fn money_keeps_every_digit_written() {
    // Issue 21's figures: 4166.241619 → 18651.06 is +14484.818381, to the last digit, in the
    // JSON (a number), the CSV and the human table; a change past an f64's 15 digits is
    // carried as its digits (a JSON string), never rounded.
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, from: &str, fee: &str| {
        let text = std::fs::read_to_string(fixture(from)).unwrap();
        let p = dir.path().join(name);
        let (old_row, new_row) = if from == HONGZE_2023 { ("\t7730.28", format!("\t{fee}")) } else { ("行政事业性收费\t7545", format!("行政事业性收费\t{fee}")) };
        assert!(text.contains(old_row), "{from}");
        std::fs::write(&p, text.replacen(old_row, &new_row, 1)).unwrap();
        p
    };
    let column = "本年收费金额（单位：万元）";
    let (old, new) = (write("old.txt", HONGZE_2023, "4166.241619"), write("new.txt", HONGZE_2024, "18651.06"));
    let (o, n) = (old.to_str().unwrap(), new.to_str().unwrap());
    let v = json(&run(&["compare", "--format", "json", o, n]));
    let fee = cell(&v, 2, "行政事业性收费", column);
    assert_eq!((fee["old"].to_string(), fee["new"].to_string(), fee["change"].to_string()), ("4166.241619".into(), "18651.06".into(), "14484.818381".into()));
    let csv = run(&["compare", "--format", "csv", o, n]);
    let rows = parse_csv(std::str::from_utf8(&csv.stdout[3..]).unwrap());
    assert!(rows.contains(&["2", "行政事业性收费", column, "4166.241619", "18651.06", "+14484.818381"].map(String::from).to_vec()), "{rows:?}");
    let human = String::from_utf8(run(&["compare", o, n]).stdout).unwrap();
    assert!(human.lines().any(|l| l.contains("行政事业性收费") && l.contains("4166.241619") && l.trim_end().ends_with("+14484.818381")), "{human}");
    // Eighteen significant digits: JSON carries them as a string.
    let new = write("long.txt", HONGZE_2024, "123456789012.345678");
    let v = json(&run(&["compare", "--format", "json", o, new.to_str().unwrap()]));
    let fee = cell(&v, 2, "行政事业性收费", column);
    assert_eq!((fee["new"].clone(), fee["change"].clone()), ("123456789012.345678".into(), "123456784846.104059".into()));
}

#[test]
fn unreadable_or_non_report_files_exit_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("不存在.txt");
    let out = run(&["compare", missing.to_str().unwrap(), fixture(HONGZE_2024).to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不存在.txt"));
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "会议纪要\n今天开会讨论了三件事。\n").unwrap();
    let out = run(&["compare", fixture(HONGZE_2023).to_str().unwrap(), notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("notes.txt") && err.contains("not an annual report"), "{err}");
    assert!(out.stdout.is_empty());
}
