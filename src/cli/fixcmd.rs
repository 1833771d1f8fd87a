//! `nianbao fix`: fill every computed 总计 cell in place. The edits from `fill_totals` are byte
//! ranges of the decoded text; they are mapped onto the file's ORIGINAL bytes (past the BOM, by
//! the encoded length of the text before each edit) and spliced there, so every other byte —
//! encoding, BOM, line endings, spacing — stays as it was. A GBK/GB18030 file is only rewritten
//! when it round-trips exactly through the decoder, and the result is decoded again and compared
//! with the intended text before anything is written; `writeback` writes it (atomically, keeping
//! permissions, owner, group and hard links); on any error the original is left untouched.
//! `--dry-run` prints a unified diff. A named file that is no report is refused
//! (`not_a_report`); file names are escaped for the terminal everywhere.

use super::input::{discover, encode, encode_body, read, Encoding};
use super::writeback::{remove_stale_temps, write_back};
use super::{say, term};
use crate::api::{check_text, fill_totals};
use crate::vocab::CheckOptions;
use crate::finding::{Edit, Locale};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Check that edits are sorted, non-overlapping, inside the text and on character boundaries.
fn validate(text: &str, edits: &[Edit]) -> Result<(), String> {
    let mut at = 0;
    for e in edits {
        let r = &e.range;
        if r.start < at || r.start > r.end || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            return Err(format!("内部错误：填写位置无效（{}..{}）/ internal error: invalid edit range", r.start, r.end));
        }
        at = r.end;
    }
    Ok(())
}

/// Apply sorted, non-overlapping edits to a text (call `validate` first).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Apply edits of the decoded `text` to the file's original `bytes`, in place of re-encoding the
/// whole text: each text offset becomes BOM length + encoded length of the text before it. The
/// bytes being replaced must be exactly the encoding of the text they stand for.
pub fn apply_to_bytes(bytes: &[u8], text: &str, enc: Encoding, edits: &[Edit]) -> Result<Vec<u8>, String> {
    validate(text, edits)?;
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut text_at = 0;
    let mut byte_at = enc.bom_len().min(bytes.len());
    out.extend_from_slice(&bytes[..byte_at]);
    let mismatch = || "内部错误：编码位置映射失败，未修改 / internal error: offsets do not map onto the file's bytes; not changed".to_string();
    for e in edits {
        let start = byte_at + encode_body(&text[text_at..e.range.start], enc)?.len();
        let old = encode_body(&text[e.range.clone()], enc)?;
        let end = start + old.len();
        if bytes.get(start..end) != Some(old.as_slice()) {
            return Err(mismatch());
        }
        out.extend_from_slice(&bytes[byte_at..start]);
        out.extend_from_slice(&encode_body(&e.new_text, enc)?);
        byte_at = end;
        text_at = e.range.end;
    }
    out.extend_from_slice(&bytes[byte_at..]);
    Ok(out)
}

/// How `fix` runs.
#[derive(Clone, Copy, Debug)]
pub struct Mode {
    /// Print a diff; write nothing.
    pub dry_run: bool,
    /// Write in place files that a rename would harm (hard links, owner) instead of refusing.
    pub force: bool,
}

/// What fixing one file did.
enum Fixed {
    /// How many cells were (or would be) filled and, for a dry run, the diff.
    Cells { cells: usize, diff: Option<String> },
    /// The text is not an annual report; nothing was written.
    NotAReport,
}

/// Fix one file.
fn fix_one(path: &Path, mode: Mode, opts: &CheckOptions) -> Result<Fixed, String> {
    // HTML pages and DOCX packages: their own splice (`fix_formats`).
    if let Some(r) = super::fix_formats::fix(path, mode, opts) {
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
    let edits = std::panic::catch_unwind(|| fill_totals(&src.text, opts))
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

fn line(p: &Path, n: usize, dry_run: bool, locale: Locale) -> String {
    let p = term::path(p);
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
pub fn run(paths: &[PathBuf], mode: Mode, locale: Locale, opts: &CheckOptions) -> i32 {
    let (inputs, errors) = discover(paths);
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
        match fix_one(&i.path, mode, opts) {
            Ok(Fixed::Cells { cells: n, diff }) => {
                if let Some(d) = diff {
                    // A closed stdout (e.g. `| head`) is not an error worth reporting.
                    let _ = stdout.write_all(d.as_bytes()).and_then(|_| stdout.flush());
                }
                if n > 0 {
                    changed += 1;
                    cells += n;
                }
                say(&line(&i.path, n, mode.dry_run, locale));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: std::ops::Range<usize>, s: &str) -> Edit {
        Edit { range, new_text: s.into() }
    }

    #[test]
    fn applies_sorted_edits() {
        let e = vec![edit(1..2, "XX"), edit(3..3, "7")];
        assert_eq!(apply("abcd", &e), "aXXc7d");
    }

    #[test]
    fn refuses_bad_edits() {
        assert!(validate("abcd", &[edit(2..3, "x"), edit(1..2, "y")]).is_err(), "unsorted");
        assert!(validate("abcd", &[edit(1..3, "x"), edit(2..3, "y")]).is_err(), "overlap");
        assert!(validate("abcd", &[edit(3..9, "x")]).is_err(), "past the end");
        assert!(validate("总计", &[edit(1..2, "x")]).is_err(), "inside a character");
    }

    /// Every encoding: the byte splice equals re-encoding the edited text, and the BOM and CRLF
    /// are kept.
    #[test]
    fn maps_offsets_onto_original_bytes() {
        let text = "二、总计\r\n合计\t0\r\n（七）总计\t\r\n结转\t3\r\n";
        let zero = text.find('0').unwrap();
        let blank = text.find("总计\t\r").unwrap() + "总计\t".len();
        let edits = vec![edit(zero..zero + 1, "11"), edit(blank..blank, "5")];
        let want = apply(text, &edits);
        for enc in [
            Encoding::Utf8 { bom: false },
            Encoding::Utf8 { bom: true },
            Encoding::Gb18030,
            Encoding::Utf16 { big_endian: false },
            Encoding::Utf16 { big_endian: true },
        ] {
            let bytes = encode(text, enc).unwrap();
            let out = apply_to_bytes(&bytes, text, enc, &edits).unwrap();
            assert_eq!(out, encode(&want, enc).unwrap(), "{enc:?}");
        }
        // GBK offsets differ from UTF-8 ones (two bytes per Chinese character, not three): the
        // first edit lands at GBK byte 15, where UTF-8 has it at 21.
        let gbk = encode(text, Encoding::Gb18030).unwrap();
        let out = apply_to_bytes(&gbk, text, Encoding::Gb18030, &edits).unwrap();
        assert_eq!((zero, gbk[15]), (21, b'0'));
        assert_eq!((&out[..15], &out[15..17]), (&gbk[..15], b"11".as_slice()));
    }

    #[test]
    fn refuses_when_bytes_do_not_match_the_text() {
        let text = "总计\t0\n";
        let mut bytes = encode(text, Encoding::Gb18030).unwrap();
        bytes[5] = b'9';
        assert!(apply_to_bytes(&bytes, text, Encoding::Gb18030, &[edit(7..8, "1")]).is_err());
    }
}
