//! What `nianbao check` and `fix` accept as input, running the real binary: only regular files
//! are read (a FIFO or a device is refused at once, never read or waited on), `-` is standard
//! input, and file names holding control characters are escaped in every line printed.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
#[cfg(unix)]
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Run to completion, or kill it and fail if it is still running after a minute: the point is
/// that nothing blocks, not how fast it is.
#[cfg(unix)]
fn run_or_hang(cmd: &mut Command) -> Output {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run nianbao");
    let until = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > until {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nianbao blocked: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_waited_on() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    for sub in ["check", "fix"] {
        let out = run_or_hang(bin().args([sub, "--lang", "en"]).arg(&fifo));
        assert_eq!(out.status.code(), Some(2), "{sub}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("pipe.txt: ") && err.contains("not a regular file but a FIFO"), "{sub}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_before_it_is_read() {
    for dev in ["/dev/zero", "/dev/null"] {
        let out = run_or_hang(bin().args(["check", dev]));
        assert_eq!(out.status.code(), Some(2), "{dev}");
        let err = String::from_utf8_lossy(&out.stderr);
        // Not "file too large" after reading 4 GiB of zeros: refused for what it is.
        assert!(err.contains(&format!("{dev}: 不是普通文件而是设备")) && err.contains("not a regular file but a device"), "{err}");
    }
}

/// A file over the 4 GiB limit (sparse: nothing is written) is refused by its size, before it
/// is read, with its name.
#[test]
fn a_large_file_read_in_pieces_gives_the_findings_of_the_same_text_read_at_once() {
    // Over 4 MiB: read on every core in pieces (a piece's end falls inside a character).
    let d = tempfile::tempdir().unwrap();
    let report = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/010_hongze_2024.txt")).unwrap();
    let big = d.path().join("big.txt");
    let text = format!("{report}\n").repeat((5 << 20) / report.len() + 1);
    std::fs::write(&big, &text).unwrap();
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().unwrap();
        let mut input = c.stdin.take().unwrap();
        if let Some(s) = stdin {
            input.write_all(s.as_bytes()).unwrap();
        }
        drop(input);
        c.wait_with_output().unwrap()
    };
    let from_file = run(&["check", "--format", "json", big.to_str().unwrap()], None);
    let from_stdin = run(&["check", "--format", "json", "-"], Some(&text));
    let findings = |o: &std::process::Output| serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()[0]["findings"].clone();
    assert!(findings(&from_file).as_array().is_some_and(|a| !a.is_empty()));
    assert_eq!(findings(&from_file), findings(&from_stdin));
}

#[test]
fn a_file_over_4_gib_is_refused_by_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    std::fs::File::create(&path).unwrap().set_len(1 << 32).unwrap();
    let out = run_or_hang(bin().arg("check").arg(&path));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("huge.txt: 文件过大（4294967296 字节，上限 4294967295 字节）/ file too large"), "{err}");
}

fn with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run nianbao");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("output");
    writer.join().unwrap();
    out
}

#[test]
fn dash_reads_standard_input_in_every_encoding() {
    let text = std::fs::read_to_string(fixture("009_hongze_2023.txt")).unwrap();
    let gbk = encoding_rs::GB18030.encode(&text.replace('\n', "\r\n")).0.into_owned();
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    for (name, bytes) in [("utf-8", text.as_bytes().to_vec()), ("gbk crlf", gbk), ("utf-16", utf16)] {
        let out = with_stdin(&["check", "--format", "json", "-"], &bytes);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(v[0]["file"], "<stdin>", "{name}");
        let lines: Vec<u64> = v[0]["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "t4_total").map(|f| f["line"].as_u64().unwrap()).collect();
        assert_eq!(lines, [354, 364], "{name}");
    }
    let out = with_stdin(&["check", "-"], text.as_bytes());
    assert!(String::from_utf8_lossy(&out.stdout).contains(" --> <stdin>:354:2"), "{}", String::from_utf8_lossy(&out.stdout));
    // fix writes files; standard input is refused with a pointer to `check -`.
    let out = with_stdin(&["fix", "--lang", "en", "-"], text.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>: fix 只能修改文件"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A name with ESC, CR, a newline and a bidi override: printed escaped in check's frames, in
/// fix's diff headers and status lines, and in error lines; never raw.
#[cfg(unix)]
#[test]
fn control_characters_in_file_names_never_reach_the_terminal() {
    let d = tempfile::tempdir().unwrap();
    let evil = "r\x1b[2J\r\nfake\u{202e}.txt";
    let shown = "r\\x1b[2J\\r\\nfake\\u{202e}.txt";
    let p = d.path().join(evil);
    std::fs::write(&p, std::fs::read(fixture("009_hongze_2023.txt")).unwrap()).unwrap();
    let bad = d.path().join("b\x1bad.txt");
    std::fs::write(&bad, b"\0").unwrap();
    let missing = d.path().join("gone\x07.txt");
    let runs = [
        bin().arg("check").arg(&p).output().unwrap(),
        bin().args(["fix", "--dry-run"]).arg(&p).output().unwrap(),
        bin().arg("fix").arg(&p).output().unwrap(),
        bin().arg("check").arg(&bad).arg(&missing).output().unwrap(),
        bin().args(["fix", "--dry-run"]).arg(&bad).arg(&missing).output().unwrap(),
    ];
    for (i, out) in runs.iter().enumerate() {
        for stream in [&out.stdout, &out.stderr] {
            let s = String::from_utf8_lossy(stream);
            assert!(!s.contains('\x1b') && !s.contains('\r') && !s.contains('\u{202e}') && !s.contains('\x07'), "run {i}: raw control character in {s:?}");
            assert!(!s.lines().any(|l| l.starts_with("fake")), "run {i}: a file name broke a line: {s}");
        }
    }
    let all = |i: usize| format!("{}{}", String::from_utf8_lossy(&runs[i].stdout), String::from_utf8_lossy(&runs[i].stderr));
    assert!(all(0).contains(&format!("{shown}:354:2")), "{}", all(0));
    let headers: Vec<String> = all(1).lines().filter(|l| l.starts_with("--- ") || l.starts_with("+++ ")).map(String::from).collect();
    assert!(headers.len() == 2 && headers.iter().all(|h| h.ends_with(shown)), "diff headers: {headers:?}");
    assert!(all(2).contains(&format!("{shown}：已填写 2 个总计单元格")), "{}", all(2));
    for i in [3, 4] {
        assert!(all(i).contains("b\\x1bad.txt:1:1:") && all(i).contains("gone\\x07.txt: "), "run {i}: {}", all(i));
    }
}
