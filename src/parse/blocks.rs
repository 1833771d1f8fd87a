//! Blocks: group a report's lines into headings, tables and prose paragraphs. A left-to-right
//! pass whose only state is the block being built, so the same lines always give the same
//! blocks whatever came before the block started; that is what lets the incremental document
//! reuse every block an edit did not touch.

use super::Line;
use crate::text::lines::LineKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// Blank lines before anything else.
    Blank,
    Heading { section: u8, numeral: bool, numeral_ok: bool },
    Table,
    Paragraph,
}

/// A run of lines `[start, end)` (indices into the report's lines).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BlockSpan {
    pub kind: BlockKind,
    pub start: usize,
    pub end: usize,
}

/// Split lines into blocks. Trailing blank lines belong to the block before them.
pub fn split(lines: &[Line<'_>]) -> Vec<BlockSpan> {
    split_kinds(&super::kinds(lines))
}

/// Split already classified lines into blocks (the incremental document keeps line kinds).
/// A block is its first line and the lines that join it: the blank lines after it, and for a
/// table the table lines, blank lines and short lines (split labels) that follow, a short line
/// only when at most one blank line separates it from the table line before it.
pub fn split_kinds(kinds: &[LineKind]) -> Vec<BlockSpan> {
    // About one block in eight lines in real reports (tables are long).
    let mut out = Vec::with_capacity(kinds.len() / 8 + 4);
    let mut i = 0;
    while let Some(&first) = kinds.get(i) {
        let start = i;
        i += 1;
        let kind = match first {
            // Only at the start: every later blank line joins the block before it.
            LineKind::Blank => BlockKind::Blank,
            LineKind::Heading { section, numeral, numeral_ok } => BlockKind::Heading { section, numeral, numeral_ok },
            LineKind::Short | LineKind::Text => BlockKind::Paragraph,
            LineKind::Cells | LineKind::MdSeparator | LineKind::Spaced | LineKind::Lone => {
                // Blank lines since the last table line (or short line joined to the table).
                let mut blanks = 0usize;
                while let Some(&kind) = kinds.get(i) {
                    match kind {
                        LineKind::Cells | LineKind::MdSeparator | LineKind::Spaced | LineKind::Lone => blanks = 0,
                        LineKind::Blank => blanks += 1,
                        LineKind::Short if blanks <= 1 => blanks = 0,
                        _ => break,
                    }
                    i += 1;
                }
                BlockKind::Table
            }
        };
        while matches!(kinds.get(i), Some(LineKind::Blank)) {
            i += 1;
        }
        out.push(BlockSpan { kind, start, end: i });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines;

    /// `split_kinds` as it was first written: one line at a time, the only state the block
    /// being built and the blank lines since the table's last line.
    fn reference_split(kinds: &[LineKind]) -> Vec<BlockSpan> {
        let mut out: Vec<BlockSpan> = Vec::new();
        let mut blanks_in_table = 0usize;
        for (i, &kind) in kinds.iter().enumerate() {
            let in_table = matches!(out.last(), Some(BlockSpan { kind: BlockKind::Table, .. }));
            let start_new = |k: BlockKind, out: &mut Vec<BlockSpan>| out.push(BlockSpan { kind: k, start: i, end: i + 1 });
            match kind {
                LineKind::Blank => match out.last_mut() {
                    Some(b) => {
                        b.end = i + 1;
                        blanks_in_table += 1;
                    }
                    None => start_new(BlockKind::Blank, &mut out),
                },
                LineKind::Heading { section, numeral, numeral_ok } => start_new(BlockKind::Heading { section, numeral, numeral_ok }, &mut out),
                LineKind::Cells | LineKind::MdSeparator | LineKind::Spaced | LineKind::Lone => {
                    if in_table {
                        if let Some(b) = out.last_mut() {
                            b.end = i + 1;
                        }
                    } else {
                        start_new(BlockKind::Table, &mut out);
                    }
                    blanks_in_table = 0;
                }
                LineKind::Short if in_table && blanks_in_table <= 1 => {
                    if let Some(b) = out.last_mut() {
                        b.end = i + 1;
                    }
                    blanks_in_table = 0;
                }
                LineKind::Short | LineKind::Text => start_new(BlockKind::Paragraph, &mut out),
            }
            if !matches!(kind, LineKind::Blank) && !in_table {
                blanks_in_table = 0;
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn split_agrees_with_the_reference(kinds in proptest::collection::vec(proptest::sample::select(vec![
            LineKind::Blank, LineKind::Cells, LineKind::MdSeparator, LineKind::Short, LineKind::Text, LineKind::Spaced, LineKind::Lone,
            LineKind::Heading { section: 2, numeral: true, numeral_ok: true }, LineKind::Heading { section: 0, numeral: false, numeral_ok: false },
        ]), 0..40)) {
            proptest::prop_assert_eq!(split_kinds(&kinds), reference_split(&kinds));
        }
    }

    #[test]
    fn split_label_and_blank_rows_stay_in_the_table() {
        let text = "三、收到和处理政府信息公开申请情况\n\t（三）\n\n不予公开\n\t1.属于国家秘密\n\t0\n\n注：数量含上年度结转数量。\n";
        let ls = lines(text);
        let b = split(&ls);
        let kinds: Vec<_> = b.iter().map(|b| (b.kind, b.start, b.end)).collect();
        assert_eq!(
            kinds,
            vec![
                (BlockKind::Heading { section: 2, numeral: true, numeral_ok: true }, 0, 1),
                (BlockKind::Table, 1, 7),
                (BlockKind::Paragraph, 7, 9),
            ]
        );
    }
}
