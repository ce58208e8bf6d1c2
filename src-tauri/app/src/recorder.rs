//! One recorder per database. Every process that polls machines into a database holds
//! its recorder lock: an exclusive OS file lock on `<db>.lock`, which dies with the
//! process, so a `kill -9` or a power cut leaves nothing stale to clean up. A second
//! process that would poll into the same database is refused and told who holds it.
//! Reports, import, backup and operator entries do not take it: they work beside a
//! recorder (SQLite's WAL and the import's own transaction keep them apart).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The process that records a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Its process id.
    pub pid: u32,
    /// Since when, as it wrote it (RFC 3339, local time).
    pub since: String,
    /// What it is (`takt run`, `takt demo`, the window).
    pub what: String,
    /// Where a window attaches to it (see [`crate::attach`]), once it serves that.
    pub endpoint: Option<String>,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (pid {}) since {}", self.what, self.pid, self.since)
    }
}

/// Why this process cannot record the database.
#[derive(Debug, thiserror::Error)]
pub enum RecorderError {
    /// Another process records it.
    #[error("{db} is already being recorded by {}; stop that one first (reports, import and backup work beside it)", holder.as_ref().map_or_else(|| "another Takt process".to_string(), Holder::to_string))]
    Held {
        /// The database.
        db: PathBuf,
        /// Who, when it could be read.
        holder: Option<Holder>,
    },
    /// The lock file cannot be made.
    #[error("cannot lock {path}: {source}")]
    Io {
        /// The lock file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// The lock on a database, held as long as this value lives.
#[derive(Debug)]
pub struct Recorder {
    db: PathBuf,
    info: PathBuf,
    me: Holder,
    _lock: File,
}

fn beside(db: &Path, ext: &str) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(ext);
    PathBuf::from(p)
}

impl Recorder {
    /// Takes the recorder lock of `db` for this process; `what` says who it is in the
    /// message another one gets.
    pub fn acquire(db: &Path, what: &str) -> Result<Recorder, RecorderError> {
        let lock_path = beside(db, ".lock");
        if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| RecorderError::Io {
                path: lock_path.clone(),
                source,
            })?;
        }
        let io = |source| RecorderError::Io {
            path: lock_path.clone(),
            source,
        };
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(RecorderError::Held {
                    db: db.to_path_buf(),
                    holder: Self::holder(db),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let me = Holder {
            pid: std::process::id(),
            since: chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            what: what.to_string(),
            endpoint: None,
        };
        let recorder = Recorder {
            db: db.to_path_buf(),
            // Who holds it, in a file of its own: a locked file cannot be read on Windows.
            info: beside(db, ".recorder"),
            me,
            _lock: lock,
        };
        recorder.write_info(None);
        Ok(recorder)
    }

    fn write_info(&self, endpoint: Option<&str>) {
        let me = &self.me;
        let mut text = format!("pid = {}\nsince = {}\nwhat = {}\n", me.pid, me.since, me.what);
        if let Some(e) = endpoint {
            text.push_str(&format!("endpoint = {e}\n"));
        }
        // Best effort: the lock is what counts; the file only names its holder. Written
        // beside and renamed, so a reader never sees half of it.
        let tmp = beside(&self.info, ".tmp");
        let written = File::create(&tmp).and_then(|mut f| f.write_all(text.as_bytes()));
        if written.and_then(|()| std::fs::rename(&tmp, &self.info)).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// Says where windows attach to this recorder (a socket's path, a pipe's name).
    /// `None` when it no longer serves them.
    pub fn announce(&self, endpoint: Option<&str>) {
        self.write_info(endpoint);
    }

    /// Who this recorder is, as another process reads it.
    pub fn me(&self) -> &Holder {
        &self.me
    }

    /// The path of the file beside `db` with this extension added (`.lock`, `.sock`).
    pub fn beside(db: &Path, ext: &str) -> PathBuf {
        beside(db, ext)
    }

    /// The database this lock is for.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// Whether a process records `db` now, and who (`Some(None)`: held, by a holder that
    /// did not say who); `None` when nobody does. Takes the lock for a moment to find out.
    pub fn current(db: &Path) -> Option<Option<Holder>> {
        let lock = OpenOptions::new().write(true).open(beside(db, ".lock")).ok()?;
        match lock.try_lock() {
            Err(TryLockError::WouldBlock) => Some(Self::holder(db)),
            // Free (the lock goes with the file handle), or no lock to take at all.
            _ => None,
        }
    }

    /// Who holds the lock of `db`, as it wrote it (`None` when nobody wrote it).
    pub fn holder(db: &Path) -> Option<Holder> {
        let text = std::fs::read_to_string(beside(db, ".recorder")).ok()?;
        let field = |k: &str| {
            text.lines().find_map(|l| {
                l.strip_prefix(k)?
                    .trim_start()
                    .strip_prefix('=')
                    .map(|v| v.trim().to_string())
            })
        };
        Some(Holder {
            pid: field("pid")?.parse().ok()?,
            since: field("since")?,
            what: field("what")?,
            endpoint: field("endpoint"),
        })
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        // Still ours while the lock is held; the lock itself goes with the file handle.
        let _ = std::fs::remove_file(&self.info);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_recorder_is_refused_and_told_who_holds_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("takt.db");
        let first = Recorder::acquire(&db, "takt run").unwrap();
        let e = Recorder::acquire(&db, "takt run").unwrap_err();
        let RecorderError::Held { holder: Some(h), .. } = &e else {
            panic!("{e}");
        };
        assert_eq!((h.pid, h.what.as_str()), (std::process::id(), "takt run"));
        assert!(e.to_string().contains(&format!("pid {}", std::process::id())), "{e}");
        drop(first);
        // Released with the first one: nothing stale is left to clean up.
        let again = Recorder::acquire(&db, "the window").unwrap();
        assert_eq!(Recorder::holder(&db).unwrap().what, "the window");
        drop(again);
        assert_eq!(Recorder::holder(&db), None);
    }
}
