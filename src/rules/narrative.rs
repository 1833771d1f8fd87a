//! Narrative rules (spec §2.5, §2.7): numbers the text of section 一 states about
//! applications, reviews and lawsuits must match tables 3 and 4, an exhaustive "其中"
//! breakdown must add up, and section 五 must say more than 「无」. Warnings only: prose is read
//! by patterns, not proven. A mismatched number carries a narrative fix that writes the table's
//! figure into the sentence (in the sentence's numerals); a table cell left blank that a
//! sentence states gets an information finding whose fix writes the sentence's figure into it.

use crate::finding::{Edit, Finding, FixKind, Msg, Num, Related, Severity};
use super::arithmetic::Equation;
use crate::model::{Cell, ClaimKind, Report};
use crate::text::{is_space, number_like, CellValue};
use crate::template::T3_TOT;

fn t3_tot(r: &Report, key: &str) -> Option<(i64, std::ops::Range<usize>)> {
    let c = t3_tot_cell(r, key)?;
    Some((c.value.int()?, c.span.clone()))
}

fn t4(r: &Report, k: usize) -> Option<(i64, std::ops::Range<usize>)> {
    let c = r.t4.as_ref()?.cells[k].as_ref()?;
    Some((c.value.int()?, c.span.clone()))
}

fn t3_tot_cell<'a>(r: &'a Report, key: &str) -> Option<&'a Cell> {
    r.t3.as_ref()?.row(key)?.cells[T3_TOT].as_ref()
}

/// The one table cell a claim states, when it states one cell and nothing else may be meant:
/// not 收到 (which may count the carried-in too) unless nothing was carried in, not 办结/答复
/// (likewise), not 诉讼 (two cells).
fn single_cell(r: &Report, kind: ClaimKind) -> Option<&Cell> {
    match kind {
        ClaimKind::NewReceived => t3_tot_cell(r, "new"),
        ClaimKind::Received if t3_tot(r, "carry_in").is_some_and(|(v, _)| v == 0) => t3_tot_cell(r, "new"),
        ClaimKind::CarriedIn => t3_tot_cell(r, "carry_in"),
        ClaimKind::CarriedOut => t3_tot_cell(r, "carry_out"),
        ClaimKind::Review => r.t4.as_ref()?.cells[4].as_ref(),
        _ => None,
    }
}

/// The spans of the table cells a claim is compared with (`table_value`'s cells: two for
/// 诉讼, the direct and the after-review lawsuits), when the table gives its figure.
pub fn table_cells(r: &Report, kind: ClaimKind) -> Option<Vec<std::ops::Range<usize>>> {
    let (_, _, span) = table_value(r, kind)?;
    Some(match kind {
        ClaimKind::Litigation | ClaimKind::NoLitigation => [9, 14].iter().filter_map(|&k| Some(t4(r, k)?.1)).collect(),
        _ => vec![span],
    })
}

/// The rule that compares a claim of this kind with the tables.
pub fn rule_of(kind: ClaimKind) -> &'static str {
    match kind {
        ClaimKind::NewReceived => "n1_new_received",
        ClaimKind::CarriedIn => "n2_carried_in",
        ClaimKind::CarriedOut => "n3_carried_out",
        ClaimKind::Received => "n4_received",
        ClaimKind::Concluded | ClaimKind::Handled => "n5_concluded",
        ClaimKind::Review => "n6_review",
        ClaimKind::Litigation => "n7_litigation",
        ClaimKind::NoApplications => "n8_no_applications",
        ClaimKind::NoReview | ClaimKind::NoLitigation => "n9_no_review_litigation",
    }
}

/// The total equation whose 总计 is the cell at `span`.
fn total_at<'a>(eqs: &'a [Equation], span: &std::ops::Range<usize>) -> Option<&'a Equation> {
    eqs.iter().find(|e| e.total_cell().is_some_and(|t| t.span == *span))
}

fn lit(r: &Report) -> Option<(i64, std::ops::Range<usize>)> {
    let (a, s) = t4(r, 9)?;
    let (b, _) = t4(r, 14)?;
    Some((a + b, s))
}

/// The table figure a claim is compared with: (value, an also-accepted value, the cell's span).
/// "收到/受理…N件" may count this year's applications or those plus the ones carried in; so
/// may "办结/答复/处理…N件" (「答复N件（含上年结转M件）」), which is compared with （七）总计 first.
pub fn table_value(r: &Report, kind: ClaimKind) -> Option<(i64, Option<i64>, std::ops::Range<usize>)> {
    let (v, span) = match kind {
        ClaimKind::NewReceived | ClaimKind::Received | ClaimKind::NoApplications => t3_tot(r, "new")?,
        ClaimKind::CarriedIn => t3_tot(r, "carry_in")?,
        ClaimKind::CarriedOut => t3_tot(r, "carry_out")?,
        ClaimKind::Concluded | ClaimKind::Handled => t3_tot(r, "total")?,
        ClaimKind::Review | ClaimKind::NoReview => t4(r, 4)?,
        ClaimKind::Litigation | ClaimKind::NoLitigation => lit(r)?,
    };
    let alt = match kind {
        ClaimKind::Received => t3_tot(r, "carry_in").map(|(b, _)| v + b),
        ClaimKind::Concluded | ClaimKind::Handled => Some(t3_tot(r, "new")?.0 + t3_tot(r, "carry_in")?.0),
        _ => None,
    };
    Some((v, alt, span))
}

/// Section 五 (存在的主要问题及改进情况) shorter than this many characters (spaces not counted)
/// says too little: the national format asks for the problems and the measures taken.
pub const SECTION5_MIN_CHARS: usize = 10;

/// `section5_thin`: section 五's text is only 「无」 (or 「无。」, 「暂无」…) or shorter than
/// `SECTION5_MIN_CHARS` characters. Reported on the heading; needs the heading to be there
/// (a missing section is `structure_missing_section`).
fn section5(r: &Report, text: &str, out: &mut Vec<Finding>) {
    // Sections are numbered from 0 (一).
    const FIVE: u8 = 4;
    let Some(h) = r.headings.iter().find(|h| h.section == FIVE) else { return };
    // The section's paragraphs follow its heading (paragraphs are in text order). Counted up
    // to the minimum only: a real section 五 stops the count in its first line.
    let first = r.paragraphs.partition_point(|p| p.span.start < h.span.start);
    let chars = r.paragraphs[first..].iter().take_while(|p| p.section == Some(FIVE)).filter_map(|p| text.get(p.span.clone())).flat_map(str::chars).filter(|c| !is_space(*c)).take(SECTION5_MIN_CHARS).count();
    if chars >= SECTION5_MIN_CHARS {
        return;
    }
    out.push(Finding::new(
        "section5_thin",
        Severity::Warning,
        h.span.clone(),
        Msg::new(
            format!("第五部分“存在的主要问题及改进情况”内容过少（{chars} 个字）：应写明存在的主要问题和改进措施"),
            format!("Section 五 (problems and improvements) says too little ({chars} characters): state the main problems and the measures taken"),
        ),
    ));
}

/// `n_blank_cell`: a table cell a sentence states (「本年新收申请95件」) is blank, and its
/// parts cannot give it (when they can, filling the totals is the proven fix). Information, with
/// the fix that writes the sentence's figure; not when two sentences state different figures.
fn blank_cells(r: &Report, mut eqs: Option<Vec<Equation>>, out: &mut Vec<Finding>) {
    let mut found: Vec<(&Cell, i64, std::ops::Range<usize>, bool)> = Vec::new();
    for c in &r.claims {
        let Some(cell) = single_cell(r, c.kind).filter(|cell| matches!(cell.value, CellValue::Blank)) else { continue };
        match found.iter_mut().find(|(x, ..)| x.span == cell.span) {
            Some(seen) => seen.3 &= seen.1 == c.value,
            None => found.push((cell, c.value, c.span.clone(), true)),
        }
    }
    found.retain(|x| x.3);
    if found.is_empty() {
        return;
    }
    let eqs = eqs.get_or_insert_with(|| super::arithmetic::equations(r));
    for (cell, v, claim, _) in found {
        let computable = total_at(eqs, &cell.span).is_some_and(|e| e.right_sum().is_some());
        if computable {
            continue;
        }
        let mut f = Finding::new(
            "n_blank_cell",
            Severity::Info,
            cell.span.clone(),
            Msg::new(format!("统计表此格空白，正文称 {v} 件：可按正文填写"), format!("This table cell is blank; the text states {v}: it can be filled from the text")),
        );
        f.expected = Some(Num::Int(v));
        f.related = vec![Related::here(claim, Msg::new(format!("正文 {v} 件"), format!("text {v}")))];
        f.fix = Some(Edit { range: cell.number_range(), new_text: v.to_string() });
        f.fix_kind = FixKind::Narrative;
        out.push(f);
    }
}

pub fn check(r: &Report, text: &str, out: &mut Vec<Finding>) {
    section5(r, text, out);
    let mut eqs: Option<Vec<Equation>> = None;
    for c in &r.claims {
        let rule = rule_of(c.kind);
        let (what_zh, what_en) = match c.kind {
            ClaimKind::NewReceived | ClaimKind::NoApplications => ("本年新收申请", "newly received applications"),
            ClaimKind::CarriedIn => ("上年结转申请", "applications carried in"),
            ClaimKind::CarriedOut => ("结转下年度申请", "applications carried over"),
            ClaimKind::Received => ("收到/受理申请", "applications received"),
            ClaimKind::Concluded => ("办结申请", "applications concluded"),
            ClaimKind::Handled => ("答复/处理申请", "applications answered"),
            ClaimKind::Review | ClaimKind::NoReview => ("行政复议", "administrative reviews"),
            ClaimKind::Litigation | ClaimKind::NoLitigation => ("行政诉讼", "lawsuits"),
        };
        let Some((tv, alt, tspan)) = table_value(r, c.kind) else { continue };
        if tv == c.value || alt == Some(c.value) {
            continue;
        }
        let negative = matches!(c.kind, ClaimKind::NoApplications | ClaimKind::NoReview | ClaimKind::NoLitigation);
        let msg = if negative {
            Msg::new(format!("正文称没有{what_zh}，但统计表为 {tv} 件"), format!("The text says there were no {what_en}, but the table shows {tv}"))
        } else {
            Msg::new(format!("正文称{what_zh} {} 件，统计表为 {tv} 件", c.value), format!("The text states {} {what_en}; the table shows {tv}", c.value))
        };
        let mut f = Finding::new(rule, Severity::Warning, c.span.clone(), msg);
        f.stated = Some(Num::Int(c.value));
        f.expected = Some(Num::Int(tv));
        f.related = vec![Related::here(tspan.clone(), Msg::new(format!("统计表 {tv}"), format!("table {tv}")))];
        // Not when the table's figure is a total its own parts prove wrong: filling the totals
        // comes first, and may make the sentence right.
        let eqs = eqs.get_or_insert_with(|| super::arithmetic::equations(r));
        let proven_wrong = |s: &std::ops::Range<usize>| total_at(eqs, s).is_some_and(|e| e.holds() == Some(false));
        if !negative && !table_cells(r, c.kind).unwrap_or_default().iter().any(proven_wrong) {
            // The span is the number as written (`95`, `九十五`): write the table's in its style.
            let written = text.get(c.span.clone()).unwrap_or("");
            f.fix = Some(Edit { range: c.span.clone(), new_text: number_like(written, tv) });
            f.fix_kind = FixKind::Narrative;
        }
        out.push(f);
    }
    blank_cells(r, eqs, out);
    for b in &r.breakdowns {
        let sum: i64 = b.parts.iter().map(|p| p.0).sum();
        if sum == b.total {
            continue;
        }
        let parts: Vec<String> = b.parts.iter().map(|p| p.0.to_string()).collect();
        let mut f = Finding::new(
            "n12_breakdown_sum",
            Severity::Warning,
            b.total_span.clone(),
            Msg::new(
                format!("“其中”各分项之和为 {}（{}），与总数 {}{} 不符", sum, parts.join(" + "), b.total, b.unit),
                format!("The '其中' parts add up to {} ({}), not the stated total {}", sum, parts.join(" + "), b.total),
            ),
        );
        f.stated = Some(Num::Int(b.total));
        f.expected = Some(Num::Int(sum));
        f.related = b.parts.iter().map(|(v, s)| Related::here(s.clone(), Msg::new(format!("分项 {v}"), format!("part {v}")))).collect();
        let _ = text;
        out.push(f);
    }
}
