//! Benchmark (`cargo bench --bench export`): `nianbao export` of 10,000 reports into a new
//! SQLite file, as the command runs it (`cli::export::export`: read and check in parallel while
//! a thread writes the cells, cross-year pairing, then the rest; one transaction). The reports are the fixtures under new titles: 2,000 places × 5 years
//! (2020–2024), each place's years sharing one fixture's body, so years pair. Prints the time
//! of each phase and the whole; figures are printed, not asserted. `NIANBAO_BENCH_REPORTS`
//! changes the count.

use nianbao::export::{self, Store};
use nianbao::CheckOptions;
use std::time::Instant;

#[global_allocator]
static A: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/corpus.rs"]
mod corpus;

/// A two-character place name for `i` (0 ≤ i < 10,000).
fn place(i: usize) -> String {
    const CHARS: &str = "东南西北中上下前后左右金木水火土山川河湖江海林森田禾丰安平和康宁泰兴隆昌盛华荣光明清秀新旧长永福寿喜乐吉祥瑞云霞雨雪风春夏秋冬红黄青白紫绿蓝松柏桃李梅兰竹菊凤龙虎鹤鹿马牛羊鸡狗";
    let c: Vec<char> = CHARS.chars().collect();
    format!("{}{}", c[i % c.len()], c[i / c.len() % c.len()])
}

/// Write `n` reports into `dir`: the fixtures' bodies (from 一、总体情况 on) under new titles.
fn generate(dir: &std::path::Path, n: usize) -> usize {
    let bodies: Vec<String> = corpus::fixtures().iter().map(|t| t[t.find("一、总体情况").unwrap_or(0)..].to_string()).collect();
    let organs = ["", "教育局", "财政局", "人民政府办公室"];
    let mut bytes = 0;
    for i in 0..n {
        let (p, year) = (i / 5, 2020 + i % 5);
        let title = format!("{}县{}{year}年政府信息公开工作年度报告\n\n", place(p / organs.len()), organs[p % organs.len()]);
        let text = format!("{title}{}", bodies[p % bodies.len()]);
        bytes += text.len();
        std::fs::write(dir.join(format!("{i:05}.txt")), text).expect("write");
    }
    bytes
}

fn main() {
    let n: usize = std::env::var("NIANBAO_BENCH_REPORTS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let tmp = tempfile::tempdir().expect("temporary folder");
    let reports = tmp.path().join("reports");
    std::fs::create_dir(&reports).expect("folder");
    let bytes = generate(&reports, n);
    let db = tmp.path().join("r.sqlite");
    let opts = CheckOptions::default();
    let t0 = Instant::now();
    let mut store = export::sqlite::Sqlite::open(&db).expect("open");
    store.migrate().expect("migrate");
    let x = nianbao::cli::export::export(std::slice::from_ref(&reports), &mut store, &opts, false).expect("export");
    let total = t0.elapsed();
    let rows: i64 = ["reports", "slots", "cells", "findings", "pairs", "report_metrics"]
        .iter()
        .map(|t| store.conn().query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get::<_, i64>(0)).expect("count"))
        .sum();
    let size = std::fs::metadata(&db).map_or(0, |m| m.len());
    let t = x.timings;
    println!(
        "export: {n} reports ({:.1} MB of text) → SQLite in {:.2} s (read + check, cells written meanwhile, {:.2} s; pair {:.2} s; reports, findings, metric inputs and commit {:.2} s; {rows} rows; SQLite busy {:.2} s of it); database {:.1} MB; {} threads",
        bytes as f64 / 1e6,
        total.as_secs_f64(),
        t.checked.as_secs_f64(),
        t.paired.as_secs_f64(),
        (t.total - t.checked - t.paired).as_secs_f64(),
        store.busy().as_secs_f64(),
        size as f64 / 1e6,
        rayon::current_num_threads()
    );
    // Re-export of the same files: every one skipped.
    let t2 = Instant::now();
    let x = nianbao::cli::export::export(&[reports], &mut store, &opts, false).expect("export");
    println!("re-export of the same {n}: {} unchanged, {:.2} s", x.summary.unchanged, t2.elapsed().as_secs_f64());
}
