//! HTML pages → the plain-text rendering the checker reads. The page's bytes are decoded by
//! its charset (BOM, then `<meta charset>` / `http-equiv`, then a UTF-8-or-GB18030 guess); the
//! decoded text is tokenised by html5gum (a WHATWG-conformant tokenizer that reports each tag's
//! and text's byte span; no DOM of the page is built; implicit end tags are handled here); blocks (paragraphs,
//! headings, list items) become lines and `<table>`s become TAB-separated rows with merged
//! cells expanded (`grid`). Site chrome is left out: `<script>`, `<style>`, `<nav>`,
//! `<header>`, `<footer>`, `<aside>`, forms, lines made only of links, and everything outside
//! the element that holds both the report's title (政府信息公开…年度报告) and its last table or
//! section. Tables that contain tables are page layout: their cells are blocks, not rows.
//! Every piece of the rendering maps back to the decoded page text (`sourcemap`).

use super::grid::InCell;
use super::sourcemap::Mapped;
use super::{assemble, Part, Rendering};
use std::ops::Range;

/// Elements whose content is never part of the report.
const SKIPPED: &[&str] = &["script", "style", "noscript", "template", "head", "title", "nav", "header", "footer", "aside", "form", "select", "button", "iframe", "svg", "object", "textarea"];

/// Elements that start and end a line (a block).
const BLOCKS: &[&str] = &[
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "main", "blockquote", "center", "pre", "hr", "caption", "address", "figure", "figcaption", "body",
];

/// Text of a site's footer: where a report region ends at the latest.
pub(crate) const FOOTER_MARKS: &[&str] = &["版权所有", "ICP备", "网站标识码", "主办单位", "技术支持", "网站地图"];

/// The charset a page declares: its BOM, else the first `charset=` of a `<meta>` in its first
/// 1024 bytes (both `<meta charset>` and `http-equiv` content carry it).
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return Some(enc);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let mut from = 0;
    while let Some(m) = head[from..].find("<meta") {
        let tag_start = from + m;
        let tag_end = head[tag_start..].find('>').map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        if let Some(c) = tag.find("charset") {
            let rest = tag[c + "charset".len()..].trim_start().strip_prefix('=').unwrap_or("").trim_start();
            let rest = rest.trim_start_matches(['"', '\'']);
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || "-_:.".contains(*c)).collect();
            if let Some(enc) = encoding_rs::Encoding::for_label(name.as_bytes()) {
                return Some(enc);
            }
        }
        from = tag_end;
    }
    None
}

/// Decode a page: a declared UTF-8 or GBK/GB2312/GB18030 charset is honoured (a page whose
/// bytes do not match it is an error naming the place); otherwise the text reader's guess
/// (UTF-8, UTF-16 with BOM, else GB18030).
pub fn decode(bytes: &[u8]) -> Result<(String, super::encoding::Encoding), String> {
    use super::encoding::{decode as guess, Encoding};
    let declared = declared_charset(bytes);
    let gb = [encoding_rs::GBK, encoding_rs::GB18030];
    match declared {
        Some(enc) if gb.contains(&enc) && encoding_rs::Encoding::for_bom(bytes).is_none() => {
            if bytes.is_ascii() {
                return guess(bytes);
            }
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(t) => Ok((t.into_owned(), Encoding::Gb18030)),
                None => guess(bytes).map_err(|e| format!("{e}（页面声明 {} / the page declares {}）", enc.name(), enc.name())),
            }
        }
        _ => guess(bytes),
    }
}

#[derive(Debug)]
enum Ev {
    Start { name: Name, rowspan: usize, colspan: usize, loc: Range<usize>, void: bool },
    End { name: Name },
    Text { loc: Range<usize> },
}

/// A tag name, lower-cased: the common ones borrowed, others owned.
type Name = std::borrow::Cow<'static, str>;

/// Tag names that need no allocation.
const COMMON: &[&str] = &["table", "tbody", "thead", "tfoot", "tr", "td", "th", "span", "font", "b", "strong", "i", "em", "u", "a", "img", "sup", "sub", "col", "colgroup", "o:p"];

/// Longest name of [`known_names`] (a test checks it).
const KNOWN_MAX: usize = 16;

/// Every tag name the reader knows, lower-cased, for a lookup by the lower-cased name.
fn known_names() -> &'static rustc_hash::FxHashMap<&'static [u8], &'static str> {
    static KNOWN: std::sync::OnceLock<rustc_hash::FxHashMap<&'static [u8], &'static str>> = std::sync::OnceLock::new();
    KNOWN.get_or_init(|| [COMMON, BLOCKS, SKIPPED, VOID].concat().into_iter().map(|n| (n.as_bytes(), n)).collect())
}

fn name_of(b: &[u8]) -> Name {
    if b.len() <= KNOWN_MAX {
        let mut buf = [0u8; KNOWN_MAX];
        let low = &mut buf[..b.len()];
        low.copy_from_slice(b);
        low.make_ascii_lowercase();
        if let Some(n) = known_names().get(&*low) {
            return Name::Borrowed(n);
        }
    }
    Name::Owned(String::from_utf8_lossy(b).to_ascii_lowercase())
}

/// Elements that have no end tag.
const VOID: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// The most events [`events`] makes room for before reading (64 bytes each).
const MAX_RESERVED_EVENTS: usize = 1 << 20;

/// Tokenise with html5gum: start tags, end tags and text, with byte ranges in `text`. Uses the
/// callback emitter (names and values borrowed, nothing allocated per token but our events).
fn events(text: &str) -> Vec<Ev> {
    use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
    use html5gum::{Span, Tokenizer};
    // Room for every event at once: a tag gives at most one, and so does the text after it.
    // Growing the vector would copy it and fault in fresh pages each time. Capped, so that a
    // page of stray `<` reserves neither more than its size nor more than 64 MB (a larger page
    // grows the vector from there).
    let tags = memchr::memchr_iter(b'<', text.as_bytes()).count();
    let mut out: Vec<Ev> = Vec::with_capacity((2 * tags + 1).min(text.len() / 8 + 16).min(MAX_RESERVED_EVENTS));
    // The start tag being read: name, start offset, rowspan, colspan; and which of the two
    // span attributes the next value belongs to.
    let mut open: Option<(Name, usize, usize, usize)> = None;
    let mut attr = 0u8;
    let emitter = CallbackEmitter::new(|ev: CallbackEvent<'_>, span: Span<usize>| -> Option<()> {
        match ev {
            CallbackEvent::OpenStartTag { name } => {
                open = Some((name_of(name), span.start, 1, 1));
                attr = 0;
            }
            CallbackEvent::AttributeName { name } => {
                attr = if name.eq_ignore_ascii_case(b"rowspan") {
                    1
                } else if name.eq_ignore_ascii_case(b"colspan") {
                    2
                } else {
                    0
                };
            }
            CallbackEvent::AttributeValue { value } => {
                // Only rowspan and colspan are read (most values are classes and styles).
                if let (Some(t), 1 | 2) = (open.as_mut(), attr) {
                    let n = std::str::from_utf8(value).ok().and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1);
                    if attr == 1 {
                        t.2 = n;
                    } else {
                        t.3 = n;
                    }
                }
                attr = 0;
            }
            CallbackEvent::CloseStartTag { .. } => {
                if let Some((name, start, rowspan, colspan)) = open.take() {
                    let void = VOID.contains(&name.as_ref());
                    out.push(Ev::Start { name, rowspan, colspan, loc: start..span.end.max(start), void });
                }
            }
            CallbackEvent::EndTag { name } => out.push(Ev::End { name: name_of(name) }),
            CallbackEvent::String { .. } => {
                let loc = span.start..span.end;
                if loc.is_empty() || loc.end > text.len() || !text.is_char_boundary(loc.start) || !text.is_char_boundary(loc.end) {
                    return None;
                }
                // Adjacent pieces of one text are one text.
                if let Some(Ev::Text { loc: last }) = out.last_mut() {
                    if last.end == loc.start {
                        last.end = loc.end;
                        return None;
                    }
                }
                out.push(Ev::Text { loc });
            }
            _ => {}
        }
        None
    });
    let mut emitter = emitter;
    // Script, style, title and textarea content is raw text, not markup.
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(text, Quiet(emitter)) {}
    out
}

/// An emitter with html5gum's per-byte character checks turned off: they only report parse
/// errors, which the reader ignores, and cost about a tenth of tokenising.
struct Quiet<E>(E);

impl<E: html5gum::Emitter> html5gum::ForwardingEmitter for Quiet<E> {
    type Token = E::Token;
    fn inner(&mut self) -> &mut impl html5gum::Emitter<Token = Self::Token> {
        &mut self.0
    }
    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// The character an entity stands for (the common named ones, and numeric references).
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(n);
    }
    Some(match name {
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "middot" => '·',
        "mdash" => '—',
        "ndash" => '–',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "hellip" => '…',
        "times" => '×',
        "yen" => '¥',
        _ => return None,
    })
}

/// Text being gathered for one line or cell: whitespace collapsed as a browser shows it,
/// entities decoded, pieces mapped to the page text.
#[derive(Default)]
struct Acc {
    m: Mapped,
    space: bool,
    /// Some text of it sits outside any link.
    plain: bool,
}

impl Acc {
    fn push_text(&mut self, src: &str, loc: Range<usize>, in_link: bool) {
        let s = &src[loc.clone()];
        let mut i = 0;
        while i < s.len() {
            let c = s[i..].chars().next().unwrap_or(' ');
            if c.is_ascii_whitespace() || c == '\u{a0}' {
                self.space = true;
                i += c.len_utf8();
                continue;
            }
            // The next piece: a run of ordinary characters, copied at once (the map merges
            // adjacent linear pieces, so this maps as a character at a time would), or an
            // entity (`None` when it is not one: a bare `&`, copied as it is).
            let (len, entity_char) = if c != '&' {
                (s[i..].find(|c: char| c.is_ascii_whitespace() || c == '\u{a0}' || c == '&').unwrap_or(s.len() - i), None)
            } else {
                let end = s[i..].char_indices().take(12).find(|&(_, c)| c == ';' || c == '<' || c.is_whitespace()).map(|(j, _)| i + j);
                match end.filter(|&e| s.as_bytes()[e] == b';').and_then(|e| entity(&s[i + 1..e]).map(|ch| (e + 1 - i, ch))) {
                    Some((len, ch)) => (len, Some(ch)),
                    None => (1, None),
                }
            };
            if matches!(entity_char, Some(' ' | '\u{a0}')) {
                self.space = true;
                i += len;
                continue;
            }
            if self.space && !self.m.text.is_empty() {
                self.m.push_synthetic(" ");
            }
            self.space = false;
            let at = loc.start + i;
            let mut buf = [0; 4];
            let shown: &str = match entity_char {
                Some(ch) => ch.encode_utf8(&mut buf),
                None => &s[i..i + len],
            };
            if !in_link && !self.plain && shown.chars().any(char::is_alphanumeric) {
                self.plain = true;
            }
            if entity_char.is_some() {
                self.m.push_atomic(shown, at..at + len);
            } else {
                self.m.push_linear(shown, at);
            }
            i += len;
        }
    }
}

/// One table being read. `layout` tables (holding other tables) are page structure.
struct Table {
    layout: bool,
    rows: Vec<Vec<InCell>>,
    cell: Option<(Acc, usize, usize)>,
    /// The empty cell's anchor may still move into a nested start tag.
    anchor_open: bool,
    row_open: bool,
}

enum BlockKind {
    Para,
    Table(Vec<Vec<InCell>>),
}

struct Block {
    kind: BlockKind,
    m: Mapped,
    ancestors: Vec<u32>,
    plain: bool,
}

struct Reader<'a> {
    src: &'a str,
    stack: Vec<(Name, u32)>,
    next_id: u32,
    skip: usize,
    links: usize,
    tables: Vec<Table>,
    line: Acc,
    blocks: Vec<Block>,
}

impl Reader<'_> {
    fn ids(&self) -> Vec<u32> {
        self.stack.iter().map(|(_, id)| *id).collect()
    }

    fn data_table(&mut self) -> Option<&mut Table> {
        self.tables.last_mut().filter(|t| !t.layout)
    }

    fn end_line(&mut self) {
        let mut acc = std::mem::take(&mut self.line);
        if acc.m.text.is_empty() {
            return;
        }
        acc.m.trim_end();
        let ancestors = self.ids();
        self.blocks.push(Block { kind: BlockKind::Para, m: acc.m, ancestors, plain: acc.plain });
    }

    fn close_cell(&mut self) {
        if let Some(t) = self.data_table() {
            if let Some((mut acc, rowspan, colspan)) = t.cell.take() {
                acc.m.trim_end();
                if !t.row_open {
                    t.rows.push(Vec::new());
                    t.row_open = true;
                }
                if let Some(r) = t.rows.last_mut() {
                    r.push(InCell { content: acc.m, rowspan, colspan });
                }
            }
        }
    }

    fn close_row(&mut self) {
        self.close_cell();
        if let Some(t) = self.data_table() {
            t.row_open = false;
        }
    }

    fn start(&mut self, name: &str, rowspan: usize, colspan: usize, loc: Range<usize>, layout: bool) {
        if self.skip > 0 {
            return;
        }
        let in_cell = self.tables.last().is_some_and(|t| !t.layout && t.cell.is_some());
        match name {
            "table" => {
                self.end_line();
                self.tables.push(Table { layout, rows: Vec::new(), cell: None, anchor_open: false, row_open: false });
            }
            "tr" if self.tables.last().is_some_and(|t| !t.layout) => {
                self.close_row();
                if let Some(t) = self.data_table() {
                    t.rows.push(Vec::new());
                    t.row_open = true;
                }
            }
            "td" | "th" if self.tables.last().is_some_and(|t| !t.layout) => {
                self.close_cell();
                if let Some(t) = self.data_table() {
                    let mut acc = Acc::default();
                    acc.m.anchor = Some(loc.end);
                    t.cell = Some((acc, rowspan, colspan));
                    t.anchor_open = true;
                }
            }
            "tr" | "td" | "th" => self.end_line(),
            "br" if in_cell => self.cell_space(),
            "br" => self.end_line(),
            n if BLOCKS.contains(&n) && in_cell => self.cell_space(),
            n if BLOCKS.contains(&n) => self.end_line(),
            _ => {}
        }
        // An empty cell's value goes inside its innermost wrapper (`<td><p><span>|</span>`).
        if let Some(t) = self.tables.last_mut().filter(|t| !t.layout) {
            if let Some((acc, _, _)) = t.cell.as_mut().filter(|_| t.anchor_open && !matches!(name, "td" | "th" | "br" | "img")) {
                if acc.m.text.is_empty() {
                    acc.m.anchor = Some(loc.end);
                }
            }
        }
    }

    fn cell_space(&mut self) {
        if let Some((acc, _, _)) = self.data_table().and_then(|t| t.cell.as_mut()) {
            acc.space = true;
        }
    }

    fn end(&mut self, name: &str) {
        if self.skip > 0 {
            return;
        }
        if let Some(t) = self.tables.last_mut().filter(|t| !t.layout) {
            t.anchor_open = false;
        }
        match name {
            "table" => {
                self.close_row();
                if let Some(t) = self.tables.pop() {
                    if !t.layout && t.rows.iter().any(|r| !r.is_empty()) {
                        let ancestors = self.ids();
                        self.blocks.push(Block { kind: BlockKind::Table(t.rows), m: Mapped::default(), ancestors, plain: true });
                    }
                }
            }
            "td" | "th" if self.tables.last().is_some_and(|t| !t.layout) => self.close_cell(),
            "tr" if self.tables.last().is_some_and(|t| !t.layout) => self.close_row(),
            "tr" | "td" | "th" => self.end_line(),
            n if BLOCKS.contains(&n) => {
                if self.tables.last().is_some_and(|t| !t.layout && t.cell.is_some()) {
                    self.cell_space();
                } else {
                    self.end_line();
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, loc: Range<usize>) {
        if self.skip > 0 {
            return;
        }
        let in_link = self.links > 0;
        let src = self.src;
        if let Some(t) = self.tables.last_mut().filter(|t| !t.layout) {
            if let Some((acc, _, _)) = t.cell.as_mut() {
                acc.push_text(src, loc, in_link);
                if !acc.m.text.is_empty() {
                    t.anchor_open = false;
                }
                return;
            }
            if t.row_open || !t.rows.is_empty() {
                return; // stray text between cells
            }
        }
        self.line.push_text(src, loc, in_link);
    }
}

/// Which tables hold other tables (by the index of their start event).
fn layout_tables(evs: &[Ev]) -> Vec<bool> {
    let mut layout = vec![false; evs.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, e) in evs.iter().enumerate() {
        match e {
            Ev::Start { name, .. } if name == "table" => {
                for &o in &open {
                    layout[o] = true;
                }
                open.push(i);
            }
            Ev::End { name } if name == "table" => {
                open.pop();
            }
            _ => {}
        }
    }
    layout
}

/// Render a decoded page.
pub fn render(src: &str) -> Result<Rendering, String> {
    let evs = events(src);
    let layout = layout_tables(&evs);
    let mut r = Reader { src, stack: Vec::new(), next_id: 0, skip: 0, links: 0, tables: Vec::new(), line: Acc::default(), blocks: Vec::new() };
    for (i, e) in evs.into_iter().enumerate() {
        match e {
            Ev::Start { name, rowspan, colspan, loc, void } => {
                r.start(&name, rowspan, colspan, loc, layout[i]);
                if !void {
                    if SKIPPED.contains(&name.as_ref()) {
                        r.skip += 1;
                    }
                    if name == "a" {
                        r.links += 1;
                    }
                    r.next_id += 1;
                    r.stack.push((name, r.next_id));
                }
            }
            Ev::End { name } => {
                // Elements closed implicitly (`<p>` without `</p>`) are popped with it.
                let Some(at) = r.stack.iter().rposition(|(n, _)| *n == name) else { continue };
                for (n, _) in r.stack.drain(at..).collect::<Vec<_>>().into_iter().rev() {
                    if SKIPPED.contains(&n.as_ref()) {
                        r.skip -= 1;
                    } else if n == "a" {
                        r.links -= 1;
                    }
                    if r.skip == 0 {
                        r.end(&n);
                    }
                }
            }
            Ev::Text { loc } => r.text(loc),
        }
    }
    r.skip = 0;
    while let Some((n, _)) = r.stack.pop() {
        r.end(&n);
    }
    while !r.tables.is_empty() {
        r.end("table");
    }
    r.end_line();
    let parts = select(&r.blocks).into_iter().map(|i| match &r.blocks[i].kind {
        BlockKind::Para => Part::Para(&r.blocks[i].m),
        BlockKind::Table(rows) => Part::Table(rows),
    });
    Ok(assemble(parts))
}

/// The blocks that make the report: from its title to the end of the element holding both the
/// title and its last table or 六、 section, without link-only lines and site footers.
fn select(blocks: &[Block]) -> Vec<usize> {
    let short = |i: usize, w: &str| blocks.get(i).is_some_and(|b| matches!(b.kind, BlockKind::Para) && b.plain && b.m.text.contains(w) && b.m.text.chars().count() <= 120);
    // The title, possibly split over two lines (`…政府信息公开` / `工作年度报告`).
    let title = (0..blocks.len()).find(|&i| short(i, "政府信息公开") && (short(i, "年度报告") || short(i + 1, "年度报告")));
    if blocks.is_empty() {
        return Vec::new();
    }
    let mut t = title.unwrap_or(0);
    // The agency on its own line right above the title (`洪泽区人民政府` / `2023 年…年度报告`)
    // belongs to the title: cross-year pairing reads the agency from it.
    if title.is_some() && t > 0 {
        let above = &blocks[t - 1];
        let name = above.m.text.trim();
        if matches!(above.kind, BlockKind::Para) && above.plain && above.ancestors == blocks[t].ancestors && name.chars().count() <= 30 && crate::agency::looks_like_agency(name) {
            t -= 1;
        }
    }
    let last = (t..blocks.len()).rev().find(|&i| matches!(blocks[i].kind, BlockKind::Table(_)) || blocks[i].m.text.starts_with("六、")).unwrap_or(t);
    let (a, b) = (&blocks[t].ancestors, &blocks[last].ancestors);
    let common = if title.is_some() { a.iter().zip(b).take_while(|(x, y)| x == y).count() } else { 0 };
    let root = &a[..common];
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate().skip(t) {
        if !b.ancestors.starts_with(root) {
            if i > last {
                break;
            }
            continue;
        }
        if i > last && FOOTER_MARKS.iter().any(|m| b.m.text.contains(m)) {
            break;
        }
        if b.plain {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests;
