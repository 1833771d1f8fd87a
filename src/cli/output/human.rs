//! Human output: one code frame per finding, then a summary line. Frames measure text with
//! `unicode-width` (CJK characters are two columns wide), expand TABs, show other control
//! characters as spaces (no terminal escapes from a file reach the terminal; file names are
//! escaped by `cli::term`), and fit the terminal's width: a long line is cropped around the
//! finding, reading only as many characters as can be shown, so a frame costs O(width) however
//! long the line; long messages are wrapped. (annotate-snippets 0.11 was tried first; it garbles
//! long lines of CJK text when it trims them to the terminal.)

use super::Checked;
use crate::cli::term;
use crate::finding::{Finding, Locale, Severity};
use unicode_width::UnicodeWidthChar;

const TAB: usize = 4;
/// The marker for text cut off.
const ELLIPSIS: &str = "…";
/// Narrowest room left for the source text of a frame, whatever the width.
const MIN_ROOM: usize = 20;

/// How frames are drawn.
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Columns to fit every line into (the path line excepted).
    pub width: usize,
}

fn width(c: char) -> usize {
    if c == '\t' {
        TAB
    } else if c.is_control() {
        1 // shown as one space (see `show`)
    } else {
        c.width().unwrap_or(1)
    }
}

fn str_width(s: &str) -> usize {
    s.chars().map(width).sum()
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

/// The longest prefix of `s` at most `max` columns wide: (its byte length, its width). Looks at
/// no more characters than it can show (zero-width ones capped too), so the cost is O(max).
fn front(s: &str, max: usize) -> (usize, usize) {
    let (mut end, mut w) = (0, 0);
    for (n, (i, c)) in s.char_indices().enumerate() {
        let cw = width(c);
        if w + cw > max || n >= 4 * max {
            break;
        }
        w += cw;
        end = i + c.len_utf8();
    }
    (end, w)
}

/// The longest suffix of `s` at most `max` columns wide: (its start byte, its width); O(max).
fn back(s: &str, max: usize) -> (usize, usize) {
    let (mut start, mut w) = (s.len(), 0);
    for (n, (i, c)) in s.char_indices().rev().enumerate() {
        let cw = width(c);
        if w + cw > max || n >= 4 * max {
            break;
        }
        w += cw;
        start = i;
    }
    (start, w)
}

/// A piece of a line as shown: its text and its width in columns.
struct Piece {
    text: String,
    width: usize,
}

/// `s` cut to at most `room` columns from the front, with `…` after it when cut.
fn keep_front(s: &str, room: usize) -> Piece {
    let (end, w) = front(s, room);
    if end == s.len() {
        return Piece { text: show(s), width: w };
    }
    let (end, w) = front(s, room.saturating_sub(1));
    Piece { text: format!("{}{ELLIPSIS}", show(&s[..end])), width: w + 1 }
}

/// `s` cut to at most `room` columns from the back, with `…` before it when cut.
fn keep_back(s: &str, room: usize) -> Piece {
    let (start, w) = back(s, room);
    if start == 0 {
        return Piece { text: show(s), width: w };
    }
    let (start, w) = back(s, room.saturating_sub(1));
    Piece { text: format!("{ELLIPSIS}{}", show(&s[start..])), width: w + 1 }
}

/// The source line fitted into `room` columns around the marked text: (text before, marked,
/// text after). The marked text gets at most two thirds of the room; the context before it at
/// most half of what is left, the context after it the rest (and unused room goes back to the
/// context before, as long as `label` more columns still fit after the marked text, so the
/// marker's label stays on the marker's line).
fn fit(before: &str, marked: &str, after: &str, room: usize, label: usize) -> (Piece, Piece, Piece) {
    let marked = keep_front(marked, (room * 2 / 3).max(1));
    let rest = room.saturating_sub(marked.width);
    let pre = keep_back(before, rest / 2);
    let post = keep_front(after, rest.saturating_sub(pre.width));
    let spare = rest.saturating_sub(post.width);
    let pre_max = if spare >= label + pre.width { spare - label } else { spare };
    let pre = if pre.width < pre_max { keep_back(before, pre_max) } else { pre };
    (pre, marked, post)
}

/// Split a one-line text into lines at most `max` columns wide (a character wider than that
/// alone on its line), preferring to break after CJK punctuation, then at a space, in the
/// second half of a line.
fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = s;
    loop {
        let (end, _) = front(rest, max);
        if end == rest.len() {
            break;
        }
        let end = if end == 0 { rest.chars().next().map_or(rest.len(), char::len_utf8) } else { end };
        let head = &rest[..end];
        // The last break opportunity at or after half the width: after CJK punctuation, else
        // at a space, else anywhere.
        let (mut w, mut punct, mut space) = (0, None, None);
        for (i, c) in head.char_indices() {
            if w >= max / 2 {
                match c {
                    '，' | '；' | '。' | '）' => punct = Some(i + c.len_utf8()),
                    ' ' => space = Some(i + 1),
                    _ => {}
                }
            }
            w += width(c);
        }
        let brk = punct.or(space).unwrap_or(end);
        lines.push(rest[..brk].trim_end().to_string());
        rest = rest[brk..].trim_start();
    }
    if !rest.is_empty() || lines.is_empty() {
        lines.push(rest.to_string());
    }
    lines
}

/// What the marker under the finding says. Usually "stated → expected" for the marked cell;
/// for `t3_column_balance` the two numbers are the sums of the two sides of the equation (the
/// marked 四、结转下年度 cell holds neither), so they are named.
fn label(f: &Finding, locale: Locale) -> String {
    match (f.rule, f.stated, f.expected) {
        ("t3_column_balance", Some(s), Some(e)) => match locale {
            Locale::Zh => format!(" 一+二 = {e}，但（七）总计+四 = {s}"),
            Locale::En => format!(" new + carried in = {e}, but total + carried over = {s}"),
        },
        (_, Some(s), Some(e)) => format!(" {s} → {e}"),
        (_, None, Some(e)) => format!(" → {e}"),
        _ => String::new(),
    }
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

/// One finding as a code frame, every line but the path's at most `style.width` columns wide.
pub fn frame(file: &Checked, f: &Finding, locale: Locale, style: &Style) -> String {
    let p = Paint(style.color);
    let (name, code) = match f.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Info => ("note", "1;36"),
    };
    let (l, c, _, _) = file.lines_cols(f);
    let len = file.text.len();
    let start = f.span.start.min(len);
    let std::ops::Range { start: from, end: to } = file.lines.line(&file.text, file.lines.line_of(&file.text, start));
    let line = file.text[from..to].trim_end_matches(['\n', '\r']);
    let a = floor_boundary(line, start - from);
    let b = floor_boundary(line, f.span.end.min(len).max(start) - from).max(a);
    let num = l.to_string();
    let gutter = " ".repeat(num.len());
    let room = style.width.saturating_sub(num.len() + 3).max(MIN_ROOM);
    let label = label(f, locale);
    let (pre, marked, post) = fit(&line[..a], &line[a..b], &line[b..], room, str_width(&label));
    let carets = marked.width.max(1);
    let mark = if f.severity == Severity::Error { "^" } else { "-" };
    let mut out = String::new();
    let head = format!("{name}[{}]: {}", f.rule, clean(f.message.get(locale)));
    for (i, part) in wrap(&head, style.width).iter().enumerate() {
        if i == 0 {
            let (tag, msg) = part.split_at(part.find(": ").unwrap_or(part.len()));
            out.push_str(&p.wrap(code, tag));
            out.push_str(&p.wrap("1", msg));
        } else {
            out.push('\n');
            out.push_str(&p.wrap("1", part));
        }
    }
    out.push_str(&format!("\n{gutter}{} {}:{l}:{c}\n", p.wrap("1;34", "-->"), term::escape(&file.path)));
    out.push_str(&format!("{gutter} {}\n", p.wrap("1;34", "|")));
    out.push_str(&format!("{} {} {}{}{}\n", p.wrap("1;34", &num), p.wrap("1;34", "|"), pre.text, marked.text, post.text));
    let bar = p.wrap("1;34", "|");
    let carets = mark.repeat(carets);
    if pre.width + carets.len() + str_width(&label) <= room {
        out.push_str(&format!("{gutter} {bar} {}{}", " ".repeat(pre.width), p.wrap(code, &format!("{carets}{label}"))));
    } else {
        // The label does not fit after the marks: on its own line, as far right as it fits.
        let label = label.trim_start();
        let at = pre.width.min(room.saturating_sub(str_width(label)));
        out.push_str(&format!("{gutter} {bar} {}{}\n", " ".repeat(pre.width), p.wrap(code, &carets)));
        out.push_str(&format!("{gutter} {bar} {}{}", " ".repeat(at), p.wrap(code, label)));
    }
    out
}

/// The note under a frame that names a finding's place in the report's tables (HTML, DOCX,
/// DOC) and, in a PDF, its page.
pub fn place(loc: &crate::formats::Location, locale: Locale) -> String {
    let label = match locale {
        Locale::Zh => "位置：",
        Locale::En => "place: ",
    };
    format!("\n  = {label}{}", loc.describe(locale))
}

/// The notes under a frame for related locations in other files (last year's report).
pub fn elsewhere(places: &[super::Elsewhere<'_>], locale: Locale) -> String {
    places
        .iter()
        .map(|e| {
            let (l, c, _, _) = e.at;
            let what = match locale {
                Locale::Zh => "另见",
                Locale::En => "see also",
            };
            format!("\n  = {what} {}:{l}:{c}：{}", term::escape(e.file), clean(e.label.get(locale)))
        })
        .collect()
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

/// The summary, wrapped to `width`; the skipped and unreadable counts only when there are some
/// (so that the usual summary is one line in 80 columns).
pub fn summary(s: &Summary, locale: Locale, width: usize) -> String {
    let mut out = match locale {
        Locale::Zh => format!("检查了 {} 个文件：{} 个错误，{} 个警告，{} 条提示", s.files, s.errors, s.warnings, s.infos),
        Locale::En => format!("checked {} file(s): {} error(s), {} warning(s), {} note(s)", s.files, s.errors, s.warnings, s.infos),
    };
    if s.skipped > 0 {
        out.push_str(&match locale {
            Locale::Zh => format!("；跳过 {} 个非报告文件", s.skipped),
            Locale::En => format!("; skipped {} non-report file(s)", s.skipped),
        });
    }
    if s.failed > 0 {
        out.push_str(&match locale {
            Locale::Zh => format!("；{} 个文件无法读取", s.failed),
            Locale::En => format!("; {} unreadable", s.failed),
        });
    }
    wrap(&out, width).join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_never_underflows() {
        // A mark at the start of its line with a label longer than the room left (a panic
        // once: `spare - label` with nothing before the mark).
        for room in MIN_ROOM..MIN_ROOM + 40 {
            for label in 0..60 {
                for (before, marked, after) in [("", "区统计局2025年政府信息公开工作年度报告", ""), ("", "x", "yyyy"), ("abc", "", "")] {
                    let (pre, m, post) = fit(before, marked, after, room, label);
                    assert!(pre.width + m.width + post.width <= room.max(m.width), "{room} {label}");
                }
            }
        }
    }
    use crate::finding::{Msg, Num};

    const PLAIN: Style = Style { color: false, width: 80 };

    #[test]
    fn frames_align_under_cjk_text() {
        let text = "一、总体情况\n区政府共受理依申请公开41件。\n".to_string();
        let at = text.find("41").unwrap();
        let mut f = Finding::new("n4_received", Severity::Warning, at..at + 2, Msg::new("正文与统计表不一致", "mismatch"));
        f.stated = Some(Num::Int(41));
        f.expected = Some(Num::Int(40));
        let c = Checked { path: "r.txt".into(), lines: crate::position::LineStarts::new(&text), text, template: None, year: None, findings: vec![], locations: vec![], ..Default::default() };
        let out = frame(&c, &f, Locale::Zh, &PLAIN);
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
        Checked { path: "报告.txt".into(), lines: crate::position::LineStarts::new(text), text: text.to_string(), template: Some("2021"), year: Some(2023), findings: vec![], locations: vec![], ..Default::default() }
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
        let out: Vec<String> = [&f1, &f2, &f3, &f4].iter().map(|f| frame(&c, f, Locale::Zh, &PLAIN)).collect();
        let out = out.join("\n\n");
        assert!(!out.contains('\u{1b}'), "no escapes from the text reach the terminal");
        insta::assert_snapshot!(out);
        assert!(frame(&c, &f1, Locale::En, &Style { color: true, width: 80 }).contains("\x1b[1;31merror[t3_row_total]"));
    }

    #[test]
    fn spans_inside_a_character_do_not_panic() {
        let c = checked("总计\t一二三\n");
        let f = Finding::new("value_invalid", Severity::Error, 1..8, Msg::new("x", "x"));
        assert!(frame(&c, &f, Locale::Zh, &PLAIN).contains("总计"));
    }

    #[test]
    fn long_lines_are_cropped_around_the_finding() {
        let text = format!("{}41{}\n", "甲".repeat(100), "乙".repeat(100));
        let c = checked(&text);
        let at = text.find("41").unwrap();
        let out = frame(&c, &Finding::new("n4_received", Severity::Warning, at..at + 2, Msg::new("m", "m")), Locale::Zh, &PLAIN);
        let src = out.lines().find(|l| l.contains("41")).unwrap();
        assert!(src.contains('…') && src.chars().count() < 80, "{out}");
    }

    #[test]
    fn places_in_both_languages() {
        let loc = crate::formats::Location::Cell { page: None, table: 3, row: "（七）总计".into(), column: "总计".into() };
        assert_eq!(place(&loc, Locale::Zh), "\n  = 位置：表3 · （七）总计 · 总计");
        assert_eq!(place(&crate::formats::Location::Paragraph { page: None, index: 4 }, Locale::En), "\n  = place: paragraph 4");
        let loc = crate::formats::Location::Cell { page: Some(3), table: 3, row: "（七）总计".into(), column: "总计".into() };
        assert_eq!(place(&loc, Locale::Zh), "\n  = 位置：第 3 页 · 表3 · （七）总计 · 总计");
        assert_eq!(place(&loc, Locale::En), "\n  = place: page 3 · table 3 · （七）总计 · 总计");
    }

    #[test]
    fn summary_in_both_languages() {
        let s = Summary { files: 3, errors: 2, warnings: 1, infos: 0, skipped: 4, failed: 0 };
        assert!(summary(&s, Locale::Zh, 80).starts_with("检查了 3 个文件：2 个错误"));
        assert!(summary(&s, Locale::En, 80).contains("skipped 4 non-report"));
        assert!(!summary(&s, Locale::En, 80).contains("unreadable"), "no zero counts of trouble");
        let s = Summary { skipped: 40, failed: 20, ..s };
        assert_eq!(summary(&s, Locale::Zh, 80), "检查了 3 个文件：2 个错误，1 个警告，0 条提示；跳过 40 个非报告文件；\n20 个文件无法读取");
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_punctuation_within_the_width() {
        assert_eq!(wrap("short", 80), ["short"]);
        assert_eq!(wrap("aaaa bbbb cccc", 10), ["aaaa bbbb", "cccc"]);
        assert_eq!(wrap("一二三四五，六七八九", 12), ["一二三四五，", "六七八九"]);
        assert_eq!(wrap("一二三四五六七八", 6), ["一二三", "四五六", "七八"], "hard breaks without a break opportunity");
        assert_eq!(wrap("宽", 1), ["宽"], "a character wider than the width still makes progress");
    }

    /// A frame reads only the window it shows: the line around a finding in the middle of a
    /// megabyte-long line is cut on both sides and fits the width.
    #[test]
    fn frames_of_huge_lines_fit_the_width() {
        let text = format!("{}41{}\n", "甲".repeat(400_000), "乙".repeat(400_000));
        let c = checked(&text);
        let at = text.find("41").unwrap();
        let mut f = Finding::new("n4_received", Severity::Warning, at..at + 2, Msg::new("m", "m"));
        (f.stated, f.expected) = (Some(Num::Int(41)), Some(Num::Int(40)));
        let out = frame(&c, &f, Locale::Zh, &Style { color: false, width: 60 });
        for l in out.lines() {
            assert!(str_width(l) <= 60, "{l}");
        }
        assert!(out.contains("…甲甲") && out.contains("41乙乙") && out.contains("乙…") && out.contains("-- 41 → 40"), "{out}");
    }

    fn unicode_width(s: &str) -> usize {
        s.chars().map(|c| if (c as u32) >= 0x1100 && !c.is_ascii() { 2 } else { 1 }).sum()
    }
}
