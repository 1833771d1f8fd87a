//! Unit tests of the DOCX reader and writer on packages built here.

use super::*;
use zip::write::SimpleFileOptions;

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

fn package(body: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("[Content_Types].xml", o).unwrap();
    w.write_all(b"<Types/>").unwrap();
    w.start_file(DOCUMENT, o).unwrap();
    w.write_all(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {NS}><w:body>{body}</w:body></w:document>").as_bytes()).unwrap();
    w.start_file("word/media/image1.png", SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)).unwrap();
    w.write_all(&[0x89, b'P', b'N', b'G', 0, 1, 2, 3]).unwrap();
    w.finish().unwrap().into_inner()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

const TABLE: &str = "<w:tbl>\
<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>三、结果</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>（一）公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>2</w:t></w:r></w:p></w:tc></w:tr>\
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>（二）部分 &amp; 其他</w:t></w:r></w:p></w:tc><w:tc><w:p><w:pPr><w:rPr><w:sz w:val=\"21\"/></w:rPr></w:pPr></w:p></w:tc></w:tr>\
<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>（七）总计</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>\
</w:tbl>";

#[test]
fn renders_paragraphs_tables_and_merges() {
    let body = format!("{}{}<w:p><w:r><w:t>分</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText><w:t>开</w:t></w:r></w:p>{TABLE}{}", p("2023年政府信息公开工作年度报告"), p("一、总体情况"), p("六、其他需要报告的事项"));
    let d = read(&package(&body)).unwrap();
    assert_eq!(
        d.rendering.text,
        "2023年政府信息公开工作年度报告\n一、总体情况\n分开\n\n三、结果\t（一）公开\t12\n三、结果\t（二）部分 & 其他\t\n（七）总计\t（七）总计\t\n\n六、其他需要报告的事项\n"
    );
    assert_eq!(d.cells[0].len(), 7, "the continuation is not a cell of its own");
    assert_eq!(d.cells[0][2].texts.len(), 2, "12 is split over two runs");
    let o = d.rendering.text.find("12").unwrap();
    assert_eq!(d.rendering.locate(o), Some(super::super::Location::Cell { page: None, table: 1, row: "（一）公开".into(), column: String::new() }));
}

fn fill(doc: &Docx, after: &str, new: &str) -> Edit {
    let o = doc.rendering.text.find(after).unwrap() + after.len();
    let end = o + doc.rendering.text[o..].find('\n').unwrap();
    Edit { range: o..end, new_text: new.into() }
}

#[test]
fn writes_totals_into_the_first_run_and_keeps_other_entries() {
    let bytes = package(&format!("{}{TABLE}", p("2023年政府信息公开工作年度报告")));
    let d = read(&bytes).unwrap();
    let edits = vec![fill(&d, "（一）公开\t", "15"), fill(&d, "其他\t", "7"), fill(&d, "总计\t（七）总计\t", "22")];
    let new = write_totals(&bytes, &d, &edits).unwrap();
    let again = read(&new).unwrap();
    assert!(again.rendering.text.contains("（一）公开\t15\n"), "{}", again.rendering.text);
    assert!(again.rendering.text.contains("其他\t7\n"));
    assert!(again.rendering.text.contains("（七）总计\t22\n"));
    let xml = document_xml(&mut open(&new).unwrap()).unwrap();
    let xml = String::from_utf8(xml).unwrap();
    assert!(xml.contains("<w:r><w:t>15</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t></w:t></w:r>"), "first run keeps the total, formatting kept: {xml}");
    assert!(xml.contains("<w:rPr><w:sz w:val=\"21\"/></w:rPr></w:pPr><w:r><w:rPr><w:sz w:val=\"21\"/></w:rPr><w:t>7</w:t></w:r></w:p>"), "{xml}");
    assert!(xml.contains("<w:p><w:r><w:t>22</w:t></w:r></w:p>"), "{xml}");
    // Every other entry is byte-identical (raw compressed data, CRC).
    let (mut a, mut b) = (zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap(), zip::ZipArchive::new(Cursor::new(&new[..])).unwrap());
    assert_eq!(a.len(), b.len());
    for i in 0..a.len() {
        let (x, y) = (a.by_index_raw(i).unwrap(), b.by_index_raw(i).unwrap());
        assert_eq!(x.name().unwrap(), y.name().unwrap());
        if x.name().unwrap() != DOCUMENT {
            assert_eq!((x.crc32(), x.compressed_size(), x.compression()), (y.crc32(), y.compressed_size(), y.compression()));
            let (mut p, mut q) = (Vec::new(), Vec::new());
            let (mut x, mut y) = (x, y);
            x.read_to_end(&mut p).unwrap();
            y.read_to_end(&mut q).unwrap();
            assert_eq!(p, q);
        }
    }
}

#[test]
fn refuses_what_it_cannot_read() {
    let e = read(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest").unwrap_err();
    assert!(e.contains(".docx"), "{e}");
    assert!(read(b"PK\x03\x04 not really").unwrap_err().contains("malformed"));
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("a.txt", SimpleFileOptions::default()).unwrap();
    let no_doc = w.finish().unwrap().into_inner();
    assert!(read(&no_doc).unwrap_err().contains("document.xml"));
    assert!(read(&package("<w:p><w:r><w:t>unclosed</w:r></w:p>")).unwrap_err().contains("malformed"));
}

#[test]
fn a_zip_bomb_stops_at_the_limit() {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file(DOCUMENT, SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)).unwrap();
    w.write_all(&vec![b' '; 3 << 20]).unwrap();
    let bomb = w.finish().unwrap().into_inner();
    assert!(bomb.len() < 64 << 10, "small on disk");
    // (The real limit is MAX_XML; a smaller one keeps the test fast.)
    let e = inflate(&mut open(&bomb).unwrap(), 2 << 20).unwrap_err();
    assert!(e.contains("zip bomb"), "{e}");
    assert_eq!(inflate(&mut open(&bomb).unwrap(), 4 << 20).unwrap().len(), 3 << 20);
}
