//! Segments: where one report ends and the next begins in a document that holds several
//! (reviewers paste many reports into one file; benchmarks concatenate them). A report starts
//! at line 0 and at every title line that follows a section heading of the report before it.
//! `each_report` finds them in one pass that splits and classifies the lines as it goes.

use super::{line_iter, Line};
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
    starts_from_marks(marks).collect()
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
            // The report before ends with a line break: its text has an empty last line.
            let seg = &text[base..l.start];
            ls.push(Line { text: &seg[seg.len()..], start: seg.len() });
            kinds.push(LineKind::Blank);
            f(base, seg, &ls, &kinds);
            ls.clear();
            kinds.clear();
            base = l.start;
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

    proptest::proptest! {
        /// `each_report` gives the reports `starts` finds, each with the lines and kinds of
        /// its own text.
        #[test]
        fn each_report_gives_each_reports_lines(parts in proptest::collection::vec(proptest::sample::select(vec![
            "A局2020年政府信息公开工作年度报告", "一、总体情况", "正文。", "\t12", "", "\n", "\r\n", "\r",
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
