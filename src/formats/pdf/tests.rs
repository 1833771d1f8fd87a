use super::*;

#[test]
fn not_a_pdf_is_refused() {
    assert!(read(b"hello").unwrap_err().contains("%PDF-"));
    assert!(read(b"%PDF-1.4\n garbage").is_err());
}

use content::{Glyph, Page, Rule};

/// `s` set from `x` on baseline `y` at `size`: ideographs a size wide, ASCII (and spaces)
/// about half that, as a browser places them.
fn text(x: f32, y: f32, size: f32, s: &str) -> Vec<Glyph> {
    let mut x0 = x;
    s.chars()
        .map(|c| {
            let w = if c.is_ascii() { 0.55 * size } else { size };
            let g = Glyph { x0, x1: x0 + w, y, size, text: Some(c.to_string()) };
            x0 += w;
            g
        })
        .collect()
}

fn hr(y: f32, x0: f32, x1: f32) -> Rule {
    Rule { x0, y0: y, x1, y1: y }
}

fn vr(x: f32, y0: f32, y1: f32) -> Rule {
    Rule { x0: x, y0, x1: x, y1 }
}

/// Pages of glyphs and rules read as `read` reads a file's pages (a US-letter page each).
fn rendered(pages: Vec<(Vec<Glyph>, Vec<Rule>)>) -> String {
    let mut pages: Vec<PageBlocks> = pages.into_iter().map(|(glyphs, rules)| PageBlocks { blocks: layout::blocks(Page { glyphs, rules, images: 0 }), height: 792.0 }).collect();
    drop_running_lines(&mut pages);
    render(pages).text
}

/// A browser's header and footer on a page (small print past the text column).
fn margins(page: usize) -> Vec<Glyph> {
    [text(24.0, 769.5, 8.0, "12/6/26, 11:19 PM 政府信息公开工作年度报告"), text(24.0, 17.25, 8.0, "file:///tmp/a/report.html"), text(574.8, 17.25, 8.0, &format!("{page}/2"))].concat()
}

#[test]
fn a_table_border_drawn_to_the_page_bottom_does_not_join_the_next_pages_caption_to_its_last_row() {
    // Chromium 156.0.8078.129: a table running onto the next page has its outer border drawn
    // down to the page's bottom (y 27.75), below its last row's bottom rule (67): an empty
    // full-width band. The next page starts with a full-width caption row.
    let (l, m, r) = (34.9, 100.5, 220.1);
    let mut g1 = margins(1);
    g1.extend([text(40.0, 124.5, 9.0, "行政处罚"), text(150.0, 124.5, 9.0, "0"), text(40.0, 83.25, 9.0, "行政强制"), text(150.0, 83.25, 9.0, "0")].concat());
    g1.extend(text(34.0, 700.0, 12.0, "二、主动公开政府信息情况"));
    let rules1 = vec![hr(149.6, l, r), hr(108.4, l, r), hr(67.1, l, r), vr(m, 67.1, 149.6), vr(34.1, 27.75, 149.6), vr(220.9, 27.75, 149.6)];
    let mut g2 = margins(2);
    g2.extend([text(87.0, 739.5, 9.0, "第二十条第（八）项"), text(40.0, 698.25, 9.0, "信息内容"), text(110.0, 698.25, 9.0, "本年收费金额"), text(40.0, 657.0, 9.0, "行政事业性收费"), text(150.0, 657.0, 9.0, "0")].concat());
    let rules2 = vec![hr(764.6, l, r), hr(723.4, l, r), hr(682.1, l, r), hr(640.9, l, r), vr(l, 640.9, 764.6), vr(r, 640.9, 764.6), vr(m, 640.9, 723.4)];
    let t = rendered(vec![(g1, rules1), (g2, rules2)]);
    assert!(t.contains("行政处罚\t0\n行政强制\t0\n第二十条第（八）项\n信息内容\t本年收费金额\n行政事业性收费\t0"), "{t}");
    assert!(!t.contains("file://") && !t.contains("PM"), "{t}");
}

#[test]
fn a_paragraph_wrapped_before_a_number_is_one_paragraph() {
    // Lines run to 574; the footer's small print runs to 588. A number is not split, so a
    // line stops short of the margin by the width of the number that follows.
    let mut g = margins(1);
    g.extend(text(34.0, 700.0, 12.0, &"全".repeat(45)));
    g.extend(text(34.0, 682.0, 12.0, &format!("{}其他处理", "属".repeat(39))));
    g.extend(text(34.0, 664.0, 12.0, "319 件。"));
    g.extend(text(58.0, 634.0, 12.0, &"发".repeat(43)));
    g.extend(text(34.0, 616.0, 12.0, &format!("{}各类信息", "共".repeat(38))));
    g.extend(text(34.0, 598.0, 12.0, "13528 条。"));
    let t = rendered(vec![(g, vec![])]);
    assert_eq!(t.lines().collect::<Vec<_>>(), [format!("{}{}其他处理319 件。", "全".repeat(45), "属".repeat(39)), format!("{}{}各类信息13528 条。", "发".repeat(43), "共".repeat(38))], "{t}");
}

#[test]
fn a_link_above_the_title_is_not_its_first_line() {
    let mut g = margins(1);
    g.extend(text(63.75, 660.0, 12.0, "2019年年度报告"));
    g.extend(text(63.75, 642.0, 12.0, "政府信息公开指南"));
    g.extend(text(57.75, 612.0, 12.0, "2025 年上海市人民政府办公厅政府信息公开工作年度报告"));
    g.extend(text(57.75, 582.0, 12.0, "一、总体情况"));
    let t = rendered(vec![(g, vec![])]);
    assert!(t.starts_with("2025 年上海市人民政府办公厅政府信息公开工作年度报告\n一、总体情况"), "{t}");
}
