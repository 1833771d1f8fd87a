fn main() {
    for p in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&p).unwrap();
        let r = nianbao::check_text(&text, &Default::default());
        let rope = ropey::Rope::from_str(&text);
        println!("== {p} template={:?} year={:?} report={}", r.template, r.year, r.is_report);
        for f in &r.findings {
            let (l, c) = nianbao::position::byte_to_cli(&rope, f.span.start);
            println!("  {}:{} {} {:?} {} [{}]", l, c, f.rule, f.severity, f.message.zh, &text[f.span.clone()].chars().take(20).collect::<String>());
        }
        let edits = nianbao::fill_totals(&text, &Default::default());
        for e in edits { let (l,c)=nianbao::position::byte_to_cli(&rope, e.range.start); println!("  FIX {l}:{c} -> {}", e.new_text); }
    }
}
