//! The dashboard's HTML: `index` is one self-contained page — Apache ECharts (the pinned copy
//! in `assets/echarts/`, inlined), the page's own script and style, and the data as JSON in a
//! `<script type="application/json">` — whose Content-Security-Policy allows no request at
//! all, so it works from `file://` and never reaches the network. `region` is a region's
//! printable assessment (A4, no script): the generated sentences, its agencies' metrics and
//! its errors.

use super::assess::{self, num};
use super::data::Data;
use super::outliers::Outlier;
use crate::export::metrics::METRICS;
use crate::finding::Locale;
use crate::formats::escape_html as esc;
use serde_json::{json, Value};

const ECHARTS: &str = include_str!("../../assets/echarts/echarts.min.js");
const APP: &str = include_str!("app.js");
const STYLE: &str = include_str!("style.css");

/// No request of any kind: scripts and styles inline, images only as data.
const CSP: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:";

fn pick(locale: Locale, zh: &'static str, en: &'static str) -> &'static str {
    match locale {
        Locale::Zh => zh,
        Locale::En => en,
    }
}

/// JSON that can sit inside a `<script>` element (every `<` escaped).
fn script_json(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "{}".into()).replace('<', "\\u003c")
}

/// The page's data: agencies, reports, values, findings, outliers, links to region pages.
pub fn data_json(d: &Data, outliers: &[Outlier], region_pages: &[(String, String)], locale: Locale) -> Value {
    let metrics: Vec<Value> = METRICS
        .iter()
        .map(|m| match locale {
            Locale::Zh => json!({"id": m.id, "name": m.zh, "unit": m.unit_zh, "formula": m.formula_zh, "undefined": m.undefined_zh, "kind": m.kind()}),
            Locale::En => json!({"id": m.id, "name": m.en, "unit": m.unit_en, "formula": m.formula_en, "undefined": m.undefined_en, "kind": m.kind()}),
        })
        .collect();
    let rules: serde_json::Map<String, Value> = crate::rules::catalog::RULES.iter().map(|r| (r.id.to_string(), Value::from(pick(locale, r.zh, r.en)))).collect();
    let mut agency_years: Vec<(&(usize, i32), &Vec<super::data::Value>)> = d.agency_years.iter().collect();
    agency_years.sort_by_key(|(k, _)| **k);
    let mut region_years: Vec<_> = d.region_years.iter().collect();
    region_years.sort_by(|a, b| a.0.cmp(b.0));
    json!({
        "lang": pick(locale, "zh", "en"),
        "version": crate::export::record::VERSION,
        "metrics": metrics,
        "rules": rules,
        "agencies": d.agencies.iter().map(|a| json!([a.key, a.name, a.region, a.level])).collect::<Vec<_>>(),
        "reports": d.reports.iter().map(|r| json!([r.path, r.agency, r.year, r.template, r.counts[0], r.counts[1], r.counts[2], r.error])).collect::<Vec<_>>(),
        "agencyYears": agency_years.iter().map(|((a, y), v)| json!([a, y, v.iter().map(|x| x.value).collect::<Vec<_>>(), v.iter().map(|x| x.change).collect::<Vec<_>>()])).collect::<Vec<_>>(),
        "regionYears": region_years.iter().map(|((r, y), (v, n))| json!([r, y, n, v.iter().map(|x| x.value).collect::<Vec<_>>(), v.iter().map(|x| x.change).collect::<Vec<_>>()])).collect::<Vec<_>>(),
        "findings": d.findings.iter().map(|f| json!([f.report, f.rule, f.severity, f.message, f.table, f.row, f.column, f.line, f.col, f.stated, f.expected])).collect::<Vec<_>>(),
        "outliers": outliers.iter().map(|o| json!([o.agency, o.year, o.metric, o.value, o.p95, o.peers])).collect::<Vec<_>>(),
        "regionPages": region_pages.iter().map(|(r, p)| (r.clone(), Value::from(p.as_str()))).collect::<serde_json::Map<_, _>>(),
    })
}

/// The dashboard page.
pub fn index(data: &Value, locale: Locale) -> String {
    let t = |zh, en| pick(locale, zh, en);
    let section = |id: &str, class: &str, title: &str, body: &str| format!("<section id=\"{id}\" class=\"{class}\"><h2 id=\"{id}-title-h\">{title}</h2>{body}</section>\n");
    let mut main = String::new();
    main.push_str(&section(
        "leaderboard",
        "",
        t("排行榜", "Leaderboard"),
        &format!(
            "<div class=\"controls\">{} <select id=\"lb-metric\"></select> {} <select id=\"lb-year\"></select></div><div id=\"lb-chart\" class=\"chart\"></div><div class=\"scroll\"><table id=\"lb-table\"></table></div>",
            t("按", "by"),
            t("年度", "year")
        ),
    ));
    main.push_str(&section("heatmap", "", t("机关 × 规则 热力图（问题数）", "Agency × rule heatmap (findings)"), "<div id=\"heatmap-chart\" class=\"chart tall\"></div>"));
    main.push_str(&section(
        "trend",
        "",
        t("机关趋势", "Agency trend"),
        &format!("<div class=\"controls\">{} <select id=\"trend-agency\"></select> <b id=\"trend-title\"></b></div><div id=\"trend-chart\" class=\"chart\"></div>", t("机关", "agency")),
    ));
    main.push_str(&section(
        "region-years",
        "",
        t("地区 × 年度", "Region × year"),
        &format!("<div class=\"controls\">{} <select id=\"ry-metric\"></select> <span id=\"ry-more\"></span></div><div class=\"scroll\"><table id=\"ry-table\"></table></div>", t("指标", "metric")),
    ));
    main.push_str(&section(
        "outliers",
        "wide",
        t("异常值（高于同级机关同年度第 95 百分位）", "Outliers (above the 95th percentile of the same level and year)"),
        "<div class=\"scroll\"><table id=\"outliers-table\"></table></div>",
    ));
    main.push_str(&format!(
        "<section id=\"findings\" class=\"wide\"><h2 id=\"findings-title\"></h2><div class=\"controls\"><button id=\"findings-all\">{}</button></div><div class=\"scroll\"><table id=\"findings-table\"></table></div><div class=\"pager\"><button id=\"findings-prev\">{}</button><span id=\"findings-page\"></span><button id=\"findings-next\">{}</button></div></section>\n",
        t("全部机关", "all agencies"),
        t("上一页", "previous"),
        t("下一页", "next")
    ));
    main.push_str(&section("regions", "wide", t("各地区评估报告（可打印）", "Assessment of each region (printable)"), "<div id=\"regions-list\"></div>"));
    let metrics_doc: String = METRICS
        .iter()
        .map(|m| {
            let (name, unit, formula, undefined) = match locale {
                Locale::Zh => (m.zh, m.unit_zh, m.formula_zh, m.undefined_zh),
                Locale::En => (m.en, m.unit_en, m.formula_en, m.undefined_en),
            };
            format!("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", esc(name), esc(unit), esc(formula), esc(undefined))
        })
        .collect();
    main.push_str(&section(
        "dictionary",
        "wide",
        t("指标说明", "Metric dictionary"),
        &format!("<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{metrics_doc}</tbody></table>", t("指标", "metric"), t("单位", "unit"), t("公式", "formula"), t("何时无值", "undefined when")),
    ));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title><style>{STYLE}</style></head>\n<body><header><h1>{title}</h1><div id=\"stats\"></div></header>\n<main>\n{main}</main>\n<script>{ECHARTS}</script>\n<script id=\"data\" type=\"application/json\">{data}</script>\n<script>{APP}</script>\n</body></html>\n",
        lang = t("zh-CN", "en"),
        title = t("政府信息公开工作年度报告 · 数据看板", "Government information-disclosure annual reports · dashboard"),
        data = script_json(data),
    )
}

/// A file name for a region's page: its name without characters a file system refuses.
pub fn region_file(region: &str) -> String {
    let name: String = region.chars().map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() { '_' } else { c }).collect();
    format!("regions/{name}.html")
}

/// A region's printable assessment.
pub fn region(d: &Data, name: &str, outliers: &[Outlier], locale: Locale) -> String {
    let t = |zh, en| pick(locale, zh, en);
    let mut body = String::new();
    for s in assess::region(d, name, outliers, locale) {
        body.push_str(&format!("<section><h2>{} {}</h2>\n", s.year, t("年度", "")));
        for p in &s.sentences {
            body.push_str(&format!("<p>{}</p>\n", esc(p)));
        }
        // The region's agencies that year, with the main metrics.
        let shown = ["received", "handled", "carried_over", "disclosure_rate", "errors_per_report"];
        let idx: Vec<usize> = shown.iter().filter_map(|id| METRICS.iter().position(|m| m.id == *id)).collect();
        let mut rows: Vec<(&str, &Vec<super::data::Value>)> =
            d.agency_years.iter().filter(|((a, y), _)| *y == s.year && d.agencies[*a].region.as_deref() == Some(name)).map(|((a, _), v)| (d.agencies[*a].name.as_str(), v)).collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        body.push_str(&format!("<table><thead><tr><th>{}</th>", t("机关", "Agency")));
        for &i in &idx {
            body.push_str(&format!("<th class=\"num\">{}</th>", esc(METRICS[i].name(locale))));
        }
        body.push_str("</tr></thead><tbody>");
        for (a, v) in rows {
            body.push_str(&format!("<tr><td>{}</td>", esc(a)));
            for &i in &idx {
                body.push_str(&format!("<td class=\"num\">{}</td>", v[i].value.map_or("—".into(), num)));
            }
            body.push_str("</tr>");
        }
        body.push_str("</tbody></table>\n");
        // Its errors.
        let errors: Vec<&super::data::Finding> = d
            .findings
            .iter()
            .filter(|f| f.severity == "error" && d.reports[f.report].year == Some(s.year) && d.reports[f.report].agency.is_some_and(|a| d.agencies[a].region.as_deref() == Some(name)))
            .collect();
        if !errors.is_empty() {
            body.push_str(&format!("<h3>{}</h3><table class=\"findings\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>", t("错误明细", "Errors"), t("文件", "File"), t("位置", "Place"), t("问题说明", "Message")));
            for f in errors {
                let place = match (f.table, &f.row, &f.column) {
                    (Some(tb), Some(r), Some(c)) => format!("{}{tb} · {r} · {c}", t("表", "table ")),
                    _ => format!("{}:{}", f.line.unwrap_or(0), f.col.unwrap_or(0)),
                };
                body.push_str(&format!("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&d.reports[f.report].path), esc(&place), esc(&f.message)));
            }
            body.push_str("</tbody></table>\n");
        }
        body.push_str("</section>\n");
    }
    let title = format!("{name} · {}", t("政府信息公开工作年度报告审查评估", "assessment of the information-disclosure annual reports"));
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"><title>{}</title><style>{PRINT}</style></head>\n<body><p class=\"back\"><a href=\"../index.html\">← {}</a></p><h1>{}</h1>\n{body}<p class=\"muted\">{}</p></body></html>\n",
        t("zh-CN", "en"),
        esc(&title),
        t("返回数据看板", "back to the dashboard"),
        esc(&title),
        t("本评估的每一句均按指标与固定规则生成（nianbao）。", "Every sentence of this assessment is generated from the metrics by fixed rules (nianbao)."),
    )
}

/// Style of the printable pages: A4 with margins, tables kept whole where they fit.
const PRINT: &str = "@page { size: A4; margin: 18mm 16mm; }
body { font: 11pt/1.6 \"Noto Serif CJK SC\", \"Noto Sans CJK SC\", \"SimSun\", serif; color: #111; max-width: 178mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 6mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm; } h3 { font-size: 11pt; }
p { text-indent: 2em; margin: 0 0 2mm; } p.back, p.muted { text-indent: 0; } .muted { color: #666; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 2mm 0 4mm; page-break-inside: auto; }
th, td { border: 0.5pt solid #999; padding: 1mm 1.5mm; text-align: left; } td.num, th.num { text-align: right; }
tr { page-break-inside: avoid; } thead { display: table-header-group; } section + section { page-break-before: always; }
@media print { p.back { display: none; } }";
