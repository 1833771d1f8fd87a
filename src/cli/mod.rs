//! The command line: `nianbao check`, `nianbao fix`, `nianbao fmt`, `nianbao compare`,
//! `nianbao export`, `nianbao dashboard`, `nianbao new`, `nianbao lsp`. Parses arguments (clap),
//! validates rule ids given to `--disable`, and hands over to `check`, `fixcmd`, `fmtcmd`, `newcmd` or the language
//! server; `input` reads files, `output` formats results and `term` decides what reaches the
//! terminal (escaped file names, colour, width). Exit codes: 0 no error findings,
//! 1 some error finding, 2 usage, I/O or decoding error.

pub mod check;
pub mod compare;
pub mod cross_year;
pub mod dashboard;
pub mod export;
pub mod fix_formats;
pub mod fixcmd;
pub mod fmtcmd;
pub mod input;
pub mod memory;
pub mod newcmd;
pub mod output;
pub mod progress;
pub mod report_file;
pub mod splice;
pub mod term;
pub mod writeback;

use crate::finding::Locale;
use crate::vocab::{CheckOptions, TemplateId};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// Print a line on stderr; a closed stderr is ignored rather than a panic (as `eprintln!` would).
pub(crate) fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

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
/// table totals (勾稽关系), values, sections, template and year, narrative vs tables, and
/// each report against the same agency's report of the year before (cross-year).
///
/// Exit status: 0 no errors found, 1 some finding is an error, 2 usage, I/O or decoding error.
#[derive(Parser, Debug)]
#[command(name = "nianbao", version)]
struct Cli {
    /// Language of messages and summaries: zh (Chinese, default) or en (English).
    #[arg(long, global = true, value_enum, default_value = "zh")]
    lang: Lang,
    /// Template: detect it from the text (auto), or force the 2019 trial template
    /// (国办公开办函〔2019〕60号) or the 2021 revised one (国办公开办函〔2021〕30号).
    #[arg(long, global = true, value_enum, default_value = "auto")]
    template: TemplateArg,
    /// Switch a rule off by its id (repeatable), e.g. --disable value_blank. An unknown id is a
    /// usage error that lists the known ones.
    #[arg(long = "disable", global = true, value_name = "RULE")]
    disable: Vec<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check reports and print findings. Exit 0 when no finding is an error, 1 when some is,
    /// 2 on usage, I/O or decoding errors.
    ///
    /// Files may be UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK text, HTML
    /// pages (charset from BOM or <meta>), Word/WPS .docx packages, Word 97–2003/WPS .doc/.wps files or
    /// PDFs with a text layer (a scan is refused). A
    /// file named on the command line that is not a report gets a `not_a_report` error; files
    /// found in folders that are not reports are skipped and counted in the summary; when no
    /// report is found at all, a warning and exit 2. Files that cannot be read are listed in
    /// JSON (`{"file","error"}`), SARIF (tool execution notifications) and the workbook's
    /// reports sheet too.
    Check {
        /// Files, or folders searched recursively for *.txt, *.md, *.markdown, *.html, *.htm,
        /// *.docx, *.doc, *.wps and *.pdf (hidden folders, target and node_modules are skipped); `-` reads standard
        /// input (named <stdin> in the output).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format: code frames and a summary (human), a JSON array with one object per
        /// file (json), SARIF 2.1.0 for code-scanning tools (sarif), a workbook for reviewers
        /// with a sheet of reports and a sheet of findings (xlsx; needs -o), or the findings
        /// sheet as CSV, UTF-8 with BOM (csv). Sheet headers follow --lang.
        #[arg(long, value_enum, default_value = "human")]
        format: check::Format,
        /// Write the output to FILE instead of standard output (through a temporary file and a
        /// rename); required for --format xlsx.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Never show the progress bar (it is otherwise shown on a terminal for more than 20 files).
        #[arg(long)]
        no_progress: bool,
        /// Colour human output: auto (when standard output is a terminal, NO_COLOR is unset or
        /// empty and TERM is not dumb), always, or never.
        #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
        color: term::ColorChoice,
        /// Print the text that is read from each file instead of checking it: for an HTML page
        /// or a DOCX package, its plain-text rendering (a line per paragraph, a line per table
        /// row with cells joined by TAB), which is what line/column of DOCX findings refer to.
        #[arg(long)]
        print_text: bool,
        /// Also summarise cross-year pairing: how many reports were paired with the same
        /// agency's report of the year before, and why the others were not. (Pairing and the
        /// cross-year rules xy_* run in every check of several reports; see README, "Cross-year
        /// checks".)
        #[arg(long)]
        cross_year: bool,
    },
    /// Fill every computed 总计 (total) cell in place, changing no other byte (with
    /// --narrative, also the narrative's numbers that disagree with the tables).
    ///
    /// Keeps the file's encoding, BOM, line endings and spacing; in an HTML page only the total
    /// cells' text changes, in a .docx each total goes into its cell's first run and every other
    /// part of the package is copied byte for byte. Writes through a temporary file and a
    /// rename, so a file is never left half-written, and keeps its permissions, owner and
    /// group. A file with several hard links, or one whose owner or group could not be kept, is
    /// refused (the rename would split the links or change the owner) unless --force is given.
    /// A file named on the command line that is not a report is refused (not_a_report); files
    /// found in folders that are not reports are skipped. Temporary files left by an
    /// interrupted fix are removed. Exit 0 when every file was handled, 2 when some could not be
    /// read, decoded or written.
    Fix {
        /// Files, or folders searched recursively like `check`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print a unified diff of what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also make the narrative follow the tables: set each number a sentence states
        /// (「收到申请95件」) to the table's figure, after the totals are filled, and fill a blank
        /// table cell that a sentence states (the code actions of `source.fixAll.nianbao.narrative`).
        /// In a .docx only table cells are written; sentences to change are listed.
        #[arg(long)]
        narrative: bool,
        /// Write files that have several hard links, or whose owner or group cannot be kept, in
        /// place (the same file, so links and owner stay; not atomic) instead of refusing them.
        #[arg(long)]
        force: bool,
    },
    /// Write every table in its file's canonical layout, in place (TAB rows; aligned pipe
    /// tables in Markdown).
    ///
    /// Text files get a row a line with cells TAB-separated; .md/.markdown files pipe tables
    /// aligned by display width (CJK characters two columns). Takes any shape the checker reads (a cell a line, TAB rows, pipes, rows padded with
    /// spaces as copied from PDF viewers, WPS or Word, one cell a line); never changes a
    /// number, a label's wording or a line outside the tables, and keeps every finding the
    /// same (a table whose rewrite would change one is left as it is, as is a table with a
    /// space-padded row that lost blank cells). Keeps the file's encoding, BOM and line
    /// endings; writes like `fix` (temporary file and rename). HTML pages, Word/WPS files and
    /// PDFs are not formatted. Exit 0 when done, 1 with --check when some file would change,
    /// 2 when some file could not be read or written.
    Fmt {
        /// Files, or folders searched recursively like `check`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write nothing: print the files that would change, exit 1 if there are any.
        #[arg(long)]
        check: bool,
        /// Write files that have several hard links, or whose owner or group cannot be kept, in
        /// place instead of refusing them (as `fix --force`).
        #[arg(long)]
        force: bool,
    },
    /// Compare two years of one agency's report: every cell of tables 2, 3 and 4 with last
    /// year's value, this year's and the change.
    ///
    /// OLD and NEW are read like `check` (text, HTML, .docx, .doc/.wps, .pdf); the first report of each is
    /// compared. A 2019-template report against a 2021 one compares only the cells that mean
    /// the same in both (table 4; table 3, （六）其他处理 only when both write it alike; the
    /// decision counts of table 2 items (五)(六)); what is left out is listed after the table
    /// (human) or under "omitted" (JSON). Blank cells stay blank; the change is given when both
    /// are numbers.
    /// Different agencies or years that do not follow each other are warned about on stderr.
    /// Exit 0, or 2 when a file cannot be read or is not a report.
    Compare {
        /// Last year's report.
        old: PathBuf,
        /// This year's report.
        new: PathBuf,
        /// Output format: an aligned table (human), JSON, or CSV (UTF-8 with BOM, for Excel/WPS).
        #[arg(long, value_enum, default_value = "human")]
        format: compare::Format,
        /// Write the output to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Export every report into a database: each cell of tables 2, 3 and 4, each finding,
    /// cross-year pairs and the inputs of the documented metrics, with views per agency-year and
    /// region-year (see README, "Export and dashboard").
    ///
    /// --db is an SQLite file (created when missing) or a PostgreSQL server
    /// (postgres://user[:password]@host/db). A file whose content changed since the last export
    /// gets a new version (the old one is kept and no longer current); an unchanged file (same
    /// content hash) is skipped, and re-paired when last year's report got a new version. A
    /// file holding several reports has a row for each. Files that cannot be read are rows with
    /// their error. Exit 0
    /// when the database was written, 2 on usage or database errors or when no report is found.
    Export {
        /// Files, or folders searched recursively like `check`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The database: an SQLite file, or postgres://… for a server.
        #[arg(long, value_name = "FILE|URL")]
        db: String,
        /// Never show the progress bar (it is otherwise shown on a terminal for more than 20 files).
        #[arg(long)]
        no_progress: bool,
    },
    /// Write an offline dashboard: one self-contained HTML page (charts by Apache ECharts,
    /// inlined; no request leaves it, it opens from file://) with a leaderboard of agencies, an
    /// agency × rule heatmap, a region × year table, an agency's trend, outliers and every
    /// finding, and a printable assessment per region (regions/<region>.html).
    ///
    /// Reads the files given (as `export` does, into a database in memory) or an export's
    /// database (--db: an SQLite file or postgres://…). The page's language follows --lang.
    /// Exit 0 when written, 2 otherwise.
    Dashboard {
        /// Files, or folders searched recursively like `check` (or --db instead).
        paths: Vec<PathBuf>,
        /// A database written by `nianbao export` (an SQLite file or postgres://…), instead of
        /// reading files.
        #[arg(long, value_name = "FILE|URL")]
        db: Option<String>,
        /// The folder to write index.html and regions/ into (created when missing).
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: PathBuf,
        /// Never show the progress bar.
        #[arg(long)]
        no_progress: bool,
    },
    /// Start next year's report from last year's: the skeleton of the year after LAST's (or of
    /// --year), in LAST's table layout, line endings and encoding.
    ///
    /// Writes the title with the new year (LAST's wording and agency), the six section
    /// headings, every table of the template the new year calls for with every label, table
    /// 3's 二、上年结转 filled per column from LAST's 四、结转下年度继续办理, table 2's stock
    /// columns (2021: 现行有效件数 as last year's; 2019: 上一年项目数量 = last year's + 本年增/减)
    /// from LAST's when the years follow each other, every other figure blank, and a
    /// 【待填写：…】 line naming what belongs in sections 一, 五 and 六. `check` reports what is
    /// still blank as t_unfilled (information). LAST may be any file `check` reads; a page, a
    /// word-processor file or a PDF gives a text skeleton (UTF-8, layout B). Exit 0 when
    /// written, 2 on errors (LAST unreadable or not a report, no year, FILE exists).
    New {
        /// Last year's report.
        #[arg(long = "from", value_name = "LAST")]
        from: PathBuf,
        /// Write the new report to FILE (.txt or .md; refused when it exists, unless --force)
        /// instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// The new report's year (default: the year after LAST's title year; needed when
        /// LAST's title names none). Figures are carried only into the year right after LAST's.
        #[arg(long, value_name = "Y")]
        year: Option<i32>,
        /// Overwrite FILE when it exists.
        #[arg(long)]
        force: bool,
    },
    /// Run the language server over stdio (for editors).
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
    let unknown: Vec<&str> = cli.disable.iter().map(String::as_str).filter(|id| crate::rules::catalog::info(id).is_none()).collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = crate::rules::catalog::RULES.iter().map(|r| r.id).collect();
        say(&format!("nianbao: 未知规则 / unknown rule: {}\n可用规则 / known rules: {}", unknown.join(", "), known.join(", ")));
        return 2;
    }
    let opts = CheckOptions {
        template: match cli.template {
            TemplateArg::Auto => None,
            TemplateArg::T2019 => Some(TemplateId::T2019),
            TemplateArg::T2021 => Some(TemplateId::T2021),
        },
        disabled_rules: cli.disable.into_iter().collect(),
    };
    match cli.command {
        Command::Check { print_text: true, paths, .. } => check::print_text(&paths),
        Command::Check { paths, format, no_progress, color, cross_year, output, .. } => {
            // `auto` colours a terminal, and a file given with -o is none.
            let color = if output.is_some() && color == term::ColorChoice::Auto { false } else { term::use_color(color) };
            check::run(&paths, check::Settings { format, locale, progress: !no_progress, color, cross_year, output }, &opts)
        }
        Command::Fix { paths, dry_run, narrative, force } => fixcmd::run(&paths, writeback::Mode { dry_run, force }, narrative, locale, &opts),
        Command::Fmt { paths, check, force } => fmtcmd::run(&paths, check, force, locale, &opts),
        Command::Compare { old, new, format, output } => compare::run(&old, &new, compare::Settings { format, locale, output }, &opts),
        Command::Export { paths, db, no_progress } => export::run(&paths, export::Settings { db, locale, progress: !no_progress }, &opts),
        Command::Dashboard { paths, db, output, no_progress } => dashboard::run(&paths, dashboard::Settings { db, out: output, locale, progress: !no_progress }, &opts),
        Command::New { from, output, year, force } => newcmd::run(&newcmd::Settings { from: &from, output: output.as_deref(), year, force, locale }, &opts),
        Command::Lsp => crate::lsp::run_stdio(),
    }
}
