//! Analysis of one report's text from scratch: lines → blocks → block parses → report model →
//! equations and findings. The batch API runs it per report; the incremental document runs
//! the same steps but reuses block parses that an edit did not touch.

use crate::api::CheckOptions;
use crate::finding::{Edit, Finding};
use crate::model::Report;
use crate::parse::assemble::{assemble, parse_block, BlockParse};
use crate::parse::{blocks, lines, segment};
use crate::rules::arithmetic::{equations, fill_all, Equation};

/// Everything known about one report. Spans are relative to the report's start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    pub report: Report,
    pub equations: Vec<Equation>,
    pub findings: Vec<Finding>,
}

impl Analysis {
    /// Build from a report model.
    pub fn from_report(report: Report, text: &str, opts: &CheckOptions) -> Analysis {
        let equations = if report.is_report { equations(&report) } else { Vec::new() };
        let findings = crate::rules::check(&report, text, opts);
        Analysis { report, equations, findings }
    }
    /// The edits that fill every computed 总计 (relative spans).
    pub fn fill_edits(&self) -> Vec<Edit> {
        if self.report.is_report {
            fill_all(&self.report)
        } else {
            Vec::new()
        }
    }
}

/// Analyse one report's text from scratch.
pub fn analyze_report(text: &str, opts: &CheckOptions) -> Analysis {
    let ls = lines(text);
    let bs = blocks::split(&ls);
    let parses: Vec<BlockParse> = bs.iter().map(|b| parse_block(b.kind, &ls[b.start..b.end])).collect();
    let pairs: Vec<_> = bs.iter().copied().zip(parses.iter()).collect();
    let report = assemble(&ls, &pairs, opts.template);
    Analysis::from_report(report, text, opts)
}

/// Analyse a document that may hold several reports: (byte offset of each report, analysis).
pub fn analyze_document(text: &str, opts: &CheckOptions) -> Vec<(usize, Analysis)> {
    let ls = lines(text);
    let starts = segment::starts(&ls);
    let mut out = Vec::with_capacity(starts.len());
    for (i, &s) in starts.iter().enumerate() {
        let from = ls[s].start;
        let to = starts.get(i + 1).map_or(text.len(), |&e| ls[e].start);
        out.push((from, analyze_report(&text[from..to], opts)));
    }
    out
}
