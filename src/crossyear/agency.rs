//! Which agency a report is from, read off its title. A title names the agency before or
//! after the year (`淄川区招商局2020年…`, `2025年上海市人民政府办公厅…`), on the line before
//! (`洪泽区人民政府` / `2023年…`) or in brackets after (`…年度报告（拱墅区政府办公室）`); the
//! rest is the fixed phrase 政府信息公开(工作)年度报告. The agency's *key* is what pairing
//! compares: no spaces, full-width folded, brackets and dates dropped, 人民政府 spelt 政府.

use crate::model::Report;
use crate::text::norm_char;

/// A report's agency and year, for pairing it with the same agency's other years.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Identity {
    /// The agency as the title writes it (spaces removed), for people.
    pub agency: String,
    /// The normalised agency, for comparison.
    pub key: String,
    pub year: i32,
}

/// The fixed phrases that end a title, longest first (the agency is what is left).
const TITLE_PHRASES: &[&str] = &[
    "政府信息公开工作年度报告",
    "政府信息公开年度工作报告",
    "政府信息公开工作报告",
    "政府信息公开年度报告",
    "政府信息公开年报",
    "信息公开工作年度报告",
    "信息公开年度报告",
];

/// The identity of a report whose title names an agency and a year.
pub fn identity(report: &Report) -> Option<Identity> {
    let year = report.year.as_ref()?.0;
    let agency = agency_of_title(&report.title)?;
    let key = key(&agency);
    (!key.is_empty()).then_some(Identity { agency, key, year })
}

/// The agency named in a title (the title's lines joined), if any.
pub fn agency_of_title(title: &str) -> Option<String> {
    let t: String = crate::text::strip_artifacts(title).chars().filter_map(norm_char).collect();
    let t = drop_dates(&t);
    // The first year (`2020年`, `2020年度`) splits the title.
    let (before, after) = split_year(&t)?;
    let mut parts = Vec::new();
    for piece in [before, after] {
        let mut p = piece.to_string();
        for ph in TITLE_PHRASES {
            if let Some(i) = p.find(ph) {
                // Whatever follows the phrase (a bracketed agency, a repeated name) is kept.
                let tail = p[i + ph.len()..].to_string();
                p.truncate(i);
                p.push_str(&tail);
                break;
            }
        }
        let p = p.replace(['(', ')', '[', ']', '<', '>', '《', '》', '"', '“', '”', ':', '：'], " ");
        for w in p.split_whitespace() {
            let w = w.trim_end_matches(['的', '关', '于']).trim_start_matches("关于");
            if w.chars().count() >= 2 && !parts.iter().any(|x: &String| x == w) {
                parts.push(w.to_string());
            }
        }
    }
    // The agency is the first name found; a second one is the same agency repeated or a
    // subtitle, never a second agency.
    parts.into_iter().find(|p| looks_like_agency(p))
}

/// An agency name ends in the word for an organ or a place's government (and is not a title).
pub fn looks_like_agency(s: &str) -> bool {
    const ENDS: &[&str] = &["政府", "办公室", "办公厅", "局", "委员会", "委", "厅", "院", "署", "部", "中心", "所", "站", "处", "会", "街道", "镇", "乡", "管委会", "办", "队", "馆", "社", "行", "公司", "集团"];
    ENDS.iter().any(|e| s.ends_with(e)) && !s.contains("信息公开") && !s.contains(['。', '，', '：', '；', ':', ','])
}

/// Remove bracketed dates (`(2026年1月23日)`) so their year is not taken for the report's.
fn drop_dates(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(i) = rest.find('(') {
        let Some(j) = rest[i..].find(')') else { break };
        let inner = &rest[i + 1..i + j];
        out.push_str(&rest[..i]);
        if !(inner.contains('月') && inner.contains('日')) {
            out.push_str(&rest[i..i + j + 1]);
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

/// Split at the first `YYYY年` / `YYYY年度`: (before, after) without the year.
fn split_year(t: &str) -> Option<(&str, &str)> {
    let b = t.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_digit()) && t[i + 4..].starts_with('年') {
            let mut end = i + 4 + '年'.len_utf8();
            if t[end..].starts_with('度') {
                end += '度'.len_utf8();
            }
            return Some((&t[..i], &t[end..]));
        }
        i += 1;
    }
    None
}

/// The comparison key of an agency name: 人民政府 spelt 政府, brackets and spaces gone.
pub fn key(agency: &str) -> String {
    let mut k: String = agency.chars().filter_map(norm_char).filter(|c| !matches!(c, '(' | ')' | '·' | '•')).collect();
    k = k.replace("人民政府", "政府");
    k
}

/// Administrative-place suffixes: a key that is another key with such a prefix before it
/// (`淮安市洪泽区政府` / `洪泽区政府`) may name the same agency.
const PLACE_ENDS: &[char] = &['省', '市', '州', '盟', '县', '区'];

/// Whether `long` is `short` with a leading place name (`淮安市` + `洪泽区政府`), and
/// `short` itself starts with a place (so `市政府` does not match every city's 市政府).
pub fn with_place_prefix(long: &str, short: &str) -> bool {
    let Some(prefix) = long.strip_suffix(short) else { return false };
    if prefix.is_empty() || !prefix.ends_with(PLACE_ENDS) && !prefix.ends_with("自治区") && !prefix.ends_with("地区") {
        return false;
    }
    // `short` must begin with a place name of its own: some characters, then 区/县/市/镇/乡/旗.
    let head: Vec<char> = short.chars().take(6).collect();
    head.iter().skip(1).any(|c| matches!(c, '区' | '县' | '市' | '镇' | '乡' | '旗' | '州'))
}

/// The short spelling of a key that ends in 政府办公室 (`拱墅区政府办公室` → `拱墅区办公室`).
pub fn office_short(key: &str) -> Option<String> {
    key.strip_suffix("政府办公室").map(|p| format!("{p}办公室"))
}

/// Whether two keys differ only by 政府办公室 / 办公室 (`拱墅区政府办公室` / `拱墅区办公室`).
pub fn office_variant(a: &str, b: &str) -> bool {
    office_short(a).as_deref() == Some(b) || office_short(b).as_deref() == Some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency(t: &str) -> Option<String> {
        agency_of_title(t)
    }

    #[test]
    fn titles_of_the_corpus() {
        assert_eq!(agency("2020年拱墅区投资促进局政府信息公开工作年度报告").as_deref(), Some("拱墅区投资促进局"));
        assert_eq!(agency("2020年政府信息公开工作年度报告（拱墅区政府办公室）").as_deref(), Some("拱墅区政府办公室"));
        assert_eq!(agency("淄川区招商局2020年政府信息公开工作年度报告").as_deref(), Some("淄川区招商局"));
        assert_eq!(agency("海珠区投资促进局2020年度政府信息公开工作年度报告").as_deref(), Some("海珠区投资促进局"));
        assert_eq!(agency("洪泽区人民政府2023 年政府信息公开工作年度报告").as_deref(), Some("洪泽区人民政府"));
        assert_eq!(agency("沭阳县发展和改革局2023年政府信息公开年度报告").as_deref(), Some("沭阳县发展和改革局"));
        assert_eq!(agency("沐阳县人民政府 2025 年 政府信息公开工作年度报告沐阳县人民政府(2026年1月23日)").as_deref(), Some("沐阳县人民政府"));
        assert_eq!(agency("2025 年上海市人民政府办公厅政府信息公开工作年度报告").as_deref(), Some("上海市人民政府办公厅"));
        assert_eq!(agency("２０２２年度　某某市司法局政府信息公开工作年度报告").as_deref(), Some("某某市司法局"));
    }

    #[test]
    fn no_agency() {
        assert_eq!(agency("2020年政府信息公开工作年度报告"), None);
        assert_eq!(agency("政府信息公开工作年度报告"), None);
        assert_eq!(agency("工作年度报告"), None);
    }

    #[test]
    fn keys() {
        assert_eq!(key("洪泽区人民政府"), "洪泽区政府");
        assert_eq!(key("淮安市洪泽区人民政府"), "淮安市洪泽区政府");
        assert!(with_place_prefix("淮安市洪泽区政府", "洪泽区政府"));
        assert!(!with_place_prefix("淮安市政府", "市政府"));
        assert!(!with_place_prefix("淮安市洪泽区政府", "淮安市洪泽区政府"));
        assert!(!with_place_prefix("洪泽区教育局", "教育局"));
        assert!(office_variant("拱墅区政府办公室", "拱墅区办公室"));
        assert!(!office_variant("拱墅区政府办公室", "西湖区办公室"));
    }
}
