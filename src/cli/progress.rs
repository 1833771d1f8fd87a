//! A progress bar on standard error for runs over many files (`check`, `export`): shown only
//! on a terminal and past twenty files, advanced as each file is done on any core.

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;

/// `f` of every item, in parallel and in order, with a bar (`template`, indicatif's syntax)
/// when `show` and there are enough items on a terminal; the bar is returned, still drawn,
/// for a message about what comes next.
pub fn map<I: Sync, T: Send>(items: &[I], show: bool, template: &str, f: impl Fn(&I) -> T + Sync) -> (Vec<T>, Option<ProgressBar>) {
    let bar = (show && items.len() > 20 && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(items.len() as u64);
        if let Ok(style) = ProgressStyle::with_template(template) {
            b.set_style(style);
        }
        b
    });
    let out = items
        .par_iter()
        .map(|i| {
            let o = f(i);
            if let Some(b) = &bar {
                b.inc(1);
            }
            o
        })
        .collect();
    (out, bar)
}
