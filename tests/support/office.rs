#![allow(dead_code)] // each test file uses a part of it
//! Real producers for the format tests: LibreOffice (`soffice --headless --convert-to`) turns the
//! generated `.docx` packages into `.doc` files and PDFs, headless Chromium prints the generated
//! HTML pages to PDF. Outside CI a missing program skips the test with a message; under CI
//! (`CI` set, as `.ci/run` runs) it fails, since `.ci/run` installs them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn have(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Whether `program` can be run; `false` (with a message) means skip, outside CI only.
pub fn available(program: &str) -> bool {
    if have(program) {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{program} is needed by this test and is installed by .ci/run");
    }
    eprintln!("skipped: {program} is not installed (apt-get install libreoffice-writer-nogui chromium)");
    false
}

/// The first of `names` that runs.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"].into_iter().find(|p| have(p))
}

/// Convert `inputs` with LibreOffice into `out` (`to`: "doc", "pdf", …); the converted paths in
/// the order of `inputs`. One process for all files, with its own profile folder so that tests
/// running at the same time do not share one.
pub fn soffice(inputs: &[PathBuf], to: &str, out: &Path) -> Option<Vec<PathBuf>> {
    if !available("soffice") {
        return None;
    }
    // LibreOffice now and then aborts while it sets up a fresh profile ("Unspecified
    // Application Error", most often on a loaded machine): such a run is tried again, up to
    // three times, each with a profile of its own.
    let mut errors = Vec::new();
    for _ in 0..3 {
        let profile = tempfile::tempdir().unwrap();
        let st = Command::new("soffice")
            .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
            .args(["--headless", "--convert-to", to, "--outdir"])
            .arg(out)
            .args(inputs)
            .output()
            .expect("run soffice");
        if st.status.success() {
            break;
        }
        errors.push(String::from_utf8_lossy(&st.stderr).into_owned());
    }
    assert!(errors.len() < 3, "soffice failed three times: {}", errors.join("\n---\n"));
    let ext = to.split(':').next().unwrap();
    let outs: Vec<PathBuf> = inputs.iter().map(|p| out.join(p.with_extension(ext).file_name().unwrap())).collect();
    for o in &outs {
        assert!(o.exists(), "soffice made no {}", o.display());
    }
    Some(outs)
}

/// Print an HTML page to PDF with headless Chromium, with its default header and footer (date,
/// title, address, page x/y) as people print pages.
pub fn chromium_pdf(page: &Path, out: &Path) -> Option<()> {
    let Some(program) = chromium() else {
        return available("chromium").then_some(());
    };
    let profile = tempfile::tempdir().unwrap();
    let st = Command::new(program)
        .args(["--headless", "--no-sandbox", "--disable-gpu"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(format!("file://{}", page.canonicalize().unwrap().display()))
        .output()
        .expect("run chromium");
    assert!(out.exists(), "chromium printed nothing: {}", String::from_utf8_lossy(&st.stderr));
    Some(())
}

/// A screenshot of an HTML page with headless Chromium (PNG).
pub fn chromium_png(page: &Path, out: &Path) -> Option<()> {
    let Some(program) = chromium() else {
        return available("chromium").then_some(());
    };
    let profile = tempfile::tempdir().unwrap();
    let st = Command::new(program)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,1200"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", out.display()))
        .arg(format!("file://{}", page.canonicalize().unwrap().display()))
        .output()
        .expect("run chromium");
    assert!(out.exists(), "chromium took no screenshot: {}", String::from_utf8_lossy(&st.stderr));
    Some(())
}

/// Encrypt a PDF with qpdf (AES-256): `user` empty makes a file anyone can open (an owner
/// password only restricts copying and printing).
pub fn qpdf_encrypt(input: &Path, out: &Path, user: &str) -> Option<()> {
    if !available("qpdf") {
        return None;
    }
    let st = Command::new("qpdf").args(["--encrypt", user, "owner-secret", "256", "--"]).arg(input).arg(out).output().expect("run qpdf");
    assert!(st.status.success(), "qpdf: {}", String::from_utf8_lossy(&st.stderr));
    Some(())
}

/// Feed `read` `cases` damaged copies of `real` (cut short at any length, up to 40 bytes
/// overwritten anywhere): a reader must return, never panic.
pub fn never_panics_on_damaged(real: &[u8], cases: u32, read: impl Fn(&[u8])) {
    use proptest::prelude::*;
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config { cases, failure_persistence: None, ..Default::default() });
    let len = real.len();
    runner
        .run(&(0..=len, proptest::collection::vec((0..len, any::<u8>()), 0..40)), |(cut, flips)| {
            let mut b = real.to_vec();
            for (at, v) in flips {
                b[at] = v;
            }
            b.truncate(cut);
            read(&b);
            Ok(())
        })
        .unwrap();
}
