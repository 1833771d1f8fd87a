//! How `nianbao fix` writes, running the real binary: owner and group are kept, hard links are
//! not split (refused, or written in place with `--force`), temporary files left by a killed
//! run are removed on the next, and a file that is no report is refused, not "fixed".

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn run(args: &[&str], paths: &[&Path]) -> Output {
    bin().args(args).args(paths).output().expect("run nianbao")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// 009 needs two table-4 totals filled; a copy of it in `dir`.
fn report_009(dir: &Path, name: &str) -> (PathBuf, Vec<u8>) {
    let bytes = std::fs::read(fixture("009_hongze_2023.txt")).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, &bytes).unwrap();
    (p, bytes)
}

#[cfg(unix)]
#[test]
fn hard_links_are_not_split() {
    use std::os::unix::fs::MetadataExt;
    let d = tempfile::tempdir().unwrap();
    let (p, original) = report_009(d.path(), "r.txt");
    let other = d.path().join("other-name.txt");
    std::fs::hard_link(&p, &other).unwrap();
    let out = run(&["fix", "--lang", "en"], &[&p]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("r.txt: 文件有 2 个硬链接") && stderr(&out).contains("--force writes it in place"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&p).unwrap(), original, "refused: nothing written");
    let out = run(&["fix", "--force"], &[&p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = std::fs::read(&p).unwrap();
    assert_ne!(fixed, original);
    assert_eq!(std::fs::read(&other).unwrap(), fixed, "both names see the fix");
    assert_eq!(std::fs::metadata(&p).unwrap().ino(), std::fs::metadata(&other).unwrap().ino());
    assert_eq!(std::fs::metadata(&p).unwrap().nlink(), 2);
}

/// As root (CI), a file of another user and group keeps them; otherwise a file of ours stays
/// ours, with its mode.
#[cfg(unix)]
#[test]
fn owner_group_and_mode_are_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = tempfile::tempdir().unwrap();
    let (p, original) = report_009(d.path(), "r.txt");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    let root = std::fs::metadata(&p).unwrap().uid() == 0;
    if root {
        std::os::unix::fs::chown(&p, Some(4242), Some(4343)).unwrap();
    }
    let before = std::fs::metadata(&p).unwrap();
    let out = run(&["fix"], &[&p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_ne!(std::fs::read(&p).unwrap(), original);
    let after = std::fs::metadata(&p).unwrap();
    assert_eq!((after.uid(), after.gid(), after.mode() & 0o7777), (before.uid(), before.gid(), 0o640));
    if root {
        assert_eq!((after.uid(), after.gid()), (4242, 4343));
    }
}

/// Unix: telling a dead process's file from a live one's needs `kill(pid, 0)` (elsewhere only
/// the age counts).
#[cfg(unix)]
#[test]
fn stale_temporary_files_of_ours_are_removed_on_the_next_run() {
    let d = tempfile::tempdir().unwrap();
    let (p, _) = report_009(d.path(), "r.txt");
    let file = |name: &str| {
        let f = d.path().join(name);
        std::fs::write(&f, b"half-written").unwrap();
        f
    };
    // Left by a killed run (no such process), and an older one without a process id.
    let dead = file(".nianbao-fix-2147483647-Ab12Cd");
    let old = file(".nianbao-fix-Xy34Ef");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    std::fs::File::options().write(true).open(&old).unwrap().set_modified(hour_ago).unwrap();
    // Kept: a live process's (this test's), a fresh one without a process id, anything else.
    let live = file(&format!(".nianbao-fix-{}-Gh56Ij", std::process::id()));
    let fresh = file(".nianbao-fix-Kl78Mn");
    let unrelated = file("nianbao-fix-notes.txt");
    let dry = run(&["fix", "--dry-run"], &[&p]);
    assert_eq!(dry.status.code(), Some(0));
    assert!(dead.exists(), "a dry run writes and removes nothing");
    let out = run(&["fix", "--lang", "en"], &[&p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!dead.exists() && !old.exists(), "{}", stderr(&out));
    assert!(live.exists() && fresh.exists() && unrelated.exists());
    assert!(stderr(&out).contains(".nianbao-fix-2147483647-Ab12Cd, a temporary file left by an interrupted fix"), "{}", stderr(&out));
    let left: Vec<String> = std::fs::read_dir(d.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left.iter().filter(|n| n.starts_with(".nianbao-fix-")).count(), 2, "no new temp file left: {left:?}");
}

#[test]
fn a_named_non_report_is_refused_and_left_alone() {
    let d = tempfile::tempdir().unwrap();
    let notes = d.path().join("notes.txt");
    std::fs::write(&notes, "购物清单：苹果 3 个，梨 0 个\n").unwrap();
    let out = run(&["fix", "--lang", "en"], &[&notes]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("notes.txt: not_a_report: not recognised as a government information-disclosure annual report"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&notes).unwrap(), "购物清单：苹果 3 个，梨 0 个\n".as_bytes());
    // Found in a folder, it is skipped (and counted), as `check` does.
    report_009(d.path(), "r.txt");
    let out = run(&["fix"], &[d.path()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("共填写 2 个总计单元格；0 个文件出错；跳过 1 个非报告文件"), "{}", stderr(&out));
    // A report with nothing to fill is not a non-report.
    let clean = d.path().join("clean.txt");
    std::fs::copy(fixture("000_17fa4905ce5d6912.txt"), &clean).unwrap();
    let out = run(&["fix", "--lang", "en"], &[&clean]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("clean.txt: nothing to fill"), "{}", stderr(&out));
}

/// Another user's writable file: `fix` run by a user who cannot give the file's owner to a new
/// file refuses to replace it, and with `--force` writes it in place, so the owner stays. Needs
/// root (to make the users, as on CI) and util-linux's `setpriv`.
#[cfg(unix)]
#[test]
fn another_users_file_keeps_its_owner_or_is_refused() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = tempfile::tempdir().unwrap();
    let (p, original) = report_009(d.path(), "r.txt");
    let root = std::fs::metadata(&p).unwrap().uid() == 0;
    if !root || Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("skipped: needs root and setpriv");
        return;
    }
    std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::os::unix::fs::chown(&p, Some(4242), Some(4242)).unwrap();
    let as_other = |extra: &[&str]| {
        Command::new("setpriv")
            .args(["--reuid=4243", "--regid=4243", "--clear-groups", env!("CARGO_BIN_EXE_nianbao"), "fix", "--lang", "en"])
            .args(extra)
            .arg(&p)
            .output()
            .expect("setpriv")
    };
    let out = as_other(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot keep the file's owner and group") && stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&p).unwrap(), original);
    let out = as_other(&["--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_ne!(std::fs::read(&p).unwrap(), original);
    let m = std::fs::metadata(&p).unwrap();
    assert_eq!((m.uid(), m.gid(), m.mode() & 0o777), (4242, 4242, 0o666));
}

/// `fix` leaves sentences alone; `fix --narrative` sets 010's 「受理政府信息公开申请 17 件」 to
/// table 3's 95, in a GB18030 file with CRLF line ends, changing no other byte.
#[test]
fn narrative_numbers_follow_the_tables_only_when_asked() {
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("010_hongze_2024.txt")).unwrap().replace('\n', "\r\n");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let p = d.path().join("r.txt");
    std::fs::write(&p, &bytes).unwrap();
    let out = run(&["fix"], &[&p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after_totals = std::fs::read(&p).unwrap();
    let (decoded, _, _) = encoding_rs::GB18030.decode(&after_totals);
    assert!(decoded.contains("受理政府信息公开申请 17 件"), "plain fix leaves the sentence");
    let out = run(&["fix", "--narrative", "--dry-run"], &[&p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(diff.lines().any(|l| l.starts_with('+') && l.contains("受理政府信息公开申请 95 件")), "{diff}");
    assert_eq!(std::fs::read(&p).unwrap(), after_totals, "a dry run writes nothing");
    let out = run(&["fix", "--narrative"], &[&p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("已修改 1 处（总计与正文数字）"), "{}", stderr(&out));
    let fixed = std::fs::read(&p).unwrap();
    let want = encoding_rs::GB18030.encode(&decoded.replace("受理政府信息公开申请 17 件", "受理政府信息公开申请 95 件")).0.into_owned();
    assert_eq!(fixed, want, "only the number changed; GB18030 and CRLF kept");
    let check = bin().args(["check", "--format", "json"]).arg(&p).output().unwrap();
    assert!(!String::from_utf8_lossy(&check.stdout).contains("n4_received"));
}
