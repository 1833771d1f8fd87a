//! Wall time of the batch pipeline's stages on 20 MB of concatenated fixtures, cumulatively:
//! splitting and classifying lines (the one-pass segmenter), then the recogniser and blocks,
//! then table blocks alone, prose blocks alone, every block, the report model, the rules. Each
//! figure is the best of 7 runs; the difference between two lines is what a stage costs. With
//! `NB_ONLY_CHECK=1` it prints only the best of 25 whole checks, in milliseconds (for comparing
//! builds: copy the binary, change the code, and run the copies in turn).
//!
//! ```sh
//! cargo build --release --example stages
//! RAYON_NUM_THREADS=1 target/release/examples/stages
//! ```
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../benches/support/corpus.rs"]
mod corpus;

use nianbao::parse::assemble::{assemble, parse_block};
use nianbao::parse::blocks::{self, BlockKind};
use nianbao::parse::recognise::recognise;
use nianbao::parse::segment::each_report;
use corpus::best_of;
use std::time::Duration;

/// The stages, cumulatively: `upto` is the index of the last one run.
const STAGES: [&str; 7] = ["lines", "+recognise, blocks", "+table blocks", "+prose blocks", "+all blocks", "+report model", "+rules"];

fn run(text: &str, upto: usize) -> usize {
    let mut n = 0;
    each_report(text, |_, seg, ls, kinds| {
        n += ls.len();
        if upto == 0 {
            return;
        }
        let recognised = recognise(ls, kinds);
        let kinds = recognised.as_deref().unwrap_or(kinds);
        let bs = blocks::split_kinds(kinds);
        if upto == 1 {
            n += bs.len();
            return;
        }
        let wanted = |k: BlockKind| match upto {
            2 => k == BlockKind::Table,
            3 => k != BlockKind::Table,
            _ => true,
        };
        let parsed: Vec<_> = bs.iter().filter(|b| wanted(b.kind)).map(|b| (*b, parse_block(b.kind, &ls[b.start..b.end], &kinds[b.start..b.end]))).collect();
        if upto <= 4 {
            n += parsed.len();
            return;
        }
        let pairs: Vec<_> = parsed.iter().map(|(b, p)| (*b, p)).collect();
        let report = assemble(ls, &pairs, None);
        n += if upto == 5 { usize::from(report.is_report) } else { nianbao::rules::check(&report, seg, &Default::default()).len() };
    });
    n
}

fn main() {
    let text = corpus::corpus(20_000_000);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let check = || {
        std::hint::black_box(nianbao::check_text(&text, &Default::default()));
    };
    if std::env::var_os("NB_ONLY_CHECK").is_some() {
        println!("{:.2}", ms(best_of(25, check)));
        return;
    }
    for (upto, name) in STAGES.iter().enumerate() {
        println!("{name:<20} {:>7.1} ms", ms(best_of(7, || {
            std::hint::black_box(run(&text, upto));
        })));
    }
    println!("{:<20} {:>7.1} ms", "check_text", ms(best_of(7, check)));
    println!("{:<20} {:>7.1} ms", "str::lines().count()", ms(best_of(7, || {
        std::hint::black_box(text.lines().count());
    })));
}
