//! Benchmark (`cargo bench --bench export`): `nianbao export` of 10,000 reports into a new
//! SQLite file, as the command runs it (read and check in parallel, cross-year pairing, one
//! transaction). The reports are the fixtures under new titles: 2,000 places × 5 years
//! (2020–2024), each place's years sharing one fixture's body, so years pair. Prints the time
//! of each phase and the whole; figures are printed, not asserted. `NIANBAO_BENCH_REPORTS`
//! changes the count.

use nianbao::cli::export::collect;
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
    let (files, _) = collect(&[reports], &opts, false);
    let t_read = t0.elapsed();
    let mut store = export::sqlite::Sqlite::open(&db).expect("open");
    store.migrate().expect("migrate");
    let now = export::now_utc();
    let t1 = Instant::now();
    let mut rows = 0;
    store
        .export(&mut |state| {
            let (batch, _) = export::plan(state, &files, &now);
            rows = batch.tables.iter().map(|t| t.len()).sum::<usize>();
            batch
        })
        .expect("export");
    let t_write = t1.elapsed();
    let total = t0.elapsed();
    let size = std::fs::metadata(&db).map_or(0, |m| m.len());
    println!(
        "export: {n} reports ({:.1} MB of text) → SQLite in {:.2} s (read + check + pair {:.2} s, plan + write {rows} rows {:.2} s); database {:.1} MB; {} threads",
        bytes as f64 / 1e6,
        total.as_secs_f64(),
        t_read.as_secs_f64(),
        t_write.as_secs_f64(),
        size as f64 / 1e6,
        rayon::current_num_threads()
    );
    // Re-export of the same files: every one skipped.
    let t2 = Instant::now();
    let (files, _) = collect(&[tmp.path().join("reports")], &opts, false);
    let mut skipped = 0;
    store
        .export(&mut |state| {
            let (batch, s) = export::plan(state, &files, &now);
            skipped = s.unchanged;
            batch
        })
        .expect("export");
    println!("re-export of the same {n}: {skipped} unchanged, {:.2} s", t2.elapsed().as_secs_f64());
}
