//! Unit tests of the HTML reader: charsets, whitespace and entities, merged cells, site chrome.

use super::*;

const PAGE: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>2023年政府信息公开工作年度报告</title>
<script>var x = "<p>not text</p>";</script><style>p{color:red}</style></head>
<body><nav><a href="/">首页</a></nav><div class="crumb"><a href="/">首页</a> &gt; <a href="/gk">政务公开</a></div>
<div class="article"><h1>某某区人民政府2023年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>本年度共收到申请&nbsp;41&nbsp;件，<br>全部办结。</p>
<p>三、收到和处理政府信息公开申请情况</p>
<table><tbody>
<tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>5</td></tr>
<tr><td><p><span>（二）部分公开</span></p></td><td><p><span></span></p></td></tr>
<tr><td colspan="2">（七）总计</td><td>1<br>2</td></tr>
</tbody></table>
<p>六、其他需要报告的事项</p><p>无。</p></div>
<div class="footer">版权所有 某某区人民政府 2024</div></body></html>"#;

#[test]
fn renders_the_report_without_chrome() {
    let r = render(PAGE).unwrap();
    assert_eq!(
        r.text,
        "某某区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度共收到申请 41 件，\n全部办结。\n三、收到和处理政府信息公开申请情况\n\n\
         三、本年度办理结果\t（一）予以公开\t5\n三、本年度办理结果\t（二）部分公开\t\n（七）总计\t（七）总计\t1 2\n\n六、其他需要报告的事项\n无。\n"
    );
}

#[test]
fn spans_map_to_the_page_text() {
    let r = render(PAGE).unwrap();
    let o = r.text.find("41").unwrap();
    assert_eq!(&PAGE[r.map.span(&(o..o + 2))], "41");
    let o = r.text.find("\t5").unwrap() + 1;
    assert_eq!(r.map.exact(&(o..o + 1)).map(|s| &PAGE[s]), Some("5"));
    // The empty cell's anchor sits inside its innermost wrapper.
    let o = r.text.find("（二）部分公开\t").unwrap() + "（二）部分公开\t".len();
    let at = r.map.exact(&(o..o)).unwrap().start;
    assert!(PAGE[..at].ends_with("<td><p><span>"), "{}", &PAGE[at - 20..at]);
    // The repeated label is not a place to write.
    let o = r.text.find("三、本年度办理结果\t（二）").unwrap();
    assert_eq!(r.map.exact(&(o..o + 3)), None);
    assert_eq!(&PAGE[r.map.span(&(o..o + "三、本年度办理结果".len()))], "三、本年度办理结果");
}

#[test]
fn charset_is_read_from_bom_and_meta() {
    assert_eq!(declared_charset(b"\xEF\xBB\xBF<html>"), Some(encoding_rs::UTF_8));
    assert_eq!(declared_charset(b"<html><head><META http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">"), Some(encoding_rs::GBK));
    assert_eq!(declared_charset(b"<meta charset='gbk'>"), Some(encoding_rs::GBK));
    assert_eq!(declared_charset(b"<p>no meta</p>"), None);
    let page = "<meta charset=\"gb2312\"><p>2023年政府信息公开工作年度报告</p>";
    let bytes = encoding_rs::GB18030.encode(page).0.into_owned();
    let (text, enc) = decode(&bytes).unwrap();
    assert_eq!((text.as_str(), enc), (page, crate::formats::encoding::Encoding::Gb18030));
}

#[test]
fn layout_tables_are_blocks_and_links_are_chrome() {
    let page = "<table><tr><td><ul><li><a href='/'>上一篇</a></li></ul></td><td><p>2023年政府信息公开工作年度报告</p>\
                <table><tr><td>（七）总计</td><td>3</td></tr></table><p>六、其他需要报告的事项</p></td></tr></table>";
    let r = render(page).unwrap();
    assert_eq!(r.text, "2023年政府信息公开工作年度报告\n\n（七）总计\t3\n\n六、其他需要报告的事项\n");
}

#[test]
fn unclosed_cells_and_rows_close_implicitly() {
    let r = render("<p>x年度报告</p><table><tr><td>a<td>1<tr><td>b<td>2</table>").unwrap();
    assert!(r.text.ends_with("a\t1\nb\t2\n\n"), "{:?}", r.text);
}

#[test]
fn tag_names_are_found_in_any_case() {
    for n in [COMMON, BLOCKS, SKIPPED, VOID].concat() {
        assert!(n.len() <= KNOWN_MAX && n == n.to_ascii_lowercase(), "{n}");
        assert!(matches!(name_of(n.to_ascii_uppercase().as_bytes()), Name::Borrowed(m) if m == n));
    }
    assert_eq!(name_of(b"My-Widget"), Name::Owned("my-widget".into()));
    assert_eq!(name_of("ＴＤ".as_bytes()), Name::Owned("ＴＤ".into()));
}

#[test]
fn stray_angle_brackets_reserve_little() {
    // `events` reserves by the count of `<`, within bounds (64 MB at most).
    assert!(std::mem::size_of::<Ev>() <= 64);
    let page = "<".repeat(100_000) + "<p>2023年政府信息公开工作年度报告</p>";
    assert!(events(&page).capacity() <= page.len() / 8 + 16);
    assert!(render(&page).unwrap().text.contains("年度报告"));
}

#[test]
fn hostile_input_does_not_panic() {
    for s in ["<table><td rowspan=99999999 colspan=99999>x", "&#xFFFFFFFF;&#0;&", "<tr><td>", "</table></td>", "<a><table><tr><td>&amp</td>"] {
        let _ = render(s);
    }
}

proptest::proptest! {
    /// Any tag soup renders without panicking, and every piece maps inside the page; verbatim
    /// pieces are the page's own text.
    #[test]
    fn tag_soup_maps_inside_the_page(parts in proptest::collection::vec(proptest::sample::select(vec![
        "<table>", "</table>", "<tr>", "</tr>", "<td>", "<td rowspan=3>", "<td colspan=2>", "</td>", "<th>", "<p>", "</p>", "<br>",
        "<script>", "</script>", "<a href=x>", "</a>", "<nav>", "</nav>", "总计", "12", "&nbsp;", "&amp;", "&#x31;", "&", " ", "\n",
        "2023年政府信息公开工作年度报告", "六、其他", "<span>", "</span>", "<div>", "</div>", "<!-- c -->", "<",
    ]), 0..60)) {
        let page: String = parts.concat();
        let r = render(&page).unwrap();
        for p in r.map.pieces() {
            proptest::prop_assert!(p.src.end <= page.len() && p.src.start <= p.src.end);
            proptest::prop_assert!(p.out.end <= r.text.len());
            if p.linear {
                proptest::prop_assert_eq!(&page[p.src.clone()], &r.text[p.out.clone()]);
            }
        }
    }
}
