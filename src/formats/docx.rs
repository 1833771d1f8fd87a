//! DOCX packages (being written).
use super::Rendering;

pub struct Docx {
    pub rendering: Rendering,
}

pub fn read(_bytes: &[u8]) -> Result<Docx, String> {
    Err("DOCX not yet".into())
}

pub fn write_totals(_bytes: &[u8], _doc: &Docx, _fills: &[crate::finding::Edit]) -> Result<Vec<u8>, String> {
    Err("DOCX not yet".into())
}
