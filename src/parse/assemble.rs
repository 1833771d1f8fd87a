//! Assembly: combine a report's blocks and their parses into the report model, converting
//! block-relative positions to report-relative byte offsets, merging table rows found in
//! several blocks, reading the title and year, and detecting the template.

use super::blocks::{BlockKind, BlockSpan};
use super::prose::ProseParse;
use super::segment::is_title;
use super::table::{RelCell, RelSpan, TableParse};
use super::Line;
use crate::model::*;
use crate::template::expected_template;
use crate::vocab::TemplateId;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// What one block parsed to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum BlockParse {
    #[default]
    Nothing,
    Table(Box<TableParse>),
    Prose(ProseParse),
}

/// Parse one block (the unit the incremental document caches).
/// `kinds` are the lines' kinds (`classify`).
pub fn parse_block(kind: BlockKind, lines: &[Line<'_>], kinds: &[crate::text::lines::LineKind]) -> BlockParse {
    match kind {
        BlockKind::Table => BlockParse::Table(Box::new(super::table::parse(lines, kinds))),
        BlockKind::Paragraph => BlockParse::Prose(super::prose::parse(lines[0].text)),
        _ => BlockParse::Nothing,
    }
}

fn year_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // Full-width digits too (`２０２４年`), and a year run into the phrase (`2021政府信息公开…`).
    R.get_or_init(|| Regex::new(r"((?:19|20|１９|２０)[0-9０-９]{2})\s*(?:年|政府信息公开|信息公开)").expect("static regex"))
}

struct Abs<'a> {
    lines: &'a [Line<'a>],
    block_start: usize,
}

impl Abs<'_> {
    /// A block-relative span relative to the report.
    #[inline]
    fn span(&self, r: RelSpan) -> Range<usize> {
        let base = self.lines[self.block_start + r.line as usize].start;
        base + r.start as usize..base + r.end as usize
    }
    /// A block's cell as a cell of the report.
    #[inline]
    fn cell(&self, c: &RelCell) -> Cell {
        let value = c.value;
        Cell { span: self.span(c.at), value }
    }
}

/// The span of a line without its leading and trailing spaces.
fn line_span(l: &Line<'_>) -> Range<usize> {
    let t = l.text;
    let (a, b) = crate::text::trim_bounds(t);
    l.start + a..l.start + b
}

/// Build the report model of one report's text.
pub fn assemble(lines: &[Line<'_>], blocks: &[(BlockSpan, &BlockParse)], forced: Option<TemplateId>) -> Report {
    let mut r = Report::default();
    // Room for what a report holds (growing a vector copies it): a paragraph per block at
    // most, six headings, up to eight table-2 items, some three tables, a dozen years.
    r.paragraphs.reserve(blocks.len());
    r.headings.reserve(6);
    r.t2.reserve(8);
    r.table_places.reserve(4);
    r.claims.reserve(8);
    r.years.reserve(16);
    let mut section: Option<u8> = None;
    let mut title_lines: Vec<&Line<'_>> = Vec::new();
    let mut title_open = true;
    // A filter of the table-3 keys taken so far (a bit per key, see `key_bit`): a key whose
    // bit is clear is new, no need to look through the rows.
    let mut t3_keys = 0u64;
    for (b, parse) in blocks {
        let abs = Abs { lines, block_start: b.start };
        let first = &lines[b.start];
        match b.kind {
            BlockKind::Blank => {}
            BlockKind::Heading { section: s, numeral, numeral_ok } => {
                title_open = false;
                section = Some(s);
                r.headings.push(Heading { section: s, numeral, numeral_ok, span: line_span(first) });
            }
            BlockKind::Paragraph => {
                let (a, b) = crate::text::trim_bounds(first.text);
                let t = &first.text[a..b];
                if section.is_none() && title_open {
                    if title_lines.len() < 4 && (is_title(t) || (t.chars().count() <= 40 && !t.contains(['。', '，', '：']))) {
                        title_lines.push(first);
                    } else {
                        title_open = false;
                    }
                }
                r.paragraphs.push(Paragraph { section, span: first.start + a..first.start + b });
                if let BlockParse::Prose(p) = parse {
                    let off = first.start;
                    let sh = |x: &Range<usize>| x.start + off..x.end + off;
                    for (kind, span, value) in &p.claims {
                        if section.is_none() || section == Some(0) {
                            r.claims.push(Claim { kind: *kind, span: sh(span), value: *value });
                        }
                    }
                    for (span, total, parts, unit) in &p.breakdowns {
                        r.breakdowns.push(Breakdown { total_span: sh(span), total: *total, parts: parts.iter().map(|(v, s)| (*v, sh(s))).collect(), unit: *unit });
                    }
                    for y in &p.years {
                        r.years.push(YearMention { span: sh(&y.span), ..y.clone() });
                    }
                }
            }
            BlockKind::Table => {
                title_open = false;
                let BlockParse::Table(t) = parse else { continue };
                let block_span = line_span(first).start..line_span(&lines[b.end - 1]).end;
                for (at, found, canonical) in &t.label_issues {
                    r.label_issues.push(LabelIssue { span: abs.span(*at), found: found.clone(), canonical });
                }
                r.unreadable.extend(t.unreadable.iter().map(|(table, at)| (*table, abs.span(*at))));
                if t.unreadable.iter().any(|u| u.0 == 4) && t.t4.is_none() {
                    r.table_places.push((4, section, block_span.clone()));
                }
                r.markers_2019.extend(t.markers_2019.iter().map(|m| abs.span(*m)));
                r.markers_2021.extend(t.markers_2021.iter().map(|m| abs.span(*m)));
                if !t.t2.is_empty() {
                    r.table_places.push((2, section, block_span.clone()));
                }
                if t.t2.is_empty() && t.t3.is_empty() && !t.t3_header && t.t4.is_none() && !t.t4_header && t.unreadable.is_empty() {
                    r.unknown_tables.push((section, block_span.clone()));
                }
                for f in &t.t2 {
                    r.t2.push(T2Block {
                        item: f.item,
                        caption_span: abs.span(f.caption),
                        columns: f.columns.iter().map(|(n, s)| (n.clone(), abs.span(*s))).collect(),
                        rows: f.rows.iter().map(|row| T2Row { label: row.label, label_span: abs.span(row.at), cells: t.run(row.cells).iter().map(|c| abs.cell(c)).collect() }).collect(),
                    });
                }
                if !t.t3.is_empty() || t.t3_header {
                    r.table_places.push((3, section, block_span.clone()));
                    let t3 = r.t3.get_or_insert_with(|| Table3 { span: block_span.clone(), rows: Vec::with_capacity(crate::template::T3_ROWS.len()) });
                    t3.span.end = t3.span.end.max(block_span.end);
                    for row in &t.t3 {
                        let bit = key_bit(row.key);
                        if t3_keys & bit != 0 && t3.rows.iter().any(|x| x.key == row.key) {
                            continue;
                        }
                        t3_keys |= bit;
                        // Filled in place: a row of cells is large to move.
                        t3.rows.push(T3Row { key: row.key, label_span: abs.span(row.at), cells: Default::default() });
                        if let Some(last) = t3.rows.last_mut() {
                            for (to, c) in last.cells.iter_mut().zip(t.run(row.cells)) {
                                *to = Some(abs.cell(c));
                            }
                        }
                    }
                }
                if let Some(cells) = t.t4 {
                    r.table_places.push((4, section, block_span.clone()));
                    if r.t4.is_none() {
                        let run = t.run(cells);
                        r.t4 = Some(Table4 { span: block_span.clone(), cells: std::array::from_fn(|k| run.get(k).map(|c| abs.cell(c))) });
                    }
                } else if t.t4_header && r.t4.is_none() {
                    r.table_places.push((4, section, block_span.clone()));
                }
            }
        }
    }
    // Title and year.
    if let (Some(f), Some(l)) = (title_lines.first(), title_lines.last()) {
        r.title_span = Some(line_span(f).start..line_span(l).end);
        r.title = title_lines.iter().map(|l| l.text.trim_matches(crate::text::is_space)).collect::<Vec<_>>().join("");
        r.agency = Some(crate::agency::read(&r.title));
        for l in &title_lines {
            if let Some(c) = year_re().captures(l.text) {
                let ascii = |m: regex::Match<'_>| m.as_str().chars().filter_map(crate::text::norm_char).collect::<String>();
                if let (Some(m), Some(y)) = (c.get(1), c.get(1).and_then(|m| ascii(m).parse::<i32>().ok())) {
                    r.year = Some((y, l.start + m.start()..l.start + m.end()));
                    break;
                }
            }
        }
    }
    let title_ok = r.title.contains("信息公开") && (r.title.contains("年度报告") || r.title.contains("年报"));
    r.is_report = title_ok || r.t3.is_some() || r.t4.is_some();
    r.template = forced.or_else(|| detect_template(&r));
    r
}

/// The bit of a table-3 key in a 64-bit filter (distinct for most keys of the template).
fn key_bit(key: &str) -> u64 {
    1 << ((key.len() * 7 + usize::from(key.as_bytes().last().copied().unwrap_or(0))) % 64)
}

/// Template from table-2 header markers, then table-3 row structure, then the year.
fn detect_template(r: &Report) -> Option<TemplateId> {
    let (m19, m21) = (r.markers_2019.len(), r.markers_2021.len());
    if m19 > 0 || m21 > 0 {
        return Some(if m21 >= m19 { TemplateId::T2021 } else { TemplateId::T2019 });
    }
    if let Some(t3) = &r.t3 {
        if t3.rows.iter().any(|row| row.key.starts_with("other_")) {
            return Some(TemplateId::T2021);
        }
    }
    r.year.as_ref().map(|(y, _)| expected_template(*y))
}
