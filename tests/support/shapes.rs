//! The re-shaping generator for `tests/shapes.rs`: turns a report in the TAB layouts into the
//! other shapes reports reach users in. Each function is the plain transformation a tool or a
//! copy-paste performs; none knows the checker's rules.

use nianbao::text::CellValue;

/// A line holding cells in the TAB layouts.
fn is_tab_line(l: &str) -> bool {
    l.contains('\t')
}

/// Layout A (one TAB-led cell a line, a blank line ends a row) → layout B (a row a line, cells
/// TAB-separated). Layout-B text is returned unchanged.
pub fn to_rows(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l.starts_with('\t') && l[1..].find('\t').is_none() {
            let mut cells = Vec::new();
            while i < lines.len() && lines[i].starts_with('\t') && lines[i][1..].find('\t').is_none() {
                cells.push(&lines[i][1..]);
                i += 1;
            }
            out.push(cells.join("\t"));
            continue;
        }
        out.push(l.to_string());
        i += 1;
    }
    out.join("\n") + "\n"
}

/// Layout-B rows → cells joined by ` | ` without a leading pipe (`规章 | 0 | 0 | 0 |`).
pub fn to_pipes(rows: &str) -> String {
    map_rows(rows, |cells| format!("{} |", cells.join(" | ")))
}

/// Layout-B rows → GitHub pipe rows (`| 规章 | 0 |`).
pub fn to_markdown(rows: &str) -> String {
    map_rows(rows, |cells| format!("| {} |", cells.join(" | ")))
}

/// Layout-B rows → one cell per line, each led by `lead`, a blank line after each row; empty
/// cells vanish, as they do in PDF-to-text output.
pub fn to_lone(rows: &str, lead: &str) -> String {
    map_rows(rows, |cells| {
        let mut s: String = cells.iter().filter(|c| !c.trim().is_empty()).map(|c| format!("{lead}{c}\n")).collect();
        s.push('\n');
        s
    })
}

fn map_rows(rows: &str, f: impl Fn(&[&str]) -> String) -> String {
    let mut out = String::new();
    for l in rows.lines() {
        if is_tab_line(l) {
            let cells: Vec<&str> = l.split('\t').collect();
            out.push_str(&f(&cells));
        } else {
            out.push_str(l);
        }
        out.push('\n');
    }
    out
}

/// Full-width digits and brackets in every other table line, ASCII brackets in the others,
/// cells padded with NBSP or U+3000 — a mix in one file.
pub fn to_wide(text: &str) -> String {
    let mut out = String::new();
    for (n, l) in text.lines().enumerate() {
        if !is_tab_line(l) {
            out.push_str(l);
            out.push('\n');
            continue;
        }
        let cells: Vec<String> = l
            .split('\t')
            .map(|c| {
                if c.is_empty() {
                    return String::new();
                }
                let c: String = c
                    .chars()
                    .map(|ch| match (n % 2, ch) {
                        (0, '0'..='9') => char::from_u32(ch as u32 + 0xfee0).unwrap_or(ch),
                        (0, '(') => '（',
                        (0, ')') => '）',
                        (1, '（') => '(',
                        (1, '）') => ')',
                        _ => ch,
                    })
                    .collect();
                if n % 2 == 0 { format!("\u{3000}{c}\u{a0}") } else { format!("\u{a0}{c}\u{3000}") }
            })
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// Table 3's header rows repeated before its （三） rows, as after a page break.
pub fn repeat_t3_header(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(h0) = lines.iter().position(|l| l.contains("申请人情况")) else { return text.to_string() };
    let Some(h1) = lines.iter().skip(h0).position(|l| l.contains("本年新收")).map(|p| p + h0) else { return text.to_string() };
    let Some(mut at) = lines.iter().skip(h1).position(|l| l.contains("（三）不予公开") || l.contains("(三)不予公开")).map(|p| p + h1) else { return text.to_string() };
    // In layout A, the row starts after the blank line before it.
    if lines[at].starts_with('\t') && !lines[at][1..].contains('\t') {
        while at > h1 && !lines[at - 1].is_empty() {
            at -= 1;
        }
    }
    // The header's rows without the row that starts the data (layout A keeps its blank line).
    let mut header: Vec<&str> = lines[h0..h1].to_vec();
    while header.last().is_some_and(|l| !l.is_empty() && l.starts_with('\t') && !l[1..].contains('\t')) {
        header.pop();
    }
    let mut out: Vec<&str> = lines[..at].to_vec();
    out.extend(header);
    out.extend(&lines[at..]);
    out.join("\n") + "\n"
}

/// Whether a table row of the report has a blank value cell (which the lossy shapes drop).
pub fn has_blank_values(text: &str) -> bool {
    let a = nianbao::analysis::analyze_report(text, &nianbao::CheckOptions::default());
    let r = &a.report;
    let blank = |v: &CellValue| matches!(v, CellValue::Blank);
    r.t3.as_ref().is_some_and(|t| t.rows.iter().any(|row| row.cells.iter().flatten().any(|c| blank(&c.value))))
        || r.t4.as_ref().is_some_and(|t| t.cells.iter().flatten().any(|c| blank(&c.value)))
        || r.t2.iter().any(|b| b.rows.iter().any(|row| row.cells.iter().any(|c| blank(&c.value))))
}
