//! `quick_clean` against the equations it stands for, on the fixtures and broken variants.

use super::*;
use crate::vocab::CheckOptions;

/// `quick_clean` agrees with building the equations, on every fixture and on variants with
/// each kind of broken or blank total.
#[test]
fn quick_clean_agrees_with_equations() {
    let mut texts: Vec<String> = crate::fixture_texts().into_iter().map(|(_, t)| t).collect();
    let base = texts.iter().find(|t| t.contains("\t36\n\t5\n")).expect("001").clone();
    let t3 = base.find("\t一、本年新收").expect("table 3")..base.find("四、政府信息公开行政复议").expect("table 4");
    let zeros_blank = format!("{}{}{}", &base[..t3.start], base[t3.clone()].replace("\t0\n", "\t\n"), &base[t3.end..]);
    texts.push(zeros_blank.replacen("\t（一）予以公开\n\t4\n\t1\n\t\n\t\n\t\n\t\n\t5\n", "\t（一）予以公开\n\t4\n\t1\n\t\n\t\n\t\n\t\n\t\n", 1));
    texts.push(zeros_blank);
    let huge = "\t5000000000000000000\n";
    texts.push(base.replacen("\t36\n\t5\n", &huge.repeat(2), 1));
    texts.push(base.replacen("\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n\t三、", &format!("{}{}\t0\n\t0\n\t0\n\t0\n\t\n\n\t三、", huge, huge), 1));
    let n = texts.len();
    assert!(texts[n - 4..].iter().all(|t| *t != base) && texts[n - 4] != texts[n - 3], "every variant differs");
    for (from, to) in [("\t41\n\n\t二、", "\t40\n\n\t二、"), ("\t41\n\n\t二、", "\t\n\n\t二、"), ("\t（七）总计\n\t36", "\t（七）总计\n\t35"), ("\t四、结转下年度继续办理\n\t0", "\t四、结转下年度继续办理\n\t3"), ("\t0\n\t2\n\t2\n\t1", "\t0\n\t2\n\t3\n\t1")] {
        texts.push(base.replacen(from, to, 1));
    }
    for t in &texts {
        let a = crate::analysis::analyze_report(t, &CheckOptions::default());
        let mut out = Vec::new();
        findings(&a.report, &equations(&a.report), &mut out);
        assert_eq!(quick_clean(&a.report, &T3Rows::of(&a.report)), out.is_empty(), "{:?}", out.iter().map(|f| f.rule).collect::<Vec<_>>());
    }
}
