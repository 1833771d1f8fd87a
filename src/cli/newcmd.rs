//! `nianbao new --from LAST [-o FILE] [--year Y] [--force]`: next year's report written from
//! last year's (`nextyear`). LAST is read like `check` reads it; the skeleton goes to FILE in
//! LAST's encoding (BOM included) when LAST is a text file, in UTF-8 otherwise (a page, a
//! word-processor file or a PDF gives a text skeleton, and says so), or to standard output
//! without -o. An existing FILE is refused unless --force.

use super::input;
use super::report_file::{load, rendered_text};
use super::{say, term};
use crate::finding::Locale;
use crate::formats::encoding::{encode, Encoding};
use crate::formats::{self, Kind};
use crate::vocab::CheckOptions;
use std::path::Path;

/// What `new` was asked for.
pub struct Settings<'a> {
    pub from: &'a Path,
    pub output: Option<&'a Path>,
    pub year: Option<i32>,
    pub force: bool,
    pub locale: Locale,
}

/// Run `nianbao new`; returns the exit code (0 written, 2 on any error).
pub fn run(s: &Settings<'_>, opts: &CheckOptions) -> i32 {
    match write(s, opts) {
        Ok(()) => 0,
        Err(e) => {
            say(&format!("nianbao: {e}"));
            2
        }
    }
}

fn write(s: &Settings<'_>, opts: &CheckOptions) -> Result<(), String> {
    let shown = term::path(s.from);
    let text_file = formats::kind(s.from) == Kind::Text;
    // A text file keeps its encoding; anything else is read into its text rendering.
    let (text, encoding) = if text_file {
        let src = input::read(s.from)?;
        (src.text, src.encoding)
    } else {
        (rendered_text(&load(s.from)?).to_string(), Encoding::Utf8 { bom: false })
    };
    let skeleton = crate::nextyear::from_text(&text, opts, s.year).map_err(|m| format!("{shown}: {}", m.get(s.locale)))?;
    let bytes = encode(&skeleton.text, encoding).map_err(|e| format!("{shown}: {e}"))?;
    match s.output {
        None => {
            use std::io::Write;
            std::io::stdout().lock().write_all(&bytes).map_err(|e| format!("<stdout>: {e}"))?;
        }
        Some(out) => {
            let out_shown = term::path(out);
            if formats::kind(out) != Kind::Text {
                return Err(match s.locale {
                    Locale::Zh => format!("{out_shown}：新报告只能写成文本文件（.txt、.md）"),
                    Locale::En => format!("{out_shown}: the new report can only be written as a text file (.txt, .md)"),
                });
            }
            if !s.force && std::fs::symlink_metadata(out).is_ok() {
                return Err(match s.locale {
                    Locale::Zh => format!("{out_shown}：文件已存在，未覆盖（要覆盖请加 --force）"),
                    Locale::En => format!("{out_shown}: the file exists and was not overwritten (--force overwrites it)"),
                });
            }
            super::writeback::write_new(out, &bytes)?;
        }
    }
    let target = s.output.map_or("<stdout>".to_string(), term::path);
    let carried = skeleton.carried.len();
    let (year, template, layout, enc) = (skeleton.year, skeleton.template.as_str(), skeleton.layout.name(), encoding.name());
    say(&match s.locale {
        Locale::Zh => format!(
            "{target}：{year} 年度报告（{template}版模板，表格布局 {layout}，{enc}），由 {shown} 结转 {carried} 个数字{}",
            if text_file { "" } else { "；上年报告不是文本文件，新报告写成文本" }
        ),
        Locale::En => format!(
            "{target}: the {year} report ({template} template, table layout {layout}, {enc}), {carried} figures carried from {shown}{}",
            if text_file { "" } else { "; last year's report is not a text file, so the new one is written as text" }
        ),
    });
    Ok(())
}
