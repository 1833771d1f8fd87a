#![allow(dead_code)] // each test file uses a part of it
//! Test fixtures in the formats reports are published in, made from the real TAB fixtures: an
//! HTML page (tables with rowspan/colspan merges as real pages have them, site navigation,
//! scripts and a footer around the report) and a DOCX package (built with the `zip` crate:
//! gridSpan and vMerge merges, numbers split across runs).

/// Cells of a TAB line.
fn cells(line: &str) -> Vec<&str> {
    line.split('\t').collect()
}

fn is_label(s: &str) -> bool {
    s.chars().any(|c| !(c.is_ascii_digit() || c.is_whitespace() || ".,-+%/".contains(c)))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// One merged cell of a generated table: text, rows and columns it spans.
pub struct Cell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
}

/// A block of the report: a paragraph or a table (rows of cells with merges, `None` where a
/// merged cell covers the slot).
pub enum Block {
    Para(String),
    Table(Vec<Vec<Option<Cell>>>),
}

/// Split a TAB report into paragraphs and tables, and merge cells as a word processor would:
/// a label whose following cells in a header row are empty spans them (colspan); an empty
/// leading cell under a label in a data row of the same width is covered by it (rowspan).
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut rows: Vec<Vec<&str>> = Vec::new();
    let flush = |rows: &mut Vec<Vec<&str>>, out: &mut Vec<Block>| {
        if !rows.is_empty() {
            out.push(Block::Table(merge(rows)));
            rows.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.contains('\t') {
            rows.push(cells(line));
        } else {
            flush(&mut rows, &mut out);
            if !line.trim().is_empty() {
                out.push(Block::Para(line.to_string()));
            }
        }
    }
    flush(&mut rows, &mut out);
    out
}

fn merge(rows: &[Vec<&str>]) -> Vec<Vec<Option<Cell>>> {
    let mut grid: Vec<Vec<Option<Cell>>> = rows.iter().map(|r| r.iter().map(|s| Some(Cell { text: s.to_string(), rowspan: 1, colspan: 1 })).collect()).collect();
    // Vertical merges of leading label cells in data rows.
    for r in 1..rows.len() {
        let data = rows[r].iter().any(|s| !s.is_empty() && !is_label(s));
        if !data || rows[r].len() != rows[r - 1].len() {
            continue;
        }
        for c in 0..rows[r].len() {
            if !rows[r][c].is_empty() {
                break;
            }
            // Find the origin above (possibly already spanning).
            let mut o = r - 1;
            while grid[o][c].is_none() && o > 0 {
                o -= 1;
            }
            let ok = matches!(&grid[o][c], Some(cell) if is_label(&cell.text) && cell.colspan == 1 && o + cell.rowspan == r);
            if !ok {
                break;
            }
            if let Some(cell) = grid[o][c].as_mut() {
                cell.rowspan += 1;
            }
            grid[r][c] = None;
        }
    }
    // Horizontal merges in header rows (no numbers): a label followed by empty cells.
    for (r, row) in rows.iter().enumerate() {
        if row.iter().any(|s| !s.is_empty() && !is_label(s)) {
            continue;
        }
        let mut c = 0;
        while c < row.len() {
            if grid[r][c].as_ref().is_some_and(|x| is_label(&x.text) && x.rowspan == 1) {
                let mut n = 1;
                while c + n < row.len() && row[c + n].is_empty() && grid[r][c + n].is_some() {
                    n += 1;
                }
                if n > 1 {
                    if let Some(x) = grid[r][c].as_mut() {
                        x.colspan = n;
                    }
                    for k in 1..n {
                        grid[r][c + k] = None;
                    }
                }
                c += n;
            } else {
                c += 1;
            }
        }
    }
    grid
}

/// An HTML page holding the report, with site chrome around it. `charset` is declared in a
/// `<meta>` (the caller encodes the bytes).
pub fn html(text: &str, charset: &str) -> String {
    let mut s = format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">\n<title>政府信息公开工作年度报告</title>\n\
         <script>var nav = '<p>2099年政府信息公开工作年度报告</p>'; if (a < b) {{ go(); }}</script>\n<style>td {{ border: 1px solid; }}</style>\n</head>\n<body>\n\
         <div class=\"top\"><nav><ul><li><a href=\"/\">首页</a></li><li><a href=\"/gk\">政务公开</a></li></ul></nav></div>\n\
         <div class=\"crumb\"><a href=\"/\">首页</a> &gt; <a href=\"/gk\">政府信息公开年度报告</a></div>\n<div class=\"main\">\n<div class=\"side\"><ul><li><a href=\"/a\">2019年年度报告</a></li><li><a href=\"/b\">政府信息公开指南</a></li></ul></div>\n<div class=\"article\">\n"
    );
    for b in blocks(text) {
        match b {
            Block::Para(p) => s.push_str(&format!("<p style=\"text-indent:2em\">{}</p>\n", esc(&p))),
            Block::Table(rows) => {
                s.push_str("<table border=\"1\" cellspacing=\"0\">\n<tbody>\n");
                for row in rows {
                    s.push_str("<tr>");
                    for cell in row.into_iter().flatten() {
                        let mut attrs = String::new();
                        if cell.rowspan > 1 {
                            attrs.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
                        }
                        if cell.colspan > 1 {
                            attrs.push_str(&format!(" colspan=\"{}\"", cell.colspan));
                        }
                        // Word-exported pages wrap cell text in <p><span>; empty cells too.
                        s.push_str(&format!("<td{attrs}>\n  <p align=\"center\"><span style=\"font-size:12px\">{}</span></p>\n</td>", esc(&cell.text)));
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</tbody>\n</table>\n");
            }
        }
    }
    s.push_str("</div>\n</div>\n<div class=\"footer\"><p>主办单位：某某市人民政府办公室 版权所有 ICP备05000000号</p><p>2026年1月1日</p></div>\n</body>\n</html>\n");
    s
}

fn xml_esc(s: &str) -> String {
    esc(s).replace('"', "&quot;")
}

/// A cell's paragraph: numbers of two or more digits split over two runs (`1` `2`, the second
/// bold), empty cells as `<w:p/>` or with paragraph run properties.
fn docx_cell_para(text: &str, n: usize) -> String {
    if text.is_empty() {
        return if n.is_multiple_of(2) { "<w:p/>".into() } else { "<w:p><w:pPr><w:jc w:val=\"center\"/><w:rPr><w:sz w:val=\"21\"/></w:rPr></w:pPr></w:p>".into() };
    }
    if text.len() >= 2 && text.bytes().all(|b| b.is_ascii_digit()) {
        let (a, b) = text.split_at(1);
        return format!("<w:p><w:r><w:rPr><w:sz w:val=\"21\"/></w:rPr><w:t>{a}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{b}</w:t></w:r></w:p>");
    }
    format!("<w:p><w:r><w:rPr><w:rFonts w:eastAsia=\"宋体\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", xml_esc(text))
}

/// The `word/document.xml` of a report: gridSpan for colspan, vMerge restart/continue for
/// rowspan.
pub fn document_xml(text: &str) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
    let mut n = 0;
    for b in blocks(text) {
        match b {
            Block::Para(p) => s.push_str(&format!("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", xml_esc(&p))),
            Block::Table(rows) => {
                // Borders, the grid and cell widths, as Word writes them (LibreOffice lays merged
                // cells out by the widths and draws the borders into its PDFs).
                let cols = rows.iter().map(|r| r.len()).max().unwrap_or(1);
                let w = 9000 / cols.max(1);
                s.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders></w:tblPr><w:tblGrid>");
                s.push_str(&format!("<w:gridCol w:w=\"{w}\"/>").repeat(cols));
                s.push_str("</w:tblGrid>");
                // Which slots are continuations of a vertical merge.
                let mut below: Vec<Vec<bool>> = rows.iter().map(|r| vec![false; r.len()]).collect();
                for (r, row) in rows.iter().enumerate() {
                    for (c, cell) in row.iter().enumerate() {
                        if let Some(cell) = cell {
                            for k in 1..cell.rowspan {
                                if let Some(x) = below.get_mut(r + k).and_then(|l| l.get_mut(c)) {
                                    *x = true;
                                }
                            }
                        }
                    }
                }
                for (r, row) in rows.iter().enumerate() {
                    s.push_str("<w:tr>");
                    let mut c = 0;
                    while c < row.len() {
                        n += 1;
                        match &row[c] {
                            Some(cell) => {
                                let mut pr = format!("<w:tcW w:w=\"{}\" w:type=\"dxa\"/>", w * cell.colspan.max(1));
                                if cell.colspan > 1 {
                                    pr.push_str(&format!("<w:gridSpan w:val=\"{}\"/>", cell.colspan));
                                }
                                if cell.rowspan > 1 {
                                    pr.push_str("<w:vMerge w:val=\"restart\"/>");
                                }
                                s.push_str(&format!("<w:tc><w:tcPr>{pr}</w:tcPr>{}</w:tc>", docx_cell_para(&cell.text, n)));
                                c += cell.colspan.max(1);
                            }
                            None if below[r][c] => {
                                s.push_str(&format!("<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/><w:vMerge/></w:tcPr><w:p/></w:tc>"));
                                c += 1;
                            }
                            None => c += 1,
                        }
                    }
                    s.push_str("</w:tr>");
                }
                s.push_str("</w:tbl>");
            }
        }
    }
    s.push_str("<w:sectPr/></w:body></w:document>");
    s
}

/// A .docx package of a report, as Word writes one (content types, relationships, styles,
/// the document part).
pub fn docx(text: &str) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, String); 4] = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".into()),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".into()),
        ("word/document.xml", document_xml(text)),
        ("word/styles.xml", "<?xml version=\"1.0\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>".into()),
    ];
    for (name, body) in parts {
        w.start_file(name, o).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The report as a word processor holds it: layout A (one TAB-led cell a line, a blank line
/// ending a row) turned into rows, and blank lines between rows of a table dropped, so each
/// table is one table (a .doc or a PDF of separate one-row tables would not be what people
/// publish; Word joins adjacent tables anyway).
pub fn word_tables(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let lone = |l: &str| l.starts_with('\t') && !l[1..].contains('\t');
    let mut rows: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lone(lines[i]) {
            let mut cells = Vec::new();
            while i < lines.len() && lone(lines[i]) {
                cells.push(&lines[i][1..]);
                i += 1;
            }
            rows.push(cells.join("\t"));
            continue;
        }
        rows.push(lines[i].to_string());
        i += 1;
    }
    let mut out = String::new();
    for (k, l) in rows.iter().enumerate() {
        let between = l.trim().is_empty() && k > 0 && rows[k - 1].contains('\t') && rows[k + 1..].iter().find(|r| !r.trim().is_empty()).is_some_and(|r| r.contains('\t'));
        if !between {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}
