//! The command line: `nianbao check`, `nianbao fix`, `nianbao lsp`. Parses arguments (clap)
//! and hands over to `check`, `fixcmd` or the language server; `input` reads files and
//! `output` formats results.

pub mod check;
pub mod fixcmd;
pub mod input;
pub mod output;

use crate::api::{CheckOptions, TemplateId};
use crate::finding::Locale;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Lang {
    Zh,
    En,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TemplateArg {
    Auto,
    #[value(name = "2019")]
    T2019,
    #[value(name = "2021")]
    T2021,
}

/// Check 政府信息公开工作年度报告 (government information-disclosure annual reports):
/// table totals (勾稽关系), values, sections, template and year, narrative vs tables.
#[derive(Parser, Debug)]
#[command(name = "nianbao", version, about, long_about = None)]
struct Cli {
    /// Language of messages: zh (default) or en.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    lang: Lang,
    /// Template: detect it (auto), or force the 2019 trial or 2021 revised template.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    template: TemplateArg,
    /// Switch a rule off (repeatable), e.g. --disable value_blank.
    #[arg(long = "disable", global = true, value_name = "RULE")]
    disable: Vec<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check files or folders (recursive: *.txt, *.md). Exit 0 clean, 1 errors found, 2 usage/IO error.
    Check {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: check::Format,
        /// No progress bar on stderr.
        #[arg(long)]
        no_progress: bool,
    },
    /// Fill every computed 总计 cell in place, changing nothing else; atomic writes.
    Fix {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print a unified diff instead of writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Run the language server over stdio.
    Lsp,
}

/// Run the command line; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let locale = match cli.lang {
        Lang::Zh => Locale::Zh,
        Lang::En => Locale::En,
    };
    let opts = CheckOptions {
        template: match cli.template {
            TemplateArg::Auto => None,
            TemplateArg::T2019 => Some(TemplateId::T2019),
            TemplateArg::T2021 => Some(TemplateId::T2021),
        },
        disabled_rules: cli.disable.into_iter().collect(),
    };
    match cli.command {
        Command::Check { paths, format, no_progress } => check::run(&paths, format, locale, &opts, !no_progress),
        Command::Fix { paths, dry_run } => fixcmd::run(&paths, dry_run, locale, &opts),
        Command::Lsp => crate::lsp::run_stdio(),
    }
}
