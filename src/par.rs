//! Parallel iteration where it is available: with the `parallel` feature (the default build)
//! this is rayon's prelude; without it (the WebAssembly build, which has no threads) the same
//! method names give plain sequential iterators, so callers write `use crate::par::*;` and
//! `par_iter()` / `par_windows(n)` once for both builds.

#[cfg(feature = "parallel")]
pub use rayon::prelude::*;

/// `par_iter`, `par_iter_mut` and `par_windows` as sequential slice iterators (no `parallel`
/// feature).
#[cfg(not(feature = "parallel"))]
pub trait SequentialSlice<T> {
    fn par_iter(&self) -> std::slice::Iter<'_, T>;
    fn par_iter_mut(&mut self) -> std::slice::IterMut<'_, T>;
    fn par_windows(&self, size: usize) -> std::slice::Windows<'_, T>;
}

#[cfg(not(feature = "parallel"))]
impl<T> SequentialSlice<T> for [T] {
    fn par_iter(&self) -> std::slice::Iter<'_, T> {
        self.iter()
    }
    fn par_iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.iter_mut()
    }
    fn par_windows(&self, size: usize) -> std::slice::Windows<'_, T> {
        self.windows(size)
    }
}

/// How many threads parallel iteration runs on (1 without the `parallel` feature).
pub fn threads() -> usize {
    #[cfg(feature = "parallel")]
    return rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    1
}
