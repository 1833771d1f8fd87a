use super::*;

#[test]
fn not_a_pdf_is_refused() {
    assert!(read(b"hello").unwrap_err().contains("%PDF-"));
    assert!(read(b"%PDF-1.4\n garbage").is_err());
}
