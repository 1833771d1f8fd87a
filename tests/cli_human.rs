//! `nianbao check`'s human output, running the real binary: frames fit the width (`COLUMNS`,
//! else the terminal's, through a pseudo-terminal made by `script`), stay small on an 800 KB
//! line, say what a `t3_column_balance` marker's numbers are, and colour as `--color`,
//! `NO_COLOR` and `TERM=dumb` say.

use std::path::{Path, PathBuf};
use std::process::Command;
use unicode_width::UnicodeWidthStr;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Lines wider than `max` columns, the `-->` path lines excepted (a path is never cut).
fn too_wide(out: &str, max: usize) -> Vec<String> {
    out.lines().filter(|l| !l.contains("--> ") && l.width() > max).map(String::from).collect()
}

fn human(args: &[&str], path: &Path, columns: &str) -> String {
    let out = bin().args(["check"]).args(args).arg(path).env("COLUMNS", columns).output().expect("run nianbao");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn frames_fit_80_columns_on_the_real_reports() {
    for lang in ["zh", "en"] {
        let out = human(&["--lang", lang], &fixture(""), "80");
        assert!(out.lines().filter(|l| l.trim_start().starts_with("--> ")).count() >= 15, "{out}");
        let wide = too_wide(&out, 80);
        assert!(wide.is_empty(), "{lang}: lines wider than 80 columns:\n{}", wide.join("\n"));
        let narrow = human(&["--lang", lang], &fixture(""), "50");
        assert!(too_wide(&narrow, 50).is_empty(), "{lang} at 50 columns:\n{}", too_wide(&narrow, 50).join("\n"));
    }
}

/// Hundreds of findings on one 800 KB line: each frame shows a window of the line, so every
/// frame is a few hundred bytes (the time it takes is in README's Performance section).
#[test]
fn frames_on_an_800_kb_line_stay_small() {
    let text = std::fs::read_to_string(fixture("001_7e3cf29f5d278207.txt")).unwrap();
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    let copies = 800_000 / lines[6].len() + 1;
    lines[6] = lines[6].repeat(copies);
    assert!(lines[6].len() >= 800_000);
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("long.txt");
    std::fs::write(&p, lines.join("\n")).unwrap();
    let out = human(&[], &p, "80");
    let frames = out.lines().filter(|l| l.trim_start().starts_with("--> ")).count();
    assert!(frames >= copies, "one finding per copy at least: {frames}");
    assert!(out.len() < frames * 600, "{} bytes for {frames} frames", out.len());
    assert!(too_wide(&out, 80).is_empty(), "{:?}", &too_wide(&out, 80)[..1]);
}

#[test]
fn the_column_balance_marker_names_both_sums() {
    let text = std::fs::read_to_string(fixture("001_7e3cf29f5d278207.txt")).unwrap();
    let from = "\t四、结转下年度继续办理\n\t0\n";
    assert!(text.contains(from));
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("balance.txt");
    std::fs::write(&p, text.replacen(from, "\t四、结转下年度继续办理\n\t3\n", 1)).unwrap();
    let zh = human(&["--disable", "year_future"], &p, "80");
    let en = human(&["--lang", "en"], &p, "80");
    // The marked cell holds 3; the numbers under it are the equation's two sides, named.
    assert!(zh.contains("^ 一+二 = 36，但（七）总计+四 = 39"), "{zh}");
    assert!(en.contains("^ new + carried in = 36, but total + carried over = 39"), "{en}");
    assert!(!zh.contains("39 → 36") && !en.contains("39 → 36"));
}

#[test]
fn color_is_chosen_by_flag_and_environment() {
    let p = fixture("009_hongze_2023.txt");
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = bin();
        c.arg("check").args(args).arg(&p).env_remove("NO_COLOR");
        for (k, v) in env {
            c.env(k, v);
        }
        String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned()
    };
    assert!(run(&["--color", "always"], &[]).contains("\x1b[1;31merror[t4_total]\x1b[0m"));
    assert!(run(&["--color", "always"], &[("NO_COLOR", "1"), ("TERM", "dumb")]).contains('\x1b'), "an explicit choice wins");
    assert!(!run(&["--color", "never"], &[]).contains('\x1b'));
    assert!(!run(&[], &[]).contains('\x1b'), "auto: not a terminal");
}

/// On a terminal (a pseudo-terminal from util-linux's `script`): the terminal's width is used
/// when COLUMNS is unset, colour is on by default, and off with TERM=dumb or NO_COLOR.
#[cfg(unix)]
#[test]
fn on_a_terminal_width_and_colour_follow_it() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let p = fixture("009_hongze_2023.txt");
    let on_tty = |env: &str| {
        let cmd = format!("stty cols 60 rows 50; env -u COLUMNS -u NO_COLOR {env} '{}' check '{}'", env!("CARGO_BIN_EXE_nianbao"), p.display());
        let out = Command::new("script").args(["-qec", &cmd, "/dev/null"]).output().expect("script");
        String::from_utf8_lossy(&out.stdout).replace('\r', "")
    };
    let plain = |s: &str| {
        let mut out = String::new();
        let mut it = s.split('\x1b');
        out.push_str(it.next().unwrap_or(""));
        for part in it {
            out.push_str(part.split_once('m').map_or(part, |(_, rest)| rest));
        }
        out
    };
    let coloured = on_tty("TERM=xterm");
    assert!(coloured.contains("\x1b[1;31merror[t4_total]"), "{coloured}");
    assert!(plain(&coloured).contains("error[t4_total]"));
    assert!(too_wide(&plain(&coloured), 60).is_empty(), "{}", too_wide(&plain(&coloured), 60).join("\n"));
    assert!(too_wide(&plain(&coloured), 50).len() > 1, "the width used is the terminal's (60), not a fixed one");
    for env in ["TERM=dumb", "TERM=xterm NO_COLOR=1"] {
        let out = on_tty(env);
        assert!(out.contains("error[t4_total]") && !out.contains('\x1b'), "{env}: {out}");
    }
}
