//! `nianbao fix`: fill every computed 总计 cell in place (with `--narrative`, also set the
//! narrative's numbers to the tables' and fill blank cells a sentence states: `fix_edits`). The
//! edits are byte
//! ranges of the decoded text; `splice` maps them onto the file's ORIGINAL bytes (past the BOM,
//! by the encoded length of the text before each edit) and splices them there, so every other
//! byte — encoding, BOM, line endings, spacing — stays as it was. A GBK/GB18030 file is only
//! rewritten when it round-trips exactly through the decoder, and the result is decoded again
//! and compared with the intended text before anything is written; `writeback` writes it
//! (atomically, keeping permissions, owner, group and hard links); on any error the original is
//! left untouched. `--dry-run` prints a unified diff. A named file that is no report is refused
//! (`not_a_report`); file names are escaped for the terminal everywhere.

use super::input::{discover, encode, read, Encoding};
use super::splice::{apply, apply_to_bytes};
use super::writeback::{remove_stale_temps, write_back, Mode};
use super::{say, term};
use crate::api::{check_text, fix_edits};
use crate::finding::Locale;
use crate::vocab::CheckOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What fixing one file did.
enum Fixed {
    /// How many cells were (or would be) filled and, for a dry run, the diff.
    Cells { cells: usize, diff: Option<String> },
    /// The text is not an annual report; nothing was written.
    NotAReport,
}

/// Fix one file.
fn fix_one(path: &Path, mode: Mode, opts: &CheckOptions, narrative: bool) -> Result<Fixed, String> {
    // HTML pages and DOCX packages: their own splice (`fix_formats`).
    if let Some(r) = super::fix_formats::fix(path, mode, opts, narrative) {
        return r.map(|f| Fixed::Cells { cells: f.cells, diff: f.diff });
    }
    let named = |e: String| format!("{}: {e}", term::path(path));
    if term::is_stdin(path) {
        return Err(named("fix 只能修改文件，不能修改标准输入（检查请用 check -）/ fix rewrites files, not standard input (use check - to check it)".into()));
    }
    let src = read(path)?;
    if src.encoding == Encoding::Gb18030 && encode(&src.text, src.encoding).map_err(named)? != src.bytes {
        return Err(named("GB18030 文本无法逐字节还原，未修改 / the file does not round-trip through GB18030; not changed".into()));
    }
    let edits = std::panic::catch_unwind(|| fix_edits(&src.text, opts, narrative))
        .map_err(|_| named("内部错误：计算总计时崩溃，未修改 / internal error while computing totals; not changed".into()))?;
    if edits.is_empty() {
        // Nothing to fill: say whether that is because it is no report at all.
        let is_report = std::panic::catch_unwind(|| check_text(&src.text, opts).is_report).unwrap_or(true);
        return Ok(if is_report { Fixed::Cells { cells: 0, diff: None } } else { Fixed::NotAReport });
    }
    let new_bytes = apply_to_bytes(&src.bytes, &src.text, src.encoding, &edits).map_err(named)?;
    let new_text = apply(&src.text, &edits);
    // The bytes written must decode to exactly the intended text.
    match super::input::decode(&new_bytes) {
        Ok((t, enc)) if t == new_text && enc == src.encoding => {}
        _ => return Err(named("内部错误：修复结果无法还原，未修改 / internal error: result does not decode back; not changed".into())),
    }
    if mode.dry_run {
        let name = term::path(path);
        let diff = similar::TextDiff::from_lines(&src.text, &new_text)
            .unified_diff()
            .context_radius(2)
            .header(&name, &name)
            .to_string();
        return Ok(Fixed::Cells { cells: edits.len(), diff: Some(diff) });
    }
    write_back(path, &src.bytes, &new_bytes, mode.force)?;
    Ok(Fixed::Cells { cells: edits.len(), diff: None })
}

fn line(p: &Path, n: usize, dry_run: bool, narrative: bool, locale: Locale) -> String {
    let p = term::path(p);
    if narrative {
        return match (locale, dry_run, n) {
            (Locale::Zh, _, 0) => format!("{p}：无需修改"),
            (Locale::Zh, true, n) => format!("{p}：将修改 {n} 处（总计与正文数字，未写入）"),
            (Locale::Zh, false, n) => format!("{p}：已修改 {n} 处（总计与正文数字）"),
            (Locale::En, _, 0) => format!("{p}: nothing to change"),
            (Locale::En, true, n) => format!("{p}: would change {n} place(s) (totals and narrative numbers; not written)"),
            (Locale::En, false, n) => format!("{p}: changed {n} place(s) (totals and narrative numbers)"),
        };
    }
    match (locale, dry_run, n) {
        (Locale::Zh, _, 0) => format!("{p}：无需填写"),
        (Locale::Zh, true, n) => format!("{p}：将填写 {n} 个总计单元格（未写入）"),
        (Locale::Zh, false, n) => format!("{p}：已填写 {n} 个总计单元格"),
        (Locale::En, _, 0) => format!("{p}: nothing to fill"),
        (Locale::En, true, n) => format!("{p}: would fill {n} total cell(s) (not written)"),
        (Locale::En, false, n) => format!("{p}: filled {n} total cell(s)"),
    }
}

fn not_a_report(p: &Path, locale: Locale) -> String {
    let p = term::path(p);
    match locale {
        Locale::Zh => format!("nianbao: {p}: not_a_report：未识别为政府信息公开工作年度报告（缺少标题或统计表），未修改"),
        Locale::En => format!("nianbao: {p}: not_a_report: not recognised as a government information-disclosure annual report (no title or tables); not changed"),
    }
}

fn removed_temp(p: &Path, locale: Locale) -> String {
    let p = term::path(p);
    match locale {
        Locale::Zh => format!("nianbao: 已删除上次中断的修复留下的临时文件 {p}"),
        Locale::En => format!("nianbao: removed {p}, a temporary file left by an interrupted fix"),
    }
}

fn summary(files: usize, changed: usize, cells: usize, failed: usize, skipped: usize, dry_run: bool, locale: Locale) -> String {
    let skipped = match (locale, skipped) {
        (_, 0) => String::new(),
        (Locale::Zh, n) => format!("；跳过 {n} 个非报告文件"),
        (Locale::En, n) => format!("; skipped {n} non-report file(s)"),
    };
    let line = match (locale, dry_run) {
        (Locale::Zh, false) => format!("处理 {files} 个文件：{changed} 个文件共填写 {cells} 个总计单元格；{failed} 个文件出错"),
        (Locale::Zh, true) => format!("处理 {files} 个文件：{changed} 个文件将填写 {cells} 个总计单元格（未写入）；{failed} 个文件出错"),
        (Locale::En, false) => format!("{files} file(s): filled {cells} total cell(s) in {changed} file(s); {failed} failed"),
        (Locale::En, true) => format!("{files} file(s): would fill {cells} total cell(s) in {changed} file(s) (nothing written); {failed} failed"),
    };
    line + &skipped
}

/// `nianbao fix`: 0 when every file was handled, 2 when some could not be read or written (or,
/// named on the command line, is not a report).
pub fn run(paths: &[PathBuf], mode: Mode, narrative: bool, locale: Locale, opts: &CheckOptions) -> i32 {
    let (inputs, errors) = discover(paths);
    super::memory::fit_to(&inputs);
    for e in &errors {
        say(&format!("nianbao: {e}"));
    }
    if inputs.is_empty() && errors.is_empty() {
        say(&super::report_file::nothing_found(0));
        return 2;
    }
    let (mut changed, mut cells, mut failed, mut skipped) = (0, 0, errors.len(), 0);
    let mut tidied = std::collections::HashSet::new();
    let mut stdout = std::io::stdout().lock();
    for i in &inputs {
        if !mode.dry_run && !term::is_stdin(&i.path) {
            let real = std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone());
            let dir = real.parent().map(Path::to_path_buf).unwrap_or_default();
            if tidied.insert(dir.clone()) {
                for p in remove_stale_temps(&dir) {
                    say(&removed_temp(&p, locale));
                }
            }
        }
        match fix_one(&i.path, mode, opts, narrative) {
            Ok(Fixed::Cells { cells: n, diff }) => {
                if let Some(d) = diff {
                    // A closed stdout (e.g. `| head`) is not an error worth reporting.
                    let _ = stdout.write_all(d.as_bytes()).and_then(|_| stdout.flush());
                }
                if n > 0 {
                    changed += 1;
                    cells += n;
                }
                say(&line(&i.path, n, mode.dry_run, narrative, locale));
            }
            Ok(Fixed::NotAReport) if i.explicit && !opts.disabled_rules.contains("not_a_report") => {
                failed += 1;
                say(&not_a_report(&i.path, locale));
            }
            Ok(Fixed::NotAReport) => skipped += 1,
            Err(e) => {
                failed += 1;
                say(&format!("nianbao: {e}"));
            }
        }
    }
    say(&summary(inputs.len(), changed, cells, failed, skipped, mode.dry_run, locale));
    if failed > 0 {
        2
    } else {
        0
    }
}
