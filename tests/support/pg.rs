//! A throwaway PostgreSQL server for tests: `initdb` into a temporary folder and `pg_ctl start`
//! listening only on a unix socket in that folder (no TCP port, so it never meets another
//! server), trust authentication, stopped and removed on drop. Debian's `postgresql` package
//! provides the programs (`/usr/lib/postgresql/<version>/bin`, or `NIANBAO_PG_BIN`, or
//! `PATH`). PostgreSQL refuses to run as root: as root the server runs as the `postgres` user
//! (created by the package) through `runuser`.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Server {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_user: Option<String>,
    /// `postgres://nianbao@%2F…/postgres`: the socket folder as the host.
    pub url: String,
}

fn bin_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("NIANBAO_PG_BIN") {
        return Some(PathBuf::from(d));
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path().join("bin")).filter(|b| b.join("initdb").is_file()).collect();
    versions.sort_by_key(|p| p.parent().and_then(|v| v.file_name()).and_then(|v| v.to_str()).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0));
    versions.pop().or_else(|| {
        let out = Command::new("sh").args(["-c", "command -v initdb"]).output().ok()?;
        let p = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
        p.parent().map(Path::to_path_buf)
    })
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().ok().is_some_and(|o| o.stdout.starts_with(b"0\n"))
}

impl Server {
    fn run(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let exe = self.bin.join(program);
        let mut cmd = match &self.as_user {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        };
        let out = cmd.args(args).env("LC_ALL", "C").output().map_err(|e| format!("{}: {e}", exe.display()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!("{program} {args:?}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
        }
    }

    /// Start a server, or say why none could be started.
    pub fn start() -> Result<Server, String> {
        let bin = bin_dir().ok_or("no PostgreSQL programs (initdb, pg_ctl): apt-get install postgresql")?;
        let as_user = is_root().then(|| "postgres".to_string());
        let dir = tempfile::Builder::new().prefix("nianbao-pg-").tempdir().map_err(|e| e.to_string())?;
        if let Some(u) = &as_user {
            let ok = Command::new("chown").arg(u).arg(dir.path()).status().map_err(|e| e.to_string())?.success();
            if !ok {
                return Err(format!("chown {u} {}: failed (is there a `{u}` user?)", dir.path().display()));
            }
        }
        let path = dir.path().to_str().ok_or("temporary folder is not UTF-8")?.to_string();
        let url = format!("postgres://nianbao@{}/postgres", path.replace('/', "%2F"));
        let s = Server { dir, bin, as_user, url };
        let data = format!("{path}/data");
        s.run("initdb", &["-D", &data, "-U", "nianbao", "-A", "trust", "--no-sync", "-E", "UTF8"])?;
        let opts = format!("-k {path} -c listen_addresses= -c fsync=off -c full_page_writes=off");
        s.run("pg_ctl", &["-D", &data, "-o", &opts, "-l", &format!("{path}/log"), "-w", "-t", "60", "start"])?;
        Ok(s)
    }

    /// A server, or `None` with a message when none can be started outside CI; under CI
    /// (`CI` set) a server that cannot be started fails the test.
    pub fn start_or_skip(test: &str) -> Option<Server> {
        match Server::start() {
            Ok(s) => Some(s),
            Err(e) if std::env::var_os("CI").is_none() => {
                eprintln!("skipped {test}: no PostgreSQL server could be started: {e}");
                None
            }
            Err(e) => panic!("{test}: no PostgreSQL server could be started under CI: {e}"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = self.run("pg_ctl", &["-D", data.to_str().unwrap_or_default(), "-m", "immediate", "-w", "stop"]);
    }
}
