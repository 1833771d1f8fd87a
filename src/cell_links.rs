//! What the rules tie a cell or a narrative number to, for navigation in an editor: the table
//! cell(s) a narrative number is checked against (go to definition), a 总计's addends or the
//! totals a cell adds up to (document highlights), and every rule that reads a cell, each at
//! the place it is stated (references). Read from the same equations and narrative comparisons
//! the rules check, so navigation never shows a tie no rule makes. Spans are report-relative.

use crate::analysis::Analysis;
use crate::explain::cell_place;
use crate::model::Report;
use crate::rules::arithmetic::Equation;
use crate::rules::narrative;
use std::ops::Range;

/// The table cells the narrative number at report-relative byte `pos` is compared with (two for
/// 行政诉讼: the direct and the after-review lawsuits), and the number's span.
pub fn claim_cells(r: &Report, pos: usize) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    if !r.is_report {
        return None;
    }
    let claim = r.claims.iter().find(|c| c.span.start <= pos && pos <= c.span.end)?;
    Some((claim.span.clone(), narrative::table_cells(r, claim.kind)?))
}

/// How a highlighted cell takes part: the total being computed, or one of what it adds up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Total,
    Addend,
}

fn cell_at(t: &crate::rules::arithmetic::Term, pos: usize) -> bool {
    t.cell.as_ref().is_some_and(|c| c.span.start <= pos && pos <= c.span.end)
}

fn total_span(e: &Equation) -> Option<Range<usize>> {
    e.total_cell().map(|c| c.span.clone())
}

/// On a 总计 cell, it and its addends; on any other cell, it and the totals it adds up to.
/// Empty when `pos` is in no cell of a sum. Each span once, in text order.
pub fn highlights(a: &Analysis, pos: usize) -> Vec<(Range<usize>, Part)> {
    let r = &a.report;
    let Some((_, cell)) = cell_place(r, pos) else { return Vec::new() };
    let pos = cell.span.start;
    let eqs: Vec<Equation> = a.equations().into_iter().filter(|e| e.fill && e.involves(pos)).collect();
    let mut out: Vec<(Range<usize>, Part)> = Vec::new();
    let is_total = eqs.iter().any(|e| e.left.first().is_some_and(|t| cell_at(t, pos)));
    for e in &eqs {
        let Some(total) = total_span(e) else { continue };
        if is_total {
            if total.start <= pos && pos <= total.end {
                out.push((total, Part::Total));
                out.extend(e.right.iter().filter_map(|t| t.cell.as_ref()).map(|c| (c.span.clone(), Part::Addend)));
            }
        } else {
            out.push((total, Part::Total));
            out.push((cell.span.clone(), Part::Addend));
        }
    }
    out.sort_by_key(|(s, p)| (s.start, s.end, *p == Part::Addend));
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// One rule that reads a cell, at the place it states its check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reader {
    pub rule: &'static str,
    pub span: Range<usize>,
}

/// Every rule that reads the cell at `pos`: each equation it takes part in, at its total (the
/// balance of a table-3 column at its 结转下年度 cell), and each narrative number compared
/// with it, at the number. In text order; empty when `pos` is in no cell.
pub fn readers(a: &Analysis, pos: usize) -> Vec<Reader> {
    let r = &a.report;
    let Some((_, cell)) = cell_place(r, pos) else { return Vec::new() };
    let span = cell.span.clone();
    let mut out: Vec<Reader> = a
        .equations()
        .iter()
        .filter(|e| e.involves(span.start))
        .filter_map(|e| {
            let at = total_span(e).or_else(|| e.right.last()?.cell.as_ref().map(|c| c.span.clone()))?;
            Some(Reader { rule: e.rule, span: at })
        })
        .collect();
    for c in &r.claims {
        if claim_cells(r, c.span.start).is_some_and(|(_, cells)| cells.contains(&span)) {
            out.push(Reader { rule: narrative::rule_of(c.kind), span: c.span.clone() });
        }
    }
    out.sort_by_key(|x| (x.span.start, x.span.end, x.rule));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::CheckOptions;

    fn analysis(name: &str) -> (String, Analysis) {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
        let a = crate::analysis::analyze_report(&text, &CheckOptions::default());
        (text, a)
    }

    /// 010 says 「受理政府信息公开申请 17 件」: its number goes to 表三 一、本年新收 · 总计.
    #[test]
    fn a_narrative_number_leads_to_its_cell() {
        let (text, a) = analysis("010_hongze_2024.txt");
        let at = text.find("申请 17 件").expect("sentence") + "申请 ".len();
        let (num, cells) = claim_cells(&a.report, at).expect("a claim");
        assert_eq!(&text[num], "17");
        assert_eq!(cells.len(), 1);
        let (place, _) = cell_place(&a.report, cells[0].start).expect("a cell");
        assert_eq!((place.table, place.row.as_str(), place.column.as_str()), (3, "一、本年新收政府信息公开申请数量", "总计"));
        assert_eq!(&text[cells[0].clone()], "95");
        assert_eq!(claim_cells(&a.report, 0), None, "the title is no claim");
    }

    /// 009's 行政复议 总计: itself and its four parts; a part: itself and its total.
    #[test]
    fn a_total_highlights_its_addends() {
        let (_, a) = analysis("009_hongze_2023.txt");
        let t4 = a.report.t4.as_ref().expect("table 4");
        let total = t4.cells[4].as_ref().expect("行政复议 总计").span.clone();
        let hs = highlights(&a, total.start);
        assert_eq!(hs.len(), 5, "{hs:?}");
        assert_eq!(hs.iter().filter(|h| h.1 == Part::Total).map(|h| h.0.clone()).collect::<Vec<_>>(), vec![total.clone()]);
        for k in 0..4 {
            let part = t4.cells[k].as_ref().expect("part").span.clone();
            assert!(hs.contains(&(part, Part::Addend)));
        }
        let part = t4.cells[0].as_ref().expect("维持").span.clone();
        assert_eq!(highlights(&a, part.start), vec![(part, Part::Addend), (total, Part::Total)]);
        assert!(highlights(&a, 0).is_empty());
    }

    /// 001's 一、本年新收 · 总计 is read by its row's total rule, by the balance of the 总计
    /// column, and by the narrative's 「本年新收41件」 and 「受理依申请公开41件」.
    #[test]
    fn every_rule_that_reads_a_cell() {
        let (text, a) = analysis("001_7e3cf29f5d278207.txt");
        let t3 = a.report.t3.as_ref().expect("table 3");
        let cell = t3.row("new").expect("new").cells[6].as_ref().expect("总计").span.clone();
        let rules: Vec<&str> = readers(&a, cell.start).iter().map(|x| x.rule).collect();
        for want in ["t3_row_total", "t3_column_balance", "n1_new_received", "n4_received"] {
            assert!(rules.contains(&want), "{want} missing from {rules:?}");
        }
        let n1 = readers(&a, cell.start).into_iter().find(|x| x.rule == "n1_new_received").expect("n1");
        assert_eq!(&text[n1.span], "41");
        assert!(readers(&a, 0).is_empty());
    }
}
