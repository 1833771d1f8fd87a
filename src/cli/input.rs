//! Input files: find the reports under the paths given (files, or folders searched
//! recursively for `*.txt`, `*.md`, `*.markdown`, `*.html`, `*.htm`, `*.docx`, `*.doc`, `*.wps`, `*.pdf`, any letter case; hidden folders, `target` and
//! `node_modules` skipped; symlinked folders not followed; sorted), read them, and decode UTF-8
//! (with or without BOM), UTF-16 with a BOM, or else GB18030/GBK. Remembers the original bytes
//! and encoding so `fix` can write back byte for byte (decoding and encoding live in
//! `formats::encoding`, shared with the language server). Refuses binary, undecodable and oversized
//! files with an error that names the file (and, for decoding errors, the line and column).
//! Only regular files are opened (a FIFO or a device is refused before it is read, so nothing
//! hangs); `-` reads standard input.

use super::term;
pub use crate::formats::encoding::{decode, encode, encode_body, Encoding};
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are refused rather than read: every position in a checked text is
/// a 32-bit offset (`position::LineStarts`, the cross-year records), so 4 GiB less a byte.
pub const MAX_SIZE: u64 = u32::MAX as u64;

/// A decoded input file.
#[derive(Debug)]
pub struct Source {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub encoding: Encoding,
    /// The decoded text, without BOM.
    pub text: String,
}

/// A file to check and whether the user named it (rather than it being found in a folder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub explicit: bool,
    /// Its size when discovery asked for it (a file named on the command line); `None` for
    /// files found in folders and standard input.
    pub size: Option<u64>,
    /// The folder walk saw a regular file (its directory entry's type, not a symlink), so it is
    /// opened without a look at its metadata first (`read_bytes` looks before it opens).
    pub regular: bool,
}

impl Input {
    /// Read the file's bytes (`read_bytes`; a file the walk saw as regular is opened at once,
    /// one system call fewer: a folder of many small reports pays each call thousands of times).
    pub fn read_bytes(&self) -> Result<Vec<u8>, String> {
        read_path(&self.path, self.regular)
    }
}

fn wanted(name: &OsStr) -> bool {
    let ext = Path::new(name).extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(ext.as_deref(), Some("txt" | "md" | "markdown" | "html" | "htm" | "docx" | "doc" | "wps" | "pdf"))
}

fn skipped_dir(name: &OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".") || name == "target" || name == "node_modules"
}

/// Walk a folder. Symlinks to files are taken; symlinks to folders are not followed (no cycles).
/// Unreadable folders are recorded in `errors` and the walk goes on. Beside each file, its real
/// path when the walk knows it without asking the system again (a regular file's: the folder's
/// real path and its name).
fn walk(dir: &Path, out: &mut Vec<(Input, Option<PathBuf>)>, errors: &mut Vec<String>) {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => return errors.push(format!("{}: {e}", term::path(dir))),
    };
    // Each entry with its name, taken once (a sort by `file_name()` made two names a comparison).
    let mut entries = Vec::new();
    for e in rd {
        match e {
            Ok(e) => entries.push((e.file_name(), e)),
            Err(e) => errors.push(format!("{}: {e}", term::path(dir))),
        }
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let real_dir = std::fs::canonicalize(dir).ok();
    for (name, e) in entries {
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        if ft.is_dir() {
            if !skipped_dir(&name) {
                walk(&path, out, errors);
            }
        } else if wanted(&name) && !name.as_encoded_bytes().starts_with(b".") {
            // A symlink counts when it points at a regular file.
            if ft.is_file() {
                out.push((Input { path, explicit: false, size: None, regular: true }, real_dir.as_ref().map(|d| d.join(&name))));
            } else if ft.is_symlink() && path.is_file() {
                out.push((Input { path, explicit: false, size: None, regular: false }, None));
            }
        }
    }
}

/// Expand the command-line paths into input files, in a deterministic order (paths in the order
/// given; inside a folder, sorted by name). A file reached twice is listed once. Paths that
/// cannot be read are returned as errors beside the files that can.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut out: Vec<(Input, Option<PathBuf>)> = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if term::is_stdin(p) {
            out.push((Input { path: p.clone(), explicit: true, size: None, regular: false }, None));
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => errors.push(format!("{}: {e}", term::path(p))),
            Ok(m) if m.is_dir() => walk(p, &mut out, &mut errors),
            Ok(m) => out.push((Input { path: p.clone(), explicit: true, size: Some(m.len()), regular: false }, None)),
        }
    }
    // Each file's real path: known from the walk for a folder's regular files; the others
    // asked of the system (a few system calls a file, on every core).
    // Compared as their bytes: a real path has one spelling (hashing a `Path` walks its
    // components).
    let keys: Vec<std::ffi::OsString> = {
        use crate::par::*;
        out.par_iter_mut().map(|(i, real)| real.take().unwrap_or_else(|| std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())).into_os_string()).collect()
    };
    let mut seen = rustc_hash::FxHashMap::default();
    let mut unique: Vec<Input> = Vec::with_capacity(out.len());
    for ((i, _), key) in out.into_iter().zip(keys) {
        match seen.get(&key) {
            Some(&at) => {
                let first: &mut Input = &mut unique[at];
                first.explicit |= i.explicit;
                first.size = first.size.or(i.size);
                first.regular &= i.regular;
            }
            None => {
                seen.insert(key, unique.len());
                unique.push(i);
            }
        }
    }
    (unique, errors)
}

/// What a non-regular file is, in Chinese and English, for the error that refuses it.
fn kind(ft: &std::fs::FileType) -> (&'static str, &'static str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return ("命名管道", "a FIFO (named pipe)");
        }
        if ft.is_char_device() || ft.is_block_device() {
            return ("设备", "a device");
        }
        if ft.is_socket() {
            return ("套接字", "a socket");
        }
    }
    if ft.is_dir() {
        ("文件夹", "a directory")
    } else {
        ("特殊文件", "a special file")
    }
}

/// Refuse anything but a regular file, before reading it: a FIFO would block until a writer
/// comes, a device like `/dev/zero` never ends. (Symlinks are followed by `metadata`.)
pub fn regular_file(path: &Path, meta: &std::fs::Metadata) -> Result<(), String> {
    if meta.is_file() {
        return Ok(());
    }
    let (zh, en) = kind(&meta.file_type());
    Err(format!("{}: 不是普通文件而是{zh}，未读取 / not a regular file but {en}; not read", term::path(path)))
}

/// Open a file for reading without ever blocking: on unix with O_NONBLOCK, so that a file
/// swapped for a FIFO after `regular_file` looked at it opens at once (and is refused then).
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

/// Read at most `MAX_SIZE` bytes (the size in the metadata is not trusted: growth, /proc files).
fn read_bounded(mut r: impl Read, size_hint: u64, path: &Path) -> Result<Vec<u8>, String> {
    let shown = term::path(path);
    let too_large = |n: u64| format!("{shown}: 文件过大（{n} 字节，上限 {MAX_SIZE} 字节）/ file too large");
    if size_hint > MAX_SIZE {
        return Err(too_large(size_hint));
    }
    let mut bytes = Vec::new();
    if size_hint > 0 && read_sized(&mut r, size_hint as usize, &mut bytes).map_err(|e| format!("{shown}: {e}"))? {
        return Ok(bytes);
    }
    let left = (MAX_SIZE + 1).saturating_sub(bytes.len() as u64);
    r.take(left).read_to_end(&mut bytes).map_err(|e| format!("{shown}: {e}"))?;
    if bytes.len() as u64 > MAX_SIZE {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Read a file whose metadata says it holds `size` bytes into `bytes` with one call asking
/// for one byte more. When that call gives exactly `size` bytes, the file is whole (`true`):
/// a regular file's read gives all it is asked for up to the file's end, so it ended where
/// its metadata said, and no second read is needed to find the end (a folder of small
/// reports paid a second, empty read for each). Otherwise (`false`: it grew, came
/// back short, or gives its bytes a few at a time) `bytes` holds what that call read, for
/// `read_to_end` to go on from.
fn read_sized(r: &mut impl Read, size: usize, bytes: &mut Vec<u8>) -> std::io::Result<bool> {
    bytes.resize(size + 1, 0);
    let read = loop {
        match r.read(bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            other => break other,
        }
    };
    let n = *read.as_ref().unwrap_or(&0);
    bytes.truncate(n);
    read.map(|n| n == size)
}

/// Read the bytes of a path: standard input for `-`, else a regular file (anything else is
/// refused before it is opened).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    read_path(path, false)
}

/// `read_bytes`; `regular`: the path was seen to be a regular file (a folder walk's directory
/// entry), so it is opened without a look first (a file swapped for a FIFO since then still
/// opens at once, without blocking, and is refused by the look after it is opened).
fn read_path(path: &Path, regular: bool) -> Result<Vec<u8>, String> {
    if term::is_stdin(path) {
        return read_bounded(std::io::stdin().lock(), 0, path);
    }
    let io = |e: std::io::Error| format!("{}: {e}", term::path(path));
    if !regular {
        regular_file(path, &std::fs::metadata(path).map_err(io)?)?;
    }
    let file = open_nonblocking(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    regular_file(path, &meta)?;
    #[cfg(all(unix, feature = "parallel"))]
    if meta.len() >= PARALLEL_READ && meta.len() <= MAX_SIZE {
        if let Some(bytes) = read_in_pieces(&file, meta.len()) {
            return Ok(bytes);
        }
        use std::io::Seek;
        (&file).rewind().map_err(io)?;
    }
    read_bounded(file, meta.len(), path)
}

/// A regular file at least this large is read in pieces on every core.
#[cfg(all(unix, feature = "parallel"))]
const PARALLEL_READ: u64 = 4 << 20;

/// Read a regular file of `size` bytes in pieces of 1 MiB on every core (the copy out of the
/// system's cache, and the first touch of each page of the buffer, were a serial 20 ms on
/// 50 MB). `None` when the file is not `size` bytes long any more (it changed since its size
/// was read) or a read fails: then it is read again from the start, as any other file.
#[cfg(all(unix, feature = "parallel"))]
fn read_in_pieces(file: &std::fs::File, size: u64) -> Option<Vec<u8>> {
    use crate::par::*;
    use std::os::unix::fs::FileExt;
    const PIECE: usize = 1 << 20;
    let mut bytes = vec![0u8; usize::try_from(size).ok()?];
    let read = bytes.par_chunks_mut(PIECE).enumerate().all(|(k, piece)| {
        populate(piece);
        file.read_exact_at(piece, (k * PIECE) as u64).is_ok()
    });
    // Nothing after the end: the file has not grown.
    (read && matches!(file.read_at(&mut [0u8], size), Ok(0))).then_some(bytes)
}

/// Map the pages of `piece`, a part of a fresh buffer, in one system call
/// (`MADV_POPULATE_WRITE`, Linux 5.14 and later; older kernels refuse it and the pages are
/// mapped as they are first written, one page fault each).
#[cfg(all(unix, feature = "parallel"))]
fn populate(piece: &mut [u8]) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let start = piece.as_mut_ptr() as usize;
        let (from, to) = (start.next_multiple_of(PAGE), (start + piece.len()) / PAGE * PAGE);
        if from < to {
            // SAFETY: the pages lie inside `piece`, which this thread alone writes; populating
            // them changes no byte.
            unsafe { libc::madvise(from as *mut libc::c_void, to - from, libc::MADV_POPULATE_WRITE) };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = piece;
}

/// Read and decode one file (`-`: standard input). Errors name the file.
pub fn read(path: &Path) -> Result<Source, String> {
    let bytes = read_bytes(path)?;
    let (text, encoding) = decode(&bytes).map_err(|e| format!("{}:{e}", term::path(path)))?;
    Ok(Source { path: path.to_path_buf(), bytes, encoding, text })
}

/// Read and decode a text file for checking: its text only (UTF-8 decoded in place, so the
/// file is in memory once), not the bytes that `fix` needs to write it back.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = read_bytes(path)?;
    crate::formats::encoding::decode_owned(bytes).map(|(text, _)| text).map_err(|e| format!("{}:{e}", term::path(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_is_sorted_deduplicated_and_skips_what_it_should() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path();
        for f in ["b.txt", "a.MD", "c.markdown", "h.pdf", "f.doc", "g.WPS", "skip.rtf", "d.HTM", "e.docx", ".hidden.txt", "sub/z.txt", ".git/x.txt", "target/x.txt", "node_modules/x.md"] {
            let f = p.join(f);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, "x").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(p, p.join("sub/loop")).unwrap();
        let (inputs, errors) = discover(&[p.to_path_buf(), p.join("b.txt")]);
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<String> = inputs.iter().map(|i| i.path.strip_prefix(p).unwrap().display().to_string()).collect();
        assert_eq!(names, ["a.MD", "b.txt", "c.markdown", "d.HTM", "e.docx", "f.doc", "g.WPS", "h.pdf", "sub/z.txt"]);
        assert!(inputs[1].explicit, "named explicitly as well as found");
        let (inputs, errors) = discover(&[p.join("nope.txt")]);
        assert!(inputs.is_empty() && errors[0].contains("nope.txt"));
    }

    /// A reader that gives at most `step` bytes a call, from `data`.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
        calls: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.calls += 1;
            let k = self.step.min(buf.len()).min(self.data.len());
            buf[..k].copy_from_slice(&self.data[..k]);
            self.data = &self.data[k..];
            Ok(k)
        }
    }

    #[test]
    fn a_file_of_its_stated_size_is_read_in_one_call_and_any_other_is_read_whole() {
        let data: Vec<u8> = (0..5000u32).map(|i| i as u8).collect();
        let p = Path::new("r.txt");
        // As stated: one read, no second one to find the end.
        let mut r = Trickle { data: &data, step: usize::MAX, calls: 0 };
        assert_eq!(read_bounded(&mut r, 5000, p).unwrap(), data);
        assert_eq!(r.calls, 1);
        // Grown since its size was read, shrunk, read in small pieces, or of no stated size
        // (/proc): every byte, in order.
        for (stated, step) in [(4000, usize::MAX), (4000, 1), (4999, 7), (6000, usize::MAX), (6000, 3), (5000, 1), (0, 100)] {
            let mut r = Trickle { data: &data, step, calls: 0 };
            assert_eq!(read_bounded(&mut r, stated, p).unwrap(), data, "stated {stated}, step {step}");
        }
    }

    #[test]
    fn read_refuses_folders() {
        let d = tempfile::tempdir().unwrap();
        assert!(read(d.path()).is_err());
    }
}
