//! Label lookup: map a table cell's text to a template row, group or header, by normalised
//! exact match first, then by known variants, then by a conservative fuzzy match that must
//! agree on the row's numbering (`2.`, `（四）`). Built once from the template tables.

use crate::template::{ITEM_NUMERALS, T2_BLOCKS, T2_ROW_LABELS, T3_GROUPS, T3_HEADER_CELLS, T3_ROWS, T3_VARIANTS, T4_HEADER_CELLS};
use crate::text::{norm_label, similarity};
use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

/// What a label cell names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    T3Row(&'static str),
    T3Group(&'static str),
    T3Header,
    T2Row(&'static str),
    T2Header,
    /// A known column header (never a row label).
    T2Column,
    T4Header,
}

/// A label match; `canonical` is set when the text differs from the template wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub target: Target,
    pub canonical: Option<&'static str>,
}

/// A looser key that ignores separators and quotes (`3、其他` = `3.其他`; `，` = `、`).
fn loose(norm: &str) -> String {
    norm.chars().filter(|c| !matches!(c, '、' | ',' | ';' | ':' | '.' | '“' | '”' | '"' | '\'' | '。')).collect()
}

struct Index {
    /// Template wording as written → its normalised form and what it names (a shortcut past
    /// normalisation and a second lookup).
    raw: HashMap<Box<str>, (String, Option<Match>)>,
    exact: HashMap<String, (Target, Option<&'static str>)>,
    fuzzy: Vec<(String, String, Option<String>, Target, &'static str)>,
}

/// Split a leading row number: `2.`, `(四)`, `一、` → (prefix, rest).
fn split_prefix(s: &str) -> (Option<&str>, &str) {
    let b = s.as_bytes();
    if !b.is_empty() && b[0].is_ascii_digit() {
        let n = s.bytes().take_while(|c| c.is_ascii_digit()).count();
        if s[n..].starts_with('.') || s[n..].starts_with('、') {
            let sep = if s[n..].starts_with('.') { 1 } else { '、'.len_utf8() };
            return (Some(&s[..n]), &s[n + sep..]);
        }
    }
    if s.starts_with('(') {
        if let Some(j) = s.find(')') {
            if j <= 4 {
                return (Some(&s[..=j]), &s[j + 1..]);
            }
        }
    }
    let mut it = s.char_indices();
    if let (Some((_, c)), Some((i, '、'))) = (it.next(), it.next()) {
        if "一二三四五六七八九".contains(c) {
            return (Some(&s[..i]), &s[i + '、'.len_utf8()..]);
        }
    }
    (None, s)
}

fn index() -> &'static Index {
    static IDX: OnceLock<Index> = OnceLock::new();
    IDX.get_or_init(|| {
        let mut exact = HashMap::default();
        let mut fuzzy = Vec::new();
        let mut raw_labels = Vec::new();
        let mut add = |label: &'static str, target: Target, fuzz: bool| {
            let n = norm_label(label);
            raw_labels.push(label);
            exact.entry(n.clone()).or_insert((target, None));
            exact.entry(loose(&n)).or_insert((target, None));
            if fuzz {
                let (p, rest) = split_prefix(&n);
                fuzzy.push((n.clone(), rest.to_string(), p.map(str::to_string), target, label));
            }
        };
        for r in T3_ROWS {
            add(r.label, Target::T3Row(r.key), true);
        }
        for g in T3_GROUPS {
            add(g, Target::T3Group(g), true);
        }
        for h in T3_HEADER_CELLS {
            add(h, Target::T3Header, false);
        }
        for l in T2_ROW_LABELS {
            add(l, Target::T2Row(l), false);
        }
        add("信息内容", Target::T2Header, false);
        // Column headers of table 2 and words of split group labels: known, so they never
        // reach the fuzzy matcher.
        for b in T2_BLOCKS {
            for (c, _) in b.columns {
                add(c, Target::T2Column, false);
            }
        }
        for h in ["采购总金额（万元）", "采购总金额（元）", "社会公益", "总计", "合计"] {
            add(h, Target::T2Column, false);
        }
        for g in ["不予公开", "无法提供", "不予处理", "其他处理", "本年度办理结果"] {
            add(g, Target::T3Group(g), false);
        }
        for h in T4_HEADER_CELLS {
            add(h, Target::T4Header, false);
        }
        for (variant, key) in T3_VARIANTS {
            let canonical = T3_ROWS.iter().find(|r| r.key == *key).map(|r| r.label).unwrap_or("");
            exact.insert(norm_label(variant), (Target::T3Row(key), Some(canonical)));
        }
        let mut idx = Index { raw: HashMap::default(), exact, fuzzy };
        // Texts that name no row but stand in every report's tables as the template prints
        // them (the 第二十条 captions of table 2, the 其他 column of table 3): known at once too.
        let mut raw_texts: Vec<String> = raw_labels.iter().map(|l| l.to_string()).collect();
        for b in T2_BLOCKS {
            let numeral = ITEM_NUMERALS.get(usize::from(b.item).wrapping_sub(1));
            raw_texts.extend(numeral.map(|c| format!("第二十条第（{c}）项")));
        }
        raw_texts.push("其他".to_string());
        for text in raw_texts {
            let n = norm_label(&text);
            let m = lookup_in(&idx, &n);
            idx.raw.insert(text.into(), (n, m));
        }
        idx
    })
}

/// A text written exactly as the template writes it (a label, a caption, a column): its
/// normalised form and what [`lookup`] gives for that form.
fn lookup_raw(text: &str) -> Option<(&'static str, Option<Match>)> {
    let idx: &'static Index = index();
    idx.raw.get(text).map(|(n, m)| (n.as_str(), *m))
}

/// A label's normalised text: the template's own wording, or text normalised earlier on this
/// thread (shared with the per-thread memo, so handing it out copies no string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Norm {
    Template(&'static str),
    Seen(Rc<str>),
}

impl Norm {
    /// The text to keep: the template's own borrowed, other text copied.
    pub fn to_cow(&self) -> std::borrow::Cow<'static, str> {
        match self {
            Norm::Template(s) => std::borrow::Cow::Borrowed(s),
            Norm::Seen(s) => std::borrow::Cow::Owned(s.to_string()),
        }
    }
}

impl std::ops::Deref for Norm {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Norm::Template(s) => s,
            Norm::Seen(s) => s,
        }
    }
}

/// A cell's text as written: its normalised form and what it names. Template wording is
/// found at once; other text is normalised and looked up, and remembered per thread (the same
/// variants recur across reports), so a batch normalises each variant about once.
pub fn lookup_text(text: &str) -> (Norm, Option<Match>) {
    if let Some((n, m)) = lookup_raw(text) {
        return (Norm::Template(n), m);
    }
    type Seen = HashMap<Box<str>, (Rc<str>, Option<Match>)>;
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::new(HashMap::default());
    }
    if let Some((n, m)) = SEEN.with(|s| s.borrow().get(text).cloned()) {
        return (Norm::Seen(n), m);
    }
    let n: Rc<str> = norm_label(text).into();
    let m = lookup(&n);
    SEEN.with(|s| {
        let mut s = s.borrow_mut();
        if s.len() > 4096 {
            s.clear();
        }
        s.insert(text.into(), (n.clone(), m));
    });
    (Norm::Seen(n), m)
}

/// Look a cell's text up. `norm` must be `norm_label(text)`.
pub fn lookup(norm: &str) -> Option<Match> {
    lookup_in(index(), norm)
}

fn lookup_in(idx: &Index, norm: &str) -> Option<Match> {
    if norm.is_empty() {
        return None;
    }
    if let Some((target, canonical)) = idx.exact.get(norm).or_else(|| idx.exact.get(&loose(norm))) {
        return Some(Match { target: *target, canonical: *canonical });
    }
    // The table-3 note may be written with ASCII brackets or slight differences.
    if norm.starts_with("(本列数据") {
        return Some(Match { target: Target::T3Header, canonical: None });
    }
    let (prefix, rest) = split_prefix(norm);
    if rest.chars().count() < 4 {
        return None;
    }
    thread_local! {
        static MEMO: std::cell::RefCell<HashMap<String, Option<Match>>> = std::cell::RefCell::new(HashMap::default());
    }
    if let Some(hit) = MEMO.with(|m| m.borrow().get(norm).copied()) {
        return hit;
    }
    let found = fuzzy(idx, prefix, rest);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 4096 {
            m.clear();
        }
        m.insert(norm.to_string(), found);
    });
    found
}

/// The conservative fuzzy match (see the module docs).
fn fuzzy(idx: &Index, prefix: Option<&str>, rest: &str) -> Option<Match> {
    let mut best: Option<(f32, Target, &'static str)> = None;
    let mut second = 0.0f32;
    for (_, frest, fprefix, target, label) in &idx.fuzzy {
        if prefix.is_some() && fprefix.is_some() && prefix != fprefix.as_deref() {
            continue;
        }
        if prefix.is_none() && fprefix.is_some() && matches!(target, Target::T3Row(_)) && fprefix.as_deref().is_some_and(|p| p.len() == 1) {
            // Leaf rows are numbered; an unnumbered text is not a leaf.
            continue;
        }
        let s = similarity(rest, frest);
        match best {
            Some((b, ..)) if s <= b => second = second.max(s),
            _ => {
                if let Some((b, ..)) = best {
                    second = second.max(b);
                }
                best = Some((s, *target, label));
            }
        }
    }
    let (score, target, label) = best?;
    if score >= 0.75 && score - second >= 0.08 {
        return Some(Match { target, canonical: Some(label) });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Option<Target> {
        lookup(&norm_label(s)).map(|m| m.target)
    }

    #[test]
    fn exact_and_variants() {
        assert_eq!(t("（七）总计"), Some(Target::T3Row("total")));
        assert_eq!(t("(七) 总计"), Some(Target::T3Row("total")));
        assert_eq!(t("1．属于国家秘密"), Some(Target::T3Row("deny_secret")));
        assert_eq!(t("2.没有现成信息需另行制作"), Some(Target::T3Row("none_make")));
        assert_eq!(t("（二）部分公开（区分处理的，只计这一情 形，不计其他情形）"), Some(Target::T3Row("partial")));
        assert_eq!(t("4.无正当理由大量反复 申请"), Some(Target::T3Row("skip_mass")));
        assert_eq!(t("3.其他"), Some(Target::T3Row("other_rest")));
        assert_eq!(t("3、其他"), Some(Target::T3Row("other_rest")));
        assert_eq!(lookup(&norm_label("1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请")).unwrap().canonical, None);
        assert_eq!(t("其他"), None);
        assert_eq!(t("总 计"), Some(Target::T2Column));
        assert_eq!(t("结果维持"), Some(Target::T4Header));
    }

    #[test]
    fn fuzzy_needs_the_same_number() {
        let m = lookup(&norm_label("2.其他法律行政止公开")).unwrap();
        assert_eq!(m.target, Target::T3Row("deny_law"));
        assert_eq!(m.canonical, Some("2.其他法律行政法规禁止公开"));
        assert_eq!(t("7.其他法律行政止公开"), None);
        assert_eq!(t("规章制度建设情况"), None);
    }
}
