//! Segments: where one report ends and the next begins in a document that holds several
//! (reviewers paste many reports into one file; benchmarks concatenate them). A report starts
//! at line 0 and at every title line that follows a section heading of the report before it,
//! or just above that title at the agency's name when the name is on a line of its own and
//! the title names no agency (`lead`), so a report's title reads the same alone and in a
//! dump. `each_report` finds them in one pass that splits and classifies the lines as it goes.

use super::{line_iter, Line};
use crate::agency::looks_like_agency;
use crate::text::is_space;
use crate::text::lines::{classify, LineKind};

/// A title line: short, no sentence punctuation, ends like a report title.
pub fn is_title(line: &str) -> bool {
    // Titles are short: reject long prose before looking at characters, and a sentence by
    // its last bytes (。 ends most prose lines; a title never).
    if line.len() > 240 || line.ends_with('。') {
        return false;
    }
    // Every title ends with 告, 报 or 开 before closing decoration: most lines stop here.
    let end = line.trim_end_matches(|c: char| is_space(c) || matches!(c, '*' | ')' | '）' | '(' | '（'));
    if !end.ends_with(['告', '报', '开']) {
        return false;
    }
    let t = line.trim_matches(is_space).trim_start_matches('#').trim_matches(is_space);
    let t = t.trim_matches('*');
    if t.is_empty() || t.contains('\t') || t.chars().count() > 60 || t.contains(['，', '。', '；', ',']) {
        return false;
    }
    let t = t.trim_end_matches(|c: char| matches!(c, ')' | '）' | '(' | '（') || is_space(c));
    t.ends_with("年度报告") || t.ends_with("年报") || (t.ends_with("政府信息公开") && t.contains('年'))
}

/// Indices of the lines where reports start (always includes 0).
pub fn starts(lines: &[Line<'_>]) -> Vec<usize> {
    starts_kinds(lines, &super::kinds(lines))
}

/// Report starts from already classified lines.
pub fn starts_kinds(lines: &[Line<'_>], kinds: &[LineKind]) -> Vec<usize> {
    let marks = lines.iter().zip(kinds).enumerate().filter_map(|(i, (l, k))| mark(l.text, *k).map(|m| (i, m)));
    starts_from_marks(marks)
        .map(|i| match i {
            0 => 0,
            i => i - lead_of(lines[i].text, &lines[..i], &kinds[..i]),
        })
        .collect()
}

/// How many blank lines may stand between an agency's name and the title below it.
const LEAD_BLANKS: usize = 3;

/// How many of the lines just above `title`, a title line that starts a report, belong to
/// that report: the agency's name on a line of its own (`淄川区招商局` above
/// `2020年政府信息公开工作年度报告`), with the blank lines between, when the title itself names
/// no agency. `above` gives the lines above the title, nearest first, with their kinds; they
/// are the report before's (its last lines), and 0 leaves them there. Read alone, such a
/// report's title is its first lines joined (`assemble`), the name with it: so the same report
/// names its agency alone and in a dump. A name with a date under it is the report before's
/// signature, and the date stops the look.
pub fn lead<'a>(title: &str, above: impl Iterator<Item = (&'a str, LineKind)>) -> usize {
    // The nearest line above that is not blank; the cheap tests first (most titles in a dump
    // have prose or a date above them).
    let Some((n, (text, kind))) = above.take(LEAD_BLANKS + 1).enumerate().find(|(_, (_, k))| *k != LineKind::Blank) else {
        return 0;
    };
    // A name is a short line (40 characters at most) without digits (a date line, the
    // commonest line above a title in a dump, has them).
    let short = matches!(kind, LineKind::Short | LineKind::Text) && text.len() <= 120 && !text.bytes().any(|b| b.is_ascii_digit());
    if short && !is_title(text) && looks_like_agency(text) && crate::agency::read(title).is_err() {
        n + 1
    } else {
        0
    }
}

/// `lead` of a title whose lines above are `lines` (with their `kinds`), the nearest last.
fn lead_of(title: &str, lines: &[Line<'_>], kinds: &[LineKind]) -> usize {
    lead(title, lines.iter().rev().zip(kinds.iter().rev()).map(|(l, k)| (l.text, *k)))
}

/// What segmenting needs to know of a line: it is a section heading, or it reads like a
/// report title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Heading,
    Title,
}

/// The mark of one line of kind `kind`, if it has one.
pub fn mark(line: &str, kind: LineKind) -> Option<Mark> {
    match kind {
        LineKind::Heading { .. } => Some(Mark::Heading),
        LineKind::Short | LineKind::Text if is_title(line) => Some(Mark::Title),
        _ => None,
    }
}

/// The rule that starts a report after the first, fed the marks of a document's lines in
/// order: a title starts one when a heading came since the last start.
#[derive(Default)]
struct StartRule {
    seen_heading: bool,
}

impl StartRule {
    /// Whether the line of mark `m` starts a report.
    fn starts(&mut self, m: Mark) -> bool {
        match m {
            Mark::Heading => {
                self.seen_heading = true;
                false
            }
            Mark::Title => std::mem::take(&mut self.seen_heading),
        }
    }
}

/// Where reports start, from the marks of a document's lines in order (`at` is any position:
/// a line index or a byte offset): at the start, and at every title after a heading.
pub fn starts_from_marks<P: Default>(marks: impl Iterator<Item = (P, Mark)>) -> impl Iterator<Item = P> {
    let mut rule = StartRule::default();
    std::iter::once(P::default()).chain(marks.filter_map(move |(at, m)| rule.starts(m).then_some(at)))
}

/// Hand each report of `text` to `f` as it is found, in one pass: the byte offset where it
/// starts, its text, and its lines (offsets relative to its start) with their kinds, exactly as
/// `lines` and `kinds` give them for that text. The line vectors are reused from one report to
/// the next, so a document of any size holds the lines of one report at a time.
pub fn each_report<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str, &[Line<'t>], &[LineKind])) {
    let mut ls: Vec<Line<'t>> = Vec::new();
    let mut kinds: Vec<LineKind> = Vec::new();
    let (mut base, mut rule) = (0, StartRule::default());
    for l in line_iter(text) {
        let kind = classify(l.text);
        if mark(l.text, kind).is_some_and(|m| rule.starts(m)) {
            // The lines the new report takes from the end of the one before (`lead`).
            let k = ls.len() - lead_of(l.text, &ls, &kinds);
            let start = ls.get(k).map_or(l.start, |x| base + x.start);
            // The report before ends with a line break: its text has an empty last line.
            let seg = &text[base..start];
            let moved: Vec<(Line<'t>, LineKind)> = ls.drain(k..).zip(kinds.drain(k..)).collect();
            ls.push(Line { text: &seg[seg.len()..], start: seg.len() });
            kinds.push(LineKind::Blank);
            f(base, seg, &ls, &kinds);
            ls.clear();
            kinds.clear();
            for (x, kind) in moved {
                ls.push(Line { text: x.text, start: base + x.start - start });
                kinds.push(kind);
            }
            base = start;
        }
        ls.push(Line { text: l.text, start: l.start - base });
        kinds.push(kind);
    }
    f(base, &text[base..], &ls, &kinds);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines;

    #[test]
    fn titles() {
        assert!(is_title("2020年拱墅区投资促进局政府信息公开"));
        assert!(is_title("沐阳县人民政府 2025 年 政府信息公开工作年度报告"));
        assert!(!is_title("扎实推进年度报告公开工作，完成全县64家单位政府信息公开年度报告集中公开"));
    }

    #[test]
    fn splits_concatenated_reports() {
        let t = "A局2020年政府信息公开工作年度报告\n一、总体情况\n正文。\nB局2020年政府信息公开工作年度报告\n一、总体情况\n";
        assert_eq!(starts(&lines(t)), vec![0, 3]);
    }

    #[test]
    fn a_report_starts_at_its_agency_above_a_title_that_names_none() {
        let body = "一、总体情况\n正文。\n";
        // The name, and the blank lines after it, go with the title below.
        let t = format!("A局2020年政府信息公开工作年度报告\n{body}淄川区招商局\n\n2020年政府信息公开工作年度报告\n{body}");
        assert_eq!(starts(&lines(&t)), vec![0, 3]);
        // A title that names its agency keeps the line above with the report before.
        let t = format!("A局2020年政府信息公开工作年度报告\n{body}淄川区招商局\n淄川区财政局2020年政府信息公开工作年度报告\n{body}");
        assert_eq!(starts(&lines(&t)), vec![0, 4]);
        // A signature with its date under it is the report before's.
        let t = format!("A局2020年政府信息公开工作年度报告\n{body}淄川区招商局\n2021年1月19日\n2020年政府信息公开工作年度报告\n{body}");
        assert_eq!(starts(&lines(&t)), vec![0, 5]);
        // Prose above is not a name; nor is a name farther than three blank lines up.
        let t = format!("A局2020年政府信息公开工作年度报告\n{body}淄川区招商局\n\n\n\n\n2020年政府信息公开工作年度报告\n{body}");
        assert_eq!(starts(&lines(&t)), vec![0, 8]);
    }

    proptest::proptest! {
        /// `each_report` gives the reports `starts` finds, each with the lines and kinds of
        /// its own text.
        #[test]
        fn each_report_gives_each_reports_lines(parts in proptest::collection::vec(proptest::sample::select(vec![
            "A局2020年政府信息公开工作年度报告", "2020年政府信息公开工作年度报告", "淄川区招商局", "一、总体情况", "正文。", "\t12", "", "\n", "\r\n", "\r",
        ]), 0..30)) {
            let text = parts.concat();
            let all = lines(&text);
            let want: Vec<usize> = starts(&all).iter().map(|&i| all[i].start).collect();
            let mut got = Vec::new();
            each_report(&text, |off, seg, ls, kinds| {
                assert_eq!(seg.as_ptr(), text[off..].as_ptr());
                let want_ls = lines(seg);
                assert_eq!(ls.iter().map(|l| (l.start, l.text)).collect::<Vec<_>>(), want_ls.iter().map(|l| (l.start, l.text)).collect::<Vec<_>>());
                assert_eq!(kinds, &crate::parse::kinds(&want_ls)[..]);
                got.push(off);
            });
            proptest::prop_assert_eq!(got, want);
        }
    }
}
