//! `nianbao export` into a real SQLite file and a real PostgreSQL server (a throwaway one,
//! `support/pg.rs`; skipped with a message where none can be started outside CI): the schema
//! and its migrations, metric values per agency-year and region-year computed by hand from the
//! fixtures' tables (the numbers below were read off tests/fixtures/*.txt, not computed by
//! nianbao), NULL where a denominator is 0, re-export idempotence and versioning, unreadable
//! files as rows with their error, a file holding several reports (a row for each), re-pairing
//! an unchanged report whose predecessor got a new version, a version 1 database migrated, and
//! the dashboard read from either database.

#[path = "support/pg.rs"]
mod pg;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Run `nianbao export PATHS --db DB`; (exit code, stderr).
fn export(paths: &[&Path], db: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).arg("export").args(paths).args(["--db", db]).output().expect("run nianbao");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// (agency, year, metric) → (value, previous, change), as `agency_year_metrics` gives them.
type Metrics = std::collections::HashMap<(String, i32, String), (Option<f64>, Option<f64>, Option<f64>)>;

/// The values computed by hand from the fixtures' tables 3 and 4 (total column):
///
/// 009 洪泽区 2023: 新收 21, （七）总计 21, 结转 0; 予以公开 0 + 部分公开 4 → 4/21 = 19.0476 %;
///   不予公开 1+0+0+0+0+1+1+0 = 3 → 14.2857 %; 无法提供 10+3+0 = 13 → 61.9048 %;
///   行政复议: 纠正 1 but 总计 written 0 → rate NULL; 诉讼 总计 0 + 0 → rate NULL.
/// 010 淮安市洪泽区 2024 (the same agency as pairing joins them): 新收 95, 总计 95, 结转 0;
///   (50 + 9)/95 = 62.1053 %; 不予公开 1+1+1 = 3 → 3.1579 %; 无法提供 31+1 = 32 → 33.6842 %;
///   复议 纠正 1 / 总计 2 = 50 %; 诉讼 1 + 3 = 4, 纠正 0 → 0 %; changes: 新收 +74, 公开率 +43.0577.
/// 014 上海市政府办公厅 2025: 新收 1295, 总计 1191, 结转 293; (206 + 2)/1191 = 17.4643 %;
///   不予公开 4+0+1+0+9+1+0+5 = 20 → 1.6793 %; 无法提供 513+48+3 = 564 → 47.3552 %;
///   复议 0/55 = 0 % (defined: the denominator is 55); 诉讼 12 + 22 = 34, 0/34 = 0 %.
/// 000 拱墅区投资促进局 2020: every cell 0 → counts 0, every rate NULL (0 / 0).
/// (agency, year, metric, value, previous year's value, change).
type Hand = (&'static str, i32, &'static str, Option<f64>, Option<f64>, Option<f64>);

const HAND: &[Hand] = &[
    ("淮安市洪泽区政府", 2023, "received", Some(21.0), None, None),
    ("淮安市洪泽区政府", 2023, "handled", Some(21.0), None, None),
    ("淮安市洪泽区政府", 2023, "carried_over", Some(0.0), None, None),
    ("淮安市洪泽区政府", 2023, "disclosure_rate", Some(19.0476), None, None),
    ("淮安市洪泽区政府", 2023, "denied_share", Some(14.2857), None, None),
    ("淮安市洪泽区政府", 2023, "unavailable_share", Some(61.9048), None, None),
    ("淮安市洪泽区政府", 2023, "reviews", Some(0.0), None, None),
    ("淮安市洪泽区政府", 2023, "review_correction_rate", None, None, None),
    ("淮安市洪泽区政府", 2023, "lawsuits", Some(0.0), None, None),
    ("淮安市洪泽区政府", 2023, "lawsuit_correction_rate", None, None, None),
    ("淮安市洪泽区政府", 2024, "received", Some(95.0), Some(21.0), Some(74.0)),
    ("淮安市洪泽区政府", 2024, "handled", Some(95.0), Some(21.0), Some(74.0)),
    ("淮安市洪泽区政府", 2024, "carried_over", Some(0.0), Some(0.0), Some(0.0)),
    ("淮安市洪泽区政府", 2024, "disclosure_rate", Some(62.1053), Some(19.0476), Some(43.0577)),
    ("淮安市洪泽区政府", 2024, "denied_share", Some(3.1579), Some(14.2857), Some(-11.1278)),
    ("淮安市洪泽区政府", 2024, "unavailable_share", Some(33.6842), Some(61.9048), Some(-28.2206)),
    ("淮安市洪泽区政府", 2024, "reviews", Some(2.0), Some(0.0), Some(2.0)),
    ("淮安市洪泽区政府", 2024, "review_correction_rate", Some(50.0), None, None),
    ("淮安市洪泽区政府", 2024, "lawsuits", Some(4.0), Some(0.0), Some(4.0)),
    ("淮安市洪泽区政府", 2024, "lawsuit_correction_rate", Some(0.0), None, None),
    ("上海市政府办公厅", 2025, "received", Some(1295.0), None, None),
    ("上海市政府办公厅", 2025, "handled", Some(1191.0), None, None),
    ("上海市政府办公厅", 2025, "carried_over", Some(293.0), None, None),
    ("上海市政府办公厅", 2025, "disclosure_rate", Some(17.4643), None, None),
    ("上海市政府办公厅", 2025, "denied_share", Some(1.6793), None, None),
    ("上海市政府办公厅", 2025, "unavailable_share", Some(47.3552), None, None),
    ("上海市政府办公厅", 2025, "reviews", Some(55.0), None, None),
    ("上海市政府办公厅", 2025, "review_correction_rate", Some(0.0), None, None),
    ("上海市政府办公厅", 2025, "lawsuits", Some(34.0), None, None),
    ("上海市政府办公厅", 2025, "lawsuit_correction_rate", Some(0.0), None, None),
    ("拱墅区投资促进局", 2020, "received", Some(0.0), None, None),
    ("拱墅区投资促进局", 2020, "disclosure_rate", None, None, None),
    ("拱墅区投资促进局", 2020, "denied_share", None, None, None),
    ("拱墅区投资促进局", 2020, "unavailable_share", None, None, None),
    ("拱墅区投资促进局", 2020, "review_correction_rate", None, None, None),
    ("拱墅区投资促进局", 2020, "lawsuit_correction_rate", None, None, None),
];

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

/// Every hand-computed value, and the findings metrics against `check`'s own counts.
fn assert_hand_values(m: &Metrics) {
    let mut wrong = Vec::new();
    for &(agency, year, metric, value, previous, change) in HAND {
        match m.get(&(agency.to_string(), year, metric.to_string())) {
            Some(&(v, p, c)) if close(v, value) && close(p, previous) && close(c, change) => {}
            got => wrong.push(format!("{agency} {year} {metric}: got {got:?}, by hand {:?}", (value, previous, change))),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Findings per report: one report per agency-year here, so the counts `check` prints.
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).args(["check", "--format", "json"]).arg(fixtures()).output().unwrap();
    let checked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (file, agency, year) in [("009_hongze_2023.txt", "淮安市洪泽区政府", 2023), ("010_hongze_2024.txt", "淮安市洪泽区政府", 2024), ("014_shanghai_bgt_2025.txt", "上海市政府办公厅", 2025)] {
        let r = checked.as_array().unwrap().iter().find(|r| r["file"].as_str().unwrap().ends_with(file)).unwrap();
        for (sev, metric) in [("error", "errors_per_report"), ("warning", "warnings_per_report"), ("info", "infos_per_report")] {
            let n = r["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == sev).count() as f64;
            assert!(close(m[&(agency.to_string(), year, metric.to_string())].0, Some(n)), "{file} {metric}");
        }
    }
}

fn sqlite_metrics(db: &Path) -> Metrics {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c.prepare("SELECT agency, year, metric, value, previous, change FROM agency_year_metrics").unwrap();
    st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), (r.get(3)?, r.get(4)?, r.get(5)?)))).unwrap().map(Result::unwrap).collect()
}

fn sqlite_count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn sqlite_schema_and_metrics_computed_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let (code, err) = export(&[&fixtures()], db.to_str().unwrap());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("新文件 11 个"), "{err}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = c.query_row("SELECT MAX(version) FROM schema_migrations", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 2);
    for t in ["reports", "slots", "cells", "findings", "pairs", "metrics", "report_metrics", "agency_year_metrics", "region_year_metrics", "labelled_cells"] {
        let n: i64 = c.query_row("SELECT COUNT(*) FROM sqlite_master WHERE name = ?", [t], |r| r.get(0)).unwrap();
        assert_eq!(n, 1, "{t}");
    }
    assert_hand_values(&sqlite_metrics(&db));
    // The metric dictionary is a table, with formula, unit and when undefined.
    let (unit, formula): (String, String) = c.query_row("SELECT unit_zh, formula_zh FROM metrics WHERE id = 'disclosure_rate'", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(unit, "%");
    assert!(formula.contains("（一）予以公开") && formula.contains("（七）总计"), "{formula}");
    // Region-year: 拱墅区 2020 holds two agencies (000: all 0; 001: 新收 41, 予以公开 7 of 41).
    let region = |metric: &str| -> Option<f64> { c.query_row("SELECT value FROM region_year_metrics WHERE region = '拱墅区' AND year = 2020 AND metric = ?", [metric], |r| r.get(0)).unwrap() };
    assert_eq!(region("received"), Some(41.0));
    assert!(close(region("disclosure_rate"), Some(17.0732)));
    assert!(close(region("errors_per_report"), Some(0.5)));
    // Cells: every cell with its labels, raw text, number, semantic and line.
    let (raw, value, semantic, line): (String, i64, String, i64) = c
        .query_row(
            "SELECT raw, value, semantic, line FROM labelled_cells WHERE path LIKE '%010_hongze_2024.txt' AND table_no = 3 AND row_label = '（一）予以公开' AND column_label = '总计'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((raw.as_str(), value, semantic.as_str(), line), ("50", 50, "number", 34));
    // Findings with their cell; the pair 2023 → 2024 of 洪泽区.
    let (rule, row, stated, expected): (String, String, i64, i64) = c
        .query_row(
            "SELECT rule, row_label, stated, expected FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.path LIKE '%009_hongze_2023.txt' AND f.rule = 't4_total' ORDER BY f.line LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((rule.as_str(), row.as_str(), stated, expected), ("t4_total", "行政复议", 0, 11));
    let pair: (String, String) = c
        .query_row("SELECT r.path, p.path FROM pairs x JOIN reports r ON r.id = x.report_id JOIN reports p ON p.id = x.previous_id", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert!(pair.0.ends_with("010_hongze_2024.txt") && pair.1.ends_with("009_hongze_2023.txt"), "{pair:?}");
}

#[test]
fn sqlite_reexport_skips_unchanged_files_and_versions_changed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    for f in ["009_hongze_2023.txt", "010_hongze_2024.txt"] {
        std::fs::copy(fixtures().join(f), reports.join(f)).unwrap();
    }
    // Unreadable: an old Word file, and a .docx that is no zip.
    std::fs::write(reports.join("old.doc"), b"\xd0\xcf\x11\xe0 not a report").unwrap();
    std::fs::write(reports.join("broken.docx"), b"not a zip").unwrap();
    let db = dir.path().join("r.sqlite");
    let db_s = db.to_str().unwrap();
    let (code, err) = export(&[&reports, &reports.join("old.doc")], db_s);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sqlite_count(&db, "SELECT COUNT(*) FROM reports"), 4, "{err}");
    assert_eq!(sqlite_count(&db, "SELECT COUNT(*) FROM reports WHERE error IS NOT NULL AND agency IS NULL"), 2);
    let error: String = rusqlite::Connection::open(&db).unwrap().query_row("SELECT error FROM reports WHERE path LIKE '%broken.docx'", [], |r| r.get(0)).unwrap();
    assert!(error.contains("broken.docx"), "{error}");
    let cells = sqlite_count(&db, "SELECT COUNT(*) FROM cells");
    let findings = sqlite_count(&db, "SELECT COUNT(*) FROM findings");

    // The same files again: nothing written.
    let (code, err) = export(&[&reports, &reports.join("old.doc")], db_s);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("新文件 0 个，新版本 0 个，未变（跳过）4 个"), "{err}");
    assert_eq!(sqlite_count(&db, "SELECT COUNT(*) FROM reports"), 4);
    assert_eq!(sqlite_count(&db, "SELECT COUNT(*) FROM cells"), cells);
    assert_eq!(sqlite_count(&db, "SELECT COUNT(*) FROM findings"), findings);

    // 2024's 予以公开 changed (50 → 40 in 自然人 and 总计): a new version of that file only.
    let path = reports.join("010_hongze_2024.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = text.replacen("（一）予以公开\t\t50\t0\t0\t0\t0\t0\t50", "（一）予以公开\t\t40\t0\t0\t0\t0\t0\t40", 1);
    assert_ne!(text, changed);
    std::fs::write(&path, changed).unwrap();
    let (code, err) = export(&[&reports], db_s);
    assert_eq!(code, 0, "{err}");
    // (old.doc in the folder is found by the walk now that .doc files are read: skipped, unchanged.)
    assert!(err.contains("新版本 1 个，未变（跳过）3 个"), "{err}");
    assert_eq!(sqlite_count(&db, "SELECT COUNT(*) FROM reports WHERE path LIKE '%010_hongze_2024.txt'"), 2);
    assert_eq!(sqlite_count(&db, "SELECT version FROM reports WHERE path LIKE '%010_hongze_2024.txt' AND current = 1"), 2);
    // The old version and its cells are kept; the views read the current one.
    assert_eq!(sqlite_count(&db, "SELECT value FROM labelled_cells l JOIN reports r ON r.id = l.report_id WHERE r.version = 1 AND l.path LIKE '%2024.txt' AND row_label = '（一）予以公开' AND column_label = '总计'"), 50);
    assert_eq!(sqlite_count(&db, "SELECT value FROM labelled_cells l JOIN reports r ON r.id = l.report_id WHERE r.current = 1 AND l.path LIKE '%2024.txt' AND row_label = '（一）予以公开' AND column_label = '总计'"), 40);
    let m = sqlite_metrics(&db);
    // (40 + 9) / 95 = 51.5789 %; the new version is paired with 2023 like the old one.
    assert!(close(m[&("淮安市洪泽区政府".to_string(), 2024, "disclosure_rate".to_string())].0, Some(51.5789)));
    assert_eq!(sqlite_count(&db, "SELECT COUNT(*) FROM pairs x JOIN reports r ON r.id = x.report_id WHERE r.current = 1"), 1);
    // Rows of the current versions only in the views: one agency-year per report.
    assert_eq!(sqlite_count(&db, "SELECT COUNT(DISTINCT agency || year) FROM agency_year_metrics"), 2);
}

#[test]
fn export_refuses_standard_input_and_reports_a_bad_database() {
    let (code, err) = export(&[Path::new("-")], "x.sqlite");
    assert_eq!(code, 2);
    assert!(err.contains("标准输入"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = export(&[&fixtures().join("000_17fa4905ce5d6912.txt")], dir.path().join("no/such/dir/r.sqlite").to_str().unwrap());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("SQLite"), "{err}");
}

fn pg_metrics(client: &mut postgres::Client) -> Metrics {
    let f = |v: Option<String>| v.map(|s| s.parse::<f64>().unwrap());
    client
        .query("SELECT agency, year, metric, value::text, previous::text, change::text FROM agency_year_metrics", &[])
        .unwrap()
        .iter()
        .map(|r| ((r.get(0), r.get(1), r.get(2)), (f(r.get(3)), f(r.get(4)), f(r.get(5)))))
        .collect()
}

#[test]
fn postgres_schema_metrics_and_versions() {
    let Some(server) = pg::Server::start_or_skip("postgres_schema_metrics_and_versions") else { return };
    let (code, err) = export(&[&fixtures()], &server.url);
    assert_eq!(code, 0, "{err}");
    let mut client = postgres::Client::connect(&server.url, postgres::NoTls).unwrap();
    let v: i32 = client.query_one("SELECT MAX(version) FROM schema_migrations", &[]).unwrap().get(0);
    assert_eq!(v, 2);
    assert_hand_values(&pg_metrics(&mut client));
    // The same rows as SQLite's.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    assert_eq!(export(&[&fixtures()], db.to_str().unwrap()).0, 0);
    let (lite, pg) = (sqlite_metrics(&db), pg_metrics(&mut client));
    assert_eq!(lite.len(), pg.len());
    for (k, v) in &lite {
        let p = pg[k];
        assert!(close(v.0, p.0) && close(v.1, p.1) && close(v.2, p.2), "{k:?}: SQLite {v:?}, PostgreSQL {p:?}");
    }
    for t in ["reports", "cells", "findings", "pairs"] {
        let n: i64 = client.query_one(&format!("SELECT COUNT(*) FROM {t}"), &[]).unwrap().get(0);
        assert_eq!(n, sqlite_count(&db, &format!("SELECT COUNT(*) FROM {t}")), "{t}");
    }
    // Re-export: skipped; a changed copy elsewhere is a new path, not a version.
    let (code, err) = export(&[&fixtures()], &server.url);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("未变（跳过）11 个"), "{err}");
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let f = reports.join("014.txt");
    std::fs::copy(fixtures().join("014_shanghai_bgt_2025.txt"), &f).unwrap();
    assert_eq!(export(&[&f], &server.url).0, 0);
    std::fs::write(&f, std::fs::read_to_string(&f).unwrap().replacen("1259\t36", "1260\t36", 1)).unwrap();
    let (code, err) = export(&[&f], &server.url);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("新版本 1 个"), "{err}");
    let rows = client.query("SELECT version, current FROM reports WHERE path = $1 ORDER BY version", &[&f.to_str().unwrap()]).unwrap();
    let got: Vec<(i32, i32)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(got, [(1, 0), (2, 1)]);
}

/// Every row of every table (`checked_at` and `applied_at` left out: the time of the run).
fn sqlite_dump(c: &rusqlite::Connection) -> Vec<String> {
    let tables: Vec<String> = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    let mut out = Vec::new();
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                Ok((0..names.len())
                    .filter(|&i| names[i] != "checked_at" && names[i] != "applied_at")
                    .map(|i| format!("{}={:?}", names[i], r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join(" "))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.extend(rows.into_iter().map(|r| format!("{t}: {r}")));
    }
    out
}

#[test]
fn streamed_export_writes_what_plan_writes() {
    use nianbao::export::{self, sqlite::Sqlite, Store};
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    for e in std::fs::read_dir(fixtures()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&p, reports.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(reports.join("broken.docx"), b"not a zip").unwrap();
    let opts = nianbao::CheckOptions::default();
    let (mut planned, mut streamed) = (Sqlite::open(&dir.path().join("a.sqlite")).unwrap(), Sqlite::open(&dir.path().join("b.sqlite")).unwrap());
    planned.migrate().unwrap();
    streamed.migrate().unwrap();
    // A file holding two reports (their agencies' other years are not in the run).
    std::fs::write(reports.join("dump.txt"), dump(&["014_shanghai_bgt_2025.txt", "013_shuyang_2025.txt"])).unwrap();
    let paths = [reports.clone(), reports.join("missing.txt")];
    for round in 0..3 {
        if round == 1 {
            // A new version of one file, the rest unchanged.
            let p = reports.join("010_hongze_2024.txt");
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, text.replacen("（一）予以公开\t\t50\t0\t0\t0\t0\t0\t50", "（一）予以公开\t\t40\t0\t0\t0\t0\t0\t40", 1)).unwrap();
        }
        if round == 2 {
            // A new version of 2023's report: 2024's (unchanged) is paired anew.
            carry_over_3(&reports.join("009_hongze_2023.txt"));
        }
        let (files, _) = nianbao::cli::export::collect(&paths, &opts, false);
        let now = export::now_utc();
        let mut want = Default::default();
        planned
            .export(&mut |state| {
                let (b, s) = export::plan(state, &files, &now);
                want = s;
                b
            })
            .unwrap();
        let got = nianbao::cli::export::export(&paths, &mut streamed, &opts, false).unwrap();
        assert_eq!(got.summary, want, "round {round}");
        assert_eq!(want.repaired, usize::from(round == 2), "round {round}");
        let (a, b) = (sqlite_dump(planned.conn()), sqlite_dump(streamed.conn()));
        assert!(a.len() > 2000, "{}", a.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "round {round}");
        }
        assert_eq!(a.len(), b.len());
        let broken: i64 = streamed.conn().query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(broken, 0, "foreign keys of the streamed export");
    }
}

/// The fixtures' texts one after another: one file holding several reports, as a crawler's
/// dump does.
fn dump(names: &[&str]) -> String {
    names.iter().map(|n| std::fs::read_to_string(fixtures().join(n)).unwrap()).collect::<Vec<_>>().join("\n")
}

/// 009 (洪泽区 2023) carries 3 applications over to 2024 (自然人 and 总计 of 四、结转下年度继续办理,
/// 0 in the fixture): 2024's 二、上年结转 (0) no longer matches, 2 `xy_carry_over` errors.
fn carry_over_3(p: &Path) {
    let text = std::fs::read_to_string(p).unwrap();
    let mut lines: Vec<&str> = text.split('\n').collect();
    assert!(lines[310].contains("四、结转下年度继续办理") && lines[311] == "\t0" && lines[317] == "\t0", "{:?}", &lines[310..318]);
    lines[311] = "\t3";
    lines[317] = "\t3";
    std::fs::write(p, lines.join("\n")).unwrap();
}

/// A database the tests read: an SQLite file or a PostgreSQL server.
enum Db {
    Lite(PathBuf),
    Pg(String),
}

impl Db {
    fn arg(&self) -> &str {
        match self {
            Db::Lite(p) => p.to_str().unwrap(),
            Db::Pg(u) => u,
        }
    }
    /// The rows of `sql`, every column read as text (NULL as "NULL").
    fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        match self {
            Db::Lite(p) => {
                let c = rusqlite::Connection::open(p).unwrap();
                let mut st = c.prepare(sql).unwrap();
                let n = st.column_count();
                st.query_map([], |r| {
                    Ok((0..n)
                        .map(|i| match r.get_ref(i).unwrap() {
                            rusqlite::types::ValueRef::Null => "NULL".to_string(),
                            rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                            rusqlite::types::ValueRef::Real(f) => f.to_string(),
                            rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
                        })
                        .collect())
                })
                .unwrap()
                .map(Result::unwrap)
                .collect()
            }
            Db::Pg(url) => {
                // The simple protocol: every column as text.
                let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
                c.simple_query(sql)
                    .unwrap()
                    .into_iter()
                    .filter_map(|m| match m {
                        postgres::SimpleQueryMessage::Row(r) => Some((0..r.len()).map(|i| r.get(i).unwrap_or("NULL").to_string()).collect()),
                        _ => None,
                    })
                    .collect()
            }
        }
    }
    fn count(&self, sql: &str) -> i64 {
        self.rows(sql)[0][0].parse().unwrap()
    }
    fn metrics(&self) -> Metrics {
        match self {
            Db::Lite(p) => sqlite_metrics(p),
            Db::Pg(url) => pg_metrics(&mut postgres::Client::connect(url, postgres::NoTls).unwrap()),
        }
    }
}

/// The hand-computed values of `HAND` for these agencies.
fn assert_hand_values_of(m: &Metrics, agencies: &[&str]) {
    let mut wrong = Vec::new();
    for &(agency, year, metric, value, previous, change) in HAND.iter().filter(|h| agencies.contains(&h.0)) {
        match m.get(&(agency.to_string(), year, metric.to_string())) {
            Some(&(v, p, c)) if close(v, value) && close(p, previous) && close(c, change) => {}
            got => wrong.push(format!("{agency} {year} {metric}: got {got:?}, by hand {:?}", (value, previous, change))),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// One file holding three reports (洪泽区 2023, 上海市政府办公厅 2025, 拱墅区 2020) beside
/// 洪泽区 2024: a row for each report, with its own title, agency and year, its cells (at their
/// lines in the file), findings and metric inputs; 2024 paired with the file's first report.
fn multi_report_file(db: &Db) {
    let dir = tempfile::tempdir().unwrap();
    let (dump_path, next) = (dir.path().join("dump.txt"), dir.path().join("010_hongze_2024.txt"));
    std::fs::write(&dump_path, dump(&["009_hongze_2023.txt", "014_shanghai_bgt_2025.txt", "001_7e3cf29f5d278207.txt"])).unwrap();
    std::fs::copy(fixtures().join("010_hongze_2024.txt"), &next).unwrap();
    let (code, err) = export(&[dir.path()], db.arg());
    assert_eq!(code, 0, "{err}");
    // Two files, four reports.
    assert!(err.contains("新文件 2 个") && err.contains("写入报告 4 份"), "{err}");
    let rows = db.rows("SELECT ordinal, version, current, agency, year, errors, warnings, infos FROM reports WHERE path LIKE '%dump.txt' ORDER BY ordinal");
    let want: Vec<Vec<String>> = [
        // 009: 2 errors (t4_total ×2), 2 warnings (label_variant ×2), as `check` counts it alone.
        ["1", "1", "1", "淮安市洪泽区政府", "2023", "2", "2", "0"],
        ["2", "1", "1", "上海市政府办公厅", "2025", "1", "1", "0"],
        ["3", "1", "1", "拱墅区政府办公室", "2020", "1", "1", "0"],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(rows, want);
    // The metrics of each report are its own: the hand-computed values of 009, 010 (its
    // predecessor the file's first report) and 014.
    assert_hand_values_of(&db.metrics(), &["淮安市洪泽区政府", "上海市政府办公厅"]);
    // 拱墅区政府办公室 2020 (001): 新收 41, 予以公开 7 → 17.0732 %.
    let m = db.metrics();
    assert!(close(m[&("拱墅区政府办公室".to_string(), 2020, "received".to_string())].0, Some(41.0)));
    assert!(close(m[&("拱墅区政府办公室".to_string(), 2020, "disclosure_rate".to_string())].0, Some(17.0732)));
    // Each report's cells and findings are those of the fixture alone.
    let alone = tempfile::tempdir().unwrap();
    let lite = alone.path().join("alone.sqlite");
    assert_eq!(export(&[&fixtures().join("009_hongze_2023.txt"), &fixtures().join("014_shanghai_bgt_2025.txt"), &fixtures().join("001_7e3cf29f5d278207.txt")], lite.to_str().unwrap()).0, 0);
    let alone = Db::Lite(lite);
    for (ordinal, name) in [(1, "009_hongze_2023.txt"), (2, "014_shanghai_bgt_2025.txt"), (3, "001_7e3cf29f5d278207.txt")] {
        let of_dump = |what: &str| db.rows(&format!("SELECT {what} FROM reports r WHERE r.path LIKE '%dump.txt' AND r.ordinal = {ordinal}"));
        let of_alone = |what: &str| alone.rows(&format!("SELECT {what} FROM reports r WHERE r.path LIKE '%{name}'"));
        for what in [
            "(SELECT COUNT(*) FROM cells c WHERE c.report_id = r.id)",
            "(SELECT COUNT(*) FROM findings f WHERE f.report_id = r.id)",
            "(SELECT COUNT(*) FROM report_metrics m WHERE m.report_id = r.id)",
            "title",
            "template",
        ] {
            assert_eq!(of_dump(what), of_alone(what), "{name}: {what}");
        }
    }
    // By hand: 洪泽区 2023's 行政复议 总计 is written 0 where its parts add up to 11 (t4_total),
    // in the file's first report; 上海's 新收 总计 1295 is in the second.
    assert_eq!(db.rows("SELECT r.ordinal, f.row_label, f.stated, f.expected FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.path LIKE '%dump.txt' AND f.rule = 't4_total' ORDER BY f.line LIMIT 1"), [["1", "行政复议", "0", "11"]]);
    let text = std::fs::read_to_string(&dump_path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let cells = db.rows("SELECT ordinal, raw, line, col FROM labelled_cells WHERE path LIKE '%dump.txt' AND table_no = 3 AND row_label = '一、本年新收' AND column_label = '总计' ORDER BY ordinal");
    assert_eq!(cells.iter().map(|c| (c[0].as_str(), c[1].as_str())).collect::<Vec<_>>(), [("1", "21"), ("2", "1295"), ("3", "41")]);
    for c in &cells {
        // Its line and column in the file hold its text.
        let (line, col): (usize, usize) = (c[2].parse().unwrap(), c[3].parse().unwrap());
        let at: String = lines[line - 1].chars().skip(col - 1).take(c[1].chars().count()).collect();
        assert_eq!(at, c[1], "{c:?}");
    }
    let pair = "SELECT r.path, p.path, p.ordinal, p.version FROM pairs x JOIN reports r ON r.id = x.report_id JOIN reports p ON p.id = x.previous_id WHERE r.current = 1";
    let got = db.rows(pair);
    assert!(got.len() == 1 && got[0][0].ends_with("010_hongze_2024.txt") && got[0][1].ends_with("dump.txt") && got[0][2..] == ["1", "1"], "{got:?}");

    // Again: both files unchanged, nothing written.
    let (code, err) = export(&[dir.path()], db.arg());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("新文件 0 个，新版本 0 个，未变（跳过）2 个") && err.contains("写入报告 0 份"), "{err}");
    assert_eq!(db.count("SELECT COUNT(*) FROM reports"), 4);
    // 上海's 新收 自然人 1259 → 1260: a new version of all three reports of the file, the old
    // ones kept; 2024 (unchanged) is paired with the new version of its predecessor.
    std::fs::write(&dump_path, text.replacen("1259\t36", "1260\t36", 1)).unwrap();
    let (code, err) = export(&[dir.path()], db.arg());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("新版本 1 个，未变（跳过）1 个") && err.contains("写入报告 3 份") && err.contains("重新配对 1 份"), "{err}");
    let versions = db.rows("SELECT ordinal, version, current FROM reports WHERE path LIKE '%dump.txt' ORDER BY version, ordinal");
    let want: Vec<Vec<String>> = ["110", "210", "310", "121", "221", "321"].iter().map(|v| v.chars().map(String::from).collect()).collect();
    assert_eq!(versions, want);
    assert_eq!(db.count("SELECT COUNT(*) FROM reports WHERE current = 1"), 4);
    let got = db.rows(pair);
    assert!(got.len() == 1 && got[0][2..] == ["1", "2"], "{got:?}");
    // The views read the new version: 上海's 新收 自然人 changed, its 总计 (1295) did not.
    assert_hand_values_of(&db.metrics(), &["淮安市洪泽区政府", "上海市政府办公厅"]);
    assert_eq!(db.count("SELECT COUNT(*) FROM cells c JOIN reports r ON r.id = c.report_id WHERE r.path LIKE '%dump.txt'"), 2 * db.count("SELECT COUNT(*) FROM cells c JOIN reports r ON r.id = c.report_id WHERE r.path LIKE '%dump.txt' AND r.current = 1"));
}

#[test]
fn sqlite_multi_report_file() {
    let dir = tempfile::tempdir().unwrap();
    multi_report_file(&Db::Lite(dir.path().join("r.sqlite")));
}

#[test]
fn postgres_multi_report_file() {
    let Some(server) = pg::Server::start_or_skip("postgres_multi_report_file") else { return };
    multi_report_file(&Db::Pg(server.url.clone()));
}

/// 2023's report changes (3 applications carried over) while 2024's does not: 2024's pair
/// points at 2023's new version, its cross-year findings are run again (2 `xy_carry_over`
/// errors), its counts and findings metrics follow; 2023 changed back, they go again.
fn repair(db: &Db) {
    let dir = tempfile::tempdir().unwrap();
    for f in ["009_hongze_2023.txt", "010_hongze_2024.txt"] {
        std::fs::copy(fixtures().join(f), dir.path().join(f)).unwrap();
    }
    let prev = dir.path().join("009_hongze_2023.txt");
    let original = std::fs::read_to_string(&prev).unwrap();
    let (code, err) = export(&[dir.path()], db.arg());
    assert_eq!(code, 0, "{err}");
    let of_2024 = "SELECT p.version, x.cross_year_findings, r.errors, r.version, (SELECT COUNT(*) FROM findings f WHERE f.report_id = r.id AND f.rule = 'xy_carry_over'), \
                   (SELECT CAST(numerator AS INTEGER) FROM report_metrics m WHERE m.report_id = r.id AND m.metric = 'errors_per_report') \
                   FROM reports r JOIN pairs x ON x.report_id = r.id JOIN reports p ON p.id = x.previous_id WHERE r.current = 1 AND r.path LIKE '%2024.txt'";
    let row = |v: [&str; 6]| vec![v.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    // (predecessor's version, cross-year findings, errors, 2024's version, xy_carry_over, errors_per_report)
    assert_eq!(db.rows(of_2024), row(["1", "0", "0", "1", "0", "0"]));
    let findings = db.count("SELECT COUNT(*) FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.path LIKE '%2024.txt'");
    carry_over_3(&prev);
    let (code, err) = export(&[dir.path()], db.arg());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("新版本 1 个，未变（跳过）1 个") && err.contains("重新配对 1 份"), "{err}");
    assert_eq!(db.rows(of_2024), row(["2", "2", "2", "1", "2", "2"]));
    assert_eq!(db.count("SELECT COUNT(*) FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.path LIKE '%2024.txt'"), findings + 2);
    assert!(close(db.metrics()[&("淮安市洪泽区政府".to_string(), 2024, "errors_per_report".to_string())].0, Some(2.0)));
    // Unchanged again: nothing to re-pair.
    let (_, err) = export(&[dir.path()], db.arg());
    assert!(err.contains("未变（跳过）2 个") && err.contains("重新配对 0 份"), "{err}");
    // 2023 as it was (a third version): the carry-over findings go.
    std::fs::write(&prev, original).unwrap();
    let (_, err) = export(&[dir.path()], db.arg());
    assert!(err.contains("重新配对 1 份"), "{err}");
    assert_eq!(db.rows(of_2024), row(["3", "0", "0", "1", "0", "0"]));
    assert_eq!(db.count("SELECT COUNT(*) FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.path LIKE '%2024.txt'"), findings);
    assert_eq!(db.count("SELECT COUNT(*) FROM pairs"), 1);
}

#[test]
fn sqlite_repairs_when_the_predecessor_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    repair(&Db::Lite(db.clone()));
    let broken: i64 = rusqlite::Connection::open(&db).unwrap().query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0);
}

#[test]
fn postgres_repairs_when_the_predecessor_changes() {
    let Some(server) = pg::Server::start_or_skip("postgres_repairs_when_the_predecessor_changes") else { return };
    repair(&Db::Pg(server.url.clone()));
}

/// A database of schema version 1 (one report row per file, `UNIQUE (path, version)`) with a
/// report, its cell and a pair, as an older nianbao wrote it: the export migrates it to
/// version 2, keeps its rows (ordinal 1), skips the unchanged file and writes a file holding
/// two reports.
fn migrate_v1(db: &Db, run: &mut dyn FnMut(&str)) {
    use nianbao::export::schema::{statements, Dialect, MIGRATIONS};
    let dialect = if matches!(db, Db::Lite(_)) { Dialect::Sqlite } else { Dialect::Postgres };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("010_hongze_2024.txt");
    std::fs::copy(fixtures().join("010_hongze_2024.txt"), &file).unwrap();
    let hash = nianbao::export::record::hash(&std::fs::read(&file).unwrap());
    let path = file.to_str().unwrap();
    run(nianbao::export::schema::MIGRATIONS_TABLE);
    for s in statements(&MIGRATIONS[0], dialect) {
        run(&s);
    }
    run("INSERT INTO schema_migrations (version, applied_at, nianbao_version) VALUES (1, 'then', '0.1.0')");
    run(&format!("INSERT INTO reports (id, path, version, current, content_hash, format, title, agency, year, errors, warnings, infos, checked_at, nianbao_version) VALUES (1, '{path}', 1, 1, '{hash}', 'text', 't', '淮安市洪泽区政府', 2024, 0, 3, 0, 'then', '0.1.0')"));
    run(&format!("INSERT INTO reports (id, path, version, current, content_hash, format, title, agency, year, checked_at, nianbao_version) VALUES (2, '{path}.old', 1, 1, 'x', 'text', 't', '淮安市洪泽区政府', 2023, 'then', '0.1.0')"));
    run("INSERT INTO slots (id, table_no, item, row_label, column_label) VALUES (1, 3, 0, '一、本年新收', '总计')");
    run("INSERT INTO cells (report_id, slot_id, raw, value, semantic) VALUES (1, 1, '95', 95, 'number')");
    run("INSERT INTO pairs (report_id, previous_id, cross_year_findings) VALUES (1, 2, 0)");
    let (code, err) = export(&[&file], db.arg());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("未变（跳过）1 个"), "{err}");
    assert_eq!(db.count("SELECT MAX(version) FROM schema_migrations"), 2);
    assert_eq!(db.rows("SELECT id, ordinal, version, current FROM reports ORDER BY id"), [["1", "1", "1", "1"], ["2", "1", "1", "1"]]);
    assert_eq!(db.rows("SELECT ordinal, raw FROM labelled_cells"), [["1", "95"]]);
    // (The run does not hold the predecessor: the pair the database holds stays.)
    assert_eq!(db.count("SELECT COUNT(*) FROM pairs"), 1);
    // Two reports of one file, both version 1 of their path: the new unique key allows them.
    let two = dir.path().join("two.txt");
    std::fs::write(&two, dump(&["009_hongze_2023.txt", "014_shanghai_bgt_2025.txt"])).unwrap();
    let (code, err) = export(&[&two], db.arg());
    assert_eq!(code, 0, "{err}");
    assert_eq!(db.rows("SELECT ordinal, version FROM reports WHERE path LIKE '%two.txt' ORDER BY ordinal"), [["1", "1"], ["2", "1"]]);
    assert_eq!(db.count("SELECT COUNT(*) FROM agency_year_metrics WHERE year = 2025"), db.count("SELECT COUNT(*) FROM metrics"));
}

#[test]
fn sqlite_migrates_a_version_1_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v1.sqlite");
    let c = rusqlite::Connection::open(&db).unwrap();
    migrate_v1(&Db::Lite(db.clone()), &mut |sql| c.execute_batch(sql).unwrap());
    let broken: i64 = c.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0);
    // The rebuilt table is the one the other tables refer to.
    let refers: String = c.query_row("SELECT \"table\" FROM pragma_foreign_key_list('cells') WHERE \"from\" = 'report_id'", [], |r| r.get(0)).unwrap();
    assert_eq!(refers, "reports");
}

#[test]
fn postgres_migrates_a_version_1_database() {
    let Some(server) = pg::Server::start_or_skip("postgres_migrates_a_version_1_database") else { return };
    let mut c = postgres::Client::connect(&server.url, postgres::NoTls).unwrap();
    migrate_v1(&Db::Pg(server.url.clone()), &mut |sql| c.batch_execute(sql).unwrap());
}

/// `nianbao dashboard --db` of the same export in SQLite and in PostgreSQL: the same pages.
#[test]
fn dashboard_reads_postgres_as_sqlite() {
    let Some(server) = pg::Server::start_or_skip("dashboard_reads_postgres_as_sqlite") else { return };
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    for f in ["009_hongze_2023.txt", "010_hongze_2024.txt", "000_17fa4905ce5d6912.txt"] {
        std::fs::copy(fixtures().join(f), reports.join(f)).unwrap();
    }
    std::fs::write(reports.join("dump.txt"), dump(&["014_shanghai_bgt_2025.txt", "001_7e3cf29f5d278207.txt"])).unwrap();
    let lite = dir.path().join("r.sqlite");
    let mut pages = Vec::new();
    for db in [lite.to_str().unwrap(), server.url.as_str()] {
        assert_eq!(export(&[&reports], db).0, 0);
        let out = dir.path().join(if db.contains("://") { "pg" } else { "lite" });
        let run = Command::new(env!("CARGO_BIN_EXE_nianbao")).args(["dashboard", "--db", db, "-o"]).arg(&out).output().unwrap();
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{err}");
        assert!(err.contains("5 份报告"), "{err}");
        let mut files: Vec<(String, String)> = std::fs::read_dir(out.join("regions")).unwrap().map(|e| e.unwrap().path()).map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())).collect();
        files.sort();
        files.push(("index.html".into(), std::fs::read_to_string(out.join("index.html")).unwrap()));
        pages.push(files);
    }
    assert!(pages[0].len() > 2, "{:?}", pages[0].iter().map(|p| &p.0).collect::<Vec<_>>());
    // The two reports of one file named apart.
    assert!(pages[0].last().unwrap().1.contains("dump.txt #2"));
    for (a, b) in pages[0].iter().zip(&pages[1]) {
        assert_eq!(a.0, b.0);
        if a.1 != b.1 {
            let at = a.1.bytes().zip(b.1.bytes()).position(|(x, y)| x != y).unwrap_or(0);
            let near = |s: &str| s.get(at.saturating_sub(200)..(at + 200).min(s.len())).unwrap_or("").to_string();
            panic!("{} differs between SQLite and PostgreSQL:\n{}\n---\n{}", a.0, near(&a.1), near(&b.1));
        }
    }
    assert_eq!(pages[0].len(), pages[1].len());
}
