//! Human output: one code frame per finding, then a summary line. Frames measure text with
//! `unicode-width` (CJK characters are two columns wide), expand TABs, show other control
//! characters as spaces (no terminal escapes from a file reach the terminal), and crop long
//! lines around the finding, so the carets sit under the right characters. (annotate-snippets
//! 0.11 was tried first; it garbles long lines of CJK text when it trims them to the terminal.)

use super::Checked;
use crate::finding::{Finding, Locale, Severity};
use unicode_width::UnicodeWidthChar;

const TAB: usize = 4;
/// Characters of context kept on each side of the finding in a long line.
const CONTEXT: usize = 24;

fn width(c: char) -> usize {
    if c == '\t' {
        TAB
    } else if c.is_control() {
        1 // shown as one space (see `show`)
    } else {
        c.width().unwrap_or(1)
    }
}

/// Text as displayed in a frame: TABs expanded, control characters as spaces.
fn show(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => " ".repeat(TAB),
            c if c.is_control() => " ".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// One-line text from a file or a message: control characters as spaces.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `i` clamped into `s` and moved back onto a character boundary (never panics).
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// One finding as a code frame.
pub fn frame(file: &Checked, f: &Finding, locale: Locale, color: bool) -> String {
    let p = Paint(color);
    let (name, code) = match f.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Info => ("note", "1;36"),
    };
    let (l, c, _, _) = file.lines_cols(f);
    let rope = &file.rope;
    let len = file.text.len();
    let start = f.span.start.min(len);
    let line_no = rope.byte_to_line(start);
    let from = rope.line_to_byte(line_no);
    let to = if line_no + 1 < rope.len_lines() { rope.line_to_byte(line_no + 1) } else { len };
    let line = file.text[from..to].trim_end_matches(['\n', '\r']);
    let a = floor_boundary(line, start - from);
    let b = floor_boundary(line, f.span.end.min(len).max(start) - from).max(a);
    // Crop long lines to the finding and some context.
    let before: Vec<char> = line[..a].chars().collect();
    let marked = &line[a..b];
    let after: Vec<char> = line[b..].chars().collect();
    let (lead, pre): (&str, String) = if before.len() > CONTEXT { ("…", before[before.len() - CONTEXT..].iter().collect()) } else { ("", before.iter().collect()) };
    let (post, tail): (String, &str) = if after.len() > CONTEXT { (after[..CONTEXT].iter().collect(), "…") } else { (after.iter().collect(), "") };
    let pad: usize = lead.chars().chain(pre.chars()).map(width).sum();
    let carets = marked.chars().map(width).sum::<usize>().max(1);
    let num = (l).to_string();
    let gutter = " ".repeat(num.len());
    let label = match (f.stated, f.expected) {
        (Some(s), Some(e)) => format!(" {s} → {e}"),
        (None, Some(e)) => format!(" → {e}"),
        _ => String::new(),
    };
    let mark = if f.severity == Severity::Error { "^" } else { "-" };
    let mut out = String::new();
    out.push_str(&p.wrap(code, &format!("{name}[{}]", f.rule)));
    out.push_str(&p.wrap("1", &format!(": {}", clean(f.message.get(locale)))));
    out.push_str(&format!("\n{gutter}{} {}:{l}:{c}\n", p.wrap("1;34", "-->"), clean(&file.path)));
    out.push_str(&format!("{gutter} {}\n", p.wrap("1;34", "|")));
    out.push_str(&format!("{} {} {}{}{}{}{}\n", p.wrap("1;34", &num), p.wrap("1;34", "|"), lead, show(&pre), show(marked), show(&post), tail));
    out.push_str(&format!("{gutter} {} {}{}", p.wrap("1;34", "|"), " ".repeat(pad), p.wrap(code, &format!("{}{label}", mark.repeat(carets)))));
    out
}

/// The note under a frame that names a finding's place in the report's tables (HTML, DOCX).
pub fn place(loc: &crate::formats::Location, locale: Locale) -> String {
    use crate::formats::Location;
    let what = match (loc, locale) {
        (Location::Cell { table, row, column }, Locale::Zh) => format!("位置：表{table} · {} · {}", clean(row), clean(column)),
        (Location::Cell { table, row, column }, Locale::En) => format!("place: table {table} · {} · {}", clean(row), clean(column)),
        (Location::Paragraph(p), Locale::Zh) => format!("位置：第 {p} 段"),
        (Location::Paragraph(p), Locale::En) => format!("place: paragraph {p}"),
    };
    format!("\n  = {what}")
}

/// Totals for the summary line.
#[derive(Default)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub skipped: usize,
    pub failed: usize,
}

pub fn summary(s: &Summary, locale: Locale) -> String {
    match locale {
        Locale::Zh => format!(
            "检查了 {} 个文件：{} 个错误，{} 个警告，{} 条提示；跳过 {} 个非报告文件；{} 个文件无法读取",
            s.files, s.errors, s.warnings, s.infos, s.skipped, s.failed
        ),
        Locale::En => format!(
            "checked {} file(s): {} error(s), {} warning(s), {} note(s); skipped {} non-report file(s); {} unreadable",
            s.files, s.errors, s.warnings, s.infos, s.skipped, s.failed
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Msg, Num};

    #[test]
    fn frames_align_under_cjk_text() {
        let text = "一、总体情况\n区政府共受理依申请公开41件。\n".to_string();
        let at = text.find("41").unwrap();
        let mut f = Finding::new("n4_received", Severity::Warning, at..at + 2, Msg::new("正文与统计表不一致", "mismatch"));
        f.stated = Some(Num::Int(41));
        f.expected = Some(Num::Int(40));
        let c = Checked { path: "r.txt".into(), rope: ropey::Rope::from_str(&text), text, template: None, year: None, findings: vec![], locations: vec![] };
        let out = frame(&c, &f, Locale::Zh, false);
        let lines: Vec<&str> = out.lines().collect();
        let src = lines.iter().find(|l| l.contains("受理")).unwrap();
        let carets = lines.iter().find(|l| l.contains("--") && !l.contains("-->")).unwrap();
        // The marks start under "41": width of the text before it, CJK counted double.
        let col_src = unicode_width(&src[..src.find("41").unwrap()]);
        let col_caret = carets.find("--").unwrap();
        assert_eq!(col_src, col_caret, "\n{out}");
        assert!(out.contains("r.txt:2:12"), "{out}");
        assert!(out.contains("warning[n4_received]"));
        assert!(out.contains("41 → 40"));
    }

    fn checked(text: &str) -> Checked {
        Checked { path: "报告.txt".into(), rope: ropey::Rope::from_str(text), text: text.to_string(), template: Some("2021"), year: Some(2023), findings: vec![], locations: vec![] }
    }

    /// A table-3 row total in layout A (label then TAB-separated cells), a blank 总计 and a
    /// narrative warning: carets under the cells, CJK counted double, colour codes only on request.
    #[test]
    fn frames_snapshot() {
        let text = "（三）不予公开\t\t\t\t\t\t\t\n1.属于国家秘密\t1\t0\t0\t0\t0\t0\t2\n（七）总计\t3\t0\t0\t0\t0\t0\t\n本年度共收到申请41件，\u{1b}[31m全部办结。\n";
        let c = checked(text);
        let two = text.find("\t2\n").unwrap() + 1;
        let mut f1 = Finding::new("t3_row_total", Severity::Error, two..two + 1, Msg::new("表三第 2 行：总计应为 1", "Table 3 row 2: total should be 1"));
        (f1.stated, f1.expected) = (Some(Num::Int(2)), Some(Num::Int(1)));
        let blank = text.find("\t\n本").unwrap() + 1;
        let mut f2 = Finding::new("t3_row_total", Severity::Error, blank..blank, Msg::new("总计空白，应为 3", "Blank total, should be 3"));
        f2.expected = Some(Num::Int(3));
        let n = text.find("41").unwrap();
        let f3 = Finding::new("n4_received", Severity::Warning, n..n + 2, Msg::new("正文与表三不一致\u{1b}[0m", "differs"));
        let f4 = Finding::new("not_a_report", Severity::Info, text.len()..text.len() + 9, Msg::new("说明", "note"));
        let out: Vec<String> = [&f1, &f2, &f3, &f4].iter().map(|f| frame(&c, f, Locale::Zh, false)).collect();
        let out = out.join("\n\n");
        assert!(!out.contains('\u{1b}'), "no escapes from the text reach the terminal");
        insta::assert_snapshot!(out);
        assert!(frame(&c, &f1, Locale::En, true).contains("\x1b[1;31merror[t3_row_total]"));
    }

    #[test]
    fn spans_inside_a_character_do_not_panic() {
        let c = checked("总计\t一二三\n");
        let f = Finding::new("value_invalid", Severity::Error, 1..8, Msg::new("x", "x"));
        assert!(frame(&c, &f, Locale::Zh, false).contains("总计"));
    }

    #[test]
    fn long_lines_are_cropped_around_the_finding() {
        let text = format!("{}41{}\n", "甲".repeat(100), "乙".repeat(100));
        let c = checked(&text);
        let at = text.find("41").unwrap();
        let out = frame(&c, &Finding::new("n4_received", Severity::Warning, at..at + 2, Msg::new("m", "m")), Locale::Zh, false);
        let src = out.lines().find(|l| l.contains("41")).unwrap();
        assert!(src.contains('…') && src.chars().count() < 80, "{out}");
    }

    #[test]
    fn places_in_both_languages() {
        let loc = crate::formats::Location::Cell { table: 3, row: "（七）总计".into(), column: "总计".into() };
        assert_eq!(place(&loc, Locale::Zh), "\n  = 位置：表3 · （七）总计 · 总计");
        assert_eq!(place(&crate::formats::Location::Paragraph(4), Locale::En), "\n  = place: paragraph 4");
    }

    #[test]
    fn summary_in_both_languages() {
        let s = Summary { files: 3, errors: 2, warnings: 1, infos: 0, skipped: 4, failed: 0 };
        assert!(summary(&s, Locale::Zh).starts_with("检查了 3 个文件：2 个错误"));
        assert!(summary(&s, Locale::En).contains("skipped 4 non-report"));
    }

    fn unicode_width(s: &str) -> usize {
        s.chars().map(|c| if (c as u32) >= 0x1100 && !c.is_ascii() { 2 } else { 1 }).sum()
    }
}
