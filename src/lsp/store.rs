//! The server's state: the open documents (each an `Entry` with its incremental `Document`, the
//! client's version, an internal revision bumped by every change, and a generation that names
//! this open instance, so that results computed for a closed or reopened document are never
//! published), the client's settings and capabilities, the cross-year state (`lastyear`), and
//! the refresh of a document's analysis that survives a panic in it.

use super::config::Settings;
use super::lastyear::{LastYear, Watch};
use super::locks::lock;
use crate::document::Document;
use crate::position::Encoding;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower_lsp_server::ls_types::Uri;

pub struct Entry {
    pub uri: Uri,
    pub doc: Document,
    /// The client's version of the text.
    pub version: i32,
    /// Which open instance of the URI this is (unique for the server's lifetime).
    pub generation: u64,
    /// Bumped by every edit and settings change; what a worker's result is checked against.
    pub rev: u64,
    /// When the last change arrived, and how long after the one before it.
    pub last_change: Instant,
    pub gap: Duration,
    /// What the last analysis cost (refresh + diagnostics), for the adaptive debounce.
    pub cost: Duration,
    /// A publish worker is running for this entry.
    pub worker: bool,
    /// Version and hash of the diagnostics last published.
    pub published: Option<(i32, u64)>,
    /// What its last cross-year result depended on (`None`: not a report with agency and
    /// year, or cross-year checks off).
    pub xy: Option<Watch>,
}

impl Entry {
    pub fn new(uri: Uri, doc: Document, version: i32, generation: u64) -> Entry {
        Entry { uri, doc, version, generation, rev: 0, last_change: Instant::now(), gap: Duration::MAX, cost: Duration::ZERO, worker: false, published: None, xy: None }
    }

    /// Record a change; `true` when the caller must start a publish worker.
    pub fn touch(&mut self) -> bool {
        self.rev += 1;
        let now = Instant::now();
        self.gap = now.duration_since(self.last_change);
        self.last_change = now;
        !std::mem::replace(&mut self.worker, true)
    }
}

#[derive(Default)]
pub struct Shared {
    pub docs: Mutex<HashMap<String, Arc<Mutex<Entry>>>>,
    pub settings: Mutex<Settings>,
    pub encoding: Mutex<Encoding>,
    /// The client answers `workspace/configuration`.
    pub pull_config: AtomicBool,
    /// The client applies `workspace/applyEdit`.
    pub apply_edit: AtomicBool,
    /// ... and creates files through it (`nianbao.newReport`).
    pub create_files: AtomicBool,
    /// The client takes `workspace/inlayHint/refresh`.
    pub inlay_refresh: AtomicBool,
    /// The client registers `workspace/didChangeWatchedFiles` dynamically.
    pub watch_files: AtomicBool,
    /// Last year's reports: readings, folder listings, workspace folders, open texts.
    pub lastyear: LastYear,
    pub shut_down: AtomicBool,
    /// `NIANBAO_LSP_TIMING` set: log each publish's delay after the last change to stderr
    /// (for `benches/lsp_latency.rs`).
    pub timing: bool,
    next_generation: AtomicU64,
    /// Held while deciding to publish and sending: a close cannot slip between the two.
    pub publish_gate: tokio::sync::Mutex<()>,
}

impl Shared {
    pub fn new(timing: bool) -> Shared {
        Shared { timing, ..Shared::default() }
    }

    pub fn new_generation(&self) -> u64 {
        self.next_generation.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub fn entry(&self, uri: &Uri) -> Option<Arc<Mutex<Entry>>> {
        lock(&self.docs).get(uri.as_str()).cloned()
    }

    /// Is `generation` still the open instance of `uri`?
    pub fn is_open(&self, uri: &Uri, generation: u64) -> bool {
        self.entry(uri).is_some_and(|e| lock(&e).generation == generation)
    }
}

/// Bring a document's analysis up to date, surviving a panic in the analysis.
pub fn refresh(e: &mut Entry) {
    if !e.doc.needs_refresh() {
        return;
    }
    if catch_unwind(AssertUnwindSafe(|| e.doc.refresh())).is_ok() {
        return;
    }
    // The incremental state may be inconsistent: start over from the text.
    let text = e.doc.rope().to_string();
    let opts = e.doc.options().clone();
    e.doc = match catch_unwind(AssertUnwindSafe(|| Document::new(&text, opts.clone()))) {
        Ok(d) => d,
        Err(_) => {
            // Keep the text, give up on analysis for this version.
            let mut d = Document::deferred(&text, opts);
            let _ = catch_unwind(AssertUnwindSafe(|| d.rebuild()));
            d
        }
    };
}
