//! Profiling harness: checks NB_SIZE bytes (default 1 MiB) of the concatenated fixtures
//! NB_ITERS times (default 1) and prints the number of findings. For a deterministic cost per
//! megabyte, run it under callgrind at 1 MiB and 3 MiB and halve the difference:
//!
//! ```sh
//! cargo build --profile profiling --example prof
//! for n in 1048576 3145728; do RAYON_NUM_THREADS=1 NB_SIZE=$n valgrind --tool=callgrind \
//!     --callgrind-out-file=/tmp/cg.$n target/profiling/examples/prof; done
//! ```
// The allocator the binary and the benches use, so that the profile weighs allocation as they do.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() {
    let size: usize = std::env::var("NB_SIZE").ok().and_then(|s| s.parse().ok()).unwrap_or(1 << 20);
    let iters: usize = std::env::var("NB_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let s = corpus::corpus(size);
    let mut n = 0;
    for _ in 0..iters {
        n += nianbao::check_text(&s, &nianbao::CheckOptions::default()).findings.len();
    }
    println!("{n}");
}
