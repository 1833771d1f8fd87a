//! Output formats for `nianbao check`: human-readable code frames, JSON and SARIF. Each reads
//! the checked files and their findings; none of them decides anything.

pub mod human;
pub mod json;
pub mod sarif;

use crate::finding::Finding;
use crate::position::byte_to_cli;
use ropey::Rope;

/// One checked file, as the outputs see it.
pub struct Checked {
    /// The path as given or found (shown to the user).
    pub path: String,
    pub text: String,
    pub rope: Rope,
    pub template: Option<&'static str>,
    pub year: Option<i32>,
    pub findings: Vec<Finding>,
}

impl Checked {
    /// 1-based (line, column, end line, end column) in characters.
    pub fn lines_cols(&self, f: &Finding) -> (usize, usize, usize, usize) {
        let (l, c) = byte_to_cli(&self.rope, f.span.start);
        let (el, ec) = byte_to_cli(&self.rope, f.span.end);
        (l, c, el, ec)
    }
}
