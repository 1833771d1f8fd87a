use nianbao::parse::{assemble, blocks, lines, segment};
use std::time::Instant;
fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    names.sort();
    let texts: Vec<String> = names.iter().map(|n| std::fs::read_to_string(n).unwrap()).collect();
    let total: usize = texts.iter().map(|t| t.len()).sum();
    let reps = 100;
    let mut t = [0f64; 6];
    for _ in 0..reps {
        for text in &texts {
            let a = Instant::now();
            let ls = lines(text);
            let _ = segment::starts(&ls);
            let bs = blocks::split(&ls);
            let b = Instant::now();
            let mut parses = Vec::new();
            for bl in &bs {
                if bl.kind == blocks::BlockKind::Table { parses.push(assemble::parse_block(bl.kind, &ls[bl.start..bl.end])); } else { parses.push(assemble::BlockParse::Nothing); }
            }
            let c = Instant::now();
            for (i, bl) in bs.iter().enumerate() {
                if bl.kind == blocks::BlockKind::Paragraph { parses[i] = assemble::parse_block(bl.kind, &ls[bl.start..bl.end]); }
            }
            let d = Instant::now();
            let pairs: Vec<_> = bs.iter().copied().zip(parses.iter()).collect();
            let rep = assemble::assemble(&ls, &pairs, None);
            let e = Instant::now();
            let f = nianbao::rules::check(&rep, text, &Default::default());
            std::hint::black_box(f);
            let g = Instant::now();
            t[0] += (b - a).as_secs_f64(); t[1] += (c - b).as_secs_f64(); t[2] += (d - c).as_secs_f64(); t[3] += (e - d).as_secs_f64(); t[4] += (g - e).as_secs_f64();
        }
    }
    let mb = (total * reps) as f64 / 1e6;
    for (n, x) in ["lines+blocks", "tables", "prose", "assemble", "rules"].iter().zip(t) { println!("{n:>14}: {:.3}s = {:.0} MB/s", x, mb / x); }
    println!("total {:.0} MB/s", mb / t.iter().sum::<f64>());
}
