//! Latency as an editor feels it (run with `cargo bench --bench lsp_latency`): the real
//! `nianbao lsp` binary over stdio with a 1 MB document open; the time from writing a
//! `didChange` to reading the `publishDiagnostics` of that version, for single keystrokes
//! (typing: the next one after the answer and a 30 ms pause) and for the last of ten changes
//! sent back to back (a burst). The server, started with `NIANBAO_LSP_TIMING`, also reports on
//! stderr how long after each change it published; both figures are printed, not asserted.

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;

use lsp_client::Client;
use serde_json::json;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const URI: &str = "file:///bench/big.txt";

#[path = "support/corpus.rs"]
mod corpus;
use corpus::corpus;


/// (line, column) of the first digit of 009's table-4 "结果维持" cell in the middle of the text.
fn edit_site(text: &str) -> (usize, usize) {
    let needle = "\t10\n\t1\n\t0\n\t0\n\t0\n";
    let mut mid = text.len() / 2;
    while !text.is_char_boundary(mid) {
        mid += 1;
    }
    let at = text[mid..].find(needle).map(|i| mid + i).expect("edit site");
    (text[..at].matches('\n').count(), 1)
}

fn change(c: &mut Client, version: i64, (line, col): (usize, usize), digit: &str) {
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"range": {"start": {"line": line, "character": col + 1}, "end": {"line": line, "character": col + 2}}, "text": digit}]}),
    );
}

fn percentiles(mut v: Vec<Duration>) -> (f64, f64, f64) {
    if v.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (ms(v[v.len() / 2]), ms(v[v.len() * 95 / 100]), ms(v[v.len() - 1]))
}

fn main() {
    let text = corpus(1 << 20);
    let site = edit_site(&text);
    let mut c = Client::start_capturing(&[("NIANBAO_LSP_TIMING", "1")]);
    // version → µs from the change's arrival to the publish, as the server measured it.
    let server: Arc<Mutex<HashMap<i64, u64>>> = Arc::default();
    let stderr = c.child.stderr.take().expect("stderr");
    let sink = server.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let words: Vec<&str> = line.split_whitespace().collect();
            if let ["nianbao-timing:", "version", v, "published", us, ..] = words[..] {
                if let (Ok(v), Ok(us)) = (v.parse(), us.parse()) {
                    sink.lock().unwrap().insert(v, us);
                }
            }
        }
    });
    c.initialize(&["utf-16"]);
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": URI, "languageId": "plaintext", "version": 1, "text": text}}));
    let opened = Instant::now();
    let d = c.diagnostics(URI, 1);
    println!("1 MB document ({} bytes, {} diagnostics): open → first publish {:.1} ms", text.len(), d.len(), opened.elapsed().as_secs_f64() * 1e3);
    let mut version = 1;
    // Typing: one change, wait for its diagnostics, pause.
    let mut typing = Vec::new();
    let mut typing_versions = Vec::new();
    for i in 0..200 {
        version += 1;
        let t = Instant::now();
        change(&mut c, version, site, if i % 2 == 0 { "2" } else { "0" });
        c.diagnostics(URI, version);
        typing.push(t.elapsed());
        typing_versions.push(version);
        std::thread::sleep(Duration::from_millis(30));
    }
    // Bursts: ten changes back to back; time from the last one.
    let mut bursts = Vec::new();
    let mut burst_versions = Vec::new();
    for b in 0..40 {
        let mut t = Instant::now();
        for i in 0..10 {
            version += 1;
            t = Instant::now();
            // Each burst ends on another digit than the one before: its diagnostics differ.
            change(&mut c, version, site, ["2", "4", "6", "8", "0"][(b + i + 1) % 5]);
        }
        c.diagnostics(URI, version);
        bursts.push(t.elapsed());
        burst_versions.push(version);
        std::thread::sleep(Duration::from_millis(30));
    }
    std::thread::sleep(Duration::from_millis(100));
    let seen = server.lock().unwrap().clone();
    let at_server = |vs: &[i64]| -> Vec<Duration> { vs.iter().filter_map(|v| seen.get(v)).map(|&us| Duration::from_micros(us)).collect() };
    let (p50, p95, max) = percentiles(at_server(&typing_versions));
    println!("server: change received → diagnostics published, single keystrokes: p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms");
    let (p50, p95, max) = percentiles(at_server(&burst_versions));
    println!("server: last change received → diagnostics published, bursts of 10:  p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms");
    let (p50, p95, max) = percentiles(typing);
    println!("last change sent → diagnostics received, single keystrokes (200): p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms");
    let (p50, p95, max) = percentiles(bursts);
    println!("last change sent → diagnostics received, bursts of 10 (40):      p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms");
    assert!(c.shutdown().success());
}
