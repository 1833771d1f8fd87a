use super::*;

#[test]
fn garbage_is_refused_without_panic() {
    for b in [&b""[..], b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", b"PK\x03\x04", b"hello"] {
        assert!(read(b).is_err());
    }
}

