//! Publishing diagnostics with an adaptive debounce. Each open document with unpublished
//! changes has one worker task. A change that came after a pause (longer than twice what the
//! last analysis cost) is analysed at once; a change that came hard on the heels of another
//! waits until no change has arrived for twice the analysis cost (at most `MAX_QUIET`). After a
//! keystroke that re-analyses in 0.1 ms the wait is next to nothing either way, so diagnostics
//! go out at once; only while edits keep coming faster than analysis are they coalesced. It then analyses on a blocking thread (inside `catch_unwind`)
//! and publishes, under the publish gate, only if no change arrived meanwhile (else it goes
//! round again: no stale result is ever sent), the document is still the same open instance
//! (generation; a closed or reopened URI gets nothing), and it has not sent the same list for
//! the same version already. The diagnostics include the cross-year findings against last
//! year's report found beside the document (`lastyear`), with related locations in that file. Every version the client sees analysed gets its publication (a
//! client may wait for the diagnostics of the version it sent), once.

use super::convert;
use super::locks::lock;
use super::store::{refresh, Entry, Shared};
use std::hash::{Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower_lsp_server::ls_types::Diagnostic;
use tower_lsp_server::Client;

/// The longest wait after a change (reached only when an analysis costs 75 ms or more).
pub const MAX_QUIET: Duration = Duration::from_millis(150);

/// How long to wait after the last change before analysing.
pub fn quiet(cost: Duration) -> Duration {
    (cost * 2).min(MAX_QUIET)
}

fn hash_of(d: &[Diagnostic]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(d).unwrap_or_default().hash(&mut h);
    h.finish()
}

/// Start the worker for `entry` (call when `Entry::touch` returned `true`).
pub fn spawn_worker(client: Client, shared: Arc<Shared>, entry: Arc<Mutex<Entry>>) {
    tokio::spawn(worker(client, shared, entry));
}

async fn worker(client: Client, shared: Arc<Shared>, entry: Arc<Mutex<Entry>>) {
    let (uri, generation) = {
        let e = lock(&entry);
        (e.uri.clone(), e.generation)
    };
    loop {
        loop {
            let wait = {
                let e = lock(&entry);
                let q = quiet(e.cost);
                if e.gap >= q {
                    Duration::ZERO
                } else {
                    q.saturating_sub(e.last_change.elapsed())
                }
            };
            if wait.is_zero() {
                break;
            }
            tokio::time::sleep(wait).await;
        }
        let enc = *lock(&shared.encoding);
        let (locale, cross_year) = {
            let s = lock(&shared.settings);
            (s.locale, s.cross_year)
        };
        let e2 = entry.clone();
        let sh = shared.clone();
        let analysed = tokio::task::spawn_blocking(move || {
            let mut e = lock(&e2);
            let started = Instant::now();
            let rev = e.rev;
            refresh(&mut e);
            let lastyear = cross_year.then_some(&sh.lastyear);
            let (diags, watch) = catch_unwind(AssertUnwindSafe(|| {
                let rope = e.doc.rope();
                // An HTML report page: its rendering is checked, ranges are in the page source.
                if super::html::is_html(&e.uri) {
                    return super::html::diagnostics(rope, &e.uri, e.doc.options(), enc, locale, lastyear);
                }
                let mut diags = e.doc.findings().iter().map(|f| convert::diagnostic(rope, &e.uri, f, enc, locale)).collect::<Vec<_>>();
                // Cross-year findings, against last year's report beside this one (a failure
                // there costs only them).
                let xy = lastyear.and_then(|l| catch_unwind(AssertUnwindSafe(|| l.check_document(&e.uri, &e.doc))).ok()).unwrap_or_default();
                diags.extend(xy.findings.iter().map(|f| convert::diagnostic_with(rope, &e.uri, f, enc, locale, &xy.files)));
                (diags, xy.watch)
            }))
            .unwrap_or_default();
            e.xy = watch;
            e.cost = started.elapsed();
            (rev, e.version, diags)
        })
        .await;
        let rev = match analysed {
            Ok((rev, version, diags)) => {
                let _gate = shared.publish_gate.lock().await;
                if !shared.is_open(&uri, generation) {
                    return;
                }
                let h = hash_of(&diags);
                let (send, changed_at) = {
                    let mut e = lock(&entry);
                    let send = e.rev == rev && e.published != Some((version, h));
                    if send {
                        e.published = Some((version, h));
                    }
                    (send, e.last_change)
                };
                if send {
                    client.publish_diagnostics(uri.clone(), diags, Some(version)).await;
                    if shared.timing {
                        eprintln!("nianbao-timing: version {version} published {} µs after its change", changed_at.elapsed().as_micros());
                    }
                }
                rev
            }
            // The blocking task itself failed (not the analysis, which is caught): the runtime
            // is going down; the next change starts a new worker.
            Err(_) => {
                lock(&entry).worker = false;
                return;
            }
        };
        let mut e = lock(&entry);
        if e.rev == rev {
            e.worker = false;
            return;
        }
    }
}
