//! Fill edits applied to a file: to its decoded text (`apply`, the text the result must decode
//! to) and to its original bytes in its own encoding (`apply_to_bytes`: each text offset
//! becomes BOM length + encoded length of the text before it, so every byte outside the edits
//! stays as it was), after checking that the edits are sorted, disjoint, inside the text and on
//! character boundaries. `fix` uses it for text files (`fixcmd`) and HTML pages (`fix_formats`).

use super::input::{encode_body, Encoding};
use crate::finding::Edit;

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
pub use crate::api::apply_edits as apply;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::input::encode;

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
