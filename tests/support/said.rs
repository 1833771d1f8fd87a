#![allow(dead_code)] // each test file uses a part of it
//! What the format tests compare: each file's findings as (rule, stated, expected, the text
//! of the cell they point at), read from the real binary's JSON; the text is the file itself
//! for text files and the rendering `check --print-text` prints for the others.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("run nianbao")
}

pub fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    v.sort();
    v
}

/// What a finding says: rule, stated, expected and the text at its span.
pub type Said = (String, Value, Value, String);

/// The findings of each file, with the text each finding points at in the text its positions
/// refer to (the file itself for text, the rendering `--print-text` prints for other files).
pub fn said(paths: &[PathBuf]) -> Vec<Vec<Said>> {
    let mut args = vec!["check".to_string(), "--format".into(), "json".into()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    v.as_array()
        .unwrap()
        .iter()
        .zip(paths)
        .map(|(f, p)| {
            assert!(f.get("error").is_none(), "{f}");
            let shown = if p.extension().is_some_and(|e| e == "txt") {
                std::fs::read_to_string(p).unwrap()
            } else {
                String::from_utf8(run(&["check", "--print-text", p.to_str().unwrap()]).stdout).unwrap()
            };
            let lines: Vec<&str> = shown.lines().collect();
            let mut x: Vec<Said> = f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| {
                    let n = |k: &str| g[k].as_u64().unwrap_or(0) as usize;
                    let cell = if n("line") == n("end_line") && n("line") > 0 {
                        lines.get(n("line") - 1).map(|l| l.chars().skip(n("column") - 1).take(n("end_column") - n("column")).collect()).unwrap_or_default()
                    } else {
                        String::new()
                    };
                    (g["rule"].as_str().unwrap().to_string(), g["stated"].clone(), g["expected"].clone(), cell)
                })
                .collect();
            x.sort_by_key(|a| format!("{a:?}"));
            x
        })
        .collect()
}

