//! `nianbao fmt [--check] PATH…`: write every recognised table in its file's canonical layout
//! (`table_layout`: TAB-separated rows in text, aligned pipe tables in Markdown). The edits are
//! spliced into the file's original bytes as `fix` does (`splice`), so encoding, BOM and line
//! endings stay; a GB18030 file is only rewritten when it round-trips, the result is decoded
//! back and compared before `writeback` writes it (temporary file and rename). `--check`
//! writes nothing: it prints the files that would change and exits 1 when there are any.
//! HTML pages, word-processor files and PDFs are not formatted (named files are said so).

use super::input::{discover, encode, read, Encoding};
use super::splice::{apply, apply_to_bytes};
use super::writeback::{remove_stale_temps, write_back};
use super::{say, term};
use crate::finding::Locale;
use crate::table_layout::{table_edits, Layout};
use crate::vocab::CheckOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What formatting one file did.
enum Done {
    /// How many tables were (or would be) rewritten.
    Tables(usize),
    /// Not a file whose text nianbao writes (HTML, .docx, .doc/.wps, PDF).
    NotText,
}

fn fmt_one(path: &Path, check: bool, force: bool, opts: &CheckOptions) -> Result<Done, String> {
    let named = |e: &str| format!("{}: {e}", term::path(path));
    if term::is_stdin(path) {
        return Err(named("fmt 只能排版文件，不能排版标准输入 / fmt formats files, not standard input"));
    }
    let layout = match Layout::for_name(&path.to_string_lossy()) {
        Some(l) if crate::formats::kind(path) == crate::formats::Kind::Text => l,
        _ => return Ok(Done::NotText),
    };
    let src = read(path)?;
    if src.encoding == Encoding::Gb18030 && encode(&src.text, src.encoding).map_err(|e| named(&e))? != src.bytes {
        return Err(named("GB18030 文本无法逐字节还原，未修改 / the file does not round-trip through GB18030; not changed"));
    }
    let edits = std::panic::catch_unwind(|| table_edits(&src.text, opts, layout)).map_err(|_| named("内部错误：排版时崩溃，未修改 / internal error while formatting; not changed"))?;
    if edits.is_empty() || check {
        return Ok(Done::Tables(edits.len()));
    }
    let new_bytes = apply_to_bytes(&src.bytes, &src.text, src.encoding, &edits).map_err(|e| named(&e))?;
    let new_text = apply(&src.text, &edits);
    match super::input::decode(&new_bytes) {
        Ok((t, enc)) if t == new_text && enc == src.encoding => {}
        _ => return Err(named("内部错误：排版结果无法还原，未修改 / internal error: result does not decode back; not changed")),
    }
    write_back(path, &src.bytes, &new_bytes, force)?;
    Ok(Done::Tables(edits.len()))
}

fn done_line(p: &Path, n: usize, locale: Locale) -> String {
    let p = term::path(p);
    match locale {
        Locale::Zh => format!("{p}：已排版 {n} 个表格"),
        Locale::En => format!("{p}: formatted {n} table(s)"),
    }
}

fn not_text(p: &Path, locale: Locale) -> String {
    let p = term::path(p);
    match locale {
        Locale::Zh => format!("nianbao: {p}：HTML、Word/WPS 和 PDF 文件不排版，未修改"),
        Locale::En => format!("nianbao: {p}: HTML pages, Word/WPS files and PDFs are not formatted; not changed"),
    }
}

fn summary(files: usize, changed: usize, failed: usize, check: bool, locale: Locale) -> String {
    match (locale, check) {
        (Locale::Zh, false) => format!("处理 {files} 个文件：排版 {changed} 个文件；{failed} 个文件出错"),
        (Locale::Zh, true) => format!("处理 {files} 个文件：{changed} 个文件需要排版（未写入）；{failed} 个文件出错"),
        (Locale::En, false) => format!("{files} file(s): formatted {changed}; {failed} failed"),
        (Locale::En, true) => format!("{files} file(s): {changed} would be formatted (nothing written); {failed} failed"),
    }
}

/// `nianbao fmt`: 0 when every file is (now) formatted, 1 under `--check` when some file would
/// change, 2 when some file could not be read, decoded or written.
pub fn run(paths: &[PathBuf], check: bool, force: bool, locale: Locale, opts: &CheckOptions) -> i32 {
    let (inputs, errors) = discover(paths);
    for e in &errors {
        say(&format!("nianbao: {e}"));
    }
    if inputs.is_empty() && errors.is_empty() {
        say(&super::report_file::nothing_found(0));
        return 2;
    }
    let (mut changed, mut failed) = (0, errors.len());
    let mut tidied = std::collections::HashSet::new();
    let mut stdout = std::io::stdout().lock();
    for i in &inputs {
        if !check && !term::is_stdin(&i.path) {
            let real = std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone());
            if tidied.insert(real.parent().map(Path::to_path_buf).unwrap_or_default()) {
                for p in real.parent().map(remove_stale_temps).unwrap_or_default() {
                    say(&format!("nianbao: removed {}", term::path(&p)));
                }
            }
        }
        match fmt_one(&i.path, check, force, opts) {
            Ok(Done::Tables(0)) => {}
            Ok(Done::Tables(_)) if check => {
                changed += 1;
                // A closed stdout (`| head`) is not an error worth reporting.
                let _ = writeln!(stdout, "{}", term::path(&i.path));
            }
            Ok(Done::Tables(n)) => {
                changed += 1;
                say(&done_line(&i.path, n, locale));
            }
            Ok(Done::NotText) if i.explicit => say(&not_text(&i.path, locale)),
            Ok(Done::NotText) => {}
            Err(e) => {
                failed += 1;
                say(&format!("nianbao: {e}"));
            }
        }
    }
    let _ = stdout.flush();
    say(&summary(inputs.len(), changed, failed, check, locale));
    match (failed, check && changed > 0) {
        (1.., _) => 2,
        (0, true) => 1,
        (0, false) => 0,
    }
}
