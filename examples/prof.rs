fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut s = String::new();
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    names.sort();
    while s.len() < 5_000_000 { for n in &names { s.push_str(&std::fs::read_to_string(n).unwrap()); s.push('\n'); } }
    let t = std::time::Instant::now();
    let r = nianbao::check_text(&s, &Default::default());
    println!("{} findings {:?} {:.1} MB/s", r.findings.len(), t.elapsed(), s.len() as f64/1e6/t.elapsed().as_secs_f64());
}
