//! A page's content stream run far enough to know where each character is: the graphics state
//! (`q`/`Q`, `cm`), the text state and matrices (`BT`, `Tf`, `Tc`, `Tw`, `Tz`, `TL`, `Ts`,
//! `Td`/`TD`/`Tm`/`T*`) and the showing operators (`Tj`, `TJ`, `'`, `"`), with form XObjects
//! followed (`Do`, a few levels deep). Each code becomes a `Glyph` in page space (its start and
//! end x, baseline y, size, text or unmapped). Strokes and thin filled rectangles become
//! `Rule`s (the lines drawn around table cells); images are counted (a page of images and no
//! text is a scan).

use super::fonts::{Code, Font};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// One character placed on the page (PDF units, y up).
#[derive(Clone, Debug)]
pub struct Glyph {
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    /// `None`: the font gives this code no Unicode meaning.
    pub text: Option<String>,
}

/// A line segment drawn on the page: horizontal (`y0 == y1`) or vertical (`x0 == x1`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rule {
    pub fn horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() < 0.01
    }
}

/// What was found on a page.
#[derive(Default)]
pub struct Page {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub images: usize,
}

type M = [f32; 6];

fn mul(a: &M, b: &M) -> M {
    [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]
}

fn apply(m: &M, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

const IDENTITY: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
/// Form XObjects inside form XObjects are followed this deep.
const MAX_DEPTH: usize = 6;
/// A page's content is decoded at most this far.
pub const MAX_CONTENT: usize = 64 << 20;

#[derive(Clone)]
struct State {
    ctm: M,
    font: Option<ObjectId>,
    /// A font given directly in the resources (no object id): its key.
    font_key: Vec<u8>,
    size: f32,
    char_space: f32,
    word_space: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    }
}

/// Fonts read once per document, by object id (or resource key for direct dictionaries).
#[derive(Default)]
pub struct Fonts {
    by_id: HashMap<ObjectId, Font>,
    direct: HashMap<Vec<u8>, Font>,
}

/// Run a page.
pub fn run_page(doc: &Document, page: ObjectId, fonts: &mut Fonts) -> Result<Page, String> {
    let content = doc.get_page_content_with_limit(page, MAX_CONTENT).map_err(|e| format!("{e}"))?;
    let resources = page_resources(doc, page);
    let mut out = Page::default();
    let mut st = State { ctm: IDENTITY, font: None, font_key: Vec::new(), size: 0.0, char_space: 0.0, word_space: 0.0, hscale: 1.0, leading: 0.0, rise: 0.0 };
    run(doc, &content, resources.as_ref(), &mut st, fonts, &mut out, 0);
    Ok(out)
}

/// The page's resources (inherited from the page tree when not its own).
fn page_resources(doc: &Document, page: ObjectId) -> Option<Dictionary> {
    let mut id = page;
    for _ in 0..32 {
        let d = doc.get_dictionary(id).ok()?;
        if let Ok(r) = d.get(b"Resources") {
            if let Ok((_, Object::Dictionary(r))) = doc.dereference(r) {
                return Some(r.clone());
            }
        }
        id = d.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

fn sub_dict<'a>(doc: &'a Document, res: Option<&'a Dictionary>, key: &[u8], name: &[u8]) -> Option<(Option<ObjectId>, &'a Object)> {
    let group = match doc.dereference(res?.get(key).ok()?).ok()?.1 {
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let o = group.get(name).ok()?;
    let (id, obj) = doc.dereference(o).ok()?;
    Some((id, obj))
}

fn run(doc: &Document, content: &[u8], res: Option<&Dictionary>, st: &mut State, fonts: &mut Fonts, out: &mut Page, depth: usize) {
    let Ok(ops) = Content::decode(content) else { return };
    let mut stack: Vec<State> = Vec::new();
    let mut tm = IDENTITY;
    let mut tlm = IDENTITY;
    let mut path: Vec<(f32, f32)> = Vec::new();
    let mut segments: Vec<[(f32, f32); 2]> = Vec::new();
    let mut codes: Vec<Code> = Vec::new();
    for op in &ops.operations {
        let a = &op.operands;
        let n = |i: usize| a.get(i).map_or(0.0, num);
        match op.operator.as_str() {
            "q" => stack.push(st.clone()),
            "Q" => {
                if let Some(s) = stack.pop() {
                    *st = s;
                }
            }
            "cm" if a.len() == 6 => st.ctm = mul(&[n(0), n(1), n(2), n(3), n(4), n(5)], &st.ctm),
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            "Tf" => {
                if let Some(Object::Name(key)) = a.first() {
                    st.size = n(1);
                    match sub_dict(doc, res, b"Font", key) {
                        Some((Some(id), Object::Dictionary(d))) => {
                            fonts.by_id.entry(id).or_insert_with(|| Font::read(doc, d));
                            st.font = Some(id);
                        }
                        Some((None, Object::Dictionary(d))) => {
                            fonts.direct.entry(key.clone()).or_insert_with(|| Font::read(doc, d));
                            st.font = None;
                            st.font_key = key.clone();
                        }
                        _ => {
                            st.font = None;
                            st.font_key.clear();
                        }
                    }
                }
            }
            "Tc" => st.char_space = n(0),
            "Tw" => st.word_space = n(0),
            "Tz" => st.hscale = n(0) / 100.0,
            "TL" => st.leading = n(0),
            "Ts" => st.rise = n(0),
            "Td" => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                tm = tlm;
            }
            "TD" => {
                st.leading = -n(1);
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                tm = tlm;
            }
            "Tm" if a.len() == 6 => {
                tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                tm = tlm;
            }
            "T*" => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -st.leading], &tlm);
                tm = tlm;
            }
            "Tj" | "'" | "\"" | "TJ" => {
                if op.operator == "'" || op.operator == "\"" {
                    if op.operator == "\"" {
                        st.word_space = n(0);
                        st.char_space = n(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -st.leading], &tlm);
                    tm = tlm;
                }
                let font = match st.font {
                    Some(id) => fonts.by_id.get(&id),
                    None => fonts.direct.get(&st.font_key),
                };
                let Some(font) = font else { continue };
                let items: &[Object] = match op.operator.as_str() {
                    "TJ" => match a.first() {
                        Some(Object::Array(items)) => items,
                        _ => continue,
                    },
                    _ => a.last().map(std::slice::from_ref).unwrap_or_default(),
                };
                for item in items {
                    match item {
                        Object::String(bytes, _) => {
                            codes.clear();
                            font.codes(bytes, &mut codes);
                            for c in codes.drain(..) {
                                let trm = mul(&[st.size * st.hscale, 0.0, 0.0, st.size, 0.0, st.rise], &mul(&tm, &st.ctm));
                                let advance = (c.width * st.size + st.char_space + if c.space { st.word_space } else { 0.0 }) * st.hscale;
                                let (x0, y) = apply(&trm, 0.0, 0.0);
                                tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &tm);
                                let (x1, _) = apply(&mul(&[st.size * st.hscale, 0.0, 0.0, st.size, 0.0, st.rise], &mul(&tm, &st.ctm)), 0.0, 0.0);
                                let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                                out.glyphs.push(Glyph { x0, x1: x1.max(x0), y, size, text: c.text });
                            }
                        }
                        Object::Integer(_) | Object::Real(_) => {
                            let adj = -num(item) / 1000.0 * st.size * st.hscale;
                            tm = mul(&[1.0, 0.0, 0.0, 1.0, adj, 0.0], &tm);
                        }
                        _ => {}
                    }
                }
            }
            "Do" => {
                let Some(Object::Name(key)) = a.first() else { continue };
                let Some((_, Object::Stream(s))) = sub_dict(doc, res, b"XObject", key) else { continue };
                match s.dict.get(b"Subtype") {
                    Ok(Object::Name(t)) if t == b"Image" => out.images += 1,
                    Ok(Object::Name(t)) if t == b"Form" && depth < MAX_DEPTH => {
                        let Ok(body) = s.get_plain_content_with_limit(MAX_CONTENT).or_else(|_| Ok::<_, lopdf::Error>(s.content.clone())) else { continue };
                        let matrix = match s.dict.get(b"Matrix") {
                            Ok(Object::Array(m)) if m.len() == 6 => [num(&m[0]), num(&m[1]), num(&m[2]), num(&m[3]), num(&m[4]), num(&m[5])],
                            _ => IDENTITY,
                        };
                        let own = match s.dict.get(b"Resources").ok().and_then(|r| doc.dereference(r).ok()) {
                            Some((_, Object::Dictionary(d))) => Some(d.clone()),
                            _ => None,
                        };
                        let mut inner = st.clone();
                        inner.ctm = mul(&matrix, &st.ctm);
                        run(doc, &body, own.as_ref().or(res), &mut inner, fonts, out, depth + 1);
                    }
                    _ => {}
                }
            }
            "BI" | "ID" | "EI" => out.images += usize::from(op.operator == "BI"),
            // Paths: only straight segments and rectangles matter (table rules).
            "m" => {
                close_subpath(&mut path, &mut segments, false);
                path.push(apply(&st.ctm, n(0), n(1)));
            }
            "l" => path.push(apply(&st.ctm, n(0), n(1))),
            "c" | "v" | "y" => {
                // A curve is no rule: the subpath so far is kept, the curve breaks it.
                close_subpath(&mut path, &mut segments, false);
                let k = a.len().saturating_sub(2);
                path.push(apply(&st.ctm, n(k), n(k + 1)));
            }
            "h" => close_subpath(&mut path, &mut segments, true),
            "re" => {
                close_subpath(&mut path, &mut segments, false);
                let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                let pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)].map(|(px, py)| apply(&st.ctm, px, py));
                path.extend_from_slice(&pts);
                close_subpath(&mut path, &mut segments, true);
            }
            "S" | "s" | "B" | "B*" | "b" | "b*" => {
                close_subpath(&mut path, &mut segments, matches!(op.operator.as_str(), "s" | "b" | "b*"));
                for s in segments.drain(..) {
                    push_rule(s[0], s[1], &mut out.rules);
                }
            }
            "f" | "F" | "f*" => {
                close_subpath(&mut path, &mut segments, true);
                thin_fills(&segments, &mut out.rules);
                segments.clear();
            }
            "n" => {
                path.clear();
                segments.clear();
            }
            _ => {}
        }
    }
}

/// The segments of the current subpath (closed: back to its start too).
fn close_subpath(path: &mut Vec<(f32, f32)>, segments: &mut Vec<[(f32, f32); 2]>, close: bool) {
    for w in path.windows(2) {
        segments.push([w[0], w[1]]);
    }
    if close && path.len() > 2 {
        segments.push([path[path.len() - 1], path[0]]);
    }
    path.clear();
}

/// A straight stroke as a rule when it is horizontal or vertical.
fn push_rule(a: (f32, f32), b: (f32, f32), rules: &mut Vec<Rule>) {
    let (dx, dy) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
    if dy < 0.5 && dx > 1.0 {
        let y = (a.1 + b.1) / 2.0;
        rules.push(Rule { x0: a.0.min(b.0), y0: y, x1: a.0.max(b.0), y1: y });
    } else if dx < 0.5 && dy > 1.0 {
        let x = (a.0 + b.0) / 2.0;
        rules.push(Rule { x0: x, y0: a.1.min(b.1), x1: x, y1: a.1.max(b.1) });
    }
}

/// A filled rectangle no thicker than a border is a rule along its length.
fn thin_fills(segments: &[[(f32, f32); 2]], rules: &mut Vec<Rule>) {
    for quad in segments.chunks(4) {
        let xs = quad.iter().flat_map(|s| [s[0].0, s[1].0]);
        let ys = quad.iter().flat_map(|s| [s[0].1, s[1].1]);
        let (x0, x1) = xs.fold((f32::MAX, f32::MIN), |(a, b), x| (a.min(x), b.max(x)));
        let (y0, y1) = ys.fold((f32::MAX, f32::MIN), |(a, b), y| (a.min(y), b.max(y)));
        let (w, h) = (x1 - x0, y1 - y0);
        if h <= 2.5 && w > 2.0 * h.max(0.5) {
            let y = (y0 + y1) / 2.0;
            rules.push(Rule { x0, y0: y, x1, y1: y });
        } else if w <= 2.5 && h > 2.0 * w.max(0.5) {
            let x = (x0 + x1) / 2.0;
            rules.push(Rule { x0: x, y0, x1: x, y1 });
        }
    }
}
