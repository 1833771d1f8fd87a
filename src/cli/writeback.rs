//! Writing a fixed file back without losing anything the file had: the new bytes go to a
//! temporary file beside it (named `.nianbao-fix-<pid>-…`) that gets the original's permissions,
//! owner and group and then replaces it by a rename, so the file is never half-written. A rename
//! would split hard links and, when the owner or group cannot be given to the new file, change
//! them: such files are refused unless `--force`, which writes them in place instead (the same
//! file, so links and owner stay; not atomic). Temporary files left by a `fix` that was killed
//! are recognised by their name and removed on the next run. `check -o` writes its output file
//! the same way (`write_new`: temporary file beside it, then a rename). `Mode` is how `fix`
//! writes: not at all (`--dry-run`), or in place where a rename would harm (`--force`).

use super::term;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How `fix` runs.
#[derive(Clone, Copy, Debug)]
pub struct Mode {
    /// Print a diff; write nothing.
    pub dry_run: bool,
    /// Write in place files that a rename would harm (hard links, owner) instead of refusing.
    pub force: bool,
}

/// Name prefix of our temporary files.
pub const TEMP_PREFIX: &str = ".nianbao-fix-";
/// A temporary file of ours without a process id in its name is stale after this long.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Number of names the file has (hard links); 1 where the platform does not say.
fn link_count(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::nlink(meta)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

/// Give `file` the owner and group of `like` (a no-op when they are already the same, and
/// where there is no such thing).
fn keep_owner(file: &std::fs::File, like: &std::fs::Metadata) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let now = file.metadata()?;
        if (now.uid(), now.gid()) != (like.uid(), like.gid()) {
            std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid()))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (file, like);
    Ok(())
}

fn changed(shown: &str) -> String {
    format!("{shown}: 文件在修复期间被改动，未修改 / file changed while fixing; not changed")
}

/// Overwrite the file itself (same inode: hard links, owner and group stay), after checking it
/// still holds `was`. Not atomic: used only with `--force`.
fn write_in_place(real: &Path, shown: &str, was: &[u8], bytes: &[u8]) -> Result<(), String> {
    let io = |e: std::io::Error| format!("{shown}: {e}");
    let mut f = std::fs::OpenOptions::new().read(true).write(true).open(real).map_err(io)?;
    let mut now = Vec::with_capacity(was.len());
    Read::by_ref(&mut f).take(was.len() as u64 + 1).read_to_end(&mut now).map_err(io)?;
    if now != was {
        return Err(changed(shown));
    }
    f.rewind().map_err(io)?;
    f.write_all(bytes).and_then(|_| f.set_len(bytes.len() as u64)).and_then(|_| f.sync_all()).map_err(io)
}

/// Replace the file at `path` (a symlink is followed, not replaced) by `bytes`, keeping its
/// permissions, owner, group and hard links (see the module comment). Refuses read-only files
/// and files that changed since they were read (`was`).
pub fn write_back(path: &Path, was: &[u8], bytes: &[u8], force: bool) -> Result<(), String> {
    let shown = term::path(path);
    let io = |e: std::io::Error| format!("{shown}: {e}");
    let real = std::fs::canonicalize(path).map_err(io)?;
    let meta = std::fs::metadata(&real).map_err(io)?;
    let perms = meta.permissions();
    if perms.readonly() {
        return Err(format!("{shown}: 文件只读，未修改 / file is read-only; not changed"));
    }
    let links = link_count(&meta);
    if links > 1 {
        if !force {
            return Err(format!(
                "{shown}: 文件有 {links} 个硬链接，替换它会拆开这些链接，未修改（--force 就地写入）/ the file has {links} hard links, which replacing it would split; not changed (--force writes it in place)"
            ));
        }
        return write_in_place(&real, &shown, was, bytes);
    }
    let dir = real.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .tempfile_in(dir)
        .map_err(|e| format!("{}: {e}", term::path(dir)))?;
    tmp.write_all(bytes).and_then(|_| tmp.as_file().sync_all()).map_err(io)?;
    if let Err(e) = keep_owner(tmp.as_file(), &meta) {
        drop(tmp); // removes the temporary file
        if !force {
            return Err(format!(
                "{shown}: 无法保留文件的所有者和所属组（{e}），替换它会改变所有者，未修改（--force 就地写入）/ cannot keep the file's owner and group ({e}), so replacing it would change them; not changed (--force writes it in place)"
            ));
        }
        return write_in_place(&real, &shown, was, bytes);
    }
    std::fs::set_permissions(tmp.path(), perms).map_err(io)?;
    if std::fs::read(&real).map_err(io)? != was {
        return Err(changed(&shown));
    }
    tmp.persist(&real).map_err(|e| format!("{shown}: {}", e.error))?;
    Ok(())
}

/// Write `bytes` to `path` (`check -o`) through a temporary file in the same folder and a
/// rename, so a reader never sees half a file. A new file gets the usual permissions (0666 less
/// the umask); an existing one (a symlink is followed) keeps its permissions.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_new_with(path, &mut |w| w.write_all(bytes))
}

/// `write_new` of what `write` writes (streamed into the temporary file through a buffer).
pub fn write_new_with(path: &Path, write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>) -> Result<(), String> {
    let shown = term::path(path);
    let io = |e: std::io::Error| format!("{shown}: {e}");
    let (target, perms) = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(format!("{shown}: 是文件夹 / is a folder")),
        Ok(meta) => (std::fs::canonicalize(path).map_err(io)?, Some(meta.permissions())),
        Err(_) => (path.to_path_buf(), None),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(format!("{shown}: 文件夹不存在 / no such folder"));
    }
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| format!("{}: {e}", term::path(dir)))?;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
    write(&mut buffered).and_then(|_| buffered.flush()).map_err(io)?;
    drop(buffered);
    tmp.as_file().sync_all().map_err(io)?;
    if let Some(p) = perms {
        std::fs::set_permissions(tmp.path(), p).map_err(io)?;
    }
    tmp.persist(&target).map_err(|e| format!("{shown}: {}", e.error))?;
    Ok(())
}

/// Whether process `pid` runs; None where that cannot be told.
fn alive(pid: u32) -> Option<bool> {
    #[cfg(unix)]
    {
        let pid = libc::pid_t::try_from(pid).ok().filter(|&p| p > 0)?;
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let r = unsafe { libc::kill(pid, 0) };
        Some(r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM))
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        None
    }
}

/// Whether a file of ours is left over: named after a process that no longer runs, or older
/// than an hour.
fn stale(name: &str, meta: &std::fs::Metadata) -> bool {
    let Some(rest) = name.strip_prefix(TEMP_PREFIX) else { return false };
    let pid = rest.split_once('-').and_then(|(p, _)| p.parse::<u32>().ok());
    let old = meta.modified().ok().and_then(|m| SystemTime::now().duration_since(m).ok()).is_some_and(|age| age > STALE_AFTER);
    old || pid.and_then(alive) == Some(false)
}

/// Remove the stale temporary files of ours (regular files only) in `dir`; returns their paths.
/// Errors are ignored: this is tidying, not the job.
pub fn remove_stale_temps(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut removed = Vec::new();
    for e in rd.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Ok(meta) = std::fs::symlink_metadata(e.path()) else { continue };
        if meta.is_file() && stale(name, &meta) && std::fs::remove_file(e.path()).is_ok() {
            removed.push(e.path());
        }
    }
    removed.sort();
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_file_on_change_and_follows_symlinks() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.txt");
        std::fs::write(&p, b"old").unwrap();
        assert!(write_back(&p, b"other", b"new", false).is_err(), "changed since read");
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        #[cfg(unix)]
        {
            let link = d.path().join("link.txt");
            std::os::unix::fs::symlink(&p, &link).unwrap();
            write_back(&link, b"old", b"new", false).unwrap();
            assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
            assert_eq!(std::fs::read(&p).unwrap(), b"new");
        }
        let names: Vec<_> = std::fs::read_dir(d.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert!(names.iter().all(|n| !n.to_string_lossy().starts_with(TEMP_PREFIX)), "no temp file left: {names:?}");
    }

    #[test]
    fn in_place_write_truncates_and_checks_for_changes() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.txt");
        std::fs::write(&p, b"a longer old text").unwrap();
        assert!(write_in_place(&p, "r.txt", b"something else", b"x").is_err());
        write_in_place(&p, "r.txt", b"a longer old text", b"short").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"short");
    }

    #[test]
    fn only_our_dead_or_old_temp_files_are_stale() {
        let d = tempfile::tempdir().unwrap();
        let touch = |n: &str| {
            let p = d.path().join(n);
            std::fs::write(&p, b"x").unwrap();
            std::fs::metadata(p).unwrap()
        };
        assert!(!stale("notes.txt", &touch("notes.txt")));
        assert!(!stale(&format!("{TEMP_PREFIX}{}-abc", std::process::id()), &touch("live")), "a running process's");
        assert!(!stale(&format!("{TEMP_PREFIX}Ab12Cd"), &touch("fresh")), "no pid, fresh");
        #[cfg(unix)]
        assert!(stale(&format!("{TEMP_PREFIX}2147483647-abc"), &touch("dead")), "no such process");
    }
}
