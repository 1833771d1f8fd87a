//! What the benchmarks and the profiling harness share: the fixture reports, their
//! concatenation to a given size, and the timing helpers. Each includes this file with
//! `#[path]`, so it uses only what it needs.
#![allow(dead_code)]

use std::time::{Duration, Instant};

/// The text of every `tests/fixtures/*.txt`, in name order.
pub fn fixtures() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(dir).expect("fixtures").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    names.sort();
    names.iter().map(|p| std::fs::read_to_string(p).expect("read")).collect()
}

/// The fixtures concatenated (each ending with a newline) until `done(text)` holds.
pub fn concat_until(done: impl Fn(&str) -> bool) -> String {
    let fx = fixtures();
    let mut s = String::new();
    let mut i = 0;
    while !done(&s) {
        s.push_str(&fx[i % fx.len()]);
        if !s.ends_with('\n') {
            s.push('\n');
        }
        i += 1;
    }
    s
}

/// The fixtures concatenated to at least `size` bytes.
pub fn corpus(size: usize) -> String {
    concat_until(|s| s.len() >= size)
}

/// The shortest of `n` runs of `f`.
pub fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Megabytes per second.
pub fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}
