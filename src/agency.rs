//! Who a report is from, read off its title. A title names the agency before or after the
//! year (`洪泽区2024年…`, `2024年洪泽区…`), on a line of its own (`洪泽区人民政府` / `2023年…`)
//! or in brackets after (`…年度报告（拱墅区政府办公室）`); the rest is the fixed phrase
//! 政府信息公开(工作)年度报告. The name is read as places (`淮安市` `洪泽区`, by the place
//! words of `PLACE_WORDS`) and what follows them: nothing or 人民政府/管委会 (the place's
//! government), 人民政府办公室/办公厅 (its office), or an organ (`教育局`: a department).
//! The *key* is what pairing compares: a government is its places + 政府, whatever the title
//! wrote after them, so `洪泽区`, `洪泽区人民政府` and `洪泽区管委会` are one key. A name
//! without a place (`区统计局`) is read but not known: it could be any district's.

use crate::text::norm_label;

/// The level of the place an agency belongs to, by the place word that ends its name (a 市
/// is read as a city whatever its rank, which a title does not say; the four municipalities
/// directly under the State Council are provinces).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// No place: a ministry or a national bureau (`水利部`, `国家统计局…`).
    National,
    /// 省, 自治区, and 北京市/天津市/上海市/重庆市.
    Province,
    /// 市, 州, 自治州, 盟, 地区.
    City,
    /// 区, 县, 自治县, 旗, 自治旗.
    County,
    /// 街道, 镇, 乡, 苏木.
    Township,
    /// 新区, 开发区, 高新区, 经开区, 综合实验区 and other zones with an administration.
    Zone,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Township => "township",
            Level::Zone => "zone",
        }
    }
}

/// What the agency is to its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The place's government: a bare place name, 人民政府, 管委会, 行政公署, 街道办事处.
    Government,
    /// The government's office: 人民政府办公室 / 办公厅.
    Office,
    /// Any other organ: a bureau, a commission, a centre.
    Department,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Government => "government",
            Kind::Office => "office",
            Kind::Department => "department",
        }
    }
}

/// An agency read off a title.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Agency {
    /// The name as the title writes it (spaces and brackets removed), for people.
    pub name: String,
    /// The normalised name, for pairing.
    pub key: String,
    /// `None` for an organ without a place that is not national (`中国科学院兰州分院`).
    pub level: Option<Level>,
    pub kind: Kind,
}

/// Why a title's agency is not known, with what was read.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unknown {
    /// Nothing in the title names an agency; `read` is what is left of it, if anything.
    NoName { read: String },
    /// An organ named by its level only (`区统计局`, `县政府办`): any district's or county's.
    NoPlace { read: String },
}

impl Unknown {
    /// What a person is told (the `title_agency_unknown` diagnostic and `--cross-year`).
    pub fn message(&self) -> crate::finding::Msg {
        match self {
            Unknown::NoName { read } if read.is_empty() => crate::finding::Msg::new(
                "标题中没有机关名称（如“洪泽区2024年政府信息公开工作年度报告”），本报告无法与其他年度的报告配对",
                "The title names no agency (as in 洪泽区2024年政府信息公开工作年度报告); this report cannot be paired with other years",
            ),
            Unknown::NoName { read } => crate::finding::Msg::new(
                format!("标题中的“{read}”不是可识别的机关名称，本报告无法与其他年度的报告配对"),
                format!("“{read}” in the title is not a recognisable agency name; this report cannot be paired with other years"),
            ),
            Unknown::NoPlace { read } => crate::finding::Msg::new(
                format!("标题中的机关“{read}”没有写明所在地（如“洪泽区统计局”），本报告无法与其他年度的报告配对"),
                format!("The title's agency “{read}” names no place (as in 洪泽区统计局); this report cannot be paired with other years"),
            ),
        }
    }
}

/// The agency a title names (its lines joined), or why none is known.
pub fn read(title: &str) -> Result<Agency, Unknown> {
    let t = drop_dates(&norm_label(title));
    let (before, after) = split_year(&t).unwrap_or((&t, ""));
    let mut first_read = String::new();
    let mut no_place = None;
    for piece in [before, after].into_iter().flat_map(around_phrase) {
        for word in words(&piece) {
            match classify(&word) {
                Some(Ok(a)) => return Ok(a),
                Some(Err(())) => {
                    no_place.get_or_insert(word);
                }
                None => {
                    if first_read.is_empty() {
                        first_read = word;
                    }
                }
            }
        }
    }
    Err(match no_place {
        Some(read) => Unknown::NoPlace { read },
        None => Unknown::NoName { read: first_read },
    })
}

/// Whether a short line names an agency (a title's line above the year line).
pub fn looks_like_agency(s: &str) -> bool {
    matches!(classify(&norm_label(s)), Some(Ok(_)))
}

/// The place words, each with the level it gives, longest first where one ends another.
const PLACE_WORDS: &[(&str, Level)] = &[
    ("高新技术产业开发区", Level::Zone),
    ("经济技术开发区", Level::Zone),
    ("自由贸易试验区", Level::Zone),
    ("综合实验区", Level::Zone),
    ("特别行政区", Level::Province),
    ("开发区", Level::Zone),
    ("高新区", Level::Zone),
    ("经开区", Level::Zone),
    ("示范区", Level::Zone),
    ("试验区", Level::Zone),
    ("实验区", Level::Zone),
    ("保税区", Level::Zone),
    ("自贸区", Level::Zone),
    ("产业园", Level::Zone),
    ("自治区", Level::Province),
    ("自治州", Level::City),
    ("自治县", Level::County),
    ("自治旗", Level::County),
    ("新区", Level::Zone),
    ("园区", Level::Zone),
    ("地区", Level::City),
    ("林区", Level::County),
    ("街道", Level::Township),
    ("苏木", Level::Township),
    ("省", Level::Province),
    ("市", Level::City),
    ("州", Level::City),
    ("盟", Level::City),
    ("区", Level::County),
    ("县", Level::County),
    ("旗", Level::County),
    ("镇", Level::Township),
    ("乡", Level::Township),
];

/// The last characters of the place words.
const PLACE_ENDS: &[char] = &['区', '省', '市', '州', '盟', '县', '旗', '镇', '乡', '道', '木', '园'];

/// Cities of provincial rank (their 市 is a province's level).
const MUNICIPALITIES: &[&str] = &["北京市", "天津市", "上海市", "重庆市"];

/// Place words whose place may have a one-character name (`沛县`, `城区`, `福州`).
const ONE_CHAR_NAME_OK: &[&str] = &["县", "区", "镇", "乡", "旗", "州"];

/// Text that never occurs in a place's name: what follows it in an organ's.
const NOT_IN_PLACE_NAMES: &[&str] = &["政府", "人民", "局", "厅", "办", "委", "署", "中心", "公司", "信息公开", "机关", "学院", "科学院", "分院"];

/// What follows the places in a government's name.
const GOVERNMENT: &[&str] = &["", "人民政府", "政府", "管委会", "管理委员会", "行政公署", "行署", "办事处", "人民政府办事处"];

/// What follows the places in a government office's name (办公室 or 办公厅).
const OFFICE: &[&str] = &["人民政府办公室", "政府办公室", "政府办", "人民政府办公厅", "政府办公厅", "管委会办公室", "管理委员会办公室", "行政公署办公室", "行署办公室"];

/// The words an organ's name ends with.
const ORGAN_ENDS: &[&str] = &[
    "政府", "办公室", "办公厅", "局", "委员会", "委", "厅", "院", "署", "部", "中心", "所", "站", "处", "会", "办", "队", "馆", "社", "行", "公司", "集团", "机关", "分院", "研究室",
];

/// A word that names a level without a place (`区`, `县`, `自治区`): `区统计局` starts so.
const LEVEL_WORDS: &[&str] = &["自治区", "自治州", "自治县", "街道", "省", "市", "州", "盟", "区", "县", "旗", "镇", "乡"];

/// One place at the start of `s`: its end and level. The first place word after a name of at
/// least one character ends it (`淮安市|洪泽区`), except that a place word right after a 州 or
/// a one-character place word right before a longer one are part of the name (`苏州市`,
/// `亳州高新区`, `安镇街道`). A zone's word may stand alone after its parent (`河源市高新区`).
fn place_at(s: &str, has_parent: bool) -> Option<(usize, Level)> {
    // Only a place word's last character can end a place: most positions stop here.
    let mut ends = s.char_indices().take(24).filter(|(_, c)| PLACE_ENDS.contains(c)).map(|(i, c)| i + c.len_utf8());
    ends.find_map(|e| {
        // Longest place word first; a shorter one where the longer leaves no valid name
        // (`清新区` is 清新 + 区, not 清 + 新区).
        // A word that is all of `s[..e]` ends the search: `高新区` is that word, not 高新 + 区.
        // The last byte first: most words end with another character (a call to compare).
        let last = s.as_bytes()[e - 1];
        let (word, level) = PLACE_WORDS.iter().filter(|(w, _)| w.as_bytes().last() == Some(&last) && s[..e].ends_with(w)).find(|(w, _)| {
            let name = &s[..e - w.len()];
            let chars = name.chars().count();
            chars == 0 || (chars >= 2 || chars == 1 && ONE_CHAR_NAME_OK.contains(w)) && !NOT_IN_PLACE_NAMES.iter().any(|n| has(name, n))
        })?;
        // Only a zone's word stands alone, and only after its parent (`河源市|高新区`).
        if e == word.len() && !(has_parent && *level == Level::Zone && word.chars().count() >= 3) {
            return None;
        }
        // Every place word starts with a three-byte character: those bytes first.
        let head = s.as_bytes().get(e..e + 3);
        let next = PLACE_WORDS.iter().find(|(w, _)| w.as_bytes().get(..3) == head && s[e..].starts_with(w));
        if next.is_some_and(|(n, _)| *word == "州" || word.chars().count() == 1 && n.chars().count() >= 2) {
            return None;
        }
        Some((e, *level))
    })
}

/// The places `s` starts with (their ends and levels) and where the rest begins. A 人民政府
/// between two places is skipped (`历下区人民政府大明湖街道办事处`).
fn places(s: &str) -> (Vec<(usize, Level)>, usize) {
    let mut out: Vec<(usize, Level)> = Vec::new();
    let mut at = 0;
    loop {
        if let Some((e, level)) = place_at(&s[at..], !out.is_empty()) {
            // A 市 under another city is a county-level city.
            let level = match (level, out.last()) {
                (Level::City, Some((_, Level::City))) => Level::County,
                (Level::City, None) if MUNICIPALITIES.contains(&&s[at..at + e]) => Level::Province,
                _ => level,
            };
            out.push((at + e, level));
            at += e;
            continue;
        }
        let skip = ["人民政府", "政府"].iter().find(|g| s[at..].starts_with(*g)).map(|g| g.len());
        match skip {
            Some(g) if !out.is_empty() && place_at(&s[at + g..], true).is_some() => at += g,
            _ => break,
        }
    }
    (out, at)
}

/// The places of `s` as the key writes them: 人民政府 between them dropped, zones' long names
/// in their short form.
fn places_key(s: &str, places: &[(usize, Level)]) -> String {
    let mut k = String::new();
    let mut from = 0;
    for &(end, _) in places {
        let p = &s[from..end];
        let p = p.strip_prefix("人民政府").or_else(|| p.strip_prefix("政府")).unwrap_or(p);
        k.push_str(p);
        from = end;
    }
    replace(&replace(&k, "高新技术产业开发区", "高新区"), "经济技术开发区", "经开区")
}

/// Classify one candidate word: an agency, `Err` for an organ named by its level only, `None`
/// for a word that names no agency.
fn classify(w: &str) -> Option<Result<Agency, ()>> {
    if LEVEL_WORDS.contains(&w) {
        return Some(Err(()));
    }
    if w.chars().count() < 2 || has(w, "信息公开") || w.contains(['。', '，', '；', ',', ':']) {
        return None;
    }
    // 街办 is short for 街道办事处.
    let written = w;
    let long;
    let w = match w.strip_suffix("街办") {
        Some(p) => {
            long = format!("{p}街道办事处");
            long.as_str()
        }
        None => w,
    };
    let (ps, rest_at) = places(w);
    let rest = &w[rest_at..];
    let agency = |key: String, level, kind| Some(Ok(Agency { name: written.to_string(), key, level, kind }));
    if let Some(&(_, level)) = ps.last() {
        let pk = places_key(w, &ps);
        if GOVERNMENT.contains(&rest) {
            return agency(format!("{pk}政府"), Some(level), Kind::Government);
        }
        if OFFICE.contains(&rest) {
            let office = if rest.ends_with("办公厅") { "政府办公厅" } else { "政府办公室" };
            return agency(format!("{pk}{office}"), Some(level), Kind::Office);
        }
        if is_organ(rest) {
            return agency(format!("{pk}{}", replace(rest, "人民政府", "政府")), Some(level), Kind::Department);
        }
        return None;
    }
    let zone_word = PLACE_WORDS.iter().any(|(p, level)| *level == Level::Zone && p.chars().count() >= 2 && w.starts_with(p));
    if zone_word || LEVEL_WORDS.iter().any(|l| w.starts_with(l)) && is_organ(w) {
        return Some(Err(()));
    }
    // A zone named without a place word (`翠山湖管委会`).
    for g in ["管委会", "管理委员会"] {
        if let Some(zone) = w.strip_suffix(g).filter(|z| z.chars().count() >= 2 && !NOT_IN_PLACE_NAMES.iter().any(|n| has(z, n))) {
            return agency(format!("{zone}政府"), Some(Level::Zone), Kind::Government);
        }
    }
    if is_organ(w) {
        let national = ["国家", "国务院", "中华人民共和国"].iter().any(|p| w.starts_with(p)) || ["部", "总署", "总局"].iter().any(|e| w.ends_with(e));
        return agency(replace(w, "人民政府", "政府"), national.then_some(Level::National), Kind::Department);
    }
    None
}

/// Where `n` first occurs in `h`. A plain loop: the names and titles read here are short,
/// and `str::find`'s searcher costs more to set up than this costs to run on them.
fn find(h: &str, n: &str) -> Option<usize> {
    let (hb, nb) = (h.as_bytes(), n.as_bytes());
    let Some((&first, rest)) = nb.split_first() else { return Some(0) };
    let last = hb.len().checked_sub(nb.len())?;
    (0..=last).find(|&i| hb[i] == first && hb[i + 1..i + nb.len()] == *rest)
}

/// Whether `h` holds `n` (see `find`).
fn has(h: &str, n: &str) -> bool {
    find(h, n).is_some()
}

/// `s` with every `from` replaced by `to`; no search set up when `from` is not there.
fn replace(s: &str, from: &str, to: &str) -> String {
    if has(s, from) {
        s.replace(from, to)
    } else {
        s.to_string()
    }
}

/// An organ's name: it ends with the word for one.
fn is_organ(s: &str) -> bool {
    s.chars().count() >= 2 && ORGAN_ENDS.iter().any(|e| s.ends_with(e))
}

/// The parts of a piece of the title around its fixed phrase (政府信息公开工作年度报告 and its
/// variants, whole or cut): what precedes it and what follows it.
fn around_phrase(piece: &str) -> Vec<String> {
    let Some(at) = find(piece, "政府信息公开").or_else(|| find(piece, "信息公开")) else { return vec![piece.to_string()] };
    let head = &piece[..at];
    let mut tail = &piece[at..];
    for w in ["政府信息公开", "信息公开"] {
        if let Some(t) = tail.strip_prefix(w) {
            tail = t;
            break;
        }
    }
    // The rest of the phrase: 工作, 年度, 报告, 年报, in any order.
    while let Some(t) = ["工作", "年度", "年报", "报告", "报", "年"].iter().find_map(|w| tail.strip_prefix(w)) {
        tail = t;
    }
    vec![head.to_string(), tail.to_string()]
}

/// The candidate words of a part: an all-bracketed part unwrapped (`（拱墅区政府办公室）`),
/// bracketed asides dropped (`贵阳市人民政府（市人民政府办公厅）`), split at quotes and colons
/// (`文字解读：…`, `《…》`), 关于 and a final 的 trimmed.
fn words(part: &str) -> Vec<String> {
    let mut p = part;
    while let Some(inner) = p.strip_prefix(['(', '[']).and_then(|q| q.strip_suffix([')', ']'])) {
        p = inner;
    }
    let mut kept = String::with_capacity(p.len());
    let mut depth = 0usize;
    for c in p.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    kept.split(['<', '>', '《', '》', '"', '“', '”', ':', '\'', '‘', '’'])
        .map(|w| w.strip_prefix("关于").unwrap_or(w))
        .map(|w| w.strip_suffix("关于").unwrap_or(w))
        .map(|w| w.strip_suffix("的").unwrap_or(w))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
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

/// Split at the first year (`2020年`, `2020年度`, or `2020` right before the phrase): (before,
/// after) without the year.
fn split_year(t: &str) -> Option<(&str, &str)> {
    let b = t.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        if !(b[i..i + 4].iter().all(u8::is_ascii_digit) && matches!(&b[i..i + 2], b"19" | b"20") && (i == 0 || !b[i - 1].is_ascii_digit()) && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())) {
            return None;
        }
        let rest = &t[i + 4..];
        let skip = ["年度", "年"].iter().find(|y| rest.starts_with(*y)).map(|y| y.len());
        match skip {
            Some(n) => Some((&t[..i], &rest[n..])),
            None if rest.starts_with("政府信息公开") || rest.starts_with("信息公开") => Some((&t[..i], rest)),
            None => None,
        }
    })
}

/// The places a key starts with (`淮安市洪泽区政府` → `淮安市洪泽区`, `拱墅区投资促进局` →
/// `拱墅区`): the region an agency belongs to, for grouping agencies of one place (`export`'s
/// region-year views). `None` for a key without a place (a ministry, `中国科学院兰州分院`).
pub fn region(key: &str) -> Option<&str> {
    let (ps, _) = places(key);
    ps.last().map(|&(end, _)| &key[..end])
}

/// Whether `long` is `short` with places before it (`淮安市` + `洪泽区政府`), and `short`
/// itself starts with a place (so `市政府` does not match every city's).
pub fn with_place_prefix(long: &str, short: &str) -> bool {
    let Some(prefix) = long.strip_suffix(short) else { return false };
    if prefix.is_empty() {
        return false;
    }
    let (ps, rest) = places(prefix);
    rest == prefix.len() && !ps.is_empty() && place_at(short, false).is_some()
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
mod tests;
