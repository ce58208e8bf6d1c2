//! Helpers for the end-to-end tests: run the real `takt` binary against a real SQLite
//! file in a temp dir.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub mod live;
pub mod pdf;
#[cfg(feature = "gui")]
pub mod window;

/// A temp dir with a config and a database path.
pub struct Plant {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub db: PathBuf,
}

impl Plant {
    pub fn new(config: &str) -> Plant {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("takt.toml");
        std::fs::write(&path, config).unwrap();
        let db = dir.path().join("takt.db");
        Plant { dir, config: path, db }
    }

    pub fn with_example() -> Plant {
        Plant::new(&std::fs::read_to_string(repo().join("examples/takt.toml")).unwrap())
    }

    /// `takt` with this plant's config and database.
    pub fn takt(&self) -> Command {
        let mut c = Command::cargo_bin("takt").unwrap();
        c.env_remove("TAKT_CONFIG").env_remove("TAKT_DB");
        c.arg("--config").arg(&self.config).arg("--db").arg(&self.db);
        c
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Imports a file and asserts it worked.
    pub fn import(&self, kind: &str, file: &Path) {
        self.takt().arg("import").arg(kind).arg(file).assert().success();
    }

    /// Runs a report and returns its CSV rows as maps from column to value.
    pub fn report(&self, args: &[&str]) -> Vec<Row> {
        let out = self.takt().arg("report").args(args).output().unwrap();
        assert!(
            out.status.success(),
            "report failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        parse_csv(&out.stdout)
    }
}

/// A CSV row by column name.
pub type Row = std::collections::BTreeMap<String, String>;

pub fn parse_csv(bytes: &[u8]) -> Vec<Row> {
    let mut r = csv::Reader::from_reader(bytes);
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The database file's bytes after a checkpoint, so everything committed is in it.
pub fn db_bytes(db: &Path) -> Vec<u8> {
    let c = rusqlite::Connection::open(db).unwrap();
    c.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    drop(c);
    std::fs::read(db).unwrap()
}

/// The Python of the test peers (`cargo xtask setup` makes it), or `TAKT_PYTHON`.
pub fn python() -> PathBuf {
    let p = std::env::var_os("TAKT_PYTHON").map_or_else(|| repo().join("target/py/bin/python"), PathBuf::from);
    assert!(
        p.exists(),
        "{} is missing: run `cargo xtask setup` (it installs pymodbus for the peer tests)",
        p.display()
    );
    p
}

/// Waits until `f` gives `Some`, checking every 100 ms, for at most `secs` seconds.
pub fn wait_for<T>(secs: u64, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(x) = f() {
            return x;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out after {secs} s waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// The independent pymodbus server, serving a register map given as JSON.
pub struct PyServer {
    child: std::process::Child,
    /// Its TCP port (`None` on RTU).
    pub port: Option<u16>,
    /// The file it logs every request's function code to.
    pub log: PathBuf,
    /// With a script: the file it logs each tick to.
    pub ticks: Option<PathBuf>,
}

impl PyServer {
    /// Starts it (over TCP, or RTU on `rtu`) and waits until it listens.
    pub fn start(dir: &Path, map: &serde_json::Value, rtu: Option<&Path>) -> PyServer {
        Self::start_with(dir, map, rtu, None)
    }

    /// Starts it over TCP with one unit scripted (see `tests/peers/pymodbus_server.py`).
    pub fn start_scripted(dir: &Path, map: &serde_json::Value, script: &serde_json::Value) -> PyServer {
        Self::start_with(dir, map, None, Some(script))
    }

    fn start_with(
        dir: &Path,
        map: &serde_json::Value,
        rtu: Option<&Path>,
        script: Option<&serde_json::Value>,
    ) -> PyServer {
        use std::io::BufRead;
        let map_path = dir.join(format!("map-{}.json", rand_suffix()));
        std::fs::write(&map_path, map.to_string()).unwrap();
        let log = dir.join(format!("functions-{}.log", rand_suffix()));
        let mut cmd = std::process::Command::new(python());
        cmd.arg(repo().join("tests/peers/pymodbus_server.py"))
            .arg("--map")
            .arg(&map_path)
            .arg("--log")
            .arg(&log);
        if let Some(port) = rtu {
            cmd.arg("--rtu").arg(port);
        }
        let ticks = script.map(|script| {
            let path = dir.join(format!("script-{}.json", rand_suffix()));
            std::fs::write(&path, script.to_string()).unwrap();
            let ticks = dir.join(format!("ticks-{}.log", rand_suffix()));
            cmd.arg("--script").arg(path).arg("--ticks").arg(&ticks);
            ticks
        });
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(
                std::fs::File::create(dir.join(format!("pymodbus-{}.err", rand_suffix())))
                    .map_or(std::process::Stdio::null(), Into::into),
            )
            .spawn()
            .expect("pymodbus server starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if !line.starts_with("READY") {
            let _ = child.wait();
            let errors: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().ends_with(".err"))
                .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                .collect();
            panic!("pymodbus server did not start: {line:?}\n{}", errors.join("\n"));
        }
        let port = line.split_whitespace().nth(1).map(|p| p.parse().unwrap());
        PyServer {
            child,
            port,
            log,
            ticks,
        }
    }

    /// With a script: each tick so far as (tick, step, the server's Unix ms).
    pub fn ticks(&self) -> Vec<(u64, usize, i64)> {
        let Some(path) = &self.ticks else {
            return Vec::new();
        };
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let mut f = l.split_whitespace().map(|x| x.parse::<i64>().ok());
                Some((f.next()?? as u64, f.next()?? as usize, f.next()??))
            })
            .collect()
    }

    /// Function codes of every request it received.
    pub fn functions(&self) -> Vec<u8> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim().parse::<u8>().ok())
            .collect()
    }
}

impl Drop for PyServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// Runs `c` (a program, not `takt` through assert_cmd), asserts that it succeeded (else
/// fails with its stderr and stdout) and returns its standard output.
pub fn stdout_of(c: &mut std::process::Command) -> String {
    let o = c.output().unwrap_or_else(|e| panic!("{c:?}: {e}"));
    assert!(
        o.status.success(),
        "{c:?}: {}\n{}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// Runs a query on the database and returns its rows as strings.
pub fn query(db: &Path, sql: &str) -> Vec<Vec<String>> {
    try_query(db, sql).unwrap_or_else(|| panic!("{}: {sql} failed", db.display()))
}

/// [`query`], or `None` while the database cannot answer it yet (not created, not migrated).
pub fn try_query(db: &Path, sql: &str) -> Option<Vec<Vec<String>>> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let mut stmt = c.prepare(sql).ok()?;
    let n = stmt.column_count();
    let rows = stmt
        .query_map([], |r| {
            Ok((0..n)
                .map(|i| match r.get_ref(i) {
                    Ok(rusqlite::types::ValueRef::Null) | Err(_) => "NULL".to_string(),
                    Ok(rusqlite::types::ValueRef::Integer(x)) => x.to_string(),
                    Ok(rusqlite::types::ValueRef::Real(x)) => x.to_string(),
                    Ok(rusqlite::types::ValueRef::Text(t)) => String::from_utf8_lossy(t).to_string(),
                    Ok(rusqlite::types::ValueRef::Blob(_)) => "<blob>".to_string(),
                })
                .collect())
        })
        .ok()?;
    rows.collect::<Result<_, _>>().ok()
}

/// Sends SIGTERM to a process.
pub fn terminate(child: &std::process::Child) {
    let status = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

/// A child process killed when the test ends, however it ends.
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
