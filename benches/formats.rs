//! Benchmark (`cargo bench --bench formats`): reading HTML pages and DOCX packages next to the
//! text path. Builds a ~1 MB page and package from the fixtures (as the tests do), then prints
//! MB/s of input for reading alone (decode + tokenise/unzip + render) and for read + check, and
//! the time to check the 1 MB page. Figures are printed, not asserted.

#[path = "../tests/support/formats_gen.rs"]
mod formats_gen;

use nianbao::formats::{docx, html};
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
}
