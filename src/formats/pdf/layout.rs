//! One page's glyphs and rules → blocks in reading order. Glyphs on one baseline are a line
//! (sorted by x; a gap wider than a third of the size is a space). Rules that touch each other
//! are one table: their distinct y's are row boundaries and x's column boundaries; a boundary
//! missing inside a row merges cells across columns, one missing below a cell merges it down
//! (rowspan), so a table becomes grid rows like an HTML table's. Each glyph inside a table goes
//! to the cell under it, and a cell's lines are joined (a wrapped cell reads as one text).
//! Outside tables, a line with wide gaps is a row of cells (rendered space-padded, the shape
//! the recogniser reads without guessing blanks); other lines are joined into paragraphs while
//! a line runs to the right margin and the next one is not indented.

use super::content::{Glyph, Page, Rule};
use crate::formats::grid::InCell;
use crate::formats::sourcemap::Mapped;

/// A line of text on a page.
#[derive(Clone, Debug)]
pub struct Line {
    pub y: f32,
    pub x0: f32,
    pub x1: f32,
    pub size: f32,
    pub glyphs: Vec<Glyph>,
}

/// A block of a page, top to bottom.
#[derive(Debug)]
pub enum Block {
    /// Lines of a paragraph (joined later) — or one line of cells (`cells`).
    Para { lines: Vec<Line>, cells: bool },
    /// Grid rows, each cell's left and right x, and whether some glyph in it has no Unicode
    /// meaning.
    Table { rows: Vec<Vec<InCell>>, xs: Vec<Vec<(f32, f32)>>, unmapped: bool, top: f32 },
}

impl Block {
    pub fn top(&self) -> f32 {
        match self {
            Block::Para { lines, .. } => lines.first().map_or(0.0, |l| l.y + l.size),
            Block::Table { top, .. } => *top,
        }
    }
}

/// Same-coordinate tolerance for rules (PDF units).
const SNAP: f32 = 2.0;
/// Pages with more horizontal × vertical rules than this are drawings: no tables are sought.
const MAX_PAIRS: usize = 4_000_000;

fn ch(g: &Glyph) -> &str {
    g.text.as_deref().unwrap_or("\u{FFFD}")
}

/// Glyphs → lines by baseline, top to bottom.
pub fn lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.retain(|g| g.x0.is_finite() && g.y.is_finite() && g.size.is_finite());
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Line> = Vec::new();
    for g in glyphs {
        let tol = 0.35 * g.size.max(1.0);
        match out.last_mut() {
            Some(l) if (l.y - g.y).abs() <= tol.min(0.35 * l.size.max(1.0)) => l.glyphs.push(g),
            _ => out.push(Line { y: g.y, x0: 0.0, x1: 0.0, size: g.size, glyphs: vec![g] }),
        }
    }
    for l in &mut out {
        l.glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        l.glyphs.dedup_by(|b, a| (a.x0 - b.x0).abs() < 0.1 && ch(a) == ch(b)); // fake bold
        l.x0 = l.glyphs.first().map_or(0.0, |g| g.x0);
        l.x1 = l.glyphs.iter().map(|g| g.x1).fold(l.x0, f32::max);
        let mut sizes: Vec<f32> = l.glyphs.iter().map(|g| g.size).collect();
        sizes.sort_by(f32::total_cmp);
        l.size = sizes[sizes.len() / 2];
    }
    out
}

/// A line's glyphs as text pieces split where the gap is wider than `gap` × size (cells);
/// within a piece, a gap over a third of the size is a space.
fn pieces(glyphs: &[Glyph], gap: f32) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        let t = ch(g);
        if let Some(p) = prev {
            let d = g.x0 - p.x1;
            let size = g.size.max(p.size).max(1.0);
            if d > gap * size {
                out.push(std::mem::take(&mut cur).trim().to_string());
            } else if d > size / 3.0 && !cur.ends_with(' ') {
                cur.push(' ');
            }
        }
        if t.trim().is_empty() {
            if !cur.is_empty() && !cur.ends_with(' ') {
                cur.push(' ');
            }
        } else {
            cur.push_str(t);
        }
        prev = Some(g);
    }
    out.push(cur.trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

/// A line's cells: its text split where the gap is wider than one and a half characters.
pub fn cells(l: &Line) -> Vec<String> {
    pieces(&l.glyphs, 1.5)
}

/// The text of a line (no cell splitting).
pub fn line_text(l: &Line) -> String {
    pieces(&l.glyphs, f32::INFINITY).join(" ")
}

/// Append `next` to `s` as the continuation of a wrapped line: a space only between two
/// ASCII letters or digits, but not two digits (a number wrapped in a narrow cell).
pub fn join_wrapped(s: &mut String, next: &str) {
    let a = s.chars().last();
    let b = next.chars().next();
    if let (Some(a), Some(b)) = (a, b) {
        if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() && !(a.is_ascii_digit() && b.is_ascii_digit()) {
            s.push(' ');
        }
    }
    s.push_str(next);
}

/// Rules merged into maximal segments: rules less than `SNAP` apart across are one line (a
/// browser draws each cell's border, side by side), and overlapping pieces of a line are one.
fn merge_rules(mut rules: Vec<Rule>, horizontal: bool) -> Vec<Rule> {
    let key = |r: &Rule| if horizontal { (r.y0, r.x0, r.x1) } else { (r.x0, r.y0, r.y1) };
    let make = |at: f32, lo: f32, hi: f32| if horizontal { Rule { x0: lo, y0: at, x1: hi, y1: at } } else { Rule { x0: at, y0: lo, x1: at, y1: hi } };
    rules.sort_by(|a, b| key(a).0.total_cmp(&key(b).0));
    let mut out: Vec<Rule> = Vec::new();
    let mut i = 0;
    while i < rules.len() {
        // A cluster of lines each within SNAP of the one before.
        let mut j = i + 1;
        while j < rules.len() && key(&rules[j]).0 - key(&rules[j - 1]).0 <= SNAP {
            j += 1;
        }
        let at = key(&rules[i]).0;
        let mut spans: Vec<(f32, f32)> = rules[i..j].iter().map(|r| (key(r).1, key(r).2)).collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut cur = spans[0];
        for &(lo, hi) in &spans[1..] {
            if lo <= cur.1 + SNAP {
                cur.1 = cur.1.max(hi);
            } else {
                out.push(make(at, cur.0, cur.1));
                cur = (lo, hi);
            }
        }
        out.push(make(at, cur.0, cur.1));
        i = j;
    }
    out
}

/// Tables: groups of horizontal and vertical rules that touch.
fn tables(rules: &[Rule]) -> Vec<(Vec<Rule>, Vec<Rule>)> {
    let h = merge_rules(rules.iter().copied().filter(Rule::horizontal).collect(), true);
    let v = merge_rules(rules.iter().copied().filter(|r| !r.horizontal()).collect(), false);
    if h.len().saturating_mul(v.len()) > MAX_PAIRS {
        return Vec::new(); // a drawing, not tables: its text is read as lines
    }
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (i, a) in h.iter().enumerate() {
        for (j, b) in v.iter().enumerate() {
            let touch = b.x0 >= a.x0 - SNAP && b.x0 <= a.x1 + SNAP && a.y0 >= b.y0 - SNAP && a.y0 <= b.y1 + SNAP;
            if touch {
                let (x, y) = (find(&mut parent, i), find(&mut parent, h.len() + j));
                parent[x] = y;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Rule>, Vec<Rule>)> = Default::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        let g = groups.entry(root).or_default();
        if i < h.len() {
            g.0.push(h[i]);
        } else {
            g.1.push(v[i - h.len()]);
        }
    }
    groups.into_values().filter(|(h, v)| h.len() >= 2 && v.len() >= 2).collect()
}

/// Distinct coordinates, snapped.
fn distinct(mut xs: Vec<f32>) -> Vec<f32> {
    xs.sort_by(f32::total_cmp);
    xs.dedup_by(|b, a| (*b - *a).abs() <= SNAP);
    xs
}

/// A ruled table: its grid and its cells' glyphs.
struct Grid {
    xs: Vec<f32>,
    /// Row boundaries, top to bottom (descending y).
    ys: Vec<f32>,
    h: Vec<Rule>,
    v: Vec<Rule>,
}

impl Grid {
    /// The grid of a group of rules; where the rules run past the outermost boundaries (a row
    /// cut by a page break has no bottom line), their ends are boundaries too.
    fn new(h: Vec<Rule>, v: Vec<Rule>) -> Option<Grid> {
        // Past by more than a line's overshoot: a row's worth.
        let past = |bounds: &[f32], lo: f32, hi: f32| -> Vec<f32> {
            let (min, max) = bounds.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            [(lo, lo < min - 6.0), (hi, hi > max + 6.0)].into_iter().filter(|&(e, far)| far && e.is_finite()).map(|(e, _)| e).collect()
        };
        let vy = v.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), r| (a.min(r.y0), b.max(r.y1)));
        let hx = h.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), r| (a.min(r.x0), b.max(r.x1)));
        let (vx, hy): (Vec<f32>, Vec<f32>) = (v.iter().map(|r| r.x0).collect(), h.iter().map(|r| r.y0).collect());
        let xs = distinct([past(&vx, hx.0, hx.1), vx].concat());
        let mut ys = distinct([past(&hy, vy.0, vy.1), hy].concat());
        ys.reverse();
        (xs.len() >= 2 && ys.len() >= 2 && xs.len() <= 200 && ys.len() <= 2000).then_some(Grid { xs, ys, h, v })
    }

    fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.xs[0] - SNAP && x <= self.xs[self.xs.len() - 1] + SNAP && y <= self.ys[0] + SNAP && y >= self.ys[self.ys.len() - 1] - SNAP
    }

    /// Is the vertical boundary `k` drawn in band `r`?
    fn v_at(&self, k: usize, r: usize) -> bool {
        let (x, mid) = (self.xs[k], (self.ys[r] + self.ys[r + 1]) / 2.0);
        self.v.iter().any(|s| (s.x0 - x).abs() <= SNAP && s.y0 <= mid && mid <= s.y1)
    }

    /// Is the horizontal boundary `r` drawn over column `c`?
    fn h_at(&self, r: usize, c: usize) -> bool {
        let (y, mid) = (self.ys[r], (self.xs[c] + self.xs[c + 1]) / 2.0);
        self.h.iter().any(|s| (s.y0 - y).abs() <= SNAP && s.x0 <= mid && mid <= s.x1)
    }

    /// The band and column of a point inside the grid.
    fn slot(&self, x: f32, y: f32) -> (usize, usize) {
        let c = self.xs.partition_point(|&b| b <= x).saturating_sub(1).min(self.xs.len() - 2);
        let r = self.ys.partition_point(|&b| b >= y).saturating_sub(1).min(self.ys.len() - 2);
        (r, c)
    }
}

/// Cut a page into blocks, top to bottom.
pub fn blocks(page: Page) -> Vec<Block> {
    let grids: Vec<Grid> = tables(&page.rules).into_iter().filter_map(|(h, v)| Grid::new(h, v)).collect();
    // Glyphs inside a table go to it; the rest make lines.
    let mut inside: Vec<Vec<Glyph>> = vec![Vec::new(); grids.len()];
    let mut free = Vec::new();
    for g in page.glyphs {
        let (cx, cy) = ((g.x0 + g.x1) / 2.0, g.y + 0.3 * g.size);
        match grids.iter().position(|t| t.contains(cx, cy)) {
            Some(i) => inside[i].push(g),
            None => free.push(g),
        }
    }
    let mut out: Vec<Block> = Vec::new();
    for (t, glyphs) in grids.iter().zip(inside) {
        if glyphs.is_empty() {
            continue; // a frame or a rule, not a table
        }
        let (rows, xs, unmapped) = table_rows(t, glyphs);
        out.push(Block::Table { rows, xs, unmapped, top: t.ys[0] });
    }
    let lines = lines(free);
    let (left, right) = margins(&lines);
    let mut para: Vec<Line> = Vec::new();
    for l in lines {
        let cells = pieces(&l.glyphs, 1.5).len() > 1;
        if cells {
            if !para.is_empty() {
                out.push(Block::Para { lines: std::mem::take(&mut para), cells: false });
            }
            out.push(Block::Para { lines: vec![l], cells: true });
            continue;
        }
        let joins = para.last().is_some_and(|p| wrapped_before(p, &l, right) && l.x0 <= left + 0.8 * l.size && (p.y - l.y) < 2.2 * p.size.max(l.size) && (p.size - l.size).abs() < 0.2 * p.size)
            && !starts_item(&line_text(&l));
        if !joins && !para.is_empty() {
            out.push(Block::Para { lines: std::mem::take(&mut para), cells: false });
        }
        para.push(l);
    }
    if !para.is_empty() {
        out.push(Block::Para { lines: para, cells: false });
    }
    out.sort_by(|a, b| b.top().total_cmp(&a.top()));
    out
}

/// Whether line `p` ran to the right margin as a wrapped line does: what is left of the line
/// is narrower than two characters or than the next line's first word and a character (a
/// number or a Latin word is not split, so a line may end well before the margin: 「其他处理
/// ⏎319 件」).
fn wrapped_before(p: &Line, next: &Line, right: f32) -> bool {
    let word = next.glyphs.iter().take_while(|g| ch(g).chars().all(|c| c.is_ascii_graphic())).last().map_or(0.0, |g| g.x1 - next.x0);
    right - p.x1 <= (2.0 * p.size).max(word + p.size)
}

/// Whether a line starts a heading or a numbered item (一、 （一） 1. 1、), which no wrapped
/// line does.
fn starts_item(s: &str) -> bool {
    let t = s.trim_start();
    let mut cs = t.chars();
    let first = cs.next();
    let rest: String = cs.take(5).collect();
    match first {
        Some('（' | '(') => rest.chars().take_while(|c| "一二三四五六七八九十0123456789".contains(*c)).count() > 0 && rest.contains(['）', ')']),
        Some(c) if "一二三四五六七八九十".contains(c) => rest.starts_with('、') || rest.chars().next().is_some_and(|d| "一二三四五六七八九十".contains(d)) && rest.chars().nth(1) == Some('、'),
        Some(c) if c.is_ascii_digit() => rest.trim_start_matches(|d: char| d.is_ascii_digit()).starts_with(['、', '.', '．']) && !rest.trim_start_matches(|d: char| d.is_ascii_digit()).starts_with(".0"),
        _ => false,
    }
}

/// The text column's left and right edges: the most common line start, the farthest end of a
/// line not in small print (a browser's footer runs past the text column).
fn margins(lines: &[Line]) -> (f32, f32) {
    let mut starts: Vec<i32> = lines.iter().map(|l| l.x0.round() as i32).collect();
    starts.sort_unstable();
    let mut best = (0, 0);
    let mut i = 0;
    while i < starts.len() {
        let j = starts[i..].iter().take_while(|&&s| s - starts[i] <= 2).count();
        if j > best.1 {
            best = (starts[i], j);
        }
        i += j.max(1);
    }
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    let body = sizes.get(sizes.len() / 2).copied().unwrap_or(0.0);
    let right = lines.iter().filter(|l| l.size >= 0.85 * body).map(|l| l.x1).fold(0.0, f32::max);
    (best.0 as f32, right)
}

/// A ruled table's rows: cells from the drawn boundaries, glyphs into cells, each cell's lines
/// joined.
type TableRows = (Vec<Vec<InCell>>, Vec<Vec<(f32, f32)>>, bool);

fn table_rows(t: &Grid, glyphs: Vec<Glyph>) -> TableRows {
    let (bands, cols) = (t.ys.len() - 1, t.xs.len() - 1);
    // Each slot's origin cell: (band, column) of the cell covering it.
    let mut origin: Vec<Vec<Option<(usize, usize)>>> = vec![vec![None; cols]; bands];
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::new(); // (band, col, rowspan, colspan)
    for r in 0..bands {
        for c in 0..cols {
            if origin[r][c].is_some() {
                continue;
            }
            let mut cs = 1;
            while c + cs < cols && !t.v_at(c + cs, r) && origin[r][c + cs].is_none() {
                cs += 1;
            }
            let mut rs = 1;
            while r + rs < bands && !t.h_at(r + rs, c) && (0..cs).all(|k| origin[r + rs][c + k].is_none()) {
                rs += 1;
            }
            for row in origin.iter_mut().skip(r).take(rs) {
                for slot in row.iter_mut().skip(c).take(cs) {
                    *slot = Some((r, c));
                }
            }
            spans.push((r, c, rs, cs));
        }
    }
    let mut texts: std::collections::HashMap<(usize, usize), Vec<Glyph>> = Default::default();
    let mut unmapped = false;
    for g in glyphs {
        unmapped |= g.text.is_none();
        let (r, c) = t.slot((g.x0 + g.x1) / 2.0, g.y + 0.3 * g.size);
        if let Some(o) = origin[r][c] {
            texts.entry(o).or_default().push(g);
        }
    }
    // A band whose own cells are all empty while cells from above run through it is a slice
    // of those cells (a rule drawn under one column only, a row cut by the page): no row.

    let mut dropped = vec![false; bands];
    for (r, d) in dropped.iter_mut().enumerate().skip(1) {
        let own_empty = spans.iter().filter(|s| s.0 == r).all(|s| !texts.contains_key(&(s.0, s.1)));
        *d = own_empty && spans.iter().any(|s| s.0 < r && r < s.0 + s.2);
    }
    spans.retain(|s| !dropped[s.0]);
    for s in &mut spans {
        s.2 -= (s.0 + 1..s.0 + s.2).filter(|&k| dropped[k]).count();
    }
    let new_row: Vec<usize> = (0..bands).map(|r| r - dropped[..r].iter().filter(|&&d| d).count()).collect();
    let kept = bands - dropped.iter().filter(|&&d| d).count();
    let mut rows: Vec<Vec<InCell>> = (0..kept).map(|_| Vec::new()).collect();
    let mut xs: Vec<Vec<(f32, f32)>> = vec![Vec::new(); kept];
    for (r, c, rs, cs) in spans {
        xs[new_row[r]].push((t.xs[c], t.xs[c + cs]));
        let mut m = Mapped::default();
        if let Some(gs) = texts.remove(&(r, c)) {
            let mut s = String::new();
            for l in lines(gs) {
                join_wrapped(&mut s, &line_text(&l));
            }
            m.push_synthetic(&s);
        }
        rows[new_row[r]].push(InCell { content: m, rowspan: rs, colspan: cs });
    }
    // A row's last cell drawn out to the table's edge adds no column (as in `doc`).
    for row in &mut rows {
        if let Some(last) = row.last_mut() {
            last.colspan = 1;
        }
    }
    (rows, xs, unmapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: f32, y: f32, t: &str) -> Glyph {
        Glyph { x0: x, x1: x + 10.0, y, size: 10.0, text: Some(t.into()) }
    }

    fn hr(y: f32, x0: f32, x1: f32) -> Rule {
        Rule { x0, y0: y, x1, y1: y }
    }

    fn vr(x: f32, y0: f32, y1: f32) -> Rule {
        Rule { x0: x, y0, x1: x, y1 }
    }

    #[test]
    fn ruled_tables_with_merged_and_wrapped_cells() {
        // Two bands; the left cell spans both (no rule between them on the left); the top
        // right cell's text wraps onto two lines.
        let rules = vec![hr(100.0, 0.0, 200.0), hr(60.0, 100.0, 200.0), hr(20.0, 0.0, 200.0), vr(0.0, 20.0, 100.0), vr(100.0, 20.0, 100.0), vr(200.0, 20.0, 100.0)];
        let glyphs = vec![g(10.0, 50.0, "三"), g(110.0, 85.0, "予"), g(120.0, 85.0, "以"), g(110.0, 70.0, "公"), g(110.0, 30.0, "5")];
        let b = blocks(Page { glyphs, rules, images: 0 });
        let Block::Table { rows, unmapped, xs, .. } = &b[0] else { panic!("{b:?}") };
        assert_eq!(xs[0], [(0.0, 100.0), (100.0, 200.0)]);
        assert!(!unmapped);
        assert_eq!(rows[0].len(), 2);
        assert_eq!((rows[0][0].content.text.as_str(), rows[0][0].rowspan), ("三", 2));
        assert_eq!(rows[0][1].content.text, "予以公");
        assert_eq!(rows[1][0].content.text, "5");
    }

    #[test]
    fn glyphs_without_unicode_make_their_table_unmapped() {
        let rules = vec![hr(100.0, 0.0, 200.0), hr(20.0, 0.0, 200.0), vr(0.0, 20.0, 100.0), vr(100.0, 20.0, 100.0), vr(200.0, 20.0, 100.0)];
        let mut glyphs = vec![g(10.0, 50.0, "总"), g(110.0, 50.0, "5")];
        glyphs[1].text = None;
        let b = blocks(Page { glyphs, rules, images: 0 });
        assert!(matches!(&b[0], Block::Table { unmapped: true, rows, .. } if rows[0][1].content.text == "\u{FFFD}"));
    }

    #[test]
    fn paragraphs_join_wrapped_lines_and_cells_stay_apart() {
        let mut glyphs = Vec::new();
        for i in 0..20 {
            glyphs.push(g(i as f32 * 10.0, 700.0, "字"));
        }
        glyphs.push(g(0.0, 686.0, "续"));
        glyphs.push(g(20.0, 600.0, "新"));
        glyphs.extend([g(0.0, 500.0, "规"), g(10.0, 500.0, "章"), g(100.0, 500.0, "0"), g(150.0, 500.0, "3")]);
        let b = blocks(Page { glyphs, rules: vec![], images: 0 });
        let texts: Vec<(String, bool)> = b
            .iter()
            .map(|b| match b {
                Block::Para { lines, cells } => (lines.iter().map(line_text).collect::<Vec<_>>().join("|"), *cells),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(texts[0], ("字".repeat(20) + "|续", false));
        assert_eq!(texts[1], ("新".into(), false));
        assert!(texts[2].1);
        assert_eq!(pieces(&b_line(&b[2]).glyphs, 1.5), ["规章", "0", "3"]);
    }

    fn b_line(b: &Block) -> &Line {
        match b {
            Block::Para { lines, .. } => &lines[0],
            _ => unreachable!(),
        }
    }
}
