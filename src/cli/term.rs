//! What reaches the terminal, decided in one place: file names shown with their control
//! characters escaped (a name holding ESC or a newline must not drive the terminal or fake an
//! output line), standard input named `<stdin>`, whether to colour (`--color`, `NO_COLOR`,
//! `TERM=dumb`), and how wide the terminal is (`COLUMNS`, the terminal's size, else 80).

use std::io::IsTerminal;
use std::path::Path;

/// The path that stands for standard input on the command line.
pub const STDIN_ARG: &str = "-";
/// How standard input is named in output.
pub const STDIN_NAME: &str = "<stdin>";

/// True for the `-` argument that means standard input.
pub fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == STDIN_ARG
}

/// Characters that would act on the terminal or reorder the text around them: C0 and C1
/// controls, DEL, and the Unicode bidirectional formatting characters.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text with every unsafe character written as an escape (`\n`, `\t`, `\r`, `\x1b`, `\u{202e}`),
/// so that it reads as one harmless line.
pub fn escape(s: &str) -> String {
    if !s.chars().any(unsafe_char) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) && (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A path as the user sees it in messages: `<stdin>` for `-`, control characters escaped.
pub fn path(p: &Path) -> String {
    if is_stdin(p) {
        STDIN_NAME.to_string()
    } else {
        escape(&p.display().to_string())
    }
}

/// `--color`: when to colour human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`.
    Auto,
    Always,
    Never,
}

/// Whether to colour, given the choice, whether stdout is a terminal, and the environment.
pub fn use_color_with(choice: ColorChoice, tty: bool, no_color: Option<&str>, term: Option<&str>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && no_color.is_none_or(str::is_empty) && term != Some("dumb"),
    }
}

/// Whether to colour standard output.
pub fn use_color(choice: ColorChoice) -> bool {
    let var = |k: &str| std::env::var_os(k).map(|v| v.to_string_lossy().into_owned());
    use_color_with(choice, std::io::stdout().is_terminal(), var("NO_COLOR").as_deref(), var("TERM").as_deref())
}

/// Narrowest width frames are fitted to, whatever the terminal says.
pub const MIN_WIDTH: usize = 40;
/// Width used when neither `COLUMNS` nor a terminal says.
pub const DEFAULT_WIDTH: usize = 80;

/// The width to fit output to: `COLUMNS` when set to a number (as `ls` does), else the width of
/// the terminal on standard output, else 80; never below 40.
pub fn width() -> usize {
    let columns = std::env::var("COLUMNS").ok().and_then(|v| v.trim().parse::<usize>().ok()).filter(|&w| w > 0);
    let tty = || std::io::stdout().is_terminal().then(|| console::Term::stdout().size_checked().map(|(_, w)| w as usize)).flatten();
    columns.or_else(tty).unwrap_or(DEFAULT_WIDTH).max(MIN_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_only() {
        assert_eq!(escape("报告.txt"), "报告.txt");
        assert_eq!(escape("a\x1b[31mb\nc\td\u{7f}"), "a\\x1b[31mb\\nc\\td\\x7f");
        assert_eq!(escape("x\u{9b}y\u{202e}z"), "x\\u{9b}y\\u{202e}z");
        assert_eq!(path(Path::new("-")), "<stdin>");
        assert_eq!(path(Path::new("dir/a\rb.txt")), "dir/a\\rb.txt");
    }

    #[test]
    fn colour_follows_choice_terminal_no_color_and_term() {
        use ColorChoice::*;
        assert!(use_color_with(Auto, true, None, Some("xterm-256color")));
        assert!(use_color_with(Auto, true, Some(""), None), "an empty NO_COLOR does not count");
        assert!(!use_color_with(Auto, false, None, None), "not a terminal");
        assert!(!use_color_with(Auto, true, Some("1"), None), "NO_COLOR");
        assert!(!use_color_with(Auto, true, None, Some("dumb")), "TERM=dumb");
        assert!(use_color_with(Always, false, Some("1"), Some("dumb")), "an explicit choice wins");
        assert!(!use_color_with(Never, true, None, None));
    }
}
