//! Mutexes that outlive a panic: `lock` takes a mutex and, when a thread panicked while holding
//! it, recovers the guard instead of passing the panic on, so one failed analysis or handler
//! cannot take the server down. Every part of the server that holds state behind a mutex (the
//! open documents in `store`, last year's reports in `lastyear`, the publish workers) locks it
//! through here.

use std::sync::{Mutex, MutexGuard};

/// Lock, recovering from a poisoned mutex: a panic elsewhere must not take the server down.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
