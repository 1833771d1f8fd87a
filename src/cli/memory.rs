//! How a batch run asks the allocator to give freed memory back. mimalloc (the binary's
//! allocator) keeps freed memory for a second before it purges it, which spares a run of many
//! small files the system calls and page faults of handing pages back and taking them again
//! (on 10,000 small reports: a third of the run's system time). A run that reads one large
//! file frees large blocks between its phases (each part's findings once merged, each chunk
//! of output); kept for a second, they add up in the resident set (peak RSS of `check` on
//! 52 MB: 148 MB instead of 114 MB on two cores, measured when a full line table was among
//! them; line starts are now a small sample). So a run with a large file purges after 5 ms, the
//! others keep the default. Every batch run goes without transparent huge pages (see
//! `fit_to`). The language server never calls this.

use super::input::Input;

// The allocator's own C API (the `mimalloc` crate links it and does not wrap options).
extern crate mimalloc as _;
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` (the same index in mimalloc 2 and 3), in milliseconds.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// A file at least this large makes the run purge freed memory after `LARGE_RUN_PURGE_MS`.
pub const LARGE_FILE: u64 = 8 << 20;

/// How long a run with a large file keeps freed memory before handing it back, in
/// milliseconds. At 0 every free of a whole page range was a system call and its next use a
/// page fault again (1,480 `madvise` calls on 52 MB); 5 ms lets what is freed and taken again
/// in the same phase (a report's model, a chunk of output) be reused. Measured against 0 on
/// 500 MB: two cores 2.29-2.37 s instead of 2.49-2.55, peak RSS the same (778 / 868 MiB on one
/// / two cores); on 52 MB peak RSS 95 / 103 MiB instead of 91 / 100.
const LARGE_RUN_PURGE_MS: std::ffi::c_long = 5;

/// Set the run's purge policy from its inputs, before any of them is read (the option is read
/// by every thread that frees, and is set while only this one runs). A file named on the
/// command line of `LARGE_FILE` or more makes freed memory go back after
/// `LARGE_RUN_PURGE_MS`; files found in folders are not looked at (a folder of reports is many
/// small files).
pub fn fit_to(inputs: &[Input]) {
    // No transparent huge pages: mimalloc asks for them on its arenas, and each first touch
    // then clears 2 MiB however little of it is used. Without them, peak RSS of `check` on
    // 52 MB is 86 / 95 MiB on one / two cores instead of 101 / 115, and the 10,000-file
    // folder's 157 MB instead of 175-185, at the same speed (alternated runs).
    #[cfg(target_os = "linux")]
    // SAFETY: sets a flag of this process, read by the kernel at each page fault.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    if names_a_large_file(inputs) {
        // SAFETY: sets an integer option while no other thread of the run allocates.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, LARGE_RUN_PURGE_MS) };
    }
}

/// Whether a file named on the command line is `LARGE_FILE` or more (by the size discovery
/// read of it).
fn names_a_large_file(inputs: &[Input]) -> bool {
    inputs.iter().any(|i| i.explicit && i.size.is_some_and(|n| n >= LARGE_FILE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_large_file_named_on_the_command_line_counts() {
        let d = tempfile::tempdir().unwrap();
        let (big, small) = (d.path().join("big.txt"), d.path().join("small.txt"));
        std::fs::File::create(&big).unwrap().set_len(LARGE_FILE).unwrap();
        std::fs::write(&small, "x").unwrap();
        let discovered = |paths: &[&std::path::Path]| super::super::input::discover(&paths.iter().map(|p| p.to_path_buf()).collect::<Vec<_>>()).0;
        assert!(names_a_large_file(&discovered(&[&small, &big])));
        assert!(!names_a_large_file(&discovered(&[d.path()])), "found in a folder");
        assert!(names_a_large_file(&discovered(&[d.path(), &big])), "found in a folder and named too");
        assert!(!names_a_large_file(&discovered(&[&small, std::path::Path::new("-")])));
        std::fs::File::create(&big).unwrap().set_len(LARGE_FILE - 1).unwrap();
        assert!(!names_a_large_file(&discovered(&[&big])));
    }
}
