//! Benchmark (`cargo bench --bench formats`): reading HTML pages and DOCX packages next to the
//! text path. Builds a ~1 MB page and package from the fixtures (as the tests do), then prints
//! MB/s of input for reading alone (decode + tokenise/unzip + render) and for read + check, and
//! the time to check the 1 MB page. Then PDFs and a `.doc` made by real producers (LibreOffice
//! from the `.docx` of a 30-page report, Chromium printing a 5-page report's page; skipped
//! when they are not installed): MB/s and milliseconds per report, read alone and read +
//! check, on one thread. Figures are printed, not asserted.

#[path = "../tests/support/formats_gen.rs"]
mod formats_gen;
#[path = "../tests/support/office.rs"]
mod office;

use nianbao::formats::{doc, docx, html, pdf};
use nianbao::CheckOptions;

// As the `nianbao` binary does.
#[global_allocator]
static A: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/corpus.rs"]
mod corpus;
use corpus::{best_of, concat_until, mbps};

/// Fixture reports concatenated until the page built from them reaches `size` bytes (the
/// generated page is about 2.5× its text).
fn report_text(size: usize) -> String {
    concat_until(|s| s.len() * 5 / 2 >= size)
}

fn main() {
    let opts = CheckOptions::default();
    let text = report_text(1_000_000);
    let page = formats_gen::html(&text, "utf-8");
    let package = formats_gen::docx(&text);
    let xml_len = formats_gen::document_xml(&text).len();
    let runs = 10;
    let t_text = best_of(runs, || {
        std::hint::black_box(nianbao::check_text(&text, &opts));
    });
    let t_html = best_of(runs, || {
        let (decoded, _) = html::decode(page.as_bytes()).expect("decode");
        std::hint::black_box(html::render(&decoded).expect("render"));
    });
    let t_html_check = best_of(runs, || {
        let r = html::render(&page).expect("render");
        std::hint::black_box(r.check(&opts).findings.into_iter().map(|f| r.map_finding(f)).collect::<Vec<_>>());
    });
    let t_docx = best_of(runs, || {
        std::hint::black_box(docx::read(&package).expect("read"));
    });
    let t_docx_check = best_of(runs, || {
        let d = docx::read(&package).expect("read");
        std::hint::black_box(d.rendering.check(&opts));
    });
    println!("text:  {:.2} MB of reports, check {:>7.1} MB/s", text.len() as f64 / 1e6, mbps(text.len(), t_text));
    println!(
        "HTML:  {:.2} MB page, read (decode + tokenise + render) {:>7.1} MB/s; read + check {:>7.1} MB/s = {:.1} ms",
        page.len() as f64 / 1e6,
        mbps(page.len(), t_html),
        mbps(page.len(), t_html_check),
        t_html_check.as_secs_f64() * 1e3
    );
    println!(
        "DOCX:  {:.2} MB package ({:.2} MB document.xml), read (unzip + XML + render) {:>7.1} MB/s of XML; read + check {:.1} ms",
        package.len() as f64 / 1e6,
        xml_len as f64 / 1e6,
        mbps(xml_len, t_docx),
        t_docx_check.as_secs_f64() * 1e3
    );
    office_files(&opts);
}

/// Fixture 010 with prose added to section 一 until it prints on about `pages` pages.
fn long_report(pages: usize) -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/010_hongze_2024.txt")).expect("fixture");
    let filler = "本机关持续深化政务公开标准化规范化建设，完善公开制度机制，加强政策解读和回应关切，推动公开工作与业务工作同部署同落实。\n".repeat(21 * pages.saturating_sub(5));
    text.replacen("（一）主动公开情况", &format!("{filler}（一）主动公开情况"), 1)
}

/// PDFs and a .doc by LibreOffice and Chromium, read and checked.
fn office_files(opts: &CheckOptions) {
    let d = tempfile::tempdir().expect("tempdir");
    let long = d.path().join("report-30.docx");
    std::fs::write(&long, formats_gen::docx(&formats_gen::word_tables(&long_report(30)))).expect("write");
    let short_text = formats_gen::word_tables(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/010_hongze_2024.txt")).expect("fixture"));
    let page = d.path().join("report-5.html");
    std::fs::write(&page, formats_gen::html(&short_text, "utf-8")).expect("write");
    let (Some(pdfs), Some(docs)) = (office::soffice(std::slice::from_ref(&long), "pdf", d.path()), office::soffice(&[long], "doc", d.path())) else {
        println!("PDF/DOC: skipped (no soffice)");
        return;
    };
    let mut files: Vec<(&str, std::path::PathBuf)> = vec![("PDF (LibreOffice, 30 pages)", pdfs[0].clone()), ("DOC (LibreOffice, 30 pages)", docs[0].clone())];
    let printed = d.path().join("report-5.pdf");
    if office::chromium_pdf(&page, &printed).is_some() {
        files.push(("PDF (Chromium, 5 pages)", printed));
    }
    for (what, path) in files {
        let bytes = std::fs::read(&path).expect("read");
        let is_pdf = path.extension().is_some_and(|e| e == "pdf");
        let read = |b: &[u8]| if is_pdf { pdf::read(b) } else { doc::read(b) };
        let t_read = best_of(10, || {
            std::hint::black_box(read(&bytes).expect("read"));
        });
        let t_check = best_of(10, || {
            let r = read(&bytes).expect("read");
            std::hint::black_box(r.check(opts));
        });
        println!(
            "{what}: {:.0} KB, read {:>6.1} MB/s = {:.1} ms; read + check {:.1} ms",
            bytes.len() as f64 / 1e3,
            mbps(bytes.len(), t_read),
            t_read.as_secs_f64() * 1e3,
            t_check.as_secs_f64() * 1e3
        );
    }
}
