//! `nianbao fix`: fill every computed 总计 cell in place. The edits are applied to the decoded
//! text and the text is encoded back in the file's own encoding (UTF-8 with or without BOM,
//! GB18030), so every byte outside the filled cells stays as it was — line endings and spacing
//! included. Writes go to a temporary file in the same folder that then replaces the original;
//! on any error the original is left untouched. `--dry-run` prints a unified diff instead.

use super::input::{discover, encode, read, Encoding};
use crate::api::{fill_totals, CheckOptions};
use crate::finding::{Edit, Locale};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Apply non-overlapping, sorted edits to a text.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for e in edits {
        if e.range.start < at || e.range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let perms = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?.permissions();
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    tmp.write_all(bytes).and_then(|_| tmp.as_file().sync_all()).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::set_permissions(tmp.path(), perms).map_err(|e| format!("{}: {e}", path.display()))?;
    tmp.persist(path).map_err(|e| format!("{}: {}", path.display(), e.error))?;
    Ok(())
}

/// Fix one file; returns how many cells were filled.
fn fix_one(path: &Path, dry_run: bool, opts: &CheckOptions) -> Result<usize, String> {
    let src = read(path)?;
    if src.encoding == Encoding::Gb18030 {
        // Only rewrite a GBK file if it round-trips exactly.
        let again = encode(&src.text, src.encoding).map_err(|e| format!("{}: {e}", path.display()))?;
        if again != src.bytes {
            return Err(format!("{}: GB18030 文本无法逐字节还原，未修改 / the file does not round-trip through GB18030; not changed", path.display()));
        }
    }
    let edits = fill_totals(&src.text, opts);
    if edits.is_empty() {
        return Ok(0);
    }
    let new_text = apply(&src.text, &edits);
    if dry_run {
        let diff = similar::TextDiff::from_lines(&src.text, &new_text);
        let name = path.display().to_string();
        print!("{}", diff.unified_diff().context_radius(2).header(&name, &name));
        return Ok(edits.len());
    }
    let bytes = encode(&new_text, src.encoding).map_err(|e| format!("{}: {e}", path.display()))?;
    write_atomically(path, &bytes)?;
    Ok(edits.len())
}

pub fn run(paths: &[PathBuf], dry_run: bool, locale: Locale, opts: &CheckOptions) -> i32 {
    let inputs = match discover(paths) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return 2;
        }
    };
    let mut failed = false;
    for i in inputs {
        match fix_one(&i.path, dry_run, opts) {
            Ok(n) => {
                let p = i.path.display();
                let line = match (locale, dry_run, n) {
                    (Locale::Zh, _, 0) => format!("{p}：无需填写"),
                    (Locale::Zh, true, n) => format!("{p}：将填写 {n} 个总计（未写入）"),
                    (Locale::Zh, false, n) => format!("{p}：已填写 {n} 个总计"),
                    (Locale::En, _, 0) => format!("{p}: nothing to fill"),
                    (Locale::En, true, n) => format!("{p}: would fill {n} total(s) (not written)"),
                    (Locale::En, false, n) => format!("{p}: filled {n} total(s)"),
                };
                eprintln!("{line}");
            }
            Err(e) => {
                failed = true;
                eprintln!("nianbao: {e}");
            }
        }
    }
    if failed {
        2
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_sorted_edits() {
        let e = vec![Edit { range: 1..2, new_text: "XX".into() }, Edit { range: 3..3, new_text: "7".into() }];
        assert_eq!(apply("abcd", &e), "aXXc7d");
    }
}
