//! Input files: find the reports under the paths given (files, or folders searched
//! recursively for `*.txt`, `*.md`, `*.markdown`), read them, and decode UTF-8 (with or
//! without BOM) or GB18030/GBK. Remembers the original bytes and encoding so `fix` can write
//! back byte for byte. Refuses binary and oversized files with a clear error.

use std::path::{Path, PathBuf};

/// Files larger than this are refused rather than read.
pub const MAX_SIZE: u64 = 256 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8 { bom: bool },
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 { bom: false } => "UTF-8",
            Encoding::Utf8 { bom: true } => "UTF-8 (BOM)",
            Encoding::Gb18030 => "GB18030",
        }
    }
}

/// A decoded input file.
#[derive(Debug)]
pub struct Source {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub encoding: Encoding,
    /// The decoded text, without BOM.
    pub text: String,
}

/// A file to check and whether the user named it (rather than it being found in a folder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub explicit: bool,
}

fn wanted(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".txt") || name.ends_with(".md") || name.ends_with(".markdown")
}

fn walk(dir: &Path, out: &mut Vec<Input>) -> Result<(), String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if wanted(&p) {
            out.push(Input { path: p, explicit: false });
        }
    }
    Ok(())
}

/// Expand the command-line paths into input files, in a deterministic order.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| format!("{}: {e}", p.display()))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(Input { path: p.clone(), explicit: true });
        }
    }
    Ok(out)
}

/// Decode bytes: UTF-8 (BOM stripped), else GB18030. Binary data is an error that names the
/// line and column of the first offending byte.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    if let Some(i) = memchr::memchr(0, bytes) {
        let (l, c) = line_col(bytes, i);
        return Err(format!("{l}:{c}: 二进制文件（含 NUL 字节），不是文本报告 / binary file (NUL byte), not a text report"));
    }
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    match std::str::from_utf8(body) {
        Ok(s) => Ok((s.to_string(), Encoding::Utf8 { bom })),
        Err(utf8_err) => {
            if bom {
                let (l, c) = line_col(body, utf8_err.valid_up_to());
                return Err(format!("{l}:{c}: 文件有 UTF-8 BOM 但内容不是有效的 UTF-8 / BOM says UTF-8 but the bytes are not"));
            }
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                let (l, c) = line_col(bytes, utf8_err.valid_up_to());
                return Err(format!("{l}:{c}: 既不是 UTF-8 也不是 GB18030/GBK 文本 / neither UTF-8 nor GB18030/GBK text"));
            }
            Ok((text.into_owned(), Encoding::Gb18030))
        }
    }
}

/// 1-based line and byte column of byte `i`.
fn line_col(bytes: &[u8], i: usize) -> (usize, usize) {
    let before = &bytes[..i.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// Read and decode one file. Errors name the file.
pub fn read(path: &Path) -> Result<Source, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.len() > MAX_SIZE {
        return Err(format!("{}: 文件过大（{} 字节，上限 {} 字节）/ file too large", path.display(), meta.len(), MAX_SIZE));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (text, encoding) = decode(&bytes).map_err(|e| format!("{}:{e}", path.display()))?;
    Ok(Source { path: path.to_path_buf(), bytes, encoding, text })
}

/// Encode text back into a file's encoding.
pub fn encode(text: &str, enc: Encoding) -> Result<Vec<u8>, String> {
    match enc {
        Encoding::Utf8 { bom } => {
            let mut v = Vec::with_capacity(text.len() + 3);
            if bom {
                v.extend_from_slice(b"\xEF\xBB\xBF");
            }
            v.extend_from_slice(text.as_bytes());
            Ok(v)
        }
        Encoding::Gb18030 => {
            let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
            if unmappable {
                return Err("文本含 GB18030 无法表示的字符 / text has characters GB18030 cannot encode".to_string());
            }
            Ok(bytes.into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        let s = "2020年政府信息公开工作年度报告\r\n总计\t41";
        assert_eq!(decode(s.as_bytes()).unwrap(), (s.to_string(), Encoding::Utf8 { bom: false }));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom).unwrap(), (s.to_string(), Encoding::Utf8 { bom: true }));
        let gbk = encoding_rs::GB18030.encode(s).0.into_owned();
        assert_eq!(decode(&gbk).unwrap(), (s.to_string(), Encoding::Gb18030));
        assert_eq!(encode(s, Encoding::Gb18030).unwrap(), gbk);
        assert_eq!(encode(s, Encoding::Utf8 { bom: true }).unwrap(), bom);
    }

    #[test]
    fn refuses_binary_with_a_position() {
        let e = decode(b"abc\ndef\0").unwrap_err();
        assert!(e.starts_with("2:4:"), "{e}");
    }
}
