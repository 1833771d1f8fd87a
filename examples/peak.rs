//! The peak of live heap bytes of a CLI run, for memory work on the batch path: runs the
//! `nianbao` command line given (`cargo run --release --example peak -- check --format json
//! FILE`) with a counting allocator around mimalloc, and prints the peak on standard error.
//! (Peak RSS also counts the allocator's retained pages; this counts what the code holds.)

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(now, Ordering::Relaxed);
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
    // NB_TIMELINE=1: the live heap every 10 ms, to see which phase holds the peak.
    if std::env::var_os("NB_TIMELINE").is_some() {
        std::thread::spawn(|| {
            let t = std::time::Instant::now();
            loop {
                eprintln!("{:>6} ms {:>8.1} MiB", t.elapsed().as_millis(), LIVE.load(Ordering::Relaxed) as f64 / (1 << 20) as f64);
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        });
    }
    let code = nianbao::cli::main();
    eprintln!("peak live heap: {:.1} MiB", PEAK.load(Ordering::Relaxed) as f64 / (1 << 20) as f64);
    std::process::exit(code);
}
