//! HTML report pages in the editor. The server keeps a page's text like any document; for
//! diagnostics, hovers and code actions this module renders the page (`formats::html`),
//! analyses the rendering as a text report, and maps spans and edits back through the source
//! map, so every range the client sees is a range of the HTML source (a fix only where the
//! rendered text is the page's own text or an empty cell's anchor). Pages are recognised by the
//! document URI's extension (`.html`, `.htm`).

use super::actions::actions_in;
use super::convert;
use super::lastyear::{LastYear, Watch};
use crate::document::Document;
use crate::finding::{Edit, Finding, Locale};
use crate::formats::{html, Rendering};
use crate::position::Encoding;
use crate::vocab::CheckOptions;
use ropey::Rope;
use std::ops::Range;
use tower_lsp_server::ls_types::*;

/// Whether a document is an HTML page (by its URI's extension).
pub fn is_html(uri: &Uri) -> bool {
    let s = uri.as_str().to_ascii_lowercase();
    let path = s.split(['?', '#']).next().unwrap_or("");
    path.ends_with(".html") || path.ends_with(".htm") || path.ends_with(".xhtml")
}

/// A page's rendering and the analysis of it.
struct Page {
    rendering: Rendering,
    doc: Document,
}

impl Page {
    fn new(rope: &Rope, opts: &CheckOptions) -> Option<Page> {
        let rendering = html::render(&rope.to_string()).ok()?;
        let doc = Document::new(&rendering.text, opts.clone());
        Some(Page { rendering, doc })
    }

    /// Findings with spans in the page source.
    fn findings(&self) -> Vec<Finding> {
        self.doc.findings().into_iter().map(|f| self.rendering.map_finding(f)).collect()
    }

    /// Every fill edit in page bytes, or none when one of them does not map exactly.
    fn fill_edits(&self) -> Vec<Edit> {
        let edits: Option<Vec<Edit>> = self.doc.fill_edits().iter().map(|e| self.rendering.map_edit(e)).collect();
        let mut edits = edits.unwrap_or_default();
        edits.sort_by_key(|e| e.range.start);
        edits
    }
}

/// A page's diagnostics; with `lastyear`, the cross-year findings too (found on the rendering,
/// mapped to the page like the others) and what they depended on.
pub fn diagnostics(rope: &Rope, uri: &Uri, opts: &CheckOptions, enc: Encoding, locale: Locale, lastyear: Option<&LastYear>) -> (Vec<Diagnostic>, Option<Watch>) {
    let Some(p) = Page::new(rope, opts) else { return (Vec::new(), None) };
    let mut diags: Vec<Diagnostic> = p.findings().iter().map(|f| convert::diagnostic(rope, uri, f, enc, locale)).collect();
    let xy = lastyear.and_then(|l| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| l.check_document(uri, &p.doc))).ok()).unwrap_or_default();
    diags.extend(xy.findings.into_iter().map(|f| convert::diagnostic_with(rope, uri, &p.rendering.map_finding(f), enc, locale, &xy.files)));
    (diags, xy.watch)
}

/// The hover at `pos` of a page: the cell's equations and, with `lastyear` (the document's
/// `uri`), last year's 结转下年度 on a 上年结转 cell — both found on the rendering.
pub fn hover(rope: &Rope, uri: &Uri, opts: &CheckOptions, pos: Position, enc: Encoding, locale: Locale, lastyear: Option<&LastYear>) -> Option<Hover> {
    let b = convert::byte(rope, pos, enc);
    let p = Page::new(rope, opts)?;
    let o = p.rendering.map.to_rendering(b)?;
    let (off, a) = p.doc.report_at(o)?;
    let own = crate::explain::hover(a, o - off, locale).map(|(md, span)| (md, span.start + off..span.end + off));
    let last = lastyear.and_then(|l| l.carry_in_hover(uri, &p.doc, o, locale));
    let (md, span) = match (own, last) {
        (Some((md, span)), Some((more, _))) => (format!("{md}\n\n---\n\n{more}"), span),
        (own, last) => own.or(last)?,
    };
    let span = p.rendering.map.span(&span);
    Some(Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md }), range: Some(convert::range(rope, &span, enc)) })
}

#[allow(clippy::too_many_arguments)]
pub fn actions(rope: &Rope, opts: &CheckOptions, uri: &Uri, version: i32, sel: Range<usize>, only: &Option<Vec<CodeActionKind>>, enc: Encoding, locale: Locale) -> Vec<CodeActionOrCommand> {
    let Some(p) = Page::new(rope, opts) else { return Vec::new() };
    actions_in(rope, &p.findings(), || p.fill_edits(), uri, version, sel, only, enc, locale)
}

/// The edits of `nianbao.fillAllTotals` for a page.
pub fn fill_edits(rope: &Rope, opts: &CheckOptions) -> Vec<Edit> {
    Page::new(rope, opts).map(|p| p.fill_edits()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><body><nav><a href='/'>首页</a></nav>\n<p>2023年政府信息公开工作年度报告</p>\n<p>四、政府信息公开行政复议、行政诉讼情况</p>\n<table>\
<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>\
<tr><td rowspan=2>结果维持</td><td rowspan=2>结果纠正</td><td rowspan=2>其他结果</td><td rowspan=2>尚未审结</td><td rowspan=2>总计</td><td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>\
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>\n\
<tr><td>1</td><td>1</td><td>0</td><td>0</td><td><span>7</span></td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table></body></html>";

    #[test]
    fn recognises_pages_by_extension() {
        assert!(is_html(&"file:///a/%E6%8A%A5%E5%91%8A.HTM".parse().unwrap()));
        assert!(!is_html(&"file:///a/r.txt".parse().unwrap()));
    }

    #[test]
    fn diagnostics_hovers_and_fixes_point_into_the_page() {
        let rope = Rope::from_str(PAGE);
        let uri: Uri = "file:///r.html".parse().unwrap();
        let opts = CheckOptions::default();
        let (diags, _) = diagnostics(&rope, &uri, &opts, Encoding::Utf16, Locale::Zh, None);
        let d = diags.iter().find(|d| d.code == Some(NumberOrString::String("t4_total".into()))).expect("t4_total");
        let seven = PAGE.find("<span>7").unwrap() + "<span>".len();
        assert_eq!(d.range, convert::range(&rope, &(seven..seven + 1), Encoding::Utf16));
        let h = hover(&rope, &uri, &opts, d.range.start, Encoding::Utf16, Locale::Zh, None).expect("hover on the total");
        let HoverContents::Markup(m) = h.contents else { panic!() };
        assert!(m.value.contains('2'), "{}", m.value);
        let acts = actions(&rope, &opts, &uri, 3, seven..seven, &None, Encoding::Utf16, Locale::Zh);
        let CodeActionOrCommand::CodeAction(a) = &acts[0] else { panic!() };
        assert_eq!(a.title, "将总计改为 2");
        let Some(DocumentChanges::Edits(e)) = a.edit.as_ref().and_then(|w| w.document_changes.clone()) else { panic!() };
        let OneOf::Left(te) = &e[0].edits[0] else { panic!() };
        assert_eq!((te.range, te.new_text.as_str()), (d.range, "2"));
        assert_eq!(fill_edits(&rope, &opts), vec![Edit { range: seven..seven + 1, new_text: "2".into() }]);
    }
}
