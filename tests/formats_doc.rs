//! Word 97–2003 `.doc` and WPS `.wps` files made by a real producer — LibreOffice converting the
//! `.docx` packages generated from every fixture — give the same findings as the text of the
//! same report: rule, stated, expected and the text of the cell they point at (in the rendering
//! `--print-text` shows). A `.wps` is read by its content (an OLE file or a `.docx` package);
//! `fix` refuses them; encrypted, non-OLE and stream-less files are refused by name with exit 2;
//! truncated and garbled files never panic. Needs `soffice` (skipped outside CI without it).

#[path = "support/formats_gen.rs"]
mod formats_gen;
#[path = "support/office.rs"]
mod office;
#[path = "support/said.rs"]
mod said;

use said::{fixtures, run, said};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every fixture as a `.doc` made by LibreOffice from its `.docx`, in `dir`.
fn docs(dir: &Path) -> Option<Vec<PathBuf>> {
    let packages: Vec<PathBuf> = fixtures()
        .iter()
        .map(|f| {
            let p = dir.join(format!("{}.docx", f.file_stem().unwrap().to_string_lossy()));
            std::fs::write(&p, formats_gen::docx(&formats_gen::word_tables(&std::fs::read_to_string(f).unwrap()))).unwrap();
            p
        })
        .collect();
    office::soffice(&packages, "doc", &dir.join("doc"))
}

#[test]
fn doc_files_give_the_same_findings_as_their_text() {
    let d = tempfile::tempdir().unwrap();
    let Some(docs) = docs(d.path()) else { return };
    let texts = fixtures();
    let want = said(&texts);
    // The same .doc named .wps (WPS writes the Word 97 format) reads the same.
    let wps = d.path().join("010.wps");
    std::fs::copy(&docs[6], &wps).unwrap();
    // Each file with the index of the fixture it was made from.
    let mut files: Vec<(PathBuf, usize)> = docs.iter().cloned().zip(0..).collect();
    files.push((wps, 6));
    let got = said(&files.iter().map(|f| f.0.clone()).collect::<Vec<_>>());
    for ((p, i), g) in files.iter().zip(&got) {
        assert_eq!(&want[*i], g, "{}", p.display());
    }
    assert!(want.iter().flatten().any(|f| f.0 == "t3_row_total" || f.0 == "t4_total"), "some fixture has arithmetic errors");
    // Findings in tables name their place.
    let out = run(&["check", "--format", "json", docs[5].to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let t4 = v[0]["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "t4_total").expect("009 has t4_total");
    assert_eq!(t4["location"]["table"], 4, "{t4}");
}

#[test]
fn word_processor_files_are_read_by_their_content() {
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/010_hongze_2024.txt")).unwrap();
    let txt = d.path().join("r.txt");
    std::fs::write(&txt, &text).unwrap();
    // A .wps (and a .doc) that is really a .docx package.
    let package = formats_gen::docx(&text);
    let (wps, doc) = (d.path().join("r.wps"), d.path().join("r2.doc"));
    std::fs::write(&wps, &package).unwrap();
    std::fs::write(&doc, &package).unwrap();
    let got = said(&[txt, wps, doc]);
    assert_eq!(got[0].iter().map(|s| (&s.0, &s.1, &s.2)).collect::<Vec<_>>(), got[1].iter().map(|s| (&s.0, &s.1, &s.2)).collect::<Vec<_>>());
    assert_eq!(got[1], got[2]);
}

#[test]
fn fix_refuses_doc_files_and_leaves_them_alone() {
    let d = tempfile::tempdir().unwrap();
    let Some(docs) = docs(d.path()) else { return };
    let p = &docs[6];
    let before = std::fs::read(p).unwrap();
    let out = run(&["fix", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("另存为 .docx 后再修复") && err.contains("save as .docx") && err.contains(p.file_name().unwrap().to_str().unwrap()), "{err}");
    assert_eq!(std::fs::read(p).unwrap(), before);
}

/// A compound file holding the given streams, written with the `cfb` crate.
fn ole(streams: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut c = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        c.create_stream(name).unwrap().write_all(data).unwrap();
    }
    c.flush().unwrap();
    c.into_inner().into_inner()
}

/// The streams of a compound file.
fn streams(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut c = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = c.walk().filter(|e| e.is_stream()).map(|e| e.path().to_string_lossy().trim_start_matches('/').to_string()).collect();
    names
        .into_iter()
        .map(|n| {
            let mut v = Vec::new();
            c.open_stream(&n).unwrap().read_to_end(&mut v).unwrap();
            (n, v)
        })
        .collect()
}

#[test]
fn unreadable_doc_files_are_refused_by_name() {
    let d = tempfile::tempdir().unwrap();
    let Some(docs) = docs(d.path()) else { return };
    let real = std::fs::read(&docs[6]).unwrap();
    // The same file with the FIB's fEncrypted flag set (as a password-protected file has it).
    let mut s = streams(&real);
    let wd = s.iter_mut().find(|(n, _)| n == "WordDocument").unwrap();
    wd.1[0x0B] |= 0x01;
    let encrypted = ole(&s.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect::<Vec<_>>());
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("encrypted.doc", encrypted, "加密"),
        ("text.doc", "这不是 Word 文件".as_bytes().to_vec(), "OLE"),
        ("empty.wps", ole(&[("Contents", b"x")]), "WordDocument"),
        ("short.doc", real[..2048].to_vec(), "DOC"),
    ];
    for (name, bytes, says) in cases {
        let p = d.path().join(name);
        std::fs::write(&p, &bytes).unwrap();
        for lang in ["zh", "en"] {
            let out = run(&["check", "--lang", lang, p.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(2), "{name}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(name) && err.contains(says), "{name}: {err}");
            assert!(!err.contains("panicked") && !err.contains("内部错误"), "{name}: {err}");
        }
    }
}

#[test]
fn truncated_and_garbled_doc_files_never_panic() {
    use proptest::prelude::*;
    let d = tempfile::tempdir().unwrap();
    let Some(docs) = docs(d.path()) else { return };
    let real = std::fs::read(&docs[6]).unwrap();
    office::never_panics_on_damaged(&real, 300, |b| {
        let _ = nianbao::formats::doc::read(b);
    });
    // Garbled streams inside a well-formed compound file reach the FIB, piece table and PAPX.
    let s = streams(&real);
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config { cases: 200, failure_persistence: None, ..Default::default() });
    runner
        .run(&(0..s.len(), proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..20)), |(which, flips)| {
            let mut s = s.clone();
            for (at, v) in flips {
                let n = s[which].1.len();
                if n > 0 {
                    s[which].1[at.index(n)] = v;
                }
            }
            let b = ole(&s.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect::<Vec<_>>());
            let _ = nianbao::formats::doc::read(&b);
            Ok(())
        })
        .unwrap();
}
