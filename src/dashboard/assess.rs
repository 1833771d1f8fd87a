//! The assessment of a region, sentence by sentence, from the metrics alone: every sentence
//! comes from a rule below (no language model, no free text). For each year of the region:
//! who was reviewed; a sentence per metric of the dictionary (its value, and its change from
//! the year before told as 增加/减少/持平 or, for a percentage, 提高/降低 … 个百分点; a rate
//! without a value says why, from the dictionary's "undefined"); the findings and the agency
//! with the most errors; the most frequent rule; the outliers of the region's agencies; and a
//! verdict by errors per report (`VERDICTS`).

use super::data::Data;
use super::outliers::Outlier;
use crate::export::metrics::{Metric, METRICS};
use crate::finding::Locale;
use std::collections::BTreeMap;

/// The verdict by errors per report: the first row whose bound the value does not exceed.
pub const VERDICTS: &[(f64, &str, &str)] = &[
    (0.0, "总体评价：统计表未发现错误，报告质量良好。", "Overall: no errors in the statistical tables; the reports are in good order."),
    (1.0, "总体评价：个别报告存在统计错误，建议相关机关核改后更正发布。", "Overall: some reports have errors in their tables; the agencies should correct and republish them."),
    (f64::INFINITY, "总体评价：统计错误较多，建议逐份核改并加强发布前审核。", "Overall: many errors in the tables; every report should be corrected and reviews before publication strengthened."),
];

/// A number as the sentences write it: whole numbers without decimals, others to two places.
pub fn num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn pick(locale: Locale, zh: String, en: String) -> String {
    match locale {
        Locale::Zh => zh,
        Locale::En => en,
    }
}

/// The sentence of one metric's value and change.
pub fn metric_sentence(m: &Metric, v: &super::data::Value, locale: Locale) -> String {
    let (name, unit) = match locale {
        Locale::Zh => (m.zh, m.unit_zh),
        Locale::En => (m.en, m.unit_en),
    };
    let Some(value) = v.value else {
        let why = match locale {
            Locale::Zh => m.undefined_zh,
            Locale::En => m.undefined_en,
        };
        return pick(locale, format!("{name}无法计算。按指标定义，{why}。"), format!("The {name} has no value: by its definition, {why}."));
    };
    let percent = unit == "%";
    let shown = |x: f64| if percent { format!("{}%", num(x)) } else { format!("{} {unit}", num(x)) };
    let shown_zh = |x: f64| if percent { format!("{}%", num(x)) } else { format!("{} {unit}", num(x)) };
    let change = match (v.change, v.previous) {
        (Some(c), Some(p)) => {
            let d = num(c.abs());
            let rel = (!percent && p != 0.0).then(|| num(c / p * 100.0));
            Some(match (c.partial_cmp(&0.0), percent) {
                (Some(std::cmp::Ordering::Equal), _) => pick(locale, "，与上年持平".into(), ", the same as the year before".into()),
                (Some(std::cmp::Ordering::Greater), true) => pick(locale, format!("，比上年提高 {d} 个百分点"), format!(", up {d} percentage points from the year before")),
                (_, true) => pick(locale, format!("，比上年降低 {d} 个百分点"), format!(", down {d} percentage points from the year before")),
                (Some(std::cmp::Ordering::Greater), false) => match rel {
                    Some(r) => pick(locale, format!("，较上年增加 {d} {unit}（{r}%）"), format!(", {d} more than the year before ({r}%)")),
                    None => pick(locale, format!("，较上年增加 {d} {unit}"), format!(", {d} more than the year before")),
                },
                (_, false) => match rel {
                    Some(r) => pick(locale, format!("，较上年减少 {d} {unit}（{}%）", r.trim_start_matches('-')), format!(", {d} fewer than the year before ({r}%)")),
                    None => pick(locale, format!("，较上年减少 {d} {unit}"), format!(", {d} fewer than the year before")),
                },
            })
        }
        _ => None,
    };
    let change = change.unwrap_or_default();
    pick(locale, format!("{name}为 {}{change}。", shown_zh(value)), format!("The {name} was {}{change}.", shown(value)))
}

/// One year of a region's assessment.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub year: i32,
    pub sentences: Vec<String>,
}

/// The sections of `region`'s assessment, the latest year first.
pub fn region(d: &Data, region: &str, outliers: &[Outlier], locale: Locale) -> Vec<Section> {
    let mut years: Vec<i32> = d.region_years.keys().filter(|(r, _)| r == region).map(|(_, y)| *y).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.into_iter().map(|y| section(d, region, y, outliers, locale)).collect()
}

fn section(d: &Data, region: &str, year: i32, outliers: &[Outlier], locale: Locale) -> Section {
    let mut s = Vec::new();
    let in_region = |a: Option<usize>| a.is_some_and(|a| d.agencies[a].region.as_deref() == Some(region));
    let reports: Vec<usize> = (0..d.reports.len()).filter(|&i| d.reports[i].year == Some(year) && in_region(d.reports[i].agency)).collect();
    let mut agencies: Vec<usize> = reports.iter().filter_map(|&i| d.reports[i].agency).collect();
    agencies.sort_unstable();
    agencies.dedup();
    let names: Vec<&str> = agencies.iter().map(|&a| d.agencies[a].name.as_str()).collect();
    let list = if names.len() <= 6 { names.join("、") } else { format!("{}等", names[..6].join("、")) };
    s.push(pick(
        locale,
        format!("{year} 年度，{region}共有 {} 个机关的 {} 份报告纳入审查（{list}）。", agencies.len(), reports.len()),
        format!("For {year}, {} report(s) of {} agencies of {region} were reviewed ({}).", reports.len(), agencies.len(), names.join(", ")),
    ));
    let Some((values, _)) = d.region_years.get(&(region.to_string(), year)) else { return Section { year, sentences: s } };
    for (m, v) in METRICS.iter().zip(values) {
        if matches!(m.numerator, crate::export::metrics::Part::Findings(_)) {
            continue;
        }
        s.push(metric_sentence(m, v, locale));
    }
    // Findings.
    let counts = reports.iter().fold([0i64; 3], |mut c, &i| {
        for (k, n) in d.reports[i].counts.iter().enumerate() {
            c[k] += n;
        }
        c
    });
    let per = counts[0] as f64 / reports.len().max(1) as f64;
    s.push(pick(
        locale,
        format!("审查共发现错误 {} 处、警告 {} 处、提示 {} 处，平均每份报告错误 {} 处。", counts[0], counts[1], counts[2], num(per)),
        format!("The review found {} error(s), {} warning(s) and {} info(s): {} error(s) per report.", counts[0], counts[1], counts[2], num(per)),
    ));
    if let Some(&worst) = reports.iter().filter(|&&i| d.reports[i].counts[0] > 0).max_by_key(|&&i| (d.reports[i].counts[0], std::cmp::Reverse(i))) {
        let r = &d.reports[worst];
        let who = r.agency.map_or(r.path.as_str(), |a| d.agencies[a].name.as_str());
        s.push(pick(locale, format!("错误最多的是{who}（{} 处）。", r.counts[0]), format!("{who} has the most errors ({}).", r.counts[0])));
    }
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in d.findings.iter().filter(|f| reports.binary_search(&f.report).is_ok()) {
        *by_rule.entry(f.rule.as_str()).or_default() += 1;
    }
    if let Some((rule, n)) = by_rule.iter().max_by_key(|(r, n)| (**n, std::cmp::Reverse(**r))) {
        let what = crate::rules::catalog::info(rule).map_or(*rule, |i| match locale {
            Locale::Zh => i.zh,
            Locale::En => i.en,
        });
        s.push(pick(locale, format!("最常见的问题是“{what}”（{rule}，{n} 处）。"), format!("The most frequent finding is “{what}” ({rule}, {n}).")));
    }
    for o in outliers.iter().filter(|o| o.year == year && agencies.contains(&o.agency)) {
        let m = &METRICS[o.metric];
        let unit = if m.unit_zh == "%" { "%" } else { "" };
        let a = &d.agencies[o.agency].name;
        s.push(pick(
            locale,
            format!("{a}的{}为 {}{unit}，高于同级 {} 个机关的第 95 百分位（{}{unit}）。", m.zh, num(o.value), o.peers, num(o.p95)),
            format!("{a}'s {} is {}{unit}, above the 95th percentile of {} peers of its level ({}{unit}).", m.en, num(o.value), o.peers, num(o.p95)),
        ));
    }
    if let Some(&(_, zh, en)) = VERDICTS.iter().find(|(bound, _, _)| per <= *bound) {
        s.push(pick(locale, zh.to_string(), en.to_string()));
    }
    Section { year, sentences: s }
}

#[cfg(test)]
mod tests {
    use super::super::data::Value;
    use super::*;

    fn metric(id: &str) -> &'static Metric {
        crate::export::metrics::get(id).unwrap()
    }

    #[test]
    fn sentences_by_rule() {
        let v = |value, previous, change| Value { value, previous, change };
        assert_eq!(metric_sentence(metric("received"), &v(Some(95.0), Some(21.0), Some(74.0)), Locale::Zh), "本年新收申请为 95 件，较上年增加 74 件（352.38%）。");
        assert_eq!(metric_sentence(metric("received"), &v(Some(21.0), None, None), Locale::Zh), "本年新收申请为 21 件。");
        assert_eq!(metric_sentence(metric("disclosure_rate"), &v(Some(62.1053), Some(19.0476), Some(43.0577)), Locale::Zh), "公开率为 62.11%，比上年提高 43.06 个百分点。");
        assert_eq!(metric_sentence(metric("disclosure_rate"), &v(Some(10.0), Some(12.5), Some(-2.5)), Locale::En), "The disclosure rate was 10%, down 2.5 percentage points from the year before.");
        assert!(metric_sentence(metric("review_correction_rate"), &v(None, None, None), Locale::Zh).starts_with("复议纠错率无法计算。按指标定义，行政复议总计为 0"));
        assert_eq!(metric_sentence(metric("carried_over"), &v(Some(0.0), Some(0.0), Some(0.0)), Locale::Zh), "结转下年度为 0 件，与上年持平。");
    }

    #[test]
    fn verdicts_cover_every_value() {
        for per in [0.0, 0.5, 1.0, 7.0] {
            assert!(VERDICTS.iter().any(|(b, _, _)| per <= *b));
        }
        assert_eq!(num(3.0), "3");
        assert_eq!(num(62.1053), "62.11");
        assert_eq!(num(0.5), "0.5");
    }
}
