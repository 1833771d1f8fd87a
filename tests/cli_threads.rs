//! One large file on one thread and on several gives the same output, byte for byte: the real
//! binary checks the bundled fixtures concatenated into one file (past the line index's 1 MB
//! chunks, with `\n` and `\r\n` copies, so the parallel path splits it in several places and
//! the cross-year step pairs across the copies) with `RAYON_NUM_THREADS` 1, 2 and 3, in every
//! text output format.

use std::process::Command;

fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    paths.sort();
    let mut unit = String::new();
    for p in paths {
        let t = std::fs::read_to_string(p).unwrap();
        let t = if t.ends_with('\n') { t } else { t + "\n" };
        unit.push_str(&t);
        unit.push_str(&t.replace("\r\n", "\n").replace('\n', "\r\n"));
    }
    unit.repeat((3 << 20) / unit.len() + 1)
}

#[test]
fn one_thread_and_several_print_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.txt");
    std::fs::write(&path, corpus()).unwrap();
    for format in ["json", "sarif", "human", "csv"] {
        let run = |threads: &str| {
            let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
                .args(["check", "--cross-year", "--color", "never", "--format", format])
                .arg(&path)
                .env("RAYON_NUM_THREADS", threads)
                .env("COLUMNS", "100")
                .current_dir(dir.path())
                .output()
                .expect("run nianbao");
            assert_eq!(out.status.code(), Some(1), "{format}: errors found, so exit 1; {}", String::from_utf8_lossy(&out.stderr));
            (out.stdout, out.stderr)
        };
        let one = run("1");
        assert!(one.0.len() > 100_000, "{format}: {} bytes", one.0.len());
        for threads in ["2", "3"] {
            let other = run(threads);
            assert!(one.0 == other.0, "{format}: standard output differs between 1 and {threads} threads");
            assert_eq!(String::from_utf8_lossy(&one.1), String::from_utf8_lossy(&other.1), "{format}: standard error");
        }
    }
}
