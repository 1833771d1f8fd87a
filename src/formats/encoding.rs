//! Text files' encodings: decode bytes as UTF-8 (with or without BOM), UTF-16 with a BOM, or
//! else GB18030/GBK, refusing binary and undecodable data with the line and column of the first
//! bad byte; and encode text back into the encoding it came in (for `fix`). The command line
//! (`cli::input`), HTML pages (`html::decode`) and the language server (last year's report read
//! from disk) all decode through here.

use crate::position::byte_to_cli;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8 { bom: bool },
    /// UTF-16 is only recognised by its BOM (Windows Notepad's "Unicode").
    Utf16 { big_endian: bool },
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 { bom: false } => "UTF-8",
            Encoding::Utf8 { bom: true } => "UTF-8 (BOM)",
            Encoding::Utf16 { big_endian: false } => "UTF-16LE (BOM)",
            Encoding::Utf16 { big_endian: true } => "UTF-16BE (BOM)",
            Encoding::Gb18030 => "GB18030",
        }
    }

    /// Length in bytes of the byte-order mark that precedes the text.
    pub fn bom_len(self) -> usize {
        match self {
            Encoding::Utf8 { bom: true } => 3,
            Encoding::Utf16 { .. } => 2,
            _ => 0,
        }
    }
}

/// `line:column: ` (1-based, column in characters) of the end of a decoded prefix.
fn at(prefix: &str) -> String {
    let (l, c) = byte_to_cli(&ropey::Rope::from_str(prefix), prefix.len());
    format!("{l}:{c}")
}

/// Where GB18030 decoding first fails: (decoded text before it, byte offset), or None.
fn gb18030_error(bytes: &[u8]) -> Option<(String, usize)> {
    let mut dec = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let cap = dec.max_utf8_buffer_length_without_replacement(bytes.len())?;
    let mut out = String::with_capacity(cap);
    let (r, read) = dec.decode_to_string_without_replacement(bytes, &mut out, true);
    match r {
        encoding_rs::DecoderResult::Malformed(bad, after) => Some((out, read.saturating_sub(bad as usize + after as usize))),
        _ => None,
    }
}

/// Decode bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, else GB18030. Binary or
/// undecodable data is an error that starts with the line and column of the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    let (text, enc) = decode_any(bytes)?;
    // GB18030 and UTF-16 grow when they become UTF-8; positions are 32-bit offsets.
    if text.len() > u32::MAX as usize {
        // (No line and column: the whole file is the matter.)
        return Err(format!(" 转为 UTF-8 后文本过大（{} 字节，上限 {} 字节）/ text too large once decoded to UTF-8", text.len(), u32::MAX));
    }
    Ok((text, enc))
}

fn decode_any(bytes: &[u8]) -> Result<(String, Encoding), String> {
    for (bom, big_endian, enc) in [(b"\xFF\xFE", false, encoding_rs::UTF_16LE), (b"\xFE\xFF", true, encoding_rs::UTF_16BE)] {
        if let Some(body) = bytes.strip_prefix(bom) {
            let Some(text) = enc.decode_without_bom_handling_and_without_replacement(body) else {
                return Err("文件有 UTF-16 BOM 但内容不是有效的 UTF-16 / BOM says UTF-16 but the bytes are not".to_string());
            };
            return Ok((text.into_owned(), Encoding::Utf16 { big_endian }));
        }
    }
    if let Some(i) = memchr::memchr(0, bytes) {
        let prefix = String::from_utf8_lossy(&bytes[..i]);
        return Err(format!("{}: 二进制文件（含 NUL 字节），不是文本报告 / binary file (NUL byte), not a text report", at(&prefix)));
    }
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if let Ok(s) = simdutf8::basic::from_utf8(body) {
        return Ok((s.to_string(), Encoding::Utf8 { bom }));
    }
    let utf8_err = match std::str::from_utf8(body) {
        Ok(s) => return Ok((s.to_string(), Encoding::Utf8 { bom })),
        Err(e) => e,
    };
    let good = &body[..utf8_err.valid_up_to()];
    let utf8_at = || at(std::str::from_utf8(good).unwrap_or_default());
    if bom {
        return Err(format!("{}: 文件有 UTF-8 BOM 但内容不是有效的 UTF-8 / BOM says UTF-8 but the bytes are not", utf8_at()));
    }
    match gb18030_error(bytes) {
        None => {
            let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            Ok((text.into_owned(), Encoding::Gb18030))
        }
        Some((gb_prefix, _)) => {
            // Text before the bad byte that is already non-ASCII UTF-8 means a UTF-8 file with a
            // damaged byte; otherwise name the place where GB18030 fails.
            let where_ = if good.is_ascii() { at(&gb_prefix) } else { utf8_at() };
            Err(format!("{where_}: 既不是 UTF-8 也不是 GB18030/GBK 文本 / neither UTF-8 nor GB18030/GBK text"))
        }
    }
}

/// `decode`, taking the bytes: UTF-8 (the common case) becomes the text in place, without a
/// second copy of the file in memory; anything else is decoded as `decode` does.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<(String, Encoding), String> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return decode(&bytes);
    }
    let bom = bytes.starts_with(BOM);
    if bom {
        bytes.drain(..BOM.len());
    }
    if utf8_without_nul(&bytes) {
        // SAFETY: the bytes were just validated as UTF-8.
        return Ok((unsafe { String::from_utf8_unchecked(bytes) }, Encoding::Utf8 { bom }));
    }
    if bom {
        bytes.splice(0..0, BOM.iter().copied());
    }
    decode(&bytes)
}

/// Whether `b` is UTF-8 without a NUL byte (a NUL marks UTF-16 without a BOM, or a binary
/// file). simdutf8 validates CJK text several times faster than `std::str::from_utf8` (whose
/// per-byte loop was a sixth of a whole `check`); a large text is read in pieces on every core,
/// each cut before a byte that starts a character (so each piece is valid exactly when the
/// whole is).
fn utf8_without_nul(b: &[u8]) -> bool {
    use crate::par::*;
    const PIECE: usize = 1 << 20;
    let valid = |p: &[u8]| memchr::memchr(0, p).is_none() && simdutf8::basic::from_utf8(p).is_ok();
    if b.len() < 4 * PIECE {
        return valid(b);
    }
    let mut cuts = vec![0];
    let mut at = PIECE;
    while at < b.len() {
        // Back to a byte that is not a continuation byte (at most 3 steps in valid UTF-8; an
        // invalid text may have more, and is then cut anywhere: its piece fails as the whole).
        let start = (at.saturating_sub(3)..=at).rev().find(|&i| b[i] & 0xC0 != 0x80).unwrap_or(at);
        if start > cuts[cuts.len() - 1] {
            cuts.push(start);
        }
        at += PIECE;
    }
    cuts.push(b.len());
    cuts.par_windows(2).all(|w| valid(&b[w[0]..w[1]]))
}

/// Encode text in an encoding (without BOM).
pub fn encode_body(text: &str, enc: Encoding) -> Result<Vec<u8>, String> {
    match enc {
        Encoding::Utf8 { .. } => Ok(text.as_bytes().to_vec()),
        Encoding::Utf16 { big_endian } => Ok(text
            .encode_utf16()
            .flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()),
        Encoding::Gb18030 => {
            let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
            if unmappable {
                return Err("文本含 GB18030 无法表示的字符 / text has characters GB18030 cannot encode".to_string());
            }
            Ok(bytes.into_owned())
        }
    }
}

/// Encode text back into a file's encoding, BOM included.
pub fn encode(text: &str, enc: Encoding) -> Result<Vec<u8>, String> {
    let bom: &[u8] = match enc {
        Encoding::Utf8 { bom: true } => b"\xEF\xBB\xBF",
        Encoding::Utf16 { big_endian: false } => b"\xFF\xFE",
        Encoding::Utf16 { big_endian: true } => b"\xFE\xFF",
        _ => b"",
    };
    Ok([bom, &encode_body(text, enc)?].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_text_is_validated_in_pieces_as_a_whole() {
        // Over 4 MiB of three-byte characters, so pieces are cut inside characters and moved back.
        let zh = "政府信息公开工作年度报告\n".repeat(200_000);
        assert!(zh.len() > 4 << 20 && utf8_without_nul(zh.as_bytes()));
        assert_eq!(decode_owned(zh.clone().into_bytes()).unwrap(), (zh.clone(), Encoding::Utf8 { bom: false }));
        let cut = 1 << 20;
        for at in [0, cut - 2, cut - 1, cut, cut + 1, 3 * cut, zh.len() - 1] {
            // A lone continuation byte, a NUL and a truncated character, each near a cut.
            for bad in [&[0x80u8][..], &[0], &[0xE6, 0x94]] {
                let mut b = zh.clone().into_bytes();
                b.splice(at..at, bad.iter().copied());
                assert!(!utf8_without_nul(&b), "{bad:?} at {at}");
                assert_eq!(utf8_without_nul(&b), std::str::from_utf8(&b).is_ok() && !b.contains(&0));
            }
        }
    }

    const S: &str = "2020年政府信息公开工作年度报告\r\n总计\t41\r\n";

    #[test]
    fn decode_owned_is_decode() {
        let gbk = encoding_rs::GBK.encode("第一条：总计").0.into_owned();
        let cases: [&[u8]; 8] = [b"", "\u{feff}\u{4e2d}\u{6587}\n".as_bytes(), "中文\r\n".as_bytes(), b"\xEF\xBB\xBF\xD6\xD0", &gbk, b"\xFF\xFEa\x00", b"a\x00b", b"\xEF\xBB\xBF"];
        for bytes in cases {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn decodes_each_encoding() {
        assert_eq!(decode(S.as_bytes()).unwrap(), (S.to_string(), Encoding::Utf8 { bom: false }));
        let bom = [b"\xEF\xBB\xBF".as_slice(), S.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap(), (S.to_string(), Encoding::Utf8 { bom: true }));
        let gbk = encoding_rs::GB18030.encode(S).0.into_owned();
        assert_eq!(decode(&gbk).unwrap(), (S.to_string(), Encoding::Gb18030));
        assert_eq!(encode(S, Encoding::Gb18030).unwrap(), gbk);
        assert_eq!(encode(S, Encoding::Utf8 { bom: true }).unwrap(), bom);
        for big_endian in [false, true] {
            let enc = Encoding::Utf16 { big_endian };
            let bytes = encode(S, enc).unwrap();
            assert_eq!(decode(&bytes).unwrap(), (S.to_string(), enc));
        }
    }

    #[test]
    fn crlf_survives_decoding() {
        let (t, _) = decode(&encoding_rs::GB18030.encode(S).0).unwrap();
        assert_eq!(t.matches("\r\n").count(), 2);
    }

    #[test]
    fn refuses_binary_with_a_position() {
        let e = decode(b"abc\ndef\0").unwrap_err();
        assert!(e.starts_with("2:4:"), "{e}");
        let e = decode("总计\n一二\0".as_bytes()).unwrap_err();
        assert!(e.starts_with("2:3:"), "column in characters: {e}");
    }

    #[test]
    fn undecodable_bytes_are_located() {
        // GBK text with a bad byte (0xFF is never valid in GB18030) on line 2.
        let mut gbk = encoding_rs::GB18030.encode("年度报告\n总计").0.into_owned();
        gbk.push(0xFF);
        let e = decode(&gbk).unwrap_err();
        assert!(e.starts_with("2:3:"), "{e}");
        // UTF-8 text with one damaged byte.
        let mut utf8 = "年度报告\n总计".as_bytes().to_vec();
        utf8.push(0xFF);
        utf8.extend_from_slice("完".as_bytes());
        let e = decode(&utf8).unwrap_err();
        assert!(e.starts_with("2:3:"), "{e}");
        let e = decode(b"\xEF\xBB\xBFab\xFF").unwrap_err();
        assert!(e.starts_with("1:3:") && e.contains("BOM"), "{e}");
        assert!(decode(b"\xFF\xFE\x00").is_err(), "odd UTF-16");
    }

    #[test]
    fn empty_is_text() {
        assert_eq!(decode(b"").unwrap(), (String::new(), Encoding::Utf8 { bom: false }));
    }
}
