//! Profiling harness: checks NB_SIZE bytes (default 1 MiB) of the concatenated fixtures
//! NB_ITERS times (default 1) and prints the number of findings. For a deterministic cost per
//! megabyte, run it under callgrind at 1 MiB and 3 MiB and halve the difference:
//!
//! ```sh
//! cargo build --profile profiling --example prof
//! for n in 1048576 3145728; do RAYON_NUM_THREADS=1 NB_SIZE=$n valgrind --tool=callgrind \
//!     --callgrind-out-file=/tmp/cg.$n target/profiling/examples/prof; done
//! ```
fn main() {
    let size: usize = std::env::var("NB_SIZE").ok().and_then(|s| s.parse().ok()).unwrap_or(1 << 20);
    let iters: usize = std::env::var("NB_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(dir).expect("fixtures").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    names.sort();
    let fx: Vec<String> = names.iter().map(|p| std::fs::read_to_string(p).expect("fixtures")).collect();
    let mut s = String::new();
    let mut i = 0;
    while s.len() < size {
        s.push_str(&fx[i % fx.len()]);
        if !s.ends_with('\n') { s.push('\n'); }
        i += 1;
    }
    let mut n = 0;
    for _ in 0..iters {
        n += nianbao::check_text(&s, &nianbao::CheckOptions::default()).findings.len();
    }
    println!("{n}");
}
