//! The peak of live heap bytes of a CLI run, for memory work on the batch path: runs the
//! `nianbao` command line given (`cargo run --release --example peak -- check --format json
//! FILE`) with a counting allocator around mimalloc, and prints the peak on standard error.
//! (Peak RSS also counts the allocator's retained pages; this counts what the code holds.)

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The peak since the timeline's last line.
static WINDOW: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(now, Ordering::Relaxed);
    WINDOW.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        grew(l.size());
        unsafe { mimalloc::MiMalloc.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        grew(new);
        unsafe { mimalloc::MiMalloc.realloc(p, l, new) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn main() {
    // NB_TIMELINE=1: the live heap and the resident set every 10 ms, to see which phase holds
    // the peak.
    if std::env::var_os("NB_TIMELINE").is_some() {
        std::thread::spawn(|| {
            let t = std::time::Instant::now();
            loop {
                let mib = |n: usize| n as f64 / (1 << 20) as f64;
                let window = WINDOW.swap(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
                eprintln!("{:>6} ms {:>8.1} MiB live (peak {:>6.1}) {:>8.1} MiB resident", t.elapsed().as_millis(), mib(LIVE.load(Ordering::Relaxed)), mib(window), resident_mib());
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        });
    }
    let code = nianbao::cli::main();
    eprintln!("peak live heap: {:.1} MiB", PEAK.load(Ordering::Relaxed) as f64 / (1 << 20) as f64);
    std::process::exit(code);
}

/// The process's resident set now (Linux's /proc/self/statm; 0 elsewhere).
fn resident_mib() -> f64 {
    let pages = std::fs::read_to_string("/proc/self/statm").ok().and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok()).unwrap_or(0.0);
    pages * 4096.0 / (1 << 20) as f64
}
